// Lecture mode as a presentation: the lecture screen alone (every dock, the menus, the toolbar
// and the status bar hidden, the layout given back on leaving), the array filling the window
// in large type; a timeline stepped both ways and scrubbed; narration that names the cell and
// its words; at the end the greedy result next to the certified optimum.
#include "BitMapView.h"
#include "LectureView.h"
#include "MainWindow.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QtTest>

using namespace twill;

class TestLecture : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void presentationHidesTheWindowAndGivesItBack();
    void stepsBackUndoExactlyOneCell();
    void scrubbingEqualsStepping();
    void narrationNamesTheCellAndItsWords();
    void endComparesGreedyWithTheOptimum();
    void readingARowAndAColumnLightsTheSameCells();
    void aStackShowsTheLayerOfTheStep();
    void sideBySideShowsTheCollisionWithLinkedHover();
    void aStackShowsEveryLayerAndReadsAPillar();
};

namespace {

void waitEncoded(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
}

// TWILL_SHOT_DIR=DIR keeps a picture of the window as the test saw it.
void keepShot(QWidget &w, const QString &name)
{
    if (const QString dir = qEnvironmentVariable("TWILL_SHOT_DIR"); !dir.isEmpty())
        w.grab().save(dir + "/" + name + ".png");
}

} // namespace

void TestLecture::presentationHidesTheWindowAndGivesItBack()
{
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    waitEncoded(w);
    // A layout of the user's: the Pattern editor in front, the Log floating beside the window.
    auto *pattern = w.findChild<QDockWidget *>("patternDock");
    auto *logDock = w.findChild<QDockWidget *>("logDock");
    pattern->raise();
    logDock->setFloating(true);
    logDock->resize(400, 300);
    logDock->move(w.geometry().topLeft() + QPoint(60, 60));
    QTest::qWait(200); // the layout settles, as it has when a user presses F11
    const QByteArray layout = w.saveState();
    const int dockedCell = w.view()->cellSize();

    w.setLectureMode(true);
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(w.lectureView()));
    keepShot(*w.lectureView(), "lecture-presentation");
    for (QDockWidget *d : w.findChildren<QDockWidget *>()) QVERIFY2(!d->isVisible(), qPrintable(d->objectName()));
    QVERIFY(!w.menuBar()->isVisible());
    QVERIFY(!w.statusBar()->isVisible());
    for (QToolBar *t : w.findChildren<QToolBar *>()) QVERIFY(!t->isVisible());
    LectureView *lecture = w.lectureView();
    QVERIFY(lecture->isVisible() && lecture->isWindow());
    QCOMPARE(lecture->size(), w.size()); // offscreen: no screen to fill, the window's size
    auto *map = lecture->findChild<BitMapView *>("lectureBitMap");
    QVERIFY(map && map->isVisible());
    // The array fills the window: the lecture's bit map takes its width and most of its height,
    // its cells are larger than the dock's and as large as that room allows (no scrolling).
    QVERIFY2(map->width() >= w.width() * 9 / 10, qPrintable(QString::number(map->width())));
    QVERIFY2(map->height() >= w.height() * 6 / 10, qPrintable(QString::number(map->height())));
    QVERIFY2(map->cellSize() > dockedCell, qPrintable(QString("%1 <= %2").arg(map->cellSize()).arg(dockedCell)));
    QVERIFY(map->fitted());
    QCOMPARE(map->cellSize(), map->fittedCellSize(map->size()));
    QVERIFY(map->fittedCellSize(map->size() - QSize(0, map->height() / 10)) < map->cellSize()); // it uses the height
    const int cols = w.array().layout().geometry().cols;
    QVERIFY(map->cellCenter(0, cols - 1).x() + map->cellSize() / 2 <= map->width());
    // Large type everywhere on the lecture screen.
    QVERIFY(map->font().pointSize() >= LectureView::kLabelPoints);
    for (QLabel *label : lecture->findChildren<QLabel *>())
        QVERIFY2(label->font().pointSize() >= 24, qPrintable(label->objectName()));

    QTest::keyClick(w.lectureView(), Qt::Key_Escape);
    QVERIFY(!w.lectureMode());
    QTest::qWait(200);
    keepShot(w, "lecture-after");
    QVERIFY(!lecture->isVisible());
    QVERIFY(w.isVisible() && w.menuBar()->isVisible() && w.statusBar()->isVisible());
    QVERIFY(logDock->isFloating() && logDock->isVisible());
    QCOMPARE(w.saveState(), layout);
    waitEncoded(w);
}

