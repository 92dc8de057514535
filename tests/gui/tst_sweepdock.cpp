// The Sweep dock: a small sweep streams into the chart and the table with the core's own
// figures, Cancel ends a long one at once, bad input is explained inline and blocks Start,
// CSV export writes the rows or says why not. TWILL_SWEEP_SCREENSHOT=FILE.png also saves a
// picture of the dock after a fuller sweep (W 2..16, 200 arrays).
#include "SweepDock.h"

#include <QChart>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace twill;

namespace {

// The window's part: encoder settings from Parameters (here: a fixed seed and objective).
void fillEncoder(SweepSpec &spec)
{
    spec.options.seed = 11;
    spec.options.objective = Objective::Max;
    spec.options.solver = SolverKind::Auto;
}

void setWidths(SweepDock &dock, const QString &text)
{
    auto *edit = dock.findChild<QLineEdit *>("sweepWidths");
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QCOMPARE(edit->text(), text);
}

QPushButton *button(SweepDock &dock, const char *name)
{
    return dock.findChild<QPushButton *>(name);
}

QLineSeries *seriesNamed(QChart *chart, const QString &name)
{
    for (QAbstractSeries *s : chart->series())
        if (s->name() == name) return qobject_cast<QLineSeries *>(s);
    return nullptr;
}

} // namespace

class TestSweepDock : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void smallSweepStreamsIntoChartAndTable();
    void cancelEndsALongSweep();
    void closingWhileRunningStopsTheWorker();
    void badInputIsExplainedInline();
    void exportWritesRowsOrSaysWhy();
    void screenshot();
};

void TestSweepDock::smallSweepStreamsIntoChartAndTable()
{
    int filled = 0;
    SweepDock dock([&](SweepSpec &s) {
        ++filled;
        fillEncoder(s);
    });
    QCOMPARE(dock.objectName(), QString("sweepDock"));
    QCOMPARE(dock.windowTitle(), QString("Sweep"));
    setWidths(dock, "4, 8");
    dock.findChild<QSpinBox *>("sweepArrays")->setValue(50);
    QSignalSpy ended(&dock, &SweepDock::sweepEnded);
    QSignalSpy runningChanged(&dock, &SweepDock::runningChanged);
    QSignalSpy progress(&dock, &SweepDock::progressChanged);
    QTest::mouseClick(button(dock, "sweepStart"), Qt::LeftButton);
    QVERIFY(dock.running());
    QVERIFY(!button(dock, "sweepStart")->isEnabled());
    QVERIFY(button(dock, "sweepCancel")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
    QCOMPARE(ended.at(0).at(0).toString(), QString("finished"));
    QCOMPARE(filled, 1);
    QVERIFY(!dock.running());
    QCOMPARE(runningChanged.count(), 2);
    QVERIFY(progress.count() >= 1);
    QCOMPARE(progress.last().at(0).toInt(), 1000);

    const auto &points = dock.points();
    QCOMPARE(points.size(), size_t(4));
    // The figures are the core's: the same sweep run directly gives the same numbers.
    SweepSpec spec;
    spec.bits = {4, 8};
    spec.arrays = 50;
    fillEncoder(spec);
    const auto direct = runSweep(spec, nullptr);
    QCOMPARE(direct.size(), points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        QCOMPARE(points[i].pattern, direct[i].pattern);
        QCOMPARE(points[i].bits, direct[i].bits);
        QVERIFY(points[i].summary.meanArrayMaxPctFs == direct[i].summary.meanArrayMaxPctFs);
        QVERIFY(points[i].summary.meanAbsLsb == direct[i].summary.meanAbsLsb);
    }

    QChart *chart = dock.chart();
    QCOMPARE(chart->series().size(), 2);
    for (const QString name : {"msb-lsb", "transpose"}) {
        QLineSeries *s = seriesNamed(chart, name);
        QVERIFY2(s, qPrintable(name));
        QCOMPARE(s->count(), 2);
        int k = 0;
        for (const SweepPoint &p : points) {
            if (QString::fromStdString(patternName(p.pattern)) != name) continue;
            QCOMPARE(s->at(k).x(), double(p.bits));
            QCOMPARE(s->at(k).y(), p.summary.meanArrayMaxPctFs);
            ++k;
        }
    }
    // msb-lsb reads below transpose at both widths.
    QVERIFY(seriesNamed(chart, "msb-lsb")->at(1).y() < seriesNamed(chart, "transpose")->at(1).y());

    auto *table = dock.findChild<QTableWidget *>("sweepTable");
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(0, 0)->text(), QString("msb-lsb"));
    QCOMPARE(table->item(3, 0)->text(), QString("transpose"));
    QCOMPARE(table->item(3, 1)->text(), QString("8"));
    QCOMPARE(table->item(3, 2)->text(), QString("16x16"));
    QCOMPARE(table->item(3, 4)->text(), QString::number(points[3].summary.meanArrayMaxPctFs, 'g', 4));
    QVERIFY(button(dock, "sweepStart")->isEnabled());
    QVERIFY(button(dock, "sweepExport")->isEnabled());
}

