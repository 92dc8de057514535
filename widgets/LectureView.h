#pragma once
// Lecture mode's screen: the greedy encoder presented one cell at a time. The subarray fills
// the screen (its own bit map, large type, high contrast, no legend), one line of narration
// under it says what the step just shown decided and why, and a timeline scrubs to any step.
// The keys: Space / Right the next cell, Backspace / Left / Shift+Space / Ctrl+Z the one before, Home
// the start, End the whole greedy encoding, N a new example, T side by side, Esc (or F11) leave. At the end the greedy
// encoding's max error stands next to the auto solver's optimum.
//
//
// Access: R / C read the row / column word through the cell under the mouse (or the chosen
// cell, moved with the arrow keys while reading): Space lights its cells one by one in
// significance order, most significant first, and the narration builds the value bit by bit
// and names the other word each cell belongs to; the same cells read the other way are one key
// away. Backspace takes a bit back, Home / End none / all, Esc stops reading.
//
// Side by side (T): the same targets in the other pattern (transpose beside msb-lsb, or
// msb-lsb beside transpose), stepped with the same timeline; hovering a cell in either frames
// the same cell's row and column words in both, and the narration names the bits the cell
// holds in each, so the collision of high bits in transpose is seen. A stack shows all its
// layers at once, so that a pillar word (P reads it) is seen through the layers.
//
// The view only shows the arrays and asks for steps (seekRequested) and for the other
// pattern (sideBySideRequested); the window steps the arrays (EditableArray::startLecture /
// stepLecture) and hands them back with setArray() and setPeer().
#include "layout/Geometry.h"
#include "layout/Pattern.h"

#include <QString>
#include <QWidget>

#include <vector>

class QLabel;
class QShortcut;
class QSlider;

namespace twill {

class BitMapView;
class EditableArray;
class Layout;

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
    // Side by side: the same targets in the other pattern, at the same step (not owned; call
    // again after every step). nullptr: the array alone.
    void setPeer(const EditableArray *peer);
    bool sideBySide() const { return peer_ != nullptr; }
    BitMapView *peerView() const { return peerView_; }
    // The pattern shown beside 'layout' (msb-lsb beside transpose, transpose beside any other).
    static Pattern peerPattern(const Layout &layout);
    // What cell 'cell' holds in each layout: "Cell (9, 7): in msb-lsb bit 0 of row 9 and bit 15
    // of column 7 (0 + 15 = 15); in transpose bit 7 of row 9 and bit 9 of column 7 (7 + 9 = 16)".
    static QString collisionNarration(const Layout &a, const Layout &b, int cell);
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
    static QString optimumText(bool known, double optimumMax, bool certified); // "optimum: 126 LSB (certified)"
    // The end side by side: "greedy in msb-lsb: max 170 LSB, in transpose: max 2130 LSB".
    static QString peerComparison(const EditableArray &array, const EditableArray &peer);
    static QString startMessage();
    static QString stepMessage(const EditableArray &array, bool advanced); // after Space
    static QString summary(const EditableArray &array); // step, largest distance still to go

Q_SIGNALS:
    void seekRequested(int step); // show the array after 'step' greedy decisions (0: none)
    void newExampleRequested();   // N
    void sideBySideRequested(bool on); // T
    void leaveRequested();        // Esc

protected:
    void closeEvent(QCloseEvent *event) override; // closing the lecture window leaves the lecture

private:
    void refreshText();
    void seekBy(int delta);
    void showReading();

    void showHover(int cell); // either view's highlight, linked to the other
    int hoverCell_ = -1;
    bool linking_ = false; // passing one view's hover to the other

    BitMapView *view_ = nullptr, *peerView_ = nullptr;
    QLabel *viewTitle_ = nullptr, *peerTitle_ = nullptr;
    const EditableArray *peer_ = nullptr;
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