void TestLecture::stepsBackUndoExactlyOneCell()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    w.setLectureMode(true);
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(w.lectureView()));
    const int k = 37;
    std::vector<std::vector<uint8_t>> seen{w.array().bits()};
    std::vector<int> cells;
    for (int i = 0; i < k; ++i) {
        QTest::keyClick(w.lectureView(), i % 2 ? Qt::Key_Space : Qt::Key_Right);
        QCOMPARE(w.array().lectureStep(), i + 1);
        seen.push_back(w.array().bits());
        cells.push_back(w.array().lastDecidedCell());
    }
    // Each key back undoes the last cell decided, and only it.
    const QList<QKeyCombination> back{QKeyCombination(Qt::Key_Backspace), QKeyCombination(Qt::Key_Left),
                                      QKeyCombination(Qt::SHIFT | Qt::Key_Space), QKeyCombination(Qt::CTRL | Qt::Key_Z)};
    for (int i = k; i > 0; --i) {
        const int cell = cells[size_t(i - 1)];
        QVERIFY(w.array().decided(cell));
        QTest::keyClick(w.lectureView(), back[i % 4].key(), back[i % 4].keyboardModifiers());
        QCOMPARE(w.array().lectureStep(), i - 1);
        QVERIFY(w.array().bits() == seen[size_t(i - 1)]);
        QVERIFY(!w.array().decided(cell));
    }
    QTest::keyClick(w.lectureView(), Qt::Key_Left); // nothing before the start
    QCOMPARE(w.array().lectureStep(), 0);
    QVERIFY(w.array().bits() == seen[0]);
}

void TestLecture::scrubbingEqualsStepping()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    w.findChild<QComboBox *>("solver")->setCurrentText("greedy");
    waitEncoded(w);
    const std::vector<uint8_t> greedy = w.array().bits();
    w.setLectureMode(true);
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(w.lectureView()));
    const int steps = w.array().lectureSteps();
    std::vector<std::vector<uint8_t>> stepped{w.array().bits()};
    for (int i = 0; i < steps; ++i) {
        w.lectureStep();
        stepped.push_back(w.array().bits());
    }
    QVERIFY(stepped.back() == greedy);
    auto *timeline = w.lectureView()->findChild<QSlider *>("lectureTimeline");
    QVERIFY(timeline);
    QCOMPARE(timeline->maximum(), steps);
    QCOMPARE(timeline->value(), steps);
    for (int k : {5, 200, 1, 128, 0, 77}) {
        timeline->setValue(k);
        QCOMPARE(w.array().lectureStep(), k);
        QVERIFY2(w.array().bits() == stepped[size_t(k)], qPrintable(QString("step %1").arg(k)));
    }
    QTest::keyClick(w.lectureView(), Qt::Key_End);
    QVERIFY(w.array().bits() == greedy);
    QCOMPARE(timeline->value(), steps);
    QTest::keyClick(w.lectureView(), Qt::Key_Home);
    QCOMPARE(w.array().lectureStep(), 0);
    QVERIFY(w.array().bits() == stepped[0]);
    QCOMPARE(timeline->value(), 0);
}

