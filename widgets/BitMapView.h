#pragma once
// The subarray as a grid: one pixel per cell in a QImage (scaled), whose colour mixes the
// cell's row significance (blue) and column significance (red), so the msb-lsb pairing shows
// as a blue-to-red sweep across the anti-diagonals and the naive pattern as a magenta corner
// where MSBs collide. Bits are dots (white = 1), pins a yellow frame, stuck cells a corner
// triangle in the colour of their value (black 0, white 1). Beside the grid, per row
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

    // The error bars keep one scale per array: the present largest |error| is their full length
    // until the next call (hand edits do not rescale them; longer bars end at full length, darker).
    void holdBarScale();
    double barScale() const { return array_ ? shownScale() : 0; } // LSB at full length

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
    // Zoom. By default the cells fit the widget (each mode its own fit: one grid with its word
    // panels, or every layer side by side); setCellSize() is the user's zoom for the mode in
    // effect, which fitToView() gives up again. cellSize() is the size in effect.
    void setCellSize(int pixels);
    int cellSize() const;
    void fitToView();
    bool fitted() const;
    // The largest cell size (within the mode's limits) that shows everything in 'area'.
    int fittedCellSize(const QSize &area) const;
    // A presentation (lecture mode): no legend and no list of column words under the bars, so
    // that the grid, its indices and the row words get the room (the narration names the words).
    void setPresentation(bool on);
    bool presentation() const { return presentation_; }
    // The row panel's header ("row words: target -> decoded (error)") and where it is drawn.
    QString rowHeaderText() const; // at the cell size in effect: with the figures when a row holds a line
    QString rowHeaderText(bool figures) const;
    QRect rowHeaderRect() const;

    // Stale: the array shown is the last valid one, not what the form now asks for ('reason',
    // in words, is why the form cannot be encoded). The view greys it, writes the reason over
    // the grid (inside the part that is in view) and takes no edits; an empty reason makes it
    // live again.
    void setStale(const QString &reason);
    bool stale() const { return !staleReason_.isEmpty(); }
    const QString &staleReason() const { return staleReason_; }
    QString staleText() const;   // what is written: lastValidArrayNote(reason)
    QRect staleNoteRect() const; // where it is written; empty when live

    // Geometry, for tests and tools: the cell under a point (full index, layer included; -1
    // outside) and a cell's centre ((-1, -1) for a layer that is not drawn). The two-argument
    // form means the layer set with setLayer().
    int cellAt(const QPoint &p) const;
    QPoint cellCenter(int row, int col) const;
    QPoint cellCenter(int layer, int row, int col) const;
    QString describeCell(int cell) const; // the hover text
    // The word of direction index k through 'cell', briefly: "row 9", "column 7 (rows 16..31)",
    // "row 3 of layer 0" (the layer when there is more than one), "pillar (2, 3)".
    static QString wordName(const Layout &layout, int k, int cell);
    QRect arrayRect() const;              // the grids drawn (every layer's, side by side)
    QStringList legendTexts() const;      // the colour scales first, then the marks

    // The highlighted cell is the hovered one, else the one selected with the middle button;
    // its row and column words are framed (and their bars in the word panels), and with all
    // layers shown its pillar word is ringed in every layer. -1 / empty when nothing is
    // highlighted (with one layer shown, also when the cell is in another layer).
    void setSelectedCell(int cell); // -1 clears
    int selectedCell() const { return selected_; }
    int highlightedCell() const;
    int hoveredCell() const { return hovered_; } // the cell under the mouse, -1 when none
    // As if the mouse were on 'cell' (-1: on none): a view linked to another shows its hover.
    void setHoveredCell(int cell);

    // A word being read (lecture mode's access): its cells in the order read, most significant
    // first; the first 'read' of them framed in yellow, the rest in white. Empty: none.
    void setReading(const std::vector<int> &cells, int read);
    const std::vector<int> &readingCells() const { return reading_; }
    int readingCount() const { return read_; }
    int highlightedPillarWord() const;
    int highlightedWord(int k) const; // of direction index k through the highlighted cell; -1: none
    std::vector<int> highlightedPillarCells() const; // the cells ringed in green, ascending

    QSize sizeHint() const override;        // the canvas at the preferred (or zoomed) cell size
    QSize minimumSizeHint() const override; // at the smallest fitted (or the zoomed) cell size
    int heightForWidth(int width) const override; // the height that minimum needs at 'width'

Q_SIGNALS:
    void flipRequested(int cell);
    void pinRequested(int cell);
    void highlightChanged(int cell); // highlightedCell() changed (-1: none)
    void refreshed();                // the cells, the shape, the layer or the zoom changed

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void moveEvent(QMoveEvent *event) override; // scrolled: the stale note follows the view port
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;

