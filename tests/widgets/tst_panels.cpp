// The panels on their own: each maps its form to its values and back through one pair of
// functions (every field survives the round trip through the widgets), says what changed,
// and explains in words what stops its values from running.
#include "ChartExport.h"
#include "ChartFit.h"
#include "ParametersPanel.h"
#include "RunChartsPanel.h"
#include "RunSetupPanel.h"
#include "SweepPanel.h"
#include "TestSupport.h"

#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLegendMarker>
#include <QComboBox>
#include <QJsonDocument>
#include <QLineSeries>
#include <QListWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QValueAxis>
#include <QtTest>

using namespace twill;

Q_DECLARE_METATYPE(twill::ArrayParameters)
Q_DECLARE_METATYPE(twill::NetworkRunSpec)
Q_DECLARE_METATYPE(twill::SweepSpec)

class TestPanels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void parametersRoundTrip_data();
    void parametersRoundTrip();
    void parametersSayWhatChanged();
    void parametersProblems();
    void runSetupRoundTrip_data();
    void runSetupRoundTrip();
    void runSetupProblems();
    void sweepRoundTrip_data();
    void sweepRoundTrip();
    void runChartsShowTheSteps();
    void compareNamesItsStepsInPercent();
    void chartTextStaysWhole();
};

void TestPanels::parametersRoundTrip_data()
{
    QTest::addColumn<ArrayParameters>("p");
    QTest::newRow("defaults") << ArrayParameters{};
    ArrayParameters a;
    a.array.pattern = Pattern::Transpose;
    a.array.bits = 8;
    a.array.rows = a.array.cols = 24;
    a.array.layers = 8;
    a.encoder.format = NumberFormat::TwosComplement;
    a.encoder.objective = Objective::L2;
    a.encoder.solver = SolverKind::Exact;
    a.encoder.bound = 12.5;
    a.encoder.shift = true;
    a.encoder.maxShift = 5;
    a.encoder.offset = true;
    a.encoder.offsetBits = 6;
    a.encoder.timeLimit = 2.5;
    a.encoder.nodeLimit = 7'000'000;
    a.encoder.restarts = 20;
    a.encoder.seed = 4242;
    a.faults.rate = 0.0375;
    a.faults.sa1Share = 0.25;
    a.faults.seed = 99;
    a.faults.unaware = true;
    QTest::newRow("every option") << a;
    ArrayParameters f;
    f.faults.rate = 0.1;
    f.faults.seed = 7;
    QTest::newRow("10% stuck, aware") << f;
    // A custom pattern travels with its maps; the rotation of a spec survives the form.
    const Layout t = Layout::transpose(test::planar(8, 8, 8));
    ArrayParameters b;
    b.array = ArraySpec::of(Layout(t.geometry(), {t.significanceMap(0), t.significanceMap(1)})); // pattern custom
    b.encoder.format = NumberFormat::SignMagnitude;
    b.encoder.objective = Objective::Relative;
    b.encoder.solver = SolverKind::Greedy;
    b.encoder.restarts = 0;
    QTest::newRow("custom, signmag, rel, greedy") << b;
    ArrayParameters r;
    r.array.rotation = 5;
    QTest::newRow("rotated msb-lsb") << r;
}

void TestPanels::parametersRoundTrip()
{
    QFETCH(ArrayParameters, p);
    ParametersPanel panel;
    QSignalSpy targets(&panel, &ParametersPanel::targetsChanged), options(&panel, &ParametersPanel::optionsChanged);
    panel.setParameters(p);
    QCOMPARE(targets.count(), 0); // shown, not changed by the user
    QCOMPARE(options.count(), 0);
    const ArrayParameters q = panel.parameters();
    QVERIFY(q.array == p.array); // pattern, shape, directions, rotation, custom maps
    QVERIFY2(q.encoder == p.encoder, qPrintable(QJsonDocument(q.encoder.toJson()).toJson()));
    QVERIFY2(q.faults == p.faults, qPrintable(QJsonDocument(q.faults.toJson()).toJson()));
    QCOMPARE(q.encoder.threads, 1);
    QCOMPARE(panel.problem(), QString());
}

