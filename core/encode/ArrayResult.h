#pragma once
#include <cstdint>
#include <vector>

namespace twill {

// The encoding of one array and what the solver can say about it.
struct ArrayResult {
    std::vector<uint8_t> bits;     // per cell
    std::vector<int64_t> decoded;  // per word, offset included
    std::vector<int8_t> shift;     // per word
    int rotation = 0;
    int64_t offset = 0;
    bool certified = false;        // optimal for the objective (given rotation, offset and shifts)
    bool feasible = true;          // every |error| within the hard bound (always true without one)
    bool infeasibleCertified = false; // proven: no encoding meets the bound
    double objectiveKey = 0;       // max: weighted max |e|; l2/rel: weighted sum of squares
    double lowerBound = 0;         // certified lower bound on objectiveKey
    int64_t nodes = 0;             // branch-and-bound nodes
};

} // namespace twill
