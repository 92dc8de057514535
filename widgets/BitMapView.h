#pragma once
// The subarray as a grid: one pixel per cell in a QImage (scaled), whose colour mixes the
// cell's row significance (blue) and column significance (red), so the msb-lsb pairing shows
// as a blue-to-red sweep across the anti-diagonals and the naive pattern as a magenta corner
// where MSBs collide. Bits are dots (white = 1), pins a yellow frame. Beside the grid, per row
// word (right) and per column word (below): target, decoded value and error, as numbers and bars.
// A 3D stack shows one layer at a time, or all layers side by side (setAllLayers): there the
// hovered cell's pillar word is ringed in green in every layer it runs through.
#include "encode/EditableArray.h"

#include <QImage>
#include <QRegion>
#include <QWidget>

#include <vector>

namespace twill {

class BitMapView : public QWidget {
    Q_OBJECT
public:
    explicit BitMapView(QWidget *parent = nullptr);

    // Not owned. After its cells change call refresh(); after it is replaced (another shape or
    // pattern) call setArray() again before the next event reaches the view.
    void setArray(const EditableArray *array);
    void refresh();
    void setLayer(int layer);
    int layer() const { return layer_; }
    // All layers side by side, at most four grids to a row, each titled "layer L". It only
    // takes effect for a stack (more than one layer); showsAllLayers() tells whether it does.
    void setAllLayers(bool on);
    bool allLayers() const { return allLayers_; }
    bool showsAllLayers() const;
    // Zoom of the mode in effect: all layers keep their own cell size (fitted to about 1000 px
    // until the user zooms), so that switching modes does not blow a 16-layer stack up.
    void setCellSize(int pixels);
    int cellSize() const;

    // Geometry, for tests and tools: the cell under a point (full index, layer included; -1
    // outside) and a cell's centre ((-1, -1) for a layer that is not drawn). The two-argument
    // form means the layer set with setLayer().
    int cellAt(const QPoint &p) const;
    QPoint cellCenter(int row, int col) const;
    QPoint cellCenter(int layer, int row, int col) const;
    QString describeCell(int cell) const; // the hover text

    // With all layers shown: the highlighted cell is the hovered one, else the one selected
    // with the middle button; its pillar word is ringed in every layer, its row and column
    // words lightly in its own layer. -1 / empty when nothing is highlighted.
    void setSelectedCell(int cell); // -1 clears
    int selectedCell() const { return selected_; }
    int highlightedCell() const;
    int highlightedPillarWord() const;
    std::vector<int> highlightedPillarCells() const; // the cells ringed in green, ascending

    QSize sizeHint() const override;

Q_SIGNALS:
    void flipRequested(int cell);
    void pinRequested(int cell);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;

private:
    void rebuildImage();
    QRect gridRect() const;
    QRect layerRect(int layer) const; // the grid of a drawn layer; empty when it is not drawn
    int layersPerRow() const;
    int fittedStackCell() const;
    void paintGrid(QPainter &p, int layer, const QRect &gr, const QRect &exposed);
    void paintStack(QPainter &p, const QRect &exposed);
    void paintHighlight(QPainter &p, int layer, const QRect &gr);
    void paintHighlightText(QPainter &p);
    QRegion highlightRegion() const;
    void setHighlight(int hovered, int selected);
    void paintRowPanel(QPainter &p, const QRect &exposed);
    void paintColumnPanel(QPainter &p, const QRect &exposed);
    void paintLegend(QPainter &p);
    int64_t shownError(int word) const;
    double shownScale() const;
    QString wordText(int word) const;

    const EditableArray *array_ = nullptr;
    Geometry shape_; // of the array that images_, layer_ and the highlight were made for
    std::vector<QImage> images_; // one per layer
    int layer_ = 0;
    int cell_ = 28;
    int stackCell_ = 0; // 0: fitted
    bool allLayers_ = false;
    int hovered_ = -1, selected_ = -1;
    static constexpr int kLeft = 34, kTop = 46, kRowPanel = 250, kColumnPanel = 170;
    // All layers: a header (legend, the highlighted cell's words), then per grid a title and
    // column indices above it, a gap beside it that holds the next grid's row indices.
    static constexpr int kStackTop = 104, kTileHead = 34, kTileGapX = 36, kTileGapY = 12, kMaxPerRow = 4;
};

} // namespace twill