void TestPanels::parametersSayWhatChanged()
{
    ParametersPanel panel;
    QSignalSpy targets(&panel, &ParametersPanel::targetsChanged), options(&panel, &ParametersPanel::optionsChanged);
    panel.findChild<QSpinBox *>("bits")->setValue(8); // new targets
    panel.findChild<QComboBox *>("format")->setCurrentText("twos");
    QCOMPARE(targets.count(), 2);
    QCOMPARE(options.count(), 0);
    panel.findChild<QComboBox *>("objective")->setCurrentText("l2"); // the same targets again
    panel.findChild<QSpinBox *>("restarts")->setValue(3);
    QCOMPARE(targets.count(), 2);
    QCOMPARE(options.count(), 2);
    // Stuck cells re-encode the same targets; the form's % are the spec's shares.
    panel.findChild<QDoubleSpinBox *>("faultRate")->setValue(2.5);
    panel.findChild<QComboBox *>("faultMode")->setCurrentText("unaware");
    panel.findChild<QSpinBox *>("faultSeed")->setValue(11);
    QCOMPARE(targets.count(), 2);
    QCOMPARE(options.count(), 5);
    QCOMPARE(panel.parameters().faults.rate, 0.025);
    QVERIFY(panel.parameters().faults.unaware);
    QCOMPARE(panel.parameters().faults.seed, uint64_t(11));
    QSignalSpy encode(&panel, &ParametersPanel::encodeRequested);
    panel.findChild<QPushButton *>("encodeButton")->click();
    QCOMPARE(encode.count(), 1);
    panel.nextSeed();
    QCOMPARE(panel.parameters().encoder.seed, uint64_t(2));
    QCOMPARE(targets.count(), 3);
}

void TestPanels::parametersProblems()
{
    // The specs' own words, under the form's labels.
    ParametersPanel panel;
    QCOMPARE(panel.problem(), QString());
    QCOMPARE(panel.layout().geometry().rows, 16);
    ArrayParameters p;
    p.array.bits = 5; // 16 columns are not a multiple of 5
    panel.setParameters(p);
    QVERIFY2(panel.problem().startsWith("Rows = columns is 16"), qPrintable(panel.problem()));
    QVERIFY2(panel.problem().contains("multiple of 5"), qPrintable(panel.problem()));
    if (qEnvironmentVariableIsSet("TWILL_TEST_SCREENSHOTS")) { // for looking at the form by eye
        panel.showProblem(panel.problem());
        panel.resize(340, 760);
        panel.grab().save(qEnvironmentVariable("TWILL_TEST_SCREENSHOTS") + "/parameters-problem.png");
    }
    p.array.bits = 16;
    p.array.layers = 3;
    panel.setParameters(p);
    QVERIFY2(panel.problem().startsWith("Layers (3D) is 3"), qPrintable(panel.problem()));
    p.array.layers = 1;
    p.array.bits = 32;
    p.array.rows = p.array.cols = 32;
    panel.setParameters(p);
    QVERIFY2(panel.problem().contains("up to 16-bit"), qPrintable(panel.problem()));
    p.array.bits = 8;
    p.array.rows = p.array.cols = 16;
    p.array.pattern = Pattern::Custom;
    panel.setParameters(p);
    QVERIFY2(panel.problem().contains("no custom pattern yet"), qPrintable(panel.problem()));
    const Geometry g = test::planar(8, 8, 8);
    panel.setCustomLayout(Layout::transpose(g));
    QVERIFY2(panel.problem().startsWith("The custom pattern is for 8x8x1 arrays of 8-bit words"), qPrintable(panel.problem()));
    p.array.rows = p.array.cols = 8;
    p.array.customLayout.clear(); // the panel keeps its custom layout
    panel.setParameters(p);
    QCOMPARE(panel.problem(), QString());
    QCOMPARE(panel.layout().significanceMap(0), Layout::transpose(g).significanceMap(0));
    // No flag names: the form's own words.
    QCOMPARE(ParametersPanel::label("max_shift"), QString("Shift"));
    QCOMPARE(ParametersPanel::label("cols"), QString("Rows = columns"));
    // Notes on options that do nothing here.
    auto *hint = panel.findChild<QLabel *>("hint");
    p.encoder.solver = SolverKind::Greedy;
    p.encoder.timeLimit = 5;
    panel.setParameters(p);
    QVERIFY(hint->text().contains("exact search only"));
}

