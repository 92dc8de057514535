#include "ChartFit.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QLegend>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPointer>
#include <QScatterSeries>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace twill {

QSize wholeTextSize(const QChartView *view)
{
    const QChart *chart = view->chart();
    if (!chart || chart->plotArea().isEmpty()) return view->minimumSize();
    const QRectF plot = chart->plotArea();
    // What the chart spends around its plot (titles, tick labels, legend, margins) stays; the
    // plot must be long enough for each axis title.
    const double aroundW = chart->size().width() - plot.width(), aroundH = chart->size().height() - plot.height();
    double plotW = 0, plotH = 0;
    for (const QAbstractAxis *a : chart->axes()) {
        if (!a->isVisible() || !a->isTitleVisible() || a->titleText().isEmpty()) continue;
        const double text = QFontMetricsF(a->titleFont()).horizontalAdvance(a->titleText()) + 12;
        if (a->orientation() == Qt::Vertical) plotH = std::max(plotH, text);
        else plotW = std::max(plotW, text);
    }
    double width = plotW + aroundW;
    const QLegend *legend = chart->legend();
    if (legend->isVisible() && (legend->alignment() & (Qt::AlignTop | Qt::AlignBottom))) {
        // Markers side by side: each its symbol, a gap and its whole label.
        const QFontMetricsF fm(legend->font());
        double markers = 0;
        for (const QLegendMarker *m : legend->markers())
            if (m->isVisible()) markers += fm.horizontalAdvance(m->label()) + fm.height() + 24;
        width = std::max(width, markers + 40);
    }
    const int frameW = view->width() - view->viewport()->width(), frameH = view->height() - view->viewport()->height();
    return QSize(int(std::ceil(width)) + frameW, int(std::ceil(plotH + aroundH)) + frameH);
}

void keepTextWhole(QChartView *view)
{
    const QSize floor = view->minimumSize();
    QPointer<QChartView> guard(view);
    auto refit = [guard, floor]() {
        if (!guard) return;
        const QSize need = wholeTextSize(guard).expandedTo(floor);
        if (need != guard->minimumSize()) guard->setMinimumSize(need);
    };
    // After the chart has laid itself out: the plot area says what its text took.
    QObject::connect(view->chart(), &QChart::plotAreaChanged, view, [refit]() { QTimer::singleShot(0, refit); });
    QTimer::singleShot(0, refit);
}

QLabel *wrappedLegend(QChart *chart)
{
    chart->legend()->setVisible(false);
    chart->setProperty(kLegendInExports, true);
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setContentsMargins(8, 2, 8, 2);
    refreshWrappedLegend(label, chart);
    return label;
}

namespace {

// The marker a legend entry shows, as a character: the scatter series' shape, a line's stroke.
QString glyphOf(const QAbstractSeries *series, QColor &color)
{
    if (auto *s = qobject_cast<const QScatterSeries *>(series)) {
        color = s->color() == QColor(Qt::white) ? s->pen().color() : s->color(); // hollow: its border
        switch (s->markerShape()) {
        case QScatterSeries::MarkerShapeRectangle: return "\u25a0";
        case QScatterSeries::MarkerShapeTriangle: return "\u25b2";
        case QScatterSeries::MarkerShapeRotatedRectangle: return "\u25c6";
        case QScatterSeries::MarkerShapePentagon: return "\u2b1f";
        case QScatterSeries::MarkerShapeStar: return "\u2605";
        default: return "\u25cf";
        }
    }
    if (auto *l = qobject_cast<const QLineSeries *>(series)) {
        color = l->pen().color();
        return l->pen().style() == Qt::SolidLine ? "\u2501\u2501" : "\u254d\u254d";
    }
    color = Qt::black;
    return "\u25a0";
}

} // namespace

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    for (QLegendMarker *m : chart->legend()->markers(series)) m->setVisible(false);
    series->setProperty(kNoLegendEntry, true);
}

void refreshWrappedLegend(QLabel *legend, const QChart *chart)
{
    // From the series, not the legend's markers: a marker's visibility is its drawn item's,
    // false for every marker of a hidden legend or a chart not yet shown.
    QStringList entries;
    for (const QAbstractSeries *series : chart->series()) {
        if (series->property(kNoLegendEntry).toBool() || series->name().isEmpty()) continue;
        QColor color;
        const QString glyph = glyphOf(series, color);
        // No break inside an entry: the line wraps between entries only.
        entries << QString("<span style=\"color:%1\">%2</span>&nbsp;%3")
                       .arg(color.name(), glyph, series->name().toHtmlEscaped().replace(" ", "&nbsp;"));
    }
    legend->setText(entries.join(" &nbsp; "));
    legend->setVisible(!entries.isEmpty());
}

} // namespace twill
