// The main window under the offscreen platform: it starts encoded, re-encodes when a
// parameter changes, flips and pins through the undo stack, explains bad parameters, and
// renders screenshots without a display.
#include "BitMapView.h"
#include "BitlinesPanel.h"
#include "CellEditCommand.h"
#include "ErrorChartsPanel.h"
#include "LectureView.h"
#include "MainWindow.h"
#include "NetworkRunDock.h"
#include "io/Npy.h"
#include "io/ProjectFile.h"
#include "Version.h"
#include "TestSupport.h"

#include <QAction>
#include <QBarCategoryAxis>
#include <QChartView>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QValueAxis>
#include <QSvgRenderer>
#include <QtTest>

#include <cstring>
#include <numeric>

using namespace twill;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void startsOnEncodedDefault();
    void parameterChangeReencodes();
    void clickFlipsAndUndoRestores();
    void rightClickPinsAndEncodingKeepsIt();
    void pinsAcrossAPatternChange();
    void barsKeepOneScale();
    void encodeIsUndoable();
    void encodeAfterAParameterChangeStartsAfresh();
    void invalidShapeIsExplained();
    void invalidShapeGreysTheArray_data();
    void invalidShapeGreysTheArray();
    void chartsFollowTheArray();
    void projectRoundTrip();
    void brokenProjectKeepsState_data();
    void brokenProjectKeepsState();
    void failedSaveSaysWhy();
    void lectureStepsTheGreedyEncoder();
    void exportsParseBack();
    void stack3D();
    void networkRunStreamsSteps();
    void networkRunCancels();
    void themeAndDocksComeBack();
    void screenshotRendersWithoutDisplay();
    void unsavedChangesAreAskedAbout();
    void opensTheFileGivenAndSaysItsVersions();
};

namespace {

void waitEncoded(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
}

// Answers the next message box that opens with 'button' and counts the boxes seen (the
// window's questions are modal: they open inside close() or open()).
class Answer : public QObject {
public:
    explicit Answer(QMessageBox::StandardButton button) : button_(button)
    {
        timer_.setInterval(10);
        QObject::connect(&timer_, &QTimer::timeout, [this]() {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box) return;
            ++asked;
            text = box->text();
            // TWILL_SHOT_DIR=DIR keeps a picture of every box answered (to look at them).
            if (const QString dir = qEnvironmentVariable("TWILL_SHOT_DIR"); !dir.isEmpty())
                box->grab().save(QString("%1/%2-%3.png").arg(dir, box->windowTitle().replace(' ', '-')).arg(asked));
            box->button(button_)->click();
        });
        timer_.start();
    }
    int asked = 0;
    QString text;

private:
    QMessageBox::StandardButton button_;
    QTimer timer_;
};

} // namespace

void TestMainWindow::startsOnEncodedDefault()
{
    MainWindow w;
    waitEncoded(w);
    const Layout &l = w.array().layout();
    QCOMPARE(QString::fromStdString(l.patternName()), QString("msb-lsb"));
    QCOMPARE(l.geometry().rows, 16);
    QCOMPARE(l.bits(), 16);
    // Minimax on a 16-bit 16x16 array stays near 0.19 % of full scale.
    QVERIFY2(w.array().maxAbsError() / w.array().fullScale() < 0.003, qPrintable(QString::number(w.array().maxAbsError())));
    QVERIFY(w.findChild<QLabel *>("summary")->text().contains("max |e|"));
}

void TestMainWindow::parameterChangeReencodes()
{
    MainWindow w;
    waitEncoded(w);
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QSpinBox *>("size")->setValue(8); // 8 rows of 16-bit words do not fit...
    QVERIFY(!w.findChild<QLabel *>("problem")->text().isEmpty());
    w.findChild<QSpinBox *>("bits")->setValue(8);  // ...8-bit ones do
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QCOMPARE(w.array().layout().bits(), 8);
    QCOMPARE(w.array().layout().geometry().rows, 8);
    QVERIFY(w.findChild<QLabel *>("problem")->text().isEmpty());
    // The naive pattern: same targets, far worse error.
    const std::vector<int64_t> targets = w.array().targets();
    const double good = w.array().maxAbsError();
    spy.clear();
    w.findChild<QComboBox *>("pattern")->setCurrentText("transpose");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QCOMPARE(QString::fromStdString(w.array().layout().patternName()), QString("transpose"));
    QVERIFY(w.array().targets() == targets);
    QVERIFY(w.array().maxAbsError() > good);
}

void TestMainWindow::clickFlipsAndUndoRestores()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    BitMapView *view = w.view();
    const Layout &l = w.array().layout();
    const int cell = l.geometry().cellIndex(0, 3, 5);
    QCOMPARE(view->cellAt(view->cellCenter(3, 5)), cell);
    const std::vector<int64_t> before = w.array().decoded();
    const std::vector<uint8_t> bitsBefore = w.array().bits();
    const std::vector<int64_t> predicted = w.array().errorsIfFlipped(cell);
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(3, 5));
    QCOMPARE(int(w.array().bits()[cell]), 1 - int(bitsBefore[cell]));
    const int rowWord = l.wordOf(0, cell), colWord = l.wordOf(1, cell);
    QVERIFY(w.array().decoded()[rowWord] != before[rowWord]);
    // What the hover text predicted is what the flip did.
    QCOMPARE(w.array().error(rowWord), predicted[0]);
    QCOMPARE(w.array().error(colWord), predicted[1]);
    QVERIFY(view->describeCell(cell).contains("flipping makes it"));
    // The undo entry names the cell as the hover text does.
    QCOMPARE(w.undoStack()->undoText(), QString("flip row 3, column 5"));
    QVERIFY(view->describeCell(cell).contains("row 3, column 5"));
    w.undoStack()->undo();
    QVERIFY(w.array().bits() == bitsBefore);
    QVERIFY(w.array().decoded() == before);
    w.undoStack()->redo();
    QCOMPARE(int(w.array().bits()[cell]), 1 - int(bitsBefore[cell]));
}

