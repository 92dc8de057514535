#include "ErrorChartsPanel.h"

#include "ChartAxes.h"
#include "FormFields.h"

#include "quant/NumberFormat.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
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
    stale_ = noteLabel("chartsStale", "#b00020");
    stale_->hide();
    layout->addWidget(stale_);
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

void ErrorChartsPanel::setStale(const QString &reason)
{
    showStaleNote(stale_, reason);
}

QString ErrorChartsPanel::staleNote() const
{
    return stale_->text();
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
    setNiceTicks(sy, 0, 1);
    sy->setTitleText("fraction of words");
    // The significances are numbered on a value axis of their own (ticks every 1, 2, 4 ...
    // as the width allows), so that a narrow dock thins the numbers instead of eliding them;
    // the category axis (its labels and title hidden) keeps what exports read.
    auto *numbers = new QValueAxis;
    setNiceTicks(numbers, 0, W - 1, 9, 1);
    numbers->setRange(-0.5, W - 0.5);
    numbers->setGridLineVisible(false);
    numbers->setObjectName("significanceNumbers");
    numbers->setTitleText(sx->titleText());
    sx->setLabelsVisible(false);
    sx->setTitleVisible(false);
    sx->setGridLineVisible(false);
    sx->setLineVisible(false);
    sig->addAxis(numbers, Qt::AlignBottom);
    sig->addAxis(sx, Qt::AlignBottom);
    sig->addAxis(sy, Qt::AlignLeft);
    sseries->attachAxis(sx);
    sseries->attachAxis(sy);
    sig->legend()->hide();
    setCsvColumns(sig, {"significance", "mismatch_fraction"});

    QChart *oldH = histogramView_->chart(), *oldS = significanceView_->chart();
    histogramView_->setChart(hist);
    significanceView_->setChart(sig);
    delete oldH;
    delete oldS;
}

void errorHistogram(const std::vector<int64_t> &errors, int bins, std::vector<double> &counts, std::vector<double> &edges)
{
    int64_t m = 1;
    for (int64_t e : errors) m = std::max<int64_t>(m, e < 0 ? -e : e);
    // The smallest round width whose 2K+1 bins cover -m..m.
    int64_t w = 1;
    for (int64_t magnitude = 1;; magnitude *= 10) {
        bool found = false;
        for (int64_t f : {1, 2, 5})
            if (2 * ((m + f * magnitude - 1) / (f * magnitude)) + 1 <= std::max(3, bins)) {
                w = f * magnitude;
                found = true;
                break;
            }
        if (found) break;
    }
    const int64_t K = (m + w - 1) / w;
    const size_t n = size_t(2 * K + 1);
    edges.assign(n + 1, 0);
    counts.assign(n, 0);
    for (size_t b = 0; b <= n; ++b) edges[b] = (double(b) - double(K) - 0.5) * double(w);
    for (int64_t e : errors) {
        // floor((e + w/2) / w) in integers: the bin whose [low, high) holds e.
        const int64_t twice = 2 * e + w, k = twice >= 0 ? twice / (2 * w) : -((-twice + 2 * w - 1) / (2 * w));
        counts[size_t(std::clamp<int64_t>(k + K, 0, int64_t(n) - 1))] += 1;
    }
}

QChart *makeHistogramChart(const std::vector<double> &counts, const std::vector<double> &edges, const QString &title,
                       const QString &what)
{
    // Bars as one filled outline over a value axis: the ticks fall on round errors, however many
    // bins there are, and no bin needs a label of its own.
    auto *hist = new QChart;
    hist->setTitle(title);
    auto *outline = new QLineSeries;
    for (size_t b = 0; b < counts.size(); ++b)
        *outline << QPointF(edges[b], 0) << QPointF(edges[b], counts[b]) << QPointF(edges[b + 1], counts[b])
                 << QPointF(edges[b + 1], 0);
    auto *bars = new QAreaSeries(outline);
    bars->setName(what);
    const QColor fill(32, 159, 223);
    bars->setBrush(fill);
    bars->setPen(QPen(fill.darker(150), 1));
    hist->addSeries(bars);
    auto *hx = new QValueAxis;
    hx->setTitleText("error (LSB)");
    auto *hy = new QValueAxis;
    hy->setTitleText(what);
    hist->addAxis(hx, Qt::AlignBottom);
    hist->addAxis(hy, Qt::AlignLeft);
    bars->attachAxis(hx);
    bars->attachAxis(hy);
    const double top = counts.empty() ? 1.0 : std::max(1.0, *std::max_element(counts.begin(), counts.end()));
    setNiceTicks(hx, edges.empty() ? -1.0 : edges.front(), edges.empty() ? 1.0 : edges.back(), 9, 1);
    setNiceTicks(hy, 0, top, 6, 1); // whole counts on the ticks
    hist->legend()->hide();
    setHistogram(hist, counts, edges);
    setCsvColumns(hist, {"error_low_lsb", "error_high_lsb", what});
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
