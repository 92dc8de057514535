#include "NetworkRunDock.h"

#include "RunSetupPanel.h"
#include "nn/Network.h"
#include "nn/NetworkEncoder.h"

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

NetworkRunDock::NetworkRunDock(std::function<void(RunConfig &)> fillEncoding, QWidget *parent)
    : QDockWidget("Network run", parent), fillEncoding_(std::move(fillEncoding))
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
    connect(setup_, &RunSetupPanel::changed, this, &NetworkRunDock::updateButtons);
    connect(&jobs_, &JobRunner::progress, this, &NetworkRunDock::showProgress);
    updateButtons();
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

NetworkSetup NetworkRunDock::setup(std::string &dataset) const
{
    return setup_->setup(dataset);
}

void NetworkRunDock::setSetup(const NetworkSetup &setup, const std::string &dataset)
{
    setup_->setSetup(setup, dataset);
}

RunConfig NetworkRunDock::config() const
{
    std::string dataset;
    const NetworkSetup s = setup_->setup(dataset);
    RunConfig c = RunConfig::of(s, dataset);
    if (fillEncoding_) fillEncoding_(c);
    if (s.storage == "none") {
        c.pattern = "none";
        c.cube = false;
    }
    return c;
}

void NetworkRunDock::start()
{
    if (running_) return;
    charts_->showSteps();
    queue_ = {config()};
    clock_.start();
    setRunning(true);
    launchNext();
}

void NetworkRunDock::compareStorage()
{
    if (running_) return;
    const RunConfig c = config();
    charts_->showCompare();
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
    charts_->startRun(currentName_);
    lastPhase_.clear();
    status_->setText(currentName_ + ": starting\u2026");
    NetworkRunDock *dock = this; // outlives its jobs_: what they post runs only while both exist
    jobs_.start(
        [c, dock](JobControl &control) {
            return runNetworkJob(c, control, [dock](const StepReport &s) {
                const RunStep step = RunStep::of(s);
                dock->jobs_.post([dock, step]() { dock->charts_->addStep(step); });
            });
        },
        [this](std::unique_ptr<NetworkRunOutcome> outcome) { runReturned(std::move(outcome)); },
        [this](const QString &why) { runFailed(why); });
}

void NetworkRunDock::showProgress(double f, const QString &phase)
{
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
}

void NetworkRunDock::runReturned(std::unique_ptr<NetworkRunOutcome> outcome)
{
    if (outcome->encoded()) charts_->setTensorErrors(outcome->tensorErrors());
    const bool cancelled = outcome->cancelled;
    const RetrainResult &r = outcome->result;
    const QString done = QString("%1 done in %2 s: baseline %3 %, after encoding %4 %, final %5 % (%6)")
                             .arg(currentName_)
                             .arg(clock_.elapsed() / 1000)
                             .arg(100 * r.baselineAccuracy, 0, 'f', 2)
                             .arg(100 * r.encodedAccuracy, 0, 'f', 2)
                             .arg(100 * r.finalAccuracy, 0, 'f', 2)
                             .arg(QString::fromStdString(r.finalFrom));
    // Even an interrupted retraining deployed the post-encoding weights: they can be exported.
    if (outcome->encoded()) last_ = std::move(outcome);
    if (charts_->keepRun(!cancelled)) export_->setProperty("ready", true);
    if (cancelled) {
        endRuns("cancelled", QString("cancelled after %1 s; the steps so far stay in the charts").arg(clock_.elapsed() / 1000));
        return;
    }
    if (!queue_.isEmpty()) {
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
    const QString problem = last_ ? last_->exportTo(kind, path) : "no network run has been encoded yet: start a run first";
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
    const bool ready = !running_ && setup_->problems().isEmpty();
    start_->setEnabled(ready);
    compare_->setEnabled(ready);
    cancel_->setEnabled(running_);
    export_->setEnabled(!running_ && export_->property("ready").toBool());
}

} // namespace twill
