#pragma once
// Local search for sums of squares on layouts where every word crosses each other word at
// most once (WordModel::singleCrossings: every 2D layout with one word per line, such as
// W x W msb-lsb). A change of one word then moves each crossing word by one bit at most, so
// the cost of any value of the word is its own error plus one term per bit, and its best
// response is exact and cheap: codes are tried in increasing distance from the target (its
// "table" of values, nearest first) until that error alone cannot beat the best found.
// A kick is a pair move: one cell flips and both of its words re-optimise together; the
// iterated search kicks a copy of the current assignment, descends and keeps what is no worse.
#include "encode/ArrayProblem.h"

#include <cstdint>
#include <vector>

namespace twill {

class FastLocalSearch {
public:
    // True when the problem fits: single crossings, l2 or rel without a hard bound, W <= 32.
    static bool applies(const ArrayProblem &p);

    // The problem must outlive the search; its shifts stay as given.
    explicit FastLocalSearch(const ArrayProblem &p);

    void load(const Assignment &a);
    void store(Assignment &a) const;
    double cost() const; // weighted sum of squares of the current assignment

    // Best responses, word after word, until a whole round changes nothing.
    double descend();
    // descend, then 'restarts' kicked copies (kicks at cells drawn from 'seed'), keeping the
    // best; the search ends on the best assignment seen.
    double run(int restarts, uint64_t seed);

    // Pair move: flips the (free) cell and gives both of its words their best values
    // together, the other words as they are.
    void kick(int cell);

    static constexpr int kKicks = 3; // pair moves per restart

private:
    struct State {
        std::vector<uint64_t> cur;  // per word, by significance
        std::vector<double> own;    // per word: its cost
        std::vector<double> flip;   // [w * W + s]: its cost with bit s flipped
    };
    double wordCost(int w, uint64_t bits) const;
    void refresh(int w);
    void setWord(int w, uint64_t bits);
    bool bestResponse(int w);
    // The best value of w with bit 'sig' set to 'bit', leaving out the cost of the word that
    // crosses w there (it moves too).
    uint64_t forcedResponse(int w, int sig, int bit) const;
    // Scans w's codes nearest first; 'skip' is a significance whose crossing term is left out
    // (-1: none); returns the best pattern, or 'fallback' when none beats 'best'.
    uint64_t scan(int w, int skip, uint64_t mask, uint64_t want, double &best, uint64_t fallback) const;

    const ArrayProblem &p_;
    const WordModel &m_;
    int W_ = 0;
    int n_ = 0;
    int64_t codeLo_ = 0, codeHi_ = 0;
    std::vector<uint64_t> pinMask_, pinBits_; // per word
    State s_;
};

} // namespace twill
