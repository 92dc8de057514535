#include "LectureView.h"

#include "BitMapView.h"
#include "encode/EditableArray.h"
#include "layout/Layout.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPalette>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace twill {

namespace {

// "a", "a and b", "a, b and c".
QString joined(const QStringList &parts)
{
    if (parts.size() < 2) return parts.join(QString());
    return QStringList(parts.mid(0, parts.size() - 1)).join(", ") + " and " + parts.last();
}

} // namespace

LectureView::LectureView(QWidget *parent) : QWidget(parent)
{
    setObjectName("lectureView");
    setAutoFillBackground(true);
    view_ = new BitMapView;
    view_->setObjectName("lectureBitMap");
    peerView_ = new BitMapView;
    peerView_->setObjectName("lecturePeerBitMap");
    viewTitle_ = new QLabel;
    peerTitle_ = new QLabel;
    for (QLabel *title : {viewTitle_, peerTitle_}) title->setAlignment(Qt::AlignCenter);
    viewTitle_->hide();
    auto *views = new QHBoxLayout;
    views->setContentsMargins(0, 0, 0, 0);
    for (auto [v, title] : {std::pair{view_, viewTitle_}, std::pair{peerView_, peerTitle_}}) {
        v->setPresentation(true);
        v->setAllLayers(true); // a stack: every layer in view, a pillar word through them
        auto *side = new QWidget; // hidden as a whole: the other side takes all the room
        auto *column = new QVBoxLayout(side);
        column->setContentsMargins(0, 0, 0, 0);
        column->addWidget(title);
        column->addWidget(v, 1);
        views->addWidget(side, 1);
        connect(v, &BitMapView::highlightChanged, this, &LectureView::showHover);
    }
    narration_ = new QLabel;
    narration_->setObjectName("lectureNarration");
    narration_->setWordWrap(true);
    narration_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    stepLabel_ = new QLabel;
    stepLabel_->setObjectName("lectureStep");
    timeline_ = new QSlider(Qt::Horizontal);
    timeline_->setObjectName("lectureTimeline");
    timeline_->setFocusPolicy(Qt::NoFocus); // the arrow keys step the lecture, not the slider
    timeline_->setToolTip("Drag to any step of the greedy encoding");
    connect(timeline_, &QSlider::valueChanged, this, &LectureView::seekRequested);
    peerView_->parentWidget()->hide();
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(stepLabel_);
    bottom->addWidget(timeline_, 1);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(16, 8, 16, 8);
    column->addLayout(views, 1);
    column->addWidget(narration_);
    column->addLayout(bottom);

    auto key = [this](QKeySequence seq, auto slot) {
        auto *s = new QShortcut(seq, this);
        s->setEnabled(false); // the keys only act during a lecture
        connect(s, &QShortcut::activated, this, slot);
        keys_.push_back(s);
    };
    // Each key steps the timeline, or the word being read while one is.
    key(Qt::Key_Space, [this]() { reading() ? readBits(1) : seekBy(1); });
    for (QKeySequence back : {QKeySequence(Qt::Key_Backspace), QKeySequence(Qt::SHIFT | Qt::Key_Space),
                              QKeySequence(QKeySequence::Undo)})
        key(back, [this]() { reading() ? readBits(-1) : seekBy(-1); });
    key(Qt::Key_Right, [this]() { reading() ? moveChosen(0, 1) : seekBy(1); });
    key(Qt::Key_Left, [this]() { reading() ? moveChosen(0, -1) : seekBy(-1); });
    key(Qt::Key_Up, [this]() {
        if (reading()) moveChosen(-1, 0);
    });
    key(Qt::Key_Down, [this]() {
        if (reading()) moveChosen(1, 0);
    });
    key(Qt::Key_Home, [this]() { reading() ? readBits(-readBits_) : Q_EMIT seekRequested(0); });
    key(Qt::Key_End, [this]() {
        if (reading()) readBits(array_->layout().bits());
        else if (array_) Q_EMIT seekRequested(array_->lectureSteps());
    });
    key(Qt::Key_R, [this]() { startReading(Direction::Row); });
    key(Qt::Key_C, [this]() { startReading(Direction::Column); });
    key(Qt::Key_P, [this]() { startReading(Direction::Pillar); });
    key(Qt::Key_N, [this]() { Q_EMIT newExampleRequested(); });
    key(Qt::Key_T, [this]() { Q_EMIT sideBySideRequested(!sideBySide()); });
    key(Qt::Key_Escape, [this]() { reading() ? stopReading() : Q_EMIT leaveRequested(); });
    key(Qt::Key_F11, [this]() { Q_EMIT leaveRequested(); }); // the key that entered
}

