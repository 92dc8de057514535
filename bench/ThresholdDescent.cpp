#include "ThresholdDescent.h"

#include "util/SplitMix.h"
#include <algorithm>
#include <cstdlib>
#include <limits>

namespace twill {

namespace {

int64_t excessOver(int64_t e, int64_t T)
{
    const int64_t a = e < 0 ? -e : e;
    return a > T ? a - T : 0;
}

} // namespace

int64_t thresholdDescent(const ArrayProblem &p, Assignment &a, const ThresholdDescentOptions &o)
{
    const WordModel &m = *p.model;
    const int W = m.W, K = m.K, n = m.nWords;
    std::vector<int64_t> err(n);
    auto refresh = [&]() {
        for (int w = 0; w < n; ++w) err[w] = m.value(a.wordBits[w], p.shift[w]) - p.target[w];
    };
    auto maxError = [&]() {
        int64_t x = 0;
        for (int64_t e : err) x = std::max<int64_t>(x, e < 0 ? -e : e);
        return x;
    };
    // The change of word u's error if cell c (which holds significance sig in u) flips.
    auto delta = [&](int u, int k, int c) {
        const uint64_t bit = uint64_t(1) << m.cellSig[size_t(c) * K + k];
        return m.value(a.wordBits[u] ^ bit, p.shift[u]) - p.target[u] - err[u];
    };
    refresh();
    Assignment best = a;
    int64_t bestMax = maxError();
    uint64_t state = o.seed;
    int64_t flips = 0;
    std::vector<int64_t> restedUntil(m.nCells, 0);
    std::vector<int> over, slot(n, -1);
    auto mark = [&](int w, int64_t T) {
        const bool above = (err[w] < 0 ? -err[w] : err[w]) > T;
        if (above && slot[w] < 0) {
            slot[w] = int(over.size());
            over.push_back(w);
        } else if (!above && slot[w] >= 0) {
            const int last = over.back();
            over[slot[w]] = last;
            slot[last] = slot[w];
            over.pop_back();
            slot[w] = -1;
        }
    };
    while (bestMax > 0) {
        const int64_t T = bestMax - 1;
        over.clear();
        std::fill(slot.begin(), slot.end(), -1);
        for (int w = 0; w < n; ++w) mark(w, T);
        for (int left = o.budget; !over.empty() && left > 0; --left) {
            const int w = over[splitmix64(state) % over.size()];
            int pick = -1;
            int64_t pickCost = std::numeric_limits<int64_t>::max();
            for (int s = 0; s < W; ++s) {
                const int c = m.wordCell[size_t(w) * W + s];
                if (restedUntil[c] > flips || p.pin[c] >= 0) continue;
                int64_t cost = 0;
                for (int k = 0; k < K; ++k) {
                    const int u = m.cellWord[size_t(c) * K + k];
                    cost += excessOver(err[u] + delta(u, k, c), T) - excessOver(err[u], T);
                }
                if (cost < pickCost) {
                    pickCost = cost;
                    pick = c;
                }
            }
            if (pick < 0) continue;
            for (int k = 0; k < K; ++k) err[m.cellWord[size_t(pick) * K + k]] += delta(m.cellWord[size_t(pick) * K + k], k, pick);
            a.flip(m, pick);
            ++flips;
            restedUntil[pick] = flips + o.tenure;
            for (int k = 0; k < K; ++k) mark(m.cellWord[size_t(pick) * K + k], T);
        }
        if (!over.empty()) break;
        best = a;
        bestMax = maxError();
    }
    a = best;
    return flips;
}

} // namespace twill
