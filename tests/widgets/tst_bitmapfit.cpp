// BitMapView fits the space it is given: the cell size follows the widget's size (one layer
// with its word panels, and all layers side by side), every cell and the row words' header
// stay inside the widget, the user's zoom overrides the fit and fitToView() returns to it.
#include "BitMapSupport.h"
#include "BitMapView.h"


#include <QScreen>
#include <QStandardPaths>
#include <QtTest>

using namespace twill;

namespace {

EditableArray makeArray(int size, int bits, int layers)
{
    return test::greedyArray(size, bits, layers, 5);
}

// The cell's whole square, from its centre.
QRect cellSquare(const BitMapView &view, int layer, int row, int col)
{
    const int cs = view.cellSize(), h = cs / 2;
    return QRect(view.cellCenter(layer, row, col) - QPoint(h, h), QSize(cs, cs));
}

// Every cell of every drawn layer inside the widget.
void checkAllInside(const BitMapView &view, const Geometry &g)
{
    const int layers = view.showsAllLayers() ? g.layers : 1;
    for (int l = 0; l < layers; ++l)
        for (int i : {0, g.rows - 1})
            for (int j : {0, g.cols - 1}) {
                const QRect r = cellSquare(view, view.showsAllLayers() ? l : view.layer(), i, j);
                QVERIFY2(view.rect().contains(r), qPrintable(QString("layer %1 cell (%2, %3) at %4,%5 %6 px, widget %7x%8")
                                                                 .arg(l).arg(i).arg(j).arg(r.x()).arg(r.y()).arg(r.width())
                                                                 .arg(view.width()).arg(view.height())));
            }
}

} // namespace

class TestBitMapFit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cellsFollowTheWidgetSize_data();
    void cellsFollowTheWidgetSize();
    void zoomOverridesAndFitReturns();
    void rowHeaderFitsItsWidth_data();
    void rowHeaderFitsItsWidth();
    void hoverFramesTheCellsWordsAndTheirBars();
};

void TestBitMapFit::cellsFollowTheWidgetSize_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("all");
    QTest::newRow("16x16, 16 bits") << 16 << 16 << 1 << false;
    QTest::newRow("16x16, 4 bits") << 16 << 4 << 1 << false;
    QTest::newRow("32x32, 8 bits") << 32 << 8 << 1 << false;
    QTest::newRow("8x8x8 one layer") << 8 << 8 << 8 << false;
    QTest::newRow("8x8x8 side by side") << 8 << 8 << 8 << true;
    QTest::newRow("16x16x16 side by side") << 16 << 16 << 16 << true;
}

void TestBitMapFit::cellsFollowTheWidgetSize()
{
    QFETCH(int, size);
    QFETCH(int, bits);
    QFETCH(int, layers);
    QFETCH(bool, all);
    const EditableArray a = makeArray(size, bits, layers);
    const Geometry &g = a.layout().geometry();
    BitMapView view;
    view.setArray(&a);
    view.setAllLayers(all);
    QCOMPARE(view.showsAllLayers(), all);
    QVERIFY(view.fitted());
    // The smallest cells' canvas (the narrowest width, as tall as that width needs: a stack's
    // grids one to a row), and twice and three times its size.
    const QSize small(view.minimumSizeHint().width(), view.heightForWidth(view.minimumSizeHint().width()));
    QVERIFY(small.height() >= view.minimumSizeHint().height());
    std::vector<int> cells;
    for (int k : {1, 2, 3}) {
        view.resize(small * k);
        cells.push_back(view.cellSize());
        checkAllInside(view, g);
        if (QTest::currentTestFailed()) return;
    }
    QVERIFY2(cells[0] < cells[1] && cells[1] < cells[2],
             qPrintable(QString("cells %1, %2, %3 px").arg(cells[0]).arg(cells[1]).arg(cells[2])));
    // Back to the small size: the small cells again.
    view.resize(small);
    QCOMPARE(view.cellSize(), cells[0]);
    // A widget only wider (or only taller) than needed: no smaller cells, no larger than with
    // both sides grown, and still all inside.
    for (const QSize &s : {QSize(small.width() * 3, small.height()), QSize(small.width(), small.height() * 3)}) {
        view.resize(s);
        QVERIFY(view.cellSize() >= cells[0] && view.cellSize() <= cells[2]);
        checkAllInside(view, g);
    }
}

void TestBitMapFit::zoomOverridesAndFitReturns()
{
    const EditableArray a = makeArray(16, 16, 1);
    BitMapView view;
    view.setArray(&a);
    view.resize(700, 560);
    const int fitted = view.cellSize();
    view.setCellSize(fitted + 10);
    QVERIFY(!view.fitted());
    QCOMPARE(view.cellSize(), fitted + 10);
    // Zoomed in, the view asks for more room than it has (its scroll area scrolls).
    QVERIFY(view.minimumSizeHint().width() > 700 || view.minimumSizeHint().height() > 560);
    view.resize(900, 800);
    QCOMPARE(view.cellSize(), fitted + 10); // the zoom holds whatever the size
    view.fitToView();
    QVERIFY(view.fitted());
    // The fit of a view that was never zoomed, at the same size.
    BitMapView fresh;
    fresh.setArray(&a);
    fresh.resize(900, 800);
    QCOMPARE(view.cellSize(), fresh.cellSize());
    QVERIFY(view.cellSize() > fitted);
}

void TestBitMapFit::rowHeaderFitsItsWidth_data()
{
    QTest::addColumn<int>("bits");
    QTest::newRow("16 bits") << 16;
    QTest::newRow("8 bits") << 8;
    QTest::newRow("4 bits") << 4;
}