void TestMainWindow::rightClickPinsAndEncodingKeepsIt()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    BitMapView *view = w.view();
    const int cell = w.array().layout().geometry().cellIndex(0, 7, 8);
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(7, 8)); // flip it first
    const int forced = w.array().bits()[cell];
    QTest::mouseClick(view, Qt::RightButton, {}, view->cellCenter(7, 8)); // then pin it there
    QCOMPARE(int(w.array().pins()[cell]), forced);
    QCOMPARE(w.undoStack()->undoText(), QString("pin row 7, column 8 at %1").arg(forced));
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QPushButton *>("encodeButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QCOMPARE(int(w.array().bits()[cell]), forced); // encoded around the pin
    QCOMPARE(int(w.array().pins()[cell]), forced);
    QTest::mouseClick(view, Qt::RightButton, {}, view->cellCenter(7, 8));
    QCOMPARE(int(w.array().pins()[cell]), -1);
    QCOMPARE(w.undoStack()->undoText(), QString("unpin row 7, column 8"));
    w.undoStack()->undo();
    QCOMPARE(int(w.array().pins()[cell]), forced);
}

void TestMainWindow::encodeIsUndoable()
{
    // A flip and a pin by hand, then Encode: one undo step gives back the bits and pins as they
    // were, the next undoes the pin; redo shows the encoding again at once, without a search.
    MainWindow w;
    w.show();
    waitEncoded(w);
    const std::vector<uint8_t> original = w.array().bits();
    const std::vector<int8_t> noPins = w.array().pins();
    const Geometry &g = w.array().layout().geometry();
    const int flipped = g.cellIndex(0, 3, 5), pinned = g.cellIndex(0, 9, 2);
    w.view()->flipRequested(flipped);
    w.view()->pinRequested(pinned);
    const std::vector<uint8_t> edited = w.array().bits();
    const std::vector<int8_t> editedPins = w.array().pins();
    QVERIFY(edited != original);
    QCOMPARE(int(editedPins[size_t(pinned)]), int(original[size_t(pinned)]));
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QPushButton *>("encodeButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QCOMPARE(w.undoStack()->count(), 3);
    QCOMPARE(w.undoStack()->undoText(), QString("encode (auto solver)"));
    QVERIFY2(w.statusBar()->currentMessage().startsWith("encoded"), qPrintable(w.statusBar()->currentMessage()));
    // TWILL_SHOT_DIR=DIR keeps pictures of the Edit menu and the window now (to look at them).
    if (const QString dir = qEnvironmentVariable("TWILL_SHOT_DIR"); !dir.isEmpty()) {
        for (QMenu *m : w.menuBar()->findChildren<QMenu *>()) {
            if (m->title() != "&Edit") continue;
            m->popup(w.mapToGlobal(QPoint(40, 20)));
            QTest::qWait(100);
            m->grab().save(dir + "/edit-menu-after-encode.png");
            m->hide();
        }
        w.grab().save(dir + "/window-after-encode.png");
    }
    const std::vector<uint8_t> encoded = w.array().bits();
    QVERIFY(w.array().pins() == editedPins); // the encoder keeps the pin
    QCOMPARE(int(encoded[size_t(pinned)]), int(original[size_t(pinned)]));
    QVERIFY(encoded != edited); // the flip is encoded away
    w.undoStack()->undo();
    QVERIFY(w.array().bits() == edited);
    QVERIFY(w.array().pins() == editedPins);
    QCOMPARE(w.undoStack()->undoText(), QString("pin row 9, column 2 at %1").arg(int(original[size_t(pinned)])));
    w.undoStack()->undo();
    QVERIFY(w.array().pins() == noPins);
    w.undoStack()->undo();
    QVERIFY(w.array().bits() == original);
    QVERIFY(!w.undoStack()->canUndo());
    for (int i = 0; i < 3; ++i) w.undoStack()->redo();
    QVERIFY(!w.busy()); // shown at once: no search ran
    QCOMPARE(spy.count(), 1);
    QVERIFY(w.array().bits() == encoded);
    QVERIFY(w.array().pins() == editedPins);
    QCOMPARE(w.undoStack()->undoText(), QString("encode (auto solver)"));
    // The summary follows the shown bits.
    w.undoStack()->undo();
    QVERIFY(w.findChild<QLabel *>("summary")->text().contains(QString("max |e| %1 LSB").arg(w.array().maxAbsError())));
}

void TestMainWindow::encodeAfterAParameterChangeStartsAfresh()
{
    // A new pattern re-encodes on its own: the flips made on the old pattern's array are not
    // undoable on the new one.
    MainWindow w;
    waitEncoded(w);
    w.view()->flipRequested(7);
    QCOMPARE(w.undoStack()->count(), 1);
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QComboBox *>("solver")->setCurrentText("local");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QCOMPARE(w.undoStack()->count(), 0);
    // Encode pressed on an unchanged array: one step, for the solver it used.
    w.findChild<QPushButton *>("encodeButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 2 && !w.busy(), 30000);
    QCOMPARE(w.undoStack()->count(), 1);
    QCOMPARE(w.undoStack()->undoText(), QString("encode (local solver)"));
}

void TestMainWindow::pinsAcrossAPatternChange()
{
    // A pattern change keeps or clears the pins as Array > Keep pins says, and the log says
    // which; Array > Clear pins is one undoable step.
    MainWindow w;
    w.show();
    waitEncoded(w);
    BitMapView *view = w.view();
    const int cell = w.array().layout().geometry().cellIndex(0, 7, 8);
    QTest::mouseClick(view, Qt::RightButton, {}, view->cellCenter(7, 8));
    QVERIFY(w.array().pins()[cell] >= 0);
    auto *keep = w.findChild<QAction *>("keepPins");
    QVERIFY(keep);
    keep->setChecked(true);
    auto *log = w.findChild<QPlainTextEdit *>("log");
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QComboBox *>("pattern")->setCurrentText("transpose");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy() && w.array().layout().patternName() == "transpose", 30000);
    QVERIFY(w.array().pins()[cell] >= 0);
    QVERIFY2(log->toPlainText().contains("kept 1 pin(s) on the new pattern"), qPrintable(log->toPlainText()));
    w.clearPins();
    QCOMPARE(w.array().pinCount(), 0);
    QCOMPARE(w.undoStack()->undoText(), QString("clear 1 pin(s)"));
    w.undoStack()->undo();
    QVERIFY(w.array().pins()[cell] >= 0);
    keep->setChecked(false);
    spy.clear();
    w.findChild<QComboBox *>("pattern")->setCurrentText("msb-lsb");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy() && w.array().layout().patternName() == "msb-lsb", 30000);
    QCOMPARE(w.array().pinCount(), 0);
    QVERIFY2(log->toPlainText().contains("cleared 1 pin(s): the pattern changed"), qPrintable(log->toPlainText()));
    keep->setChecked(true); // the setting back as it was
}

