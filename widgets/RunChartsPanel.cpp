#include "RunChartsPanel.h"

#include "ChartAxes.h"
#include "ChartFit.h"
#include "ErrorChartsPanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QScrollArea>
#include <QComboBox>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace twill {

namespace {

// Axis text for a step: the INQ steps by the fraction frozen, so they read as marks on the axis.
QString stepAxisLabel(const RunStep &s)
{
    if (s.label.startsWith("inq ")) return QString("INQ %1%").arg(100 * s.fraction, 0, 'g', 4);
    if (s.label.startsWith("ste epoch ")) return "STE " + s.label.mid(10);
    return s.label;
}

QValueAxis *valueAxis(QChart *chart, Qt::Alignment side)
{
    for (QAbstractAxis *a : chart->axes(side == Qt::AlignLeft ? Qt::Vertical : Qt::Horizontal))
        if (auto *v = qobject_cast<QValueAxis *>(a)) return v;
    return nullptr;
}

// A step axis: one labelled tick per step (step -> its name), or whole steps 0..1 while there
// are none.
void setStepAxis(QCategoryAxis *x, const std::map<int, QString> &labels)
{
    for (const QString &l : x->categoriesLabels()) x->remove(l);
    const int last = labels.empty() ? 1 : std::max(1, labels.rbegin()->first);
    x->setRange(-0.3, last + 0.3);
    x->setStartValue(-0.3);
    if (labels.empty()) {
        for (int i = 0; i <= last; ++i) x->append(QString::number(i), i);
        return;
    }
    for (const auto &[step, label] : labels) x->append(label, step);
}

// The step axis of the accuracy and loss charts.
void setStepAxis(QChart *chart, const QList<RunStep> &steps)
{
    QCategoryAxis *x = nullptr;
    for (QAbstractAxis *a : chart->axes(Qt::Horizontal))
        if ((x = qobject_cast<QCategoryAxis *>(a))) break;
    if (!x) return;
    std::map<int, QString> labels;
    for (const RunStep &s : steps) labels[s.step] = stepAxisLabel(s);
    setStepAxis(x, labels);
}

// A category axis of steps as the accuracy and loss charts have it: labels on the steps, slanted, whole.
void styleStepAxis(QCategoryAxis *x)
{
    x->setTitleText("step (INQ: fraction frozen)");
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    x->setLabelsAngle(-30);
    x->setTruncateLabels(false);
}

// The chart's axis of that type on that side, made and added the first time.
template <typename Axis> Axis *axisOf(QChart *chart, Qt::Alignment side)
{
    for (QAbstractAxis *a : chart->axes())
        if (a->alignment() == side)
            if (auto *typed = qobject_cast<Axis *>(a)) return typed;
    auto *axis = new Axis;
    chart->addAxis(axis, side);
    return axis;
}

// The data's range with some room, within [floor, ceil], ticks on round numbers.
void setRange(QValueAxis *axis, double lo, double hi, double pad, double floor, double ceil)
{
    if (!axis) return;
    if (lo > hi) {
        setNiceTicks(axis, floor, ceil);
        return;
    }
    setNiceTicks(axis, std::max(floor, lo - pad), std::min(ceil, hi + pad));
}

} // namespace

RunChartsPanel::RunChartsPanel(QWidget *parent) : QTabWidget(parent)
{
    setObjectName("runCharts");
    buildStepCharts();
    buildLayerPage();
    buildComparePage();
    // Charts redraw on a timer (10 Hz), not on every point.
    redrawTimer_.setInterval(100);
    connect(&redrawTimer_, &QTimer::timeout, this, [this]() {
        if (dirty_) refreshNow();
    });
    redrawTimer_.start();
    refreshNow(); // empty axes with whole-step ticks until a run reports
}

void RunChartsPanel::addPage(QWidget *page, const QString &name)
{
    // Charts keep their text whole (keepTextWhole): a dock too small for them scrolls.
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    addTab(scroll, name);
}

