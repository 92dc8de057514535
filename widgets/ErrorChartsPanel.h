#pragma once
// Charts of the shown array: the histogram of word errors (LSB), and for each bit
// significance the fraction of words whose decoded bit differs from the target's bit, which
// shows where the overlap costs (the middle significances in msb-lsb, the top in transpose).
// Redraws are coalesced on a short timer, not done per change.
#include "encode/EditableArray.h"

#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;

namespace twill {

class ErrorChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ErrorChartsPanel(QWidget *parent = nullptr);

    void setArray(const EditableArray *array); // not owned
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
    QChartView *histogramView_ = nullptr;
    QChartView *significanceView_ = nullptr;
    QTimer timer_;
    std::vector<double> histogram_, edges_, mismatch_;
};

} // namespace twill