void TestMainWindow::barsKeepOneScale()
{
    // The error bars' full length is the encoding's largest |error|, and a hand edit that makes
    // a word worse does not rescale them; the next Encode does.
    MainWindow w;
    w.show();
    waitEncoded(w);
    auto largest = [&w]() {
        int64_t m = 0;
        for (size_t i = 0; i < w.array().targets().size(); ++i)
            m = std::max<int64_t>(m, std::llabs(w.array().decoded()[i] - w.array().targets()[i]));
        return std::max(1.0, double(m));
    };
    const double scale = largest();
    QCOMPARE(w.view()->barScale(), scale);
    int worse = -1;
    for (int c = 0; c < w.array().layout().cellCount() && worse < 0; ++c) {
        const std::vector<int64_t> after = w.array().errorsIfFlipped(c);
        for (int64_t e : after)
            if (double(std::llabs(e)) > scale) worse = c;
    }
    QVERIFY(worse >= 0);
    w.undoStack()->push(CellEditCommand::flip(&w, worse));
    QVERIFY(largest() > scale);
    QCOMPARE(w.view()->barScale(), scale);
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QPushButton *>("encodeButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QCOMPARE(w.view()->barScale(), largest());
}

void TestMainWindow::invalidShapeIsExplained()
{
    MainWindow w;
    waitEncoded(w);
    w.findChild<QSpinBox *>("bits")->setValue(5); // 16 columns are not a multiple of 5
    const QString problem = w.findChild<QLabel *>("problem")->text();
    QVERIFY2(problem.contains("multiple of 5"), qPrintable(problem));
    QVERIFY(!w.findChild<QPushButton *>("encodeButton")->isEnabled());
    QCOMPARE(w.array().layout().bits(), 16); // the shown array is still the last good one
}

void TestMainWindow::invalidShapeGreysTheArray_data()
{
    QTest::addColumn<QStringList>("start"); // objectName=value, a valid shape
    QTest::addColumn<QString>("invalid");
    QTest::addColumn<QString>("fixed");
    QTest::newRow("bits 5 with 16 columns") << QStringList{} << "bits=5" << "bits=8";
    QTest::newRow("rows 12 at 8 bits") << QStringList{"bits=8"} << "size=12" << "size=16";
    QTest::newRow("3 layers at 4 bits") << QStringList{"bits=4", "size=4", "layers=4"} << "layers=3" << "layers=8";
}

void TestMainWindow::invalidShapeGreysTheArray()
{
    QFETCH(QStringList, start);
    QFETCH(QString, invalid);
    QFETCH(QString, fixed);
    auto set = [](MainWindow &w, const QString &field) {
        w.findChild<QSpinBox *>(field.section('=', 0, 0))->setValue(field.section('=', 1).toInt());
    };
    // TWILL_SHOT_DIR=DIR keeps pictures of the window, in its default layout (as twill
    // --screenshot draws it) at the size of the screen (e.g. xvfb-run with QT_QPA_PLATFORM=xcb).
    const QString shots = qEnvironmentVariable("TWILL_SHOT_DIR");
    if (!shots.isEmpty()) qApp->setProperty("twill.screenshot", true);
    MainWindow w;
    w.resize(shots.isEmpty() ? QSize(1260, 680) : w.screen()->availableGeometry().size()); // 1260x680: a 1280x720 projector
    w.show();
    qApp->setProperty("twill.screenshot", QVariant());
    for (const QString &f : start) set(w, f);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
    BitMapView *view = w.view();
    QVERIFY(!view->stale());
    const Geometry shown = w.array().layout().geometry();
    // A cell of the grid, as painted while the shape is valid.
    const QImage live = view->grab().toImage();
    set(w, invalid);
    const QString problem = w.findChild<QLabel *>("problem")->text();
    QVERIFY(!problem.isEmpty());
    QVERIFY(view->stale());
    QCOMPARE(view->staleReason(), problem);
    QVERIFY(view->staleText().contains(problem));
    QVERIFY(view->staleText().startsWith("Showing the last valid array"));
    QCOMPARE(w.charts()->staleNote(), view->staleText());
    QCOMPARE(w.bitlines()->staleNote(), view->staleText());
    QVERIFY(w.findChild<QLabel *>("summary")->text().startsWith("last valid array: "));
    QCOMPARE(w.array().layout().geometry().layers, shown.layers); // the array kept is the last valid one
    QCOMPARE(w.array().layout().bits(), shown.bits);
    // The reason is written on the grid, inside the part of the Subarray dock in view.
    auto *port = w.findChild<QScrollArea *>("subarrayScroll")->viewport();
    const QRect note = view->staleNoteRect();
    const QRect noteInPort(view->mapTo(port, note.topLeft()), note.size());
    QVERIFY2(port->rect().contains(noteInPort), qPrintable(QString("note %1,%2 %3x%4 in a port of %5x%6")
                                                               .arg(noteInPort.x()).arg(noteInPort.y())
                                                               .arg(note.width()).arg(note.height())
                                                               .arg(port->width()).arg(port->height())));
    const QRect grid(view->cellCenter(0, 0), view->cellCenter(shown.rows - 1, shown.cols - 1));
    QVERIFY(note.intersects(grid));
    // Greyed: what the note leaves uncovered has lost most of its colour.
    const QImage stale = view->grab().toImage();
    if (!shots.isEmpty()) {
        w.charts()->refreshNow();
        QTest::qWait(100); // the status bar's layout and the charts' scenes
        w.grab().save(shots + "/window-stale-" + invalid + ".png");
        w.findChild<QDockWidget *>("bitlinesDock")->raise();
        QTest::qWait(100);
        w.grab().save(shots + "/bitlines-stale-" + invalid + ".png");
        w.findChild<QDockWidget *>("chartsDock")->raise();
    }
    auto saturation = [&note](const QImage &image) {
        double sum = 0;
        int64_t n = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                if (!note.contains(x, y)) {
                    sum += image.pixelColor(x, y).hsvSaturationF();
                    ++n;
                }
        return n ? sum / double(n) : 0.0;
    };
    const double before = saturation(live), after = saturation(stale);
    QVERIFY2(before > 0.002 && after < before / 3, qPrintable(QString("saturation %1 -> %2").arg(before).arg(after)));
    // No edits on the array kept for reference.
    const std::vector<uint8_t> bits = w.array().bits();
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(0, 0));
    QVERIFY(w.array().bits() == bits);
    // A valid shape again: live, and the new array.
    QSignalSpy spy(&w, &MainWindow::encoded);
    set(w, fixed);
    QVERIFY(!view->stale());
    QVERIFY(view->staleNoteRect().isEmpty());
    QCOMPARE(w.charts()->staleNote(), QString());
    QCOMPARE(w.bitlines()->staleNote(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    if (!shots.isEmpty()) w.grab().save(shots + "/window-fixed-" + fixed + ".png");
    QVERIFY(!w.findChild<QLabel *>("summary")->text().startsWith("last valid array"));
    QCOMPARE(w.findChild<QLabel *>("problem")->text(), QString());
}

void TestMainWindow::chartsFollowTheArray()
{
    MainWindow w;
    waitEncoded(w);
    ErrorChartsPanel *charts = w.charts();
    charts->refreshNow();
    const auto &h = charts->histogramCounts();
    QCOMPARE(int(std::accumulate(h.begin(), h.end(), 0.0)), w.array().layout().wordCount());
    QCOMPARE(int(charts->mismatchBySignificance().size()), 16);
    for (double f : charts->mismatchBySignificance()) QVERIFY(f >= 0 && f <= 1);
    const double msbLsbTop = charts->mismatchBySignificance()[15];
    // Significances are numbered on a value axis with whole ticks (thinned as the width needs,
    // never elided), over the 16 categories that exports read.
    QValueAxis *numbers = nullptr;
    QBarCategoryAxis *categories = nullptr;
    for (QAbstractAxis *a : charts->significanceChart()->axes(Qt::Horizontal)) {
        if (auto *v = qobject_cast<QValueAxis *>(a)) numbers = v;
        if (auto *c = qobject_cast<QBarCategoryAxis *>(a)) categories = c;
    }
    QVERIFY(numbers && categories);
    QVERIFY(numbers->labelsVisible() && !categories->labelsVisible());
    QCOMPARE(numbers->min(), -0.5);
    QCOMPARE(numbers->max(), 15.5);
    QVERIFY(numbers->tickInterval() >= 1 && numbers->tickInterval() == std::floor(numbers->tickInterval()));
    QCOMPARE(numbers->tickAnchor(), 0.0);
    QCOMPARE(categories->count(), 16);
    QCOMPARE(numbers->titleText(), QString("bit significance (0 = LSB)"));
    // The naive pattern makes the top bits disagree far more often.
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QComboBox *>("pattern")->setCurrentText("transpose");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    charts->refreshNow();
    QVERIFY(charts->mismatchBySignificance()[15] > msbLsbTop);
    // After a flip the charts count the new errors.
    w.applyFlip(0);
    charts->refreshNow();
    QCOMPARE(int(std::accumulate(charts->histogramCounts().begin(), charts->histogramCounts().end(), 0.0)),
             w.array().layout().wordCount());
    // The last bin is centred at or past the largest error, the one before it short of it.
    const double width = charts->histogramEdges()[1] - charts->histogramEdges()[0];
    const double lastCentre = charts->histogramEdges().back() - width / 2, m = std::max(1.0, w.array().maxAbsError());
    QVERIFY(lastCentre >= m);
    QVERIFY(lastCentre - width < m);
}

void TestMainWindow::projectRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.twill.json");
    std::vector<uint8_t> bits;
    std::vector<int8_t> pins;
    std::vector<int64_t> targets;
    {
        MainWindow w;
        waitEncoded(w);
        QSignalSpy spy(&w, &MainWindow::encoded);
        w.findChild<QSpinBox *>("bits")->setValue(8);
        w.findChild<QComboBox *>("objective")->setCurrentText("l2");
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy() && w.array().layout().bits() == 8, 30000);
        w.applyPin(5, 1);
        w.applyFlip(9); // a hand edit survives too
        bits = w.array().bits();
        pins = w.array().pins();
        targets = w.array().targets();
        QCOMPARE(w.saveProject(path), QString());
        QCOMPARE(w.projectPath(), path);
    }
    MainWindow w2;
    waitEncoded(w2);
    QCOMPARE(w2.openProject(path), QString());
    QTRY_VERIFY(!w2.busy());
    QCOMPARE(w2.array().layout().bits(), 8);
    QCOMPARE(w2.findChild<QComboBox *>("objective")->currentText(), QString("l2"));
    QVERIFY(w2.array().bits() == bits);
    QVERIFY(w2.array().pins() == pins);
    QVERIFY(w2.array().targets() == targets);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray json = f.readAll();
    QVERIFY(json.contains("\"twill_version\"") && json.contains("\"libtorch_version\": \"1."));
}

