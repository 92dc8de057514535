#pragma once
// What every chart shares, on screen and in exports: value axes with ticks on round numbers
// (1, 2 or 5 times a power of ten) and labels with just the decimals those need, and the
// names (with units) of the columns that a chart's CSV export writes.
#include <QStringList>

#include <vector>

class QChart;
class QValueAxis;

namespace twill {

struct NiceTicks {
    double first = 0; // the first tick at or above lo
    double step = 1;
    int decimals = 0; // digits after the point that the step needs
    int count = 0;    // ticks within [lo, hi]
};

// At most maxTicks ticks (at least 2 when the range allows) on round numbers within [lo, hi].
NiceTicks niceTicks(double lo, double hi, int maxTicks);
// Sets the range and round ticks: anchored at a multiple of the step, labelled with its decimals.
void setNiceTicks(QValueAxis *axis, double lo, double hi, int maxTicks = 6);
// The same for the axis' own range (after a resize, an export changes maxTicks).
void refitTicks(QValueAxis *axis, int maxTicks);

// The CSV column names of a chart, units in the name ("accuracy_pct"): for line and scatter
// series {x, y}, optionally {x, x_label, y} when the x axis names its ticks (steps); for bars
// {category, value}; for histograms {low, high, count} with the bin edges set below.
void setCsvColumns(QChart *chart, const QStringList &columns);
QStringList csvColumns(const QChart *chart);
// The edges of the histogram's bins (one more than bars), written as low and high columns.
void setHistogramEdges(QChart *chart, const std::vector<double> &edges);
std::vector<double> histogramEdges(const QChart *chart);

} // namespace twill
