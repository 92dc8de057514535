#include "NetworkRunDock.h"

#include "ChartAxes.h"
#include "ErrorChartsPanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

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

// The step axis of the accuracy and loss charts: one labelled tick per step.
void setStepAxis(QChart *chart, const QList<RunStep> &steps)
{
    QCategoryAxis *x = nullptr;
    for (QAbstractAxis *a : chart->axes(Qt::Horizontal))
        if ((x = qobject_cast<QCategoryAxis *>(a))) break;
    if (!x) return;
    for (const QString &l : x->categoriesLabels()) x->remove(l);
    const int last = steps.isEmpty() ? 1 : std::max(1, steps.back().step);
    x->setRange(-0.3, last + 0.3);
    x->setStartValue(-0.3);
    if (steps.isEmpty()) {
        for (int i = 0; i <= last; ++i) x->append(QString::number(i), i);
        return;
    }
    for (const RunStep &s : steps) x->append(stepAxisLabel(s), s.step);
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

QChartView *NetworkRunDock::addChart(const QString &objectName, const QString &title, const QString &tab)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom); // the dock is narrow: names need the width
    auto *view = new QChartView(chart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    if (!tab.isEmpty()) tabs_->addTab(view, tab);
    return view;
}

NetworkRunDock::NetworkRunDock(std::function<void(RunConfig &)> fillEncoding, QWidget *parent)
    : QDockWidget("Network run", parent), fillEncoding_(std::move(fillEncoding))
{
    setObjectName("networkRunDock");
    auto *panel = new QWidget;
    auto *layout = new QVBoxLayout(panel);
    // Setup is the first tab, so that the charts get the dock's height while a run goes.
    tabs_ = new QTabWidget;
    tabs_->setObjectName("runCharts");
    auto *setup = new QWidget;
    auto *form = new QFormLayout(setup);
    model_ = new QComboBox;
    model_->setObjectName("runModel");
    model_->addItem("lenet5", "lenet5");
    model_->addItem("mlp", "mlp");
    model_->addItem("TorchScript file\u2026", "choose");
    model_->setToolTip("A built-in model, or any TorchScript model (scripted or traced) that takes 1x28x28 images.");
    // "…" entries ask for a file or folder and then stand in the list under their path.
    auto chooser = [this](QComboBox *box, const QString &title, bool folder, const QString &filter) {
        connect(box, &QComboBox::activated, this, [this, box, title, folder, filter](int index) {
            if (box->itemData(index).toString() != "choose") return;
            const QString path = folder ? QFileDialog::getExistingDirectory(this, title)
                                        : QFileDialog::getOpenFileName(this, title, QString(), filter);
            if (path.isEmpty()) {
                box->setCurrentIndex(0);
                return;
            }
            box->insertItem(index, path, path);
            box->setCurrentIndex(index);
        });
    };
    chooser(model_, "TorchScript model", false, "TorchScript (*.pt *.pth);;All files (*)");
    baseline_ = new QComboBox;
    baseline_->setObjectName("runBaseline");
    baseline_->addItem("train it here", "");
    baseline_->addItem("checkpoint file\u2026", "choose");
    baseline_->setToolTip("Train the float baseline now, or start from a checkpoint written by twill-cli train --out.");
    chooser(baseline_, "Checkpoint (twill-cli train --out)", false, "Checkpoints (*.pt *.ckpt);;All files (*)");
    data_ = new QComboBox;
    data_->setObjectName("runData");
    data_->addItem("Fashion-MNIST", "fashion");
    data_->addItem("synthetic (small, fast)", "synthetic");
    data_->addItem("IDX folder\u2026", "choose");
    data_->setToolTip("A folder with the four IDX files (train/t10k images and labels, .gz or not), 28x28 images.");
    chooser(data_, "Folder with the four IDX files", true, QString());
    epochs_ = new QSpinBox;
    epochs_->setObjectName("runEpochs");
    epochs_->setRange(0, 200);
    epochs_->setValue(3);
    subset_ = new QSpinBox;
    subset_->setObjectName("runSubset");
    subset_->setRange(0, 60000);
    subset_->setSingleStep(1000);
    subset_->setValue(0);
    subset_->setSpecialValueText("all");
    testSubset_ = new QSpinBox;
    testSubset_->setObjectName("runTestSubset");
    testSubset_->setRange(0, 10000);
    testSubset_->setSingleStep(1000);
    testSubset_->setSpecialValueText("all");
    mode_ = new QComboBox;
    mode_->setObjectName("runMode");
    mode_->addItems({"inq", "post", "ste"});
    mode_->setToolTip("post: encode once. inq: freeze the encoded weights portion by portion (50, 75, 87.5, 100 %) "
                      "and retrain the rest in between. ste: train through the encoding (straight-through).");
    partition_ = new QComboBox;
    partition_->setObjectName("runPartition");
    partition_->addItems({"magnitude", "random", "importance"});
    partition_->setToolTip("INQ: which arrays are frozen first: the largest weights, a random choice, or the most "
                           "important by squared gradients.");
    epochsPerStep_ = new QSpinBox;
    epochsPerStep_->setObjectName("runEpochsPerStep");
    epochsPerStep_->setRange(1, 50);
    lr_ = new QDoubleSpinBox;
    lr_->setObjectName("runLr");
    lr_->setDecimals(4);
    lr_->setRange(0.0001, 1);
    lr_->setSingleStep(0.005);
    lr_->setValue(0.01);
    storage_ = new QComboBox;
    storage_->setObjectName("runStorage");
    storage_->addItem("as in Parameters", "parameters");
    storage_->addItem("no overlap (plain W-bit)", "none");
    storage_->setToolTip("Parameters: the pattern, bits, format and objective set there, W x W arrays (W x W x W "
                         "stacks when Layers > 1). No overlap: every cell holds one bit of one weight.");
    schedule_ = new QLineEdit("0.5, 0.75, 0.875, 1");
    schedule_->setObjectName("runSchedule");
    schedule_->setToolTip("INQ: the accumulated fractions frozen at each step, rising to 1.");
    unit_ = new QComboBox;
    unit_->setObjectName("runUnit");
    unit_->addItems({"array", "weight"});
    unit_->setToolTip("INQ portions by whole arrays (measured better) or by single weights, whose words are pinned.");
    laterWeight_ = new QDoubleSpinBox;
    laterWeight_->setObjectName("runLaterWeight");
    laterWeight_->setRange(0, 1);
    laterWeight_->setSingleStep(0.05);
    laterWeight_->setValue(0.25);
    laterWeight_->setEnabled(false); // only for INQ by weight
    laterWeight_->setToolTip("INQ by weight: how much the encoder cares about the words frozen in later steps "
                             "(0: not at all, 1: as much as the words frozen now).");
    steEvery_ = new QSpinBox;
    steEvery_->setObjectName("runSteEvery");
    steEvery_->setRange(1, 100000);
    steEvery_->setValue(50);
    steEvery_->setSuffix(" batches");
    steEvery_->setEnabled(false); // only for STE
    importance_ = new QCheckBox("weight the encoder by importance");
    importance_->setObjectName("runImportance");
    importance_->setToolTip("Squared gradients (a diagonal Fisher estimate) as the encoder's per-weight importance.");
    placement_ = new QSpinBox;
    placement_->setObjectName("runPlacement");
    placement_->setRange(0, 100000);
    placement_->setSpecialValueText("off");
    placement_->setSuffix(" trials");
    placement_->setToolTip("Before encoding, try permutations of each layer's neurons (function unchanged) and keep "
                           "the one the encoder likes best; built-in models only.");
    quant_ = new QComboBox;
    quant_->setObjectName("runQuant");
    quant_->addItems({"per-tensor", "per-channel"});
    setupProblem_ = new QLabel;
    setupProblem_->setObjectName("runSetupProblem");
    setupProblem_->setWordWrap(true);
    setupProblem_->setStyleSheet("color: #b00020");
    form->addRow("Model", model_);
    form->addRow("Baseline", baseline_);
    form->addRow("Data", data_);
    form->addRow("Baseline epochs", epochs_);
    form->addRow("Training samples", subset_);
    form->addRow("Test samples", testSubset_);
    form->addRow("Retraining", mode_);
    form->addRow("INQ partition", partition_);
    form->addRow("Epochs per step", epochsPerStep_);
    form->addRow("Retraining rate", lr_);
    form->addRow("Storage", storage_);
    form->addRow("INQ schedule", schedule_);
    form->addRow("INQ unit", unit_);
    form->addRow("Later-word weight", laterWeight_);
    form->addRow("STE re-encode every", steEvery_);
    form->addRow("Quantisation", quant_);
    form->addRow("Placement search", placement_);
    form->addRow(importance_);
    form->addRow(setupProblem_);
    // Options that do nothing in the chosen mode say so by being disabled, with the reason.
    auto modeChanged = [this]() {
        const bool inq = mode_->currentText() == "inq", post = mode_->currentText() == "post";
        partition_->setEnabled(inq && !running_);
        partition_->setToolTip(inq ? "INQ: which arrays are frozen first." : "only INQ freezes portions");
        epochsPerStep_->setEnabled(!post && !running_);
        lr_->setEnabled(!post && !running_);
        schedule_->setEnabled(inq && !running_);
        unit_->setEnabled(inq && !running_);
        laterWeight_->setEnabled(inq && unit_->currentText() == "weight" && !running_);
        steEvery_->setEnabled(mode_->currentText() == "ste" && !running_);
        checkSetup();
    };
    connect(mode_, &QComboBox::currentIndexChanged, this, modeChanged);
    connect(schedule_, &QLineEdit::textChanged, this, &NetworkRunDock::checkSetup);
    connect(unit_, &QComboBox::currentIndexChanged, this, [this]() {
        laterWeight_->setEnabled(!running_ && mode_->currentText() == "inq" && unit_->currentText() == "weight");
    });
    connect(model_, &QComboBox::currentIndexChanged, this, &NetworkRunDock::checkSetup);
    connect(placement_, qOverload<int>(&QSpinBox::valueChanged), this, &NetworkRunDock::checkSetup);
    connect(baseline_, &QComboBox::currentIndexChanged, this, [this]() {
        epochs_->setEnabled(!running_ && baseline_->currentData().toString().isEmpty());
    });
    auto *setupScroll = new QScrollArea; // the form is taller than the dock on small screens
    setupScroll->setWidget(setup);
    setupScroll->setWidgetResizable(true);
    setupScroll->setFrameShape(QFrame::NoFrame);
    tabs_->addTab(setupScroll, "Setup");
    auto *buttons = new QHBoxLayout;
    start_ = new QPushButton("Start");
    start_->setObjectName("runStart");
    compare_ = new QPushButton("Compare storage");
    compare_->setObjectName("runCompare");
    compare_->setToolTip("Run the same network three times: msb-lsb, transpose and no overlap; the Compare tab overlays them.");
    cancel_ = new QPushButton("Cancel");
    cancel_->setObjectName("runCancel");
    cancel_->setEnabled(false);
    export_ = new QPushButton("Export");
    export_->setObjectName("runExport");
    export_->setEnabled(false);
    // The same menu serves the Export button and File > Export network run.
    exportMenu_ = new QMenu("Export &network run", this);
    const QList<std::array<QString, 3>> kinds = {{"npz", "Encoded weights (.npz)\u2026", "NumPy archive (*.npz)"},
                                                 {"state_dict", "PyTorch state_dict (.pt)\u2026", "PyTorch (*.pt *.pth)"},
                                                 {"json", "Run report (.json)\u2026", "JSON (*.json)"},
                                                 {"csv", "Steps and per-layer error (.csv)\u2026", "CSV (*.csv)"}};
    for (const auto &k : kinds)
        exportMenu_->addAction(k[1], this, [this, k]() {
            const QString suffix = k[0] == "state_dict" ? "pt" : k[0];
            const QString path = QFileDialog::getSaveFileName(this, "Export network run", "run." + suffix, k[2]);
            if (path.isEmpty()) return;
            const QString problem = exportLast(k[0], path);
            if (!problem.isEmpty()) QMessageBox::warning(this, "Export network run", problem);
        });
    export_->setMenu(exportMenu_);
    buttons->addWidget(start_);
    buttons->addWidget(compare_);
    buttons->addWidget(cancel_);
    buttons->addWidget(export_);
    layout->addLayout(buttons);
    progress_ = new QProgressBar;
    progress_->setObjectName("runProgress");
    progress_->setRange(0, 1000);
    status_ = new QLabel("Uses the bits, pattern and encoder options of Parameters (W x W arrays; W x W x W with layers).");
    status_->setObjectName("runStatus");
    status_->setWordWrap(true);
    layout->addWidget(progress_);
    layout->addWidget(status_);

    layout->addWidget(tabs_, 1);
    // Accuracy: the run's steps, the float baseline as a dashed line, the post-encoding point.
    chart_ = addChart("runChart", "test accuracy by step", "Accuracy");
    QChart *chart = chart_->chart();
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
        x->setTitleText("step (INQ: fraction frozen)");
        x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        x->setLabelsAngle(-30);
        x->setTruncateLabels(false);
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
    // Layer error: mean and max per layer, and below it the error histogram of one tensor.
    layerView_ = addChart("layerChart", "per-layer weight error", QString());
    tensorView_ = addChart("tensorChart", "weight errors of a tensor", QString());
    tensorChoice_ = new QComboBox;
    tensorChoice_->setObjectName("tensorChoice");
    tensorChoice_->setToolTip("The tensor whose weight errors the histogram shows (after the run, as deployed)");
    connect(tensorChoice_, &QComboBox::currentTextChanged, this, &NetworkRunDock::redrawTensor);
    layerView_->setMinimumHeight(110); // two charts share the page: keep the dock short enough
    tensorView_->setMinimumHeight(110);
    auto *layerPage = new QWidget;
    auto *layerLayout = new QVBoxLayout(layerPage);
    layerLayout->setContentsMargins(0, 0, 0, 0);
    layerLayout->addWidget(layerView_, 1);
    layerLayout->addWidget(tensorChoice_);
    layerLayout->addWidget(tensorView_, 1);
    tabs_->addTab(layerPage, "Layer error");
    compareView_ = addChart("compareChart", "test accuracy by step, runs overlaid", QString());
    auto *comparePage = new QWidget;
    auto *compareLayout = new QVBoxLayout(comparePage);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareLayout->addWidget(compareView_, 1);
    tabs_->addTab(comparePage, "Compare");
    // The runs kept for Compare: tick to overlay, untick to hide.
    runList_ = new QListWidget;
    runList_->setObjectName("runList");
    runList_->setMaximumHeight(70);
    runList_->setToolTip("Finished runs; ticked ones are overlaid in Compare.");
    connect(runList_, &QListWidget::itemChanged, this, [this]() { dirty_ = true; });
    auto *clear = new QPushButton("Clear kept runs");
    clear->setObjectName("runClear");
    connect(clear, &QPushButton::clicked, this, &NetworkRunDock::clearRuns);
    compareLayout->addWidget(runList_);
    compareLayout->addWidget(clear, 0, Qt::AlignRight);
    setWidget(panel);

    runner_ = new NetworkRunner;
    runner_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, runner_, &QObject::deleteLater);
    thread_.start();
    connect(start_, &QPushButton::clicked, this, &NetworkRunDock::start);
    connect(compare_, &QPushButton::clicked, this, &NetworkRunDock::compareStorage);
    connect(cancel_, &QPushButton::clicked, this, &NetworkRunDock::cancel);
    connect(runner_, &NetworkRunner::progress, this, [this](double f, const QString &phase) {
        if (phase != lastPhase_) {
            lastPhase_ = phase;
            phaseClock_.start();
        }
        progress_->setValue(int(1000 * f));
        QString eta;
        if (f > 0.02 && phaseClock_.isValid())
            eta = QString(", about %1 s left in this phase").arg(int(phaseClock_.elapsed() / 1000.0 * (1 - f) / f + 0.5));
        const QString queued = queue_.isEmpty() ? QString() : QString(" (%1 more queued)").arg(queue_.size());
        status_->setText(QString("%1 \u2014 %2: %3 %%4%5").arg(currentName_, phase).arg(int(100 * f)).arg(eta, queued));
        Q_EMIT progressChanged(int(1000 * f), status_->text());
    });
    connect(runner_, &NetworkRunner::tensorsEncoded, this, [this](const QList<TensorErrors> &tensors) {
        const QString shown = tensorChoice_->currentText();
        tensorErrors_ = tensors;
        QSignalBlocker block(tensorChoice_);
        tensorChoice_->clear();
        for (const TensorErrors &t : tensors) tensorChoice_->addItem(t.name);
        if (tensorChoice_->findText(shown) >= 0) tensorChoice_->setCurrentText(shown);
        redrawTensor();
    });
    connect(runner_, &NetworkRunner::stepReported, this, [this](const RunStep &s) {
        steps_ << s;
        if (s.label == "baseline") baselineAccuracy_ = s.accuracy;
        dirty_ = true;
    });
    connect(runner_, &NetworkRunner::finished, this,
            [this](double base, double encoded, double final, const QString &from) {
                keepRun(true);
                const QString done = QString("%1 done in %2 s: baseline %3 %, after encoding %4 %, final %5 % (%6)")
                                         .arg(currentName_)
                                         .arg(clock_.elapsed() / 1000)
                                         .arg(100 * base, 0, 'f', 2)
                                         .arg(100 * encoded, 0, 'f', 2)
                                         .arg(100 * final, 0, 'f', 2)
                                         .arg(from);
                if (!queue_.isEmpty()) {
                    launchNext();
                    return;
                }
                setRunning(false);
                redraw();
                status_->setText(done);
                Q_EMIT runEnded("finished");
            });
    connect(runner_, &NetworkRunner::cancelled, this, [this]() {
        keepRun(false);
        queue_.clear();
        setRunning(false);
        redraw();
        status_->setText(QString("cancelled after %1 s; the steps so far stay in the charts").arg(clock_.elapsed() / 1000));
        Q_EMIT runEnded("cancelled");
    });
    connect(runner_, &NetworkRunner::failed, this, [this](const QString &why) {
        queue_.clear();
        setRunning(false);
        redraw();
        status_->setText("failed: " + why);
        Q_EMIT runEnded("failed");
    });
    // Charts redraw on a timer (10 Hz), not on every point.
    redrawTimer_.setInterval(100);
    connect(&redrawTimer_, &QTimer::timeout, this, [this]() {
        if (dirty_) redraw();
    });
    redrawTimer_.start();
    redraw(); // empty axes with whole-step ticks until a run reports
    checkSetup();
}