QChartView *RunChartsPanel::addChart(const QString &objectName, const QString &title, const QString &tab)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom); // the dock is narrow: names need the width
    auto *view = new QChartView(chart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    keepTextWhole(view);
    if (!tab.isEmpty()) addPage(view, tab);
    return view;
}

void RunChartsPanel::buildStepCharts()
{
    // Accuracy: the run's steps, the float baseline as a dashed line, the post-encoding point.
    accuracyView_ = addChart("runChart", "test accuracy by step", "Accuracy");
    QChart *chart = accuracyView_->chart();
    accuracy_ = new QLineSeries;
    accuracy_->setName("accuracy");
    baselineLine_ = new QLineSeries;
    baselineLine_->setName("float");
    QPen dashed(Qt::DashLine);
    dashed.setColor(Qt::darkGray);
    baselineLine_->setPen(dashed);
    postPoint_ = new QScatterSeries;
    postPoint_->setName("post");
    postPoint_->setMarkerSize(11);
    stepPoints_ = new QScatterSeries;
    stepPoints_->setName("steps");
    stepPoints_->setMarkerSize(7);
    // Loss: test loss per step and the training loss of the epochs before it.
    lossView_ = addChart("lossChart", "loss by step", "Loss");
    testLoss_ = new QLineSeries;
    testLoss_->setName("test");
    trainLoss_ = new QLineSeries;
    trainLoss_->setName("training");
    QPen dotted(Qt::DotLine);
    dotted.setWidth(2);
    dotted.setColor(QColor(200, 120, 0));
    trainLoss_->setPen(dotted);
    lossPoints_ = new QScatterSeries;
    lossPoints_->setName("steps");
    lossPoints_->setMarkerSize(7);
    const QList<std::pair<QChart *, QList<QAbstractSeries *>>> stepCharts = {
        {chart, {accuracy_, baselineLine_, postPoint_, stepPoints_}},
        {lossView_->chart(), {testLoss_, trainLoss_, lossPoints_}}};
    for (const auto &[c, series] : stepCharts) {
        for (QAbstractSeries *s : series) c->addSeries(s);
        auto *x = new QCategoryAxis;
        styleStepAxis(x);
        auto *y = new QValueAxis;
        y->setTitleText(c == chart ? "accuracy (%)" : "cross-entropy");
        c->addAxis(x, Qt::AlignBottom);
        c->addAxis(y, Qt::AlignLeft);
        for (QAbstractSeries *s : series) {
            s->attachAxis(x);
            s->attachAxis(y);
        }
        setCsvColumns(c, {"step", c == chart ? "accuracy_pct" : "cross_entropy"});
    }
}

void RunChartsPanel::buildLayerPage()
{
    // Layer error: mean and max per layer, and below it the error histogram of one tensor.
    layerView_ = addChart("layerChart", "per-layer weight error", QString());
    tensorView_ = addChart("tensorChart", "weight errors of a tensor", QString());
    tensorChoice_ = new QComboBox;
    tensorChoice_->setObjectName("tensorChoice");
    tensorChoice_->setToolTip("The tensor whose weight errors the histogram shows (after the run, as deployed)");
    connect(tensorChoice_, &QComboBox::currentTextChanged, this, &RunChartsPanel::redrawTensor);
    layerView_->setMinimumHeight(110); // two charts share the page: keep the dock short enough
    tensorView_->setMinimumHeight(110);
    keepTextWhole(layerView_);
    keepTextWhole(tensorView_);
    auto *layerPage = new QWidget;
    auto *layerLayout = new QVBoxLayout(layerPage);
    layerLayout->setContentsMargins(0, 0, 0, 0);
    layerLayout->addWidget(layerView_, 1);
    layerLayout->addWidget(tensorChoice_);
    layerLayout->addWidget(tensorView_, 1);
    addPage(layerPage, "Layer error");
}

