// BitMapView with all layers of a 3D stack side by side: every cell found again from its
// centre in every layer's grid, clicks flip and pin the full cell index, hovering frames the
// pillar word in every layer (and repaints it), and the single-layer mode stays as it was.
#include "BitMapSupport.h"
#include "BitMapView.h"

#include "encode/EditableArray.h"
#include "encode/RandomTargets.h"
#include "layout/Layout.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <algorithm>

using namespace twill;

namespace {

EditableArray makeStack(int size, int bits, int layers, uint64_t seed)
{
    return test::greedyArray(size, bits, layers, seed);
}

// The pixels of one cell (its centre +- half a cell) as the widget paints them now.
QImage cellPixels(BitMapView &view, const QPoint &centre)
{
    const int h = view.cellSize() / 2;
    return view.grab(QRect(centre - QPoint(h, h), QSize(view.cellSize(), view.cellSize()))).toImage();
}

QString screenshotPath(const QString &name)
{
    return QDir(qEnvironmentVariable("TWILL_TEST_SCREENSHOTS", QDir::tempPath())).filePath(name);
}

} // namespace

class TestBitMap3D : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void everyCellFoundFromItsCentre_data();
    void everyCellFoundFromItsCentre();
    void clicksFlipAndPinTheFullIndex();
    void hoverFramesThePillarWord();
    void middleClickKeepsTheHighlight();
    void partialPaintMatchesFullPaint();
    void singleLayerModeUnchanged();
    void screenshots();
};

void TestBitMap3D::everyCellFoundFromItsCentre_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("layers");
    QTest::newRow("4x4x4") << 4 << 4 << 4;
    QTest::newRow("8x8, 8 layers: two rows of grids") << 8 << 4 << 8;
    QTest::newRow("16x16, 16 layers") << 16 << 16 << 16;
}

void TestBitMap3D::everyCellFoundFromItsCentre()
{
    QFETCH(int, size);
    QFETCH(int, bits);
    QFETCH(int, layers);
    const EditableArray a = makeStack(size, bits, layers, 7);
    const Geometry &g = a.layout().geometry();
    BitMapView view;
    view.setArray(&a);
    view.setAllLayers(true);
    QVERIFY(view.showsAllLayers());
    view.resize(view.sizeHint()); // the cells fit the widget: at its preferred size here
    const int cs = view.cellSize();
    QVERIFY2(cs >= 10, qPrintable(QString("cell size %1").arg(cs)));
    const QRect canvas = view.rect();
    for (int l = 0; l < g.layers; ++l)
        for (int i = 0; i < g.rows; ++i)
            for (int j = 0; j < g.cols; ++j) {
                const QPoint c = view.cellCenter(l, i, j);
                const int cell = g.cellIndex(l, i, j);
                QCOMPARE(view.cellAt(c), cell);
                // The whole cell, not just its centre, and all of it on the canvas.
                const int h = cs / 2;
                QCOMPARE(view.cellAt(c + QPoint(-h, -h)), cell);
                QCOMPARE(view.cellAt(c + QPoint(cs - h - 1, cs - h - 1)), cell);
                QVERIFY(canvas.contains(c + QPoint(cs - h - 1, cs - h - 1)));
            }
    // Between two grids (right of the first grid's last column) there is no cell.
    QCOMPARE(view.cellAt(view.cellCenter(0, 0, g.cols - 1) + QPoint(cs, 0)), -1);
    QCOMPARE(view.cellAt(QPoint(2, 2)), -1);
    QCOMPARE(view.cellCenter(g.layers, 0, 0), QPoint(-1, -1));
}

void TestBitMap3D::clicksFlipAndPinTheFullIndex()
{
    const EditableArray a = makeStack(4, 4, 4, 11);
    const Geometry &g = a.layout().geometry();
    BitMapView view;
    view.setArray(&a);
    view.setAllLayers(true);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy flips(&view, &BitMapView::flipRequested);
    QSignalSpy pins(&view, &BitMapView::pinRequested);
    for (int l = 0; l < g.layers; ++l) {
        const int i = (l + 1) % g.rows, j = (3 * l + 2) % g.cols;
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellCenter(l, i, j));
        QCOMPARE(flips.count(), l + 1);
        QCOMPARE(flips.last().at(0).toInt(), g.cellIndex(l, i, j));
        QTest::mouseClick(&view, Qt::RightButton, {}, view.cellCenter(l, j, i));
        QCOMPARE(pins.count(), l + 1);
        QCOMPARE(pins.last().at(0).toInt(), g.cellIndex(l, j, i));
    }
    // Beside the grids a click does nothing; a middle click selects and never flips.
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, view.height() - 2));
    QTest::mouseClick(&view, Qt::MiddleButton, {}, view.cellCenter(2, 1, 1));
    QCOMPARE(flips.count(), g.layers);
    QCOMPARE(pins.count(), g.layers);
    QCOMPARE(view.selectedCell(), g.cellIndex(2, 1, 1));
}