NetworkRunDock::~NetworkRunDock()
{
    queue_.clear();
    runner_->cancel(); // stops within a batch
    thread_.quit();
    thread_.wait();
}

QString NetworkRunDock::status() const
{
    return status_->text();
}

void NetworkRunDock::showTensor(const QString &name)
{
    tensorChoice_->setCurrentText(name);
}

void NetworkRunDock::redrawTensor()
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

QChart *NetworkRunDock::chart(const QString &name) const
{
    if (name == "tensor") return tensorView_->chart();
    if (name == "accuracy") return chart_->chart();
    if (name == "loss") return lossView_->chart();
    if (name == "layers") return layerView_->chart();
    if (name == "compare") return compareView_->chart();
    return nullptr;
}

void NetworkRunDock::setRunning(bool on)
{
    running_ = on;
    start_->setEnabled(!on);
    compare_->setEnabled(!on);
    if (!on && setupProblem_ && !setupProblem_->text().isEmpty()) {
        start_->setEnabled(false);
        compare_->setEnabled(false);
    }
    cancel_->setEnabled(on);
    export_->setEnabled(!on && export_->property("ready").toBool());
    for (QWidget *w : {static_cast<QWidget *>(model_), static_cast<QWidget *>(baseline_), static_cast<QWidget *>(data_), static_cast<QWidget *>(epochs_),
                       static_cast<QWidget *>(subset_), static_cast<QWidget *>(testSubset_), static_cast<QWidget *>(mode_),
                       static_cast<QWidget *>(storage_)})
        w->setEnabled(!on);
    const bool post = mode_->currentText() == "post";
    epochs_->setEnabled(!on && baseline_->currentData().toString().isEmpty());
    partition_->setEnabled(!on && mode_->currentText() == "inq");
    schedule_->setEnabled(!on && mode_->currentText() == "inq");
    unit_->setEnabled(!on && mode_->currentText() == "inq");
    laterWeight_->setEnabled(!on && mode_->currentText() == "inq" && unit_->currentText() == "weight");
    steEvery_->setEnabled(!on && mode_->currentText() == "ste");
    for (QWidget *w : {static_cast<QWidget *>(importance_), static_cast<QWidget *>(placement_), static_cast<QWidget *>(quant_)})
        w->setEnabled(!on);
    if (!on) checkSetup();
    epochsPerStep_->setEnabled(!on && !post);
    lr_->setEnabled(!on && !post);
    Q_EMIT runningChanged(on);
}

