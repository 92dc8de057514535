#include "BitMapView.h"

#include "FormFields.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollArea>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace twill {

namespace {

QColor significanceColor(double rowFraction, double colFraction, double pillarFraction = 0)
{
    // Row significance drives blue, column significance red (and pillar significance green in
    // a 3D stack): MSB over LSB reads as pure blue or pure red, MSB over MSB as bright magenta.
    return QColor(int(40 + 200 * colFraction), int(40 + 200 * pillarFraction), int(40 + 200 * rowFraction));
}

// The highlight's colours, one per direction, echoing the significance colours.
QColor wordColor(Direction d)
{
    switch (d) {
    case Direction::Row: return QColor(70, 150, 255);
    case Direction::Column: return QColor(255, 90, 70);
    case Direction::Pillar: return QColor(40, 235, 90);
    }
    return Qt::white;
}

// A frame of 'width' pixels inside r, from fills so that it is pixel-exact at any cell size.
void drawFrame(QPainter &p, const QRect &r, int width, const QColor &c)
{
    p.fillRect(QRect(r.left(), r.top(), r.width(), width), c);
    p.fillRect(QRect(r.left(), r.bottom() - width + 1, r.width(), width), c);
    p.fillRect(QRect(r.left(), r.top() + width, width, r.height() - 2 * width), c);
    p.fillRect(QRect(r.right() - width + 1, r.top() + width, width, r.height() - 2 * width), c);
}

// A stuck cell's mark: a triangle in the cell's top-left corner in the colour of the value it
// is stuck at (black 0, white 1, as the dots), edged in the other, so that it reads on any
// cell colour and beside either dot; pins are frames, so the two never look alike.
void drawStuckMark(QPainter &p, const QRectF &cell, int value)
{
    const double leg = std::max(5.0, cell.width() * 0.45);
    const QPointF o = cell.topLeft();
    const QPolygonF corner{o, o + QPointF(leg, 0), o + QPointF(0, leg)};
    p.setPen(QPen(value ? QColor(Qt::black) : QColor(Qt::white), 1));
    p.setBrush(value ? QColor(Qt::white) : QColor(Qt::black));
    p.drawPolygon(corner);
}

// The legend's colour scales: one swatch per significance, about 64 px in all.
int swatch(int bits)
{
    return std::clamp(64 / bits, 2, 8);
}

// Index labels every 'step' lines, the smallest power of two that leaves them 'need' pixels.
int labelStep(int cell, int need)
{
    int step = 1;
    while (step * cell < need) step *= 2;
    return step;
}

} // namespace

BitMapView::BitMapView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setObjectName("bitMapView");
    // The height it needs follows the width (the grids to a row of a stack, the column words
    // to a line): a scroll area then scrolls the height only, where the width allows.
    QSizePolicy policy = sizePolicy();
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void BitMapView::setArray(const EditableArray *array)
{
    array_ = array;
    layer_ = 0;
    // The window hands the array back after every edit: keep the highlight where it was. In
    // another shape the same index is another cell (or none): the highlight goes.
    Geometry shape;
    if (array_) shape = array_->layout().geometry();
    if (shape.rows != shape_.rows || shape.cols != shape_.cols || shape.layers != shape_.layers
        || shape.bits != shape_.bits || shape.directions != shape_.directions)
        hovered_ = selected_ = -1;
    shape_ = shape;
    refresh();
}

void BitMapView::refresh()
{
    rebuildImage();
    measure();
    updateGeometry(); // the scroll area gives the view its room (and scrolls below the minimum)
    update();
    Q_EMIT refreshed();
}

void BitMapView::setLayer(int layer)
{
    if (!array_) return;
    layer = std::clamp(layer, 0, array_->layout().geometry().layers - 1);
    if (layer == layer_) return;
    layer_ = layer;
    refresh();
}

void BitMapView::setAllLayers(bool on)
{
    if (on == allLayers_) return;
    allLayers_ = on;
    refresh();
}

void BitMapView::setPresentation(bool on)
{
    if (on == presentation_) return;
    presentation_ = on;
    refresh();
}

bool BitMapView::showsAllLayers() const
{
    return allLayers_ && array_ && array_->layout().geometry().layers > 1;
}

void BitMapView::setCellSize(int pixels)
{
    (showsAllLayers() ? stackZoom_ : zoom_) = std::clamp(pixels, 4, kMaxCell);
    refresh();
}

void BitMapView::fitToView()
{
    zoom_ = stackZoom_ = 0;
    refresh();
}

bool BitMapView::fitted() const
{
    return (showsAllLayers() ? stackZoom_ : zoom_) == 0;
}

int BitMapView::cellSize() const
{
    const int zoom = showsAllLayers() ? stackZoom_ : zoom_;
    return zoom > 0 ? zoom : fittedCellSize(fitArea());
}

QSize BitMapView::fitArea() const
{
    // In a scroll area: the view's width (the port's, or the view's minimum when wider) and the
    // port's height, whatever the scroll area made of the view's own height (heightForWidth).
    if (QWidget *port = parentWidget())
        if (auto *scroll = qobject_cast<QScrollArea *>(port->parentWidget()); scroll && scroll->widget() == this)
            return {width(), port->height()};
    return size();
}

int BitMapView::minCell() const
{
    return showsAllLayers() ? kMinStackCell : kMinCell;
}

int BitMapView::preferredCell() const
{
    if (!showsAllLayers() || !array_) return kPreferredCell;
    // A row of grids about 1000 px wide: 16 layers of 16 x 16 get 12 px cells, small stacks
    // the single-layer size.
    const int n = std::min(kMaxPerRow, array_->layout().geometry().layers);
    return std::clamp((960 - n * gapX_) / (n * array_->layout().geometry().cols), kMinStackCell, kPreferredCell);
}

int BitMapView::fittedCellSize(const QSize &area) const
{
    return fit(area).cs;
}