void RunChartsPanel::buildComparePage()
{
    compareView_ = addChart("compareChart", "test accuracy by step, runs overlaid", QString());
    auto *comparePage = new QWidget;
    auto *compareLayout = new QVBoxLayout(comparePage);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareLayout->addWidget(compareView_, 1);
    addPage(comparePage, "Compare");
    // The runs kept for Compare: tick to overlay, untick to hide.
    runList_ = new QListWidget;
    runList_->setObjectName("runList");
    runList_->setMaximumHeight(70);
    runList_->setToolTip("Finished runs; ticked ones are overlaid in Compare.");
    connect(runList_, &QListWidget::itemChanged, this, [this]() { dirty_ = true; });
    auto *clear = new QPushButton("Clear kept runs");
    clear->setObjectName("runClear");
    connect(clear, &QPushButton::clicked, this, &RunChartsPanel::clearRuns);
    compareLayout->addWidget(runList_);
    compareLayout->addWidget(clear, 0, Qt::AlignRight);
}

void RunChartsPanel::startRun(const QString &name)
{
    currentName_ = name;
    steps_.clear();
    baselineAccuracy_ = -1;
    refreshNow();
}

void RunChartsPanel::addStep(const RunStep &s)
{
    steps_ << s;
    if (s.label == "baseline") baselineAccuracy_ = s.accuracy;
    dirty_ = true;
}

void RunChartsPanel::setTensorErrors(const QList<TensorErrors> &tensors)
{
    const QString shown = tensorChoice_->currentText();
    tensorErrors_ = tensors;
    QSignalBlocker block(tensorChoice_);
    tensorChoice_->clear();
    for (const TensorErrors &t : tensors) tensorChoice_->addItem(t.name);
    if (tensorChoice_->findText(shown) >= 0) tensorChoice_->setCurrentText(shown);
    redrawTensor();
}

bool RunChartsPanel::keepRun(bool complete, const QString &baselineFrom)
{
    // A run that got past the baseline has encoded something worth comparing.
    const bool encoded = std::any_of(steps_.begin(), steps_.end(), [](const RunStep &s) { return s.label != "baseline"; });
    if (!encoded) return false;
    RunRecord r;
    r.name = currentName_ + (complete ? QString() : QString(" (cancelled)"));
    r.steps = steps_;
    r.baseline = baselineAccuracy_;
    r.complete = complete;
    r.baselineFrom = baselineFrom;
    runs_ << r;
    auto *item = new QListWidgetItem(r.name, runList_);
    if (!baselineFrom.isEmpty()) item->setToolTip("baseline: " + baselineFrom);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    dirty_ = true;
    return true;
}

void RunChartsPanel::setRunning(bool on)
{
    running_ = on;
    dirty_ = true;
}

void RunChartsPanel::clearRuns()
{
    runs_.clear();
    runList_->clear();
    dirty_ = true;
}

void RunChartsPanel::showTensor(const QString &name)
{
    tensorChoice_->setCurrentText(name);
}

void RunChartsPanel::showSteps()
{
    setCurrentIndex(0); // Accuracy
}

void RunChartsPanel::showCompare()
{
    setCurrentIndex(count() - 1);
}

QChart *RunChartsPanel::chart(const QString &name) const
{
    if (name == "tensor") return tensorView_->chart();
    if (name == "accuracy") return accuracyView_->chart();
    if (name == "loss") return lossView_->chart();
    if (name == "layers") return layerView_->chart();
    if (name == "compare") return compareView_->chart();
    return nullptr;
}

void RunChartsPanel::refreshNow()
{
    dirty_ = false;
    redrawSteps();
    redrawLayers();
    redrawCompare();
}