RunConfig NetworkRunDock::config() const
{
    RunConfig c;
    c.model = model_->currentData().toString();
    c.checkpoint = baseline_->currentData().toString();
    c.data = data_->currentData().toString();
    c.epochs = epochs_->value();
    c.trainSubset = subset_->value();
    c.testSubset = testSubset_->value();
    c.mode = mode_->currentText();
    c.partition = partition_->currentText();
    c.epochsPerStep = epochsPerStep_->value();
    c.lr = lr_->value();
    QString problem;
    c.schedule = parseSchedule(problem);
    c.unit = unit_->currentText();
    c.laterWeight = laterWeight_->value();
    c.steEvery = steEvery_->value();
    c.importance = importance_->isChecked();
    c.placement = placement_->value();
    c.perChannel = quant_->currentText() == "per-channel";
    if (fillEncoding_) fillEncoding_(c);
    if (storage_->currentData().toString() == "none") {
        c.pattern = "none";
        c.cube = false;
    }
    return c;
}

namespace {

// Selects the entry whose data is 'value', adding it (a file or folder) when it is not listed.
void selectData(QComboBox *box, const QString &value)
{
    int i = box->findData(value);
    if (i < 0) {
        box->insertItem(box->count() - 1, value, value); // before the "…" entry
        i = box->findData(value);
    }
    box->setCurrentIndex(i);
}

} // namespace

