#pragma once
// Charts that never elide their text: the smallest size at which a chart's axis titles and its
// legend (side by side at the top or bottom) show whole, from the fonts and the chart's own
// margins; kept as the view's minimum size, so that the page around it grows or scrolls
// instead of cutting "accuracy (%)" to "accur...".
#include <QSize>

class QAbstractSeries;
class QChart;
class QChartView;
class QLabel;

namespace twill {

QSize wholeTextSize(const QChartView *view);
// Keeps the view's minimum size at wholeTextSize (and at least the minimum it has now), refitted
// whenever the chart's plot area or legend changes.
void keepTextWhole(QChartView *view);

// A legend that wraps: for a chart whose legend is wider than its dock. The chart's own legend
// is hidden on screen (exports still draw it: renderChart shows it for the file) and the label
// lists the same entries, each its marker in its colour and its whole name, wrapping between
// entries. Call refreshWrappedLegend after the chart's series change.
QLabel *wrappedLegend(QChart *chart);
void refreshWrappedLegend(QLabel *legend, const QChart *chart);
// A series with no legend entry (a seed spread, a repeated line): hidden from the chart's
// legend and left out of a wrapped one.
void hideFromLegend(QChart *chart, QAbstractSeries *series);
inline constexpr const char *kNoLegendEntry = "twill.noLegendEntry";
// The dynamic property that asks renderChart to draw the chart's legend in exports.
inline constexpr const char *kLegendInExports = "twill.legendInExports";

} // namespace twill
