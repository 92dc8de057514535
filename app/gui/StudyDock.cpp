#include "StudyDock.h"

#include "JobProgressView.h"
#include "nn/Study.h"
#include "util/Error.h"

#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>

#include <algorithm>

namespace twill {

StudyDock::StudyDock(std::function<NetworkRunSpec()> baseSpec, QWidget *parent)
    : QDockWidget("Study", parent), baseSpec_(std::move(baseSpec))
{
    setObjectName("studyDock");
    panel_ = new StudyPanel;
    // On a 720-line screen the form, the chart with its whole text and legend, and the answer
    // take more than the dock's height: the dock scrolls rather than squeeze any of them.
    auto *scroll = new QScrollArea;
    scroll->setObjectName("studyScroll");
    scroll->setWidget(panel_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setWidget(scroll);
    scroll_ = scroll;
    panel_->installEventFilter(this); // its minimum width is the dock's (see eventFilter)
    keepPanelWidth();
    connect(panel_, &StudyPanel::startRequested, this, &StudyDock::start);
    connect(panel_, &StudyPanel::cancelRequested, this, &StudyDock::cancel);
    connect(&jobs_, &JobRunner::progress, this, &StudyDock::showProgress);
}

void StudyDock::keepPanelWidth()
{
    // As wide as the form and the chart's whole text need, with the scroll bar beside them.
    scroll_->setMinimumWidth(panel_->minimumSizeHint().width() + scroll_->verticalScrollBar()->sizeHint().width());
}

bool StudyDock::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == panel_ && event->type() == QEvent::LayoutRequest) keepPanelWidth();
    return QDockWidget::eventFilter(watched, event);
}

StudyDock::~StudyDock() = default; // jobs_ cancels: the row running stops at its next batch

StudySpec StudyDock::spec() const
{
    StudySpec s;
    s.run = baseSpec_ ? baseSpec_() : NetworkRunSpec();
    QString problem;
    panel_->studyParts(s.storage, s.seeds, problem);
    if (problem.isEmpty()) panel_->faultParts(s.faultRates, s.faultCompare, problem);
    if (!problem.isEmpty()) throw Error(problem.toStdString());
    s.validate();
    return s;
}

void StudyDock::start()
{
    if (running_) return;
    const QString csv = QFileDialog::getSaveFileName(this, "Study rows go to", "study.csv", "CSV (*.csv)", nullptr,
                                                     QFileDialog::DontConfirmOverwrite);
    if (csv.isEmpty()) return;
    const QString problem = startInto(csv);
    if (!problem.isEmpty()) QMessageBox::warning(this, "Study", problem);
}

QString StudyDock::startInto(const QString &csv)
{
    if (running_) return "a study is running; cancel it first";
    StudySpec study;
    try {
        study = spec();
        file_ = std::make_unique<StudyFile>(csv.toStdString(), study.id());
    } catch (const Error &e) {
        const QString why = QString::fromStdString(e.what());
        panel_->progressView()->setStatus("not started: " + why);
        return why;
    }
    std::vector<int> all(size_t(study.rowCount()));
    for (int i = 0; i < study.rowCount(); ++i) all[size_t(i)] = i;
    const std::vector<int> todo = file_->missing(all);
    panel_->setRows(file_->rows(), csv);
    if (todo.empty()) {
        panel_->progressView()->setProgress(1000, QString("all %1 rows of this study are in %2 already").arg(study.rowCount()).arg(csv));
        return {};
    }
    const QFileInfo info(csv);
    const std::string baselines = (info.absolutePath() + "/" + info.completeBaseName() + "-baselines").toStdString();
    rowsToRun_ = int(todo.size());
    rowsRun_ = 0;
    writeProblem_.clear();
    progress_.start();
    setRunning(true);
    panel_->progressView()->setProgress(0, QString("%1 of %2 rows to run%3").arg(todo.size()).arg(study.rowCount())
                               .arg(file_->rows().empty() ? QString() : QString(", %1 in the file already").arg(file_->rows().size())));
    StudyDock *dock = this; // outlives its jobs_: what they post runs only while both exist
    StudyEvents events;
    events.onRow = [dock](const StudyResult &r) {
        dock->jobs_.post([dock, r]() {
            ++dock->rowsRun_;
            try {
                dock->file_->add(r);
            } catch (const Error &e) {
                dock->writeProblem_ = QString::fromStdString(e.what());
            }
            dock->panel_->addRow(r);
        });
    };
    jobs_.start([study, todo, baselines, events](JobControl &control) { return runStudy(study, todo, baselines, &control, events).cancelled; },
                [this](bool) { finish(QString()); }, [this](const QString &why) { finish(why); });
    return {};
}

void StudyDock::cancel()
{
    if (!running_) return;
    jobs_.cancel();
    panel_->setCancelling();
}

void StudyDock::showProgress(double f, const QString &message)
{
    if (jobs_.cancelled() || message.isEmpty()) return;
    int permille = 0;
    QString text;
    if (!progress_.update(f, message, permille, text)) return;
    panel_->progressView()->setProgress(permille, text);
    Q_EMIT progressChanged(permille, text);
}

void StudyDock::finish(const QString &error)
{
    const QString took = ProgressEta::duration(progress_.seconds());
    const QString where = QString::fromStdString(file_->path());
    QString how;
    if (!error.isEmpty()) {
        how = "failed";
        panel_->progressView()->setStatus(QString("failed after %1 of %2 rows: %3; the finished rows are in %4")
                              .arg(rowsRun_).arg(rowsToRun_).arg(error, where));
    } else if (!writeProblem_.isEmpty()) {
        how = "failed";
        panel_->progressView()->setStatus("the rows could not be written: " + writeProblem_ + "; Save CSV keeps them elsewhere");
    } else if (rowsRun_ < rowsToRun_) {
        how = "cancelled";
        panel_->progressView()->setStatus(QString("cancelled after %1: %2 of %3 rows finished, in %4; Start with the same file continues")
                              .arg(took).arg(rowsRun_).arg(rowsToRun_).arg(where));
    } else {
        how = "finished";
        panel_->progressView()->setProgress(1000, QString("finished: %1 rows in %2, all in %3").arg(rowsRun_).arg(took, where));
    }
    setRunning(false);
    Q_EMIT progressChanged(panel_->progressView()->progress(), panel_->status());
    Q_EMIT studyEnded(how);
}

void StudyDock::setRunning(bool on)
{
    running_ = on;
    panel_->setRunning(on);
    Q_EMIT runningChanged(on);
}

} // namespace twill
