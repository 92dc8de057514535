// Stuck cells in the window: the Parameters' fault rate, share at 1, seed and aware/unaware give
// the array the cells twill-cli encode --faults gives its first array, and the same bits; a
// stuck cell keeps its value through Encode and refuses a flip or a pin (the status bar says
// why); the bit map marks it with a corner in the colour of its value and names it in the
// hover text and legend; projects keep the settings.
#include "BitMapView.h"
#include "MainWindow.h"
#include "ParametersPanel.h"
#include "io/FaultFile.h"
#include "io/Npy.h"
#include "TestSupport.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace twill;

namespace {

void waitEncoded(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
}

// The Parameters as a user sets them: 8-bit 16x16 msb-lsb, l2 with the local search (quick
// and seeded), and the given faults; waits for the encoding they ask for.
void useFaults(MainWindow &w, double ratePercent, int seed, bool unaware, double sa1Percent = 50)
{
    waitEncoded(w);
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QSpinBox *>("bits")->setValue(8);
    w.findChild<QComboBox *>("objective")->setCurrentText("l2");
    w.findChild<QComboBox *>("solver")->setCurrentText("local");
    w.findChild<QDoubleSpinBox *>("sa1Share")->setValue(sa1Percent);
    w.findChild<QSpinBox *>("faultSeed")->setValue(seed);
    w.findChild<QComboBox *>("faultMode")->setCurrentText(unaware ? "unaware" : "aware");
    w.findChild<QDoubleSpinBox *>("faultRate")->setValue(ratePercent);
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy() && w.array().layout().bits() == 8
                                 && w.array().stuckCount() > 0,
                             30000);
}

int firstStuck(const EditableArray &a, int value)
{
    for (int c = 0; c < a.layout().cellCount(); ++c)
        if (a.stuck()[size_t(c)] == value) return c;
    return -1;
}

int firstHealthy(const EditableArray &a)
{
    for (int c = 0; c < a.layout().cellCount(); ++c)
        if (!a.isStuck(c)) return c;
    return -1;
}

} // namespace

class TestFaultsWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void sameCellsAndBitsAsTheCli_data();
    void sameCellsAndBitsAsTheCli();
    void stuckCellsKeepTheirValue();
    void editsOfStuckCellsAreRefused();
    void glyphLegendAndHoverText();
    void projectKeepsTheFaults();
};

void TestFaultsWindow::sameCellsAndBitsAsTheCli_data()
{
    QTest::addColumn<bool>("unaware");
    QTest::newRow("aware") << false;
    QTest::newRow("unaware") << true;
}

void TestFaultsWindow::sameCellsAndBitsAsTheCli()
{
    QFETCH(bool, unaware);
    MainWindow w;
    useFaults(w, 10, 7, unaware, 30);
    const EditableArray &a = w.array();
    const Geometry &g = a.layout().geometry();
    // The cells: array 0 of the seeded map, about 10 % of 256, 30 % of them at 1.
    FaultSpec spec;
    spec.rate = 0.1;
    spec.sa1Share = 0.3;
    spec.seed = 7;
    QVERIFY(a.stuck() == faultMapFor(spec, g).cells(0, 1));
    QVERIFY2(a.stuckCount() > 10 && a.stuckCount() < 45, qPrintable(QString::number(a.stuckCount())));
    QCOMPARE(a.faultUnaware(), unaware);
    // The same targets through the command line with the same faults: the same bits.
    QTemporaryDir dir;
    QFile codes(dir.filePath("codes.csv"));
    QVERIFY(codes.open(QIODevice::WriteOnly));
    for (size_t i = 0; i < a.targets().size(); ++i)
        codes.write(QByteArray::number(qlonglong(a.targets()[i])) + (i + 1 == a.targets().size() ? "\n" : ","));
    codes.close();
    QStringList args{"encode", "--input", codes.fileName(), "--bits", "8", "--rows", "16", "--cols", "16", "--objective",
                     "l2", "--solver", "local", "--seed", "1", "--faults", "10%:0.3", "--fault-seed", "7", "--npz",
                     dir.filePath("e.npz"), "--quiet"};
    if (unaware) args << "--fault-unaware";
    QProcess cli;
    cli.start(TWILL_CLI_PATH, args);
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    int compared = 0;
    for (const auto &[name, m] : readNpz(dir.filePath("e.npz").toStdString())) {
        if (name == "stuck") QVERIFY(std::vector<int8_t>(m.data.begin(), m.data.end()) == a.stuck());
        if (name == "bits") QVERIFY(std::vector<uint8_t>(m.data.begin(), m.data.end()) == a.bits());
        compared += name == "stuck" || name == "bits";
    }
    QCOMPARE(compared, 2);
}

