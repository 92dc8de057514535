#include "BitMapView.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
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
    resize(sizeHint());
    updateGeometry();
    update();
}

void BitMapView::setLayer(int layer)
{
    if (!array_) return;
    layer_ = std::clamp(layer, 0, array_->layout().geometry().layers - 1);
    refresh();
}

void BitMapView::setAllLayers(bool on)
{
    if (on == allLayers_) return;
    allLayers_ = on;
    refresh();
}

bool BitMapView::showsAllLayers() const
{
    return allLayers_ && array_ && array_->layout().geometry().layers > 1;
}

void BitMapView::setCellSize(int pixels)
{
    (showsAllLayers() ? stackCell_ : cell_) = std::clamp(pixels, 4, 80);
    refresh();
}

int BitMapView::cellSize() const
{
    if (!showsAllLayers()) return cell_;
    return stackCell_ > 0 ? stackCell_ : fittedStackCell();
}

int BitMapView::layersPerRow() const
{
    return std::min(kMaxPerRow, array_->layout().geometry().layers);
}

int BitMapView::fittedStackCell() const
{
    // A row of grids about 1000 px wide: 16 layers of 16 x 16 get 12 px cells, small
    // stacks the single-layer size.
    const int n = layersPerRow();
    return std::clamp((960 - n * kTileGapX) / (n * array_->layout().geometry().cols), 10, 28);
}

QSize BitMapView::sizeHint() const
{
    if (!array_) return {400, 300};
    const Geometry &g = array_->layout().geometry();
    if (!showsAllLayers())
        return {kLeft + g.cols * cell_ + kRowPanel + 10, kTop + g.rows * cell_ + kColumnPanel + 10};
    const int cs = cellSize(), n = layersPerRow(), gridRows = (g.layers + n - 1) / n;
    const int legend = kLeft + 3 * (g.bits * 8 + 160); // about what paintLegend draws for three directions
    const int w = std::max({kLeft + n * g.cols * cs + (n - 1) * kTileGapX + 10, legend, 700});
    return {w, kStackTop + gridRows * (kTileHead + g.rows * cs + kTileGapY) + 10};
}

QRect BitMapView::gridRect() const
{
    if (!array_) return {};
    const Geometry &g = array_->layout().geometry();
    return QRect(kLeft, kTop, g.cols * cell_, g.rows * cell_);
}

QRect BitMapView::layerRect(int layer) const
{
    if (!array_) return {};
    const Geometry &g = array_->layout().geometry();
    if (layer < 0 || layer >= g.layers) return {};
    if (!showsAllLayers()) return layer == layer_ ? gridRect() : QRect();
    const int cs = cellSize(), n = layersPerRow();
    return QRect(kLeft + (layer % n) * (g.cols * cs + kTileGapX),
                 kStackTop + kTileHead + (layer / n) * (kTileHead + g.rows * cs + kTileGapY), g.cols * cs, g.rows * cs);
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
                // During a lecture the cells not yet decided are grey.
                image.setPixelColor(j, i, array_->decided(c) ? significanceColor(r, k, q) : QColor(96, 96, 96));
            }
    }
}

