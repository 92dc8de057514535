#pragma once
// The Sweep form, chart and table: bit widths x patterns (2D, or W x W x W cubes), words per
// side and arrays per point; finished points stream into a chart of the mean per-array max
// error by width (log scale, one line per pattern) and a table, which export as CSV. One pair
// of functions maps the form to a SweepSpec and back; the panel runs nothing (the window's
// Sweep dock runs runSweep and feeds the points in). Redrawn on a 10 Hz timer.
#include "encode/Sweep.h"

#include <QTimer>
#include <QWidget>

#include <map>
#include <string>
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

class JobProgressView;

class SweepPanel : public QWidget {
    Q_OBJECT
public:
    explicit SweepPanel(QWidget *parent = nullptr);

    // The sweep the form describes (encoder options left at their defaults); 'problem' says
    // what to change, in the core's words, and is empty when the spec is valid.
    SweepSpec spec(QString &problem) const;
    void setSpec(const SweepSpec &spec); // the form's part of it

    void beginSweep(const SweepSpec &spec); // clears the points, one line per pattern
    void addPoint(const SweepPoint &point);
    void setProgress(int permille, const QString &text);
    void setStatus(const QString &text);
    int progress() const;
    QString status() const;
    void setRunning(bool on); // the form is locked, Cancel is on
    void setCancelling();     // Cancel was pressed

    const std::vector<SweepPoint> &points() const { return points_; }
    QChart *chart() const { return chart_; }
    // Writes the finished points as CSV (atomically): empty on success, else why.
    QString exportCsv(const QString &path) const;
    void refreshNow();

Q_SIGNALS:
    void startRequested();
    void cancelRequested();

private:
    void buildForm();
    void buildResults();
    void checkInput(); // the inline message and whether Start may start
    void redrawChart();
    void redrawTable();

    QLineEdit *widths_ = nullptr;
    QLabel *widthsError_ = nullptr;
    QCheckBox *msbLsb_ = nullptr, *transpose_ = nullptr, *cube_ = nullptr;
    QSpinBox *wordsPerSide_ = nullptr, *arrays_ = nullptr;
    QPushButton *start_ = nullptr, *cancel_ = nullptr, *export_ = nullptr;
    JobProgressView *progress_ = nullptr;
    QChart *chart_ = nullptr;
    QValueAxis *xAxis_ = nullptr;
    QLogValueAxis *yAxis_ = nullptr;
    std::map<Pattern, QLineSeries *> series_; // by pattern
    QTableWidget *table_ = nullptr;
    std::vector<SweepPoint> points_;
    bool running_ = false;
    bool dirty_ = false;
    QTimer redrawTimer_;
};

} // namespace twill