void TestBitMap3D::hoverFramesThePillarWord()
{
    const EditableArray a = makeStack(4, 4, 4, 3);
    const Layout &lay = a.layout();
    const Geometry &g = lay.geometry();
    const int kPil = g.directionIndex(Direction::Pillar);
    QCOMPARE(QString::fromStdString(lay.patternName()), QString("latin"));
    BitMapView view;
    view.setArray(&a);
    view.setAllLayers(true);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.highlightedPillarWord(), -1);

    const int hl = 1, hi = 2, hj = 3, cell = g.cellIndex(hl, hi, hj);
    // In another layer: the pillar word's cell at (hi, hj), and a cell far from it.
    const QPoint inWord = view.cellCenter(3, hi, hj), outside = view.cellCenter(3, 0, 0);
    const QImage inBefore = cellPixels(view, inWord), outBefore = cellPixels(view, outside);

    QTest::mouseMove(&view, view.cellCenter(hl, hi, hj));
    QTRY_COMPARE(view.highlightedCell(), cell);
    const int word = lay.wordOf(kPil, cell);
    QCOMPARE(view.highlightedPillarWord(), word);
    // The ringed cells are (hi, hj) in every layer: 4 layers hold exactly one pillar word.
    std::vector<int> expected;
    for (int l = 0; l < g.layers; ++l) expected.push_back(g.cellIndex(l, hi, hj));
    QCOMPARE(view.highlightedPillarCells(), expected);
    for (int c : expected) QCOMPARE(lay.wordOf(kPil, c), word);

    const QString text = view.describeCell(cell);
    QVERIFY2(text.contains(QString::fromStdString(lay.describeWord(word))), qPrintable(text));
    QVERIFY2(text.contains(QString("significance %1 of 4").arg(lay.significance(kPil, cell))), qPrintable(text));

    // The ring shows in the other layer's cell of the word, nowhere near the others.
    QVERIFY(cellPixels(view, inWord) != inBefore);
    QCOMPARE(cellPixels(view, outside), outBefore);

    // Off the grids, the highlight goes.
    QTest::mouseMove(&view, QPoint(2, view.height() - 2));
    QTRY_COMPARE(view.highlightedPillarWord(), -1);
    QVERIFY(view.highlightedPillarCells().empty());
    QCOMPARE(cellPixels(view, inWord), inBefore);
}

void TestBitMap3D::middleClickKeepsTheHighlight()
{
    // 8 layers of 4-bit pillars: two pillar words through each (row, column).
    const EditableArray a = makeStack(4, 4, 8, 5);
    const Layout &lay = a.layout();
    const Geometry &g = lay.geometry();
    const int kPil = g.directionIndex(Direction::Pillar);
    BitMapView view;
    view.setArray(&a);
    view.setAllLayers(true);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int cell = g.cellIndex(6, 0, 1);
    QTest::mouseClick(&view, Qt::MiddleButton, {}, view.cellCenter(6, 0, 1));
    QTest::mouseMove(&view, QPoint(2, view.height() - 2));
    QTRY_COMPARE(view.highlightedCell(), cell);
    QCOMPARE(view.highlightedPillarWord(), lay.wordOf(kPil, cell));
    const std::vector<int> expected{g.cellIndex(4, 0, 1), g.cellIndex(5, 0, 1), g.cellIndex(6, 0, 1),
                                    g.cellIndex(7, 0, 1)};
    QCOMPARE(view.highlightedPillarCells(), expected);
    // Hovering wins over the selection while the mouse is on a cell.
    QTest::mouseMove(&view, view.cellCenter(0, 3, 3));
    QTRY_COMPARE(view.highlightedCell(), g.cellIndex(0, 3, 3));
    QCOMPARE(view.highlightedPillarCells().front(), g.cellIndex(0, 3, 3));
    // A second middle click on the selected cell releases it.
    QTest::mouseClick(&view, Qt::MiddleButton, {}, view.cellCenter(6, 0, 1));
    QTest::mouseMove(&view, QPoint(2, view.height() - 2));
    QTRY_COMPARE(view.highlightedCell(), -1);
    QCOMPARE(view.selectedCell(), -1);
}