void TestPanels::runSetupRoundTrip_data()
{
    QTest::addColumn<NetworkRunSpec>("spec");
    QTest::newRow("defaults") << NetworkRunSpec{};
    NetworkRunSpec s;
    s.model = "/models/net.pt";
    s.checkpoint = "/models/base.ckpt";
    s.data = "/data/idx";
    s.epochs = 7;
    s.trainSubset = 5000;
    s.testSubset = 2000;
    s.mode = RetrainMode::Ste;
    s.partition = PartitionRule::Random;
    s.epochsPerStep = 3;
    s.retrainLr = 0.0025;
    s.array = ArraySpec::plain(8);
    s.schedule = {0.3, 0.6, 1.0};
    s.unit = PortionUnit::Weight;
    s.steEvery = 17;
    s.importance = true;
    s.laterWeight = 0.6;
    s.bitL1 = 2.5;
    s.quant = QuantGranularity::PerChannel;
    QTest::newRow("files, plain storage and every option") << s;
    NetworkRunSpec m;
    m.model = "mlp";
    m.data = "synthetic";
    m.mode = RetrainMode::Post;
    m.partition = PartitionRule::Importance;
    m.placement = 12;
    QTest::newRow("mlp, post, placement, synthetic") << m;
    NetworkRunSpec w;
    w.model = "resnet20";
    w.weights = "/models/resnet20_state_dict.pt";
    w.epochs = 0;
    w.input.mean = {0.485, 0.456, 0.406};
    w.input.std = {0.229, 0.224, 0.225};
    w.input.channels = 3;
    w.input.rows = w.input.cols = 32;
    w.input.fit = "resize";
    w.encodeTensors = {"conv*.weight", "layer?.*"};
    w.keepFloat = {"fc.*"};
    QTest::newRow("resnet20, PyTorch weights, per-channel inputs, tensors") << w;
}

void TestPanels::runSetupRoundTrip()
{
    QFETCH(NetworkRunSpec, spec);
    RunSetupPanel panel;
    panel.setSpec(spec);
    const NetworkRunSpec back = panel.spec();
    // The form's part of the spec comes back whole (the storage is "as in Parameters" or plain).
    QCOMPARE(back.model, spec.model);
    QCOMPARE(back.checkpoint, spec.checkpoint);
    QCOMPARE(back.weights, spec.weights);
    QCOMPARE(back.input.mean, spec.input.mean);
    QCOMPARE(back.input.std, spec.input.std);
    QCOMPARE(back.input.channels, spec.input.channels);
    QCOMPARE(back.input.rows, spec.input.rows);
    QCOMPARE(back.input.cols, spec.input.cols);
    QCOMPARE(back.input.fit, spec.input.fit);
    QCOMPARE(back.encodeTensors, spec.encodeTensors);
    QCOMPARE(back.keepFloat, spec.keepFloat);
    QCOMPARE(back.data, spec.data);
    QCOMPARE(back.epochs, spec.epochs);
    QCOMPARE(back.trainSubset, spec.trainSubset);
    QCOMPARE(back.testSubset, spec.testSubset);
    QCOMPARE(retrainModeName(back.mode), retrainModeName(spec.mode));
    QCOMPARE(partitionName(back.partition), partitionName(spec.partition));
    QCOMPARE(back.epochsPerStep, spec.epochsPerStep);
    QCOMPARE(back.retrainLr, spec.retrainLr);
    QCOMPARE(back.array.isPlain(), spec.array.isPlain());
    QCOMPARE(back.schedule, spec.schedule);
    QCOMPARE(unitName(back.unit), unitName(spec.unit));
    QCOMPARE(back.steEvery, spec.steEvery);
    QCOMPARE(back.importance, spec.importance);
    QCOMPARE(back.placement, spec.placement);
    QCOMPARE(back.laterWeight, spec.laterWeight);
    QCOMPARE(back.bitL1, spec.bitL1);
    QCOMPARE(granularityName(back.quant), granularityName(spec.quant));
    QCOMPARE(panel.problemOf(back), QString());
}

