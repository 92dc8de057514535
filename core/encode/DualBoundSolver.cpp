#include "encode/DualBoundSolver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace twill {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Prices are multiples of 2^-20: sums of integers and prices stay exact in double.
double quantize(double x) { return std::nearbyint(x * 1048576.0) * (1.0 / 1048576.0); }

struct Entry {
    uint32_t value;  // the word's bits by significance
    double own;      // its weighted squared error
    double adjusted; // own plus its prices
};

} // namespace

bool DualBoundSolver::applies(const ArrayProblem &p)
{
    return p.model->K == 2 && p.model->W <= 12 && p.objective != Objective::Max && p.bound < 0;
}

double DualBoundSolver::cost(const Assignment &a) const
{
    double c = 0;
    for (int w = 0; w < m_.nWords; ++w) {
        const double e = double(m_.value(a.wordBits[w], p_.shift[w]) - p_.target[w]);
        c += p_.w(w) * e * e;
    }
    return c;
}

double DualBoundSolver::worstBetter(double tau) const
{
    // With integer costs a better encoding costs tau - 1 at most; otherwise it must be
    // clearly lower (by a relative 1e-9, as the local search counts improvements).
    return integral_ ? tau - 1 + 1e-7 : tau - 1e-9 * std::max(1.0, std::fabs(tau));
}

bool DualBoundSolver::buildTables(double tau)
{
    const int W = m_.W;
    const int64_t lo = codeMin(m_.format, W), hi = codeMax(m_.format, W);
    const double limit = worstBetter(tau);
    first_.assign(m_.nWords + 1, 0);
    value_.clear();
    own_.clear();
    for (int w = 0; w < m_.nWords; ++w) {
        first_[w] = int(value_.size());
        uint32_t pinMask = 0, pinBits = 0;
        for (int s = 0; s < W; ++s) {
            const int8_t pin = p_.pin[m_.wordCell[size_t(w) * W + s]];
            if (pin < 0) continue;
            pinMask |= 1u << s;
            if (pin) pinBits |= 1u << s;
        }
        auto add = [&](uint32_t v, double own) {
            if ((v & pinMask) != pinBits) return;
            value_.push_back(v);
            own_.push_back(own);
        };
        const double wt = p_.w(w);
        if (wt == 0) {
            for (uint32_t v = 0; v < (1u << W); ++v) add(v, 0.0);
        } else {
            // Codes nearest to the target first, while their own error alone can still beat tau.
            const int64_t unit = int64_t(1) << p_.shift[w], t = p_.target[w];
            const int64_t c0 = std::clamp<int64_t>(int64_t(std::llround(double(t) / double(unit))), lo, hi);
            int64_t down = c0 - 1, up = c0 + 1, code = c0;
            while (true) {
                const double e = double(code * unit - t);
                const double own = wt * e * e;
                if (own > limit) break;
                switch (m_.format) {
                case NumberFormat::Unsigned:
                case NumberFormat::DifferentialPair: // (a pair's arrays hold unsigned words)
                    add(uint32_t(code), own); break;
                case NumberFormat::TwosComplement: add(uint32_t(uint64_t(code) & m_.fullMask), own); break;
                case NumberFormat::SignMagnitude:
                    add(code < 0 ? uint32_t(-code) | uint32_t(m_.topBit) : uint32_t(code), own);
                    if (code == 0) add(uint32_t(m_.topBit), own); // -0
                    break;
                }
                const bool hasDown = down >= lo, hasUp = up <= hi;
                if (!hasDown && !hasUp) break;
                if (hasDown && (!hasUp || std::llabs(down * unit - t) <= std::llabs(up * unit - t))) code = down--;
                else code = up++;
            }
        }
        if (int(value_.size()) == first_[w]) return false; // no value of w can take part in a better encoding
        while (value_.size() % 4) add(pinBits, kInf); // padding: out of the table
    }
    first_[m_.nWords] = int(value_.size());
    adjusted_ = own_;
    fast_.assign(own_.begin(), own_.end());
    price_.assign(m_.nCells, 0.0);
    return true;
}