void TestSweepDock::cancelEndsALongSweep()
{
    SweepDock dock(fillEncoder);
    setWidths(dock, "16");
    dock.findChild<QSpinBox *>("sweepArrays")->setValue(20000);
    QSignalSpy ended(&dock, &SweepDock::sweepEnded);
    QSignalSpy progress(&dock, &SweepDock::progressChanged);
    dock.start();
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 30000);
    QVERIFY(dock.running());
    QElapsedTimer clock; // printed, not asserted: how fast Cancel works is a figure, not a test
    clock.start();
    QTest::mouseClick(button(dock, "sweepCancel"), Qt::LeftButton);
    // Cancel is checked between arrays (and inside the search); 20000 arrays take far longer.
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
    QCOMPARE(ended.at(0).at(0).toString(), QString("cancelled"));
    qInfo("cancelled after %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY(!dock.running());
    QVERIFY(dock.points().empty()); // the unfinished point is not reported
    QVERIFY(dock.findChild<QLabel *>("sweepStatus")->text().startsWith("cancelled"));
    QVERIFY(button(dock, "sweepStart")->isEnabled());
}

void TestSweepDock::closingWhileRunningStopsTheWorker()
{
    auto dock = std::make_unique<SweepDock>(fillEncoder);
    setWidths(*dock, "16");
    dock->findChild<QSpinBox *>("sweepArrays")->setValue(20000);
    QSignalSpy progress(dock.get(), &SweepDock::progressChanged);
    dock->start();
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 30000);
    QVERIFY(dock->running());
    dock.reset(); // cancels and waits: no worker outlives the dock (a hang or crash fails here)
    QVERIFY(!dock);
}

void TestSweepDock::badInputIsExplainedInline()
{
    SweepDock dock(fillEncoder);
    auto *error = dock.findChild<QLabel *>("sweepWidthsError");
    auto *start = button(dock, "sweepStart");
    QVERIFY(error->isHidden());
    QVERIFY(start->isEnabled());

    setWidths(dock, "4, x, 16");
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains("'x' is not a whole number"), qPrintable(error->text()));
    QVERIFY(!start->isEnabled());
    QSignalSpy runningChanged(&dock, &SweepDock::runningChanged);
    dock.start(); // refused, as the disabled button is
    QVERIFY(!dock.running());
    QCOMPARE(runningChanged.count(), 0);

    setWidths(dock, "4, 40");
    QVERIFY2(error->text().contains("bit width 40 is out of range; use widths from 2 to 32"), qPrintable(error->text()));
    QVERIFY(!start->isEnabled());

    setWidths(dock, "8, 24");
    QVERIFY(error->isHidden());
    QVERIFY(start->isEnabled());
    dock.findChild<QCheckBox *>("sweepCube")->setChecked(true);
    QVERIFY2(error->text().contains("use widths up to 16 for 3D"), qPrintable(error->text()));
    QVERIFY(!start->isEnabled());
    dock.findChild<QCheckBox *>("sweepCube")->setChecked(false);
    QVERIFY(start->isEnabled());

    dock.findChild<QCheckBox *>("sweepMsbLsb")->setChecked(false);
    dock.findChild<QCheckBox *>("sweepTranspose")->setChecked(false);
    QVERIFY2(error->text().contains("choose msb-lsb, transpose or both"), qPrintable(error->text()));
    QVERIFY(!start->isEnabled());
    dock.findChild<QCheckBox *>("sweepTranspose")->setChecked(true);
    QVERIFY(error->isHidden());
    QVERIFY(start->isEnabled());
}

void TestSweepDock::exportWritesRowsOrSaysWhy()
{
    SweepDock dock(fillEncoder);
    QTemporaryDir dir;
    QVERIFY(dock.exportCsv(dir.filePath("early.csv")).contains("run a sweep first"));
    setWidths(dock, "4 6");
    dock.findChild<QSpinBox *>("sweepWordsPerSide")->setValue(1);
    dock.findChild<QSpinBox *>("sweepArrays")->setValue(10);
    QSignalSpy ended(&dock, &SweepDock::sweepEnded);
    dock.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QCOMPARE(dock.points().size(), size_t(4));

    const QString path = dir.filePath("sweep.csv");
    QCOMPARE(dock.exportCsv(path), QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines[0].startsWith("pattern,bits,rows,layers,arrays,"));
    for (int i = 0; i < 4; ++i) {
        const QStringList cols = lines[i + 1].split(',');
        const SweepPoint &p = dock.points()[size_t(i)];
        QCOMPARE(cols[0], QString::fromStdString(patternName(p.pattern)));
        QCOMPARE(cols[1].toInt(), p.bits);
        QCOMPARE(cols[2].toInt(), p.bits); // one word per side
        QCOMPARE(cols[4].toInt(), 10);
        QVERIFY(cols[9].toDouble() == p.summary.meanArrayMaxPctFs);
    }

    const QString missing = dir.filePath("no/such/folder/sweep.csv");
    const QString why = dock.exportCsv(missing);
    QVERIFY2(why.contains("does not exist"), qPrintable(why));
    QVERIFY(!QFile::exists(missing));
}

void TestSweepDock::screenshot()
{
    const QString path = qEnvironmentVariable("TWILL_SWEEP_SCREENSHOT");
    if (path.isEmpty()) QSKIP("set TWILL_SWEEP_SCREENSHOT=FILE.png for a picture of a full sweep");
    SweepDock dock(fillEncoder);
    dock.resize(460, 800);
    dock.show();
    setWidths(dock, "2, 4, 6, 8, 10, 12, 14, 16");
    QSignalSpy ended(&dock, &SweepDock::sweepEnded);
    dock.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 900000);
    QCOMPARE(dock.points().size(), size_t(16));
    QTest::qWait(200);
    QVERIFY(dock.grab().save(path));
}

QTEST_MAIN(TestSweepDock)
#include "tst_sweepdock.moc"