void TestPanels::runSetupProblems()
{
    RunSetupPanel panel;
    QCOMPARE(panel.problemOf(panel.spec()), QString());
    QSignalSpy changed(&panel, &RunSetupPanel::changed);
    auto *schedule = panel.findChild<QLineEdit *>("runSchedule");
    schedule->setText("0.5, 0.4, 1");
    QVERIFY(changed.count() >= 1);
    // The spec's validation, under the form's label.
    QVERIFY2(panel.problemOf(panel.spec()).startsWith("INQ schedule must rise strictly"), qPrintable(panel.problemOf(panel.spec())));
    schedule->setText("0.5, x");
    QVERIFY(panel.problemOf(panel.spec()).contains("'x' is not a number"));
    // Only INQ reads the schedule: other modes run with the default one.
    panel.findChild<QComboBox *>("runMode")->setCurrentText("post");
    QCOMPARE(panel.problemOf(panel.spec()), QString());
    QCOMPARE(panel.spec().schedule, NetworkRunSpec{}.schedule);
    QVERIFY(!schedule->isEnabled());
    NetworkRunSpec s;
    s.model = "/models/net.pt";
    s.placement = 3;
    panel.setSpec(s);
    QVERIFY(panel.problemOf(panel.spec()).startsWith("Placement search needs lenet5 or mlp"));
    if (qEnvironmentVariableIsSet("TWILL_TEST_SCREENSHOTS")) {
        panel.showProblem(panel.problemOf(panel.spec()));
        panel.resize(460, 760);
        panel.grab().save(qEnvironmentVariable("TWILL_TEST_SCREENSHOTS") + "/run-setup-problem.png");
    }
    // The input's fields: words that are not numbers, a shape that is not C, H, W, and the
    // spec's check of one value per channel, under the form's labels.
    panel.setSpec(NetworkRunSpec{});
    auto *mean = panel.findChild<QLineEdit *>("runNormalizeMean");
    auto *shape = panel.findChild<QLineEdit *>("runInputShape");
    QVERIFY(!panel.findChild<QComboBox *>("runInputFit")->isEnabled()); // no shape: nothing to fit
    mean->setText("0.5, x");
    QVERIFY2(panel.problemOf(panel.spec()).startsWith("Input mean: 'x' is not a number"), qPrintable(panel.problemOf(panel.spec())));
    mean->setText("0.1, 0.2");
    QVERIFY2(panel.problemOf(panel.spec()).startsWith("Input mean gives 2 values; give one, or one per input channel (1)"),
             qPrintable(panel.problemOf(panel.spec())));
    shape->setText("2, 28, 28");
    QVERIFY(panel.findChild<QComboBox *>("runInputFit")->isEnabled());
    QCOMPARE(panel.problemOf(panel.spec()), QString()); // two channels, two means
    shape->setText("3, 32");
    QVERIFY2(panel.problemOf(panel.spec()).startsWith("Input shape: give three whole numbers"), qPrintable(panel.problemOf(panel.spec())));
    shape->setText("");
    mean->setText("0.5");
    panel.findChild<QComboBox *>("runWeights")->insertItem(0, "/w.pt", "/w.pt");
    panel.findChild<QComboBox *>("runWeights")->setCurrentIndex(0);
    panel.findChild<QComboBox *>("runBaseline")->insertItem(0, "/b.ckpt", "/b.ckpt");
    panel.findChild<QComboBox *>("runBaseline")->setCurrentIndex(0);
    QVERIFY2(panel.problemOf(panel.spec()).startsWith("Weights and a checkpoint both give the baseline's weights"),
             qPrintable(panel.problemOf(panel.spec())));
    panel.setSpec(s);
    // Options of Parameters that the run cannot take are named as Parameters' (no flag names).
    NetworkRunSpec byWeight;
    byWeight.unit = PortionUnit::Weight;
    byWeight.encoder.offset = true;
    QVERIFY2(panel.problemOf(byWeight).startsWith("INQ unit weight cannot go with shift, rotate or offset"),
             qPrintable(panel.problemOf(byWeight)));
    NetworkRunSpec wide;
    wide.encoder.maxShift = 9;
    QVERIFY2(panel.problemOf(wide).startsWith("Parameters: Shift must be 0 to 8"), qPrintable(panel.problemOf(wide)));
    panel.showProblem("Placement search needs lenet5 or mlp");
    QVERIFY(panel.findChild<QLabel *>("runSetupProblem")->text().contains("needs lenet5 or mlp"));
    // A run locks the form; its end unlocks what applies to the mode.
    panel.setRunning(true);
    QVERIFY(!panel.findChild<QComboBox *>("runModel")->isEnabled());
    panel.setRunning(false);
    QVERIFY(panel.findChild<QComboBox *>("runModel")->isEnabled());
    QVERIFY(schedule->isEnabled()); // inq again
}

