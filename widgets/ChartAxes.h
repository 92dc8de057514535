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

// The smallest step of 1, 2 or 5 times a power of ten (and at least minStep: 1 for counts) that
// puts at most maxTicks ticks within [lo, hi], the first at a multiple of it.
NiceTicks niceTicks(double lo, double hi, int maxTicks, double minStep = 0);
// Sets the range and round ticks: anchored at a multiple of the step, labelled with its decimals.
// The axis keeps minStep for later refits.
void setNiceTicks(QValueAxis *axis, double lo, double hi, int maxTicks = 6, double minStep = 0);
// The same for the axis' own range (after a resize, an export changes maxTicks).
void refitTicks(QValueAxis *axis, int maxTicks);
double minTickStep(const QValueAxis *axis);

// The CSV column names of a chart, units in the name ("accuracy_pct"): for line and scatter
// series {x, y} ({x, x_label, y} follows when the x axis names its ticks: steps); for bars
// {category, value}; for histograms {low, high, count}.
void setCsvColumns(QChart *chart, const QStringList &columns);
QStringList csvColumns(const QChart *chart);
// A histogram's bins (edges: one more than counts): its table is one row per bin, low, high, count.
void setHistogram(QChart *chart, const std::vector<double> &counts, const std::vector<double> &edges);
bool histogramOf(const QChart *chart, std::vector<double> &counts, std::vector<double> &edges);

} // namespace twill
