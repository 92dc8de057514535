#include "encode/Encoder.h"

#include "encode/DiffPairEncode.h"
#include "encode/DualBoundSolver.h"
#include "encode/CubeBound.h"
#include "encode/CubeSolver.h"
#include "encode/ExactSolver.h"
#include "encode/FastLocalSearch.h"
#include "encode/GreedySolver.h"
#include "encode/LocalSearchSolver.h"
#include "util/Error.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>

namespace twill {

namespace {

uint64_t mixSeed(uint64_t seed, int64_t index)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * uint64_t(index + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int bitsFor(int values)
{
    int b = 0;
    while ((1 << b) < values) ++b;
    return b;
}

} // namespace

Encoder::Encoder(const Layout &layout, const EncodeOptions &options) : options_(options)
{
    if (options_.bound >= 0 && !std::isfinite(options_.bound))
        throw Error("the error bound must be a finite number of LSB");
    if (options_.maxShift < 0 || options_.maxShift > 8)
        throw Error("the shift range " + std::to_string(options_.maxShift) + " is out of range; use 0..8");
    if (options_.offsetBits < 1 || options_.offsetBits > 8)
        throw Error("offset bits " + std::to_string(options_.offsetBits) + " out of range; use 1..8");
    if (options_.threads < 1) options_.threads = 1;
    layouts_.push_back(layout);
    if (options_.rotate && layout.rotates())
        for (int r = 1; r < layout.bits(); ++r) layouts_.push_back(layout.rotated(layout.rotation() + r));
    for (const Layout &l : layouts_) models_.push_back(std::make_unique<WordModel>(l, options_.format));
    if (options_.offset) {
        const int W = layout.bits();
        const int n = 1 << options_.offsetBits;
        const int64_t span = int64_t(1) << (W / 2);
        const int64_t step = std::max<int64_t>(1, span / n);
        for (int m = 0; m < n; ++m) offsets_.push_back(m * step - span / 2);
    } else {
        offsets_.push_back(0);
    }
    if (options_.format == NumberFormat::DifferentialPair) {
        options_.validate(); // shifts, rotations, offsets and bounds are refused for pairs
        if (layout.bits() > 31)
            throw Error("a differential pair of " + std::to_string(layout.bits())
                        + "-bit words does not fit 64-bit codes; use 31 bits or fewer");
        half_ = std::make_unique<Encoder>(layout, diffPairHalfOptions(options_));
    }
}

Encoder::~Encoder() = default;

const Layout &Encoder::layoutFor(int rotation) const
{
    for (const Layout &l : layouts_)
        if (l.rotation() == rotation) return l;
    return layouts_.front();
}

int Encoder::metadataBitsPerArray() const
{
    int bits = 0;
    if (options_.rotate && layouts_.size() > 1) bits += bitsFor(int(layouts_.size()));
    if (options_.offset) bits += options_.offsetBits;
    bits += options_.shiftBits() * wordCount();
    return bits;
}

double Encoder::effectiveCapacity() const
{
    return double(wordCount()) * layout().bits() / double(cellCount() + metadataBitsPerArray());
}

int Encoder::effectiveRestarts() const
{
    return options_.effectiveRestarts(models_.front()->singleCrossings && options_.bound < 0
                                      && !(options_.shift && options_.maxShift > 0));
}

double Encoder::autoThreshold() const
{
    if (layout().directionCount() != 2 || !layout().rotates()) return -1;
    return double(int64_t(1) << (layout().bits() / 2 - 1));
}

void Encoder::checkTargets(const int64_t *targets, int64_t arrayIndex) const
{
    const int W = layout().bits();
    const int64_t lo = codeMin(options_.format, W), hi = codeMax(options_.format, W);
    for (int w = 0; w < wordCount(); ++w)
        if (targets[w] < lo || targets[w] > hi)
            throw Error("array " + std::to_string(arrayIndex) + ", word " + std::to_string(w) + ": target "
                        + std::to_string(targets[w]) + " is outside the " + std::to_string(W) + "-bit "
                        + formatName(options_.format) + " range " + std::to_string(lo) + ".." + std::to_string(hi)
                        + "; check --bits and --format");
}

ArrayProblem Encoder::makeProblem(int r, const int64_t *targets, int64_t offset, const double *importance,
                                  const int8_t *pins) const
{
    const WordModel &m = *models_[r];
    ArrayProblem p;
    p.model = &m;
    p.objective = options_.objective;
    p.bound = options_.bound;
    p.target.resize(m.nWords);
    for (int w = 0; w < m.nWords; ++w) p.target[w] = targets[w] - offset;
    if (importance || options_.objective == Objective::Relative) {
        p.weight.assign(m.nWords, 1.0);
        for (int w = 0; w < m.nWords; ++w) {
            if (importance) p.weight[w] = importance[w];
            if (options_.objective == Objective::Relative) {
                const double v = std::max<double>(1.0, std::fabs(double(targets[w])));
                p.weight[w] /= v * v;
            }
        }
    }
    p.shift.assign(m.nWords, 0);
    if (pins) p.pin.assign(pins, pins + m.nCells);
    else p.pin.assign(m.nCells, -1);
    return p;
}

ArrayResult Encoder::encodeArray(const int64_t *targets, const double *importance, const int8_t *pins,
                                 int64_t arrayIndex, const JobControl *control) const
{
    checkTargets(targets, arrayIndex);
    if (importance)
        for (int w = 0; w < wordCount(); ++w)
            if (!(importance[w] >= 0) || !std::isfinite(importance[w]))
                throw Error("array " + std::to_string(arrayIndex) + ", word " + std::to_string(w)
                            + ": importance weight is negative or not a number; weights must be finite and >= 0");
    if (half_) return encodeDiffPair(*half_, options_.objective, targets, importance, pins, arrayIndex, control);
    const uint64_t seed = mixSeed(options_.seed, arrayIndex);
    const bool searchShift = options_.shift && options_.maxShift > 0;

    // Per-array degrees of freedom: pick rotation and offset by a quick encode of each.
    size_t bestR = 0, bestO = 0;
    if (layouts_.size() * offsets_.size() > 1) {
        Cost best;
        bool first = true;
        for (size_t r = 0; r < layouts_.size(); ++r)
            for (size_t o = 0; o < offsets_.size(); ++o) {
                ArrayProblem p = makeProblem(int(r), targets, offsets_[o], importance, pins);
                Assignment a;
                greedyEncode(p, a);
                Cost c;
                if (!searchShift && FastLocalSearch::applies(p)) {
                    FastLocalSearch f(p);
                    f.load(a);
                    c.secondary = f.descend();
                } else {
                    LocalSearchSolver ls(p, searchShift, options_.maxShift);
                    c = ls.descend(p, a);
                }
                if (first || c < best) {
                    best = c;
                    bestR = r;
                    bestO = o;
                    first = false;
                }
            }
    }

    ArrayProblem p = makeProblem(int(bestR), targets, offsets_[bestO], importance, pins);
    const WordModel &m = *models_[bestR];
    Assignment a;
    greedyEncode(p, a);
    // The general local search only when it is needed (its set-up is not free).
    std::optional<LocalSearchSolver> general;
    auto ls = [&]() -> LocalSearchSolver & {
        if (!general) general.emplace(p, searchShift, options_.maxShift);
        return *general;
    };
    ExactSolver exact(p);
    ExactSolver::Limits limits;
    limits.nodeLimit = options_.effectiveNodeLimit();
    limits.timeLimit = options_.timeLimit;
    limits.control = control;

    // Sums of squares on layouts where words cross once: the fast local search (exact best
    // responses over each word's nearest codes, pair kicks); otherwise the general one.
    const bool fast = !searchShift && FastLocalSearch::applies(p);
    // The local search with so many restarts: the fast one where the words cross once.
    auto searchWith = [&](int restarts) {
        if (fast) {
            FastLocalSearch f(p);
            f.load(a);
            f.run(restarts, seed);
            f.store(a);
        } else {
            ls().run(p, a, restarts, seed);
        }
    };
    auto localSearch = [&]() { searchWith(options_.effectiveRestarts(fast)); };

    ArrayResult res;
    const bool isMax = options_.objective == Objective::Max;
    // Sums of squares on 2D layouts with words of up to 12 bits: the dual-bound branch and
    // bound proves the optimum at a fraction of the plain search's cost. Its incumbent is a
    // descent (or as many restarts as asked for); shifts stay as the local search left them.
    const bool dual = !isMax && DualBoundSolver::applies(p);
    auto dualSearch = [&]() {
        searchWith(options_.restarts >= 0 ? options_.restarts : 0);
        DualBoundSolver d(p);
        const ExactOutcome o = d.solve(a, limits);
        res.nodes = o.nodes;
        res.certified = o.complete;
        res.lowerBound = o.lowerBound;
    };
    // Stacks read along three directions have their own auto search (CubeSolver); with
    // per-word shifts the local search, which chooses them, stays in charge.
    const bool cube = options_.solver == SolverKind::Auto && m.K == 3 && !searchShift;
    switch (options_.solver) {
    case SolverKind::Greedy: break;
    case SolverKind::Local: localSearch(); break;
    case SolverKind::Exact: {
        if (dual) {
            dualSearch();
            break;
        }
        // A good incumbent prunes most: iterated local search for sums; for the max, the
        // search itself tightens fast, so a descent is enough.
        if (isMax) ls().descend(p, a);
        else localSearch();
        const ExactOutcome o = exact.solve(a, limits);
        res.nodes = o.nodes;
        res.certified = o.complete;
        res.lowerBound = o.lowerBound;
        break;
    }
    case SolverKind::Auto: {
        const double theta = autoThreshold();
        if (cube) {
            const CubeOutcome o = CubeSolver(p).solve(a, seed, control);
            res.certified = o.certified;
            res.lowerBound = o.lowerBound;
            res.infeasibleCertified = o.infeasibleCertified;
        } else if (isMax && theta >= 0) {
            // The decision pass prunes at the threshold, not at the incumbent, so the greedy
            // start is enough. Propagation at the threshold (CubeBound) comes first: the cells
            // that every encoding within it must have are pinned for the pass, or no such
            // encoding exists.
            CubeBound within(p);
            auto decide = [&](double t, int64_t nodes) {
                ExactOutcome o;
                if (!within.feasibleAt(t)) {
                    o.complete = true; // proven: nothing at or below t
                    return o;
                }
                ArrayProblem q = p;
                const std::vector<int8_t> &forced = within.forced();
                for (int c = 0; c < m.nCells; ++c)
                    if (forced[c] >= 0) q.pin[c] = forced[c];
                ExactSolver::Limits lim = limits;
                lim.nodeLimit = nodes;
                return ExactSolver(q).solve(a, lim, t);
            };
            const ExactOutcome d = decide(theta, limits.nodeLimit);
            res.nodes = d.nodes;
            const bool integral = !p.weighted(); // integer errors: the next threshold is one LSB away
            auto stepNodes = [&]() { return std::min<int64_t>(kDecisionStepNodes, limits.nodeLimit - res.nodes); };
            if (exact.key(a) <= theta) {
                // Met (by the pass or already by greedy): one LSB lower at a time while the
                // nodes last; a threshold proven empty certifies the encoding.
                for (int step = 0; integral && step < kMaxDecisionSteps; ++step) {
                    const double k = exact.key(a);
                    if (k >= 1 && stepNodes() <= 0) break;
                    // No error at all, or nothing one LSB lower: optimal.
                    ExactOutcome o;
                    o.complete = k < 1;
                    if (k >= 1) o = decide(k - 1, stepNodes());
                    res.nodes += o.nodes;
                    if (o.improved) continue;
                    if (o.complete) {
                        res.certified = true;
                        res.lowerBound = k;
                    }
                    break;
                }
            } else {
                // Nothing at or below the threshold was found: descend from the greedy start.
                ls().descend(p, a);
                if (d.complete && integral) {
                    // Proven: the optimum is above the threshold. From the propagation's lower
                    // bound up, one LSB at a time: the first threshold met is the optimum.
                    double proven = std::max(theta + 1, within.lowerBound(exact.key(a)));
                    for (int step = 0; step < kMaxDecisionSteps && proven < exact.key(a) && stepNodes() > 0; ++step) {
                        const ExactOutcome o = decide(proven, stepNodes());
                        res.nodes += o.nodes;
                        if (o.improved) proven = exact.key(a); // met at a proven bound: optimal
                        else if (o.complete) proven += 1;
                        else break;
                    }
                    res.lowerBound = proven;
                    res.certified = exact.key(a) <= proven;
                } else if (d.complete && d.nodes < limits.nodeLimit) {
                    // Weighted: the full search with what is left of the node budget.
                    ExactSolver::Limits rest = limits;
                    rest.nodeLimit = limits.nodeLimit - d.nodes;
                    const ExactOutcome o = exact.solve(a, rest);
                    res.nodes += o.nodes;
                    res.certified = o.complete;
                    res.lowerBound = o.complete ? o.lowerBound : std::max(d.lowerBound, o.lowerBound);
                } else if (d.complete) {
                    res.lowerBound = d.lowerBound;
                }
            }
        } else if (dual) {
            // Within the node budget the optimum, certified; past it the best found.
            dualSearch();
        } else {
            localSearch();
        }
        break;
    }
    }

    // An l2/rel objective under a hard bound: when the search ended outside the bound, look
    // for any encoding inside it (a minimax decision search), then descend from there.
    if (!isMax && !cube && options_.bound >= 0 && !exact.feasible(a)) {
        ArrayProblem q = p;
        q.objective = Objective::Max;
        q.weight.clear();
        q.bound = -1;
        ExactSolver decide(q);
        Assignment b = a;
        const ExactOutcome d = decide.solve(b, limits, options_.bound);
        res.nodes += d.nodes;
        if (exact.feasible(b)) {
            a = b;
            ls().descend(p, a);
        } else if (d.complete) {
            res.infeasibleCertified = true;
        }
    }

    // Minimax on a stack with the other searches: their bound is the propagation's when it
    // proves more (greedy stays a quick look; with shifts chosen per word it would not hold).
    if (m.K == 3 && isMax && !cube && !searchShift && !res.certified && options_.solver != SolverKind::Greedy) {
        CubeBound bound(p);
        const double key = exact.key(a);
        res.lowerBound = std::max(res.lowerBound, bound.lowerBound(key));
        res.certified = res.lowerBound >= key;
    }

    res.bits = a.bits;
    res.shift = p.shift;
    res.rotation = layouts_[bestR].rotation();
    res.offset = offsets_[bestO];
    res.decoded.resize(m.nWords);
    for (int w = 0; w < m.nWords; ++w) res.decoded[w] = m.value(a.wordBits[w], p.shift[w]) + res.offset;
    res.objectiveKey = exact.key(a);
    res.feasible = exact.feasible(a);
    if (!res.feasible && isMax && res.certified) res.infeasibleCertified = true;
    if (!res.certified) res.lowerBound = std::min(res.lowerBound, res.objectiveKey);
    else res.lowerBound = res.feasible ? res.objectiveKey : res.lowerBound;
    return res;
}

void Encoder::applyStuck(const int64_t *targets, const double *importance, const int8_t *stuck, ArrayResult &r) const
{
    if (half_) throw Error("stuck-at faults are not modelled for differential pairs yet; drop the faults or use another format");
    size_t rot = 0;
    while (rot + 1 < layouts_.size() && layouts_[rot].rotation() != r.rotation) ++rot;
    ArrayProblem p = makeProblem(int(rot), targets, r.offset, importance, nullptr);
    const WordModel &m = *models_[rot];
    p.shift = r.shift;
    bool changed = false;
    for (int c = 0; c < m.nCells; ++c)
        if (stuck[c] >= 0 && r.bits[size_t(c)] != uint8_t(stuck[c])) {
            r.bits[size_t(c)] = uint8_t(stuck[c]);
            changed = true;
        }
    if (!changed) return;
    Assignment a;
    a.reset(m, r.bits);
    const ExactSolver score(p);
    for (int w = 0; w < m.nWords; ++w) r.decoded[size_t(w)] = m.value(a.wordBits[w], p.shift[w]) + r.offset;
    r.objectiveKey = score.key(a);
    r.feasible = score.feasible(a);
    // The healthy array's bound still holds (stuck cells only take choices away); it
    // certifies the stored bits only where they lost nothing.
    r.certified = r.lowerBound >= r.objectiveKey;
    r.infeasibleCertified = r.infeasibleCertified && !r.feasible;
}

std::vector<ArrayResult> Encoder::encodeMany(const std::vector<int64_t> &targets,
                                             const std::vector<double> &importance,
                                             const std::vector<int8_t> &pins, JobControl *control,
                                             int64_t firstIndex) const
{
    const int nw = wordCount(), nc = cellCount();
    if (targets.size() % size_t(nw) != 0)
        throw Error("got " + std::to_string(targets.size()) + " targets, not a whole number of arrays of "
                    + std::to_string(nw) + " words");
    const int64_t arrays = int64_t(targets.size() / nw);
    if (!importance.empty() && importance.size() != targets.size())
        throw Error("importance weights: " + std::to_string(importance.size()) + " values for "
                    + std::to_string(targets.size()) + " words");
    if (!pins.empty() && pins.size() != size_t(arrays) * nc)
        throw Error("pins: " + std::to_string(pins.size()) + " values for " + std::to_string(arrays * nc) + " cells");
    for (int64_t i = 0; i < arrays; ++i) checkTargets(targets.data() + i * nw, firstIndex + i);

    std::vector<ArrayResult> results(arrays);
    std::atomic<int64_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::string failure;
    std::mutex mutex;
    auto worker = [&]() {
        while (!failed.load()) {
            if (control && control->cancelled()) return;
            const int64_t i = next.fetch_add(1);
            if (i >= arrays) return;
            try {
                results[i] = encodeArray(targets.data() + i * nw, importance.empty() ? nullptr : importance.data() + i * nw,
                                         pins.empty() ? nullptr : pins.data() + i * nc, firstIndex + i, control);
            } catch (const std::exception &e) {
                std::lock_guard<std::mutex> lock(mutex);
                failure = e.what();
                failed = true;
                return;
            }
            const int64_t d = ++done;
            if (control && (d % 16 == 0 || d == arrays)) {
                std::lock_guard<std::mutex> lock(mutex);
                control->report(double(d) / double(arrays),
                                "encoded " + std::to_string(d) + " of " + std::to_string(arrays) + " arrays");
            }
        }
    };
    const int threads = int(std::min<int64_t>(options_.threads, std::max<int64_t>(1, arrays)));
    if (threads <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
        for (auto &t : pool) t.join();
    }
    if (failed) throw Error(failure);
    if (control && control->cancelled()) {
        // Keep the finished prefix only: the rest was not encoded.
        int64_t prefix = 0;
        while (prefix < arrays && !results[prefix].bits.empty()) ++prefix;
        results.resize(prefix);
    }
    return results;
}

} // namespace twill
