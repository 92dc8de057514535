#include "LectureView.h"

#include "BitMapView.h"
#include "encode/EditableArray.h"

#include <QGuiApplication>
#include <QPalette>
#include <QShortcut>
#include <QWidget>

#include <algorithm>

namespace twill {

LectureView::LectureView(BitMapView *view, QWidget *window) : QObject(window), view_(view), window_(window)
{
    auto key = [this](QKeySequence seq, void (LectureView::*signal)()) {
        auto *s = new QShortcut(seq, window_);
        s->setEnabled(false); // the keys only act during a lecture
        connect(s, &QShortcut::activated, this, signal);
        keys_.push_back(s);
    };
    key(Qt::Key_Space, &LectureView::stepRequested);
    key(Qt::Key_N, &LectureView::newExampleRequested);
    key(Qt::Key_Escape, &LectureView::leaveRequested);
}

void LectureView::setActive(bool on)
{
    if (on == active_) return;
    active_ = on;
    for (QShortcut *s : keys_) s->setEnabled(on);
    if (on) {
        QFont big = window_->font();
        big.setPointSize(15);
        big.setBold(true);
        view_->setFont(big);
        QPalette pal = view_->palette();
        pal.setColor(QPalette::Window, Qt::black);
        pal.setColor(QPalette::WindowText, Qt::white);
        view_->setPalette(pal);
        view_->fitToView(); // the docks hide: the array fills the room
        if (QGuiApplication::platformName() != "offscreen") window_->showFullScreen();
    } else {
        view_->setFont(window_->font());
        view_->setPalette(window_->palette());
        view_->fitToView();
        if (window_->isFullScreen()) window_->showNormal();
    }
}

QString LectureView::startMessage()
{
    return "Lecture: Space = next cell (MSB first), N = new example, Esc = leave";
}

QString LectureView::stepMessage(const EditableArray &a, bool advanced)
{
    if (!advanced) return "Lecture: every cell is decided; Esc shows the full solver's result";
    return QString("Lecture: step %1 of %2 \u2014 Space = next, N = new example, Esc = leave")
        .arg(a.lectureStep())
        .arg(a.lectureSteps());
}

QString LectureView::summary(const EditableArray &a)
{
    double still = 0;
    for (int w = 0; w < a.layout().wordCount(); ++w) still = std::max(still, double(a.reachDistance(w)));
    return QString("step %1 of %2   largest distance still to go %3 LSB (%4 % FS)")
        .arg(a.lectureStep())
        .arg(a.lectureSteps())
        .arg(still)
        .arg(100.0 * still / a.fullScale(), 0, 'f', 4);
}

} // namespace twill