BitMapView::Fit BitMapView::fit(const QSize &area) const
{
    if (!array_) return {kPreferredCell, 1};
    if (area == fitFor_) return fit_;
    // The canvas grows with the cell size: the largest that fits. All layers: also the number
    // of grids to a row (up to four) that gives the largest cells. Nothing fits at the smallest
    // cells: the height scrolls, not the width. A stack then puts as many grids to a row as the
    // width holds; one layer sizes its grid, bars and row words to the area and lets the column
    // words' list run below (the map is the centre, the list is read by scrolling).
    const int most = showsAllLayers() ? std::min(kMaxPerRow, array_->layout().geometry().layers) : 1;
    auto largest = [&](int n, auto height) { // the largest cells whose 'height' and width fit
        int lo = minCell(), hi = kMaxCell;
        while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            const Frame f = frameAt(mid, area.width(), n);
            if (f.canvas.width() <= area.width() && height(f) <= area.height()) lo = mid;
            else hi = mid - 1;
        }
        const Frame f = frameAt(lo, area.width(), n);
        return f.canvas.width() <= area.width() && height(f) <= area.height() ? lo : 0;
    };
    Fit best{0, most};
    for (int n = most; n >= 1; --n)
        if (const int cs = largest(n, [](const Frame &f) { return f.canvas.height(); }); cs > best.cs) best = {cs, n};
    if (best.cs == 0 && showsAllLayers()) best = {minCell(), gridsToARow(area.width())};
    if (best.cs == 0) best = {std::max(minCell(), largest(1, [](const Frame &f) { return f.listTop; })), 1};
    fitFor_ = area;
    fit_ = best;
    return best;
}

int BitMapView::lineHeight() const
{
    return fontMetrics().height() + 2;
}

QStringList BitMapView::legendTexts() const
{
    QStringList texts{"row word LSB \u2192 MSB", "column word LSB \u2192 MSB"};
    if (array_ && array_->layout().geometry().uses(Direction::Pillar)) texts << "pillar word LSB \u2192 MSB";
    texts << "\u25cf white dot: bit 1" << "yellow frame: pinned";
    if (array_ && array_->stuckCount() > 0) texts << "corner: stuck at 0 / at 1";
    texts << (showsAllLayers() ? "green rings: the highlighted cell's pillar word" : "magenta: high bits of both words meet");
    if (array_ && !array_->lectureActive())
        texts << QString("bars: |error|, full length %1 LSB").arg(shownScale(), 0, 'f', 0);
    return texts;
}

int BitMapView::legendScales() const
{
    return array_ && array_->layout().geometry().uses(Direction::Pillar) ? 3 : 2;
}

int BitMapView::stuckLegendItem() const
{
    return array_ && array_->stuckCount() > 0 ? legendScales() + 2 : -1;
}

int BitMapView::stuckIconWidth() const
{
    return 2 * (lineHeight() - 2) + 6; // a cell stuck at 0 and one stuck at 1, then the text
}

std::vector<QPoint> BitMapView::legendPlaces(int x0, int width) const
{
    // The colour scales on the first line, the marks on the next; a line that is full wraps.
    std::vector<QPoint> places;
    const int scales = legendScales();
    int x = x0, line = 0;
    for (int i = 0; i < int(legendWidths_.size()); ++i) {
        const int w = legendWidths_[size_t(i)];
        if (i == scales && x > x0) { // the marks start a line of their own
            x = x0;
            ++line;
        }
        if (x > x0 && x + w > x0 + width) {
            x = x0;
            ++line;
        }
        places.emplace_back(x, line);
        x += w + 18;
    }
    return places;
}

void BitMapView::measure()
{
    legendWidths_.clear();
    rowPanel_ = columnEntry_ = highlightText_ = tileTitle_ = 0;
    fitFor_ = QSize(); // the fit is measured again
    const int digits = QFontMetrics(font()).horizontalAdvance(QString::number(std::max(shape_.rows, shape_.cols) - 1));
    left_ = std::max(34, digits + 10); // the row indices' margin
    gapX_ = std::max(36, digits + 12);
    if (!array_) return;
    const QFontMetrics fm(font());
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const QStringList texts = legendTexts();
    for (int i = 0; i < texts.size(); ++i)
        legendWidths_.push_back((i < legendScales() ? g.bits * swatch(g.bits) + 4 : i == stuckLegendItem() ? stuckIconWidth() : 0)
                                + fm.horizontalAdvance(texts[i]));
    int rowEntry = 0, wordLine = 0;
    for (int w = 0; w < l.wordCount(); ++w) {
        const Direction d = l.directionOfWord(w);
        const int t = fm.horizontalAdvance(wordText(w));
        if (d == Direction::Row) rowEntry = std::max(rowEntry, t);
        if (d == Direction::Column) columnEntry_ = std::max(columnEntry_, fm.horizontalAdvance(columnEntry(w)));
        wordLine = std::max(wordLine, t);
    }
    // The row panel holds every row word of a row side by side, and its header, uncut.
    const int kRow = g.directionIndex(Direction::Row);
    rowHeader_ = fm.horizontalAdvance(rowHeaderText(false));
    rowPanel_ = std::max(fm.horizontalAdvance(rowHeaderText(true)), kRow >= 0 ? (g.cols / g.bits) * (rowEntry + 12) : 0);
    columnEntry_ += 16;
    // The highlighted cell's word lines: the longest description with the widest figures.
    for (int k = 0; k < l.directionCount(); ++k)
        highlightText_ = std::max(highlightText_, fm.horizontalAdvance(QString("%1: bit %2 of %2   ")
                                                                          .arg(wordName(l, k, g.cellCount() - 1))
                                                                          .arg(g.bits))
                                                      + wordLine + 20);
    QFont bold = font();
    bold.setBold(true);
    tileTitle_ = QFontMetrics(bold).horizontalAdvance(QString("layer %1").arg(g.layers - 1)) + 8
                 + fm.horizontalAdvance(QString("pillar bit %1").arg(g.bits - 1));
}

bool BitMapView::rowTextFits(int cs) const
{
    return cs >= fontMetrics().height();
}

int BitMapView::rowPanelWidth(int cs) const
{
    // Cells too small for a line of text: the bars alone, and the header on them; at least
    // kMinRowBar pixels a bar when many words share a row.
    if (rowTextFits(cs)) return rowPanel_;
    const int segs = array_ ? std::max(1, array_->layout().geometry().cols / array_->layout().bits()) : 1;
    return std::max(rowHeader_, segs * (kMinRowBar + 6));
}

int BitMapView::layersPerRow() const
{
    const int most = std::min(kMaxPerRow, array_->layout().geometry().layers);
    return showsAllLayers() && stackZoom_ == 0 ? fit(fitArea()).perRow : most;
}

