#include "encode/BitlineCounts.h"

#include <Eigen/Core>

#include <algorithm>

namespace twill {

std::string lineAxisName(LineAxis a)
{
    switch (a) {
    case LineAxis::Row: return "row";
    case LineAxis::Column: return "column";
    case LineAxis::Pillar: return "pillar";
    }
    return "row";
}

int adcBits(int64_t maxOnes)
{
    int b = 0;
    while ((int64_t(1) << b) <= maxOnes) ++b;
    return b;
}

int BitlineCounts::linesPerArray(size_t k) const
{
    switch (axes[k]) {
    case LineAxis::Row: return layers * rows;
    case LineAxis::Column: return layers * cols;
    case LineAxis::Pillar: return rows * cols;
    }
    return 0;
}

int BitlineCounts::cellsPerLine(size_t k) const
{
    switch (axes[k]) {
    case LineAxis::Row: return cols;
    case LineAxis::Column: return rows;
    case LineAxis::Pillar: return layers;
    }
    return 0;
}

int32_t BitlineCounts::maxOnes(size_t k) const
{
    return ones[k].empty() ? 0 : *std::max_element(ones[k].begin(), ones[k].end());
}

double BitlineCounts::meanOnes(size_t k) const
{
    if (ones[k].empty()) return 0;
    double s = 0;
    for (int32_t x : ones[k]) s += x;
    return s / double(ones[k].size());
}

std::string BitlineCounts::describeLine(size_t k, int line) const
{
    switch (axes[k]) {
    case LineAxis::Row: return "layer " + std::to_string(line / rows) + ", row " + std::to_string(line % rows);
    case LineAxis::Column: return "layer " + std::to_string(line / cols) + ", column " + std::to_string(line % cols);
    case LineAxis::Pillar: return "row " + std::to_string(line / cols) + ", column " + std::to_string(line % cols);
    }
    return {};
}

BitlineCounts countBitlines(const uint8_t *bits, int64_t arrays, int layers, int rows, int cols)
{
    BitlineCounts c;
    c.arrays = arrays;
    c.layers = layers;
    c.rows = rows;
    c.cols = cols;
    c.axes = {LineAxis::Row, LineAxis::Column};
    if (layers > 1) c.axes.push_back(LineAxis::Pillar);
    c.ones.resize(c.axes.size());
    for (size_t k = 0; k < c.axes.size(); ++k) c.ones[k].resize(size_t(arrays) * size_t(c.linesPerArray(k)));
    using Plane = Eigen::Matrix<int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using Bits = Eigen::Matrix<uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Plane pillars(rows, cols);
    const int64_t plane = int64_t(rows) * cols;
    for (int64_t a = 0; a < arrays; ++a) {
        pillars.setZero();
        for (int l = 0; l < layers; ++l) {
            const Plane p = Eigen::Map<const Bits>(bits + (a * layers + l) * plane, rows, cols).cast<int32_t>();
            Eigen::Map<Eigen::VectorXi>(c.ones[0].data() + (a * layers + l) * rows, rows) = p.rowwise().sum();
            Eigen::Map<Eigen::RowVectorXi>(c.ones[1].data() + (a * layers + l) * cols, cols) = p.colwise().sum();
            pillars += p;
        }
        if (layers > 1) Eigen::Map<Plane>(c.ones[2].data() + a * plane, rows, cols) = pillars;
    }
    return c;
}

} // namespace twill
