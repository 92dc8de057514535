#pragma once
// Certified lower bounds on the max error of one array by constraint propagation. For a
// threshold tau every word must end within tau (of key: weight x |error|) of its target. Each
// cell keeps the values (0, 1) still possible; a value is dropped when one of the cell's words
// could no longer come within its limit with that value (its other bits as free as their own
// domains allow, the distance exact for any set of free bits, see ExactReach); the words of a
// changed cell are checked again until nothing changes. A word that cannot reach its limit, or
// a cell with no value left, proves that no encoding meets tau. Sound for any layout, pins
// honoured; on random 16-bit Latin cubes it meets the best encoding found on most arrays.
#include "encode/ArrayProblem.h"

#include <cstdint>
#include <vector>

namespace twill {

class CubeBound {
public:
    explicit CubeBound(const ArrayProblem &p);

    // Propagates |error of w| <= limit[w] (limit < 0: no constraint on w). False when proven
    // that no encoding with the pins meets every limit.
    bool propagate(const std::vector<int64_t> &limit);
    // The same for one threshold on the objective's key: |e_w| <= tau / weight_w (words of
    // weight 0 are free).
    bool feasibleAt(double tau);
    // After a propagation that returned true: per cell -1 (both values possible) or the value
    // every encoding within the limits must have there.
    const std::vector<int8_t> &forced() const { return forced_; }

    // A certified lower bound on the max key over all encodings (binary search over tau up to
    // hi, the key of a known encoding: the bound returned is <= hi). 'propagations' counts the work.
    double lowerBound(double hi);
    int64_t propagations() const { return propagations_; }

private:
    bool check(int word, const std::vector<int64_t> &limit);
    void force(int cell, int value); // and queue the cell's words
    bool run(const std::vector<int64_t> &limit, bool fromBase);
    std::vector<int64_t> limitsAt(double tau) const;
    // After a feasible run at a threshold: the largest key distance a word must keep.
    double reachBound();

    // The fixpoint of the smallest threshold found feasible so far: every smaller threshold
    // only narrows it, so its propagation starts there instead of from the pins.
    struct State {
        std::vector<uint64_t> fixed, free;
        std::vector<int8_t> forced;
    };
    State base_;
    double baseTau_ = -1;
    int lastFailure_ = 0;   // the word whose check failed last
    // reachBound's per-word distances and the fixed and free bits they were found for.
    std::vector<uint64_t> reachFixed_, reachFree_;
    std::vector<int64_t> reachDistance_;

    const ArrayProblem &p_;
    const WordModel &m_;
    bool unweighted_ = true;
    std::vector<uint64_t> fixed_, free_; // per word, by significance
    std::vector<int8_t> forced_;         // per cell
    std::vector<int> queue_;
    std::vector<uint8_t> queued_;
    int64_t propagations_ = 0;
};

} // namespace twill
