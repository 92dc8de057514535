#pragma once
// The Study form, chart and table: the storage schemes and seeds of an equal-storage study;
// its rows (streamed in while it runs, or read from a CSV made elsewhere, e.g. by shards on a
// cluster) drawn as accuracy against cells per weight, one marker per scheme at the mean over
// its seeds with a bar from the lowest to the highest seed, and the Pareto front through the
// schemes no other beats on both; a table of the same figures. The accuracy shown is the final
// one (after retraining) or the one right after encoding. The panel runs nothing (the window's
// Study dock runs the study). Under the table, the answer in words: each overlapped scheme
// against the plain scheme of its cells a weight, the accuracy difference seed by seed.
// A study with fault rates adds the "Fault rate" tab: accuracy against the share of stuck cells,
// one line per scheme and awareness (dashed: fault-unaware), each point the mean over the
// seeds with a bar from the lowest to the highest; the cells chart then shows the lowest rate.
#include "study/StudySpec.h"
#include "study/StudyTable.h"

#include <QWidget>

#include <vector>

class QChart;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTabWidget;
class QTableWidget;
class QValueAxis;

namespace twill {

class JobProgressView;

class StudyPanel : public QWidget {
    Q_OBJECT
public:
    explicit StudyPanel(QWidget *parent = nullptr);

    // The storage schemes and seeds of the form; 'problem' says what to change (the core's
    // words) and is empty when both read.
    void studyParts(std::vector<StorageScheme> &storage, std::vector<uint64_t> &seeds, QString &problem) const;
    void setStudyParts(const QString &storage, const QString &seeds);
    // The fault rates (empty: none) and whether each is also run fault-unaware.
    void faultParts(std::vector<FaultSpec> &rates, bool &compare, QString &problem) const;
    void setFaultParts(const QString &rates, bool compare);

    void setRows(const std::vector<StudyResult> &rows, const QString &source); // replaces what is shown
    void addRow(const StudyResult &row);
    const std::vector<StudyResult> &rows() const { return rows_; }
    const std::vector<StudyPoint> &points() const { return points_; } // as drawn
    QString source() const { return source_; }                           // the CSV the rows are in
    // Under the table: each overlapped scheme against the plain one of its cells, seed by seed.
    QString answer() const;

    void setAccuracy(StudyAccuracy which);
    StudyAccuracy accuracy() const;

    JobProgressView *progressView() const { return progress_; } // what the dock's job reports
    QString status() const;
    void setRunning(bool on); // the form is locked, Cancel is on
    void setCancelling();

    QChart *chart() const { return chart_; }
    QChart *faultChart() const { return faultChart_; } // accuracy against stuck cells
    // Reads a study CSV into the chart: empty on success, else why (what is shown stays).
    QString openCsv(const QString &path);
    QString exportCsv(const QString &path) const; // the rows shown, atomically

Q_SIGNALS:
    void startRequested(); // Start was pressed (the dock asks for the file)
    void cancelRequested();

private:
    void buildForm();
    void buildResults();
    void checkInput();
    void redraw();
    void redrawFaults();

    QLineEdit *storage_ = nullptr, *seeds_ = nullptr, *faultRates_ = nullptr;
    QCheckBox *faultCompare_ = nullptr;
    QTabWidget *tabs_ = nullptr;
    QLabel *inputError_ = nullptr, *answer_ = nullptr;
    QScrollArea *answerScroll_ = nullptr;
    QComboBox *which_ = nullptr;
    QPushButton *start_ = nullptr, *cancel_ = nullptr, *open_ = nullptr, *export_ = nullptr;
    JobProgressView *progress_ = nullptr;
    QChart *chart_ = nullptr;
    QValueAxis *xAxis_ = nullptr, *yAxis_ = nullptr;
    QChart *faultChart_ = nullptr;
    QValueAxis *faultX_ = nullptr, *faultY_ = nullptr;
    QLabel *legend_ = nullptr, *faultLegend_ = nullptr; // the charts' legends, wrapped under them
    QTableWidget *table_ = nullptr;
    std::vector<StudyResult> rows_;
    std::vector<StudyPoint> points_;
    QString source_;
    bool running_ = false;
};

} // namespace twill