void TestMainWindow::brokenProjectKeepsState_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax") << QByteArray("{\"format\": \"twill-project\",") << "not valid JSON";
    QTest::newRow("not a project") << QByteArray("{\"rows\": 4}") << "not a Twill project";
    QTest::newRow("shape") << QByteArray("{\"format\": \"twill-project\", \"version\": 1, \"array\": {\"bits\": 8, "
                                         "\"size\": 12, \"seed\": \"1\"}}")
                           << "cols: is 12, which 8-bit row words do not fill; make it a multiple of 8";
    QTest::newRow("bits") << QByteArray("{\"format\": \"twill-project\", \"version\": 1, \"array\": {\"bits\": 4, "
                                        "\"size\": 4, \"seed\": \"1\", \"cell_bits\": \"0101\"}}")
                          << "cell_bits: has 4 cells; the array has 16";
    QTest::newRow("format") << QByteArray("{\"format\": \"twill-project\", \"version\": 1, \"array\": {\"bits\": 4, "
                                          "\"size\": 4, \"seed\": \"1\", \"number_format\": \"float\"}}")
                            << "float";
}

void TestMainWindow::brokenProjectKeepsState()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    MainWindow w;
    w.show();
    waitEncoded(w);
    QTest::mouseClick(w.view(), Qt::LeftButton, {}, w.view()->cellCenter(0, 3)); // an edit, on the undo stack
    const std::vector<uint8_t> bits = w.array().bits();
    const QString problem = w.openProject(path);
    QVERIFY2(problem.contains(message), qPrintable(problem));
    QVERIFY(problem.contains("unchanged"));
    QVERIFY(w.array().bits() == bits);
    QCOMPARE(w.array().layout().bits(), 16);
    QCOMPARE(w.undoStack()->count(), 1); // the edit history is still there
}

