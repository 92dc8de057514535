// The subarray view while the shape changes under it: a 3D stack with all layers side by side,
// a cell hovered or middle-click selected in layer 0, then Layers typed over (16 passes
// through 1), and the other shape fields changed the same way. The window survives, and once
// the encoding is back it shows the new shape, every cell found again from its centre.
#include "BitMapOverview.h"
#include "BitMapView.h"
#include "SubarrayPanel.h"
#include "MainWindow.h"

#include <QCheckBox>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

using namespace twill;

namespace {

void waitShape(MainWindow &w, int bits, int rows, int layers)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded() && w.array().layout().geometry().bits == bits
                                 && w.array().layout().geometry().rows == rows
                                 && w.array().layout().geometry().layers == layers,
                             60000);
}

// Replaces a spin box's text by typing, one key at a time with the events in between
// handled, as a user does (the value passes through every prefix of the text).
void typeInto(QSpinBox *box, const QString &text)
{
    box->setFocus();
    box->selectAll();
    for (const QChar c : text) {
        QTest::keyClicks(box, QString(c));
        QTest::qWait(30);
    }
}

// The size the scroll area gives the view: its port, no smaller than the view's minimum, as
// tall as the view needs at that width (QScrollArea with a resizable widget).
QSize givenSize(const BitMapView *view)
{
    const QSize port = view->parentWidget()->size().expandedTo(view->minimumSizeHint());
    return {port.width(), std::max(port.height(), view->heightForWidth(port.width()))};
}

// Until the scroll area has given the view its room for the mode shown (the cells fit it).
void settle(const BitMapView *view)
{
    QTRY_COMPARE(view->size(), givenSize(view));
}

// Every cell of every drawn layer found again from its centre.
void checkCellsFound(const MainWindow &w)
{
    const Geometry &g = w.array().layout().geometry();
    const BitMapView *view = w.view();
    const int shown = view->showsAllLayers() ? g.layers : 1;
    for (int l = 0; l < shown; ++l)
        for (int i = 0; i < g.rows; ++i)
            for (int j = 0; j < g.cols; ++j) {
                const int layer = view->showsAllLayers() ? l : view->layer();
                QCOMPARE(view->cellAt(view->cellCenter(layer, i, j)), g.cellIndex(layer, i, j));
            }
}

} // namespace

class TestSubarrayShape : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void typingLayersWhileHovered_data();
    void typingLayersWhileHovered();
    void shapeChangesWhileHighlighted_data();
    void shapeChangesWhileHighlighted();
    void aLargeStackGetsAnOverview_data();
    void aLargeStackGetsAnOverview();
};

void TestSubarrayShape::typingLayersWhileHovered_data()
{
    QTest::addColumn<bool>("select"); // middle click keeps the cell too
    QTest::newRow("hovered") << false;
    QTest::newRow("hovered and selected") << true;
}

void TestSubarrayShape::typingLayersWhileHovered()
{
    QFETCH(bool, select);
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *bits = w.findChild<QSpinBox *>("bits");
    auto *size = w.findChild<QSpinBox *>("size");
    auto *layers = w.findChild<QSpinBox *>("layers");
    bits->setValue(8);
    size->setValue(8);
    layers->setValue(8);
    waitShape(w, 8, 8, 8);
    auto *all = w.findChild<QCheckBox *>("allLayers");
    QVERIFY(all->isVisible());
    QTest::mouseClick(all, Qt::LeftButton, {}, QPoint(8, all->height() / 2));
    BitMapView *view = w.view();
    QVERIFY(view->showsAllLayers());
    settle(view);
    const Geometry g8 = w.array().layout().geometry();
    const QPoint onCell = view->cellCenter(0, 5, 6); // layer 0, the last layer in the next stack is 15
    if (select) QTest::mouseClick(view, Qt::MiddleButton, {}, view->cellCenter(0, 7, 7));
    QTest::mouseMove(view, onCell);
    QTRY_COMPARE(view->highlightedCell(), g8.cellIndex(0, 5, 6));

    typeInto(layers, "16");
    QCOMPARE(layers->value(), 16);
    // The mouse stays where it was while the window catches up, and moves on.
    QTest::mouseMove(view, onCell + QPoint(1, 1));
    waitShape(w, 8, 8, 16);
    QVERIFY(view->showsAllLayers());
    settle(view);
    QVERIFY(view->isVisible());
    const Geometry &g16 = w.array().layout().geometry();
    QCOMPARE(view->cellAt(view->cellCenter(15, 7, 7)), g16.cellIndex(15, 7, 7));
    checkCellsFound(w);
    // Hovering the new stack highlights its cells, pillar words of 8 bits through 16 layers
    // (scrolled to first: the grids run down the dock).
    const QPoint on = view->cellCenter(9, 2, 3);
    auto *scroll = w.findChild<QScrollArea *>("subarrayScroll");
    scroll->ensureVisible(on.x(), on.y(), scroll->viewport()->width() / 2, scroll->viewport()->height() / 2); // clear of the overview
    QTest::mouseMove(view, on);
    QTRY_COMPARE(view->highlightedCell(), g16.cellIndex(9, 2, 3));
    QCOMPARE(int(view->highlightedPillarCells().size()), 8);
    QVERIFY(!view->grab().isNull()); // paints the new shape
}