private:
    // Where everything goes at cell size cs in a widget 'width' pixels wide.
    struct Frame {
        int cs = 0;
        int offset = 0;         // single layer, fitted: the whole is centred in a wider widget
        int left = 0;           // of the grid (single layer)
        int flow = 0;           // the width that the legend (and the column words' list) wrap in
        int legendLines = 0;
        int top = 0;            // of the grid (single layer) or of the first row of grids (all layers)
        int columnTop = 0;      // single layer: the column words' bars, then their list
        int listTop = 0;
        int listPerLine = 1;
        int tilePitchX = 0;     // all layers: from one grid to the next
        int tiles = 0;          // all layers: the width of the grids' rows
        QSize canvas;           // what it all needs
    };
    Frame frameAt(int cs, int width, int perRow = 0) const; // perRow 0: layersPerRow()
    struct Fit {
        int cs = 0, perRow = 1;
    };
    Fit fit(const QSize &area) const; // the fitted cell size and, with all layers, grids to a row
    int gridsToARow(int width) const; // all layers at the smallest cells: the most whose row fits
    Frame frame() const { return frameAt(cellSize(), width()); }
    QSize fitArea() const; // what the fitted cells fill: the view's width and the scroll area's height, else the widget
    int minCell() const;
    int preferredCell() const;
    int lineHeight() const;
    int tileHead() const { return 2 * lineHeight() + 2; } // a grid's title and column indices
    void measure(); // the text widths that the panels and the legend need
    // The legend's items flowed into lines of 'width' pixels from x: (x, line) per item.
    std::vector<QPoint> legendPlaces(int x, int width) const;
    int legendScales() const;
    int stuckLegendItem() const; // -1 when no cell is stuck
    int stuckIconWidth() const;
    QString cellState(int cell) const; // ", pinned", ", stuck at 1" or empty
    void rebuildImage();
    QRect gridRect() const;
    QRect layerRect(int layer) const; // the grid of a drawn layer; empty when it is not drawn
    bool rowTextFits(int cs) const;  // a row of cs pixels holds a line of text
    int rowPanelWidth(int cs) const; // the row words' panel at cell size cs
    int layersPerRow() const; // all layers: the fitted arrangement, or up to four when zoomed
    void paintGrid(QPainter &p, int layer, const QRect &gr, const QRect &exposed);
    void paintStack(QPainter &p, const QRect &exposed);
    void paintHighlight(QPainter &p, int layer, const QRect &gr);
    void paintReading(QPainter &p, int layer, const QRect &gr);
    void paintHighlightText(QPainter &p);
    QRegion highlightRegion() const;
    void setHighlight(int hovered, int selected);
    void paintRowPanel(QPainter &p, const QRect &exposed);
    void paintColumnPanel(QPainter &p, const QRect &exposed);
    void paintLegend(QPainter &p);
    void paintArray(QPainter &p, const QRect &exposed);
    void paintStale(QPainter &p, const QRect &exposed);
    int64_t shownError(int word) const;
    double shownScale() const;
    double heldScale_ = 0; // holdBarScale's; 0: the present largest error
    QString wordText(int word) const;
    QString columnEntry(int word) const;

    const EditableArray *array_ = nullptr;
    Geometry shape_; // of the array that images_, layer_ and the highlight were made for
    std::vector<QImage> images_; // one per layer
    int layer_ = 0;
    int zoom_ = 0, stackZoom_ = 0; // the user's cell size per mode; 0: fitted
    bool allLayers_ = false;
    bool presentation_ = false;
    QString staleReason_;
    int hovered_ = -1, selected_ = -1;
    std::vector<int> reading_;
    int read_ = 0;
    // Measured from the array's texts (measure()).
    int left_ = 34, gapX_ = 36; // the margins that hold the row indices
    int rowPanel_ = 0, rowHeader_ = 0, columnEntry_ = 0, highlightText_ = 0, tileTitle_ = 0;
    std::vector<int> legendWidths_;
    mutable QSize fitFor_; // the widget size that fit_ was found for; invalid: not found yet
    mutable Fit fit_;
    static constexpr int kMaxCell = 80, kPreferredCell = 28, kMinCell = 8, kMinStackCell = 10;
    static constexpr int kColumnBar = 30; // per column word segment
    static constexpr int kMinRowBar = 12; // the narrowest row word bar (many words to a row)
    // All layers: per grid a title and column indices above it, a gap beside it that holds the
    // next grid's row indices.
    static constexpr int kTileGapY = 12, kMaxPerRow = 4;
};

} // namespace twill