void TestMainWindow::failedSaveSaysWhy()
{
    QTemporaryDir dir;
    const QString good = dir.filePath("good.twill.json");
    MainWindow w;
    waitEncoded(w);
    QCOMPARE(w.saveProject(good), QString());
    QFile before(good);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray saved = before.readAll();
    before.close();
    // A path below a regular file cannot be written.
    const QString bad = good + "/inside.json";
    const QString problem = w.saveProject(bad);
    QVERIFY2(problem.contains(bad) && problem.contains("cannot write"), qPrintable(problem));
    QCOMPARE(w.projectPath(), good);
    QFile after(good);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), saved);
}

void TestMainWindow::lectureStepsTheGreedyEncoder()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    w.findChild<QComboBox *>("solver")->setCurrentText("greedy");
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
    const std::vector<uint8_t> greedyBits = w.array().bits();
    w.setLectureMode(true);
    QVERIFY(w.lectureMode());
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(w.lectureView()));
    QVERIFY(!w.findChild<QDockWidget *>("parametersDock")->isVisible());
    QCOMPARE(w.array().lectureSteps(), 256);
    QCOMPARE(w.array().lectureStep(), 0);
    // Space steps one cell, MSB levels first: the first cell decided holds a significance W-1.
    QTest::keyClick(w.lectureView(), Qt::Key_Space);
    QCOMPARE(w.array().lectureStep(), 1);
    const int first = w.array().lastDecidedCell();
    const Layout &l = w.array().layout();
    QCOMPARE(std::max(l.significance(0, first), l.significance(1, first)), 15);
    // The distances still to go are lower bounds that only rise as cells are decided; at the
    // end they are the greedy errors.
    std::vector<int64_t> before;
    for (int wd = 0; wd < l.wordCount(); ++wd) before.push_back(w.array().reachDistance(wd));
    for (int k = 1; k < 256; ++k) {
        w.lectureStep();
        for (int wd = 0; wd < l.wordCount(); ++wd) {
            const int64_t now = w.array().reachDistance(wd);
            QVERIFY(now >= before[size_t(wd)]);
            before[size_t(wd)] = now;
        }
    }
    QVERIFY(w.array().bits() == greedyBits);
    for (int wd = 0; wd < l.wordCount(); ++wd) QCOMPARE(w.array().reachDistance(wd), std::llabs(w.array().error(wd)));
    // N: a new example, the lecture starts over.
    QTest::keyClick(w.lectureView(), Qt::Key_N);
    QCOMPARE(w.array().lectureStep(), 0);
    QCOMPARE(w.findChild<QSpinBox *>("seed")->value(), 2);
    QTest::keyClick(w.lectureView(), Qt::Key_Escape);
    QVERIFY(!w.lectureMode());
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded() && !w.array().lectureActive(), 30000);
}

