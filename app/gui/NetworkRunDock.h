#pragma once
// The Network run dock: choose a model, data and retraining mode, start and cancel runs on
// the engine thread, watch progress with an ETA and every step live: accuracy and loss by
// step with the INQ steps on the axis (float baseline as a line, the post-encoding point),
// the per-layer weight error, and an overlay of the runs kept for comparison (e.g. msb-lsb
// vs transpose vs no overlap, which "Compare storage" queues in one go).
#include "NetworkRunner.h"
#include "io/ProjectFile.h"

#include <QDockWidget>
#include <array>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <functional>

class QChart;
class QCheckBox;
class QLineEdit;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QMenu;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QSpinBox;
class QDoubleSpinBox;
class QTabWidget;

namespace twill {

// A finished (or cancelled) run kept for the Compare chart.
struct RunRecord {
    QString name;
    QList<RunStep> steps;
    double baseline = -1;
    bool complete = false;
};

class NetworkRunDock : public QDockWidget {
    Q_OBJECT
public:
    // fillStorage copies the main window's storage (the array spec of Parameters on W x W
    // arrays), encoder options and seed into a run's spec.
    NetworkRunDock(std::function<void(NetworkRunSpec &)> fillStorage, QWidget *parent = nullptr);
    ~NetworkRunDock() override;

    bool running() const { return running_; }
    const QList<RunStep> &steps() const { return steps_; }
    const QList<RunRecord> &runs() const { return runs_; }
    QString status() const;
    // What Start would run now: the dock's choices with the storage of Parameters (or plain).
    NetworkRunSpec spec() const;
    void setSpec(const NetworkRunSpec &spec); // the storage choice follows spec.array.isPlain()

    // The charts, by name: accuracy, loss, layers, compare (nullptr for other names).
    QChart *chart(const QString &name) const;
    static QStringList chartNames() { return {"accuracy", "loss", "layers", "tensor", "compare"}; }
    // The deployed tensors of the last run and their per-weight errors (the "tensor" chart
    // shows the chosen one).
    const QList<TensorErrors> &tensorErrors() const { return tensorErrors_; }
    void showTensor(const QString &name);

    // Exports of the last run that reached encoding (kind: npz, state_dict, json, csv); empty
    // on success, else why. Refused while a run goes.
    QString exportLast(const QString &kind, const QString &path);
    QMenu *exportMenu() const { return exportMenu_; } // one entry per kind, with a file dialog

public Q_SLOTS:
    void start();
    void compareStorage(); // the same run with msb-lsb, transpose and no overlap, one after another
    void cancel();
    void clearRuns();

Q_SIGNALS:
    void runEnded(const QString &how); // "finished", "cancelled" or "failed" (once per Start or Compare)
    void progressChanged(int permille, const QString &text);
    void runningChanged(bool running);
    void exported(const QString &what); // after each export: where it went, or why it failed

private:
    void launchNext();
    void keepRun(bool complete);
    void redraw();
    void redrawTensor();
    void setRunning(bool on);
    void checkSetup(); // inline reasons why Start cannot run this setup
    std::vector<double> parseSchedule(QString &problem) const;
    QChartView *addChart(const QString &objectName, const QString &title, const QString &tab);

    std::function<void(NetworkRunSpec &)> fillStorage_;
    QThread thread_;
    NetworkRunner *runner_ = nullptr;
    bool running_ = false;
    bool dirty_ = false;
    QList<NetworkRunSpec> queue_;
    QString currentName_;
    QList<RunStep> steps_;
    QList<RunRecord> runs_;
    double baselineAccuracy_ = -1;
    QElapsedTimer clock_;
    QElapsedTimer runClock_; // since the current run started
    QTimer redrawTimer_;
    QComboBox *model_ = nullptr, *baseline_ = nullptr, *data_ = nullptr, *mode_ = nullptr, *partition_ = nullptr, *storage_ = nullptr;
    QSpinBox *epochs_ = nullptr, *subset_ = nullptr, *testSubset_ = nullptr, *epochsPerStep_ = nullptr;
    QDoubleSpinBox *lr_ = nullptr, *laterWeight_ = nullptr;
    QLineEdit *schedule_ = nullptr;
    QComboBox *unit_ = nullptr, *quant_ = nullptr;
    QSpinBox *steEvery_ = nullptr, *placement_ = nullptr;
    QCheckBox *importance_ = nullptr;
    QLabel *setupProblem_ = nullptr;
    QPushButton *start_ = nullptr, *compare_ = nullptr, *cancel_ = nullptr, *export_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *status_ = nullptr;
    QTabWidget *tabs_ = nullptr;
    QChartView *chart_ = nullptr, *lossView_ = nullptr, *layerView_ = nullptr, *compareView_ = nullptr;
    QListWidget *runList_ = nullptr;
    QMenu *exportMenu_ = nullptr;
    QChartView *tensorView_ = nullptr;
    QComboBox *tensorChoice_ = nullptr;
    QList<TensorErrors> tensorErrors_;
    QLineSeries *accuracy_ = nullptr, *baselineLine_ = nullptr, *testLoss_ = nullptr, *trainLoss_ = nullptr;
    QScatterSeries *postPoint_ = nullptr, *stepPoints_ = nullptr, *lossPoints_ = nullptr;
};

} // namespace twill