void TestSubarrayShape::shapeChangesWhileHighlighted_data()
{
    // Starting from 8 bits, 8 rows, 8 layers with all layers shown; then 'field' is typed over.
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("layers");
    QTest::newRow("layers 8 -> 4 (pillar words of 8 bits do not fit)") << "layers" << "4" << 8 << 8 << 8;
    QTest::newRow("layers 8 -> 1 (a 2D array)") << "layers" << "1" << 8 << 8 << 1;
    QTest::newRow("layers 8 -> 24 (2 invalid on the way)") << "layers" << "24" << 8 << 8 << 24;
    QTest::newRow("rows 8 -> 16 (1 invalid on the way)") << "size" << "16" << 8 << 16 << 8;
    QTest::newRow("rows 8 -> 4 (invalid for 8 bits)") << "size" << "4" << 8 << 8 << 8;
    QTest::newRow("bits 8 -> 4") << "bits" << "4" << 4 << 8 << 8;
}

void TestSubarrayShape::shapeChangesWhileHighlighted()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(int, bits);
    QFETCH(int, rows);
    QFETCH(int, layers);
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.findChild<QSpinBox *>("bits")->setValue(8);
    w.findChild<QSpinBox *>("size")->setValue(8);
    w.findChild<QSpinBox *>("layers")->setValue(8);
    waitShape(w, 8, 8, 8);
    w.findChild<QCheckBox *>("allLayers")->setChecked(true);
    BitMapView *view = w.view();
    QVERIFY(view->showsAllLayers());
    settle(view);
    // A cell of the last layer selected, one of layer 0 hovered: both beyond a smaller shape.
    const Geometry g8 = w.array().layout().geometry();
    QTest::mouseClick(view, Qt::MiddleButton, {}, view->cellCenter(7, 7, 7));
    QCOMPARE(view->selectedCell(), g8.cellIndex(7, 7, 7));
    const QPoint onCell = view->cellCenter(0, 7, 6);
    QTest::mouseMove(view, onCell);
    QTRY_COMPARE(view->highlightedCell(), g8.cellIndex(0, 7, 6));

    typeInto(w.findChild<QSpinBox *>(field), text);
    QTest::mouseMove(view, onCell + QPoint(0, 1));
    waitShape(w, bits, rows, layers);
    settle(view);
    QVERIFY(view->isVisible());
    QCOMPARE(view->showsAllLayers(), layers > 1);
    const Geometry &g = w.array().layout().geometry();
    // The selection never names a cell of another shape: it went with the shape.
    if (g.cellCount() != g8.cellCount() || g.bits != g8.bits) QCOMPARE(view->selectedCell(), -1);
    // A shape that does not fit keeps the array shown, and says why.
    if (g.cellCount() == g8.cellCount() && g.bits == g8.bits)
        QVERIFY(!w.findChild<QLabel *>("problem")->text().isEmpty());
    checkCellsFound(w);
    QVERIFY(!view->grab().isNull());
}

void TestSubarrayShape::aLargeStackGetsAnOverview_data()
{
    QTest::addColumn<QSize>("window");
    QTest::newRow("1280x720") << QSize(1260, 680);
    QTest::newRow("1920x1080") << QSize(1900, 1040);
}

void TestSubarrayShape::aLargeStackGetsAnOverview()
{
    // A 16-cube with all 16 layers side by side does not fit the Subarray dock: the overview
    // comes up in its corner; back to one layer, which fits, it goes.
    QFETCH(QSize, window);
    MainWindow w;
    w.resize(window);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.findChild<QSpinBox *>("layers")->setValue(16);
    waitShape(w, 16, 16, 16);
    auto *all = w.findChild<QCheckBox *>("allLayers");
    QTest::mouseClick(all, Qt::LeftButton, {}, QPoint(8, all->height() / 2));
    BitMapView *view = w.view();
    settle(view);
    BitMapOverview *overview = w.findChild<SubarrayPanel *>()->overview();
    QTRY_VERIFY(overview->isVisible());
    // Only the height scrolls: as many grids to a row as the dock's width holds.
    QCOMPARE(overview->viewportFrame().width(), overview->pictureRect().width());
    QVERIFY(overview->viewportFrame().height() < overview->pictureRect().height());
    QVERIFY(view->width() <= w.findChild<QScrollArea *>("subarrayScroll")->viewport()->width());
    if (const QString dir = qEnvironmentVariable("TWILL_SHOT_DIR"); !dir.isEmpty())
        w.grab().save(QString("%1/overview-window-%2x%3.png").arg(dir).arg(window.width()).arg(window.height()));
    QTest::mouseClick(all, Qt::LeftButton, {}, QPoint(8, all->height() / 2));
    QVERIFY(!view->showsAllLayers());
    settle(view);
    // One layer fits at 1920x1080; at 1280x720 its column words' list may still scroll.
    QTRY_COMPARE(overview->isVisible(), overview->needed());
    if (window.width() > 1800) QVERIFY(!overview->isVisible());
}

QTEST_MAIN(TestSubarrayShape)
#include "tst_subarrayshape.moc"