void TestPanels::sweepRoundTrip_data()
{
    QTest::addColumn<SweepSpec>("spec");
    QTest::newRow("defaults") << SweepSpec{};
    SweepSpec s;
    s.bits = {4, 6, 10};
    s.patterns = {Pattern::Transpose};
    s.cube = true;
    s.wordsPerSide = 3;
    s.arrays = 75;
    QTest::newRow("cube, transpose only") << s;
}

void TestPanels::sweepRoundTrip()
{
    QFETCH(SweepSpec, spec);
    SweepPanel panel;
    panel.setSpec(spec);
    QString problem;
    const SweepSpec back = panel.spec(problem);
    QCOMPARE(problem, QString());
    QCOMPARE(back.bits, spec.bits);
    QCOMPARE(back.patterns, spec.patterns);
    QCOMPARE(back.cube, spec.cube);
    QCOMPARE(back.wordsPerSide, spec.wordsPerSide);
    QCOMPARE(back.arrays, spec.arrays);
    QVERIFY(panel.findChild<QPushButton *>("sweepStart")->isEnabled());
    // The core's own words for a spec it refuses, and Start waits.
    spec.bits = {40};
    panel.setSpec(spec);
    panel.spec(problem);
    QVERIFY2(problem.contains("bit width 40 is out of range"), qPrintable(problem));
    QVERIFY(!panel.findChild<QPushButton *>("sweepStart")->isEnabled());
}

namespace {

// A step as the core reports it, with one layer per given (mean, max) error.
RunStep step(int n, const std::string &label, double fraction, double accuracy, double loss,
             const std::vector<std::pair<double, double>> &layers = {})
{
    StepReport r;
    r.step = n;
    r.label = label;
    r.fraction = fraction;
    r.accuracy = accuracy;
    r.loss = loss;
    for (size_t l = 0; l < layers.size(); ++l) {
        LayerReport lr;
        lr.name = "fc" + std::to_string(l + 1) + ".weight";
        lr.error.words = 100 * int64_t(l + 1);
        lr.error.meanPctFs = layers[l].first;
        lr.error.maxPctFs = layers[l].second;
        r.layers.push_back(lr);
    }
    return RunStep::of(r);
}

} // namespace

