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
    // Histogram over [-m, m] in 15 bins, m the largest |error| (at least 1).
    const double m = std::max(1.0, array_->maxAbsError());
    const int bins = 15;
    edges_.assign(bins + 1, 0);
    histogram_.assign(bins, 0);
    for (int b = 0; b <= bins; ++b) edges_[b] = -m + 2 * m * b / bins;
    for (int w = 0; w < n; ++w) {
        const double e = double(array_->error(w));
        const int b = std::clamp(int((e + m) / (2 * m) * bins), 0, bins - 1);
        histogram_[b] += 1;
    }
    // Mismatching bits by significance, in the code space of the format.
    mismatch_.assign(W, 0);
    for (int w = 0; w < n; ++w) {
        const uint64_t t = encodeWord(array_->format(), W, array_->targets()[w]);
        uint64_t d = 0;
        for (int s = 0; s < W; ++s)
            if (array_->bits()[l.cellOf(w, s)]) d |= uint64_t(1) << s;
        for (int s = 0; s < W; ++s) mismatch_[s] += double(((t ^ d) >> s) & 1) / n;
    }

    auto *hist = new QChart;
    hist->setTitle(QString("word errors (LSB), %1 words").arg(n));
    auto *hs = new QBarSet("words");
    QStringList cats;
    for (int b = 0; b < bins; ++b) {
        *hs << histogram_[b];
        cats << QString::number(std::lround((edges_[b] + edges_[b + 1]) / 2));
    }
    auto *hseries = new QBarSeries;
    hseries->append(hs);
    hist->addSeries(hseries);
    auto *hx = new QBarCategoryAxis;
    hx->append(cats);
    hx->setTitleText("error (bin centre, LSB)");
    auto *hy = new QValueAxis;
    hy->setTitleText("words");
    hy->setLabelFormat("%d");
    const double top = std::max(1.0, *std::max_element(histogram_.begin(), histogram_.end()));
    hy->setRange(0, top);
    if (top <= 10) hy->setTickCount(int(top) + 1); // whole words on the ticks
    else hy->applyNiceNumbers();
    hx->setLabelsAngle(-90);
    hx->setTruncateLabels(false); // small exports keep whole numbers, not "..."
    hist->addAxis(hx, Qt::AlignBottom);
    hist->addAxis(hy, Qt::AlignLeft);
    hseries->attachAxis(hx);
    hseries->attachAxis(hy);
    hist->legend()->hide();

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

QChart *ErrorChartsPanel::histogramChart() const
{
    return histogramView_->chart();
}

QChart *ErrorChartsPanel::significanceChart() const
{
    return significanceView_->chart();
}

} // namespace twill
