#pragma once
#include "encode/ArrayProblem.h"
#include "job/JobControl.h"

#include <cstdint>

namespace twill {

struct ExactOutcome {
    bool complete = false;   // the whole tree was searched: the incumbent is optimal (or none beats the threshold)
    bool improved = false;   // the incumbent changed
    int64_t nodes = 0;
    double lowerBound = 0;   // certified lower bound on the objective's key (max |e| or weighted SSE)
};

// Branch and bound over the free cells in decreasing significance. Each word keeps the
// distance from its target to the nearest value its free bits can still reach (O(1) with
// bit arithmetic); a node is pruned as soon as one word's distance (max objective) or the
// sum of their squares (l2, rel) cannot beat the incumbent. Shifts stay as given.
class ExactSolver {
public:
    struct Limits {
        int64_t nodeLimit = 50'000'000;
        double timeLimit = 0; // seconds, 0 none
        const JobControl *control = nullptr;
    };

    explicit ExactSolver(const ArrayProblem &p) : p_(p), m_(*p.model) {}

    // Improves 'incumbent' (a complete assignment) in place. With threshold >= 0 (max
    // objective only) it stops at the first assignment whose max error is <= threshold.
    ExactOutcome solve(Assignment &incumbent, const Limits &limits, double threshold = -1);

    // The objective's key: weighted max |e| for max, weighted SSE otherwise.
    double key(const Assignment &a) const;
    bool feasible(const Assignment &a) const; // within the hard bound

private:
    const ArrayProblem &p_;
    const WordModel &m_;
};

} // namespace twill
