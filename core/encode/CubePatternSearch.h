#pragma once
// A seeded search over Latin-cube significance assignments. In the Latin family every cell
// (layer l, row i, column j) has the row significance x = (i + j + l) mod W and the column and
// pillar significances g(x) and h(x) for two permutations g, h of 0..W-1, so every line of
// every direction holds each significance once. The search starts from Twill's own Latin
// cube (latinPermutations), swaps two values of g or h at a time (seeded), encodes the same
// uniform random cubes with each candidate (the 3D auto solver) and keeps a swap when the
// score is no worse, in % of full scale: the mean per-array max |e| (minimax), the mean of the
// per-array lower bounds the minimax search proves (what the pattern allows at best; less
// noisy, it generalised better to other cubes in our runs), or the mean |e| (l2). The same
// seed and options give the same layout.
#include "encode/CubePatternSearchOptions.h"
#include "job/JobControl.h"
#include "layout/Layout.h"

#include <array>
#include <cstdint>
#include <vector>

namespace twill {

struct CubePatternSearchResult {
    Layout layout;                         // a custom layout (no pattern of its own)
    std::array<std::vector<int>, 3> permutations; // row (identity), column, pillar
    double startPctFs = 0;                 // Twill's Latin cube, measured the same way
    double bestPctFs = 0;
    int accepted = 0;                      // swaps kept
    int trials = 0;                        // swaps measured (fewer when cancelled)
};

// The Latin cube of the given permutations (perms[d] for the direction d).
Layout latinCubeOf(const Geometry &geometry, const std::array<std::vector<int>, 3> &perms, int rotation = 0,
                   Pattern pattern = Pattern::Custom);

// Geometry: rows, columns, layers multiples of W, the three directions in use. Throws Error
// otherwise, and SpecError for options out of range (CubePatternSearchOptions::validate). Stops
// between trials when cancelled (the best so far is returned).
CubePatternSearchResult searchCubePattern(const Geometry &geometry, const CubePatternSearchOptions &options,
                                          JobControl *control = nullptr);

} // namespace twill