void TestMainWindow::exportsParseBack()
{
    QTemporaryDir dir;
    MainWindow w;
    w.show();
    waitEncoded(w);
    QCOMPARE(w.exportBitMap(dir.filePath("map.png")), QString());
    const QImage png(dir.filePath("map.png"));
    QCOMPARE(png.size(), w.view()->size());
    QCOMPARE(w.exportBitMap(dir.filePath("map.svg")), QString());
    QSvgRenderer svg(dir.filePath("map.svg"));
    QVERIFY(svg.isValid());
    QCOMPARE(svg.viewBox().size(), w.view()->size());
    QCOMPARE(w.exportCharts(dir.filePath("charts.svg")), QString());
    QVERIFY(QSvgRenderer(dir.filePath("charts.svg")).isValid());
    QCOMPARE(w.exportCharts(dir.filePath("charts.png")), QString());
    QVERIFY(!QImage(dir.filePath("charts.png")).isNull());
    QCOMPARE(w.exportCharts(dir.filePath("charts.csv")), QString());
    QFile csv(dir.filePath("charts.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("chart,x_low,x_high,value"));
    int words = 0, significances = 0;
    for (const QByteArray &l : lines.mid(1)) {
        const QList<QByteArray> f = l.split(',');
        QCOMPARE(f.size(), 4);
        if (f[0] == "error_histogram") words += f[3].toInt();
        else if (f[0] == "bit_mismatch") ++significances;
    }
    QCOMPARE(words, w.array().layout().wordCount());
    QCOMPARE(significances, 16);
    // Bad names and unwritable places say why and leave nothing behind.
    QVERIFY(w.exportBitMap(dir.filePath("map.bmpx")).contains("use a .png or .svg"));
    const QString blocked = dir.filePath("map.png") + "/x.png";
    QVERIFY(w.exportBitMap(blocked).contains("cannot write"));
    QVERIFY(!QFile::exists(blocked));
}

void TestMainWindow::stack3D()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QSpinBox *>("layers")->setValue(3); // 3 layers cannot hold 16-bit pillar words
    QVERIFY(w.findChild<QLabel *>("problem")->text().contains("multiple of 16"));
    w.findChild<QSpinBox *>("bits")->setValue(4);
    w.findChild<QSpinBox *>("size")->setValue(8);
    w.findChild<QSpinBox *>("layers")->setValue(4);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded() && w.array().layout().geometry().layers == 4, 30000);
    // The Pattern box names the stack's pattern as the run and the log do: the Latin cube.
    auto *pattern = w.findChild<QComboBox *>("pattern");
    QCOMPARE(pattern->currentText(), QString("latin (msb-lsb in 3D)"));
    QCOMPARE(w.array().layout().patternName(), std::string("latin"));
    QCOMPARE(w.parameters()->parameters().array.pattern, Pattern::MsbLsb);
    const Layout &l = w.array().layout();
    QCOMPARE(l.directionCount(), 3);
    QCOMPARE(QString::fromStdString(l.patternName()), QString("latin"));
    auto *layer = w.findChild<QSpinBox *>("layerShown");
    QVERIFY(layer->isVisible());
    QCOMPARE(layer->maximum(), 3);
    layer->setValue(2);
    QCOMPARE(w.view()->layer(), 2);
    // A click on layer 2 flips a cell of layer 2, which belongs to a pillar word too.
    const int cell = w.view()->cellAt(w.view()->cellCenter(1, 6));
    QCOMPARE(cell, l.geometry().cellIndex(2, 1, 6));
    const std::vector<uint8_t> before = w.array().bits();
    QTest::mouseClick(w.view(), Qt::LeftButton, {}, w.view()->cellCenter(1, 6));
    QCOMPARE(int(w.array().bits()[cell]), 1 - int(before[cell]));
    QVERIFY(w.view()->describeCell(cell).contains("pillar word"));
    // Projects keep the layers.
    QTemporaryDir dir;
    QCOMPARE(w.saveProject(dir.filePath("cube.json")), QString());
    MainWindow w2;
    waitEncoded(w2);
    QCOMPARE(w2.openProject(dir.filePath("cube.json")), QString());
    QCOMPARE(w2.array().layout().geometry().layers, 4);
    QVERIFY(w2.array().bits() == w.array().bits());
}

