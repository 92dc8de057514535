#pragma once
// Local search for arrays read along three directions (and any layout in which two words
// share at most one cell). The cost of a word is a pair compared lexicographically: its
// excess over a per-word limit (|e| - limit, 0 within it; the limit is the hard bound, or a
// threshold of the minimax search), then its weighted squared error. Moves:
// - a word's best response: every choice of its free bits, searched depth first from the MSB
//   with the cheapest outcome of each remaining bit for the crossing words as the bound;
// - a star move: one cell flips and all three of its words answer at once. The three words
//   of a cell share no other cell and no other crossing word, so the best joint answer is the
//   sum of three best responses with that cell pinned; no single word would flip the cell on
//   its own (each pays alone for what the three gain together).
// - a min-conflicts walk on the excess (see walk), which may raise the cost on its way to an
//   encoding within the limits.
// Best responses and star moves only lower the total cost, so a descent ends; its work is
// bounded by a budget of 400 best responses a word. Deterministic: results depend on the seed.
#include "encode/ArrayProblem.h"

#include <cstdint>
#include <vector>

namespace twill {

class CubeSearch {
public:
    // limit: per word, < 0 for none. p's pins are honoured; p.weight weighs the squares.
    CubeSearch(const ArrayProblem &p, Assignment &a, std::vector<double> limit);

    // Best responses until none improves (or the budget runs out); the first pass visits
    // 'words' (all words when empty), later passes the words a change may have helped.
    void descend(const std::vector<int> &words = {});
    void setBudget(int64_t responses) { budget_ = responses; } // best responses a descent may spend (default 400 a word)
    // Star moves at the free cells in a seeded order, then a descent; repeated while a sweep
    // improves, at most 'sweeps' times. 'fraction' of the cells take part: those that matter
    // most to two words (see starCells).
    void starSweeps(int sweeps, uint64_t seed, double fraction = 1.0);
    std::vector<int> starCells(double fraction) const;
    // Star moves at the cells of the given words (the words over their limit, say), then a
    // descent from what changed.
    void starAround(const std::vector<int> &words, uint64_t seed);

    // Min-conflicts walk on the excess: a word over its limit at random (seeded), and of its
    // free cells not flipped in the last 'tenure' flips the one whose flip leaves the least
    // excess on its words (then the least squares), even when that is more than now; until
    // no word is over its limit or 'flips' flips are spent. Returns true when none is over.
    bool walk(int64_t flips, int tenure, uint64_t seed);

    std::vector<int> overLimit() const;       // words whose |e| exceeds their limit
    int64_t work() const { return work_; }    // best responses evaluated

private:
    struct Pair {
        double excess = 0;
        double square = 0;
    };
    Pair wordCost(int w, int64_t e) const
    {
        const double ae = e < 0 ? -double(e) : double(e);
        const double limit = limit_[w];
        return Pair{limit >= 0 && ae > limit ? ae - limit : 0.0, weight_[w] * ae * ae};
    }
    static Pair add(Pair a, const Pair &b)
    {
        a.excess += b.excess;
        a.square += b.square;
        return a;
    }
    // a clearly below b (by a relative 1e-12: sums in another order may differ in rounding)
    static bool less(const Pair &a, const Pair &b)
    {
        if (a.excess != b.excess) {
            const double te = 1e-12 * (b.excess < 0 ? -b.excess : b.excess);
            if (a.excess < b.excess - te) return true;
            if (a.excess > b.excess + te) return false;
        }
        return a.square < b.square - 1e-12 * (b.square < 0 ? -b.square : b.square);
    }
    // The change of word u's error when cell c (k-th of its words) flips.
    int64_t flipDelta(int c, int k, int u) const
    {
        if (linear_) {
            const int64_t d = step_[size_t(c) * m_.K + k];
            return a_.bits[c] ? -d : d;
        }
        const uint64_t ub = a_.wordBits[u] ^ (uint64_t(1) << m_.cellSig[size_t(c) * m_.K + k]);
        return m_.value(ub, p_.shift[u]) - p_.target[u] - err_[u];
    }

    // Best response of word w; pinnedSig >= 0 pins that significance to pinnedValue (and
    // leaves the cost of its other words out). Returns the cost of w plus the change of its
    // crossing words, and the bits in 'best'.
    Pair respond(int w, int pinnedSig, int pinnedValue, uint64_t &best);
    void setLimit(std::vector<double> limit); // and recost every word
    void dfs(int s, uint64_t bits, Pair partial);
    void setWord(int w, uint64_t bits, std::vector<int> *changedCells);
    void flipCell(int c);
    // Three words a cell, unweighted, unshifted, whole limits, W <= 16 and a flip a fixed step:
    // the walk's sums are exact in integers.
    bool integral() const;
    bool improveWord(int w, std::vector<int> &changedCells);
    bool starMove(int c);
    void enqueueAround(const std::vector<int> &cells);
    void descendAround(const std::vector<int> &changedCells); // from the words a change may help

    const ArrayProblem &p_;
    const WordModel &m_;
    Assignment &a_;
    std::vector<double> limit_;
    std::vector<double> weight_;  // per word (1 without importance)
    std::vector<int> freeCells_;  // per word: its cells not pinned
    bool linear_ = false;         // unsigned or two's complement: a flip adds a fixed step
    std::vector<int64_t> step_;   // [cell * K + k]: what setting the cell adds to that word
    std::vector<int64_t> err_;
    std::vector<Pair> cost_;
    int64_t work_ = 0;
    int64_t budget_ = 0;

    // best-response scratch
    int word_ = 0;
    Pair g_[2][64];
    Pair suffix_[65];
    uint64_t pinnedMask_ = 0, pinnedBits_ = 0;
    Pair best_;
    uint64_t bestBits_ = 0;
    bool found_ = false;

    std::vector<uint8_t> queued_;
    std::vector<int> queue_;
};

} // namespace twill