void RunChartsPanel::redrawTensor()
{
    const TensorErrors *t = nullptr;
    for (const TensorErrors &x : tensorErrors_)
        if (x.name == tensorChoice_->currentText()) t = &x;
    std::vector<double> counts, edges;
    QString title = "weight errors of a tensor (after a run encodes)";
    if (t) {
        errorHistogram(t->errors, 41, counts, edges);
        double sum = 0;
        for (int64_t e : t->errors) sum += std::fabs(double(e));
        title = QString("%1: mean |e| %2 LSB (%3 % FS)")
                    .arg(t->name)
                    .arg(t->errors.empty() ? 0.0 : sum / double(t->errors.size()), 0, 'f', 2)
                    .arg(t->errors.empty() || t->fullScale <= 0 ? 0.0 : 100 * sum / double(t->errors.size()) / t->fullScale, 0, 'f', 3);
    }
    QChart *old = tensorView_->chart();
    tensorView_->setChart(makeHistogramChart(counts, edges, title, "weights"));
    delete old;
}

void RunChartsPanel::redrawSteps()
{
    // Accuracy and loss by step.
    QList<QPointF> acc, marks, post, base, loss, trainLoss, lossMarks;
    double lo = 100, hi = 0, lossLo = 1e300, lossHi = 0;
    for (const RunStep &s : steps_) {
        acc << QPointF(s.step, 100 * s.accuracy); // accuracy in %, everywhere
        loss << QPointF(s.step, s.loss);
        if (s.report.trainLoss > 0) trainLoss << QPointF(s.step, s.report.trainLoss);
        if (s.label == "post") post << QPointF(s.step, 100 * s.accuracy);
        else if (s.label != "baseline") {
            marks << QPointF(s.step, 100 * s.accuracy);
            lossMarks << QPointF(s.step, s.loss);
        }
        lo = std::min(lo, 100 * s.accuracy);
        hi = std::max(hi, 100 * s.accuracy);
        lossHi = std::max({lossHi, s.loss, s.report.trainLoss});
        lossLo = std::min(lossLo, s.report.trainLoss > 0 ? std::min(s.loss, s.report.trainLoss) : s.loss);
    }
    const int last = steps_.isEmpty() ? 1 : std::max(1, steps_.back().step);
    if (baselineAccuracy_ >= 0) base << QPointF(0, 100 * baselineAccuracy_) << QPointF(last, 100 * baselineAccuracy_);
    accuracy_->replace(acc);
    stepPoints_->replace(marks);
    postPoint_->replace(post);
    baselineLine_->replace(base);
    testLoss_->replace(loss);
    trainLoss_->replace(trainLoss);
    lossPoints_->replace(lossMarks);
    setStepAxis(accuracyView_->chart(), steps_);
    setStepAxis(lossView_->chart(), steps_);
    setRange(valueAxis(accuracyView_->chart(), Qt::AlignLeft), lo, hi, 1, 0, 100);
    setRange(valueAxis(lossView_->chart(), Qt::AlignLeft), lossLo, lossHi, std::max(0.01, (lossHi - lossLo) * 0.1), 0,
             steps_.isEmpty() ? 2.5 : 1e9);
}