NetworkSetup NetworkRunDock::setup(std::string &dataset) const
{
    NetworkSetup s;
    s.model = model_->currentData().toString().toStdString();
    s.checkpoint = baseline_->currentData().toString().toStdString();
    s.epochs = epochs_->value();
    s.trainSubset = subset_->value();
    s.testSubset = testSubset_->value();
    s.mode = mode_->currentText().toStdString();
    s.partition = partition_->currentText().toStdString();
    s.epochsPerStep = epochsPerStep_->value();
    s.lr = lr_->value();
    s.storage = storage_->currentData().toString().toStdString();
    QString problem;
    s.schedule = parseSchedule(problem);
    s.unit = unit_->currentText().toStdString();
    s.laterWeight = laterWeight_->value();
    s.steEvery = steEvery_->value();
    s.importance = importance_->isChecked();
    s.placement = placement_->value();
    s.quant = quant_->currentText().toStdString();
    const QString data = data_->currentData().toString();
    dataset = data == "fashion" ? std::string() : data.toStdString();
    return s;
}

void NetworkRunDock::setSetup(const NetworkSetup &s, const std::string &dataset)
{
    selectData(model_, QString::fromStdString(s.model));
    selectData(baseline_, QString::fromStdString(s.checkpoint));
    selectData(data_, dataset.empty() ? QString("fashion") : QString::fromStdString(dataset));
    epochs_->setValue(s.epochs);
    subset_->setValue(s.trainSubset);
    testSubset_->setValue(s.testSubset);
    mode_->setCurrentText(QString::fromStdString(s.mode));
    partition_->setCurrentText(QString::fromStdString(s.partition));
    epochsPerStep_->setValue(s.epochsPerStep);
    lr_->setValue(s.lr);
    storage_->setCurrentIndex(std::max(0, storage_->findData(QString::fromStdString(s.storage))));
    QStringList fractions;
    for (double f : s.schedule) fractions << QString::number(f);
    schedule_->setText(fractions.join(", "));
    unit_->setCurrentText(QString::fromStdString(s.unit));
    laterWeight_->setValue(s.laterWeight);
    steEvery_->setValue(s.steEvery);
    importance_->setChecked(s.importance);
    placement_->setValue(s.placement);
    quant_->setCurrentText(QString::fromStdString(s.quant));
    checkSetup();
}

