#pragma once
// The peer the 3D auto solver is measured against: plain threshold descent for minimax.
// From Twill's greedy encoding, lower a common bound T on |e| to one below the current max
// and repair the words above it one cell flip at a time: pick one of them at random (seeded)
// and flip, among its cells not flipped in the last 'tenure' flips, the one that leaves the
// smallest total excess over T on the cell's words (it may create excess elsewhere: the
// min-conflicts rule). A round ends when no word is above T (the encoding is kept, T lowered
// again) or after 'budget' flips (the search stops with the last encoding that met its T).
// Unsigned and two's complement codes, no pins, no weights: the bench's uniform cubes.
#include "encode/ArrayProblem.h"

#include <cstdint>
#include <vector>

namespace twill {

struct ThresholdDescentOptions {
    int budget = 5000; // flips per round
    int tenure = 10;   // a flipped cell rests this many flips
    uint64_t seed = 1;
};

// Improves a (the greedy encoding) in place; returns the flips made.
int64_t thresholdDescent(const ArrayProblem &p, Assignment &a, const ThresholdDescentOptions &options);

} // namespace twill
