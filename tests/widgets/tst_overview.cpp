// The bit map's overview: shown while the bit map does not fit its scroll area (zoomed in, or
// too large at the smallest cells), hidden when it fits or when the user turns it off; the
// whole map in small with the part in view framed; a click moves the view there.
#include "BitMapOverview.h"
#include "BitMapSupport.h"
#include "BitMapView.h"
#include "SubarrayPanel.h"


#include <QCheckBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QtTest>

using namespace twill;

namespace {

EditableArray makeArray(int size, int bits, int layers)
{
    return test::greedyArray(size, bits, layers, 3);
}

void settle()
{
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
        QTest::qWait(10);
    }
}

// The panel shown at 'size' with 'array', laid out; false when the window never showed.
bool showPanel(SubarrayPanel &panel, const EditableArray &array, QSize size, bool allLayers = false)
{
    panel.resize(size);
    panel.setArray(&array);
    if (allLayers) panel.findChild<QCheckBox *>("allLayers")->setChecked(true);
    panel.show();
    if (!QTest::qWaitForWindowExposed(&panel)) return false;
    settle();
    return true;
}

} // namespace

class TestOverview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void zoomedInShowsTheFrameAndClicksMoveIt();
    void tooLargeToFitShowsTheWholeMap();
    void aLongWordListScrollsBelowALargeGrid();
};

void TestOverview::zoomedInShowsTheFrameAndClicksMoveIt()
{
    const EditableArray a = makeArray(16, 16, 1);
    SubarrayPanel panel;
    QVERIFY(showPanel(panel, a, QSize(900, 800)));
    BitMapView *view = panel.view();
    BitMapOverview *overview = panel.overview();
    auto *scroll = panel.findChild<QScrollArea *>("subarrayScroll");
    QVERIFY(view->fitted());
    QVERIFY(!overview->needed());
    QVERIFY(!overview->isVisible()); // everything in view: nothing to show

    view->setCellSize(64);
    settle();
    QVERIFY(overview->needed());
    QTRY_VERIFY(overview->isVisible());
    // Inside the port's corner, the picture's longer side kMaxSide, the frame the port's share.
    const QRect port = scroll->viewport()->geometry();
    QVERIFY(port.contains(overview->geometry()));
    const QRect picture = overview->pictureRect();
    QCOMPARE(std::max(picture.width(), picture.height()), BitMapOverview::kMaxSide);
    const double s = double(BitMapOverview::kMaxSide) / std::max(view->width(), view->height());
    QCOMPARE(std::lround(picture.width() / s), long(view->width()));
    const QRect frame = overview->viewportFrame();
    QVERIFY2(std::abs(frame.width() - port.width() * s) <= 1.5, qPrintable(QString::number(frame.width())));
    QVERIFY2(std::abs(frame.height() - port.height() * s) <= 1.5, qPrintable(QString::number(frame.height())));
    QCOMPARE(frame.topLeft(), picture.topLeft()); // scrolled to the start

    // A click at the picture's lower right corner scrolls to the end; the frame follows.
    QScrollBar *h = scroll->horizontalScrollBar(), *v = scroll->verticalScrollBar();
    QTest::mouseClick(overview, Qt::LeftButton, {}, picture.bottomRight());
    QCOMPARE(h->value(), h->maximum());
    QCOMPARE(v->value(), v->maximum());
    QVERIFY(std::abs(overview->viewportFrame().right() - picture.right()) <= 1);
    QVERIFY(std::abs(overview->viewportFrame().bottom() - picture.bottom()) <= 1);
    // A click at a cell's place in the picture centres the port on that cell.
    const QPoint cell = view->cellCenter(8, 8);
    QTest::mouseClick(overview, Qt::LeftButton, {}, picture.topLeft() + QPoint(std::lround(cell.x() * s), std::lround(cell.y() * s)));
    const QPoint centre = view->mapTo(scroll->viewport(), cell);
    QVERIFY2((centre - scroll->viewport()->rect().center()).manhattanLength() <= 2 + 2 / s,
             qPrintable(QString("%1,%2").arg(centre.x()).arg(centre.y())));

    // Turned off, it stays hidden; on again, it comes back; fitted, nothing to show.
    overview->setEnabledByUser(false);
    QVERIFY(!overview->isVisible());
    overview->setEnabledByUser(true);
    QVERIFY(overview->isVisible());
    view->fitToView();
    settle();
    QTRY_VERIFY(!overview->isVisible());
}

void TestOverview::tooLargeToFitShowsTheWholeMap()
{
    // All 16 layers of a 16-cube side by side in a small dock: scrolling even at the smallest
    // cells, so the overview is up at once, and its picture is the map (the significance colours).
    const EditableArray a = makeArray(16, 16, 16);
    SubarrayPanel panel;
    QVERIFY(showPanel(panel, a, QSize(560, 420), true));
    BitMapOverview *overview = panel.overview();
    QVERIFY(panel.view()->showsAllLayers());
    QTRY_VERIFY(overview->isVisible());
    const QImage img = overview->grab().toImage().copy(overview->pictureRect());
    int strong = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor c = img.pixelColor(x, y);
            strong += std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()}) > 120;
        }
    if (const QString dir = qEnvironmentVariable("TWILL_SHOT_DIR"); !dir.isEmpty()) panel.grab().save(dir + "/overview-stack.png");
    QVERIFY2(strong > img.width() * img.height() / 20, qPrintable(QString::number(strong))); // coloured cells, not a blank
}

void TestOverview::aLongWordListScrollsBelowALargeGrid()
{
    // 8-bit words in a 16x16 array: 32 column words, a list too long for the dock at any cell
    // size. The grid, its bars and the row words fill the port's height (larger cells than the
    // smallest), the list runs below it and scrolls, and no overview covers it (all cells in view).
    const EditableArray a = makeArray(16, 8, 1);
    SubarrayPanel panel;
    QVERIFY(showPanel(panel, a, QSize(480, 560)));
    BitMapView *view = panel.view();
    auto *scroll = panel.findChild<QScrollArea *>("subarrayScroll");
    const QSize port = scroll->viewport()->size();
    QVERIFY2(view->height() > port.height(), "the list scrolls");
    QVERIFY(view->width() <= port.width()); // down, not across
    QVERIFY2(view->cellSize() > 8, qPrintable(QString::number(view->cellSize())));
    // The grid in view, its last row and column inside the port.
    const QRect grid = view->arrayRect();
    QVERIFY(QRect(QPoint(0, 0), port).contains(grid));
    QVERIFY(!panel.overview()->isVisible());
    // Scrolled down to the list's end, the grid leaves the port: then the overview shows where.
    scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
    settle();
    QCOMPARE(panel.overview()->isVisible(), !QRect(-view->pos(), port).contains(grid));
}

QTEST_MAIN(TestOverview)
#include "tst_overview.moc"
