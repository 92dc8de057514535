// Network-run charts and exports from the window: accuracy and loss by step with the INQ
// steps on the axis, per-layer error, runs overlaid for comparison, the run's weights and
// reports exported through the core writers, single charts at a chosen size and DPI, the
// shown array as twill-cli encode writes it, and the headless exports of the executable.
#include "BitMapView.h"
#include "ErrorChartsPanel.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "NetworkRunDock.h"
#include "PatternEditor.h"
#include "SweepDock.h"
#include "ChartExport.h"
#include "io/Npy.h"

#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QTabWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numeric>

using namespace twill;

class TestRunCharts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void runChartsAndExports();
    void compareStorageOverlaysThreeRuns();
    void statusBarCancelStopsTheRun();
    void chartAtSizeAndDpi();
    void badChartExportsSayWhy();
    void arrayExportDecodes();
    void headlessExports();
    void customPatternFromEditor();
    void checkpointAndBadModels();
    void sweepUsesTheParameters();
    void retrainingOptionsReachTheRun();
    void histogramBins();
};

using twill::test::readJsonFile;

namespace {

void waitEncoded(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
}

// A fast run: the MLP on the synthetic data, one baseline epoch.
void quickRun(NetworkRunDock *dock, const QString &mode)
{
    dock->findChild<QComboBox *>("runModel")->setCurrentText("mlp");
    dock->findChild<QComboBox *>("runData")->setCurrentIndex(1);
    dock->findChild<QSpinBox *>("runEpochs")->setValue(1);
    dock->findChild<QComboBox *>("runMode")->setCurrentText(mode);
}

const NpyArray *member(const std::vector<std::pair<std::string, NpyArray>> &npz, const std::string &name)
{
    for (const auto &[n, a] : npz)
        if (n == name) return &a;
    return nullptr;
}

} // namespace

