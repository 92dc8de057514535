// The panels on their own: each maps its form to its values and back through one pair of
// functions (every field survives the round trip through the widgets), says what changed,
// and explains in words what stops its values from running.
#include "ParametersPanel.h"
#include "RunChartsPanel.h"
#include "RunSetupPanel.h"
#include "SweepPanel.h"
#include "TestSupport.h"

#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QLineSeries>
#include <QListWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

using namespace twill;

Q_DECLARE_METATYPE(twill::ArrayParameters)
Q_DECLARE_METATYPE(twill::NetworkSetup)
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
};

void TestPanels::parametersRoundTrip_data()
{
    QTest::addColumn<ArrayParameters>("p");
    QTest::newRow("defaults") << ArrayParameters{};
    ArrayParameters a;
    a.pattern = "transpose";
    a.bits = 8;
    a.size = 24;
    a.layers = 8;
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
    QTest::newRow("every option") << a;
    ArrayParameters b;
    b.pattern = "custom";
    b.encoder.format = NumberFormat::SignMagnitude;
    b.encoder.objective = Objective::Relative;
    b.encoder.solver = SolverKind::Greedy;
    b.encoder.restarts = 0;
    QTest::newRow("custom, signmag, rel, greedy") << b;
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
    QCOMPARE(q.pattern, p.pattern);
    QCOMPARE(q.bits, p.bits);
    QCOMPARE(q.size, p.size);
    QCOMPARE(q.layers, p.layers);
    const EncodeOptions &a = p.encoder, &b = q.encoder;
    QCOMPARE(formatName(b.format), formatName(a.format));
    QCOMPARE(objectiveName(b.objective), objectiveName(a.objective));
    QCOMPARE(solverName(b.solver), solverName(a.solver));
    QCOMPARE(b.bound, a.bound);
    QCOMPARE(b.shift, a.shift);
    QCOMPARE(b.maxShift, a.maxShift);
    QCOMPARE(b.offset, a.offset);
    QCOMPARE(b.offsetBits, a.offsetBits);
    QCOMPARE(b.timeLimit, a.timeLimit);
    QCOMPARE(b.nodeLimit, a.nodeLimit);
    QCOMPARE(b.restarts, a.restarts);
    QCOMPARE(b.seed, a.seed);
    QCOMPARE(b.threads, 1);
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
    QSignalSpy encode(&panel, &ParametersPanel::encodeRequested);
    panel.findChild<QPushButton *>("encodeButton")->click();
    QCOMPARE(encode.count(), 1);
    panel.nextSeed();
    QCOMPARE(panel.parameters().encoder.seed, uint64_t(2));
    QCOMPARE(targets.count(), 3);
}

void TestPanels::parametersProblems()
{
    ParametersPanel panel;
    QCOMPARE(panel.problem(), QString());
    QCOMPARE(panel.layout().geometry().rows, 16);
    ArrayParameters p;
    p.bits = 5; // 16 columns are not a multiple of 5
    panel.setParameters(p);
    QVERIFY2(panel.problem().contains("multiple of 5"), qPrintable(panel.problem()));
    p.bits = 32;
    p.size = 32;
    panel.setParameters(p);
    QVERIFY2(panel.problem().contains("up to 16-bit"), qPrintable(panel.problem()));
    p.bits = 8;
    p.size = 16;
    p.pattern = "custom";
    panel.setParameters(p);
    QVERIFY2(panel.problem().contains("no custom pattern yet"), qPrintable(panel.problem()));
    Geometry g = test::planar(8, 8, 8);
    panel.setCustomLayout(Layout::transpose(g));
    QVERIFY2(panel.problem().contains("custom pattern is for 8x8 arrays of 8-bit words"), qPrintable(panel.problem()));
    p.size = 8;
    panel.setParameters(p);
    QCOMPARE(panel.problem(), QString());
    QCOMPARE(panel.layout().significanceMap(0), Layout::transpose(g).significanceMap(0));
    // Notes on options that do nothing here.
    auto *hint = panel.findChild<QLabel *>("hint");
    p.encoder.solver = SolverKind::Greedy;
    p.encoder.timeLimit = 5;
    panel.setParameters(p);
    QVERIFY(hint->text().contains("exact search only"));
}

