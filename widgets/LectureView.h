#pragma once
// Lecture mode's screen: the greedy encoder presented one cell at a time. The subarray fills
// the screen (its own bit map, large type, high contrast, no legend), one line of narration
// under it says what the step just shown decided and why, and a timeline scrubs to any step.
// The keys: Space / Right the next cell, Backspace / Left / Shift+Space the one before, Home
// the start, End the whole greedy encoding, N a new example, Esc (or F11) leave. At the end the greedy
// encoding's max error stands next to the auto solver's optimum.
//
// The view only shows the array and asks for steps (seekRequested); the window steps the
// array (EditableArray::startLecture / stepLecture) and hands it back with setArray().
#include <QString>
#include <QWidget>

#include <vector>

class QLabel;
class QShortcut;
class QSlider;

namespace twill {

class BitMapView;
class EditableArray;

class LectureView : public QWidget {
    Q_OBJECT
public:
    explicit LectureView(QWidget *parent = nullptr);

    BitMapView *view() const { return view_; }
    // Keys on (and the presentation's fonts and colours) while a lecture shows.
    void setActive(bool on);
    bool active() const { return active_; }
    // Not owned; call again after every step (the narration and the timeline follow it).
    void setArray(const EditableArray *array);
    // The auto solver's max |error| on the same targets, and whether it is certified optimal;
    // clearOptimum() while it is being searched.
    void setOptimum(double maxAbsError, bool certified);
    void clearOptimum();

    QString narrationText() const; // what the narration line shows now
    static constexpr int kLabelPoints = 24; // every text on the lecture screen is at least this large

    // The narration of the step just shown: which cell, which bit of which words, the bit set
    // and why (how close its words can still come to their targets with it and with the other).
    static QString narration(const EditableArray &array);
    // The end: "greedy: max 170 LSB; optimum: 126 LSB (certified)".
    static QString comparison(double greedyMax, bool optimumKnown, double optimumMax, bool certified);
    static QString startMessage();
    static QString stepMessage(const EditableArray &array, bool advanced); // after Space
    static QString summary(const EditableArray &array); // step, largest distance still to go

Q_SIGNALS:
    void seekRequested(int step); // show the array after 'step' greedy decisions (0: none)
    void newExampleRequested();   // N
    void leaveRequested();        // Esc

protected:
    void closeEvent(QCloseEvent *event) override; // closing the lecture window leaves the lecture

private:
    void refreshText();
    void seekBy(int delta);

    BitMapView *view_ = nullptr;
    QLabel *narration_ = nullptr;
    QLabel *stepLabel_ = nullptr;
    QSlider *timeline_ = nullptr;
    const EditableArray *array_ = nullptr;
    bool active_ = false;
    bool optimumKnown_ = false, optimumCertified_ = false;
    double optimumMax_ = 0;
    std::vector<QShortcut *> keys_;
};

} // namespace twill
