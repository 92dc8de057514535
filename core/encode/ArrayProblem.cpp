#include "encode/ArrayProblem.h"

#include <algorithm>
#include <functional>

namespace twill {

WordModel::WordModel(const Layout &layout, NumberFormat fmt)
    : W(layout.bits()), K(layout.directionCount()), nCells(layout.cellCount()), nWords(layout.wordCount()),
      format(arrayFormat(fmt)) // a differential pair is two arrays of unsigned words
{
    cellWord.resize(size_t(nCells) * K);
    cellSig.resize(size_t(nCells) * K);
    for (int c = 0; c < nCells; ++c)
        for (int k = 0; k < K; ++k) {
            cellWord[size_t(c) * K + k] = layout.wordOf(k, c);
            cellSig[size_t(c) * K + k] = int8_t(layout.significance(k, c));
        }
    wordCell.resize(size_t(nWords) * W);
    for (int w = 0; w < nWords; ++w)
        for (int s = 0; s < W; ++s) wordCell[size_t(w) * W + s] = layout.cellOf(w, s);
    // Most significant first: a cell's rank is its largest significance over its words, then
    // the next largest; on msb-lsb this visits the anti-diagonal levels from the outside in,
    // and every word's free bits stay a contiguous range of significances.
    cellOrder.resize(nCells);
    std::vector<std::vector<int>> keys(nCells);
    for (int c = 0; c < nCells; ++c) {
        cellOrder[c] = c;
        for (int k = 0; k < K; ++k) keys[c].push_back(cellSig[size_t(c) * K + k]);
        std::sort(keys[c].begin(), keys[c].end(), std::greater<int>());
    }
    std::stable_sort(cellOrder.begin(), cellOrder.end(), [&](int a, int b) { return keys[a] > keys[b]; });
    fullMask = W >= 64 ? ~uint64_t(0) : (uint64_t(1) << W) - 1;
    topBit = uint64_t(1) << (W - 1);
    if (K == 2) {
        crossWord.resize(size_t(nWords) * W);
        crossSig.resize(size_t(nWords) * W);
        singleCrossings = true;
        std::vector<int> seenBy(nWords, -1);
        for (int w = 0; w < nWords; ++w)
            for (int s = 0; s < W; ++s) {
                const int c = wordCell[size_t(w) * W + s];
                const int k = cellWord[size_t(c) * 2] == w ? 1 : 0;
                const int u = cellWord[size_t(c) * 2 + k];
                crossWord[size_t(w) * W + s] = u;
                crossSig[size_t(w) * W + s] = cellSig[size_t(c) * 2 + k];
                if (u == w || seenBy[u] == w) singleCrossings = false;
                seenBy[u] = w;
            }
    }
}

void Assignment::reset(const WordModel &m, const std::vector<uint8_t> &cellBits)
{
    bits = cellBits;
    wordBits.assign(m.nWords, 0);
    for (int c = 0; c < m.nCells; ++c)
        if (bits[c])
            for (int k = 0; k < m.K; ++k)
                wordBits[m.cellWord[size_t(c) * m.K + k]] |= uint64_t(1) << m.cellSig[size_t(c) * m.K + k];
}

Cost evaluate(const ArrayProblem &p, const Assignment &a)
{
    Cost c;
    const WordModel &m = *p.model;
    for (int w = 0; w < m.nWords; ++w)
        addWordCost(p, w, double(m.value(a.wordBits[w], p.shift[w]) - p.target[w]), c);
    return c;
}

} // namespace twill
