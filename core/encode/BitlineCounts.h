#pragma once
// Ones along the physical lines of arrays of cells, for computing in memory: a bitline sums the
// ones of its line (a column when rows are driven, a row when the array is read the other way,
// a pillar through the layers of a stack), and the largest sum sets the ADC's resolution,
// ceil(log2(max ones + 1)) bits. Overlapped and plain (bit-sliced) storage count the same way:
// in plain storage a column holds one significance of every row's weight, a bit slice.
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

enum class LineAxis { Row, Column, Pillar };
std::string lineAxisName(LineAxis a); // "row", "column", "pillar"

struct BitlineCounts {
    int64_t arrays = 0;
    int layers = 1, rows = 0, cols = 0;
    std::vector<LineAxis> axes; // row and column; pillar too when layers > 1
    // ones[k]: arrays x lines of axis k; lines of a row: (layer, row); of a column: (layer,
    // column); of a pillar: (row, column), each in C order.
    std::vector<std::vector<int32_t>> ones;

    int linesPerArray(size_t k) const;
    int cellsPerLine(size_t k) const; // what a line can hold at most
    int32_t maxOnes(size_t k) const;
    double meanOnes(size_t k) const;
    // The line's place in the array, e.g. "layer 0, row 3".
    std::string describeLine(size_t k, int line) const;
};

// ADC bits that read a sum from 0 to maxOnes: ceil(log2(maxOnes + 1)); 0 for maxOnes 0.
int adcBits(int64_t maxOnes);

// bits: arrays x layers x rows x cols, 0 or 1, C order.
BitlineCounts countBitlines(const uint8_t *bits, int64_t arrays, int layers, int rows, int cols);

} // namespace twill
