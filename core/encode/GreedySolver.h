#pragma once
#include "encode/ArrayProblem.h"

#include <vector>

namespace twill {

// Greedy MSB-first: cells in decreasing significance; each takes the bit that leaves its
// words closest to what their still-free bits can reach (the reach distance accounts for
// carries, so a word may settle its top bit above or below its target and repair it below).
// 'decisions' (optional) receives the cells in the order decided, with their bits: the
// steps a lecture shows one by one.
struct GreedyDecision {
    int cell = 0;
    int bit = 0;
};
void greedyEncode(const ArrayProblem &p, Assignment &out, std::vector<GreedyDecision> *decisions = nullptr);

} // namespace twill
