#pragma once
// The flat, solver-facing form of one array: every cell belongs to one word per direction
// at one significance; every word's value is its format's decode of its bits, shifted.
// Word states are kept as two bit masks indexed by significance (fixed bits, free bits),
// so that the distance from a target to the nearest value a word can still reach is O(1).
#include "encode/EncodeOptions.h"
#include "layout/Layout.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace twill {

// Membership tables shared by every array of one layout. The format is that of one array's
// words: a differential pair's model is that of its unsigned P and N arrays.
struct WordModel {
    explicit WordModel(const Layout &layout, NumberFormat format);

    int W = 0;
    int K = 0; // directions
    int nCells = 0;
    int nWords = 0;
    NumberFormat format = NumberFormat::Unsigned;
    std::vector<int32_t> cellWord; // [cell * K + k]
    std::vector<int8_t> cellSig;   // [cell * K + k]
    std::vector<int32_t> wordCell; // [word * W + s]
    std::vector<int32_t> cellOrder; // cells by decreasing top significance, then next one
    uint64_t fullMask = 0;         // the W significance bits
    uint64_t topBit = 0;           // significance W-1
    // Two directions only: the other word of the cell at significance s of word w, and the
    // significance it has there ([w * W + s]); empty otherwise.
    std::vector<int32_t> crossWord;
    std::vector<int8_t> crossSig;
    // Every cell lies in exactly two words and the W cells of each word lie in W different
    // other words (every 2D layout with one word per line): then a change of one word moves
    // each other word by at most one bit.
    bool singleCrossings = false;

    // Value of a word whose bits (indexed by significance) are v, shifted left by shift.
    int64_t value(uint64_t v, int shift) const
    {
        int64_t x;
        switch (format) {
        case NumberFormat::Unsigned:
        case NumberFormat::DifferentialPair: x = int64_t(v); break; // (never: the model's format is one array's)
        case NumberFormat::TwosComplement: x = int64_t(v & ~topBit) - ((v & topBit) ? int64_t(topBit) : 0); break;
        default: {
            const int64_t m = int64_t(v & ~topBit);
            x = (v & topBit) ? -m : m;
        }
        }
        return x * (int64_t(1) << shift);
    }

    // Distance from target t to the nearest value reachable by a word whose fixed bits are
    // 'fixed' and whose free bits are 'free'. Exact when the free significances are
    // contiguous; a valid lower bound otherwise.
    int64_t reachDistance(int64_t t, uint64_t fixed, uint64_t free, int shift) const
    {
        if (format == NumberFormat::SignMagnitude) {
            const uint64_t mFixed = fixed & ~topBit, mFree = free & ~topBit;
            if (free & topBit)
                return std::min(latticeDistance(t, int64_t(mFixed), 0, mFree, shift),
                                latticeDistance(-t, int64_t(mFixed), 0, mFree, shift));
            return latticeDistance((fixed & topBit) ? -t : t, int64_t(mFixed), 0, mFree, shift);
        }
        if (format == NumberFormat::TwosComplement) {
            const int64_t base = value(fixed, 0);
            const int64_t neg = (free & topBit) ? int64_t(topBit) : 0;
            return latticeDistance(t, base, neg, free & ~topBit, shift);
        }
        return latticeDistance(t, int64_t(fixed), 0, free, shift);
    }

    // Reachable set: base - neg + {sums of subsets of the positive free bits and of neg},
    // all scaled by 2^shift; bounded by the lattice of the lowest free bit clipped to the range.
    static int64_t latticeDistance(int64_t t, int64_t base, int64_t neg, uint64_t posFree, int shift)
    {
        const uint64_t all = posFree | uint64_t(neg);
        const int64_t lo = (base - neg) * (int64_t(1) << shift);
        if (all == 0) return std::llabs(t - lo);
        const int64_t hi = (base + int64_t(posFree)) * (int64_t(1) << shift);
        if (t <= lo) return lo - t;
        if (t >= hi) return t - hi;
        // The lattice step is a power of two (the lowest free bit, shifted): a mask, not a division.
        const int64_t step = int64_t(all & (~all + 1)) * (int64_t(1) << shift);
        const int64_t r = (t - lo) & (step - 1);
        return std::min(r, step - r);
    }
};

// One array to encode: targets already less the array offset.
struct ArrayProblem {
    const WordModel *model = nullptr;
    Objective objective = Objective::Max;
    double bound = -1;              // hard bound on |error|, LSB; < 0 none
    std::vector<int64_t> target;    // per word
    std::vector<double> weight;     // per word cost weight (importance; 1/v^2 for rel)
    std::vector<int8_t> shift;      // per word
    std::vector<int8_t> pin;        // per cell: -1 free, 0 or 1 pinned

    bool weighted() const { return !weight.empty(); }
    double w(int word) const { return weight.empty() ? 1.0 : weight[word]; }
};

// A full assignment and its per-word bit masks.
struct Assignment {
    std::vector<uint8_t> bits;     // per cell
    std::vector<uint64_t> wordBits; // per word, by significance

    void reset(const WordModel &m, const std::vector<uint8_t> &cellBits);
    void flip(const WordModel &m, int cell)
    {
        bits[cell] ^= 1;
        for (int k = 0; k < m.K; ++k)
            wordBits[m.cellWord[size_t(cell) * m.K + k]] ^= uint64_t(1) << m.cellSig[size_t(cell) * m.K + k];
    }
};

// (primary, secondary) cost, compared lexicographically. Max: (max weighted |e|, sum e^2);
// L2 and rel: (max excess over the bound, weighted sum of squares).
struct Cost {
    double primary = 0;
    double secondary = 0;
    bool operator<(const Cost &o) const
    {
        return primary < o.primary || (primary == o.primary && secondary < o.secondary);
    }
};

// The objective's cost of all words of an assignment.
Cost evaluate(const ArrayProblem &p, const Assignment &a);
// Cost contribution of one word with error e, folded into c.
inline void addWordCost(const ArrayProblem &p, int word, double e, Cost &c)
{
    const double ae = e < 0 ? -e : e;
    if (p.objective == Objective::Max) {
        // (a zero weight makes a word don't-care: tensor padding)
        const double v = p.w(word) * ae;
        if (v > c.primary) c.primary = v;
        c.secondary += p.w(word) * e * e;
    } else {
        if (p.bound >= 0 && ae > p.bound && ae - p.bound > c.primary && p.w(word) > 0) c.primary = ae - p.bound;
        c.secondary += p.w(word) * e * e;
    }
}

} // namespace twill
