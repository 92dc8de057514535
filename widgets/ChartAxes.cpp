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
const char *kCounts = "twill.histogramCounts";
const char *kMinStep = "twill.minTickStep";
} // namespace

NiceTicks niceTicks(double lo, double hi, int maxTicks, double minStep)
{
    NiceTicks t;
    if (!std::isfinite(lo) || !std::isfinite(hi)) return t;
    if (hi < lo) std::swap(lo, hi);
    double span = hi - lo;
    if (span <= 0) span = std::max(1e-12, std::fabs(lo));
    const int intervals = std::max(1, maxTicks - 1);
    const double raw = std::max(span / intervals, minStep);
    // The smallest round step whose ticks in [lo, hi] are few enough; nothing below a tenth of
    // the raw step can be (it would put more than 10 (maxTicks - 1) ticks in the range).
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)) - 1);
    bool found = false;
    for (double mag = magnitude; !found && mag <= magnitude * 1000; mag *= 10)
        for (double m : {1.0, 2.0, 5.0}) {
            t.step = m * mag;
            if (t.step < minStep * (1 - 1e-9)) continue;
            const double first = std::ceil(lo / t.step - 1e-9) * t.step;
            const int count = int(std::floor((hi - first) / t.step + 1e-9)) + 1;
            if (count <= std::max(1, maxTicks)) {
                found = true;
                break;
            }
        }
    t.first = std::ceil(lo / t.step - 1e-9) * t.step;
    if (std::fabs(t.first) < t.step * 1e-9) t.first = 0; // no "-0"
    t.count = int(std::floor((hi - t.first) / t.step + 1e-9)) + 1;
    t.decimals = std::max(0, int(-std::floor(std::log10(t.step) + 1e-9)));
    return t;
}

void setNiceTicks(QValueAxis *axis, double lo, double hi, int maxTicks, double minStep)
{
    if (!axis) return;
    axis->setProperty(kMinStep, minStep);
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
    const NiceTicks t = niceTicks(axis->min(), axis->max(), maxTicks, minTickStep(axis));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(t.first);
    axis->setTickInterval(t.step);
    axis->setLabelFormat(QString("%.%1f").arg(t.decimals));
}

double minTickStep(const QValueAxis *axis)
{
    return axis ? axis->property(kMinStep).toDouble() : 0;
}

void setCsvColumns(QChart *chart, const QStringList &columns)
{
    if (chart) chart->setProperty(kColumns, columns);
}

QStringList csvColumns(const QChart *chart)
{
    return chart ? chart->property(kColumns).toStringList() : QStringList();
}

void setHistogram(QChart *chart, const std::vector<double> &counts, const std::vector<double> &edges)
{
    if (!chart) return;
    QVariantList c, e;
    for (double v : counts) c << v;
    for (double v : edges) e << v;
    chart->setProperty(kCounts, c);
    chart->setProperty(kEdges, e);
}

bool histogramOf(const QChart *chart, std::vector<double> &counts, std::vector<double> &edges)
{
    counts.clear();
    edges.clear();
    if (!chart || !chart->property(kEdges).isValid()) return false;
    for (const QVariant &v : chart->property(kCounts).toList()) counts.push_back(v.toDouble());
    for (const QVariant &v : chart->property(kEdges).toList()) edges.push_back(v.toDouble());
    return edges.size() == counts.size() + 1;
}

} // namespace twill