void LectureView::setActive(bool on)
{
    if (on == active_) return;
    active_ = on;
    for (QShortcut *s : keys_) s->setEnabled(on);
    if (!on) return;
    QFont big = parentWidget() ? parentWidget()->font() : font(); // a window: it inherits no font
    big.setPointSize(kLabelPoints);
    setFont(big); // the bit map's labels, the narration and the step
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Qt::black);
    pal.setColor(QPalette::WindowText, Qt::white);
    setPalette(pal);
    view_->fitToView();
    peerView_->fitToView();
    // Room for three lines of narration, so that the array keeps its size from step to step.
    narration_->setMinimumHeight(3 * narration_->fontMetrics().lineSpacing() + 4);
}

void LectureView::closeEvent(QCloseEvent *event)
{
    if (!active_) return QWidget::closeEvent(event);
    event->ignore(); // the window leaves the lecture, which hides this one
    Q_EMIT leaveRequested();
}

void LectureView::setArray(const EditableArray *array)
{
    // Another shape: the word read (and the chosen cell) mean nothing there.
    if (!array || (array_ && array->layout().geometry().cellCount() != array_->layout().geometry().cellCount())
        || (array_ && array->layout().wordCount() != array_->layout().wordCount())) {
        readWord_ = -1;
        chosen_ = -1;
        view_->setReading({}, 0);
    }
    array_ = array;
    view_->setArray(array);
    if (!array) {
        hoverCell_ = -1;
        setPeer(nullptr);
    }
    refreshText();
}

void LectureView::setPeer(const EditableArray *peer)
{
    peer_ = peer;
    peerView_->setArray(peer);
    peerView_->parentWidget()->setVisible(peer);
    viewTitle_->setVisible(peer);
    if (peer && array_) {
        viewTitle_->setText(QString::fromStdString(array_->layout().patternName()));
        peerTitle_->setText(QString::fromStdString(peer->layout().patternName()));
        peerView_->setHoveredCell(view_->highlightedCell());
    }
    refreshText();
}

Pattern LectureView::peerPattern(const Layout &layout)
{
    return layout.pattern() == Pattern::Transpose ? Pattern::MsbLsb : Pattern::Transpose;
}

void LectureView::showHover(int)
{
    // Linked: the other view frames the cell under the mouse in this one (the cell hovered,
    // not a selection it falls back to); its signal back finds nothing changed. The narration
    // follows what the view the mouse is in shows.
    if (linking_) return;
    auto *from = qobject_cast<BitMapView *>(sender());
    if (!from) return;
    BitMapView *other = from == peerView_ ? view_ : peerView_;
    linking_ = true;
    if (peer_) other->setHoveredCell(from->hoveredCell());
    linking_ = false;
    const int cell = from->highlightedCell();
    if (cell == hoverCell_) return;
    hoverCell_ = cell;
    refreshText();
}

void LectureView::startReading(Direction d)
{
    if (!array_ || !array_->lectureActive()) return;
    const Layout &l = array_->layout();
    const int k = l.geometry().directionIndex(d);
    if (k < 0) return; // no such words (pillars in 2D)
    if (view_->hoveredCell() >= 0) chosen_ = view_->hoveredCell();
    if (chosen_ < 0) chosen_ = std::max(0, array_->lastDecidedCell());
    readWord_ = l.wordOf(k, chosen_);
    readBits_ = 0;
    showReading();
}

void LectureView::setChosenCell(int cell)
{
    if (array_ && cell >= 0 && cell < array_->layout().cellCount()) chosen_ = cell;
}

void LectureView::stopReading()
{
    readWord_ = -1;
    readBits_ = 0;
    view_->setReading({}, 0);
    refreshText();
}

void LectureView::readBits(int delta)
{
    if (!reading()) return;
    readBits_ = std::clamp(readBits_ + delta, 0, array_->layout().bits());
    showReading();
}

void LectureView::moveChosen(int rows, int cols)
{
    if (!reading()) return;
    const Layout &l = array_->layout();
    const Geometry &g = l.geometry();
    const int layer = chosen_ / (g.rows * g.cols);
    const int i = std::clamp((chosen_ / g.cols) % g.rows + rows, 0, g.rows - 1);
    const int j = std::clamp(chosen_ % g.cols + cols, 0, g.cols - 1);
    chosen_ = g.cellIndex(layer, i, j);
    const int word = l.wordOf(g.directionIndex(l.directionOfWord(readWord_)), chosen_);
    if (word != readWord_) readBits_ = 0; // another word: read from its first bit
    readWord_ = word;
    showReading();
}

