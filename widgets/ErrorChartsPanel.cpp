#include "ErrorChartsPanel.h"

#include "quant/NumberFormat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace twill {

ErrorChartsPanel::ErrorChartsPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName("errorCharts");
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    histogramView_ = new QChartView;
    histogramView_->setObjectName("errorHistogram");
    significanceView_ = new QChartView;
    significanceView_->setObjectName("errorBySignificance");
    for (QChartView *v : {histogramView_, significanceView_}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumHeight(180);
        layout->addWidget(v);
    }
    timer_.setSingleShot(true);
    timer_.setInterval(50); // at most 20 redraws a second
    connect(&timer_, &QTimer::timeout, this, &ErrorChartsPanel::refreshNow);
}

void ErrorChartsPanel::setArray(const EditableArray *array)
{
    array_ = array;
    scheduleRefresh();
}

void ErrorChartsPanel::scheduleRefresh()
{
    if (!timer_.isActive()) timer_.start();
}

void ErrorChartsPanel::refreshNow()
{
    if (!array_) return;
    const Layout &l = array_->layout();
    const int n = l.wordCount(), W = l.bits();
    std::vector<int64_t> errors(static_cast<size_t>(n));
    for (int w = 0; w < n; ++w) errors[size_t(w)] = array_->error(w);
    errorHistogram(errors, 15, histogram_, edges_);
    // Mismatching bits by significance, in the code space of the format.
    mismatch_.assign(W, 0);
    for (int w = 0; w < n; ++w) {
        const uint64_t t = encodeWord(array_->format(), W, array_->targets()[w]);
        uint64_t d = 0;
        for (int s = 0; s < W; ++s)
            if (array_->bits()[l.cellOf(w, s)]) d |= uint64_t(1) << s;
        for (int s = 0; s < W; ++s) mismatch_[s] += double(((t ^ d) >> s) & 1) / n;
    }

    QChart *hist = makeHistogramChart(histogram_, edges_, QString("word errors (LSB), %1 words").arg(n), "words");

    auto *sig = new QChart;
    sig->setTitle("decoded bit differs from the target's bit");
    auto *ss = new QBarSet("fraction of words");
    QStringList scats;
    for (int s = 0; s < W; ++s) {
        *ss << mismatch_[s];
        scats << QString::number(s);
    }
    auto *sseries = new QBarSeries;
    sseries->append(ss);
    sig->addSeries(sseries);
    auto *sx = new QBarCategoryAxis;
    sx->append(scats);
    sx->setTitleText("bit significance (0 = LSB)");
    auto *sy = new QValueAxis;
    sy->setRange(0, 1);
    sy->setTitleText("fraction of words");
    sig->addAxis(sx, Qt::AlignBottom);
    sig->addAxis(sy, Qt::AlignLeft);
    sseries->attachAxis(sx);
    sseries->attachAxis(sy);
    sig->legend()->hide();

    QChart *oldH = histogramView_->chart(), *oldS = significanceView_->chart();
    histogramView_->setChart(hist);
    significanceView_->setChart(sig);
    delete oldH;
    delete oldS;
}

void errorHistogram(const std::vector<int64_t> &errors, int bins, std::vector<double> &counts, std::vector<double> &edges)
{
    double m = 1;
    for (int64_t e : errors) m = std::max(m, std::fabs(double(e)));
    if (2 * m + 1 <= bins) {
        // Few distinct errors: one bin per integer, so no bin straddles two values or none.
        const int n = int(2 * m + 1);
        edges.assign(size_t(n) + 1, 0);
        counts.assign(size_t(n), 0);
        for (int b = 0; b <= n; ++b) edges[size_t(b)] = -m - 0.5 + b;
        for (int64_t e : errors) counts[size_t(e + int64_t(m))] += 1;
        return;
    }
    edges.assign(size_t(bins) + 1, 0);
    counts.assign(size_t(bins), 0);
    for (int b = 0; b <= bins; ++b) edges[size_t(b)] = -m + 2 * m * b / bins;
    for (int64_t e : errors) counts[size_t(std::clamp(int((double(e) + m) / (2 * m) * bins), 0, bins - 1))] += 1;
}

QChart *makeHistogramChart(const std::vector<double> &counts, const std::vector<double> &edges, const QString &title,
                       const QString &what)
{
    auto *hist = new QChart;
    hist->setTitle(title);
    auto *hs = new QBarSet(what);
    QStringList cats;
    for (size_t b = 0; b < counts.size(); ++b) {
        *hs << counts[b];
        cats << QString::number(std::lround((edges[b] + edges[b + 1]) / 2));
    }
    auto *hseries = new QBarSeries;
    hseries->append(hs);
    hist->addSeries(hseries);
    auto *hx = new QBarCategoryAxis;
    hx->append(cats);
    hx->setTitleText("error (bin centre, LSB)");
    auto *hy = new QValueAxis;
    hy->setTitleText(what);
    hy->setLabelFormat("%d");
    const double top = counts.empty() ? 1.0 : std::max(1.0, *std::max_element(counts.begin(), counts.end()));
    hy->setRange(0, top);
    if (top <= 10) hy->setTickCount(int(top) + 1); // whole counts on the ticks
    else hy->applyNiceNumbers();
    hx->setLabelsAngle(-90);
    hx->setTruncateLabels(false); // small exports keep whole numbers, not "..."
    hist->addAxis(hx, Qt::AlignBottom);
    hist->addAxis(hy, Qt::AlignLeft);
    hseries->attachAxis(hx);
    hseries->attachAxis(hy);
    hist->legend()->hide();
    return hist;
}

QChart *ErrorChartsPanel::histogramChart() const
{
    return histogramView_->chart();
}

QChart *ErrorChartsPanel::significanceChart() const
{
    return significanceView_->chart();
}

} // namespace twill