BitMapView::Frame BitMapView::frameAt(int cs, int width, int perRow) const
{
    Frame f;
    f.cs = cs;
    if (!array_) {
        f.canvas = {400, 300};
        return f;
    }
    const Geometry &g = array_->layout().geometry();
    const int lh = lineHeight();
    int widestItem = 0;
    for (int w : legendWidths_) widestItem = std::max(widestItem, w);
    if (showsAllLayers()) {
        const int n = perRow > 0 ? perRow : layersPerRow(), gridRows = (g.layers + n - 1) / n;
        f.tilePitchX = std::max(g.cols * cs + gapX_, tileTitle_ + 8);
        const int tiles = left_ + (n - 1) * f.tilePitchX + g.cols * cs + 10;
        f.tiles = tiles;
        const int w = presentation_ ? tiles : std::max({tiles, left_ + widestItem + 4, left_ + 16 + highlightText_});
        f.legendLines = 0;
        f.flow = std::max(w, width) - left_ - 4;
        if (!presentation_)
            for (const QPoint &pl : legendPlaces(left_, f.flow)) f.legendLines = std::max(f.legendLines, pl.y() + 1);
        // The header: the legend, then the highlighted cell and one line per word through it
        // (a presentation has neither: its narration names the words).
        const int header = presentation_ ? 0 : 6 + f.legendLines * lh + 6 + (1 + array_->layout().directionCount()) * lh;
        f.top = header + 6 + tileHead();
        f.left = left_;
        f.canvas = {w, f.top - tileHead() + gridRows * (tileHead() + g.rows * cs + kTileGapY) + 10};
        return f;
    }
    const int kCol = g.directionIndex(Direction::Column);
    const int grid = left_ + g.cols * cs + 8 + rowPanelWidth(cs) + 10;
    // A presentation has neither the legend nor the column words' list.
    const int w = presentation_ ? grid : std::max({grid, left_ + widestItem + 4, left_ + columnEntry_ + 4});
    const int room = std::max(w, width);
    // Fitted, the grid and its panels are centred in the room the widget has; the legend and
    // the column words' list start where the grid does and use the room to its right.
    f.offset = zoom_ == 0 ? std::clamp((room - grid) / 2, 0, room - w) : 0;
    f.left = left_ + f.offset;
    f.flow = room - f.left - 4;
    f.legendLines = 0;
    if (!presentation_)
        for (const QPoint &pl : legendPlaces(f.left, f.flow)) f.legendLines = std::max(f.legendLines, pl.y() + 1);
    f.top = 6 + f.legendLines * lh + 4 + lh;
    f.columnTop = f.top + g.rows * cs + 6;
    f.listTop = f.columnTop;
    int lines = 0;
    if (kCol >= 0) {
        f.listTop += (g.rows / g.bits) * kColumnBar + 4;
        f.listPerLine = std::max(1, f.flow / std::max(1, columnEntry_));
        const int words = g.cols * (g.rows / g.bits);
        if (!presentation_) lines = 1 + (words + f.listPerLine - 1) / f.listPerLine; // the list's header, then the entries
    }
    f.canvas = {w, f.listTop + lines * lh + 8};
    return f;
}

QSize BitMapView::sizeHint() const
{
    const int zoom = showsAllLayers() ? stackZoom_ : zoom_;
    const int cs = zoom > 0 ? zoom : preferredCell();
    return frameAt(cs, 0, std::min(kMaxPerRow, array_ ? array_->layout().geometry().layers : 1)).canvas;
}

QSize BitMapView::minimumSizeHint() const
{
    const int zoom = showsAllLayers() ? stackZoom_ : zoom_;
    const Frame f = frameAt(zoom > 0 ? zoom : minCell(), 0, std::min(kMaxPerRow, array_ ? array_->layout().geometry().layers : 1));
    if (zoom > 0) return f.canvas;
    // Fitted, heightForWidth says how tall the view is at a width: a stack's grids may run one
    // to a row, and one layer's column words take fewer lines when wider (the list is not part
    // of the minimum, or it would hold the view at one entry a line whatever its width).
    if (!showsAllLayers()) return {f.canvas.width(), array_ ? f.listTop : f.canvas.height()};
    return {frameAt(minCell(), 0, 1).canvas.width(), f.canvas.height()};
}

int BitMapView::heightForWidth(int width) const
{
    const int zoom = showsAllLayers() ? stackZoom_ : zoom_;
    if (zoom > 0) return frameAt(zoom, width).canvas.height();
    // Fitted: the cells the fit gives at this width (and the height there is to fill).
    const Fit f = fit(QSize(width, fitArea().height()));
    return frameAt(f.cs, width, f.perRow).canvas.height();
}

int BitMapView::gridsToARow(int width) const
{
    // The most grids to a row (up to four) whose row fits 'width' at the smallest cells.
    for (int n = std::min(kMaxPerRow, array_->layout().geometry().layers); n > 1; --n)
        if (frameAt(minCell(), width, n).tiles <= width) return n;
    return 1;
}

QRect BitMapView::gridRect() const
{
    if (!array_) return {};
    const Geometry &g = array_->layout().geometry();
    const Frame f = frame();
    return QRect(f.left, f.top, g.cols * f.cs, g.rows * f.cs);
}

QRect BitMapView::layerRect(int layer) const
{
    if (!array_) return {};
    const Geometry &g = array_->layout().geometry();
    if (layer < 0 || layer >= g.layers) return {};
    if (!showsAllLayers()) return layer == layer_ ? gridRect() : QRect();
    const Frame f = frame();
    const int cs = f.cs, n = layersPerRow();
    return QRect(left_ + (layer % n) * f.tilePitchX, f.top + (layer / n) * (tileHead() + g.rows * cs + kTileGapY),
                 g.cols * cs, g.rows * cs);
}

QString BitMapView::rowHeaderText() const
{
    return rowHeaderText(rowTextFits(cellSize()));
}

QString BitMapView::rowHeaderText(bool figures) const
{
    // Without figures (rows too low for a line of text) it names what the bars show.
    if (array_ && array_->lectureActive()) // the step is in the summary below
        return figures ? "row words: target: still to go" : "rows: still to go";
    return figures ? "row words: target \u2192 decoded (error)" : "row words: |error|";
}

QRect BitMapView::rowHeaderRect() const
{
    if (!array_ || showsAllLayers()) return {};
    const QRect gr = gridRect();
    return QRect(gr.right() + 1 + 8, gr.top() - lineHeight(), rowPanelWidth(cellSize()), lineHeight() - 2);
}