void TestBitMap3D::partialPaintMatchesFullPaint()
{
    // Painting only the exposed rectangle must not leave out anything that shows in it.
    const EditableArray a = makeStack(8, 4, 8, 9);
    BitMapView view;
    view.setArray(&a);
    view.setAllLayers(true);
    view.resize(view.sizeHint());
    view.setSelectedCell(a.layout().geometry().cellIndex(5, 2, 6));
    const QImage full = view.grab().toImage();
    const int cs = view.cellSize();
    const QPoint c = view.cellCenter(5, 2, 6);
    for (const QRect &r : {QRect(c - QPoint(cs + 3, cs + 3), QSize(3 * cs, 2 * cs + 5)), // a few cells
                           QRect(view.cellCenter(0, 0, 7), view.cellCenter(1, 1, 0)),    // across two grids
                           QRect(0, 30, view.width(), 60)}) {                            // the header
        QImage part(full.size(), full.format());
        part.fill(Qt::black);
        view.render(&part, r.topLeft(), QRegion(r));
        QCOMPARE(part.copy(r), full.copy(r));
    }
}

void TestBitMap3D::singleLayerModeUnchanged()
{
    const EditableArray a = makeStack(8, 4, 4, 13);
    const Geometry &g = a.layout().geometry();
    BitMapView view;
    view.setArray(&a);
    view.setLayer(2);
    QVERIFY(!view.showsAllLayers());
    view.resize(view.sizeHint()); // fitted to its preferred size: 28 px cells
    QCOMPARE(view.cellSize(), 28);
    // Cells 28 px apart, the grid 34 px from the left (the row indices' margin).
    const QPoint c35 = view.cellCenter(3, 5);
    QCOMPARE(c35 - view.cellCenter(0, 0), QPoint(5 * 28, 3 * 28));
    QCOMPARE(view.cellCenter(0, 0).x(), 34 + 14);
    for (int i = 0; i < g.rows; ++i)
        for (int j = 0; j < g.cols; ++j) {
            QCOMPARE(view.cellAt(view.cellCenter(i, j)), g.cellIndex(2, i, j));
            QCOMPARE(view.cellCenter(2, i, j), view.cellCenter(i, j));
        }
    QCOMPARE(view.cellCenter(1, 0, 0), QPoint(-1, -1)); // not drawn
    QVERIFY(!view.describeCell(g.cellIndex(2, 0, 0)).contains("middle click"));
    view.setSelectedCell(g.cellIndex(2, 1, 1));
    QCOMPARE(view.highlightedPillarWord(), -1); // nothing is ringed in this mode

    // All layers keep their own zoom; switching back restores the single layer's.
    view.setAllLayers(true);
    view.setCellSize(14);
    QCOMPARE(view.cellSize(), 14);
    QCOMPARE(view.cellAt(view.cellCenter(1, 1)), g.cellIndex(2, 1, 1)); // two arguments: layer()
    QCOMPARE(view.highlightedPillarWord(), a.layout().wordOf(2, g.cellIndex(2, 1, 1)));
    view.setAllLayers(false);
    QCOMPARE(view.cellSize(), 28);
    QCOMPARE(view.cellCenter(3, 5), c35);

    // A 2D array ignores the mode.
    Geometry flat;
    flat.rows = flat.cols = 8;
    flat.bits = 8;
    const Layout l2 = Layout::msbLsb(flat);
    const EditableArray b(l2, NumberFormat::Unsigned, randomTargets(1, l2.wordCount(), NumberFormat::Unsigned, 8, 1));
    BitMapView plain;
    plain.setArray(&b);
    view.setAllLayers(true);
    view.setArray(&b);
    QVERIFY(view.allLayers());
    QVERIFY(!view.showsAllLayers());
    QCOMPARE(view.cellAt(view.cellCenter(7, 6)), flat.cellIndex(0, 7, 6));
    QCOMPARE(view.sizeHint(), plain.sizeHint());
}

void TestBitMap3D::screenshots()
{
    const struct {
        int size, bits, layers;
        QString name;
    } shots[] = {{16, 16, 16, "bitmap3d-16.png"}, {4, 4, 4, "bitmap3d-4.png"}};
    for (const auto &s : shots) {
        const EditableArray a = makeStack(s.size, s.bits, s.layers, 2024);
        BitMapView view;
        view.setArray(&a);
        view.setAllLayers(true);
        view.resize(view.sizeHint());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int i = s.size / 4 + 1, j = s.size / 2 + 1;
        QTest::mouseMove(&view, view.cellCenter(1, i, j));
        QTRY_COMPARE(view.highlightedCell(), a.layout().geometry().cellIndex(1, i, j));
        const QImage shot = view.grab().toImage();
        QCOMPARE(shot.size(), view.sizeHint());
        if (qEnvironmentVariableIsSet("TWILL_TEST_SCREENSHOTS")) // for looking at them by eye
            QVERIFY(shot.save(screenshotPath(s.name)));
    }
}

QTEST_MAIN(TestBitMap3D)
#include "tst_bitmap3d.moc"
