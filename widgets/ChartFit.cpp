#include "ChartFit.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QPointer>
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

} // namespace twill