void BitMapView::rebuildImage()
{
    if (!array_) return;
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int W = g.bits;
    const int kRow = g.directionIndex(Direction::Row), kCol = g.directionIndex(Direction::Column);
    const int kPil = g.directionIndex(Direction::Pillar);
    images_.assign(size_t(g.layers), QImage());
    for (int layer = 0; layer < g.layers; ++layer) {
        QImage &image = images_[size_t(layer)];
        image = QImage(g.cols, g.rows, QImage::Format_RGB32);
        for (int i = 0; i < g.rows; ++i)
            for (int j = 0; j < g.cols; ++j) {
                const int c = g.cellIndex(layer, i, j);
                const double r = kRow >= 0 ? double(l.significance(kRow, c)) / double(W - 1) : 0;
                const double k = kCol >= 0 ? double(l.significance(kCol, c)) / double(W - 1) : 0;
                const double q = kPil >= 0 ? double(l.significance(kPil, c)) / double(W - 1) : 0;
                // During a lecture the cells not yet decided are dim: mostly grey, with a trace of
                // their significance colour (the pattern, and where high bits meet, show from the
                // first step; the decided cells stand out in full colour).
                const QColor full = significanceColor(r, k, q);
                image.setPixelColor(j, i, array_->decided(c) ? full
                                                             : QColor((full.red() + 2 * 96) / 3, (full.green() + 2 * 96) / 3,
                                                                      (full.blue() + 2 * 96) / 3));
            }
    }
}

int BitMapView::cellAt(const QPoint &p) const
{
    if (!array_) return -1;
    if (!showsAllLayers()) {
        const QRect gr = gridRect();
        if (!gr.contains(p)) return -1;
        const int cs = cellSize();
        const int j = (p.x() - gr.left()) / cs, i = (p.y() - gr.top()) / cs;
        return array_->layout().geometry().cellIndex(layer_, i, j);
    }
    const Geometry &g = array_->layout().geometry();
    const int cs = cellSize();
    for (int layer = 0; layer < g.layers; ++layer) {
        const QRect gr = layerRect(layer);
        if (gr.contains(p)) return g.cellIndex(layer, (p.y() - gr.top()) / cs, (p.x() - gr.left()) / cs);
    }
    return -1;
}

QPoint BitMapView::cellCenter(int row, int col) const
{
    return cellCenter(layer_, row, col);
}

QPoint BitMapView::cellCenter(int layer, int row, int col) const
{
    const QRect gr = layerRect(layer);
    if (gr.isNull()) return {-1, -1};
    const Geometry &g = array_->layout().geometry();
    if (row < 0 || row >= g.rows || col < 0 || col >= g.cols) return {-1, -1};
    const int cs = cellSize();
    return gr.topLeft() + QPoint(col * cs + cs / 2, row * cs + cs / 2);
}

void BitMapView::setReading(const std::vector<int> &cells, int read)
{
    reading_ = cells;
    read_ = std::clamp(read, 0, int(cells.size()));
    update();
}

void BitMapView::setSelectedCell(int cell)
{
    setHighlight(hovered_, array_ && cell >= 0 && cell < array_->layout().cellCount() ? cell : -1);
}

int BitMapView::highlightedCell() const
{
    if (!array_) return -1;
    const int c = hovered_ >= 0 ? hovered_ : selected_;
    if (c < 0 || showsAllLayers()) return c;
    // One layer shown: only a cell of that layer is highlighted.
    const Geometry &g = array_->layout().geometry();
    return c / (g.rows * g.cols) == layer_ ? c : -1;
}

void BitMapView::setHoveredCell(int cell)
{
    setHighlight(array_ && cell >= 0 && cell < array_->layout().cellCount() ? cell : -1, selected_);
}

int BitMapView::highlightedPillarWord() const
{
    if (!showsAllLayers()) return -1; // the pillar words are ringed with all layers in view
    const int c = highlightedCell();
    const int k = array_ ? array_->layout().geometry().directionIndex(Direction::Pillar) : -1;
    return c >= 0 && k >= 0 ? array_->layout().wordOf(k, c) : -1;
}

QString BitMapView::wordName(const Layout &l, int k, int cell)
{
    const Geometry &g = l.geometry();
    const int layer = cell / (g.rows * g.cols), i = (cell / g.cols) % g.rows, j = cell % g.cols, W = g.bits;
    const QString in = g.layers > 1 ? QString(" of layer %1").arg(layer) : QString();
    auto span = [W](const char *what, int at) { return QString(" (%1 %2..%3)").arg(what).arg(at / W * W).arg(at / W * W + W - 1); };
    switch (g.directions[size_t(k)]) {
    case Direction::Row: return QString("row %1").arg(i) + (g.cols > W ? span("columns", j) : QString()) + in;
    case Direction::Column: return QString("column %1").arg(j) + (g.rows > W ? span("rows", i) : QString()) + in;
    case Direction::Pillar: return QString("pillar (%1, %2)").arg(i).arg(j) + (g.layers > W ? span("layers", layer) : QString());
    }
    return {};
}

int BitMapView::highlightedWord(int k) const
{
    const int c = highlightedCell();
    return c >= 0 && k >= 0 ? array_->layout().wordOf(k, c) : -1;
}

std::vector<int> BitMapView::highlightedPillarCells() const
{
    std::vector<int> cells;
    const int w = highlightedPillarWord();
    if (w < 0) return cells;
    for (int s = 0; s < array_->layout().bits(); ++s) cells.push_back(array_->layout().cellOf(w, s));
    std::sort(cells.begin(), cells.end());
    return cells;
}

QRegion BitMapView::highlightRegion() const
{
    // What a change of highlight repaints: the words' cells, and all layers: the header's word
    // lines and the titles; one layer: the row words' panel and the column words' bars and list.
    QRegion region;
    const int c = highlightedCell();
    if (c < 0) return region;
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int cs = cellSize();
    const Frame f = frame();
    if (showsAllLayers()) {
        region += QRect(0, 6 + f.legendLines * lineHeight(), width(), f.top - tileHead() - 6 - f.legendLines * lineHeight());
    } else {
        const QRect header = rowHeaderRect();
        region += QRect(header.left() - 4, header.top(), width() - header.left() + 4, header.height() + 8 + g.rows * cs);
        region += QRect(0, f.columnTop - 4, width(), height() - f.columnTop + 4);
    }
    for (int k = 0; k < l.directionCount(); ++k) {
        const int w = l.wordOf(k, c);
        for (int s = 0; s < g.bits; ++s) {
            const int cell = l.cellOf(w, s), layer = cell / (g.rows * g.cols);
            const QRect gr = layerRect(layer);
            if (gr.isNull()) continue; // a layer not drawn
            region += QRect(gr.left() + (cell % g.cols) * cs, gr.top() + (cell / g.cols) % g.rows * cs, cs, cs)
                          .adjusted(-4, -4, 4, 4);
            region += QRect(gr.left(), gr.top() - tileHead(), f.tilePitchX, tileHead());
        }
    }
    return region;
}