void TestPanels::runChartsShowTheSteps()
{
    // The panel on its own, fed by hand: it needs the core's step reports, not LibTorch.
    RunChartsPanel panel;
    panel.startRun("mlp inq msb-lsb 8-bit");
    panel.setRunning(true);
    const QList<RunStep> steps = {step(0, "baseline", 0, 0.9, 0.30), step(1, "post", 1, 0.7, 0.80, {{1.0, 3.0}, {2.0, 5.0}}),
                                  step(2, "inq 0.5", 0.5, 0.8, 0.50, {{0.5, 2.0}, {1.5, 4.0}}),
                                  step(3, "inq 1", 1, 0.85, 0.40, {{0.25, 1.0}, {0.75, 3.5}})};
    for (const RunStep &s : steps) panel.addStep(s);
    // The mean over words weighs each layer by its words: (0.25 * 100 + 0.75 * 200) / 300.
    QCOMPARE(panel.steps().back().meanPctFs, (0.25 * 100 + 0.75 * 200) / 300.0);
    panel.refreshNow();
    auto *accuracy = qobject_cast<QLineSeries *>(panel.chart("accuracy")->series().at(0));
    QCOMPARE(accuracy->count(), 4);
    for (int i = 0; i < 4; ++i) QCOMPARE(accuracy->at(i).y(), 100 * steps[i].accuracy); // in %
    QCategoryAxis *x = nullptr;
    for (QAbstractAxis *a : panel.chart("loss")->axes(Qt::Horizontal)) x = qobject_cast<QCategoryAxis *>(a);
    QVERIFY(x);
    QCOMPARE(x->categoriesLabels(), (QStringList{"baseline", "post", "INQ 50%", "INQ 100%"}));
    // Per-layer error: the latest step that encoded something.
    auto *bars = qobject_cast<QBarSeries *>(panel.chart("layers")->series().at(0));
    QVERIFY(bars);
    QCOMPARE(bars->barSets().at(0)->count(), 2);
    QCOMPARE(bars->barSets().at(0)->at(1), 0.75);
    QCOMPARE(bars->barSets().at(1)->at(1), 3.5);
    // Compare overlays the run going now, then the kept runs.
    QCOMPARE(panel.chart("compare")->series().size(), 1);
    QVERIFY(panel.keepRun(true));
    panel.setRunning(false);
    panel.startRun("mlp inq transpose 8-bit");
    panel.addStep(steps[0]);
    QVERIFY(!panel.keepRun(true)); // a run that stopped at the baseline encoded nothing
    panel.refreshNow();
    QCOMPARE(panel.runs().size(), 1);
    QCOMPARE(panel.chart("compare")->series().size(), 1);
    panel.findChild<QListWidget *>("runList")->item(0)->setCheckState(Qt::Unchecked);
    panel.refreshNow();
    QCOMPARE(panel.chart("compare")->series().size(), 0);
    // The histogram of one deployed tensor counts every weight.
    panel.setTensorErrors({TensorErrors{"fc1.weight", {-2, -1, 0, 0, 1, 3}, 255}});
    panel.showTensor("fc1.weight");
    // Its table: one row per bin (low, high, count).
    const QList<QByteArray> bins = chartCsv(panel.chart("tensor")).trimmed().split('\n');
    QCOMPARE(bins.first(), QByteArray("series,error_low_lsb,error_high_lsb,weights"));
    double counted = 0;
    for (const QByteArray &row : bins.mid(1)) counted += row.split(',').last().toDouble();
    QCOMPARE(int(counted), 6);
    QVERIFY(panel.chart("tensor")->title().startsWith("fc1.weight"));
}

