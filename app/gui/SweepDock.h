#pragma once
// The Sweep dock: error figures of many random arrays over bit widths x patterns (2D or 3D),
// run on a worker with progress, ETA and Cancel; finished points stream into a chart of the
// mean per-array max error by width (one line per pattern) and a table, and export as CSV.
// The same core code (runSweep) backs `twill-cli sweep`.
#include "encode/Sweep.h"

#include <QDockWidget>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <vector>

class QChart;
class QCheckBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QLogValueAxis;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QValueAxis;

namespace twill {

class SweepDock : public QDockWidget {
    Q_OBJECT
public:
    // fillEncoder copies the window's encoder parameters (format, objective, solver...) into a
    // sweep before it starts.
    explicit SweepDock(std::function<void(SweepSpec &)> fillEncoder, QWidget *parent = nullptr);
    ~SweepDock() override; // cancels and waits for the worker

    bool running() const { return running_; }
    const std::vector<SweepPoint> &points() const { return points_; }
    QChart *chart() const { return chart_; }
    // Writes the finished points as CSV (atomically): empty on success, else why.
    QString exportCsv(const QString &path);

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void progressChanged(int permille, const QString &text);
    void runningChanged(bool running);
    void sweepEnded(const QString &how); // "finished", "cancelled" or "failed"

private:
    struct Job; // what the worker shares with the dock

    // The sweep the controls describe (encoder options not filled); empty problem when valid.
    SweepSpec specFromControls(QString &problem) const;
    void checkInput(); // the inline message and whether Start may start
    void tick();       // 10 Hz while running: progress text and the chart
    void redraw();
    void finish();
    void setRunning(bool on);

    std::function<void(SweepSpec &)> fillEncoder_;
    QLineEdit *widths_ = nullptr;
    QLabel *widthsError_ = nullptr;
    QCheckBox *msbLsb_ = nullptr;
    QCheckBox *transpose_ = nullptr;
    QCheckBox *cube_ = nullptr;
    QSpinBox *wordsPerSide_ = nullptr;
    QSpinBox *arrays_ = nullptr;
    QPushButton *start_ = nullptr;
    QPushButton *cancel_ = nullptr;
    QPushButton *export_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *status_ = nullptr;
    QChart *chart_ = nullptr;
    QValueAxis *xAxis_ = nullptr;
    QLogValueAxis *yAxis_ = nullptr;
    std::map<Pattern, QLineSeries *> series_; // by pattern
    QTableWidget *table_ = nullptr;

    QFutureWatcher<SweepPoint> *watcher_ = nullptr;
    std::shared_ptr<Job> job_;
    SweepSpec spec_; // the running (or last) sweep
    std::vector<SweepPoint> points_;
    QTimer ticker_;
    QElapsedTimer clock_;
    bool running_ = false;
    bool dirty_ = false;
    QString lastProgress_;
};

} // namespace twill
