#pragma once
// The shape of a subarray (or 3D stack) and the access directions that hold words.
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

enum class Direction { Row = 0, Column = 1, Pillar = 2 };

std::string directionName(Direction d);  // "row", "column", "pillar"
Direction parseDirection(const std::string &name); // throws Error

struct Geometry {
    // The largest array: 2^24 cells (4096 x 4096, or 256 x 256 x 256), so that cell and word
    // indices fit an int with room to spare.
    static constexpr int64_t kMaxCells = int64_t(1) << 24;

    int rows = 16;
    int cols = 16;
    int layers = 1;
    int bits = 16;
    std::vector<Direction> directions{Direction::Row, Direction::Column};

    int cellCount() const { return rows * cols * layers; }
    int cellIndex(int layer, int row, int col) const { return (layer * rows + row) * cols + col; }
    // Where a cell is, in words: "row 3, column 5", in a stack "layer 2, row 3, column 5".
    std::string cellName(int cell) const;
    // Length of one line along d: a row line runs along the columns, and so on.
    int lineLength(Direction d) const;
    int lineCount(Direction d) const;
    int wordsAlong(Direction d) const; // all words of direction d in the array
    int wordCount() const;             // over the directions in use
    bool uses(Direction d) const;
    int directionIndex(Direction d) const; // position in 'directions', -1 if unused

    // Throws Error naming the first problem: sizes, bit width, lines that W does not divide.
    void validate() const;
};

} // namespace twill