void TestPanels::runSetupRoundTrip_data()
{
    QTest::addColumn<NetworkSetup>("setup");
    QTest::addColumn<QString>("dataset");
    QTest::newRow("defaults") << NetworkSetup{} << QString();
    NetworkSetup s;
    s.model = "/models/net.pt";
    s.checkpoint = "/models/base.ckpt";
    s.epochs = 7;
    s.trainSubset = 5000;
    s.testSubset = 2000;
    s.mode = "ste";
    s.partition = "random";
    s.epochsPerStep = 3;
    s.lr = 0.0025;
    s.storage = "none";
    s.schedule = {0.3, 0.6, 1.0};
    s.unit = "weight";
    s.steEvery = 17;
    s.importance = true;
    s.placement = 0;
    s.laterWeight = 0.6;
    s.quant = "per-channel";
    QTest::newRow("files and every option") << s << QString("/data/idx");
    NetworkSetup m;
    m.model = "mlp";
    m.mode = "post";
    m.partition = "importance";
    m.placement = 12;
    QTest::newRow("mlp, post, placement, synthetic") << m << QString("synthetic");
}

void TestPanels::runSetupRoundTrip()
{
    QFETCH(NetworkSetup, setup);
    QFETCH(QString, dataset);
    RunSetupPanel panel;
    panel.setSetup(setup, dataset.toStdString());
    std::string data;
    const NetworkSetup back = panel.setup(data);
    QCOMPARE(QString::fromStdString(data), dataset);
    QCOMPARE(back.model, setup.model);
    QCOMPARE(back.checkpoint, setup.checkpoint);
    QCOMPARE(back.epochs, setup.epochs);
    QCOMPARE(back.trainSubset, setup.trainSubset);
    QCOMPARE(back.testSubset, setup.testSubset);
    QCOMPARE(back.mode, setup.mode);
    QCOMPARE(back.partition, setup.partition);
    QCOMPARE(back.epochsPerStep, setup.epochsPerStep);
    QCOMPARE(back.lr, setup.lr);
    QCOMPARE(back.storage, setup.storage);
    QCOMPARE(back.schedule, setup.schedule);
    QCOMPARE(back.unit, setup.unit);
    QCOMPARE(back.steEvery, setup.steEvery);
    QCOMPARE(back.importance, setup.importance);
    QCOMPARE(back.placement, setup.placement);
    QCOMPARE(back.laterWeight, setup.laterWeight);
    QCOMPARE(back.quant, setup.quant);
}

void TestPanels::runSetupProblems()
{
    RunSetupPanel panel;
    QVERIFY(panel.problems().isEmpty());
    QSignalSpy changed(&panel, &RunSetupPanel::changed);
    auto *schedule = panel.findChild<QLineEdit *>("runSchedule");
    schedule->setText("0.5, 0.4, 1");
    QVERIFY(changed.count() >= 1);
    QVERIFY(panel.problems().join(" ").contains("rise strictly"));
    schedule->setText("0.5, x");
    QVERIFY(panel.problems().join(" ").contains("'x' is not a number"));
    // Only INQ reads the schedule.
    panel.findChild<QComboBox *>("runMode")->setCurrentText("post");
    QVERIFY(panel.problems().isEmpty());
    QVERIFY(!schedule->isEnabled());
    NetworkSetup s;
    s.model = "/models/net.pt";
    s.placement = 3;
    panel.setSetup(s, "");
    QVERIFY(panel.problems().join(" ").contains("built-in model"));
    QVERIFY(panel.findChild<QLabel *>("runSetupProblem")->text().contains("built-in model"));
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
    s.patterns = {"transpose"};
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
    for (int i = 0; i < 4; ++i) QCOMPARE(accuracy->at(i).y(), steps[i].accuracy);
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
    auto *hist = qobject_cast<QBarSeries *>(panel.chart("tensor")->series().at(0));
    double counted = 0;
    for (int b = 0; b < hist->barSets().at(0)->count(); ++b) counted += hist->barSets().at(0)->at(b);
    QCOMPARE(int(counted), 6);
    QVERIFY(panel.chart("tensor")->title().startsWith("fc1.weight"));
}

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
