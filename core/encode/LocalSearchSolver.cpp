#include "encode/LocalSearchSolver.h"
#include "util/SplitMix.h"

#include <algorithm>
#include <cmath>

namespace twill {

namespace {

// c beats best by more than a relative 1e-9: near-ties (weights spanning many orders of
// magnitude, as with the relative objective) are not worth an exponential search.
bool clearlyBetter(const Cost &c, const Cost &best)
{
    const double tp = 1e-9 * std::fabs(best.primary), ts = 1e-9 * std::fabs(best.secondary);
    if (c.primary < best.primary - tp) return true;
    if (c.primary > best.primary + tp) return false;
    return c.secondary < best.secondary - ts;
}

Cost combine(const Cost &a, const Cost &b)
{
    return Cost{std::max(a.primary, b.primary), a.secondary + b.secondary};
}

} // namespace

LocalSearchSolver::LocalSearchSolver(const ArrayProblem &p, bool searchShift, int maxShift)
    : m_(*p.model), searchShift_(searchShift), maxShift_(maxShift)
{
    const int W = m_.W;
    g_[0].resize(W);
    g_[1].resize(W);
    pinned_.resize(W);
    pinValue_.resize(W);
    sufMaxPrimary_.resize(W + 1);
    sufSumSecondary_.resize(W + 1);
}

bool LocalSearchSolver::bestResponse(ArrayProblem &p, Assignment &a, int word)
{
    const int W = m_.W, K = m_.K;
    cur_ = &p;
    word_ = word;
    pinnedBits_ = pinnedMask_ = 0;
    // Costs of the crossing words for either value of each of this word's cells.
    for (int s = 0; s < W; ++s) {
        const int c = m_.wordCell[size_t(word) * W + s];
        pinned_[s] = p.pin[c] >= 0;
        if (pinned_[s]) {
            pinnedMask_ |= uint64_t(1) << s;
            if (p.pin[c]) pinnedBits_ |= uint64_t(1) << s;
        }
        for (int b = 0; b < 2; ++b) {
            Cost g;
            for (int k = 0; k < K; ++k) {
                const int u = m_.cellWord[size_t(c) * K + k];
                if (u == word) continue;
                const uint64_t bit = uint64_t(1) << m_.cellSig[size_t(c) * K + k];
                const uint64_t ub = b ? (a.wordBits[u] | bit) : (a.wordBits[u] & ~bit);
                addWordCost(p, u, double(m_.value(ub, p.shift[u]) - p.target[u]), g);
            }
            g_[b][s] = g;
        }
        if (pinned_[s]) g_[1 - p.pin[c]][s] = Cost{1e300, 1e300};
    }
    // Suffix bounds over significances below s.
    sufMaxPrimary_[0] = 0;
    sufSumSecondary_[0] = 0;
    for (int s = 0; s < W; ++s) {
        sufMaxPrimary_[s + 1] = std::max(sufMaxPrimary_[s], std::min(g_[0][s].primary, g_[1][s].primary));
        sufSumSecondary_[s + 1] = sufSumSecondary_[s] + std::min(g_[0][s].secondary, g_[1][s].secondary);
    }
    // Current cost of the touched words.
    const uint64_t curBits = a.wordBits[word];
    const int curShift = p.shift[word];
    Cost current;
    for (int s = 0; s < W; ++s) current = combine(current, g_[(curBits >> s) & 1][s]);
    addWordCost(p, word, double(m_.value(curBits, curShift) - p.target[word]), current);

    best_ = current;
    found_ = false;
    const int lowShift = searchShift_ ? 0 : curShift;
    const int highShift = searchShift_ ? std::max(maxShift_, curShift) : curShift;
    for (int sh = lowShift; sh <= highShift; ++sh) {
        shift_ = sh;
        search(W - 1, 0, Cost{});
    }
    if (!found_) return false;
    // Apply: flip the cells that differ.
    const uint64_t diff = bestBits_ ^ curBits;
    for (int s = 0; s < W; ++s)
        if ((diff >> s) & 1) a.flip(m_, m_.wordCell[size_t(word) * W + s]);
    p.shift[word] = int8_t(bestShift_);
    return true;
}

void LocalSearchSolver::search(int s, uint64_t fixedBits, Cost partial)
{
    const ArrayProblem &p = *cur_;
    if (s < 0) {
        Cost c = partial;
        addWordCost(p, word_, double(m_.value(fixedBits, shift_) - p.target[word_]), c);
        if (clearlyBetter(c, best_)) {
            best_ = c;
            bestBits_ = fixedBits;
            bestShift_ = shift_;
            found_ = true;
        }
        return;
    }
    // Bound for each child.
    Cost bound[2];
    const uint64_t below = (uint64_t(1) << s) - 1;
    for (int b = 0; b < 2; ++b) {
        const Cost &g = g_[b][s];
        if (g.primary >= 1e300) {
            bound[b] = Cost{1e300, 1e300};
            continue;
        }
        const uint64_t fx = fixedBits | (uint64_t(b) << s) | (pinnedBits_ & below);
        const uint64_t fr = below & ~pinnedMask_;
        Cost c = combine(partial, g);
        c.primary = std::max(c.primary, sufMaxPrimary_[s]);
        c.secondary += sufSumSecondary_[s];
        addWordCost(p, word_, double(m_.reachDistance(p.target[word_], fx, fr, shift_)), c);
        bound[b] = c;
    }
    const int first = bound[1] < bound[0] ? 1 : 0;
    for (int i = 0; i < 2; ++i) {
        const int b = i == 0 ? first : 1 - first;
        if (!clearlyBetter(bound[b], best_)) continue;
        search(s - 1, fixedBits | (uint64_t(b) << s), combine(partial, g_[b][s]));
    }
}

Cost LocalSearchSolver::descend(ArrayProblem &p, Assignment &a)
{
    std::vector<int> all(m_.nWords);
    for (int w = 0; w < m_.nWords; ++w) all[w] = w;
    descendFrom(p, a, all);
    return evaluate(p, a);
}

void LocalSearchSolver::descendFrom(ArrayProblem &p, Assignment &a, const std::vector<int> &words)
{
    // A worklist of the words whose best response may have changed.
    const int W = m_.W, K = m_.K;
    queued_.assign(m_.nWords, 0);
    queue_.clear();
    for (int w : words)
        if (!queued_[w]) {
            queued_[w] = 1;
            queue_.push_back(w);
        }
    size_t head = 0;
    int64_t budget = int64_t(m_.nWords) * 400;
    while (head < queue_.size() && budget-- > 0) {
        const int w = queue_[head++];
        queued_[w] = 0;
        const uint64_t before = a.wordBits[w];
        if (!bestResponse(p, a, w)) continue;
        // w's value changed: every word crossing w sees a new cost for its cell in w. Each
        // flipped cell changed the value of its other words too, and so the costs seen by
        // every word crossing those.
        auto enqueue = [&](int u) {
            if (!queued_[u]) {
                queued_[u] = 1;
                queue_.push_back(u);
            }
        };
        auto enqueueCrossing = [&](int x) {
            for (int s = 0; s < W; ++s) {
                const int c = m_.wordCell[size_t(x) * W + s];
                for (int k = 0; k < K; ++k) {
                    const int u = m_.cellWord[size_t(c) * K + k];
                    if (u != x) enqueue(u);
                }
            }
        };
        enqueueCrossing(w);
        const uint64_t diff = before ^ a.wordBits[w];
        for (int s = 0; s < W; ++s) {
            if (!((diff >> s) & 1)) continue;
            const int c = m_.wordCell[size_t(w) * W + s];
            for (int k = 0; k < K; ++k) {
                const int u = m_.cellWord[size_t(c) * K + k];
                if (u != w) enqueueCrossing(u);
            }
        }
        if (head > 4096 && head * 2 > queue_.size()) {
            queue_.erase(queue_.begin(), queue_.begin() + long(head));
            head = 0;
        }
    }
}

Cost LocalSearchSolver::run(ArrayProblem &p, Assignment &a, int restarts, uint64_t seed)
{
    // Iterated local search: flip W random free cells of the current assignment, descend
    // from the words they touch, and move there when it is no worse.
    Cost best = descend(p, a);
    if (restarts <= 0) return best;
    std::vector<int> freeCells;
    for (int c = 0; c < m_.nCells; ++c)
        if (p.pin[c] < 0) freeCells.push_back(c);
    if (freeCells.empty()) return best;
    Assignment cur = a;
    std::vector<int8_t> bestShift = p.shift;
    uint64_t state = seed;
    std::vector<int> touched;
    for (int r = 0; r < restarts; ++r) {
        Assignment trial = cur;
        const std::vector<int8_t> savedShift = p.shift;
        touched.clear();
        const int flips = std::max(2, m_.W);
        for (int f = 0; f < flips; ++f) {
            const int c = freeCells[splitmix64(state) % freeCells.size()];
            trial.flip(m_, c);
            for (int k = 0; k < m_.K; ++k) touched.push_back(m_.cellWord[size_t(c) * m_.K + k]);
        }
        descendFrom(p, trial, touched);
        const Cost c = evaluate(p, trial);
        const Cost curCost = evaluate(p, cur);
        if (!(curCost < c)) {
            cur = trial;
            if (c < best) {
                best = c;
                a = trial;
                bestShift = p.shift;
            }
        } else {
            p.shift = savedShift;
        }
    }
    p.shift = bestShift;
    return best;
}

} // namespace twill
