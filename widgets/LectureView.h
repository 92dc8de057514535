#pragma once
// Lecture mode's presentation of the subarray: large type, high contrast, big cells, full
// screen, and the keys that drive it (Space: the next cell, N: a new example, Esc: leave),
// with the words the status bar and summary show at each step. The greedy encoder's steps
// themselves are the array's (EditableArray::startLecture / stepLecture); the window runs them.
#include <QObject>
#include <QString>

#include <vector>

class QShortcut;
class QWidget;

namespace twill {

class BitMapView;
class EditableArray;

class LectureView : public QObject {
    Q_OBJECT
public:
    // view: the subarray (not owned); window: the top-level window the keys act on.
    LectureView(BitMapView *view, QWidget *window);

    void setActive(bool on);
    bool active() const { return active_; }

    static QString startMessage();
    static QString stepMessage(const EditableArray &array, bool advanced); // after Space
    static QString summary(const EditableArray &array); // step, largest distance still to go

Q_SIGNALS:
    void stepRequested();       // Space
    void newExampleRequested(); // N
    void leaveRequested();      // Esc

private:
    BitMapView *view_;
    QWidget *window_;
    bool active_ = false;
    std::vector<QShortcut *> keys_;
};

} // namespace twill
