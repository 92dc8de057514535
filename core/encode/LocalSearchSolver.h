#pragma once
#include "encode/ArrayProblem.h"

namespace twill {

// Local search by exact per-word best response: for one word, every choice of its free
// bits (and of its shift, when shifts are on) is searched depth first, most significant bit
// first, with a bound from the cheapest outcome of each remaining bit for the crossing
// words and the reach distance of the word itself. A word changes only when that lowers
// the cost of the words it touches, so the array's cost never rises.
class LocalSearchSolver {
public:
    LocalSearchSolver(const ArrayProblem &p, bool searchShift, int maxShift);

    // Best-response sweeps until none improves. Returns the final cost.
    Cost descend(ArrayProblem &p, Assignment &a);
    // descend, then 'restarts' perturbed copies (seeded), keeping the best.
    Cost run(ArrayProblem &p, Assignment &a, int restarts, uint64_t seed);
    // One word's best response; true when it changed the assignment.
    bool bestResponse(ArrayProblem &p, Assignment &a, int word);

    // Descent that starts from the given words and follows the changes.
    void descendFrom(ArrayProblem &p, Assignment &a, const std::vector<int> &words);

private:
    void search(int s, uint64_t fixedBits, Cost partial);

    const WordModel &m_;
    bool searchShift_;
    int maxShift_;
    // per-call scratch, indexed by significance
    std::vector<Cost> g_[2];
    std::vector<uint8_t> pinned_;
    std::vector<int8_t> pinValue_;
    std::vector<double> sufMaxPrimary_, sufSumSecondary_;
    std::vector<uint8_t> queued_;
    std::vector<int> queue_;
    const ArrayProblem *cur_ = nullptr;
    int word_ = 0;
    int shift_ = 0;
    int bestShift_ = 0;
    uint64_t pinnedBits_ = 0, pinnedMask_ = 0;
    Cost best_;
    uint64_t bestBits_ = 0;
    bool found_ = false;
};

} // namespace twill