void TestLecture::narrationNamesTheCellAndItsWords()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    w.setLectureMode(true);
    const Layout &l = w.array().layout();
    const Geometry &g = l.geometry();
    const int W = g.bits;
    auto *line = w.lectureView()->findChild<QLabel *>("lectureNarration");
    QVERIFY(line);
    // msb-lsb, worked out here from its definition: s_row(i, j) = (i + j + k) mod W and
    // s_col = W - 1 - s_row, with k the pattern's offset (read off cell (0, 0)).
    const int offset = l.significance(0, 0);
    for (int step : {1, 2, 16, 17, 100, 255}) {
        w.lectureSeek(step);
        const int c = w.array().lastDecidedCell(), i = c / g.cols, j = c % g.cols;
        const int sRow = (i + j + offset) % W, sCol = W - 1 - sRow, bit = w.array().bits()[size_t(c)];
        const QString text = line->text();
        QCOMPARE(text, w.lectureView()->narrationText());
        const QString names = QString("cell (%1, %2) is bit %3 of row %1 and bit %4 of column %2: set to %5.")
                                  .arg(i)
                                  .arg(j)
                                  .arg(sRow)
                                  .arg(sCol)
                                  .arg(bit);
        QVERIFY2(text.startsWith(names), qPrintable(text + "\n  expected: " + names));
        // The targets of both words, and how close they can still come (the step's reason).
        const int rowWord = l.wordOf(0, c), colWord = l.wordOf(1, c);
        QVERIFY2(text.contains(QString("Row %1 needs %2,").arg(i).arg(w.array().targets()[size_t(rowWord)])), qPrintable(text));
        QVERIFY2(text.contains(QString("column %1 needs %2,").arg(j).arg(w.array().targets()[size_t(colWord)])), qPrintable(text));
        QVERIFY2(text.contains(QString("within %1 and %2 LSB")
                                   .arg(w.array().reachDistance(rowWord))
                                   .arg(w.array().reachDistance(colWord))),
                 qPrintable(text));
    }
}

void TestLecture::endComparesGreedyWithTheOptimum()
{
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    waitEncoded(w);
    w.setLectureMode(true);
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(w.lectureView()));
    QTest::keyClick(w.lectureView(), Qt::Key_End);
    QCOMPARE(w.array().lectureStep(), w.array().lectureSteps());
    QTRY_VERIFY_WITH_TIMEOUT(!w.lectureSearching(), 60000);
    const QString text = w.lectureView()->narrationText();
    keepShot(*w.lectureView(), "lecture-end");
    const QRegularExpressionMatch m =
        QRegularExpression("greedy: max (\\d+) LSB; optimum: (\\d+) LSB \\(certified\\)").match(text);
    QVERIFY2(m.hasMatch(), qPrintable(text));
    const double greedy = m.captured(1).toDouble(), optimum = m.captured(2).toDouble();
    QCOMPARE(greedy, w.array().maxAbsError());
    QVERIFY2(optimum <= greedy, qPrintable(text));
    QVERIFY(optimum > 0); // 16-bit random targets: no encoding is exact
    QTest::keyClick(w.lectureView(), Qt::Key_Escape);
    QVERIFY(!w.lectureMode());
    waitEncoded(w);
    // Closing the lecture window leaves the lecture too: the main window comes back.
    w.setLectureMode(true);
    QVERIFY(!w.isVisible());
    w.lectureView()->close();
    QVERIFY(!w.lectureMode());
    QVERIFY(w.isVisible() && !w.lectureView()->isVisible());
    waitEncoded(w);
}