void TestRunCharts::runChartsAndExports()
{
    QTemporaryDir dir;
    MainWindow w;
    waitEncoded(w);
    w.findChild<QSpinBox *>("bits")->setValue(8);
    NetworkRunDock *dock = w.runDock();
    quickRun(dock, "inq");
    // Nothing to export before a run.
    QVERIFY(dock->exportLast("npz", dir.filePath("none.npz")).contains("start a run"));
    QSignalSpy ended(dock, &NetworkRunDock::runEnded);
    dock->start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, test::kRunWaitMs);
    QCOMPARE(ended.first().first().toString(), QString("finished"));
    QCoreApplication::processEvents();
    const QList<RunStep> &steps = dock->steps();
    QCOMPARE(steps.size(), 6);

    // Loss by step: the test loss of every step, and the INQ steps named on the axis.
    auto *loss = qobject_cast<QLineSeries *>(dock->chart("loss")->series().at(0));
    QCOMPARE(loss->count(), 6);
    for (int i = 0; i < 6; ++i) QCOMPARE(loss->at(i).y(), steps[i].loss);
    QCategoryAxis *x = nullptr;
    for (QAbstractAxis *a : dock->chart("accuracy")->axes(Qt::Horizontal)) x = qobject_cast<QCategoryAxis *>(a);
    QVERIFY(x);
    QCOMPARE(x->categoriesLabels(), (QStringList{"baseline", "post", "INQ 50%", "INQ 75%", "INQ 87.5%", "INQ 100%"}));

    // Per-layer error: one bar per encoded layer, equal to the last step's report.
    auto *bars = qobject_cast<QBarSeries *>(dock->chart("layers")->series().at(0));
    QVERIFY(bars);
    const StepReport &last = steps.back().report;
    QVERIFY(!last.layers.empty());
    QCOMPARE(bars->barSets().at(0)->count(), int(last.layers.size()));
    for (size_t l = 0; l < last.layers.size(); ++l) {
        QCOMPARE(bars->barSets().at(0)->at(int(l)), last.layers[l].error.meanPctFs);
        QCOMPARE(bars->barSets().at(1)->at(int(l)), last.layers[l].error.maxPctFs);
        QVERIFY(last.layers[l].error.maxPctFs >= last.layers[l].error.meanPctFs);
    }
    QCOMPARE(dock->runs().size(), 1);
    QCOMPARE(dock->chart("compare")->series().size(), 1);

    // Exports through the core writers, parsed back.
    for (const char *kind : {"npz", "state_dict", "json", "csv"})
        QCOMPARE(dock->exportLast(kind, dir.filePath(QString("run.") + kind)), QString());
    const QJsonObject report = readJsonFile(dir.filePath("run.json"));
    QCOMPARE(report.value("steps").toArray().size(), 6);
    QCOMPARE(report.value("baseline_accuracy").toDouble(), steps.first().accuracy);
    QVERIFY(report.value("spec").toObject().value("array").toObject().contains("pattern"));
    QFile csv(dir.filePath("run.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().trimmed().split('\n').size(), 7); // header + 6 steps
    const auto npz = readNpz(dir.filePath("run.npz").toStdString());
    int decodedTensors = 0;
    for (const auto &[name, a] : npz)
        if (name.size() > 8 && name.substr(name.size() - 8) == ".decoded") ++decodedTensors;
    QCOMPARE(decodedTensors, int(last.layers.size()));
    QVERIFY(member(npz, "word_of_row") && member(npz, "word_of_column"));
    // The tensor errors charted are the exported codes minus the exported targets.
    QCOMPARE(dock->tensorErrors().size(), int(last.layers.size()));
    for (const TensorErrors &t : dock->tensorErrors()) {
        const NpyArray *codes = member(npz, t.name.toStdString() + ".codes");
        const NpyArray *targets = member(npz, t.name.toStdString() + ".targets");
        QVERIFY(codes && targets);
        const std::vector<int64_t> c = codes->toInt64(), tg = targets->toInt64();
        QVERIFY(c.size() >= t.errors.size());
        for (size_t i = 0; i < t.errors.size(); ++i) QCOMPARE(t.errors[i], c[i] - tg[i]);
    }
    dock->showTensor(dock->tensorErrors().first().name);
    // The histogram's table: one row per bin (low, high, count), every weight counted once.
    const QList<QByteArray> bins = chartCsv(dock->chart("tensor")).trimmed().split('\n');
    QCOMPARE(bins.first(), QByteArray("series,error_low_lsb,error_high_lsb,weights"));
    double counted = 0;
    for (const QByteArray &b : bins.mid(1)) counted += b.split(',').last().toDouble();
    QCOMPARE(int(counted), int(dock->tensorErrors().first().errors.size()));
    QVERIFY(dock->chart("tensor")->title().startsWith(dock->tensorErrors().first().name));
    QFile sd(dir.filePath("run.state_dict"));
    QVERIFY(sd.open(QIODevice::ReadOnly));
    QVERIFY(sd.size() > 1000);
    // A failed write says why and keeps the earlier file.
    QVERIFY(!dock->exportLast("csv", dir.filePath("run.csv/inside.csv")).isEmpty());
    QVERIFY(QFileInfo(dir.filePath("run.csv")).isFile());
    QVERIFY(dock->exportLast("pickle", dir.filePath("x.bin")).contains("unknown export"));
    if (qEnvironmentVariableIsSet("TWILL_TEST_SCREENSHOTS")) {
        for (int t = 0; t < 5; ++t) {
            dock->findChild<QTabWidget *>("runCharts")->setCurrentIndex(t);
            dock->resize(460, 900);
            dock->grab().save(qEnvironmentVariable("TWILL_TEST_SCREENSHOTS") + QString("/run-tab%1.png").arg(t));
        }
    }
}

void TestRunCharts::compareStorageOverlaysThreeRuns()
{
    MainWindow w;
    waitEncoded(w);
    w.findChild<QSpinBox *>("bits")->setValue(8);
    NetworkRunDock *dock = w.runDock();
    quickRun(dock, "post");
    QSignalSpy ended(dock, &NetworkRunDock::runEnded);
    QSignalSpy running(dock, &NetworkRunDock::runningChanged);
    QSignalSpy progress(dock, &NetworkRunDock::progressChanged);
    dock->compareStorage();
    QTRY_VERIFY_WITH_TIMEOUT(w.findChild<QProgressBar *>("statusProgress")->isVisibleTo(&w), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, test::kRunWaitMs);
    QCOMPARE(ended.first().first().toString(), QString("finished"));
    QCOMPARE(running.count(), 2); // one busy period for the three runs
    // One progress bar over the three runs: it never goes back, names the run, and ends full.
    int last = -1, third = 0;
    for (const QList<QVariant> &p : progress) {
        const int permille = p.at(0).toInt();
        QVERIFY2(permille >= last, qPrintable(QString("%1 after %2: %3").arg(permille).arg(last).arg(p.at(1).toString())));
        last = permille;
        third += p.at(1).toString().contains("run 3 of 3");
    }
    QVERIFY(last >= 990);
    QVERIFY(third > 0);
    QVERIFY(!w.findChild<QProgressBar *>("statusProgress")->isVisibleTo(&w));
    QCOMPARE(dock->runs().size(), 3);
    QVERIFY(dock->runs()[0].name.contains("msb-lsb"));
    QVERIFY(dock->runs()[1].name.contains("transpose"));
    QVERIFY(dock->runs()[2].name.contains("no overlap"));
    QCoreApplication::processEvents();
    QTRY_COMPARE(dock->chart("compare")->series().size(), 3);
    // Its axis names the steps the three runs share.
    QCategoryAxis *steps = nullptr;
    for (QAbstractAxis *a : dock->chart("compare")->axes(Qt::Horizontal)) steps = qobject_cast<QCategoryAxis *>(a);
    QVERIFY(steps);
    QCOMPARE(steps->categoriesLabels(), (QStringList{"baseline", "post"}));
    // One baseline: the first run trains it, the others load its checkpoint; the runs differ
    // only in how the weights are stored.
    const double base = dock->runs()[0].baseline;
    for (const RunRecord &r : dock->runs()) QCOMPARE(r.baseline, base);
    QCOMPARE(dock->runs()[0].baselineFrom, QString("trained"));
    QCOMPARE(dock->runs()[1].baselineFrom, QString("checkpoint"));
    QCOMPARE(dock->runs()[2].baselineFrom, QString("checkpoint"));
    // Plain storage has no overlap error beyond quantisation; the naive transpose loses most.
    auto postAccuracy = [](const RunRecord &r) { return r.steps.at(1).accuracy; };
    QVERIFY2(postAccuracy(dock->runs()[2]) >= postAccuracy(dock->runs()[1]),
             qPrintable(QString("%1 vs %2").arg(postAccuracy(dock->runs()[2])).arg(postAccuracy(dock->runs()[1]))));
    // Unticking a run hides it from the overlay.
    dock->findChild<QListWidget *>("runList")->item(1)->setCheckState(Qt::Unchecked);
    QTRY_COMPARE(dock->chart("compare")->series().size(), 2);
    dock->clearRuns();
    QTRY_COMPARE(dock->chart("compare")->series().size(), 0);
}

void TestRunCharts::statusBarCancelStopsTheRun()
{
    MainWindow w;
    waitEncoded(w);
    NetworkRunDock *dock = w.runDock();
    quickRun(dock, "inq");
    dock->findChild<QSpinBox *>("runEpochs")->setValue(200); // far longer than the test waits
    QSignalSpy ended(dock, &NetworkRunDock::runEnded);
    dock->start();
    auto *progress = w.findChild<QProgressBar *>("statusProgress");
    auto *text = w.findChild<QLabel *>("statusRunText");
    QTRY_VERIFY_WITH_TIMEOUT(text->text().contains("baseline epoch"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, 30000);
    QElapsedTimer t; // printed, not asserted: how fast Cancel works is a figure, not a test
    t.start();
    w.findChild<QPushButton *>("statusCancel")->click();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000); // 200 epochs take far longer
    QCOMPARE(ended.first().first().toString(), QString("cancelled"));
    qInfo("the run stopped %lld ms after the status bar's Cancel", qint64(t.elapsed()));
    QVERIFY(!w.findChild<QPushButton *>("statusCancel")->isVisibleTo(&w));
}

void TestRunCharts::chartAtSizeAndDpi()
{
    QTemporaryDir dir;
    MainWindow w;
    w.show();
    waitEncoded(w);
    const ChartImageOptions o{QSize(1200, 800), 300};
    QCOMPARE(w.exportChart("histogram", dir.filePath("h.png"), o), QString());
    const QImage png(dir.filePath("h.png"));
    QCOMPARE(png.size(), QSize(1200, 800));
    QCOMPARE(png.dotsPerMeterX(), int(300 / 0.0254 + 0.5));
    // Not blank: the bars and text leave plenty of non-white pixels.
    int ink = 0;
    for (int y = 0; y < png.height(); y += 4)
        for (int x = 0; x < png.width(); x += 4) ink += png.pixelColor(x, y).lightness() < 200;
    QVERIFY2(ink > 500, qPrintable(QString::number(ink)));
    QCOMPARE(w.exportChart("significance", dir.filePath("s.svg"), o), QString());
    QSvgRenderer svg(dir.filePath("s.svg"));
    QVERIFY(svg.isValid());
    QCOMPARE(svg.viewBox().size(), QSize(384, 256)); // 4 x 2.667 inches in CSS pixels: nothing scaled
    QCOMPARE(w.exportChart("histogram", dir.filePath("h.pdf"), o), QString());
    QFile pdf(dir.filePath("h.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    // 1200 x 800 pixels at 300 DPI is 4 x 2.667 inches: 288 x 192 points.
    const QRegularExpressionMatch box = QRegularExpression("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]").match(QString::fromLatin1(bytes));
    QVERIFY(box.hasMatch());
    QVERIFY(std::abs(box.captured(1).toDouble() - 288) < 1.5);
    QVERIFY(std::abs(box.captured(2).toDouble() - 192) < 1.5);
    // CSV: one row per histogram bin, the counts add up to the words.
    QCOMPARE(w.exportChart("histogram", dir.filePath("h.csv"), o), QString());
    QFile csv(dir.filePath("h.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("series,error_low_lsb,error_high_lsb,words"));
    QCOMPARE(lines.size() - 1, int(w.charts()->histogramCounts().size()));
    double words = 0;
    for (const QByteArray &l : lines.mid(1)) words += l.split(',').last().toDouble();
    QCOMPARE(int(words), w.array().layout().wordCount());
    // The on-screen chart keeps its size.
    QVERIFY(w.chartByName("histogram")->size().width() < 1000);
}

void TestRunCharts::badChartExportsSayWhy()
{
    QTemporaryDir dir;
    MainWindow w;
    w.show();
    waitEncoded(w);
    QVERIFY(w.exportChart("pie", dir.filePath("p.png")).contains("there is no chart 'pie'"));
    QVERIFY(w.exportChart("histogram", dir.filePath("p.png"), {QSize(50, 50), 100}).contains("not possible"));
    QVERIFY(w.exportChart("histogram", dir.filePath("p.png"), {QSize(800, 600), 5000}).contains("DPI"));
    QVERIFY(w.exportChart("histogram", dir.filePath("p.gif")).contains(".pdf"));
    QVERIFY(!QFile::exists(dir.filePath("p.png")));
    // An earlier export survives a failed one to the same name.
    QCOMPARE(w.exportChart("histogram", dir.filePath("keep.png")), QString());
    const QByteArray kept = [&] { QFile f(dir.filePath("keep.png")); f.open(QIODevice::ReadOnly); return f.readAll(); }();
    QVERIFY(!w.exportChart("histogram", dir.filePath("keep.png"), {QSize(10, 10), 100}).isEmpty());
    QFile again(dir.filePath("keep.png"));
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), kept);
}

void TestRunCharts::arrayExportDecodes()
{
    QTemporaryDir dir;
    MainWindow w;
    waitEncoded(w);
    // A hand edit is exported as shown.
    w.applyFlip(5);
    QCOMPARE(w.exportArray(dir.filePath("a.npz")), QString());
    const auto npz = readNpz(dir.filePath("a.npz").toStdString());
    const NpyArray *bits = member(npz, "bits"), *decoded = member(npz, "decoded"), *targets = member(npz, "targets");
    const NpyArray *rowWord = member(npz, "word_of_row"), *rowSig = member(npz, "sig_of_row");
    QVERIFY(bits && decoded && targets && rowWord && rowSig);
    const std::vector<int64_t> b = bits->toInt64(), d = decoded->toInt64(), t = targets->toInt64();
    QCOMPARE(b.size(), w.array().bits().size());
    for (size_t c = 0; c < b.size(); ++c) QCOMPARE(uint8_t(b[c]), w.array().bits()[c]);
    QCOMPARE(d, w.array().decoded());
    QCOMPARE(t, w.array().targets());
    // Rebuild the row words from the tables alone (unsigned format): they equal 'decoded'.
    const std::vector<int64_t> word = rowWord->toInt64(), sig = rowSig->toInt64();
    std::vector<int64_t> rebuilt(d.size(), 0);
    for (size_t c = 0; c < b.size(); ++c) rebuilt[size_t(word[c])] += b[c] << sig[c];
    for (int r = 0; r < w.array().layout().wordCount() / 2; ++r) QCOMPARE(rebuilt[size_t(r)], d[size_t(r)]);
    QCOMPARE(w.exportArray(dir.filePath("a.json")), QString());
    const QJsonObject report = readJsonFile(dir.filePath("a.json"));
    QVERIFY(!report.isEmpty());
    QCOMPARE(report.value("summary").toObject().value("max_abs_lsb").toDouble(), w.array().maxAbsError());
    QVERIFY(w.exportArray(dir.filePath("a.txt")).contains(".npz or .json"));
}

void TestRunCharts::headlessExports()
{
    // Without a display and without QT_QPA_PLATFORM, the executable picks offscreen itself.
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("QT_QPA_PLATFORM");
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(TWILL_GUI_PATH, {"--export-chart", "significance", "--to", dir.filePath("s.pdf"), "--size", "900x600", "--dpi", "150"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QFile pdf(dir.filePath("s.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.readAll().startsWith("%PDF-"));
    QProcess a;
    a.setProcessEnvironment(env);
    a.start(TWILL_GUI_PATH, {"--export-array", dir.filePath("a.npz"), "--screenshot", dir.filePath("w.png")});
    QVERIFY(a.waitForFinished(60000));
    QCOMPARE(a.exitCode(), 0);
    QCOMPARE(readNpz(dir.filePath("a.npz").toStdString()).empty(), false);
    QVERIFY(!QImage(dir.filePath("w.png")).isNull());
    // A run's chart from the command line: the accuracy of a quick synthetic run, as CSV.
    QProcess r;
    r.setProcessEnvironment(env);
    r.start(TWILL_GUI_PATH, {"--run", "--run-model", "mlp", "--run-data", "synthetic", "--run-epochs", "1",
                             "--export-chart", "accuracy", "--to", dir.filePath("acc.csv")});
    QVERIFY(r.waitForFinished(test::kRunWaitMs));
    QCOMPARE(r.exitCode(), 0);
    QFile acc(dir.filePath("acc.csv"));
    QVERIFY(acc.open(QIODevice::ReadOnly));
    int accuracyRows = 0;
    for (const QByteArray &l : acc.readAll().split('\n'))
        if (l.startsWith("accuracy,")) ++accuracyRows;
    QCOMPARE(accuracyRows, 6);
    QProcess bad;
    bad.setProcessEnvironment(env);
    bad.start(TWILL_GUI_PATH, {"--export-chart", "histogram"});
    QVERIFY(bad.waitForFinished(60000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(bad.readAllStandardError().contains("--to"));
}

void TestRunCharts::customPatternFromEditor()
{
    QTemporaryDir dir;
    MainWindow w;
    waitEncoded(w);
    PatternEditor *editor = w.patternEditor();
    QCOMPARE(editor->arrayGeometry().rows, 16);
    // One swap in row words: still a valid table, different from msb-lsb.
    editor->setSwapping(true);
    editor->setDirection(0);
    editor->setChosenSignificance(15);
    editor->assign(5);
    QVERIFY(editor->valid());
    const std::vector<std::vector<int>> table = editor->significance();
    QVERIFY(table[0] != w.array().layout().significanceMap(0));
    QSignalSpy encoded(&w, &MainWindow::encoded);
    editor->findChild<QPushButton *>("patternUse")->click();
    QTRY_VERIFY_WITH_TIMEOUT(encoded.count() >= 1 && !w.busy(), 30000);
    QVERIFY(w.hasCustomLayout());
    QCOMPARE(w.findChild<QComboBox *>("pattern")->currentText(), QString("custom"));
    QCOMPARE(w.array().layout().significanceMap(0), table[0]);
    QCOMPARE(w.array().layout().significanceMap(1), table[1]);
    // Projects keep the custom table and its bits.
    QCOMPARE(w.saveProject(dir.filePath("custom.json")), QString());
    MainWindow w2;
    waitEncoded(w2);
    QCOMPARE(w2.openProject(dir.filePath("custom.json")), QString());
    QCOMPARE(w2.array().layout().significanceMap(0), table[0]);
    QVERIFY(w2.array().bits() == w.array().bits());
    QCOMPARE(w2.patternEditor()->significance(), table);
    // Another shape: the window says why custom does not apply, and encodes nothing wrong.
    w.findChild<QSpinBox *>("size")->setValue(32);
    QTRY_VERIFY(w.findChild<QLabel *>("problem")->text().contains("custom pattern is for 16x16"));
    QCOMPARE(w.array().layout().geometry().rows, 16); // the shown array stays until a pattern fits
    QVERIFY(!w.findChild<QPushButton *>("encodeButton")->isEnabled());
    w.findChild<QComboBox *>("pattern")->setCurrentText("msb-lsb");
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().layout().geometry().rows == 32, 30000);
    QVERIFY(w.findChild<QLabel *>("problem")->text().isEmpty());
    QCOMPARE(w.patternEditor()->arrayGeometry().rows, 32); // the editor follows the shape
    // An invalid table cannot be used.
    editor->setSwapping(false);
    editor->assign(7);
    QVERIFY(!editor->valid());
    QVERIFY(!editor->findChild<QPushButton *>("patternUse")->isEnabled());
}

void TestRunCharts::checkpointAndBadModels()
{
    QTemporaryDir dir;
    // A baseline trained by the command line...
    QProcess train;
    train.start(TWILL_CLI_PATH, {"train", "--model", "mlp", "--data", "synthetic", "--epochs", "1", "--threads", "2",
                                 "--out", dir.filePath("mlp.ckpt")});
    QVERIFY(train.waitForFinished(test::kRunWaitMs));
    QCOMPARE(train.exitCode(), 0);
    const QRegularExpressionMatch m = QRegularExpression("test accuracy ([0-9.]+)").match(QString(train.readAllStandardOutput()));
    QVERIFY(m.hasMatch());
    // ...starts the window's run: no training, the same test accuracy as the baseline step.
    MainWindow w;
    waitEncoded(w);
    w.findChild<QSpinBox *>("bits")->setValue(8);
    NetworkRunDock *dock = w.runDock();
    NetworkRunSpec s;
    s.model = "mlp";
    s.checkpoint = dir.filePath("mlp.ckpt").toStdString();
    s.mode = RetrainMode::Post;
    s.data = "synthetic";
    dock->setSpec(s);
    QVERIFY(!dock->findChild<QSpinBox *>("runEpochs")->isEnabled()); // a checkpoint needs no epochs
    QSignalSpy ended(dock, &NetworkRunDock::runEnded);
    dock->start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, test::kRunWaitMs);
    QCOMPARE(ended.takeFirst().first().toString(), QString("finished"));
    QCOMPARE(dock->steps().first().label, QString("baseline"));
    QCOMPARE(QString::number(dock->steps().first().accuracy, 'f', 4), m.captured(1));
    QCOMPARE(dock->runs().size(), 1);
    // The choices travel with the project.
    QCOMPARE(w.saveProject(dir.filePath("p.json")), QString());
    MainWindow w2;
    waitEncoded(w2);
    QCOMPARE(w2.openProject(dir.filePath("p.json")), QString());
    const NetworkRunSpec back = w2.runDock()->spec();
    QCOMPARE(back.checkpoint, s.checkpoint);
    QCOMPARE(retrainModeName(back.mode), std::string("post"));
    QCOMPARE(back.data, std::string("synthetic"));
    // A file that is not a model, and a broken checkpoint: the run fails with the reason, the
    // kept runs and the window stay.
    QFile junk(dir.filePath("junk.pt"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not a TorchScript archive");
    junk.close();
    s.model = dir.filePath("junk.pt").toStdString();
    s.checkpoint.clear();
    dock->setSpec(s);
    dock->start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QCOMPARE(ended.takeFirst().first().toString(), QString("failed"));
    QVERIFY2(dock->status().contains("junk.pt"), qPrintable(dock->status()));
    qInfo("%s", qPrintable(dock->status()));
    s.model = "mlp";
    s.checkpoint = dir.filePath("junk.pt").toStdString();
    dock->setSpec(s);
    dock->start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QCOMPARE(ended.takeFirst().first().toString(), QString("failed"));
    QVERIFY2(dock->status().contains("junk.pt"), qPrintable(dock->status()));
    qInfo("%s", qPrintable(dock->status()));
    QCOMPARE(dock->runs().size(), 1);
    QVERIFY(dock->findChild<QPushButton *>("runStart")->isEnabled());
}

void TestRunCharts::sweepUsesTheParameters()
{
    QTemporaryDir dir;
    MainWindow w;
    waitEncoded(w);
    w.findChild<QComboBox *>("objective")->setCurrentText("l2");
    w.findChild<QComboBox *>("solver")->setCurrentText("greedy");
    SweepDock *dock = w.sweepDock();
    dock->findChild<QLineEdit *>("sweepWidths")->setText("4, 8");
    dock->findChild<QSpinBox *>("sweepArrays")->setValue(30);
    QSignalSpy ended(dock, &SweepDock::sweepEnded);
    dock->start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QCOMPARE(ended.first().first().toString(), QString("finished"));
    QCOMPARE(int(dock->points().size()), 4);
    // The same sweep through the core with the window's options: the same figures.
    SweepSpec spec;
    spec.bits = {4, 8};
    spec.arrays = 30;
    spec.options.objective = Objective::L2;
    spec.options.solver = SolverKind::Greedy;
    spec.options.seed = 1;
    const std::vector<SweepPoint> direct = runSweep(spec, nullptr);
    QCOMPARE(direct.size(), dock->points().size());
    for (size_t i = 0; i < direct.size(); ++i) {
        QCOMPARE(dock->points()[i].pattern, direct[i].pattern);
        QCOMPARE(dock->points()[i].summary.rmsLsb, direct[i].summary.rmsLsb);
    }
    QCOMPARE(w.exportChart("sweep", dir.filePath("sweep.pdf")), QString());
    QCOMPARE(w.exportChart("sweep", dir.filePath("sweep.csv")), QString());
    QFile csv(dir.filePath("sweep.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().trimmed().split('\n').size(), 5); // header + 2 patterns x 2 widths
}

void TestRunCharts::retrainingOptionsReachTheRun()
{
    QTemporaryDir dir;
    MainWindow w;
    waitEncoded(w);
    w.findChild<QSpinBox *>("bits")->setValue(8);
    NetworkRunDock *dock = w.runDock();
    quickRun(dock, "inq");
    auto *schedule = dock->findChild<QLineEdit *>("runSchedule");
    auto *problem = dock->findChild<QLabel *>("runSetupProblem");
    auto *start = dock->findChild<QPushButton *>("runStart");
    // A schedule that does not rise, or does not end at 1, is explained and cannot start.
    schedule->setText("0.5, 0.4, 1");
    QVERIFY(problem->text().contains("rise strictly"));
    QVERIFY(!start->isEnabled());
    schedule->setText("0.5, 0.9");
    QVERIFY(problem->text().contains("end at 1"));
    schedule->setText("0.5, 1");
    QVERIFY(problem->text().isEmpty());
    QVERIFY(start->isEnabled());
    // Options that do nothing in this mode are off until they apply.
    auto *later = dock->findChild<QDoubleSpinBox *>("runLaterWeight");
    QVERIFY(!later->isEnabled());
    QVERIFY(!dock->findChild<QSpinBox *>("runSteEvery")->isEnabled());
    dock->findChild<QComboBox *>("runUnit")->setCurrentText("weight");
    QVERIFY(later->isEnabled());
    later->setValue(0.5);
    dock->findChild<QComboBox *>("runUnit")->setCurrentText("array");
    QVERIFY(!later->isEnabled());
    dock->findChild<QComboBox *>("runQuant")->setCurrentText("per-channel");
    dock->findChild<QSpinBox *>("runPlacement")->setValue(3);
    QSignalSpy ended(dock, &NetworkRunDock::runEnded);
    dock->start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, test::kRunWaitMs);
    QCOMPARE(ended.first().first().toString(), QString("finished"));
    QStringList labels;
    for (const RunStep &st : dock->steps()) labels << st.label;
    QCOMPARE(labels, (QStringList{"baseline", "post", "inq 0.5", "inq 1"}));
    // The report says which options ran.
    QCOMPARE(dock->exportLast("json", dir.filePath("r.json")), QString());
    const QJsonObject report = readJsonFile(dir.filePath("r.json"));
    QCOMPARE(report.value("placement").toArray().size() > 0, true);
    // The choices travel with the project.
    QCOMPARE(w.saveProject(dir.filePath("p.json")), QString());
    MainWindow w2;
    waitEncoded(w2);
    QCOMPARE(w2.openProject(dir.filePath("p.json")), QString());
    const NetworkRunSpec back = w2.runDock()->spec();
    QCOMPARE(back.schedule, (std::vector<double>{0.5, 1.0}));
    QCOMPARE(granularityName(back.quant), std::string("per-channel"));
    QCOMPARE(back.placement, 3);
    QCOMPARE(back.laterWeight, 0.5);
    // Placement needs a model whose chain of layers is known.
    NetworkRunSpec ts = back;
    ts.model = dir.filePath("model.pt").toStdString();
    w2.runDock()->setSpec(ts);
    QVERIFY(w2.runDock()->findChild<QLabel *>("runSetupProblem")->text().contains("needs lenet5 or mlp"));
    QVERIFY(!w2.runDock()->findChild<QPushButton *>("runStart")->isEnabled());
}

void TestRunCharts::histogramBins()
{
    std::vector<double> counts, edges;
    errorHistogram({-2, -1, 0, 0, 1, 2, 2}, 15, counts, edges);
    QCOMPARE(counts, (std::vector<double>{1, 1, 2, 1, 2}));
    QCOMPARE(edges.front(), -2.5);
    QCOMPARE(edges.back(), 2.5);
    std::vector<int64_t> wide;
    for (int e = -100; e <= 100; e += 5) wide.push_back(e);
    errorHistogram(wide, 15, counts, edges);
    // Round bins: 20 LSB wide, centred on -100, -80, ..., 100.
    QCOMPARE(int(counts.size()), 11);
    QCOMPARE(edges.front(), -110.0);
    QCOMPARE(edges.back(), 110.0);
    double total = 0;
    for (double c : counts) total += c;
    QCOMPARE(int(total), int(wide.size()));
    errorHistogram({}, 15, counts, edges); // nothing to count: an empty, valid histogram
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0.0), 0.0);
}

QTEST_MAIN(TestRunCharts)
#include "tst_runcharts.moc"