void TestPanels::compareNamesItsStepsInPercent()
{
    // Two kept runs, INQ and STE: Compare names the steps on its axis as the accuracy chart does
    // (both names where the runs differ), and plots accuracy in %.
    RunChartsPanel panel;
    auto categories = [&panel](const QString &chart) {
        for (QAbstractAxis *a : panel.chart(chart)->axes(Qt::Horizontal))
            if (auto *x = qobject_cast<QCategoryAxis *>(a)) return x->categoriesLabels();
        return QStringList{"(no category axis)"};
    };
    auto percentAxis = [&panel](const QString &chart) {
        for (QAbstractAxis *a : panel.chart(chart)->axes(Qt::Vertical))
            if (auto *y = qobject_cast<QValueAxis *>(a)) return y;
        return static_cast<QValueAxis *>(nullptr);
    };
    panel.refreshNow();
    QCOMPARE(categories("compare"), (QStringList{"0", "1"})); // nothing run yet: whole steps
    const QList<RunStep> inq = {step(0, "baseline", 0, 0.91, 0.3), step(1, "post", 1, 0.62, 0.9),
                                step(2, "inq 0.5", 0.5, 0.84, 0.5), step(3, "inq 1", 1, 0.88, 0.4)};
    const QList<RunStep> ste = {step(0, "baseline", 0, 0.91, 0.3), step(1, "post", 1, 0.55, 1.1),
                                step(2, "ste epoch 1", 1, 0.80, 0.6), step(3, "ste epoch 2", 1, 0.86, 0.45)};
    for (const auto &[name, steps] : {std::make_pair(QString("mlp inq msb-lsb 8x8 8-bit"), inq),
                                      std::make_pair(QString("mlp ste msb-lsb 8x8 8-bit"), ste)}) {
        panel.startRun(name);
        for (const RunStep &s : steps) panel.addStep(s);
        QVERIFY(panel.keepRun(true));
    }
    panel.refreshNow();
    QCOMPARE(categories("compare"), (QStringList{"baseline", "post", "INQ 50% / STE 1", "INQ 100% / STE 2"}));
    QCOMPARE(categories("accuracy"), (QStringList{"baseline", "post", "STE 1", "STE 2"})); // the last run alone
    QCOMPARE(panel.chart("compare")->series().size(), 2);
    auto *line = qobject_cast<QLineSeries *>(panel.chart("compare")->series().at(0));
    QVERIFY(line);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(line->at(i).x(), double(inq[i].step));
        QCOMPARE(line->at(i).y(), 100 * inq[i].accuracy);
    }
    // Every accuracy axis in %: titled so, its range holding the points in %.
    for (const QString chart : {"accuracy", "compare"}) {
        QValueAxis *y = percentAxis(chart);
        QVERIFY(y);
        QCOMPARE(y->titleText(), QString("accuracy (%)"));
        QVERIFY2(y->min() <= 55 && y->max() >= 91 && y->max() <= 100, qPrintable(chart));
    }
    // One run left ticked: its own names.
    panel.findChild<QListWidget *>("runList")->item(1)->setCheckState(Qt::Unchecked);
    panel.refreshNow();
    QCOMPARE(categories("compare"), (QStringList{"baseline", "post", "INQ 50%", "INQ 100%"}));
}

QTEST_MAIN(TestPanels)
void TestPanels::chartTextStaysWhole()
{
    // A chart squeezed into a small page keeps its axis title and legend whole: the view's
    // minimum grows until the plot is as tall as the title is long and the markers fit side by side.
    auto *chart = new QChart;
    QList<QLineSeries *> series;
    for (const char *name : {"msb-lsb 16x16 16-bit", "transpose 16x16 16-bit", "plain 16-bit (no overlap)"}) {
        auto *s = new QLineSeries;
        s->setName(name);
        *s << QPointF(0, 1) << QPointF(1, 2);
        chart->addSeries(s);
    }
    chart->createDefaultAxes();
    QAbstractAxis *y = chart->axes(Qt::Vertical).first();
    y->setTitleText("accuracy by step of the run (%)");
    chart->legend()->setAlignment(Qt::AlignBottom);
    QChartView view(chart);
    view.resize(220, 120);
    keepTextWhole(&view);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.minimumHeight() > 120);
    view.resize(view.minimumSize());
    QTest::qWait(50);
    QCoreApplication::processEvents();
    const double title = QFontMetricsF(y->titleFont()).horizontalAdvance(y->titleText());
    QTRY_VERIFY2(chart->plotArea().height() >= title,
                 qPrintable(QString("plot %1 px tall, title %2 px").arg(chart->plotArea().height()).arg(title)));
    const QFontMetricsF fm(chart->legend()->font());
    double labels = 0;
    for (QLegendMarker *m : chart->legend()->markers()) labels += fm.horizontalAdvance(m->label());
    QVERIFY2(view.minimumWidth() > labels, qPrintable(QString("%1 <= %2").arg(view.minimumWidth()).arg(labels)));
}

#include "tst_panels.moc"
