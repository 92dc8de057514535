#include "NetworkRunDock.h"

#include "RunSetupPanel.h"
#include "nn/NetworkPipeline.h"
#include "quant/NumberFormat.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <array>

namespace twill {

namespace {

// The deployed codes minus the targets, per tensor.
QList<TensorErrors> deployedErrors(const RetrainResult &result)
{
    QList<TensorErrors> errors;
    for (const EncodedTensor &t : result.tensors) {
        TensorErrors e;
        e.name = QString::fromStdString(t.name);
        e.fullScale = double(codeMax(t.quant.format, t.quant.bits) - codeMin(t.quant.format, t.quant.bits));
        e.errors.reserve(size_t(t.size()));
        for (int64_t i = 0; i < t.size(); ++i) e.errors.push_back(t.decodedCodes[size_t(i)] - t.quant.codes[size_t(i)]);
        errors << e;
    }
    return errors;
}

} // namespace

NetworkRunDock::NetworkRunDock(std::function<void(NetworkRunSpec &)> fillStorage, QWidget *parent)
    : QDockWidget("Network run", parent), fillStorage_(std::move(fillStorage))
{
    setObjectName("networkRunDock");
    auto *panel = new QWidget;
    auto *layout = new QVBoxLayout(panel);
    layout->addWidget(buildButtons());
    progress_ = new QProgressBar;
    progress_->setObjectName("runProgress");
    progress_->setRange(0, 1000);
    status_ = new QLabel("Uses the bits, pattern and encoder options of Parameters (W x W arrays; W x W x W with layers).");
    status_->setObjectName("runStatus");
    status_->setWordWrap(true);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    // Setup is the first tab, so that the charts get the dock's height while a run goes.
    charts_ = new RunChartsPanel;
    setup_ = new RunSetupPanel;
    auto *setupScroll = new QScrollArea; // the form is taller than the dock on small screens
    setupScroll->setWidget(setup_);
    setupScroll->setWidgetResizable(true);
    setupScroll->setFrameShape(QFrame::NoFrame);
    charts_->insertTab(0, setupScroll, "Setup");
    charts_->setCurrentIndex(0);
    layout->addWidget(charts_, 1);
    setWidget(panel);
    connect(setup_, &RunSetupPanel::changed, this, &NetworkRunDock::checkSetup);
    connect(&jobs_, &JobRunner::progress, this, &NetworkRunDock::showProgress);
    checkSetup();
}

NetworkRunDock::~NetworkRunDock()
{
    queue_.clear(); // jobs_ cancels the run and waits for it (within a batch)
}

QWidget *NetworkRunDock::buildButtons()
{
    auto *row = new QWidget;
    auto *buttons = new QHBoxLayout(row);
    buttons->setContentsMargins(0, 0, 0, 0);
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
    for (QPushButton *b : {start_, compare_, cancel_, export_}) buttons->addWidget(b);
    connect(start_, &QPushButton::clicked, this, &NetworkRunDock::start);
    connect(compare_, &QPushButton::clicked, this, &NetworkRunDock::compareStorage);
    connect(cancel_, &QPushButton::clicked, this, &NetworkRunDock::cancel);
    return row;
}

QString NetworkRunDock::status() const
{
    return status_->text();
}

NetworkRunSpec NetworkRunDock::spec() const
{
    NetworkRunSpec c = setup_->spec();
    const bool plain = c.array.isPlain();
    if (fillStorage_) fillStorage_(c);
    if (plain) c.array = ArraySpec::plain(c.array.bits);
    return c;
}

void NetworkRunDock::storeAs(NetworkRunSpec &run, const ArrayParameters &p)
{
    run.array = p.array.pattern == Pattern::Custom ? p.array : ArraySpec::square(p.array.pattern, p.array.bits, p.array.layers > 1);
    run.encoder = p.encoder;
    run.seed = p.encoder.seed;
}

void NetworkRunDock::setSpec(const NetworkRunSpec &spec)
{
    setup_->setSpec(spec);
}

void NetworkRunDock::checkSetup()
{
    problem_ = setup_->problemOf(spec());
    setup_->showProblem(problem_);
    updateButtons();
}

void NetworkRunDock::start()
{
    if (running_) return;
    charts_->showSteps();
    queue_ = {Queued{spec(), {}}};
    runsPlanned_ = 1;
    runsDone_ = 0;
    clock_.start();
    setRunning(true);
    launchNext();
}

void NetworkRunDock::compareStorage()
{
    if (running_) return;
    const NetworkRunSpec c = spec();
    charts_->showCompare();
    queue_.clear();
    // One baseline for the three: the first run trains it (when the spec trains one) and
    // saves it; the others load that checkpoint, so they differ only in the storage.
    std::string shared;
    if (c.trainsBaseline()) {
        baselineDir_ = std::make_unique<QTemporaryDir>();
        if (baselineDir_->isValid()) shared = baselineDir_->filePath("baseline.ckpt").toStdString();
    }
    const bool cube = c.array.layers > 1;
    for (const ArraySpec &storage : {ArraySpec::square(Pattern::MsbLsb, c.array.bits, cube),
                                     ArraySpec::square(Pattern::Transpose, c.array.bits, cube),
                                     ArraySpec::plain(c.array.bits)}) {
        Queued q{c, {}};
        q.spec.array = storage;
        if (!shared.empty()) {
            if (queue_.isEmpty()) q.baselineOut = shared;
            else q.spec.checkpoint = shared;
        }
        queue_ << q;
    }
    runsPlanned_ = int(queue_.size());
    runsDone_ = 0;
    clock_.start();
    setRunning(true);
    launchNext();
}

void NetworkRunDock::launchNext()
{
    const Queued next = queue_.takeFirst();
    const NetworkRunSpec spec = next.spec;
    const std::string baselineOut = next.baselineOut;
    currentName_ = QString::fromStdString(spec.name());
    charts_->startRun(currentName_);
    status_->setText(currentName_ + ": starting\u2026");
    NetworkRunDock *dock = this; // outlives its jobs_: what they post runs only while both exist
    jobs_.start(
        [spec, baselineOut, dock](JobControl &control) {
            RunEvents events;
            events.onStep = [dock](const StepReport &s) {
                const RunStep step = RunStep::of(s);
                dock->jobs_.post([dock, step]() { dock->charts_->addStep(step); });
            };
            return runNetwork(spec, &control, events, baselineOut);
        },
        [this](std::unique_ptr<NetworkRun> run) { runReturned(std::move(run)); },
        [this](const QString &why) { runFailed(why); });
}

void NetworkRunDock::showProgress(double f, const QString &phase)
{
    // f is the fraction of the current run (baseline, encoding and retraining weighed by work);
    // the bar and the ETA are over everything Start or Compare queued, each run an equal share.
    const double all = (runsDone_ + f) / std::max(1, runsPlanned_);
    progress_->setValue(int(1000 * all));
    QString eta;
    if (all > 0.02 && clock_.isValid())
        eta = QString(", about %1 s left").arg(int(clock_.elapsed() / 1000.0 * (1 - all) / all + 0.5));
    const QString which = runsPlanned_ > 1 ? QString("run %1 of %2, ").arg(runsDone_ + 1).arg(runsPlanned_) : QString();
    status_->setText(QString("%1 \u2014 %2: %3%4 %%5").arg(currentName_, phase, which).arg(int(100 * all)).arg(eta));
    Q_EMIT progressChanged(int(1000 * all), status_->text());
}

void NetworkRunDock::runReturned(std::unique_ptr<NetworkRun> run)
{
    if (run->encoded()) charts_->setTensorErrors(deployedErrors(run->result));
    const RetrainResult &r = run->result;
    const bool cancelled = r.cancelled;
    const QString done = QString("%1 done in %2 s: baseline %3 %, after encoding %4 %, final %5 % (%6)")
                             .arg(currentName_)
                             .arg(clock_.elapsed() / 1000)
                             .arg(100 * r.baselineAccuracy, 0, 'f', 2)
                             .arg(100 * r.encodedAccuracy, 0, 'f', 2)
                             .arg(100 * r.finalAccuracy, 0, 'f', 2)
                             .arg(QString::fromStdString(r.finalFrom));
    // Even an interrupted retraining deployed the post-encoding weights: they can be exported.
    if (run->encoded()) last_ = std::move(run);
    if (charts_->keepRun(!cancelled, QString::fromStdString(r.baselineFrom))) export_->setProperty("ready", true);
    if (cancelled) {
        endRuns("cancelled", QString("cancelled after %1 s; the steps so far stay in the charts").arg(clock_.elapsed() / 1000));
        return;
    }
    if (!queue_.isEmpty()) {
        ++runsDone_;
        launchNext();
        return;
    }
    endRuns("finished", done);
}

void NetworkRunDock::runFailed(const QString &why)
{
    endRuns("failed", "failed: " + why);
}

void NetworkRunDock::endRuns(const QString &how, const QString &text)
{
    queue_.clear();
    setRunning(false);
    charts_->refreshNow();
    status_->setText(text);
    Q_EMIT runEnded(how);
}

void NetworkRunDock::cancel()
{
    if (!running_) return;
    queue_.clear();
    status_->setText("cancelling\u2026");
    jobs_.cancel();
}

QString NetworkRunDock::exportLast(const QString &kind, const QString &path)
{
    if (running_) return "a run is going: export when it has finished or been cancelled";
    QString problem;
    if (!last_) problem = "no network run has been encoded yet: start a run first";
    else if (kind != "npz" && kind != "state_dict" && kind != "csv" && kind != "json")
        problem = "unknown export '" + kind + "': use npz, state_dict, json or csv";
    if (problem.isEmpty()) {
        // The core's writers, as twill-cli retrain uses them.
        try {
            const std::string p = path.toStdString();
            if (kind == "npz") last_->writeNpz(p);
            else if (kind == "state_dict") last_->writeStateDict(p);
            else if (kind == "csv") last_->writeStepsCsv(p);
            else last_->writeReport(p);
        } catch (const std::exception &e) {
            problem = QString::fromStdString(e.what());
        }
    }
    Q_EMIT exported(problem.isEmpty() ? "exported the network run to " + path : problem);
    return problem;
}

void NetworkRunDock::setRunning(bool on)
{
    running_ = on;
    charts_->setRunning(on);
    setup_->setRunning(on);
    updateButtons();
    Q_EMIT runningChanged(on);
}

void NetworkRunDock::updateButtons()
{
    const bool ready = !running_ && problem_.isEmpty();
    start_->setEnabled(ready);
    compare_->setEnabled(ready);
    cancel_->setEnabled(running_);
    export_->setEnabled(!running_ && export_->property("ready").toBool());
}

} // namespace twill
