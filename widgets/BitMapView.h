#pragma once
// The subarray as a grid: one pixel per cell in a QImage (scaled), whose colour mixes the
// cell's row significance (blue) and column significance (red), so the msb-lsb pairing shows
// as a blue-to-red sweep across the anti-diagonals and the naive pattern as a magenta corner
// where MSBs collide. Bits are dots (white = 1), pins a yellow frame. Beside the grid, per row
// word (right) and per column word (below): target, decoded value and error, as numbers and bars.
#include "encode/EditableArray.h"

#include <QImage>
#include <QWidget>

namespace twill {

class BitMapView : public QWidget {
    Q_OBJECT
public:
    explicit BitMapView(QWidget *parent = nullptr);

    void setArray(const EditableArray *array); // not owned; call refresh() after it changes
    void refresh();
    void setLayer(int layer);
    int layer() const { return layer_; }
    void setCellSize(int pixels); // zoom
    int cellSize() const { return cell_; }

    // Geometry, for tests and tools: the cell under a point (-1 outside) and a cell's centre.
    int cellAt(const QPoint &p) const;
    QPoint cellCenter(int row, int col) const;
    QString describeCell(int cell) const; // the hover text

    QSize sizeHint() const override;

Q_SIGNALS:
    void flipRequested(int cell);
    void pinRequested(int cell);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;

private:
    void rebuildImage();
    QRect gridRect() const;
    void paintRowPanel(QPainter &p, const QRect &exposed);
    void paintColumnPanel(QPainter &p, const QRect &exposed);
    void paintLegend(QPainter &p);
    int64_t shownError(int word) const;
    double shownScale() const;
    QString wordText(int word) const;

    const EditableArray *array_ = nullptr;
    QImage image_;
    int layer_ = 0;
    int cell_ = 28;
    static constexpr int kLeft = 34, kTop = 46, kRowPanel = 250, kColumnPanel = 170;
};

} // namespace twill