void TestBitMapFit::rowHeaderFitsItsWidth()
{
    QFETCH(int, bits);
    const EditableArray a = makeArray(16, bits, 1);
    BitMapView view;
    view.setArray(&a);
    for (const QSize &s : {view.minimumSizeHint(), QSize(640, 480), QSize(1400, 900)}) {
        view.resize(s.expandedTo(view.minimumSizeHint()));
        // With the figures when a row holds a line of text, else what the bars alone show.
        const bool figures = view.cellSize() >= view.fontMetrics().height();
        QCOMPARE(view.rowHeaderText(), figures ? QString("row words: target \u2192 decoded (error)") : QString("row words: |error|"));
        const QRect r = view.rowHeaderRect();
        const int text = QFontMetrics(view.font()).horizontalAdvance(view.rowHeaderText());
        QVERIFY2(text <= r.width(), qPrintable(QString("%1 px of text in %2 px").arg(text).arg(r.width())));
        QVERIFY(view.rect().contains(r));
        // The header sits right of the grid, above its first row.
        QVERIFY(r.left() > view.cellCenter(0, 15).x());
        QVERIFY(r.bottom() < view.cellCenter(0, 0).y());
    }
}

// Pixels of exactly colour c inside r.
int pixelsOf(const QImage &img, const QRect &r, const QColor &c)
{
    int n = 0;
    const QRect in = r.intersected(img.rect());
    for (int y = in.top(); y <= in.bottom(); ++y)
        for (int x = in.left(); x <= in.right(); ++x) n += img.pixelColor(x, y) == c;
    return n;
}

void TestBitMapFit::hoverFramesTheCellsWordsAndTheirBars()
{
    // One layer: hovering a cell frames its row word (blue) and column word (red) on the grid and
    // their bars in the panels beside and below it; nothing else is framed.
    const EditableArray a = makeArray(16, 16, 1);
    const Geometry &g = a.layout().geometry();
    BitMapView view;
    view.setArray(&a);
    view.resize(1100, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QColor rowBlue(70, 150, 255), columnRed(255, 90, 70);
    const QImage plain = view.grab().toImage();
    QCOMPARE(pixelsOf(plain, plain.rect(), rowBlue), 0);
    QCOMPARE(pixelsOf(plain, plain.rect(), columnRed), 0);

    QSignalSpy changed(&view, &BitMapView::highlightChanged);
    const int i = 5, j = 9, cs = view.cellSize();
    QTest::mouseMove(&view, view.cellCenter(i, j));
    QTRY_COMPARE(view.highlightedCell(), g.cellIndex(0, i, j));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toInt(), g.cellIndex(0, i, j));
    const QImage lit = view.grab().toImage();
    const QRect grid(view.cellCenter(0, 0) - QPoint(cs / 2, cs / 2), QSize(g.cols * cs, g.rows * cs));
    auto rowBand = [&](int row) { return QRect(0, grid.top() + row * cs + 2, view.width(), cs - 4); };
    auto rightOfGrid = [&](int row) { return rowBand(row).intersected(QRect(grid.right() + 4, 0, view.width(), view.height())); };
    auto columnBand = [&](int col, int top, int bottom) { return QRect(grid.left() + col * cs + 3, top, cs - 6, bottom - top); };
    QVERIFY(pixelsOf(lit, rightOfGrid(i), rowBlue) > 0); // the row's bar
    for (int other : {0, i + 2, g.rows - 1}) QCOMPARE(pixelsOf(lit, rightOfGrid(other), rowBlue), 0);
    // Below the grid: the column's bar framed, no other column's.
    QVERIFY(pixelsOf(lit, columnBand(j, grid.bottom() + 3, grid.bottom() + 40), columnRed) > 0);
    for (int other : {0, j - 3, g.cols - 1})
        QCOMPARE(pixelsOf(lit, columnBand(other, grid.bottom() + 3, grid.bottom() + 40), columnRed), 0);
    // On the grid: the word frames run along the hovered row and column only.
    QVERIFY(pixelsOf(lit, rowBand(i).intersected(grid), rowBlue) > 0);
    QCOMPARE(pixelsOf(lit, rowBand(i + 3).intersected(grid), rowBlue), 0);

    // Off the grid: nothing framed again. A linked view shows the same as a hover.
    QTest::mouseMove(&view, QPoint(2, view.height() - 2));
    QTRY_COMPARE(view.highlightedCell(), -1);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(view.grab().toImage(), plain);
    view.setHoveredCell(g.cellIndex(0, i, j));
    QCOMPARE(view.highlightedCell(), g.cellIndex(0, i, j));
    QCOMPARE(view.grab().toImage(), lit);
    view.setHoveredCell(-1);
    QCOMPARE(view.highlightedCell(), -1);

    // Moving from cell to cell repaints only the words' cells and the panels: what is on the
    // screen then equals a full repaint (nothing of the last highlight is left behind).
    for (const QPoint at : {QPoint(2, 3), QPoint(11, 14), QPoint(11, 2)}) {
        QTest::mouseMove(&view, view.cellCenter(at.x(), at.y()));
        QTRY_COMPARE(view.highlightedCell(), g.cellIndex(0, at.x(), at.y()));
        QTest::qWait(50);
    }
    const QImage onScreen = view.screen()->grabWindow(view.winId()).toImage().convertToFormat(QImage::Format_RGB32);
    const QImage repainted = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(onScreen.size(), repainted.size());
    QVERIFY(onScreen == repainted);
}

QTEST_MAIN(TestBitMapFit)
#include "tst_bitmapfit.moc"
