#pragma once
// The Sweep dock: the sweep form, chart and table (SweepPanel), run through the window's job
// idiom (JobRunner) with progress, ETA and Cancel; finished points stream into the panel. The
// same core code (runSweep) backs `twill-cli sweep`.
#include "JobRunner.h"
#include "ProgressEta.h"
#include "SweepPanel.h"

#include <QDockWidget>

#include <functional>
#include <vector>

class QChart;

namespace twill {

class SweepDock : public QDockWidget {
    Q_OBJECT
public:
    // fillEncoder copies the window's encoder parameters (format, objective, solver...) into a
    // sweep before it starts.
    explicit SweepDock(std::function<void(SweepSpec &)> fillEncoder, QWidget *parent = nullptr);
    ~SweepDock() override; // cancels and waits for the worker

    bool running() const { return running_; }
    const std::vector<SweepPoint> &points() const { return panel_->points(); }
    QChart *chart() const { return panel_->chart(); }
    SweepPanel *panel() const { return panel_; }
    // Writes the finished points as CSV (atomically): empty on success, else why.
    QString exportCsv(const QString &path) const { return panel_->exportCsv(path); }

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void progressChanged(int permille, const QString &text);
    void runningChanged(bool running);
    void sweepEnded(const QString &how); // "finished", "cancelled" or "failed"

private:
    void showProgress(double fraction, const QString &message);
    void finish(const QString &error);
    void setRunning(bool on);

    std::function<void(SweepSpec &)> fillEncoder_;
    SweepPanel *panel_ = nullptr;
    SweepSpec spec_; // the running (or last) sweep
    bool running_ = false;
    ProgressEta progress_;
    JobRunner jobs_; // last: destroyed (cancelled and waited for) first
};

} // namespace twill