void RunChartsPanel::redrawLayers()
{
    // Per-layer weight error at the latest step that encoded something.
    // Series are replaced; the axes stay (recreating them left stale labels behind).
    QChart *lc = layerView_->chart();
    lc->removeAllSeries();
    const RunStep *latest = nullptr;
    for (const RunStep &s : steps_)
        if (!s.report.layers.empty()) latest = &s;
    if (!latest && !runs_.isEmpty()) // between runs: the last kept run
        for (const RunStep &s : runs_.back().steps)
            if (!s.report.layers.empty()) latest = &s;
    auto *mean = new QBarSet("mean |e| (% FS)");
    auto *worst = new QBarSet("max |e| (% FS)");
    QStringList layers;
    double top = 0;
    if (latest)
        for (const LayerReport &l : latest->report.layers) {
            layers << QString::fromStdString(l.name).remove(QRegularExpression("\\.weight$"));
            *mean << l.error.meanPctFs;
            *worst << l.error.maxPctFs;
            top = std::max(top, l.error.maxPctFs);
        }
    lc->setTitle(latest ? QString("per-layer weight error after %1").arg(latest->label)
                        : QString("per-layer weight error (after a run encodes)"));
    auto *bars = new QBarSeries;
    bars->append(mean);
    bars->append(worst);
    lc->addSeries(bars);
    auto *lx = axisOf<QBarCategoryAxis>(lc, Qt::AlignBottom);
    lx->clear();
    lx->append(layers.isEmpty() ? QStringList{"\u2014"} : layers);
    lx->setLabelsAngle(layers.size() > 4 ? -45 : 0);
    auto *ly = axisOf<QValueAxis>(lc, Qt::AlignLeft);
    ly->setTitleText("% FS");
    setNiceTicks(ly, 0, top > 0 ? top * 1.1 : 1);
    setCsvColumns(lc, {"layer", "error_pct_fs"});
    bars->attachAxis(lx);
    bars->attachAxis(ly);
}

void RunChartsPanel::redrawCompare()
{
    // Compare: the ticked kept runs, and the one going now.
    QChart *cc = compareView_->chart();
    cc->removeAllSeries();
    auto *cx = axisOf<QCategoryAxis>(cc, Qt::AlignBottom);
    styleStepAxis(cx);
    auto *cy = axisOf<QValueAxis>(cc, Qt::AlignLeft);
    cy->setTitleText("accuracy (%)");
    setCsvColumns(cc, {"step", "accuracy_pct"});
    double clo = 100, chi = 0;
    // The runs to overlay; in the legend each is named by what differs from the others (the
    // narrow dock cuts long names), and what they share goes into the title.
    QList<std::pair<QString, const QList<RunStep> *>> shown;
    for (int i = 0; i < runs_.size(); ++i)
        if (runList_->item(i) && runList_->item(i)->checkState() == Qt::Checked) shown << std::make_pair(runs_[i].name, &runs_[i].steps);
    if (running_ && !steps_.isEmpty()) shown << std::make_pair(currentName_ + " (running)", &steps_);
    QStringList common;
    if (shown.size() > 1) {
        common = shown.first().first.split(' ', Qt::SkipEmptyParts);
        for (const auto &r : shown) {
            const QStringList words = r.first.split(' ', Qt::SkipEmptyParts);
            common.erase(std::remove_if(common.begin(), common.end(), [&](const QString &w) { return !words.contains(w); }),
                         common.end());
        }
    }
    cc->setTitle(common.isEmpty() ? QString("test accuracy by step, runs overlaid")
                                  : "test accuracy by step: " + common.join(' '));
    // The steps by name; where the overlaid runs name a step differently, both names ("INQ 50% / STE 1").
    std::map<int, QString> stepNames;
    for (const auto &run : shown)
        for (const RunStep &st : *run.second) {
            QString &name = stepNames[st.step];
            const QString label = stepAxisLabel(st);
            if (!name.split(" / ").contains(label)) name = name.isEmpty() ? label : name + " / " + label;
        }
    for (const auto &[name, steps] : shown) {
        QStringList words = name.split(' ', Qt::SkipEmptyParts);
        words.erase(std::remove_if(words.begin(), words.end(), [&](const QString &w) { return common.contains(w); }),
                    words.end());
        auto *line = new QLineSeries;
        line->setName(words.isEmpty() ? name : words.join(' '));
        for (const RunStep &st : *steps) {
            line->append(st.step, 100 * st.accuracy);
            clo = std::min(clo, 100 * st.accuracy);
            chi = std::max(chi, 100 * st.accuracy);
        }
        line->setPointsVisible(true);
        cc->addSeries(line);
        line->attachAxis(cx);
        line->attachAxis(cy);
    }
    setStepAxis(cx, stepNames);
    setRange(cy, clo, chi, 2, 0, 100);
}

} // namespace twill
