#pragma once
// Bitlines of the shown array for computing in memory: per direction, the ones each line sums
// (bars), the largest sum and the ADC bits it needs, ceil(log2(max ones + 1)), against plain
// bit-sliced storage of the same words (core/encode/ArrayBitlines.h). Redraws are coalesced on
// a short timer. Export CSV... asks the window for a file (exportRequested).
#include "encode/ArrayBitlines.h"
#include "encode/EditableArray.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace twill {

class BitlineBarsView;

class BitlinesPanel : public QWidget {
    Q_OBJECT
public:
    explicit BitlinesPanel(QWidget *parent = nullptr);

    void setArray(const EditableArray *array); // not owned
    // As ErrorChartsPanel::setStale: a note that the lines are the last valid array's.
    void setStale(const QString &reason);
    QString staleNote() const;
    void refreshNow();
    const ArrayBitlines &bitlines() const { return bitlines_; }
    // "rows: max 9 ones → 4 ADC bits (plain: 12 → 4)", one per direction of the shown array.
    QStringList titles() const;

Q_SIGNALS:
    void exportRequested();

private:
    struct Direction {
        QLabel *title = nullptr;
        BitlineBarsView *bars = nullptr;
        QLabel *legend = nullptr;
    };
    const EditableArray *array_ = nullptr;
    ArrayBitlines bitlines_;
    QLabel *stale_ = nullptr;
    QLabel *note_ = nullptr;
    QVBoxLayout *directionsBox_ = nullptr;
    std::vector<Direction> directions_;
    QTimer timer_;
};

} // namespace twill
