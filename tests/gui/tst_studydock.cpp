// The Study dock: a study run on the worker with its rows streamed into the chart and table and
// into the CSV (the same rows an independent core run gives), a file of the same study
// continued and one of another study refused untouched, cancel keeping the finished rows, a
// CSV made elsewhere opened into the chart (means, spreads and the Pareto front as the table
// shows them), and a bad CSV refused with what is shown kept.
#include "ChartExport.h"
#include "StudyDock.h"

#include "nn/Study.h"
#include "study/StudyTable.h"

#include "TestSupport.h"

#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QScrollArea>
#include <QLegend>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <cmath>
#include <map>

using namespace twill;

namespace {

NetworkRunSpec tinyRun()
{
    NetworkRunSpec s;
    s.model = "mlp";
    s.data = "synthetic";
    s.trainSubset = 300;
    s.testSubset = 200;
    s.epochs = 1;
    s.mode = RetrainMode::Post;
    s.threads = 1;
    return s;
}

QByteArray bytesOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool waitEnded(QSignalSpy &spy, int ms = test::kRunWaitMs)
{
    return spy.count() > 0 || spy.wait(ms);
}

StudyResult row(const std::string &storage, uint64_t seed, double cells, double encoded, double final, int index)
{
    StudyResult r;
    r.storage = storage;
    r.bits = 8;
    r.cellsPerWeight = cells;
    r.effectiveCapacity = 8 / cells;
    r.seed = seed;
    r.baselineAccuracy = 0.9;
    r.encodedAccuracy = encoded;
    r.finalAccuracy = final;
    r.meanPctFs = 1;
    r.mode = "inq";
    r.row = index;
    r.studyRows = 6;
    r.study = "feedfeedfeed";
    return r;
}

} // namespace

