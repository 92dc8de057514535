#pragma once
// Lecture mode's screen: the greedy encoder presented one cell at a time. The subarray fills
// the screen (its own bit map, large type, high contrast, no legend), one line of narration
// under it says what the step just shown decided and why, and a timeline scrubs to any step.
// The keys: Space / Right the next cell, Backspace / Left / Shift+Space / Ctrl+Z the one before, Home
// the start, End the whole greedy encoding, N a new example, Esc (or F11) leave. At the end the greedy
// encoding's max error stands next to the auto solver's optimum.
//
//
// Access: R / C read the row / column word through the cell under the mouse (or the chosen
// cell, moved with the arrow keys while reading): Space lights its cells one by one in
// significance order, most significant first, and the narration builds the value bit by bit
// and names the other word each cell belongs to; the same cells read the other way are one key
// away. Backspace takes a bit back, Home / End none / all, Esc stops reading.
//
// The view only shows the array and asks for steps (seekRequested); the window steps the
// array (EditableArray::startLecture / stepLecture) and hands it back with setArray().
#include "layout/Geometry.h"

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

    // Access: reads the word of direction d through the cell under the mouse, else the chosen cell.
    void startReading(Direction d);
    void stopReading();
    bool reading() const { return readWord_ >= 0; }
    int readingWord() const { return readWord_; }
    int readingBits() const { return readBits_; }
    void readBits(int delta); // lights 'delta' more cells (fewer when negative)
    int chosenCell() const { return chosen_; }
    void setChosenCell(int cell); // the cell R / C read through when the mouse is on none
    void moveChosen(int rows, int cols); // and reads the word through it

    // The narration while 'read' cells of 'word' are lit: the bits so far, most significant
    // first, the value they make, and the other words the last cell read belongs to.
    static QString readingNarration(const EditableArray &array, int word, int read);
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
    void showReading();

    BitMapView *view_ = nullptr;
    QLabel *narration_ = nullptr;
    QLabel *stepLabel_ = nullptr;
    QSlider *timeline_ = nullptr;
    const EditableArray *array_ = nullptr;
    bool active_ = false;
    bool optimumKnown_ = false, optimumCertified_ = false;
    double optimumMax_ = 0;
    int readWord_ = -1, readBits_ = 0, chosen_ = -1;
    std::vector<QShortcut *> keys_;
};

} // namespace twill