std::vector<double> NetworkRunDock::parseSchedule(QString &problem) const
{
    std::vector<double> out;
    problem.clear();
    for (const QString &f : schedule_->text().split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = f.trimmed().toDouble(&ok);
        if (!ok) {
            problem = "INQ schedule: '" + f.trimmed() + "' is not a number; give fractions such as 0.5, 0.75, 0.875, 1";
            return out;
        }
        if (!(v > 0 && v <= 1) || (!out.empty() && v <= out.back())) {
            problem = "INQ schedule: the fractions must rise strictly within (0, 1]";
            return out;
        }
        out.push_back(v);
    }
    if (out.empty()) problem = "INQ schedule: give at least one fraction, ending at 1";
    else if (out.back() != 1.0) problem = "INQ schedule: end at 1 so that every weight is encoded";
    return out;
}

void NetworkRunDock::checkSetup()
{
    QStringList problems;
    QString schedule;
    parseSchedule(schedule);
    if (mode_->currentText() == "inq" && !schedule.isEmpty()) problems << schedule;
    const QString model = model_->currentData().toString();
    if (placement_->value() > 0 && model != "lenet5" && model != "mlp")
        problems << "Placement search needs a built-in model (lenet5, mlp): a TorchScript model's layer chain is unknown.";
    setupProblem_->setText(problems.join("\n"));
    setupProblem_->setVisible(!problems.isEmpty());
    start_->setEnabled(!running_ && problems.isEmpty());
    compare_->setEnabled(!running_ && problems.isEmpty());
}