void TestFaultsWindow::stuckCellsKeepTheirValue()
{
    MainWindow w;
    useFaults(w, 8, 3, false);
    for (int round = 0; round < 2; ++round) { // as encoded, and after Encode again
        const EditableArray &a = w.array();
        for (int c = 0; c < a.layout().cellCount(); ++c)
            if (a.isStuck(c)) QCOMPARE(int(a.bits()[size_t(c)]), int(a.stuck()[size_t(c)]));
        QSignalSpy spy(&w, &MainWindow::encoded);
        w.findChild<QPushButton *>("encodeButton")->click();
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    }
    // Unaware: the healthy encoding of the same targets, with the stuck cells written over it.
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QComboBox *>("faultMode")->setCurrentText("unaware");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy() && w.array().faultUnaware(), 30000);
    EditableArray healthy(w.array().layout(), w.array().format(), w.array().targets());
    healthy.encode(w.parameters()->parameters().encoder);
    std::vector<uint8_t> expected = healthy.bits();
    for (size_t c = 0; c < expected.size(); ++c)
        if (w.array().stuck()[c] >= 0) expected[c] = uint8_t(w.array().stuck()[c]);
    QVERIFY(w.array().bits() == expected);
    // Back to rate 0 ("none"): no cell is stuck any more.
    w.findChild<QDoubleSpinBox *>("faultRate")->setValue(0);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().stuckCount() == 0, 30000);
}

void TestFaultsWindow::editsOfStuckCellsAreRefused()
{
    MainWindow w;
    w.show();
    useFaults(w, 10, 5, false);
    BitMapView *view = w.view();
    const EditableArray &a = w.array();
    const Geometry &g = a.layout().geometry();
    const int cell = firstStuck(a, 1) >= 0 ? firstStuck(a, 1) : firstStuck(a, 0);
    QVERIFY(cell >= 0);
    const int i = (cell / g.cols) % g.rows, j = cell % g.cols;
    const std::vector<uint8_t> bits = a.bits();
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(i, j));
    QVERIFY(w.array().bits() == bits);
    QCOMPARE(w.undoStack()->count(), 0);
    const QString why = w.statusBar()->currentMessage();
    QVERIFY2(why.contains(QString("stuck at %1").arg(int(a.stuck()[size_t(cell)]))) && why.contains("cannot be flipped"),
             qPrintable(why));
    QTest::mouseClick(view, Qt::RightButton, {}, view->cellCenter(i, j));
    QCOMPARE(int(w.array().pins()[size_t(cell)]), -1);
    QCOMPARE(w.undoStack()->count(), 0);
    QVERIFY(w.statusBar()->currentMessage().contains("stuck at"));
    // The core refuses too, whoever asks.
    EditableArray copy = w.array();
    QVERIFY(!copy.editRefusal(cell).empty());
    bool thrown = false;
    try {
        copy.flip(cell);
    } catch (const std::exception &) {
        thrown = true;
    }
    QVERIFY(thrown);
    // A healthy cell still flips.
    const int healthy = firstHealthy(a);
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter((healthy / g.cols) % g.rows, healthy % g.cols));
    QCOMPARE(int(w.array().bits()[size_t(healthy)]), 1 - int(bits[size_t(healthy)]));
    QCOMPARE(w.undoStack()->count(), 1);
}

