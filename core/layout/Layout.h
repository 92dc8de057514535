#pragma once
// A layout is a geometry plus, for every direction in use and every cell, the significance
// that the cell has inside its word along that direction. From it follows the membership
// table: for every cell and direction, which word and which bit.
//
// Word numbering: row words first, then column words, then pillar words.
//   row words:    (layer, row, segment)    segment = col / W
//   column words: (layer, col, segment)    segment = row / W
//   pillar words: (row, col, segment)      segment = layer / W
// Cell numbering: (layer * rows + row) * cols + col.
#include "layout/Geometry.h"
#include "layout/Pattern.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

class Layout {
public:
    Layout() = default;
    // significance[k] holds one entry per cell for geometry.directions[k]; throws Error naming
    // the first word that is not a permutation of 0..W-1.
    Layout(const Geometry &geometry, std::vector<std::vector<int>> significance, Pattern pattern = Pattern::Custom,
           int rotation = 0);

    // Row MSBs overlap column LSBs: s_row = (i + j + l + k) mod W, s_col = W-1-s_row;
    // with a pillar direction, the balanced Latin cube (see latinCube).
    static Layout msbLsb(const Geometry &geometry, int rotation = 0);
    // Naive: s_row = j mod W, s_col = i mod W, s_pillar = l mod W (high bits meet high bits).
    static Layout transpose(const Geometry &geometry);
    // s_dir = perm_dir((i + j + l + k) mod W) with three permutations chosen so that every
    // cell is the top bit of one word and low in the other two: each axis gets its share of
    // top bits (see latinPermutations).
    static Layout latinCube(const Geometry &geometry, int rotation = 0);
    // A named pattern on a geometry (msb-lsb, transpose, latin); throws Error for custom, which
    // has no maps of its own (use the significance constructor or a layout file).
    static Layout named(Pattern pattern, const Geometry &geometry, int rotation = 0);
    // The same family as this layout with another rotation (only msb-lsb and latin rotate).
    Layout rotated(int rotation) const;
    bool rotates() const { return patternRotates(pattern_); }

    const Geometry &geometry() const { return geometry_; }
    Pattern pattern() const { return pattern_; }
    std::string patternName() const { return twill::patternName(pattern_); }
    int rotation() const { return rotation_; }
    int bits() const { return geometry_.bits; }
    int cellCount() const { return geometry_.cellCount(); }
    int wordCount() const { return int(wordDirection_.size()); }
    int directionCount() const { return int(geometry_.directions.size()); }

    // k indexes geometry().directions
    int significance(int k, int cell) const { return significance_[k][cell]; }
    int wordOf(int k, int cell) const { return wordOf_[k][cell]; }
    const std::vector<int> &significanceMap(int k) const { return significance_[k]; }
    const std::vector<int> &wordMap(int k) const { return wordOf_[k]; }
    // The cell that holds significance s of word w.
    int cellOf(int word, int s) const { return wordCells_[size_t(word) * bits() + s]; }
    Direction directionOfWord(int word) const { return wordDirection_[word]; }
    int firstWord(Direction d) const;
    std::string describeWord(int word) const; // "row word 3 (layer 0, row 3, columns 0..15)"

private:
    Geometry geometry_;
    Pattern pattern_ = Pattern::Custom;
    int rotation_ = 0;
    std::vector<std::vector<int>> significance_;
    std::vector<std::vector<int>> wordOf_;
    std::vector<int> wordCells_;
    std::vector<Direction> wordDirection_;
    std::vector<int> wordLine_;    // line index within its direction
    std::vector<int> wordSegment_; // segment within its line
};

// The permutations that make the balanced Latin cube (deterministic, for width W).
std::array<std::vector<int>, 3> latinPermutations(int bits);

} // namespace twill