namespace {

// The smallest value of x over the entries with (v & bit) set and over those with it clear.
void minMarginals(const uint32_t *v, const float *x, int n, uint32_t bit, float &m0, float &m1)
{
#ifdef __SSE2__
    const __m128i b = _mm_set1_epi32(int(bit)), zero = _mm_setzero_si128();
    const __m128 inf = _mm_set1_ps(std::numeric_limits<float>::infinity());
    __m128 r0 = inf, r1 = inf;
    for (int i = 0; i < n; i += 4) {
        const __m128 on = _mm_castsi128_ps(
            _mm_xor_si128(_mm_cmpeq_epi32(_mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i *>(v + i)), b), zero),
                          _mm_set1_epi32(-1)));
        const __m128 xi = _mm_loadu_ps(x + i);
        r1 = _mm_min_ps(r1, _mm_or_ps(_mm_and_ps(on, xi), _mm_andnot_ps(on, inf)));
        r0 = _mm_min_ps(r0, _mm_or_ps(_mm_andnot_ps(on, xi), _mm_and_ps(on, inf)));
    }
    float t0[4], t1[4];
    _mm_storeu_ps(t0, r0);
    _mm_storeu_ps(t1, r1);
    m0 = std::min(std::min(t0[0], t0[1]), std::min(t0[2], t0[3]));
    m1 = std::min(std::min(t1[0], t1[1]), std::min(t1[2], t1[3]));
#else
    m0 = m1 = std::numeric_limits<float>::infinity();
    for (int i = 0; i < n; ++i) {
        float &m = (v[i] & bit) ? m1 : m0;
        m = std::min(m, x[i]);
    }
#endif
}

// x += d on the entries with (v & bit) set.
void addWhereSet(const uint32_t *v, float *x, int n, uint32_t bit, float d)
{
#ifdef __SSE2__
    const __m128i b = _mm_set1_epi32(int(bit)), zero = _mm_setzero_si128();
    const __m128 dd = _mm_set1_ps(d);
    for (int i = 0; i < n; i += 4) {
        const __m128 off = _mm_castsi128_ps(_mm_cmpeq_epi32(_mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i *>(v + i)), b), zero));
        _mm_storeu_ps(x + i, _mm_add_ps(_mm_loadu_ps(x + i), _mm_andnot_ps(off, dd)));
    }
#else
    for (int i = 0; i < n; ++i)
        if (v[i] & bit) x[i] += d;
#endif
}

} // namespace

void DualBoundSolver::sweep()
{
    // Max-sum diffusion: for each cell, the price that makes both words' preferences for
    // its bit equal (the best coordinate step of the dual). A bit one word cannot take is
    // taken out of the other word's table (a value out of its table costs +inf). The
    // sweep runs on float copies; the prices themselves are exact (multiples of 2^-20).
    const float finf = std::numeric_limits<float>::infinity();
    for (int c : m_.cellOrder) {
        const int a = m_.cellWord[size_t(c) * 2], b = m_.cellWord[size_t(c) * 2 + 1];
        const uint32_t ba = 1u << m_.cellSig[size_t(c) * 2], bb = 1u << m_.cellSig[size_t(c) * 2 + 1];
        const uint32_t *va = value_.data() + first_[a], *vb = value_.data() + first_[b];
        float *xa = fast_.data() + first_[a], *xb = fast_.data() + first_[b];
        const int na = first_[a + 1] - first_[a], nb = first_[b + 1] - first_[b];
        float a0, a1, b0, b1;
        minMarginals(va, xa, na, ba, a0, a1);
        minMarginals(vb, xb, nb, bb, b0, b1);
        const bool no0 = a0 == finf || b0 == finf, no1 = a1 == finf || b1 == finf;
        if (no0 || no1) {
            for (int i = 0; i < na; ++i)
                if ((va[i] & ba) ? no1 : no0) xa[i] = finf;
            for (int i = 0; i < nb; ++i)
                if ((vb[i] & bb) ? no1 : no0) xb[i] = finf;
            continue;
        }
        const double d = quantize(0.5 * ((double(b1) - double(b0)) - (double(a1) - double(a0))));
        if (d == 0) continue;
        price_[c] += d;
        addWhereSet(va, xa, na, ba, float(d));
        addWhereSet(vb, xb, nb, bb, float(-d));
    }
}

