// The window on a 1280x720 screen: it opens no larger than that, and the Subarray dock shows
// every column of the default 16x16 array, the row words' header and the last row whole,
// without scrolling; a larger window gives the bit map larger cells.
#include "BitMapView.h"
#include "MainWindow.h"

#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QtTest>

using namespace twill;

namespace {

void waitEncoded(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
}

// 'r' in the view's coordinates lies inside the scroll area's viewport (what the user sees).
bool visible(const BitMapView *view, const QRect &r)
{
    const QWidget *viewport = view->parentWidget();
    return viewport->rect().contains(QRect(view->mapTo(viewport, r.topLeft()), r.size()));
}

} // namespace

class TestSubarrayFit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void defaultSizeFits1280x720();
    void everyColumnShowsAt1280x720();
    void largerWindowLargerCells();
};

void TestSubarrayFit::defaultSizeFits1280x720()
{
    MainWindow w;
    const QSize screen = w.screen()->availableGeometry().size();
    qInfo("screen %dx%d, window %dx%d", screen.width(), screen.height(), w.width(), w.height());
    QVERIFY2(w.width() <= 1280 && w.height() <= 720, qPrintable(QString("%1x%2").arg(w.width()).arg(w.height())));
    // On a screen that has the room, it takes most of a 1280x720 one (not a small default).
    if (screen.width() >= 1280 && screen.height() >= 720) QVERIFY(w.width() >= 1200 && w.height() >= 640);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.frameGeometry().width() <= 1280 && w.frameGeometry().height() <= 720);
}

void TestSubarrayFit::everyColumnShowsAt1280x720()
{
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    waitEncoded(w);
    QTest::qWait(50); // the docks and the scroll area lay out
    const BitMapView *view = w.view();
    QVERIFY(view->fitted());
    const Geometry &g = w.array().layout().geometry();
    QCOMPARE(g.cols, 16);
    const int cs = view->cellSize(), h = cs / 2;
    for (int j = 0; j < g.cols; ++j)
        for (int i : {0, g.rows - 1}) {
            const QRect cell(view->cellCenter(i, j) - QPoint(h, h), QSize(cs, cs));
            QVERIFY2(visible(view, cell), qPrintable(QString("cell (%1, %2) at x %3, %4 px cells; viewport %5 px wide")
                                                         .arg(i).arg(j).arg(cell.x()).arg(cs)
                                                         .arg(view->parentWidget()->width())));
        }
    QVERIFY(visible(view, view->rowHeaderRect()));
    const int text = QFontMetrics(view->font()).horizontalAdvance(view->rowHeaderText());
    QVERIFY(text <= view->rowHeaderRect().width());
    // Nothing to scroll to.
    auto *scroll = w.findChild<QScrollArea *>("subarrayScroll");
    QVERIFY(!scroll->horizontalScrollBar()->isVisible());
    QVERIFY(!scroll->verticalScrollBar()->isVisible());
}

void TestSubarrayFit::largerWindowLargerCells()
{
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    waitEncoded(w);
    QTest::qWait(50);
    const int at720 = w.view()->cellSize();
    const int dock = w.view()->parentWidget()->width();
    w.resize(1920, 1080);
    QTRY_VERIFY(w.view()->parentWidget()->width() > dock + 200); // the extra width goes to the bit map
    QTRY_VERIFY(w.view()->cellSize() > at720 + 8);
}

QTEST_MAIN(TestSubarrayFit)
#include "tst_subarrayfit.moc"
