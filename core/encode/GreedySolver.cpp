#include "encode/GreedySolver.h"

namespace twill {

void greedyEncode(const ArrayProblem &p, Assignment &out, std::vector<GreedyDecision> *decisions)
{
    const WordModel &m = *p.model;
    std::vector<uint64_t> fixed(m.nWords, 0), free(m.nWords, m.fullMask);
    std::vector<uint8_t> bits(m.nCells, 0);
    auto setBit = [&](int c, int b) {
        bits[c] = uint8_t(b);
        for (int k = 0; k < m.K; ++k) {
            const int w = m.cellWord[size_t(c) * m.K + k];
            const uint64_t bit = uint64_t(1) << m.cellSig[size_t(c) * m.K + k];
            free[w] &= ~bit;
            if (b) fixed[w] |= bit;
        }
    };
    for (int c = 0; c < m.nCells; ++c)
        if (p.pin[c] >= 0) setBit(c, p.pin[c]);

    for (int c : m.cellOrder) {
        if (p.pin[c] >= 0) continue;
        Cost cost[2];
        for (int b = 0; b < 2; ++b)
            for (int k = 0; k < m.K; ++k) {
                const int w = m.cellWord[size_t(c) * m.K + k];
                const uint64_t bit = uint64_t(1) << m.cellSig[size_t(c) * m.K + k];
                const int64_t d = m.reachDistance(p.target[w], b ? (fixed[w] | bit) : fixed[w], free[w] & ~bit,
                                                  p.shift[w]);
                addWordCost(p, w, double(d), cost[b]);
            }
        const int bit = cost[1] < cost[0] ? 1 : 0;
        setBit(c, bit);
        if (decisions) decisions->push_back({c, bit});
    }
    out.reset(m, bits);
}

} // namespace twill