void DualBoundSolver::exactTables()
{
    // own + the prices of the value's set bits, in double: exact for integer costs. An
    // entry the sweeps took out (a bit its crossing word cannot take) stays out. The prices
    // are summed four bits at a time (nib[k][x]: bits 4k..4k+3 set as in x).
    const int W = m_.W, chunks = (W + 3) / 4;
    const float finf = std::numeric_limits<float>::infinity();
    for (int w = 0; w < m_.nWords; ++w) {
        double nib[3][16];
        for (int k = 0; k < chunks; ++k) {
            nib[k][0] = 0;
            for (int b = 0; b < 4; ++b) {
                const int s = 4 * k + b;
                double price = 0;
                if (s < W) {
                    const int c = m_.wordCell[size_t(w) * W + s];
                    price = m_.cellWord[size_t(c) * 2] == w ? price_[c] : -price_[c];
                }
                for (int x = 0; x < (1 << b); ++x) nib[k][x | (1 << b)] = nib[k][x] + price;
            }
        }
        for (int i = first_[w]; i < first_[w + 1]; ++i) {
            const uint32_t v = value_[i];
            double x = own_[i];
            for (int k = 0; k < chunks; ++k) x += nib[k][(v >> (4 * k)) & 15];
            adjusted_[i] = fast_[i] == finf ? kInf : x;
        }
    }
}

double DualBoundSolver::bound() const
{
    double sum = 0;
    for (int w = 0; w < m_.nWords; ++w)
        sum += *std::min_element(adjusted_.begin() + first_[w], adjusted_.begin() + first_[w + 1]);
    return sum;
}

void DualBoundSolver::filter(double tau)
{
    // A value whose adjusted cost plus every other word's minimum exceeds what a better
    // encoding may cost takes part in none.
    std::vector<double> mn(m_.nWords);
    double sum = 0;
    for (int w = 0; w < m_.nWords; ++w) {
        mn[w] = *std::min_element(adjusted_.begin() + first_[w], adjusted_.begin() + first_[w + 1]);
        sum += mn[w];
    }
    if (sum == kInf) return;
    const double limit = worstBetter(tau);
    for (int w = 0; w < m_.nWords; ++w)
        for (int i = first_[w]; i < first_[w + 1]; ++i)
            if (sum - mn[w] + adjusted_[i] > limit) adjusted_[i] = kInf;
}

void DualBoundSolver::compact()
{
    size_t k = 0;
    int begin = 0;
    for (int w = 0; w < m_.nWords; ++w) {
        const int end = first_[w + 1];
        first_[w] = int(k);
        for (int i = begin; i < end; ++i)
            if (adjusted_[i] < kInf) {
                value_[k] = value_[i];
                own_[k] = own_[i];
                adjusted_[k] = adjusted_[i];
                ++k;
            }
        while (k % 4 || int(k) == first_[w]) { // padding (and an empty table stays visibly empty)
            value_[k] = 0;
            own_[k] = adjusted_[k] = kInf;
            ++k;
        }
        begin = end;
    }
    first_[m_.nWords] = int(k);
    value_.resize(k);
    own_.resize(k);
    adjusted_.resize(k);
    fast_.resize(k);
    for (size_t i = 0; i < k; ++i) fast_[i] = float(adjusted_[i]);
}