void TestLecture::readingARowAndAColumnLightsTheSameCells()
{
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    waitEncoded(w);
    w.setLectureMode(true);
    LectureView *lecture = w.lectureView();
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(lecture));
    QTest::keyClick(lecture, Qt::Key_End); // every cell decided: the words hold their greedy values
    auto *map = lecture->findChild<BitMapView *>("lectureBitMap");
    const EditableArray &a = w.array();
    const Layout &l = a.layout();
    const int W = l.bits(), offset = l.significance(0, 0);
    QCOMPARE(a.format(), NumberFormat::Unsigned); // the default: a word is the plain sum of its bits
    const int i = 9, j = 7, cell = i * 16 + j;
    QTest::mouseMove(map, map->cellCenter(i, j));
    QTRY_COMPARE(map->hoveredCell(), cell);
    // R: row 9, read most significant bit first. The cell of row i holding significance s is in
    // column (s - i - offset) mod W (msb-lsb, worked out here from its definition).
    QTest::keyClick(lecture, Qt::Key_R);
    QVERIFY(lecture->reading());
    QCOMPARE(lecture->readingWord(), l.wordOf(0, cell));
    QVERIFY(lecture->narrationText().startsWith("Read row 9: its 16 cells"));
    int64_t value = 0;
    QString bits;
    for (int n = 1; n <= W; ++n) {
        QTest::keyClick(lecture, Qt::Key_Space);
        const int s = W - n, col = ((s - i - offset) % W + 2 * W) % W;
        QCOMPARE(map->readingCount(), n);
        QCOMPARE(map->readingCells()[size_t(n - 1)], i * 16 + col);
        const int bit = a.bits()[size_t(i * 16 + col)];
        value += int64_t(bit) << s;
        bits += bit ? '1' : '0';
        const QString text = lecture->narrationText();
        QVERIFY2(text.startsWith(QString("Read row 9: %1 = %2").arg(bits).arg(value)), qPrintable(text));
        // The cell just read is also a bit of its column: W - 1 - s of it.
        QVERIFY2(text.contains(QString("Cell (9, %1) is bit %2 of row 9, and the same cell is bit %3 of column %1.")
                                   .arg(col)
                                   .arg(s)
                                   .arg(W - 1 - s)),
                 qPrintable(text));
    }
    QCOMPARE(value, a.decoded()[size_t(l.wordOf(0, cell))]);
    QVERIFY(lecture->narrationText().contains(QString("all 16 bits (target %1)").arg(a.targets()[size_t(l.wordOf(0, cell))])));
    // C: column 7 through the same cell; the cell that was bit s_row of row 9 is bit s_col of it.
    QTest::keyClick(lecture, Qt::Key_C);
    const int colWord = l.wordOf(1, cell);
    QCOMPARE(lecture->readingWord(), colWord);
    QTest::keyClick(lecture, Qt::Key_End);
    const std::vector<int> column = map->readingCells();
    const int sCol = W - 1 - (i + j + offset) % W;
    QCOMPARE(column[size_t(W - 1 - sCol)], cell); // read order: significance W-1 first
    QVERIFY(lecture->narrationText().contains(QString(" = %1, all 16 bits").arg(a.decoded()[size_t(colWord)])));
    // Arrows choose another word; Esc stops reading, a second Esc leaves the lecture.
    QTest::keyClick(lecture, Qt::Key_Right);
    QCOMPARE(lecture->readingWord(), l.wordOf(1, cell + 1));
    QCOMPARE(lecture->readingBits(), 0);
    QTest::keyClick(lecture, Qt::Key_Escape);
    QVERIFY(!lecture->reading() && w.lectureMode());
    QVERIFY(map->readingCells().empty());
    QTest::keyClick(lecture, Qt::Key_Escape);
    QVERIFY(!w.lectureMode());
    waitEncoded(w);
}

void TestLecture::aStackShowsTheLayerOfTheStep()
{
    MainWindow w;
    w.show();
    QCOMPARE(w.openProject(TWILL_TEST_DATA "/v1-stack-pins.twill.json"), QString());
    waitEncoded(w);
    w.setLectureMode(true);
    const Geometry &g = w.array().layout().geometry();
    QVERIFY(g.layers > 1);
    auto *map = w.lectureView()->findChild<BitMapView *>("lectureBitMap");
    QSet<int> layers;
    for (int step = 1; step <= w.array().lectureSteps(); step += 37) {
        w.lectureSeek(step);
        const int layer = w.array().lastDecidedCell() / (g.rows * g.cols);
        QCOMPARE(map->layer(), layer);
        QVERIFY(w.lectureView()->narrationText().contains(QString("of layer %1").arg(layer)));
        layers << layer;
    }
    QVERIFY(layers.size() > 1); // the steps go through more than one layer
    w.setLectureMode(false);
    waitEncoded(w);
}