void BitMapView::setHighlight(int hovered, int selected)
{
    if (hovered == hovered_ && selected == selected_) return;
    const QRegion before = highlightRegion();
    const int shownBefore = highlightedCell();
    hovered_ = hovered;
    selected_ = selected;
    update(before + highlightRegion());
    if (highlightedCell() != shownBefore) Q_EMIT highlightChanged(highlightedCell());
}

QString BitMapView::cellState(int cell) const
{
    if (array_->isStuck(cell)) return QString(", stuck at %1").arg(array_->stuck()[size_t(cell)]);
    return array_->pins()[cell] >= 0 ? ", pinned" : "";
}

QString BitMapView::describeCell(int cell) const
{
    if (!array_ || cell < 0) return {};
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int j = cell % g.cols, i = (cell / g.cols) % g.rows, layer = cell / (g.cols * g.rows);
    QString s = QString("cell (layer %1, row %2, column %3): bit %4%5")
                    .arg(layer)
                    .arg(i)
                    .arg(j)
                    .arg(array_->bits()[cell])
                    .arg(cellState(cell));
    const std::vector<int64_t> after = array_->errorsIfFlipped(cell);
    for (int k = 0; k < l.directionCount(); ++k) {
        const int w = l.wordOf(k, cell);
        s += QString("\n%1: significance %2 of %3 (weight 2^%2); error %4, flipping makes it %5")
                 .arg(QString::fromStdString(l.describeWord(w)))
                 .arg(l.significance(k, cell))
                 .arg(g.bits)
                 .arg(array_->error(w))
                 .arg(after[size_t(k)]);
    }
    if (array_->isStuck(cell)) s += "\na stuck cell keeps its value: it cannot be flipped or pinned";
    else s += "\nclick: flip (undo with Ctrl+Z); right click: pin / unpin";
    if (showsAllLayers()) s += "; middle click: keep the words highlighted";
    return s;
}

bool BitMapView::event(QEvent *e)
{
    if (e->type() == QEvent::FontChange) {
        measure();
        updateGeometry();
    }
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const int c = cellAt(help->pos());
        if (c >= 0) QToolTip::showText(help->globalPos(), describeCell(c), this);
        else QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

void BitMapView::mousePressEvent(QMouseEvent *e)
{
    if (stale()) return; // the last valid array is shown for reference, not to be edited
    const int c = cellAt(e->position().toPoint());
    if (e->button() == Qt::MiddleButton) { // select, or release (also by a click beside the grids)
        setHighlight(hovered_, c == selected_ ? -1 : c);
        return;
    }
    if (c < 0) return;
    if (e->button() == Qt::LeftButton) Q_EMIT flipRequested(c);
    else if (e->button() == Qt::RightButton) Q_EMIT pinRequested(c);
}

void BitMapView::mouseMoveEvent(QMouseEvent *e)
{
    if (stale()) return;
    setHighlight(cellAt(e->position().toPoint()), selected_);
    QWidget::mouseMoveEvent(e);
}

void BitMapView::leaveEvent(QEvent *e)
{
    setHighlight(-1, selected_);
    QWidget::leaveEvent(e);
}

void BitMapView::wheelEvent(QWheelEvent *e)
{
    if (e->modifiers() & Qt::ControlModifier) {
        setCellSize(cellSize() + (e->angleDelta().y() > 0 ? 2 : -2));
        e->accept();
        return;
    }
    QWidget::wheelEvent(e);
}

void BitMapView::setStale(const QString &reason)
{
    if (reason == staleReason_) return;
    staleReason_ = reason;
    if (stale()) setHighlight(-1, -1);
    update();
}

QString BitMapView::staleText() const
{
    return stale() ? lastValidArrayNote(staleReason_) : QString();
}

QRect BitMapView::arrayRect() const
{
    if (!array_) return {};
    if (!showsAllLayers()) return gridRect();
    QRect all;
    for (int l = 0; l < array_->layout().geometry().layers; ++l) all = all.united(layerRect(l));
    return all;
}

QRect BitMapView::staleNoteRect() const
{
    if (!stale()) return {};
    // Over the grid, within the part of the view that is in view (the scroll area's port), so
    // that the reason is read where the array is, never below the fold.
    QRect shown = visibleRegion().boundingRect();
    if (shown.isEmpty()) shown = rect();
    QRect area = arrayRect().intersected(shown);
    if (area.isEmpty()) area = shown;
    const int margin = 8, pad = 10;
    // As wide as the grid, and wide enough for about 36 characters a line when the port allows.
    const int width = std::max(1, std::min(shown.width() - 2 * margin,
                                           std::max(area.width() - 2 * margin, 36 * fontMetrics().averageCharWidth() + 2 * pad)));
    const QRect text = fontMetrics().boundingRect(QRect(0, 0, width - 2 * pad, 100000), Qt::TextWordWrap, staleText());
    QRect note(0, 0, width, text.height() + 2 * pad);
    note.moveCenter(area.center());
    // Inside what is in view: from its top when it is taller.
    note.moveLeft(std::clamp(note.left(), shown.left() + margin, std::max(shown.left() + margin, shown.right() - margin - note.width())));
    note.moveTop(std::clamp(note.top(), shown.top() + margin, std::max(shown.top() + margin, shown.bottom() - margin - note.height())));
    return note;
}

void BitMapView::moveEvent(QMoveEvent *event)
{
    QWidget::moveEvent(event);
    if (stale()) update(); // the note keeps its place in the port: repaint, not the scrolled pixels
}

void BitMapView::paintStale(QPainter &p, const QRect &exposed)
{
    // Greyed: the window's colour over everything, then the reason on a card.
    QColor veil = palette().window().color();
    veil.setAlpha(185);
    p.fillRect(exposed, veil);
    const QRect note = staleNoteRect();
    if (!note.intersects(exposed)) return;
    p.setPen(QPen(QColor(0xb0, 0x00, 0x20), 2));
    p.setBrush(palette().base());
    p.drawRoundedRect(note.adjusted(1, 1, -1, -1), 4, 4);
    p.setPen(palette().text().color());
    p.setFont(font());
    p.drawText(note.adjusted(10, 10, -10, -10), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, staleText());
}

void BitMapView::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    const QRect exposed = event->rect();
    p.fillRect(exposed, palette().window());
    if (!array_) return;
    paintArray(p, exposed);
    if (stale()) paintStale(p, exposed);
}

