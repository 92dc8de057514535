#pragma once
// Charts of the shown array: the histogram of word errors (LSB), and for each bit
// significance the fraction of words whose decoded bit differs from the target's bit, which
// shows where the overlap costs (the middle significances in msb-lsb, the top in transpose).
// Redraws are coalesced on a short timer, not done per change.
#include "encode/EditableArray.h"

#include <QString>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;

namespace twill {

// Counts of 'errors' in at most 'bins' bins of a round width w (1, 2 or 5 times a power of ten):
// bin k covers [(k - 1/2) w, (k + 1/2) w) and is centred on k w, for k = -K..K with K w >= m,
// m the largest |error| (at least 1). With w = 1 that is one bin per integer.
void errorHistogram(const std::vector<int64_t> &errors, int bins, std::vector<double> &counts, std::vector<double> &edges);
// A bar chart of such a histogram; 'what' names the counted things ("words", "weights").
QChart *makeHistogramChart(const std::vector<double> &counts, const std::vector<double> &edges, const QString &title,
                       const QString &what);

class ErrorChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ErrorChartsPanel(QWidget *parent = nullptr);

    void setArray(const EditableArray *array); // not owned
    // Non-empty: the array is the last valid one and 'reason' why the form cannot be encoded;
    // a note above the charts says so (lastValidArrayNote). Empty: live.
    void setStale(const QString &reason);
    QString staleNote() const; // the note shown; empty when live
    void scheduleRefresh();
    void refreshNow();

    // The plotted data, for tests and exports.
    const std::vector<double> &histogramCounts() const { return histogram_; }
    const std::vector<double> &histogramEdges() const { return edges_; }
    const std::vector<double> &mismatchBySignificance() const { return mismatch_; }
    QChart *histogramChart() const;
    QChart *significanceChart() const;

private:
    const EditableArray *array_ = nullptr;
    QLabel *stale_ = nullptr;
    QChartView *histogramView_ = nullptr;
    QChartView *significanceView_ = nullptr;
    QTimer timer_;
    std::vector<double> histogram_, edges_, mismatch_;
};

} // namespace twill