ExactOutcome DualBoundSolver::solve(Assignment &incumbent, const ExactSolver::Limits &limits)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    ExactOutcome out;
    integral_ = true;
    for (double x : p_.weight) integral_ = integral_ && x == std::floor(x);
    double tau = cost(incumbent);
    if (!buildTables(tau)) {
        out.complete = true;
        out.lowerBound = tau;
        return out;
    }
    // Price sweeps on the float tables; after the first and the last, the exact tables give
    // the bound, and the values that cannot take part in a better encoding leave.
    for (int k = 0; k < kMaxSweeps; ++k) {
        sweep();
        if (k > 0 && k + 1 < kMaxSweeps) continue;
        exactTables();
        filter(tau);
        compact();
        if (bound() > worstBetter(tau)) {
            out.complete = true;
            out.lowerBound = tau;
            return out;
        }
    }

    // Branch and bound over the free cells, most significant first. Each word's live values
    // sit in one array; the values consistent with the node's fixed bits are a range of it,
    // split in two at every branching on one of the word's cells.
    const int nw = m_.nWords;
    std::vector<Entry> entries;
    std::vector<int> lo(nw), hi(nw);
    std::vector<double> wordMin(nw);
    double sum = 0;
    for (int w = 0; w < nw; ++w) {
        lo[w] = int(entries.size());
        double mn = kInf;
        for (int i = first_[w]; i < first_[w + 1]; ++i)
            if (adjusted_[i] < kInf) {
                entries.push_back({value_[i], own_[i], adjusted_[i]});
                mn = std::min(mn, adjusted_[i]);
            }
        hi[w] = int(entries.size());
        wordMin[w] = mn;
        sum += mn;
    }
    // Cells in decreasing certainty: the price-adjusted tables' preference for one bit
    // (forced bits first). Settling the clear cells first shrinks the tables at little cost
    // and leaves the contested ones for the end, where the tables are small.
    std::vector<std::pair<double, int>> ranked;
    for (int c : m_.cellOrder) {
        if (p_.pin[c] >= 0) continue;
        const int a = m_.cellWord[size_t(c) * 2], b = m_.cellWord[size_t(c) * 2 + 1];
        float a0, a1, b0, b1;
        minMarginals(value_.data() + first_[a], fast_.data() + first_[a], first_[a + 1] - first_[a],
                     1u << m_.cellSig[size_t(c) * 2], a0, a1);
        minMarginals(value_.data() + first_[b], fast_.data() + first_[b], first_[b + 1] - first_[b],
                     1u << m_.cellSig[size_t(c) * 2 + 1], b0, b1);
        const double gap = std::fabs((double(a1) + double(b1)) - (double(a0) + double(b0)));
        ranked.push_back({std::isfinite(gap) ? gap : kInf, c});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &x, const auto &y) { return x.first > y.first; });
    std::vector<int> order;
    for (const auto &r : ranked) order.push_back(r.second);
    const int depthMax = int(order.size());
    struct Frame {
        int loA, hiA, loB, hiB, splitA, splitB;
        double minA, minB, sum;
        double childMinA[2], childMinB[2];
        double childBound[2];
        int8_t stage, first;
    };
    std::vector<Frame> frames(size_t(depthMax) + 1);
    // Splits w's range by bit: returns the split point, entries with the bit clear first.
    auto split = [&](int w, uint32_t bit, double &min0, double &min1) {
        int i = lo[w], j = hi[w] - 1;
        min0 = min1 = kInf;
        while (i <= j) {
            if (!(entries[i].value & bit)) {
                min0 = std::min(min0, entries[i].adjusted);
                ++i;
            } else {
                min1 = std::min(min1, entries[i].adjusted);
                std::swap(entries[i], entries[j]);
                --j;
            }
        }
        return i;
    };
    auto openNode = [&](int d) {
        Frame &f = frames[d];
        const int c = order[d];
        const int a = m_.cellWord[size_t(c) * 2], b = m_.cellWord[size_t(c) * 2 + 1];
        f.loA = lo[a];
        f.hiA = hi[a];
        f.loB = lo[b];
        f.hiB = hi[b];
        f.minA = wordMin[a];
        f.minB = wordMin[b];
        f.sum = sum;
        f.splitA = split(a, 1u << m_.cellSig[size_t(c) * 2], f.childMinA[0], f.childMinA[1]);
        f.splitB = split(b, 1u << m_.cellSig[size_t(c) * 2 + 1], f.childMinB[0], f.childMinB[1]);
        const double rest = sum - f.minA - f.minB;
        f.childBound[0] = rest + f.childMinA[0] + f.childMinB[0];
        f.childBound[1] = rest + f.childMinA[1] + f.childMinB[1];
        f.first = f.childBound[1] < f.childBound[0] ? 1 : 0;
        f.stage = 0;
    };
    auto enter = [&](int d, int bit) {
        const Frame &f = frames[d];
        const int c = order[d];
        const int a = m_.cellWord[size_t(c) * 2], b = m_.cellWord[size_t(c) * 2 + 1];
        lo[a] = bit ? f.splitA : f.loA;
        hi[a] = bit ? f.hiA : f.splitA;
        lo[b] = bit ? f.splitB : f.loB;
        hi[b] = bit ? f.hiB : f.splitB;
        wordMin[a] = f.childMinA[bit];
        wordMin[b] = f.childMinB[bit];
        sum = f.childBound[bit];
    };
    auto leave = [&](int d) {
        const Frame &f = frames[d];
        const int c = order[d];
        const int a = m_.cellWord[size_t(c) * 2], b = m_.cellWord[size_t(c) * 2 + 1];
        lo[a] = f.loA;
        hi[a] = f.hiA;
        lo[b] = f.loB;
        hi[b] = f.hiB;
        wordMin[a] = f.minA;
        wordMin[b] = f.minB;
        sum = f.sum;
    };

    int64_t nodes = 0;
    bool stopped = false;
    int depth = 0;
    double limit = worstBetter(tau);
    if (depthMax == 0) {
        out.complete = true;
        out.lowerBound = tau;
        return out;
    }
    openNode(0);
    while (depth >= 0) {
        Frame &f = frames[depth];
        if (f.stage >= 2) {
            // Both children done: back up.
            leave(depth);
            --depth;
            continue;
        }
        const int bit = f.stage == 0 ? f.first : 1 - f.first;
        if (!(f.childBound[bit] <= limit)) { // empty, or cannot beat the incumbent
            ++f.stage;
            continue;
        }
        if (++nodes >= limits.nodeLimit) {
            stopped = true;
            break;
        }
        if ((nodes & 4095) == 0) {
            if (limits.control && limits.control->cancelled()) {
                stopped = true;
                break;
            }
            if (limits.timeLimit > 0 && std::chrono::duration<double>(Clock::now() - start).count() > limits.timeLimit) {
                stopped = true;
                break;
            }
        }
        ++f.stage;
        enter(depth, bit);
        if (depth + 1 < depthMax) {
            ++depth;
            openNode(depth);
            continue;
        }
        // Leaf: every word's range holds its one value.
        double c = 0;
        std::vector<uint8_t> bits(m_.nCells, 0);
        for (int w = 0; w < nw; ++w) {
            c += entries[lo[w]].own;
            for (int s = 0; s < m_.W; ++s)
                bits[m_.wordCell[size_t(w) * m_.W + s]] = uint8_t((entries[lo[w]].value >> s) & 1);
        }
        if (c <= limit) {
            incumbent.reset(m_, bits);
            out.improved = true;
            tau = c;
            limit = worstBetter(tau);
        }
        leave(depth);
    }
    out.nodes = nodes;
    out.complete = !stopped;
    if (out.complete) {
        out.lowerBound = tau;
        return out;
    }
    // Stopped: the children not yet entered hang off the current path; each is bounded by
    // its bound (those that cannot beat the incumbent hold nothing below tau).
    double lb = tau;
    for (int d = depth; d >= 0; --d) {
        const Frame &f = frames[d];
        for (int s = f.stage; s < 2; ++s) {
            const double b = f.childBound[s == 0 ? f.first : 1 - f.first];
            if (b <= limit) lb = std::min(lb, b);
        }
    }
    out.lowerBound = std::max(0.0, lb);
    return out;
}

} // namespace twill