void NetworkRunDock::start()
{
    if (running_) return;
    tabs_->setCurrentWidget(chart_);
    queue_ = {config()};
    clock_.start();
    setRunning(true);
    launchNext();
}

void NetworkRunDock::compareStorage()
{
    if (running_) return;
    const RunConfig c = config();
    tabs_->setCurrentIndex(tabs_->count() - 1); // Compare
    queue_.clear();
    for (const char *pattern : {"msb-lsb", "transpose", "none"}) {
        RunConfig v = c;
        v.pattern = pattern;
        if (v.pattern == "none") v.cube = false;
        queue_ << v;
    }
    clock_.start();
    setRunning(true);
    launchNext();
}

void NetworkRunDock::launchNext()
{
    const RunConfig c = queue_.takeFirst();
    currentName_ = c.name();
    steps_.clear();
    baselineAccuracy_ = -1;
    dirty_ = true;
    redraw();
    lastPhase_.clear();
    status_->setText(currentName_ + ": starting\u2026");
    QMetaObject::invokeMethod(runner_, "run", Qt::QueuedConnection, Q_ARG(twill::RunConfig, c));
}

void NetworkRunDock::cancel()
{
    if (!running_) return;
    queue_.clear();
    status_->setText("cancelling\u2026");
    runner_->cancel();
}

