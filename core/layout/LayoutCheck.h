#pragma once
// Validation of a proposed significance table before it becomes a Layout. The Layout
// constructor stops at the first bad word; an editor needs every problem, in words a user can
// act on, and the cells concerned so that it can outline them.
#include "layout/Geometry.h"

#include <string>
#include <vector>

namespace twill {

struct LayoutProblem {
    // "row word 3 (layer 0, row 3, columns 0..15): significance 5 is used twice (columns 2
    // and 7) and 9 is missing", or "cell (row 2, column 4): column significance 17 is outside 0..15"
    std::string message;
    int direction = -1;         // index into Geometry::directions; -1 when the whole table is wrong
    std::vector<int> wordCells; // the cells of the word concerned, in bit-position order
    std::vector<int> badCells;  // the cells that hold a repeated or out-of-range significance
};

// Every problem of 'significance' (one map per direction of g, one entry per cell), in word
// order: row words, then column words, then pillar words; an out-of-range cell comes just
// before its word. Empty exactly when Layout(g, significance) succeeds.
std::vector<LayoutProblem> checkLayout(const Geometry &g, const std::vector<std::vector<int>> &significance);

// The messages of checkLayout.
std::vector<std::string> layoutProblems(const Geometry &g, const std::vector<std::vector<int>> &significance);

// The cells of the word along d that holds 'cell', in bit-position order (g must be valid).
std::vector<int> wordCells(const Geometry &g, Direction d, int cell);

} // namespace twill