void TestFaultsWindow::glyphLegendAndHoverText()
{
    MainWindow w;
    w.resize(1920, 1080); // room for 16 cells of 28 px
    w.show();
    useFaults(w, 12, 9, false);
    BitMapView *view = w.view();
    const EditableArray &a = w.array();
    const Geometry &g = a.layout().geometry();
    QVERIFY(view->legendTexts().join("|").contains("stuck at 0 / at 1"));
    view->setCellSize(28); // the corner needs a few pixels
    QTRY_COMPARE(view->cellSize(), 28);
    const QImage shot = view->grab().toImage();
    const qreal dpr = shot.devicePixelRatio();
    // A point in the cell's top-left corner, inside the mark (and clear of the grid lines).
    auto corner = [&](int cell) {
        const QPoint c = view->cellCenter((cell / g.cols) % g.rows, cell % g.cols);
        const int half = view->cellSize() / 2;
        const QPoint at(int((c.x() - half + 3) * dpr), int((c.y() - half + 3) * dpr));
        if (!shot.rect().contains(at)) qFatal("cell %d is outside the %dx%d view", cell, shot.width(), shot.height());
        return shot.pixelColor(int((c.x() - half + 3) * dpr), int((c.y() - half + 3) * dpr));
    };
    const int at0 = firstStuck(a, 0), at1 = firstStuck(a, 1);
    QVERIFY(at0 >= 0 && at1 >= 0);
    if (qEnvironmentVariableIsSet("TWILL_SHOT_DIR")) shot.save(qEnvironmentVariable("TWILL_SHOT_DIR") + "/stuck-cells.png");
    const QColor dark = corner(at0), light = corner(at1);
    QVERIFY2(dark.lightness() < 40, qPrintable(dark.name()));
    QVERIFY2(light.lightness() > 215, qPrintable(light.name()));
    // Healthy cells show their significance colour there, neither black nor white.
    int checked = 0;
    for (int c = 0; c < g.rows * g.cols && checked < 20; ++c)
        if (!a.isStuck(c) && a.pins()[size_t(c)] < 0) {
            const QColor h = corner(c);
            QVERIFY2(h.lightness() >= 40 && h.lightness() <= 215,
                     qPrintable(QString("cell %1: %2 at %3,%4 of %5x%6").arg(c).arg(h.name()).arg(view->cellCenter((c / g.cols) % g.rows, c % g.cols).x()).arg(view->cellCenter((c / g.cols) % g.rows, c % g.cols).y()).arg(shot.width()).arg(shot.height())));
            ++checked;
        }
    QVERIFY(view->describeCell(at1).contains("stuck at 1"));
    QVERIFY(view->describeCell(at0).contains("stuck at 0"));
    QVERIFY(view->describeCell(at0).contains("cannot be flipped or pinned"));
    QVERIFY(!view->describeCell(firstHealthy(a)).contains("stuck"));
    if (qEnvironmentVariableIsSet("TWILL_SHOT_DIR")) shot.save(qEnvironmentVariable("TWILL_SHOT_DIR") + "/stuck-cells.png");
}

void TestFaultsWindow::projectKeepsTheFaults()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("f.twill.json");
    std::vector<uint8_t> bits;
    std::vector<int8_t> stuck;
    {
        MainWindow w;
        useFaults(w, 6.5, 21, true, 20);
        bits = w.array().bits();
        stuck = w.array().stuck();
        QCOMPARE(w.saveProject(path), QString());
    }
    MainWindow w2;
    waitEncoded(w2);
    QCOMPARE(w2.openProject(path), QString());
    QTRY_VERIFY(!w2.busy());
    QCOMPARE(w2.findChild<QDoubleSpinBox *>("faultRate")->value(), 6.5);
    QCOMPARE(w2.findChild<QDoubleSpinBox *>("sa1Share")->value(), 20.0);
    QCOMPARE(w2.findChild<QSpinBox *>("faultSeed")->value(), 21);
    QCOMPARE(w2.findChild<QComboBox *>("faultMode")->currentText(), QString("unaware"));
    QVERIFY(w2.array().stuck() == stuck);
    QVERIFY(w2.array().bits() == bits);
    QVERIFY(w2.array().faultUnaware());
    QVERIFY(!w2.hasUnsavedChanges());
    // A project whose cells contradict its faults is refused, with the reason.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray json = f.readAll();
    f.close();
    int c = 0;
    while (stuck[size_t(c)] < 0) ++c;
    const QByteArray cellBits = "\"cell_bits\": \"";
    const qsizetype at = json.indexOf(cellBits) + cellBits.size() + c;
    json[at] = json[at] == '1' ? '0' : '1';
    const QString bad = dir.filePath("bad.twill.json");
    QFile b(bad);
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write(json);
    b.close();
    const QString why = w2.openProject(bad);
    QVERIFY2(why.contains("stuck at") && why.contains("unchanged"), qPrintable(why));
}

QTEST_MAIN(TestFaultsWindow)
#include "tst_faultswindow.moc"