void TestMainWindow::networkRunStreamsSteps()
{
    MainWindow w;
    waitEncoded(w);
    NetworkRunDock *dock = w.runDock();
    w.findChild<QSpinBox *>("bits")->setValue(8);
    dock->findChild<QComboBox *>("runModel")->setCurrentText("mlp");
    dock->findChild<QComboBox *>("runData")->setCurrentIndex(1); // synthetic
    dock->findChild<QSpinBox *>("runEpochs")->setValue(1);
    QSignalSpy ended(dock, &NetworkRunDock::runEnded);
    dock->findChild<QPushButton *>("runStart")->click();
    QVERIFY(dock->running());
    QVERIFY(!dock->findChild<QPushButton *>("runStart")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, test::kRunWaitMs);
    QCOMPARE(ended.first().first().toString(), QString("finished"));
    QStringList labels;
    for (const RunStep &s : dock->steps()) labels << s.label;
    QCOMPARE(labels, (QStringList{"baseline", "post", "inq 0.5", "inq 0.75", "inq 0.875", "inq 1"}));
    for (const RunStep &s : dock->steps()) QVERIFY(s.accuracy >= 0 && s.accuracy <= 1);
    QVERIFY(dock->status().contains("final"));
    auto *chart = dock->findChild<QChartView *>("runChart")->chart();
    auto *acc = qobject_cast<QLineSeries *>(chart->series().at(0));
    QCOMPARE(acc->count(), 6);
    if (qEnvironmentVariableIsSet("TWILL_TEST_SCREENSHOTS")) // for looking at the dock by eye
        dock->grab().save(qEnvironmentVariable("TWILL_TEST_SCREENSHOTS") + "/network-run.png");
}

void TestMainWindow::networkRunCancels()
{
    MainWindow w;
    waitEncoded(w);
    NetworkRunDock *dock = w.runDock();
    dock->findChild<QComboBox *>("runModel")->setCurrentText("mlp");
    dock->findChild<QComboBox *>("runData")->setCurrentIndex(1);
    dock->findChild<QSpinBox *>("runEpochs")->setValue(200); // far longer than the test waits
    QSignalSpy ended(dock, &NetworkRunDock::runEnded);
    dock->findChild<QPushButton *>("runStart")->click();
    QTRY_VERIFY_WITH_TIMEOUT(dock->status().contains("baseline epoch"), 30000);
    QElapsedTimer t;
    t.start();
    dock->findChild<QPushButton *>("runCancel")->click();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
    QCOMPARE(ended.first().first().toString(), QString("cancelled"));
    QVERIFY(!dock->running());
    QVERIFY(dock->findChild<QPushButton *>("runStart")->isEnabled());
    qInfo("stopped %lld ms after Cancel", qint64(t.elapsed()));
}

void TestMainWindow::themeAndDocksComeBack()
{
    QSettings().clear();
    {
        MainWindow w;
        w.show();
        waitEncoded(w);
        w.findChild<QDockWidget *>("chartsDock")->hide();
        w.setDarkTheme(true);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        w.close();
    }
    MainWindow again;
    again.show();
    waitEncoded(again);
    QVERIFY(again.darkTheme());
    QVERIFY(!again.findChild<QDockWidget *>("chartsDock")->isVisible());
    QVERIFY(again.findChild<QDockWidget *>("subarrayDock")->isVisible());
    again.setDarkTheme(false);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
    again.findChild<QDockWidget *>("chartsDock")->show();
    again.close();
    QSettings().clear();
}

void TestMainWindow::screenshotRendersWithoutDisplay()
{
    QTemporaryDir dir;
    for (const QString view : {"window", "subarray", "charts", "lecture"}) {
        const QString file = dir.filePath(view + ".png");
        QProcess p;
        p.start(TWILL_GUI_PATH, {"--screenshot", file, "--view", view});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QImage img(file);
        QVERIFY(!img.isNull());
        QVERIFY2(img.width() > 300 && img.height() > 300, qPrintable(view));
        if (view == "charts" || view == "lecture") continue; // looked at by eye; the grid test is below
        // The grid is there: the msb-lsb sweep holds strongly blue and strongly red pixels.
        bool blue = false, red = false;
        for (int y = 0; y < img.height(); y += 3)
            for (int x = 0; x < img.width(); x += 3) {
                const QColor c = img.pixelColor(x, y);
                blue |= c.blue() > 200 && c.red() < 80;
                red |= c.red() > 200 && c.blue() < 80 && c.green() < 80;
            }
        QVERIFY(blue && red);
    }
    QProcess bad;
    bad.start(TWILL_GUI_PATH, {"--screenshot", dir.filePath("x.png"), "--view", "nonsense"});
    QVERIFY(bad.waitForFinished(60000));
    QCOMPARE(bad.exitCode(), 2);
}

