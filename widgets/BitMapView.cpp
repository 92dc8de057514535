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

void BitMapView::setCellSize(int pixels)
{
    cell_ = std::clamp(pixels, 4, 80);
    refresh();
}

QSize BitMapView::sizeHint() const
{
    if (!array_) return {400, 300};
    const Geometry &g = array_->layout().geometry();
    return {kLeft + g.cols * cell_ + kRowPanel + 10, kTop + g.rows * cell_ + kColumnPanel + 10};
}

QRect BitMapView::gridRect() const
{
    if (!array_) return {};
    const Geometry &g = array_->layout().geometry();
    return QRect(kLeft, kTop, g.cols * cell_, g.rows * cell_);
}

void BitMapView::rebuildImage()
{
    if (!array_) return;
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int W = g.bits;
    image_ = QImage(g.cols, g.rows, QImage::Format_RGB32);
    const int kRow = g.directionIndex(Direction::Row), kCol = g.directionIndex(Direction::Column);
    const int kPil = g.directionIndex(Direction::Pillar);
    for (int i = 0; i < g.rows; ++i)
        for (int j = 0; j < g.cols; ++j) {
            const int c = g.cellIndex(layer_, i, j);
            const double r = kRow >= 0 ? double(l.significance(kRow, c)) / double(W - 1) : 0;
            const double k = kCol >= 0 ? double(l.significance(kCol, c)) / double(W - 1) : 0;
            const double q = kPil >= 0 ? double(l.significance(kPil, c)) / double(W - 1) : 0;
            // During a lecture the cells not yet decided are grey.
            image_.setPixelColor(j, i, array_->decided(c) ? significanceColor(r, k, q) : QColor(96, 96, 96));
        }
}

int BitMapView::cellAt(const QPoint &p) const
{
    const QRect gr = gridRect();
    if (!array_ || !gr.contains(p)) return -1;
    const int j = (p.x() - gr.left()) / cell_, i = (p.y() - gr.top()) / cell_;
    return array_->layout().geometry().cellIndex(layer_, i, j);
}

QPoint BitMapView::cellCenter(int row, int col) const
{
    return QPoint(kLeft + col * cell_ + cell_ / 2, kTop + row * cell_ + cell_ / 2);
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
    if (c < 0) return;
    if (e->button() == Qt::LeftButton) Q_EMIT flipRequested(c);
    else if (e->button() == Qt::RightButton) Q_EMIT pinRequested(c);
}

void BitMapView::wheelEvent(QWheelEvent *e)
{
    if (e->modifiers() & Qt::ControlModifier) {
        setCellSize(cell_ + (e->angleDelta().y() > 0 ? 2 : -2));
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
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const QRect gr = gridRect();

    // Cells: the significance image, scaled; only the exposed part is drawn.
    p.drawImage(gr, image_);
    const QRect cells = exposed.intersected(gr);
    if (!cells.isEmpty()) {
        const int j0 = (cells.left() - gr.left()) / cell_, j1 = std::min(g.cols - 1, (cells.right() - gr.left()) / cell_);
        const int i0 = (cells.top() - gr.top()) / cell_, i1 = std::min(g.rows - 1, (cells.bottom() - gr.top()) / cell_);
        p.setRenderHint(QPainter::Antialiasing, true);
        const double rad = std::max(1.5, cell_ * 0.22);
        for (int i = i0; i <= i1; ++i)
            for (int j = j0; j <= j1; ++j) {
                const int c = g.cellIndex(layer_, i, j);
                const QPointF centre = cellCenter(i, j);
                if (!array_->decided(c)) continue;
                if (c == array_->lastDecidedCell()) {
                    p.setBrush(Qt::NoBrush);
                    p.setPen(QPen(QColor(0, 255, 255), 4));
                    p.drawRect(QRectF(kLeft + j * cell_ + 2, kTop + i * cell_ + 2, cell_ - 4, cell_ - 4));
                }
                if (array_->bits()[c]) {
                    p.setPen(QPen(Qt::black, 1));
                    p.setBrush(Qt::white);
                    p.drawEllipse(centre, rad, rad);
                } else if (cell_ >= 10) {
                    p.setPen(Qt::NoPen);
                    p.setBrush(QColor(0, 0, 0, 120));
                    p.drawEllipse(centre, rad * 0.35, rad * 0.35);
                }
                if (array_->pins()[c] >= 0) {
                    p.setBrush(Qt::NoBrush);
                    p.setPen(QPen(QColor(255, 215, 0), 2));
                    p.drawRect(QRectF(kLeft + j * cell_ + 1.5, kTop + i * cell_ + 1.5, cell_ - 3, cell_ - 3));
                }
            }
        p.setRenderHint(QPainter::Antialiasing, false);
        // Grid lines, with heavier lines at word boundaries.
        for (int j = j0; j <= j1 + 1 && cell_ >= 8; ++j) {
            p.setPen(QPen(QColor(0, 0, 0, j % g.bits == 0 ? 200 : 60), j % g.bits == 0 ? 2 : 1));
            p.drawLine(kLeft + j * cell_, gr.top(), kLeft + j * cell_, gr.bottom());
        }
        for (int i = i0; i <= i1 + 1 && cell_ >= 8; ++i) {
            p.setPen(QPen(QColor(0, 0, 0, i % g.bits == 0 ? 200 : 60), i % g.bits == 0 ? 2 : 1));
            p.drawLine(gr.left(), kTop + i * cell_, gr.right(), kTop + i * cell_);
        }
    }
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
    Q_UNUSED(l);
}

void BitMapView::paintLegend(QPainter &p)
{
    QFont f = font();
    f.setPointSizeF(8.5);
    p.setFont(f);
    int x = kLeft;
    const int y = 6;
    const int W = array_->layout().bits();
    for (int s = 0; s < W; ++s) p.fillRect(x + s * 8, y, 8, 10, significanceColor(double(s) / (W - 1), 0));
    p.setPen(palette().windowText().color());
    p.drawText(x + W * 8 + 4, y + 9, "row word LSB \u2192 MSB");
    x += W * 8 + 120;
    for (int s = 0; s < W; ++s) p.fillRect(x + s * 8, y, 8, 10, significanceColor(0, double(s) / (W - 1)));
    p.drawText(x + W * 8 + 4, y + 9, "column word LSB \u2192 MSB");
    if (array_->layout().geometry().uses(Direction::Pillar)) {
        x += W * 8 + 140;
        for (int s = 0; s < W; ++s) p.fillRect(x + s * 8, y, 8, 10, significanceColor(0, 0, double(s) / (W - 1)));
        p.drawText(x + W * 8 + 4, y + 9, "pillar word LSB \u2192 MSB");
    }
    p.drawText(kLeft, y + 24, "\u25cf white dot: bit 1    yellow frame: pinned    magenta: high bits of both words meet");
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