class TestStudyDock : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsStreamsAndContinues()
    {
        QTemporaryDir dir;
        StudyDock dock([] { return tinyRun(); });
        dock.panel()->setStudyParts("overlap:4, plain:2", "1");
        const QString csv = dir.filePath("gui.csv");
        QSignalSpy ended(&dock, &StudyDock::studyEnded);
        QCOMPARE(dock.startInto(csv), QString());
        QVERIFY(dock.running());
        QVERIFY(waitEnded(ended));
        QCOMPARE(ended.first().first().toString(), QString("finished"));
        const std::vector<StudyResult> rows = readStudyCsv(csv.toStdString());
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(dock.panel()->rows().size(), size_t(2));
        QVERIFY(QFile::exists(dir.filePath("gui-baselines")));
        // The same rows from the core, run here with the same spec and the dock's kept baselines.
        const StudySpec spec = dock.spec();
        const StudyOutcome core = runStudy(spec, {0, 1}, dir.filePath("gui-baselines").toStdString());
        QCOMPARE(core.rows.size(), size_t(2));
        for (size_t i = 0; i < 2; ++i) {
            QCOMPARE(rows[i].storage, core.rows[i].storage);
            QCOMPARE(rows[i].finalAccuracy, core.rows[i].finalAccuracy);
            QCOMPARE(rows[i].cellsPerWeight, core.rows[i].cellsPerWeight);
        }
        // The table shows one line per scheme with the CSV's figures.
        auto *table = dock.findChild<QTableWidget *>("studyTable");
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(1, 0)->text(), QString("plain:2"));
        QCOMPARE(table->item(1, 4)->text().section(' ', 0, 0), QString::number(100 * rows[1].finalAccuracy, 'f', 2));
        // Started again on the same file: nothing to run, nothing rewritten.
        const QByteArray before = bytesOf(csv);
        QCOMPARE(dock.startInto(csv), QString());
        QVERIFY(!dock.running());
        QVERIFY2(dock.panel()->status().contains("all 2 rows of this study are in"), qPrintable(dock.panel()->status()));
        // Another seed list is another study: refused, the file untouched.
        dock.panel()->setStudyParts("overlap:4, plain:2", "1, 2");
        QVERIFY(dock.startInto(csv).contains("holds rows of study"));
        QVERIFY(!dock.running());
        QVERIFY2(dock.panel()->status().contains("holds rows of study"), qPrintable(dock.panel()->status()));
        QCOMPARE(bytesOf(csv), before);
    }

    void cancelKeepsTheFinishedRows()
    {
        QTemporaryDir dir;
        NetworkRunSpec run = tinyRun();
        run.mode = RetrainMode::Inq;
        run.epochsPerStep = 3;
        StudyDock dock([run] { return run; });
        dock.panel()->setStudyParts("overlap:4, plain:2, overlap:6", "5");
        const QString csv = dir.filePath("cancel.csv");
        QSignalSpy ended(&dock, &StudyDock::studyEnded);
        QCOMPARE(dock.startInto(csv), QString());
        // Cancel once the first row is in.
        QElapsedTimer t;
        t.start();
        while (dock.panel()->rows().empty() && t.elapsed() < test::kRunWaitMs) QTest::qWait(20);
        QCOMPARE(dock.panel()->rows().size(), size_t(1));
        dock.cancel();
        QVERIFY(waitEnded(ended));
        QCOMPARE(ended.first().first().toString(), QString("cancelled"));
        const std::vector<StudyResult> rows = readStudyCsv(csv.toStdString());
        QVERIFY(rows.size() >= 1 && rows.size() < 3);
        QVERIFY2(dock.panel()->status().contains("Start with the same file continues"), qPrintable(dock.panel()->status()));
    }

    void opensACsvMadeElsewhere()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath("cluster.csv");
        // overlap:8 beats plain:4 at 4 cells; plain:3 is beaten by overlap:6 at 3; cube:8 has the fewest cells.
        writeStudyCsv(csv.toStdString(), {row("overlap:8", 1, 4.0, 0.88, 0.90, 0), row("plain:4", 1, 4.0, 0.87, 0.89, 1),
                                          row("overlap:6", 1, 3.0, 0.85, 0.88, 2), row("plain:3", 1, 3.0, 0.84, 0.86, 3),
                                          row("cube:8", 1, 8.0 / 3, 0.70, 0.80, 4), row("overlap:8", 2, 4.0, 0.86, 0.92, 5)});
        StudyDock dock([] { return tinyRun(); });
        StudyPanel *panel = dock.panel();
        QCOMPARE(panel->openCsv(csv), QString());
        QCOMPARE(panel->findChild<QLineEdit *>("studyStorage")->text(), QString("overlap:8, plain:4, overlap:6, plain:3, cube:8"));
        QCOMPARE(panel->findChild<QLineEdit *>("studySeeds")->text(), QString("1, 2"));
        const std::vector<StudyPoint> &points = panel->points();
        QCOMPARE(points.size(), size_t(5));
        QCOMPARE(points[0].storage, std::string("overlap:8"));
        QVERIFY(std::abs(points[0].mean - 0.91) < 1e-12);
        QVERIFY(std::abs(points[0].min - 0.90) < 1e-12 && std::abs(points[0].max - 0.92) < 1e-12);
        QVERIFY(points[0].pareto && !points[1].pareto && points[2].pareto && !points[3].pareto && points[4].pareto);
        // The chart: one marker per scheme at its mean (percent), and the front through the three best.
        int markers = 0;
        QList<QPointF> front;
        for (QAbstractSeries *s : panel->chart()->series()) {
            if (auto *sc = qobject_cast<QScatterSeries *>(s); sc && sc->count() == 1) {
                ++markers;
                bool found = false;
                for (const StudyPoint &p : points)
                    if (std::abs(sc->at(0).x() - p.cellsPerWeight) < 1e-12 && std::abs(sc->at(0).y() - 100 * p.mean) < 1e-9)
                        found = true;
                QVERIFY(found);
            }
            if (s->name() == "Pareto front") front = static_cast<QLineSeries *>(s)->points();
        }
        QCOMPARE(markers, 5);
        QCOMPARE(front.size(), 3);
        QVERIFY(front[0].x() < front[1].x() && front[1].x() < front[2].x());
        QCOMPARE(front[2].y(), 100 * points[0].mean);
        // The answer under the table: overlap:8 - plain:4 is +0.01 (seed 1 only: plain:4 has no seed 2).
        QVERIFY2(panel->answer().contains("overlap:8 vs plain:4: final +1.00 points (sd 0.00), ahead in 1 of 1"),
                 qPrintable(panel->answer()));
        QVERIFY2(panel->answer().contains("cube:8 vs plain:3: final -6.00 points"), qPrintable(panel->answer()));
        // Right after encoding: the means of the encoded column, and overlap:6 still beats plain:3.
        panel->setAccuracy(StudyAccuracy::Encoded);
        QVERIFY(std::abs(panel->points()[0].mean - 0.87) < 1e-12);
        QVERIFY(panel->points()[2].pareto && !panel->points()[3].pareto);
        // TWILL_SHOT_DIR=DIR keeps pictures of both tabs at the dock's sizes in a 1280x720 and a
        // 1920x1080 window (to look at them).
        if (const QString shots = qEnvironmentVariable("TWILL_SHOT_DIR"); !shots.isEmpty()) {
            auto *tabs = dock.findChild<QTabWidget *>("studyTabs");
            for (const QSize size : {QSize(560, 620), QSize(560, 880), QSize(760, 980)})
                for (int tab = 0; tab < 2; ++tab) {
                    dock.resize(size);
                    dock.show();
                    tabs->setCurrentIndex(tab);
                    QTest::qWait(200);
                    dock.grab().save(QString("%1/study-%2x%3-%4.png").arg(shots).arg(size.width()).arg(size.height()).arg(tab ? "table" : "chart"));
                }
            tabs->setCurrentIndex(0);
        }
        // A bad file is refused with its reason; what is shown stays.
        const QString bad = dir.filePath("bad.csv");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("storage,bits\noverlap:8,8\n");
        f.close();
        const QString problem = panel->openCsv(bad);
        QVERIFY2(problem.contains("not a study CSV"), qPrintable(problem));
        QCOMPARE(panel->rows().size(), size_t(6));
        // Save CSV writes the rows shown, which read back the same.
        const QString saved = dir.filePath("saved.csv");
        QCOMPARE(panel->exportCsv(saved), QString());
        QCOMPARE(readStudyCsv(saved.toStdString()).size(), size_t(6));
        QCOMPARE(bytesOf(saved), bytesOf(csv));
    }

    void theExecutableOpensAndExportsAStudy()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath("s.csv");
        writeStudyCsv(csv.toStdString(), {row("overlap:8", 1, 4.0, 0.88, 0.90, 0), row("plain:4", 1, 4.0, 0.87, 0.89, 1),
                                          row("overlap:8", 2, 4.0, 0.86, 0.92, 5)});
        // The chart's table: the scheme means (percent), each scheme's lowest and highest seed, the front.
        const QString table = dir.filePath("study-chart.csv");
        const test::Run r = test::runProcess(TWILL_GUI_PATH, {"--study", csv, "--export-chart", "study", "--to", table});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(table);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.value(0), QString("series,cells_per_weight,accuracy_pct"));
        QVERIFY2(lines.contains("overlap:8,4,91"), qPrintable(lines.join(" | ")));
        QVERIFY(lines.contains("overlap:8 seeds,4,90") && lines.contains("overlap:8 seeds,4,92"));
        QVERIFY(lines.contains("plain:4,4,89"));
        // A file that is not a study: exit 2 with the reason, no picture written.
        const QString shot = dir.filePath("shot.png");
        const test::Run bad = test::runProcess(TWILL_GUI_PATH, {"--study", TWILL_GUI_PATH, "--screenshot", shot});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--study:") && bad.err.contains("not a study CSV"), qPrintable(bad.err));
        QVERIFY(!QFile::exists(shot));
    }

    void badFormInputIsExplained()
    {
        StudyDock dock([] { return tinyRun(); });
        dock.panel()->setStudyParts("overlap:8, stripes:2", "1");
        auto *error = dock.panel()->findChild<QLabel *>("studyInputError");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains("'stripes' is unknown"), qPrintable(error->text()));
        QVERIFY(!dock.panel()->findChild<QPushButton *>("studyStart")->isEnabled());
        dock.panel()->setStudyParts("overlap:8", "1, x");
        QVERIFY(error->text().contains("'x' is not a seed"));
        dock.panel()->setStudyParts("overlap:8", "1, 2");
        QVERIFY(error->isHidden());
        QVERIFY(dock.panel()->findChild<QPushButton *>("studyStart")->isEnabled());
        // A run setup the core refuses: nothing starts, the reason is shown.
        StudyDock untrained([] {
            NetworkRunSpec s = tinyRun();
            s.epochsPerStep = -1;
            return s;
        });
        QTemporaryDir dir;
        const QString why = untrained.startInto(dir.filePath("x.csv"));
        QVERIFY2(why.contains("epochs_per_step"), qPrintable(why));
        QVERIFY(!untrained.running());
        QVERIFY(!QFile::exists(dir.filePath("x.csv")));
        // Fault rates: the core's words for a bad list, and a comparison needs rates.
        dock.panel()->setFaultParts("0, lots", false);
        QVERIFY2(!error->isHidden() && error->text().contains("Fault rates: 'lots'"), qPrintable(error->text()));
        QVERIFY(!dock.panel()->findChild<QPushButton *>("studyStart")->isEnabled());
        dock.panel()->setFaultParts("", true);
        QVERIFY(error->text().contains("Fault rates: give the rates"));
        dock.panel()->setFaultParts("0, 2%, 10%:0.3", true);
        QVERIFY(error->isHidden());
        const StudySpec spec = dock.spec();
        QCOMPARE(int(spec.faultRates.size()), 3);
        QVERIFY(spec.faultCompare);
        QCOMPARE(spec.faultRates[2].sa1Share, 0.3);
        QCOMPARE(spec.rowCount(), 2 * 5); // one scheme, seeds 1 and 2, conditions 0, 2% x2, 10% x2
    }

    // A study with fault rates: the Fault rate tab draws each scheme and awareness as a line
    // through its rates (means over seeds, bars lowest to highest); the cells chart shows the
    // lowest rate only; the table has a row per scheme and condition; the form names the rates.
    void faultRatesGetTheirChart()
    {
        QTemporaryDir dir;
        std::vector<StudyResult> rows;
        int index = 0;
        auto add = [&](const std::string &storage, uint64_t seed, double rate, bool aware, double final) {
            StudyResult r = row(storage, seed, storage == "plain:4" ? 4.0 : 4.0001, final - 0.01, final, index++);
            r.studyRows = 12;
            r.faultRate = rate;
            r.faultAware = aware;
            rows.push_back(r);
        };
        for (uint64_t seed : {1, 2}) {
            add("overlap:8", seed, 0, true, 0.90 + 0.01 * double(seed));
            add("plain:4", seed, 0, true, 0.89);
            add("overlap:8", seed, 0.05, true, 0.86);
            add("plain:4", seed, 0.05, true, 0.87);
            add("overlap:8", seed, 0.05, false, 0.50 + 0.1 * double(seed));
            add("plain:4", seed, 0.05, false, 0.70);
        }
        const QString csv = dir.filePath("faults.csv");
        writeStudyCsv(csv.toStdString(), rows);
        StudyDock dock([] { return tinyRun(); });
        StudyPanel *panel = dock.panel();
        auto *tabs = dock.findChild<QTabWidget *>("studyTabs");
        QVERIFY(!tabs->isTabVisible(2)); // nothing to draw along yet
        QCOMPARE(panel->openCsv(csv), QString());
        QVERIFY(tabs->isTabVisible(2));
        QCOMPARE(tabs->tabText(2), QString("Fault rate"));
        QCOMPARE(panel->findChild<QLineEdit *>("studyFaultRates")->text(), QString("0, 5%"));
        QVERIFY(panel->findChild<QCheckBox *>("studyFaultCompare")->isChecked());
        // Lines: name -> points (x stuck %, y mean accuracy %), computed here from the rows.
        std::map<QString, QList<QPointF>> lines;
        int bars = 0;
        for (QAbstractSeries *s : panel->faultChart()->series()) {
            auto *l = qobject_cast<QLineSeries *>(s);
            QVERIFY(l);
            if (s->name().endsWith(" seeds")) {
                ++bars;
                QCOMPARE(l->count(), 2);
                QCOMPARE(l->at(0).x(), l->at(1).x());
                QVERIFY(l->at(0).y() <= l->at(1).y());
            } else {
                lines[s->name()] = l->points();
            }
        }
        QCOMPARE(int(lines.size()), 4);
        auto near = [](const QPointF &p, double x, double y) { return std::abs(p.x() - x) < 1e-9 && std::abs(p.y() - y) < 1e-9; };
        QCOMPARE(lines["overlap:8"].size(), 2);
        QVERIFY(near(lines["overlap:8"][0], 0, 91.5) && near(lines["overlap:8"][1], 5, 86));
        QVERIFY(near(lines["overlap:8 unaware"][0], 0, 91.5) && near(lines["overlap:8 unaware"][1], 5, 65));
        QVERIFY(near(lines["plain:4 unaware"][1], 5, 70));
        QCOMPARE(bars, 6); // every point with two seeds, the shared 0 % points once
        // The cells chart: the two schemes at 0 % only.
        int markers = 0;
        for (QAbstractSeries *s : panel->chart()->series())
            if (auto *sc = qobject_cast<QScatterSeries *>(s); sc && sc->count() == 1) {
                ++markers;
                QVERIFY(sc->at(0).y() > 88.9);
            }
        QCOMPARE(markers, 2);
        QCOMPARE(static_cast<QValueAxis *>(panel->chart()->axes(Qt::Horizontal).first())->titleText(),
                 QString("cells per weight (stuck cells: none)"));
        auto *table = dock.findChild<QTableWidget *>("studyTable");
        QCOMPARE(table->rowCount(), 6);
        QCOMPARE(table->item(4, 0)->text(), QString("overlap:8"));
        QCOMPARE(table->item(4, 7)->text(), QString("5% unaware"));
        // The answer pairs overlap with plain at each condition.
        QVERIFY2(panel->answer().contains("overlap:8 vs plain:4, final accuracy, points (sd) and seeds ahead: none +2.50 (0.71) "
                                          "2/2; 5% aware -1.00 (0.00) 0/2; 5% unaware -5.00 (7.07) 0/2"),
                 qPrintable(panel->answer()));
        // The legend (wrapped under the chart) names each scheme once: its colour, solid or dashed.
        dock.resize(560, 620);
        dock.show();
        tabs->setCurrentIndex(2);
        QTest::qWait(100);
        const QString legend = panel->findChild<QLabel *>("studyFaultLegend")->text();
        QCOMPARE(legend.count("</span>&nbsp;"), 2);
        QCOMPARE(legend.count("&nbsp;overlap:8<"), 0); // entries end the text or meet a separator
        QVERIFY2(legend.contains("&nbsp;overlap:8 &nbsp;") || legend.endsWith("&nbsp;overlap:8"), qPrintable(legend));
        QVERIFY2(legend.contains("&nbsp;plain:4 &nbsp;") || legend.endsWith("&nbsp;plain:4"), qPrintable(legend));
        if (const QString shots = qEnvironmentVariable("TWILL_SHOT_DIR"); !shots.isEmpty()) {
            for (const QSize size : {QSize(560, 620), QSize(760, 980)}) {
                dock.resize(size);
                dock.show();
                tabs->setCurrentIndex(2);
                QTest::qWait(200);
                dock.grab().save(QString("%1/study-faults-%2x%3.png").arg(shots).arg(size.width()).arg(size.height()));
            }
        }
        // A study without rates hides the tab again.
        panel->setRows({rows[0], rows[1]}, "two.csv");
        QVERIFY(!tabs->isTabVisible(2));
    }

    // At the dock's size in a 1280x720 window (and a 1920x1080 one): nothing cut. The form and
    // the chart keep their width (the dock scrolls down, not across), the chart's texts are whole,
    // and its legend wraps under it, every kind named once.
    void aSmallDockCutsNothing_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x720") << QSize(340, 590); // narrower than the form: the dock keeps its width
        QTest::newRow("1920x1080") << QSize(460, 940);
    }
    void aSmallDockCutsNothing()
    {
        QFETCH(QSize, size);
        QTemporaryDir dir;
        const QString csv = dir.filePath("five.csv");
        writeStudyCsv(csv.toStdString(), {row("overlap:8", 1, 4.0, 0.88, 0.90, 0), row("plain:4", 1, 4.0, 0.87, 0.89, 1),
                                          row("overlap:6", 1, 3.0, 0.85, 0.88, 2), row("plain:3", 1, 3.0, 0.84, 0.86, 3),
                                          row("cube:4", 1, 4.0 / 3, 0.70, 0.80, 4), row("diffpair:4", 1, 4.0, 0.86, 0.87, 5)});
        StudyDock dock([] { return tinyRun(); });
        StudyPanel *panel = dock.panel();
        QCOMPARE(panel->openCsv(csv), QString());
        dock.resize(size);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QTest::qWait(300); // the charts lay out and refit their minimum sizes
        auto *scroll = dock.findChild<QScrollArea *>("studyScroll");
        QVERIFY(scroll);
        QVERIFY2(panel->width() <= scroll->viewport()->width(),
                 qPrintable(QString("%1 px of panel in %2 px").arg(panel->width()).arg(scroll->viewport()->width())));
        auto *legend = panel->findChild<QLabel *>("studyLegend");
        QVERIFY(legend);
        QVERIFY2(legend->isVisible(), qPrintable(legend->text()));
        QVERIFY2(legend->height() >= legend->heightForWidth(legend->width()),
                 qPrintable(QString("%1 < %2").arg(legend->height()).arg(legend->heightForWidth(legend->width()))));
        // Each kind once, and nothing else (not the schemes: their markers are labelled in the plot).
        const QStringList entries = legend->text().split(" &nbsp; ");
        QCOMPARE(entries.size(), 5);
        for (const QString kind : {"overlap (msb-lsb)", "plain (no overlap)", "cube (Latin)", "diffpair", "Pareto front"})
            QCOMPARE(QString(legend->text()).replace("&nbsp;", " ").count("</span> " + QString(kind)), 1);
        QVERIFY(!panel->chart()->legend()->isVisible()); // on screen the label is the legend
        for (const QString &t : chartTexts(panel->chart()))
            QVERIFY2(!t.contains(QChar(0x2026)) && !t.endsWith("..."), qPrintable(t));
        auto *view = panel->findChild<QChartView *>("studyChart");
        QVERIFY(view->height() >= view->minimumHeight());
        if (const QString shots = qEnvironmentVariable("TWILL_SHOT_DIR"); !shots.isEmpty())
            dock.grab().save(QString("%1/study-dock-%2x%3.png").arg(shots).arg(size.width()).arg(size.height()));
        // Exports still draw the chart's own legend, and give the screen its label back.
        QString problem;
        QVERIFY(!renderChart(panel->chart(), dir.filePath("c.png"), ChartImageOptions(), problem).isEmpty());
        QVERIFY(!panel->chart()->legend()->isVisible());
    }
};

QTEST_MAIN(TestStudyDock)
#include "tst_studydock.moc"