void TestLecture::sideBySideShowsTheCollisionWithLinkedHover()
{
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    waitEncoded(w);
    w.setLectureMode(true);
    LectureView *lecture = w.lectureView();
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(lecture));
    BitMapView *map = lecture->view(), *peer = lecture->peerView();
    QVERIFY(!peer->isVisible());
    QTest::keyClick(lecture, Qt::Key_Space);
    QTest::keyClick(lecture, Qt::Key_Space);
    QTest::keyClick(lecture, Qt::Key_T);
    QVERIFY(lecture->sideBySide());
    QTRY_VERIFY(peer->isVisible());
    const EditableArray &a = w.array();
    const EditableArray *b = w.lecturePeer();
    QVERIFY(b);
    QCOMPARE(a.layout().pattern(), Pattern::MsbLsb);
    QCOMPARE(b->layout().pattern(), Pattern::Transpose);
    QCOMPARE(b->targets(), a.targets());
    QCOMPARE(b->lectureStep(), 2); // at the step the lecture was at
    // Both fit side by side: every column of each grid inside its view, the views apart.
    const int cols = a.layout().geometry().cols, W = a.layout().bits();
    for (BitMapView *v : {map, peer}) QVERIFY(v->cellCenter(0, cols - 1).x() + v->cellSize() / 2 <= v->width());
    QVERIFY(map->mapTo(lecture, QPoint(map->width(), 0)).x() <= peer->mapTo(lecture, QPoint(0, 0)).x());
    // Stepping moves both.
    QTest::keyClick(lecture, Qt::Key_Space);
    QCOMPARE(b->lectureStep(), 3);
    QTest::keyClick(lecture, Qt::Key_Backspace);
    QCOMPARE(b->lectureStep(), 2);

    // Hovering a cell in either view frames the same cell in the other; the narration names the
    // bits the cell holds in each pattern: msb-lsb s_row + s_col = W - 1 everywhere, transpose
    // s_row = j, s_col = i (worked out here from the definitions).
    const int i = 12, j = 13, cell = i * cols + j, offset = a.layout().significance(0, 0);
    QTest::mouseMove(map, map->cellCenter(i, j));
    QTRY_COMPARE(map->highlightedCell(), cell);
    QTRY_COMPARE(peer->highlightedCell(), cell);
    const int sRow = (i + j + offset) % W;
    QString text = lecture->narrationText();
    QVERIFY2(text.contains(QString("in msb-lsb bit %1 of row %2 and bit %3 of column %4 (%1 + %3 = %5)")
                               .arg(sRow)
                               .arg(i)
                               .arg(W - 1 - sRow)
                               .arg(j)
                               .arg(W - 1)),
             qPrintable(text));
    QVERIFY2(text.contains(QString("in transpose bit %1 of row %2 and bit %3 of column %4 (%1 + %3 = %5)")
                               .arg(j % W)
                               .arg(i)
                               .arg(i % W)
                               .arg(j)
                               .arg(j % W + i % W)),
             qPrintable(text));
    keepShot(*lecture, "lecture-side-by-side");
    QTest::mouseMove(peer, peer->cellCenter(2, 3));
    QTRY_COMPARE(peer->highlightedCell(), 2 * cols + 3);
    QTRY_COMPARE(map->highlightedCell(), 2 * cols + 3);
    QTest::mouseMove(lecture, QPoint(2, lecture->height() - 2)); // off both grids
    QTRY_COMPARE(map->highlightedCell(), -1);
    QCOMPARE(peer->highlightedCell(), -1);

    // At the end: each pattern's greedy result, against the greedy encoder run here on its own.
    QTest::keyClick(lecture, Qt::Key_End);
    QCOMPARE(b->lectureStep(), b->lectureSteps());
    EditableArray greedy(Layout::transpose(a.layout().geometry()), a.format(), a.targets());
    EncodeOptions o;
    o.solver = SolverKind::Greedy;
    o.objective = Objective::Max;
    greedy.encode(o);
    QCOMPARE(b->maxAbsError(), greedy.maxAbsError());
    QVERIFY(greedy.maxAbsError() > a.maxAbsError()); // the collision costs
    text = lecture->narrationText();
    QVERIFY2(text.contains(QString("greedy in msb-lsb: max %1 LSB; in transpose: max %2 LSB")
                               .arg(a.maxAbsError())
                               .arg(greedy.maxAbsError())),
             qPrintable(text));
    keepShot(*lecture, "lecture-side-by-side-end");
    // T again: the array alone.
    QTest::keyClick(lecture, Qt::Key_T);
    QVERIFY(!lecture->sideBySide() && !w.lecturePeer());
    QTRY_VERIFY(!peer->isVisible());
    w.setLectureMode(false);
    waitEncoded(w);
}

