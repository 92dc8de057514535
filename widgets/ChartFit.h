#pragma once
// Charts that never elide their text: the smallest size at which a chart's axis titles and its
// legend (side by side at the top or bottom) show whole, from the fonts and the chart's own
// margins; kept as the view's minimum size, so that the page around it grows or scrolls
// instead of cutting "accuracy (%)" to "accur...".
#include <QSize>

class QChartView;

namespace twill {

QSize wholeTextSize(const QChartView *view);
// Keeps the view's minimum size at wholeTextSize (and at least the minimum it has now), refitted
// whenever the chart's plot area or legend changes.
void keepTextWhole(QChartView *view);

} // namespace twill
