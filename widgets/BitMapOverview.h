#pragma once
// The whole bit map in small, with the part in view framed: for arrays and stacks larger than
// their scroll area (zoomed in, or too large to fit at the smallest cells). It floats in a
// corner of the scroll area while some cells are out of view, and hides otherwise; a
// click or a drag in it moves the view there (the frame centred on the point, as far as the
// scroll range goes). The picture is the view itself drawn small, made again shortly after the
// view changes (BitMapView::refreshed) or when it is resized, never while hidden.
#include <QPixmap>
#include <QTimer>
#include <QWidget>

class QScrollArea;

namespace twill {

class BitMapView;

class BitMapOverview : public QWidget {
    Q_OBJECT
public:
    // Lies over 'scroll' (a child of it), which shows 'view'.
    BitMapOverview(BitMapView *view, QScrollArea *scroll);

    // Whether it shows when there is something to scroll to (the user's choice; on by default).
    void setEnabledByUser(bool on);
    bool enabledByUser() const { return wanted_; }
    bool needed() const; // some of the grids' cells are outside the scroll area's view port

    // In the overview's coordinates: where the view's picture is drawn, and the frame of the
    // part in view.
    QRect pictureRect() const;
    QRect viewportFrame() const;
    static constexpr int kMaxSide = 180; // the picture's longer side, in pixels

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void follow();           // shown or hidden, placed, sized: after any change of the view or the port
    void centreOn(QPoint p); // a point of the overview: the view port centred there
    double scale() const;    // overview pixels per view pixel

    BitMapView *view_;
    QScrollArea *scroll_;
    QPixmap picture_;
    bool stale_ = true; // the picture is made again before the next paint
    bool wanted_ = true;
    QTimer redraw_; // the picture is made again this long after the view last changed
    static constexpr int kRedrawMs = 120;
    static constexpr int kMargin = 6; // inside the overview's border, and from the port's corner
};

} // namespace twill