void TestMainWindow::unsavedChangesAreAskedAbout()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("u.twill.json");
    MainWindow w;
    w.show();
    waitEncoded(w);
    QVERIFY(!w.hasUnsavedChanges()); // the built-in default is nothing to lose
    QVERIFY(!w.isWindowModified());
    // A hand edit is a change; undoing it is not.
    BitMapView *view = w.view();
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(2, 4));
    QVERIFY(w.hasUnsavedChanges());
    QVERIFY(w.isWindowModified());
    w.undoStack()->undo();
    QVERIFY(!w.hasUnsavedChanges());
    // So is a parameter, once encoded.
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QComboBox *>("objective")->setCurrentText("l2");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QVERIFY(w.hasUnsavedChanges());
    QVERIFY(w.isWindowModified());
    {
        // Cancel: the window stays, nothing is written.
        Answer cancel(QMessageBox::Cancel);
        QVERIFY(!w.close());
        QCOMPARE(cancel.asked, 1);
        QVERIFY(cancel.text.contains("Save them"));
        QVERIFY(w.isVisible());
    }
    QCOMPARE(w.saveProject(path), QString());
    QVERIFY(!w.hasUnsavedChanges());
    QVERIFY(!w.isWindowModified());
    // Another change, then Save from the question: written to the project's file, then closed.
    spy.clear();
    w.findChild<QComboBox *>("objective")->setCurrentText("max");
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 30000);
    QVERIFY(w.hasUnsavedChanges());
    {
        Answer save(QMessageBox::Save);
        QVERIFY(w.close());
        QCOMPARE(save.asked, 1);
    }
    QCOMPARE(loadProject(path.toStdString()).encoder.objective, Objective::Max);
    // A window opened on that project and closed unchanged asks nothing.
    MainWindow again;
    again.show();
    waitEncoded(again);
    QCOMPARE(again.openProject(path), QString());
    QTRY_VERIFY(!again.busy());
    QVERIFY(!again.hasUnsavedChanges());
    Answer none(QMessageBox::Cancel);
    QVERIFY(again.close());
    QCOMPARE(none.asked, 0);
}

void TestMainWindow::opensTheFileGivenAndSaysItsVersions()
{
    // twill FILE opens FILE: its targets come out of --export-array unchanged.
    QTemporaryDir dir;
    Project p;
    p.array = ArraySpec::square(Pattern::MsbLsb, 8);
    p.encoder.format = NumberFormat::Unsigned;
    for (int i = 0; i < 16; ++i) p.targets.push_back((i * 37 + 11) % 256);
    const QString project = dir.filePath("given.twill.json");
    saveProject(p, project.toStdString());
    const QString out = dir.filePath("given.npz");
    QProcess run;
    run.start(TWILL_GUI_PATH, {project, "--export-array", out});
    QVERIFY(run.waitForFinished(60000));
    QCOMPARE(run.exitCode(), 0);
    bool found = false;
    for (const auto &[name, a] : readNpz(out.toStdString())) {
        if (name != "targets") continue;
        found = true;
        QCOMPARE(a.dtype, std::string("<i8"));
        QCOMPARE(a.size(), int64_t(16));
        std::vector<int64_t> got(16);
        std::memcpy(got.data(), a.data.data(), 16 * sizeof(int64_t));
        QVERIFY(got == p.targets);
    }
    QVERIFY(found);
    // A missing file is named, exit 2; two projects are refused.
    QProcess missing;
    missing.start(TWILL_GUI_PATH, {dir.filePath("nowhere.twill.json"), "--export-array", dir.filePath("x.json")});
    QVERIFY(missing.waitForFinished(60000));
    QCOMPARE(missing.exitCode(), 2);
    QVERIFY(QString(missing.readAllStandardError()).contains("nowhere.twill.json"));
    QProcess two;
    two.start(TWILL_GUI_PATH, {project, "--project", project, "--export-array", dir.filePath("y.json")});
    QVERIFY(two.waitForFinished(60000));
    QCOMPARE(two.exitCode(), 2);
    QVERIFY(!QFile::exists(dir.filePath("y.json")));
    // --version and Help > About name Twill's, Qt's and LibTorch's versions.
    QProcess version;
    version.start(TWILL_GUI_PATH, {"--version"});
    QVERIFY(version.waitForFinished(60000));
    const QString v = version.readAllStandardOutput();
    QVERIFY2(v.contains(TWILL_VERSION_STRING) && v.contains(QString("Qt ") + qVersion())
                 && v.contains(QString("LibTorch ") + TWILL_LIBTORCH_VERSION),
             qPrintable(v));
    MainWindow w;
    w.show();
    QAction *about = w.findChild<QAction *>("aboutAction");
    QVERIFY(about != nullptr);
    Answer ok(QMessageBox::Ok);
    about->trigger();
    QCOMPARE(ok.asked, 1);
    QVERIFY(ok.text.contains(TWILL_VERSION_STRING));
    QVERIFY(ok.text.contains(TWILL_LIBTORCH_VERSION));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
