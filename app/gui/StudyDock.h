#pragma once
// The Study dock: the equal-storage study form, chart and table (StudyPanel), run through the
// window's job idiom (JobRunner) with progress, ETA and Cancel. A study's rows go to a CSV the
// user names when it starts (rewritten after each row, a file of the same study continued) and
// its baselines to a folder beside it, as `twill-cli study --csv FILE --baselines DIR --resume`
// does with the same core (runStudy); the network, data and retraining are those of the Network
// run dock's Setup. A CSV made elsewhere (shards merged on a cluster) opens into the same chart.
#include "JobRunner.h"
#include "ProgressEta.h"
#include "StudyPanel.h"
#include "spec/NetworkRunSpec.h"

#include <QDockWidget>

#include <functional>
#include <memory>

class QChart;
class QScrollArea;

namespace twill {

class StudyDock : public QDockWidget {
    Q_OBJECT
public:
    // baseSpec: the network run every row starts from (the Network run dock's spec).
    explicit StudyDock(std::function<NetworkRunSpec()> baseSpec, QWidget *parent = nullptr);
    ~StudyDock() override; // cancels and waits for the worker

    bool running() const { return running_; }
    StudyPanel *panel() const { return panel_; }
    QChart *chart() const { return panel_->chart(); }
    QChart *faultChart() const { return panel_->faultChart(); }
    // The study the form and the run setup describe (validated: SpecError says what to change).
    StudySpec spec() const;
    // Runs the study into 'csv' (its baselines in 'csv' without .csv plus "-baselines/"); empty
    // when it started, else why nothing started (the file and what is shown stay as they were).
    QString startInto(const QString &csv);

public Q_SLOTS:
    void start(); // asks for the CSV, then startInto
    void cancel();

Q_SIGNALS:
    void progressChanged(int permille, const QString &text);
    void runningChanged(bool running);
    void studyEnded(const QString &how); // "finished", "cancelled" or "failed"

protected:
    bool eventFilter(QObject *watched, QEvent *event) override; // the panel's minimum width changed

private:
    void keepPanelWidth(); // the scroll area at least as wide as the panel's minimum
    void showProgress(double fraction, const QString &message);
    void finish(const QString &error);
    void setRunning(bool on);

    std::function<NetworkRunSpec()> baseSpec_;
    StudyPanel *panel_ = nullptr;
    QScrollArea *scroll_ = nullptr; // holds the panel: the dock scrolls down rather than squeeze it
    std::unique_ptr<StudyFile> file_;
    int rowsToRun_ = 0, rowsRun_ = 0;
    QString writeProblem_;
    bool running_ = false;
    ProgressEta progress_;
    JobRunner jobs_; // last: destroyed (cancelled and waited for) first
};

} // namespace twill
