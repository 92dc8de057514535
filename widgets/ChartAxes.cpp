#include "ChartAxes.h"

#include <QChart>
#include <QValueAxis>
#include <QVariant>

#include <algorithm>
#include <cmath>

namespace twill {

namespace {
const char *kColumns = "twill.csvColumns";
const char *kEdges = "twill.histogramEdges";
} // namespace

NiceTicks niceTicks(double lo, double hi, int maxTicks)
{
    NiceTicks t;
    if (!std::isfinite(lo) || !std::isfinite(hi)) return t;
    if (hi < lo) std::swap(lo, hi);
    double span = hi - lo;
    if (span <= 0) span = std::max(1e-12, std::fabs(lo));
    const int intervals = std::max(1, maxTicks - 1);
    const double raw = span / intervals;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        t.step = m * magnitude;
        // Few enough ticks fall inside [lo, hi] with this step (a tolerance for rounding).
        const double first = std::ceil(lo / t.step - 1e-9) * t.step;
        const int count = int(std::floor((hi - first) / t.step + 1e-9)) + 1;
        if (count <= std::max(2, maxTicks)) break;
    }
    t.first = std::ceil(lo / t.step - 1e-9) * t.step;
    if (std::fabs(t.first) < t.step * 1e-9) t.first = 0; // no "-0"
    t.count = int(std::floor((hi - t.first) / t.step + 1e-9)) + 1;
    t.decimals = std::max(0, int(-std::floor(std::log10(t.step) + 1e-9)));
    return t;
}

void setNiceTicks(QValueAxis *axis, double lo, double hi, int maxTicks)
{
    if (!axis) return;
    if (hi < lo) std::swap(lo, hi);
    if (hi == lo) {
        lo -= 0.5;
        hi += 0.5;
    }
    axis->setRange(lo, hi);
    refitTicks(axis, maxTicks);
}

void refitTicks(QValueAxis *axis, int maxTicks)
{
    if (!axis) return;
    const NiceTicks t = niceTicks(axis->min(), axis->max(), maxTicks);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(t.first);
    axis->setTickInterval(t.step);
    axis->setLabelFormat(QString("%.%1f").arg(t.decimals));
}

void setCsvColumns(QChart *chart, const QStringList &columns)
{
    if (chart) chart->setProperty(kColumns, columns);
}

QStringList csvColumns(const QChart *chart)
{
    return chart ? chart->property(kColumns).toStringList() : QStringList();
}

void setHistogramEdges(QChart *chart, const std::vector<double> &edges)
{
    if (!chart) return;
    QVariantList list;
    for (double e : edges) list << e;
    chart->setProperty(kEdges, list);
}

std::vector<double> histogramEdges(const QChart *chart)
{
    std::vector<double> edges;
    if (!chart) return edges;
    for (const QVariant &v : chart->property(kEdges).toList()) edges.push_back(v.toDouble());
    return edges;
}

} // namespace twill
