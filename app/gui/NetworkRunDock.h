#pragma once
// The Network run dock: choose a model, data and retraining mode, start and cancel a run on
// the engine thread, watch progress with an ETA and the accuracy of every step live (float
// baseline as a line, the post-encoding point, the INQ steps).
#include "NetworkRunner.h"

#include <QDockWidget>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <functional>

class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QSpinBox;

namespace twill {

class NetworkRunDock : public QDockWidget {
    Q_OBJECT
public:
    // fillEncoding copies the main window's encoding parameters into a run's configuration.
    NetworkRunDock(std::function<void(RunConfig &)> fillEncoding, QWidget *parent = nullptr);
    ~NetworkRunDock() override;

    bool running() const { return running_; }
    const QList<RunStep> &steps() const { return steps_; }
    QString status() const;

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void runEnded(const QString &how); // "finished", "cancelled" or "failed"

private:
    void redraw();
    void setRunning(bool on);

    std::function<void(RunConfig &)> fillEncoding_;
    QThread thread_;
    NetworkRunner *runner_ = nullptr;
    bool running_ = false;
    bool dirty_ = false;
    QList<RunStep> steps_;
    double baseline_ = -1;
    QElapsedTimer clock_;
    QString lastPhase_;
    QElapsedTimer phaseClock_;
    QTimer redrawTimer_;
    QComboBox *model_ = nullptr, *data_ = nullptr, *mode_ = nullptr;
    QSpinBox *epochs_ = nullptr, *subset_ = nullptr;
    QPushButton *start_ = nullptr, *cancel_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *status_ = nullptr;
    QChartView *chart_ = nullptr;
    QLineSeries *accuracy_ = nullptr, *baselineLine_ = nullptr;
    QScatterSeries *postPoint_ = nullptr, *stepPoints_ = nullptr;
};

} // namespace twill
