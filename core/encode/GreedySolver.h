#pragma once
#include "encode/ArrayProblem.h"

namespace twill {

// Greedy MSB-first: cells in decreasing significance; each takes the bit that leaves its
// words closest to what their still-free bits can reach (the reach distance accounts for
// carries, so a word may settle its top bit above or below its target and repair it below).
void greedyEncode(const ArrayProblem &p, Assignment &out);

} // namespace twill
