#pragma once
// The Network run dock: the run's Setup form and the run charts (RunSetupPanel, RunChartsPanel),
// Start / Compare storage / Cancel / Export, progress with an ETA. A run is the core's pipeline
// (runNetwork on a NetworkRunSpec) through the window's job idiom (JobRunner): one at a time on
// a worker, steps streamed into the charts as they come. "Compare storage" queues the same run
// with msb-lsb, transpose and no overlap, on one baseline (trained once, by the first).
#include "JobRunner.h"
#include "ParametersPanel.h"
#include "RunChartsPanel.h"
#include "spec/NetworkRunSpec.h"

#include <QDockWidget>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <functional>
#include <memory>

class QChart;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;

namespace twill {

class NetworkRun;
class RunSetupPanel;

class NetworkRunDock : public QDockWidget {
    Q_OBJECT
public:
    // fillStorage copies the main window's storage (the array spec of Parameters on W x W
    // arrays), encoder options and seed into a run's spec.
    NetworkRunDock(std::function<void(NetworkRunSpec &)> fillStorage, QWidget *parent = nullptr);
    ~NetworkRunDock() override; // cancels a running run and waits for it

    bool running() const { return running_; }
    const QList<RunStep> &steps() const { return charts_->steps(); }
    const QList<RunRecord> &runs() const { return charts_->runs(); }
    QString status() const;
    // What Start would run now: the Setup tab's choices with the storage of Parameters (or plain).
    NetworkRunSpec spec() const;
    void setSpec(const NetworkRunSpec &spec); // the storage choice follows spec.array.isPlain()
    RunSetupPanel *setupPanel() const { return setup_; }
    // Storage "as in Parameters": W x W arrays (W x W x W stacks with layers) of their pattern,
    // or the custom pattern itself, with their encoder options and seed.
    static void storeAs(NetworkRunSpec &run, const ArrayParameters &parameters);
    RunChartsPanel *chartsPanel() const { return charts_; }

    // The charts, by name (chartNames()); nullptr for other names.
    QChart *chart(const QString &name) const { return charts_->chart(name); }
    static QStringList chartNames() { return RunChartsPanel::chartNames(); }
    const QList<TensorErrors> &tensorErrors() const { return charts_->tensorErrors(); }
    void showTensor(const QString &name) { charts_->showTensor(name); }

    // Exports of the last run that reached encoding (kind: npz, state_dict, json, csv); empty
    // on success, else why. Refused while a run goes.
    QString exportLast(const QString &kind, const QString &path);
    QMenu *exportMenu() const { return exportMenu_; } // one entry per kind, with a file dialog

public Q_SLOTS:
    void start();
    void compareStorage(); // the same run with msb-lsb, transpose and no overlap, one after another
    void cancel();
    void clearRuns() { charts_->clearRuns(); }
    void checkSetup(); // the spec's problem under the form; Start waits while there is one

Q_SIGNALS:
    void runEnded(const QString &how); // "finished", "cancelled" or "failed" (once per Start or Compare)
    void progressChanged(int permille, const QString &text);
    void runningChanged(bool running);
    void exported(const QString &what); // after each export: where it went, or why it failed

private:
    QWidget *buildButtons();
    void launchNext();
    void showProgress(double fraction, const QString &phase);
    void runReturned(std::unique_ptr<NetworkRun> run);
    void runFailed(const QString &why);
    void endRuns(const QString &how, const QString &text);
    void setRunning(bool on);
    void updateButtons();

    std::function<void(NetworkRunSpec &)> fillStorage_;
    bool running_ = false;
    QString problem_; // why the spec cannot run (empty: it can)
    struct Queued {
        NetworkRunSpec spec;
        std::string baselineOut; // where its trained baseline goes (see runNetwork)
    };
    QList<Queued> queue_;
    // Compare storage trains one baseline, in its first run, and the others load it from here.
    std::unique_ptr<QTemporaryDir> baselineDir_;
    QString currentName_;
    int runsPlanned_ = 1, runsDone_ = 0; // of what Start or Compare queued: one progress bar over all
    QElapsedTimer clock_;    // since Start
    RunSetupPanel *setup_ = nullptr;
    RunChartsPanel *charts_ = nullptr;
    QPushButton *start_ = nullptr, *compare_ = nullptr, *cancel_ = nullptr, *export_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *status_ = nullptr;
    QMenu *exportMenu_ = nullptr;
    std::unique_ptr<NetworkRun> last_; // the last run that reached encoding
    JobRunner jobs_;                          // last: destroyed (cancelled and waited for) first
};

} // namespace twill