void NetworkRunDock::keepRun(bool complete)
{
    // A run that got past the baseline has encoded something worth comparing and exporting.
    const bool encoded = std::any_of(steps_.begin(), steps_.end(), [](const RunStep &s) { return s.label != "baseline"; });
    if (!encoded) return;
    export_->setProperty("ready", true);
    RunRecord r;
    r.name = currentName_ + (complete ? QString() : QString(" (cancelled)"));
    r.steps = steps_;
    r.baseline = baselineAccuracy_;
    r.complete = complete;
    runs_ << r;
    auto *item = new QListWidgetItem(r.name, runList_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    dirty_ = true;
}

void NetworkRunDock::clearRuns()
{
    runs_.clear();
    runList_->clear();
    dirty_ = true;
}

QString NetworkRunDock::exportLast(const QString &kind, const QString &path)
{
    if (running_) return "a run is going: export when it has finished or been cancelled";
    QString problem;
    // The engine owns the network; it is idle now, so a blocking call is short and safe.
    QMetaObject::invokeMethod(runner_, "exportLast", Qt::BlockingQueuedConnection, Q_RETURN_ARG(QString, problem),
                              Q_ARG(QString, kind), Q_ARG(QString, path));
    Q_EMIT exported(problem.isEmpty() ? "exported the network run to " + path : problem);
    return problem;
}

void NetworkRunDock::redraw()
{
    dirty_ = false;
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
    setStepAxis(chart_->chart(), steps_);
    setStepAxis(lossView_->chart(), steps_);
    setRange(valueAxis(chart_->chart(), Qt::AlignLeft), lo, hi, 1, 0, 100);
    setRange(valueAxis(lossView_->chart(), Qt::AlignLeft), lossLo, lossHi, std::max(0.01, (lossHi - lossLo) * 0.1), 0,
             steps_.isEmpty() ? 2.5 : 1e9);

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

    // Compare: the ticked kept runs, and the one going now.
    QChart *cc = compareView_->chart();
    cc->removeAllSeries();
    auto *cx = axisOf<QValueAxis>(cc, Qt::AlignBottom);
    cx->setTitleText("step");
    cx->setLabelFormat("%d");
    auto *cy = axisOf<QValueAxis>(cc, Qt::AlignLeft);
    cy->setTitleText("accuracy (%)");
    setCsvColumns(cc, {"step", "accuracy_pct"});
    double clo = 100, chi = 0;
    int clast = 1;
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
            clast = std::max(clast, st.step);
        }
        line->setPointsVisible(true);
        cc->addSeries(line);
        line->attachAxis(cx);
        line->attachAxis(cy);
    }
    setNiceTicks(cx, 0, clast, std::min(clast, 10) + 1, 1);
    setRange(cy, clo, chi, 2, 0, 100);
}

} // namespace twill