void LectureView::showReading()
{
    const Layout &l = array_->layout();
    std::vector<int> cells;
    for (int s = l.bits() - 1; s >= 0; --s) cells.push_back(l.cellOf(readWord_, s));
    view_->setReading(cells, readBits_);
    refreshText();
}

void LectureView::setOptimum(double maxAbsError, bool certified)
{
    optimumKnown_ = true;
    optimumMax_ = maxAbsError;
    optimumCertified_ = certified;
    refreshText();
}

void LectureView::clearOptimum()
{
    optimumKnown_ = false;
    refreshText();
}

QString LectureView::narrationText() const
{
    return narration_->text();
}

void LectureView::seekBy(int delta)
{
    if (array_) Q_EMIT seekRequested(std::clamp(array_->lectureStep() + delta, 0, array_->lectureSteps()));
}

void LectureView::refreshText()
{
    if (!array_ || !array_->lectureActive()) {
        narration_->clear();
        stepLabel_->clear();
        return;
    }
    const int step = array_->lectureStep(), steps = array_->lectureSteps();
    {
        const QSignalBlocker quiet(timeline_); // the window set this step; it asks for nothing
        timeline_->setRange(0, steps);
        timeline_->setValue(step);
    }
    stepLabel_->setText(QString("step %1 of %2").arg(step).arg(steps));
    stepLabel_->setMinimumWidth(stepLabel_->fontMetrics().horizontalAdvance(QString("step %1 of %1").arg(steps)) + 8);
    // A stack shows the layer of the cell the narration is about.
    const Geometry &g = array_->layout().geometry();
    const int about = reading() ? array_->layout().cellOf(readWord_, g.bits - std::max(1, readBits_)) : array_->lastDecidedCell();
    if (g.layers > 1 && about >= 0) view_->setLayer(about / (g.rows * g.cols));
    if (reading()) {
        narration_->setText(readingNarration(*array_, readWord_, readBits_));
        return;
    }
    if (peer_ && hoverCell_ >= 0 && hoverCell_ < g.cellCount() && hoverCell_ < peer_->layout().cellCount()) {
        narration_->setText(collisionNarration(array_->layout(), peer_->layout(), hoverCell_));
        return;
    }
    if (step < steps) {
        narration_->setText(narration(*array_));
        return;
    }
    const QString result = peer_ ? QString("%1.  In %2 the %3")
                                       .arg(peerComparison(*array_, *peer_),
                                            QString::fromStdString(array_->layout().patternName()),
                                            optimumText(optimumKnown_, optimumMax_, optimumCertified_))
                                 : comparison(array_->maxAbsError(), optimumKnown_, optimumMax_, optimumCertified_);
    narration_->setText(QString("All %1 cells decided.  %2.  Home starts again, Esc leaves.").arg(steps).arg(result));
}

QString LectureView::peerComparison(const EditableArray &a, const EditableArray &b)
{
    return QString("greedy in %1: max %2 LSB; in %3: max %4 LSB")
        .arg(QString::fromStdString(a.layout().patternName()))
        .arg(a.maxAbsError())
        .arg(QString::fromStdString(b.layout().patternName()))
        .arg(b.maxAbsError());
}

QString LectureView::collisionNarration(const Layout &a, const Layout &b, int cell)
{
    const Geometry &g = a.geometry();
    const int layer = cell / (g.rows * g.cols), i = (cell / g.cols) % g.rows, j = cell % g.cols;
    const QString where = g.layers > 1 ? QString("(%1, %2, %3)").arg(layer).arg(i).arg(j) : QString("(%1, %2)").arg(i).arg(j);
    auto holds = [cell](const Layout &l) {
        QStringList roles, terms;
        int sum = 0;
        for (int k = 0; k < l.directionCount(); ++k) {
            const int s = l.significance(k, cell);
            roles << QString("bit %1 of %2").arg(s).arg(BitMapView::wordName(l, k, cell));
            terms << QString::number(s);
            sum += s;
        }
        return QString("in %1 %2 (%3 = %4)").arg(QString::fromStdString(l.patternName()), joined(roles), terms.join(" + ")).arg(sum);
    };
    return QString("Cell %1: %2; %3.  The higher the sum, the more one flip there costs its words.")
        .arg(where, holds(a), holds(b));
}

