#include "SweepDock.h"

#include <QThread>

#include <algorithm>

namespace twill {

SweepDock::SweepDock(std::function<void(SweepSpec &)> fillEncoder, QWidget *parent)
    : QDockWidget("Sweep", parent), fillEncoder_(std::move(fillEncoder))
{
    setObjectName("sweepDock");
    panel_ = new SweepPanel;
    setWidget(panel_);
    connect(panel_, &SweepPanel::startRequested, this, &SweepDock::start);
    connect(panel_, &SweepPanel::cancelRequested, this, &SweepDock::cancel);
    connect(&jobs_, &JobRunner::progress, this, &SweepDock::showProgress);
}

SweepDock::~SweepDock() = default; // jobs_ cancels: the sweep stops between arrays, within a second

void SweepDock::start()
{
    if (running_) return;
    QString problem;
    SweepSpec spec = panel_->spec(problem);
    if (!problem.isEmpty()) return; // the panel shows why, and its Start is disabled
    if (fillEncoder_) fillEncoder_(spec);
    // A sweep is a batch job: every core helps, and results do not depend on the thread count.
    spec.options.threads = std::max(1, QThread::idealThreadCount());
    spec_ = spec;
    panel_->beginSweep(spec);
    progress_.start();
    setRunning(true);
    SweepDock *dock = this; // outlives its jobs_: what they post runs only while both exist
    jobs_.start(
        [spec, dock](JobControl &control) {
            return runSweep(spec, &control, [dock](const SweepPoint &p) {
                dock->jobs_.post([dock, p]() { dock->panel_->addPoint(p); });
            });
        },
        [this](const std::vector<SweepPoint> &) { finish(QString()); },
        [this](const QString &why) { finish(why); });
}

void SweepDock::cancel()
{
    if (!running_) return;
    jobs_.cancel();
    panel_->setCancelling();
}

void SweepDock::showProgress(double f, const QString &message)
{
    if (jobs_.cancelled() || message.isEmpty()) return;
    int permille = 0;
    QString text;
    if (!progress_.update(f, message, permille, text)) return;
    panel_->setProgress(permille, text);
    Q_EMIT progressChanged(permille, text);
}

void SweepDock::finish(const QString &error)
{
    const size_t expected = spec_.bits.size() * spec_.patterns.size();
    const size_t done = panel_->points().size();
    const QString took = ProgressEta::duration(progress_.seconds());
    QString how;
    if (!error.isEmpty()) {
        how = "failed";
        panel_->setStatus("failed: " + error);
    } else if (jobs_.cancelled() && done < expected) {
        how = "cancelled";
        panel_->setStatus(QString("cancelled after %1: %2 of %3 points finished; they stay in the chart and table")
                              .arg(took)
                              .arg(done)
                              .arg(expected));
    } else {
        how = "finished";
        panel_->setProgress(1000, QString("finished: %1 points x %2 arrays in %3").arg(done).arg(spec_.arrays).arg(took));
    }
    setRunning(false);
    panel_->refreshNow();
    Q_EMIT progressChanged(panel_->progress(), panel_->status());
    Q_EMIT sweepEnded(how);
}

void SweepDock::setRunning(bool on)
{
    running_ = on;
    panel_->setRunning(on);
    Q_EMIT runningChanged(on);
}

} // namespace twill