int BitMapView::cellAt(const QPoint &p) const
{
    if (!showsAllLayers()) {
        const QRect gr = gridRect();
        if (!array_ || !gr.contains(p)) return -1;
        const int j = (p.x() - gr.left()) / cell_, i = (p.y() - gr.top()) / cell_;
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
    if (showsAllLayers()) return cellCenter(layer_, row, col);
    return QPoint(kLeft + col * cell_ + cell_ / 2, kTop + row * cell_ + cell_ / 2);
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

void BitMapView::setSelectedCell(int cell)
{
    setHighlight(hovered_, array_ && cell >= 0 && cell < array_->layout().cellCount() ? cell : -1);
}

int BitMapView::highlightedCell() const
{
    if (!showsAllLayers()) return -1;
    return hovered_ >= 0 ? hovered_ : selected_;
}

int BitMapView::highlightedPillarWord() const
{
    const int c = highlightedCell();
    const int k = array_ ? array_->layout().geometry().directionIndex(Direction::Pillar) : -1;
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
    // What a change of highlight repaints: the header's word lines, the titles, the words' cells.
    QRegion region;
    const int c = highlightedCell();
    if (c < 0) return region;
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int cs = cellSize();
    region += QRect(0, 32, width(), kStackTop - 32);
    for (int k = 0; k < l.directionCount(); ++k) {
        const int w = l.wordOf(k, c);
        for (int s = 0; s < g.bits; ++s) {
            const int cell = l.cellOf(w, s), layer = cell / (g.rows * g.cols);
            const QRect gr = layerRect(layer);
            region += QRect(gr.left() + (cell % g.cols) * cs, gr.top() + (cell / g.cols) % g.rows * cs, cs, cs)
                          .adjusted(-4, -4, 4, 4);
            region += QRect(gr.left(), gr.top() - kTileHead, gr.width() + kTileGapX, kTileHead - 14);
        }
    }
    return region;
}

void BitMapView::setHighlight(int hovered, int selected)
{
    if (hovered == hovered_ && selected == selected_) return;
    const QRegion before = highlightRegion();
    hovered_ = hovered;
    selected_ = selected;
    if (showsAllLayers()) update(before + highlightRegion());
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
                    .arg(array_->pins()[cell] >= 0 ? ", pinned" : "");
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
    s += "\nclick: flip (undo with Ctrl+Z); right click: pin / unpin";
    if (showsAllLayers()) s += "; middle click: keep the words highlighted";
    return s;
}

bool BitMapView::event(QEvent *e)
{
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

void BitMapView::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    const QRect exposed = event->rect();
    p.fillRect(exposed, palette().window());
    if (!array_) return;
    if (showsAllLayers()) {
        // No word panels here: they line up with one grid's rows and columns, so they would
        // either repeat under every grid (too small to read at stack zoom) or jump between
        // grids as the mouse moves. The header lists the highlighted cell's words instead,
        // pillar word included, which the panels never showed.
        paintLegend(p);
        paintHighlightText(p);
        paintStack(p, exposed);
        return;
    }
    const Geometry &g = array_->layout().geometry();
    paintGrid(p, layer_, gridRect(), exposed);
    // Row and column indices.
    p.setPen(palette().windowText().color());
    QFont small = font();
    small.setPointSizeF(std::max(6.0, std::min(9.0, cell_ * 0.35)));
    p.setFont(small);
    if (cell_ >= 12) {
        for (int i = 0; i < g.rows; ++i)
            p.drawText(QRect(0, kTop + i * cell_, kLeft - 4, cell_), Qt::AlignRight | Qt::AlignVCenter, QString::number(i));
        for (int j = 0; j < g.cols; ++j)
            p.drawText(QRect(kLeft + j * cell_, kTop - 16, cell_, 14), Qt::AlignCenter, QString::number(j));
    }
    paintLegend(p);
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
    QFont label = font();
    label.setPointSizeF(8);
    QFont title = label;
    title.setPointSizeF(9);
    title.setBold(true);
    const int colStep = labelStep(cs, 16), rowStep = labelStep(cs, 13);
    for (int layer = 0; layer < g.layers; ++layer) {
        const QRect gr = layerRect(layer);
        if (!gr.adjusted(-kTileGapX, -kTileHead, 2, 2).intersects(exposed)) continue;
        paintGrid(p, layer, gr, exposed);
        paintHighlight(p, layer, gr);
        p.setPen(palette().windowText().color());
        p.setFont(label);
        for (int j = 0; j < g.cols; j += colStep)
            p.drawText(QRect(gr.left() + j * cs + cs / 2 - 12, gr.top() - 15, 24, 13), Qt::AlignCenter, QString::number(j));
        for (int i = 0; i < g.rows; i += rowStep)
            p.drawText(QRect(gr.left() - 30, gr.top() + i * cs, 26, cs), Qt::AlignRight | Qt::AlignVCenter, QString::number(i));
        // Title, and the pillar bit that the highlighted (row, column) holds in this layer.
        const QRect head(gr.left(), gr.top() - kTileHead, gr.width() + kTileGapX - 8, 17);
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
                           p.fontMetrics().elidedText(QString("pillar bit %1").arg(l.significance(kPil, c)),
                                                      Qt::ElideRight, head.right() - x));
            }
        }
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
    QFont f = font();
    f.setPointSizeF(8.5);
    p.setFont(f);
    p.setPen(palette().windowText().color());
    const int x = kLeft, lineHeight = 16;
    int y = 36;
    const int c = highlightedCell();
    if (c < 0) {
        p.drawText(QRect(x, y, width() - x - 4, lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   "hover a cell: its pillar word is ringed in green in every layer, its row and column words in "
                   "its own layer (middle click keeps them)");
        return;
    }
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    p.drawText(QRect(x, y, width() - x - 4, lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
               QString("cell (layer %1, row %2, column %3): bit %4%5%6")
                   .arg(c / (g.rows * g.cols))
                   .arg((c / g.cols) % g.rows)
                   .arg(c % g.cols)
                   .arg(array_->bits()[c])
                   .arg(array_->pins()[c] >= 0 ? ", pinned" : "")
                   .arg(c == selected_ ? "   (selected: middle click releases it)" : ""));
    for (int k = 0; k < l.directionCount(); ++k) {
        y += lineHeight;
        const int w = l.wordOf(k, c);
        p.fillRect(QRect(x, y + 3, 10, 10), wordColor(g.directions[size_t(k)]));
        const QString text = QString("%1: bit %2 of %3   %4")
                                 .arg(QString::fromStdString(l.describeWord(w)))
                                 .arg(l.significance(k, c))
                                 .arg(g.bits)
                                 .arg(wordText(w));
        const QRect r(x + 16, y, width() - x - 20, lineHeight);
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, p.fontMetrics().elidedText(text, Qt::ElideRight, r.width()));
    }
}

void BitMapView::paintLegend(QPainter &p)
{
    QFont f = font();
    f.setPointSizeF(8.5);
    p.setFont(f);
    int x = kLeft;
    const int y = 6;
    const int W = array_->layout().bits();
    p.setPen(palette().windowText().color());
    // Each scale advances by its own text, so that a narrow word width does not run the
    // labels into the next scale.
    auto scale = [&](const QString &text, auto colour) {
        for (int s = 0; s < W; ++s) p.fillRect(x + s * 8, y, 8, 10, colour(double(s) / (W - 1)));
        p.drawText(x + W * 8 + 4, y + 9, text);
        x += W * 8 + 4 + p.fontMetrics().horizontalAdvance(text) + 18;
    };
    scale("row word LSB \u2192 MSB", [](double s) { return significanceColor(s, 0); });
    scale("column word LSB \u2192 MSB", [](double s) { return significanceColor(0, s); });
    if (array_->layout().geometry().uses(Direction::Pillar))
        scale("pillar word LSB \u2192 MSB", [](double s) { return significanceColor(0, 0, s); });
    p.drawText(kLeft, y + 24,
               showsAllLayers()
                   ? "\u25cf white dot: bit 1    yellow frame: pinned    green rings: the highlighted cell's pillar word"
                   : "\u25cf white dot: bit 1    yellow frame: pinned    magenta: high bits of both words meet");
}

int64_t BitMapView::shownError(int word) const
{
    // During a lecture: how far the word still is from what its undecided cells can reach.
    return array_->lectureActive() ? array_->reachDistance(word) : array_->error(word);
}

double BitMapView::shownScale() const
{
    if (!array_->lectureActive()) return std::max(1.0, array_->maxAbsError());
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

void BitMapView::paintRowPanel(QPainter &p, const QRect &exposed)
{
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int kRow = g.directionIndex(Direction::Row);
    if (kRow < 0) return;
    const int x0 = kLeft + g.cols * cell_ + 8;
    const QRect panel(x0, kTop, kRowPanel, g.rows * cell_);
    if (!panel.intersects(exposed)) return;
    const double maxErr = shownScale();
    const int segs = g.cols / g.bits;
    const int segWidth = (kRowPanel - 4) / segs;
    p.setPen(palette().windowText().color());
    p.drawText(QRect(x0, kTop - 16, kRowPanel, 14), Qt::AlignLeft,
               array_->lectureActive() ? QString("row words: target: distance still to go (step %1 of %2)")
                                             .arg(array_->lectureStep())
                                             .arg(array_->lectureSteps())
                                       : QString("row words: target \u2192 decoded (error)"));
    for (int i = 0; i < g.rows; ++i)
        for (int sgm = 0; sgm < segs; ++sgm) {
            const int w = l.wordOf(kRow, g.cellIndex(layer_, i, sgm * g.bits));
            const QRect r(x0 + sgm * segWidth, kTop + i * cell_ + 1, segWidth - 4, cell_ - 2);
            const int64_t e = shownError(w);
            const int bar = int(std::round(double(r.width()) * std::fabs(double(e)) / maxErr));
            p.fillRect(QRect(r.left(), r.top(), bar, r.height()), e == 0 ? QColor(120, 200, 120) : QColor(230, 120, 110));
            if (cell_ >= 14) {
                p.drawText(r, Qt::AlignVCenter | Qt::AlignLeft,
                           wordText(w));
            }
        }
}

void BitMapView::paintColumnPanel(QPainter &p, const QRect &exposed)
{
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int kCol = g.directionIndex(Direction::Column);
    if (kCol < 0) return;
    const int y0 = kTop + g.rows * cell_ + 6;
    const QRect panel(kLeft, y0, g.cols * cell_, kColumnPanel);
    if (!panel.intersects(exposed)) return;
    const double maxErr = shownScale();
    const int segs = g.rows / g.bits;
    const int segHeight = (kColumnPanel - 4) / segs;
    for (int j = 0; j < g.cols; ++j)
        for (int sgm = 0; sgm < segs; ++sgm) {
            const int w = l.wordOf(kCol, g.cellIndex(layer_, sgm * g.bits, j));
            const QRect r(kLeft + j * cell_ + 1, y0 + sgm * segHeight, cell_ - 2, segHeight - 4);
            const int64_t e = shownError(w);
            const int bar = int(std::round(double(r.height()) * std::fabs(double(e)) / maxErr));
            p.fillRect(QRect(r.left(), r.top(), r.width(), bar), e == 0 ? QColor(120, 200, 120) : QColor(230, 120, 110));
            if (cell_ >= 14) {
                p.save();
                p.translate(r.left() + r.width() / 2 + 4, r.top() + 2);
                p.rotate(90);
                p.setPen(palette().windowText().color());
                p.drawText(QRect(0, 0, r.height() - 4, cell_), Qt::AlignLeft | Qt::AlignVCenter, wordText(w));
                p.restore();
            }
        }
}

} // namespace twill
