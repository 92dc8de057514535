#include "BitMapOverview.h"

#include "BitMapView.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace twill {

BitMapOverview::BitMapOverview(BitMapView *view, QScrollArea *scroll) : QWidget(scroll), view_(view), scroll_(scroll)
{
    setObjectName("bitMapOverview");
    setToolTip("The whole bit map; the frame is the part in view. Click or drag to move it.");
    setCursor(Qt::PointingHandCursor);
    view_->installEventFilter(this);
    scroll_->viewport()->installEventFilter(this);
    // Drawing the whole view small costs a paint of every cell: after a burst of edits (a drag
    // of flips, a replay), once.
    redraw_.setSingleShot(true);
    redraw_.setInterval(kRedrawMs);
    connect(&redraw_, &QTimer::timeout, this, [this]() {
        stale_ = true;
        update();
    });
    connect(view_, &BitMapView::refreshed, this, [this]() {
        if (isVisible()) redraw_.start();
        else stale_ = true;
        follow();
    });
    for (QScrollBar *bar : {scroll_->horizontalScrollBar(), scroll_->verticalScrollBar()}) {
        connect(bar, &QScrollBar::valueChanged, this, &BitMapOverview::follow); // the cells in view change
        connect(bar, &QScrollBar::rangeChanged, this, &BitMapOverview::follow);
    }
    hide();
}

void BitMapOverview::setEnabledByUser(bool on)
{
    wanted_ = on;
    follow();
}

bool BitMapOverview::needed() const
{
    // Some cells out of view: a word list below the grid that scrolls needs no overview (and
    // is not to be covered by one).
    const QRect inView(-view_->pos(), scroll_->viewport()->size());
    return !inView.contains(view_->arrayRect());
}

double BitMapOverview::scale() const
{
    return double(kMaxSide) / std::max({1, view_->width(), view_->height()});
}

QRect BitMapOverview::pictureRect() const
{
    const double s = scale();
    return QRect(kMargin, kMargin, int(std::lround(view_->width() * s)), int(std::lround(view_->height() * s)));
}

QRect BitMapOverview::viewportFrame() const
{
    const double s = scale();
    const QSize port = scroll_->viewport()->size();
    const QRect inView(scroll_->horizontalScrollBar()->value(), scroll_->verticalScrollBar()->value(),
                       std::min(port.width(), view_->width()), std::min(port.height(), view_->height()));
    const QRect frame(pictureRect().topLeft() + QPoint(int(std::lround(inView.x() * s)), int(std::lround(inView.y() * s))),
                      QSize(std::max(4, int(std::lround(inView.width() * s))), std::max(4, int(std::lround(inView.height() * s)))));
    return frame.intersected(pictureRect());
}

void BitMapOverview::follow()
{
    const bool show = wanted_ && needed();
    setVisible(show);
    if (!show) return;
    const QRect picture = pictureRect();
    resize(picture.width() + 2 * kMargin, picture.height() + 2 * kMargin);
    // Over the port's lower right corner, clear of the scroll bars.
    const QRect port = scroll_->viewport()->geometry();
    move(port.right() + 1 - width() - kMargin, port.bottom() + 1 - height() - kMargin);
    raise();
    update();
}

bool BitMapOverview::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize) {
        if (watched == view_) stale_ = true;
        follow();
    }
    return QWidget::eventFilter(watched, event);
}

void BitMapOverview::paintEvent(QPaintEvent *)
{
    const QRect picture = pictureRect();
    if (stale_ || picture_.size() != picture.size()) {
        // The view drawn small: the same picture as on screen, its cells a pixel or two.
        picture_ = QPixmap(picture.size());
        picture_.fill(view_->palette().window().color());
        QPainter p(&picture_);
        p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        p.scale(scale(), scale());
        view_->render(&p, QPoint(), QRegion(), QWidget::DrawChildren);
        stale_ = false;
    }
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    p.setPen(QPen(palette().windowText().color(), 1));
    p.drawRect(rect().adjusted(0, 0, -1, -1));
    p.drawPixmap(picture.topLeft(), picture_);
    // The part in view: a yellow frame edged in black, so that it shows on any colour.
    const QRect frame = viewportFrame();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(Qt::black, 3));
    p.drawRect(frame.adjusted(1, 1, -2, -2));
    p.setPen(QPen(QColor(255, 215, 0), 1));
    p.drawRect(frame.adjusted(1, 1, -2, -2));
}

void BitMapOverview::centreOn(QPoint point)
{
    const double s = scale();
    const QPointF at = QPointF(point - pictureRect().topLeft()) / s; // in the view's pixels
    const QSize port = scroll_->viewport()->size();
    scroll_->horizontalScrollBar()->setValue(int(std::lround(at.x() - port.width() / 2.0)));
    scroll_->verticalScrollBar()->setValue(int(std::lround(at.y() - port.height() / 2.0)));
}

void BitMapOverview::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) centreOn(event->position().toPoint());
}

void BitMapOverview::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton) centreOn(event->position().toPoint());
}

} // namespace twill