void TestLecture::aStackShowsEveryLayerAndReadsAPillar()
{
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    QCOMPARE(w.openProject(TWILL_TEST_DATA "/v1-stack-pins.twill.json"), QString());
    waitEncoded(w);
    w.setLectureMode(true);
    LectureView *lecture = w.lectureView();
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(lecture));
    const Layout &l = w.array().layout();
    const Geometry &g = l.geometry();
    BitMapView *map = lecture->view();
    QVERIFY(map->showsAllLayers());
    for (int layer = 0; layer < g.layers; ++layer) { // every layer drawn, inside the view
        const QPoint far = map->cellCenter(layer, g.rows - 1, g.cols - 1);
        QVERIFY(far.x() > 0 && far.x() + map->cellSize() / 2 <= map->width());
        QVERIFY(far.y() + map->cellSize() / 2 <= map->height());
    }
    QTest::keyClick(lecture, Qt::Key_End);
    QTest::qWait(100); // the narration's new text laid out
    const int cell = g.cellIndex(2, 3, 4);
    QTest::mouseMove(map, map->cellCenter(2, 3, 4));
    QTRY_COMPARE(map->hoveredCell(), cell);
    QTest::keyClick(lecture, Qt::Key_P);
    const int kPil = g.directionIndex(Direction::Pillar);
    QCOMPARE(lecture->readingWord(), l.wordOf(kPil, cell));
    QTest::keyClick(lecture, Qt::Key_End);
    // The pillar's cells: (3, 4) in each of the W layers it runs through, most significant first.
    const std::vector<int> read = map->readingCells();
    QCOMPARE(int(read.size()), g.bits);
    QSet<int> layersRead;
    for (int n = 0; n < g.bits; ++n) {
        QCOMPARE(read[size_t(n)] % (g.rows * g.cols), 3 * g.cols + 4);
        QCOMPARE(l.significance(kPil, read[size_t(n)]), g.bits - 1 - n);
        layersRead << read[size_t(n)] / (g.rows * g.cols);
    }
    QCOMPARE(layersRead.size(), g.bits);
    QVERIFY(lecture->narrationText().startsWith("Read pillar (3, 4)"));
    keepShot(*lecture, "lecture-stack-pillar");
    // Side by side with pins (this project has some): the peer holds the same pinned cells, so
    // at the end both have decided every cell (the same number of steps).
    QTest::keyClick(lecture, Qt::Key_Escape); // stop reading
    QVERIFY(w.array().pinCount() > 0);
    QTest::keyClick(lecture, Qt::Key_T);
    const EditableArray *peer = w.lecturePeer();
    QVERIFY(peer);
    QCOMPARE(peer->layout().pattern(), Pattern::Transpose);
    QCOMPARE(peer->lectureSteps(), w.array().lectureSteps());
    QCOMPARE(peer->lectureStep(), peer->lectureSteps());
    for (int c = 0; c < g.cellCount(); ++c) {
        QVERIFY(peer->decided(c));
        if (w.array().pins()[c] >= 0) QCOMPARE(int(peer->bits()[c]), int(w.array().pins()[c]));
    }
    w.setLectureMode(false);
    waitEncoded(w);
}

QTEST_MAIN(TestLecture)
#include "tst_lecture.moc"