void BitMapView::paintArray(QPainter &p, const QRect &exposed)
{
    if (showsAllLayers()) {
        // No word panels here: they line up with one grid's rows and columns, so they would
        // either repeat under every grid (too small to read at stack zoom) or jump between
        // grids as the mouse moves. The header lists the highlighted cell's words instead,
        // pillar word included, which the panels never showed.
        if (!presentation_) {
            paintLegend(p);
            paintHighlightText(p);
        }
        paintStack(p, exposed);
        return;
    }
    const Geometry &g = array_->layout().geometry();
    const QRect gr = gridRect();
    const int cs = cellSize();
    paintGrid(p, layer_, gr, exposed);
    paintHighlight(p, layer_, gr);
    paintReading(p, layer_, gr);
    // Row and column indices, every one that has room for its number (a power-of-two step).
    p.setPen(palette().windowText().color());
    p.setFont(font());
    const int digits = p.fontMetrics().horizontalAdvance(QString::number(std::max(g.rows, g.cols) - 1));
    const int colStep = labelStep(cs, digits + 4), rowStep = labelStep(cs, p.fontMetrics().height());
    for (int i = 0; i < g.rows; i += rowStep)
        p.drawText(QRect(gr.left() - left_, gr.top() + i * cs + cs / 2 - lineHeight() / 2, left_ - 4, lineHeight()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(i));
    for (int j = 0; j < g.cols; j += colStep)
        p.drawText(QRect(gr.left() + j * cs + cs / 2 - 20, gr.top() - lineHeight(), 40, lineHeight() - 2),
                   Qt::AlignHCenter | Qt::AlignBottom, QString::number(j));
    if (!presentation_) paintLegend(p);
    paintRowPanel(p, exposed);
    paintColumnPanel(p, exposed);
}

void BitMapView::paintGrid(QPainter &p, int layer, const QRect &gr, const QRect &exposed)
{
    const Geometry &g = array_->layout().geometry();
    const int cs = cellSize();
    // Cells: the significance image, scaled; only the exposed part is drawn.
    const QRect cells = exposed.intersected(gr);
    if (cells.isEmpty()) return;
    p.drawImage(gr, images_[size_t(layer)]);
    const int j0 = (cells.left() - gr.left()) / cs, j1 = std::min(g.cols - 1, (cells.right() - gr.left()) / cs);
    const int i0 = (cells.top() - gr.top()) / cs, i1 = std::min(g.rows - 1, (cells.bottom() - gr.top()) / cs);
    p.setRenderHint(QPainter::Antialiasing, true);
    const double rad = std::max(1.5, cs * 0.22);
    for (int i = i0; i <= i1; ++i)
        for (int j = j0; j <= j1; ++j) {
            const int c = g.cellIndex(layer, i, j);
            const int x = gr.left() + j * cs, y = gr.top() + i * cs;
            const QPointF centre(x + cs / 2, y + cs / 2);
            if (!array_->decided(c)) continue;
            if (c == array_->lastDecidedCell()) {
                p.setBrush(Qt::NoBrush);
                p.setPen(QPen(QColor(0, 255, 255), 4));
                p.drawRect(QRectF(x + 2, y + 2, cs - 4, cs - 4));
            }
            if (array_->bits()[c]) {
                p.setPen(QPen(Qt::black, 1));
                p.setBrush(Qt::white);
                p.drawEllipse(centre, rad, rad);
            } else if (cs >= 10) {
                p.setPen(Qt::NoPen);
                p.setBrush(QColor(0, 0, 0, 120));
                p.drawEllipse(centre, rad * 0.35, rad * 0.35);
            }
            if (array_->pins()[c] >= 0) {
                p.setBrush(Qt::NoBrush);
                p.setPen(QPen(QColor(255, 215, 0), 2));
                p.drawRect(QRectF(x + 1.5, y + 1.5, cs - 3, cs - 3));
            }
            if (array_->isStuck(c)) drawStuckMark(p, QRectF(x, y, cs, cs), array_->stuck()[size_t(c)]);
        }
    p.setRenderHint(QPainter::Antialiasing, false);
    // Grid lines, with heavier lines at word boundaries.
    for (int j = j0; j <= j1 + 1 && cs >= 8; ++j) {
        p.setPen(QPen(QColor(0, 0, 0, j % g.bits == 0 ? 200 : 60), j % g.bits == 0 ? 2 : 1));
        p.drawLine(gr.left() + j * cs, gr.top(), gr.left() + j * cs, gr.bottom());
    }
    for (int i = i0; i <= i1 + 1 && cs >= 8; ++i) {
        p.setPen(QPen(QColor(0, 0, 0, i % g.bits == 0 ? 200 : 60), i % g.bits == 0 ? 2 : 1));
        p.drawLine(gr.left(), gr.top() + i * cs, gr.right(), gr.top() + i * cs);
    }
}

void BitMapView::paintStack(QPainter &p, const QRect &exposed)
{
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int cs = cellSize();
    const int kPil = g.directionIndex(Direction::Pillar);
    const int lit = highlightedCell();
    const int litRow = lit >= 0 ? (lit / g.cols) % g.rows : -1, litCol = lit >= 0 ? lit % g.cols : -1;
    const QFont label = font();
    QFont title = label;
    title.setBold(true);
    const QFontMetrics fm(label);
    const int colStep = labelStep(cs, fm.horizontalAdvance(QString::number(g.cols - 1)) + 4);
    const int rowStep = labelStep(cs, fm.height());
    for (int layer = 0; layer < g.layers; ++layer) {
        const QRect gr = layerRect(layer);
        const QRect tile = gr.adjusted(-gapX_, -tileHead(), 2, lineHeight()) | QRect(gr.left(), gr.top() - tileHead(), frame().tilePitchX, tileHead());
        if (!tile.intersects(exposed)) continue;
        paintGrid(p, layer, gr, exposed);
        paintHighlight(p, layer, gr);
        paintReading(p, layer, gr);
        p.setPen(palette().windowText().color());
        p.setFont(label);
        for (int j = 0; j < g.cols; j += colStep)
            p.drawText(QRect(gr.left() + j * cs + cs / 2 - 20, gr.top() - fm.height() - 1, 40, fm.height()), Qt::AlignCenter,
                       QString::number(j));
        for (int i = 0; i < g.rows; i += rowStep)
            p.drawText(QRect(gr.left() - gapX_, gr.top() + i * cs + cs / 2 - fm.height() / 2, gapX_ - 4, fm.height()),
                       Qt::AlignRight | Qt::AlignVCenter, QString::number(i));
        // Title, and the pillar bit that the highlighted (row, column) holds in this layer.
        const QRect head(gr.left(), gr.top() - tileHead(), frame().tilePitchX - 8, tileHead() - fm.height() - 1);
        p.setFont(title);
        const QString name = QString("layer %1").arg(layer);
        p.drawText(head, Qt::AlignLeft | Qt::AlignVCenter, name);
        if (lit >= 0 && kPil >= 0) {
            const int c = g.cellIndex(layer, litRow, litCol);
            if (l.wordOf(kPil, c) == highlightedPillarWord()) {
                const int x = head.left() + p.fontMetrics().horizontalAdvance(name) + 8;
                p.setFont(label);
                // Green text that reads on the light and the dark theme alike.
                const bool light = palette().window().color().lightness() > 128;
                p.setPen(light ? QColor(20, 130, 50) : wordColor(Direction::Pillar));
                p.drawText(QRect(x, head.top(), head.right() - x, head.height()), Qt::AlignLeft | Qt::AlignVCenter,
                           QString("pillar bit %1").arg(l.significance(kPil, c)));
            }
        }
    }
}

void BitMapView::paintReading(QPainter &p, int layer, const QRect &gr)
{
    // The word being read: the cells read so far in yellow, the rest of the word in white (over
    // the highlight, which often frames the same word).
    const Geometry &g = array_->layout().geometry();
    const int cs = cellSize();
    for (int n = 0; n < int(reading_.size()); ++n) {
        const int c = reading_[size_t(n)];
        if (c / (g.rows * g.cols) != layer) continue;
        const QRect cell(gr.left() + (c % g.cols) * cs, gr.top() + (c / g.cols) % g.rows * cs, cs, cs);
        drawFrame(p, cell, n < read_ ? std::max(3, cs / 8) : 2, n < read_ ? QColor(255, 230, 0) : QColor(Qt::white));
    }
}

void BitMapView::paintHighlight(QPainter &p, int layer, const QRect &gr)
{
    const int c = highlightedCell();
    if (c < 0) return;
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int cs = cellSize();
    auto cellRect = [&](int cell) {
        return QRect(gr.left() + (cell % g.cols) * cs, gr.top() + (cell / g.cols) % g.rows * cs, cs, cs);
    };
    const bool own = c / (g.rows * g.cols) == layer;
    // Row and column words of the cell, lightly: a tint and a thin frame round the word.
    for (int k = 0; k < l.directionCount() && own; ++k) {
        const Direction d = g.directions[size_t(k)];
        if (d == Direction::Pillar) continue;
        const int w = l.wordOf(k, c);
        QRect r;
        for (int s = 0; s < g.bits; ++s) r |= cellRect(l.cellOf(w, s));
        p.fillRect(r, QColor(255, 255, 255, 50));
        drawFrame(p, r, 2, wordColor(d));
    }
    // The pillar word: each of its cells in this layer gets a green ring edged in black that
    // reaches past the cell, so that it shows on any significance colour (the Latin cube's
    // cells are often green themselves) and reads by its shape at 10 px cells.
    const int w = highlightedPillarWord();
    for (int s = 0; w >= 0 && s < g.bits; ++s) {
        const int cell = l.cellOf(w, s);
        if (cell / (g.rows * g.cols) != layer) continue;
        const QRect r = cellRect(cell);
        drawFrame(p, r.adjusted(-3, -3, 3, 3), 1, Qt::black);
        drawFrame(p, r.adjusted(-2, -2, 2, 2), 3, wordColor(Direction::Pillar));
        drawFrame(p, r.adjusted(1, 1, -1, -1), 1, cell == c ? Qt::white : Qt::black);
    }
}

void BitMapView::paintHighlightText(QPainter &p)
{
    p.setFont(font());
    p.setPen(palette().windowText().color());
    const int lh = lineHeight(), x = left_;
    const Frame f = frame();
    int y = 6 + f.legendLines * lh + 6;
    const int c = highlightedCell();
    if (c < 0) {
        // The hint wraps inside the lines that the highlighted cell's words take.
        const int lines = 1 + array_->layout().directionCount();
        p.drawText(QRect(x, y, width() - x - 4, lines * lh), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                   "hover a cell: its pillar word is ringed in green in every layer, its row and column words in "
                   "its own layer (middle click keeps them)");
        return;
    }
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    p.drawText(QRect(x, y, width() - x - 4, lh), Qt::AlignLeft | Qt::AlignVCenter,
               QString("cell (layer %1, row %2, column %3): bit %4%5%6")
                   .arg(c / (g.rows * g.cols))
                   .arg((c / g.cols) % g.rows)
                   .arg(c % g.cols)
                   .arg(array_->bits()[c])
                   .arg(cellState(c))
                   .arg(c == selected_ ? "   (selected: middle click releases it)" : ""));
    for (int k = 0; k < l.directionCount(); ++k) {
        y += lh;
        const int w = l.wordOf(k, c);
        p.fillRect(QRect(x, y + (lh - 10) / 2, 10, 10), wordColor(g.directions[size_t(k)]));
        const QString text = QString("%1: bit %2 of %3   %4")
                                 .arg(wordName(l, k, c))
                                 .arg(l.significance(k, c))
                                 .arg(g.bits)
                                 .arg(wordText(w));
        p.drawText(QRect(x + 16, y, width() - x - 20, lh), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
}

void BitMapView::paintLegend(QPainter &p)
{
    p.setFont(font());
    p.setPen(palette().windowText().color());
    const int W = array_->layout().bits(), lh = lineHeight();
    const QStringList texts = legendTexts();
    const int scales = legendScales();
    const Frame f = frame();
    const std::vector<QPoint> places = legendPlaces(f.left, f.flow);
    for (int i = 0; i < int(std::min(size_t(texts.size()), places.size())); ++i) {
        const int x = places[size_t(i)].x(), y = 6 + places[size_t(i)].y() * lh;
        int tx = x;
        if (i < scales) {
            const int sw = swatch(W);
            for (int s = 0; s < W; ++s) {
                const double v = double(s) / (W - 1);
                p.fillRect(x + s * sw, y + (lh - 10) / 2, sw, 10,
                           i == 0 ? significanceColor(v, 0) : i == 1 ? significanceColor(0, v) : significanceColor(0, 0, v));
            }
            tx += W * sw + 4;
        }
        if (i == stuckLegendItem()) {
            const int side = lh - 2;
            for (int v = 0; v < 2; ++v) {
                const QRectF cell(x + v * (side + 3), y + 1, side, side);
                p.fillRect(cell, QColor(128, 128, 160));
                p.setRenderHint(QPainter::Antialiasing, true);
                drawStuckMark(p, cell, v);
                p.setRenderHint(QPainter::Antialiasing, false);
            }
            p.setPen(palette().windowText().color());
            tx += stuckIconWidth();
        }
        p.drawText(QRect(tx, y, width() - tx, lh), Qt::AlignLeft | Qt::AlignVCenter, texts[i]);
    }
}

int64_t BitMapView::shownError(int word) const
{
    // During a lecture: how far the word still is from what its undecided cells can reach.
    return array_->lectureActive() ? array_->reachDistance(word) : array_->error(word);
}

void BitMapView::holdBarScale()
{
    heldScale_ = array_ ? std::max(1.0, array_->maxAbsError()) : 0;
    update();
}

double BitMapView::shownScale() const
{
    if (!array_->lectureActive()) return heldScale_ > 0 ? heldScale_ : std::max(1.0, array_->maxAbsError());
    double m = 1;
    for (int w = 0; w < array_->layout().wordCount(); ++w) m = std::max(m, double(array_->reachDistance(w)));
    return m;
}

QString BitMapView::wordText(int w) const
{
    const int64_t e = shownError(w);
    if (array_->lectureActive())
        return QString("%1: %2 away").arg(array_->targets()[w]).arg(e);
    return QString("%1 \u2192 %2 (%3%4)").arg(array_->targets()[w]).arg(array_->decoded()[w]).arg(e > 0 ? "+" : "").arg(e);
}

QString BitMapView::columnEntry(int w) const
{
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int first = l.cellOf(w, 0);
    int lo = g.rows, hi = -1; // the rows the word spans
    for (int s = 0; s < g.bits; ++s) {
        const int i = (l.cellOf(w, s) / g.cols) % g.rows;
        lo = std::min(lo, i);
        hi = std::max(hi, i);
    }
    const QString where = g.rows > g.bits ? QString("col %1 (rows %2..%3)").arg(first % g.cols).arg(lo).arg(hi)
                                          : QString("col %1").arg(first % g.cols);
    return where + ": " + wordText(w);
}

void BitMapView::paintRowPanel(QPainter &p, const QRect &exposed)
{
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int kRow = g.directionIndex(Direction::Row);
    if (kRow < 0) return;
    const int cs = cellSize();
    const QRect header = rowHeaderRect();
    const int x0 = header.left();
    const QRect panel(x0, header.top(), header.width(), header.height() + 2 + g.rows * cs);
    if (!panel.intersects(exposed)) return;
    const double maxErr = shownScale();
    const int segs = g.cols / g.bits;
    const int segWidth = header.width() / segs;
    p.setFont(font());
    p.setPen(palette().windowText().color());
    p.drawText(header, Qt::AlignLeft | Qt::AlignBottom, rowHeaderText());
    const bool text = rowTextFits(cs);
    const int lit = highlightedWord(kRow);
    for (int i = 0; i < g.rows; ++i)
        for (int sgm = 0; sgm < segs; ++sgm) {
            const int w = l.wordOf(kRow, g.cellIndex(layer_, i, sgm * g.bits));
            const QRect r(x0 + sgm * segWidth, header.bottom() + 3 + i * cs + 1, segWidth - 6, cs - 2);
            const int64_t e = shownError(w);
            // Past the held scale (an edit made it worse): the whole width, darker.
            const double len = std::fabs(double(e)) / maxErr;
            const int bar = int(std::round(double(r.width()) * std::min(1.0, len)));
            p.fillRect(QRect(r.left(), r.top(), bar, r.height()),
                       e == 0 ? QColor(120, 200, 120) : len > 1 ? QColor(170, 40, 30) : QColor(230, 120, 110));
            if (text) p.drawText(r.adjusted(0, -1, 0, 1), Qt::AlignVCenter | Qt::AlignLeft, wordText(w));
            if (w == lit) drawFrame(p, r.adjusted(-2, -1, 2, 1), 2, wordColor(Direction::Row));
        }
}

void BitMapView::paintColumnPanel(QPainter &p, const QRect &exposed)
{
    // Under each column its words' error bars, on one scale with the rows'; the figures in a
    // list below, horizontal, as many entries to a line as the width holds.
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int kCol = g.directionIndex(Direction::Column);
    if (kCol < 0) return;
    const Frame f = frame();
    const int cs = f.cs, lh = lineHeight();
    const QRect panel(0, f.columnTop, width(), height() - f.columnTop);
    if (!panel.intersects(exposed)) return;
    const double maxErr = shownScale();
    const int segs = g.rows / g.bits;
    const int lit = highlightedWord(kCol);
    for (int j = 0; j < g.cols; ++j)
        for (int sgm = 0; sgm < segs; ++sgm) {
            const int w = l.wordOf(kCol, g.cellIndex(layer_, sgm * g.bits, j));
            const QRect r(f.left + j * cs + 1, f.columnTop + sgm * kColumnBar, std::max(1, cs - 2), kColumnBar - 4);
            const int64_t e = shownError(w);
            const double len = std::fabs(double(e)) / maxErr;
            const int bar = int(std::round(double(r.height()) * std::min(1.0, len)));
            p.fillRect(QRect(r.left(), r.top(), r.width(), bar),
                       e == 0 ? QColor(120, 200, 120) : len > 1 ? QColor(170, 40, 30) : QColor(230, 120, 110));
            if (w == lit) drawFrame(p, r.adjusted(-1, -2, 1, 2), 2, wordColor(Direction::Column));
        }
    if (presentation_) return; // no list: the narration names the words
    p.setFont(font());
    p.setPen(palette().windowText().color());
    p.drawText(QRect(f.left, f.listTop, f.flow, lh), Qt::AlignLeft | Qt::AlignVCenter,
               array_->lectureActive() ? "column words: target: still to go"
                                       : "column words: target \u2192 decoded (error)");
    int n = 0;
    for (int j = 0; j < g.cols; ++j)
        for (int sgm = 0; sgm < segs; ++sgm, ++n) {
            const int w = l.wordOf(kCol, g.cellIndex(layer_, sgm * g.bits, j));
            const QRect r(f.left + (n % f.listPerLine) * columnEntry_, f.listTop + (1 + n / f.listPerLine) * lh,
                          columnEntry_ - 8, lh);
            const int64_t e = shownError(w);
            if (e != 0) p.fillRect(QRect(r.left() - 4, r.top() + lh / 2 - 3, 3, 6), QColor(230, 120, 110));
            if (w == lit) drawFrame(p, r.adjusted(-6, 0, 4, 0), 2, wordColor(Direction::Column));
            p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, columnEntry(w));
        }
}

} // namespace twill