QString LectureView::narration(const EditableArray &a)
{
    if (a.lectureStep() == 0)
        return "Dim cells are undecided. The greedy encoder decides one cell at a time, most significant "
               "bits first.  Space / \u2192 next,  \u2190 back,  Home / End,  R / C read a row / column,  T side by side,  "
               "Esc leave.";
    const Layout &l = a.layout();
    const Geometry &g = l.geometry();
    const int c = a.lastDecidedCell(), bit = a.bits()[size_t(c)];
    // The same cells with the other bit: how close the words could have come with it.
    EditableArray other = a;
    other.flip(c);
    const EditableArray &before = bit ? other : a; // this cell still 0: the words' value so far
    QStringList roles, needs, with, without;
    for (int k = 0; k < l.directionCount(); ++k) {
        const int w = l.wordOf(k, c);
        const QString name = BitMapView::wordName(l, k, c);
        roles << QString("bit %1 of %2").arg(l.significance(k, c)).arg(name);
        needs << QString("%1 needs %2, has %3").arg(name).arg(a.targets()[size_t(w)]).arg(before.decoded()[size_t(w)]);
        with << QString::number(a.reachDistance(w));
        without << QString::number(other.reachDistance(w));
    }
    const int layer = c / (g.rows * g.cols), i = (c / g.cols) % g.rows, j = c % g.cols;
    const QString where = g.layers > 1 ? QString("(%1, %2, %3)").arg(layer).arg(i).arg(j) : QString("(%1, %2)").arg(i).arg(j);
    const QString why = with == without
                            ? QString("either bit leaves them within %1 LSB").arg(joined(with))
                            : QString("with %1 they can still come within %2 LSB, with %3 only within %4")
                                  .arg(bit)
                                  .arg(joined(with))
                                  .arg(1 - bit)
                                  .arg(joined(without));
    QString figures = needs.join("; ");
    figures[0] = figures[0].toUpper(); // a sentence of its own
    return QString("cell %1 is %2: set to %3.  %4; %5.").arg(where, joined(roles)).arg(bit).arg(figures, why);
}

QString LectureView::readingNarration(const EditableArray &a, int word, int read)
{
    const Layout &l = a.layout();
    const Geometry &g = l.geometry();
    const int W = g.bits, k = g.directionIndex(l.directionOfWord(word));
    const QString name = BitMapView::wordName(l, k, l.cellOf(word, 0));
    if (read == 0)
        return QString("Read %1: its %2 cells, most significant bit first.  Space: the next bit,  arrows: another "
                       "cell,  R / C: its row / column,  Esc: done.")
            .arg(name)
            .arg(W);
    // The value of the bits read so far: the word with its unread cells at 0 (the format's rule).
    EditableArray partial = a;
    QString bits;
    for (int n = 0; n < W; ++n) {
        const int c = l.cellOf(word, W - 1 - n);
        if (n < read) bits += a.bits()[size_t(c)] ? '1' : '0';
        else if (partial.bits()[size_t(c)]) partial.flip(c);
    }
    const int c = l.cellOf(word, W - read);
    const int layer = c / (g.rows * g.cols), i = (c / g.cols) % g.rows, j = c % g.cols;
    const QString where = g.layers > 1 ? QString("(%1, %2, %3)").arg(layer).arg(i).arg(j) : QString("(%1, %2)").arg(i).arg(j);
    QStringList others;
    for (int k2 = 0; k2 < l.directionCount(); ++k2)
        if (k2 != k) others << QString("bit %1 of %2").arg(l.significance(k2, c)).arg(BitMapView::wordName(l, k2, c));
    const QString value = read == W ? QString("%1 = %2, all %3 bits (target %4)")
                                          .arg(bits)
                                          .arg(a.decoded()[size_t(word)])
                                          .arg(W)
                                          .arg(a.targets()[size_t(word)])
                                    : QString("%1 = %2 after %3 of %4 bits").arg(bits).arg(partial.decoded()[size_t(word)]).arg(read).arg(W);
    return QString("Read %1: %2.  Cell %3 is bit %4 of %1, and the same cell is %5.")
        .arg(name, value, where)
        .arg(W - read)
        .arg(joined(others));
}

QString LectureView::comparison(double greedyMax, bool optimumKnown, double optimumMax, bool certified)
{
    return QString("greedy: max %1 LSB; ").arg(greedyMax) + optimumText(optimumKnown, optimumMax, certified);
}

QString LectureView::optimumText(bool known, double optimumMax, bool certified)
{
    if (!known) return "optimum: searching\u2026";
    return certified ? QString("optimum: %1 LSB (certified)").arg(optimumMax)
                     : QString("auto solver: %1 LSB (best found, not certified)").arg(optimumMax);
}

QString LectureView::startMessage()
{
    return "Lecture: Space = next cell (MSB first), Backspace = back, N = new example, Esc = leave";
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
