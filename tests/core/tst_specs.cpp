// Specs and the files that carry them: the array, encoder and network-run specs round-trip through their one JSON
// form and name the key of every option out of range; projects, encode and run reports and
// layouts written by Twill 0.1.0 (tests/data) still open with exactly their values; broken
// projects are refused with the reason; codes and .npy files round-trip.
#include "TestSupport.h"

#include "encode/RandomTargets.h"
#include "io/CodesFile.h"
#include "io/EncodeExport.h"
#include "io/LayoutFile.h"
#include "io/Npy.h"
#include "io/ProjectFile.h"
#include "nn/RunReport.h"
#include "spec/ArraySpec.h"
#include "spec/NetworkRunSpec.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include <functional>

using namespace twill;
using namespace twill::test;

namespace {

QByteArray readBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

QJsonObject readJson(const QString &path)
{
    return QJsonDocument::fromJson(readBytes(path)).object();
}

QString dataFile(const char *name)
{
    return QDir(TWILL_TEST_DATA).filePath(name);
}

// The key a SpecError names, or "" when f throws none (any other error fails the test).
std::string keyOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const SpecError &e) {
        return e.key();
    }
    return {};
}

using ArrayChange = std::function<void(ArraySpec &)>;
using EncoderChange = std::function<void(EncodeOptions &)>;
using RunChange = std::function<void(NetworkRunSpec &)>;

} // namespace

Q_DECLARE_METATYPE(ArrayChange)
Q_DECLARE_METATYPE(EncoderChange)
Q_DECLARE_METATYPE(RunChange)

class TestSpecs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void arraySpecRoundTrip_data();
    void arraySpecRoundTrip();
    void arraySpecNamesKey_data();
    void arraySpecNamesKey();
    void arraySpecLayoutIsTheNamedPattern();
    void encodeOptionsRoundTrip();
    void encodeOptionsNamesKey_data();
    void encodeOptionsNamesKey();
    void runSpecRoundTrip();
    void runSpecNamesKey_data();
    void runSpecNamesKey();
    void seedsAreNumbersUnlessHuge();
    void version1ProjectsOpen_data();
    void version1ProjectsOpen();
    void version1NetworkSection();
    void projectRoundTrip();
    void brokenProjects_data();
    void brokenProjects();
    void encodeReportsOpen_data();
    void encodeReportsOpen();
    void encodeReportRoundTrip();
    void runReportOpens();
    void layoutFiles();
    void codesRoundTrip();
    void npyRoundTrip();
};

void TestSpecs::arraySpecRoundTrip_data()
{
    QTest::addColumn<ArrayChange>("change");
    QTest::newRow("default") << ArrayChange([](ArraySpec &) {});
    QTest::newRow("transpose 8x16") << ArrayChange([](ArraySpec &a) {
        a.pattern = Pattern::Transpose;
        a.bits = 8;
        a.rows = 8;
        a.cols = 16;
    });
    QTest::newRow("cube rotated") << ArrayChange([](ArraySpec &a) {
        a = ArraySpec::square(Pattern::Latin, 8, true);
        a.rotation = 3;
    });
    QTest::newRow("plain") << ArrayChange([](ArraySpec &a) { a = ArraySpec::plain(4); });
    QTest::newRow("custom") << ArrayChange([](ArraySpec &a) {
        const Geometry g = planar(4, 4, 4);
        std::vector<std::vector<int>> sig{Layout::transpose(g).significanceMap(0), Layout::transpose(g).significanceMap(1)};
        std::swap(sig[0][0], sig[0][1]); // row word 0 stays a permutation
        a = ArraySpec::of(Layout(g, sig));
    });
}

void TestSpecs::arraySpecRoundTrip()
{
    QFETCH(ArrayChange, change);
    ArraySpec a;
    change(a);
    const ArraySpec back = ArraySpec::fromJson(a.toJson());
    QVERIFY(back == a);
    // The layouts agree cell by cell, and equal the spec's own layout.
    const Layout la = a.layout(), lb = back.layout();
    QCOMPARE(lb.pattern(), la.pattern());
    QCOMPARE(lb.directionCount(), la.directionCount());
    for (int k = 0; k < la.directionCount(); ++k) QCOMPARE(lb.significanceMap(k), la.significanceMap(k));
}

void TestSpecs::arraySpecNamesKey_data()
{
    QTest::addColumn<ArrayChange>("change");
    QTest::addColumn<QString>("key");
    QTest::newRow("bits") << ArrayChange([](ArraySpec &a) { a.bits = 40; }) << "bits";
    QTest::newRow("rows") << ArrayChange([](ArraySpec &a) { a.rows = 0; }) << "rows";
    QTest::newRow("cols") << ArrayChange([](ArraySpec &a) { a.cols = 5000; }) << "cols";
    QTest::newRow("layers") << ArrayChange([](ArraySpec &a) { a.layers = 300; }) << "layers";
    QTest::newRow("rotation") << ArrayChange([](ArraySpec &a) { a.rotation = -1; }) << "rotation";
    QTest::newRow("cols not filled") << ArrayChange([](ArraySpec &a) { a.cols = 12; }) << "cols";
    QTest::newRow("rows not filled") << ArrayChange([](ArraySpec &a) { a.rows = 12; }) << "rows";
    QTest::newRow("layers not filled") << ArrayChange([](ArraySpec &a) { a.layers = 3; }) << "layers";
    QTest::newRow("directions twice") << ArrayChange([](ArraySpec &a) { a.directions = {Direction::Row, Direction::Row}; })
                                      << "directions";
    QTest::newRow("custom without maps") << ArrayChange([](ArraySpec &a) { a.pattern = Pattern::Custom; })
                                         << "custom_layout";
    QTest::newRow("custom of another shape") << ArrayChange([](ArraySpec &a) {
        a = ArraySpec::of(Layout(planar(4, 4, 4), {Layout::transpose(planar(4, 4, 4)).significanceMap(0),
                                                   Layout::transpose(planar(4, 4, 4)).significanceMap(1)}));
        a.rows = a.cols = 8;
    }) << "custom_layout";
}

void TestSpecs::arraySpecNamesKey()
{
    QFETCH(ArrayChange, change);
    QFETCH(QString, key);
    ArraySpec a;
    change(a);
    QCOMPARE(QString::fromStdString(keyOf([&] { a.validate(); })), key);
    // fromJson validates too: a file with the same values is refused with the same key.
    QCOMPARE(QString::fromStdString(keyOf([&] { ArraySpec::fromJson(a.toJson()); })), key);
}

void TestSpecs::arraySpecLayoutIsTheNamedPattern()
{
    // msb-lsb as DESIGN.md defines it: s_row = (i + j + k) mod W, s_col = W-1-s_row.
    ArraySpec a;
    a.bits = 8;
    a.rows = 8;
    a.cols = 16;
    a.rotation = 5;
    const Layout l = a.layout();
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 16; ++j) {
            QCOMPARE(l.significance(0, i * 16 + j), (i + j + 5) % 8);
            QCOMPARE(l.significance(1, i * 16 + j), 7 - (i + j + 5) % 8);
        }
    QCOMPARE(QString::fromStdString(a.describe()), QString("msb-lsb 8x16 8-bit"));
    QCOMPARE(QString::fromStdString(ArraySpec::square(Pattern::MsbLsb, 8, true).describe()), QString("latin 8x8x8 8-bit"));
    QCOMPARE(ArraySpec::plain(8).layout().wordCount(), 8); // one word a row, nothing shared
}

void TestSpecs::encodeOptionsRoundTrip()
{
    EncodeOptions o;
    o.format = NumberFormat::SignMagnitude;
    o.objective = Objective::Relative;
    o.solver = SolverKind::Exact;
    o.bound = 12.5;
    o.timeLimit = 0.25;
    o.nodeLimit = 123456;
    o.restarts = 7;
    o.shift = true;
    o.maxShift = 2;
    o.rotate = true;
    o.offset = true;
    o.offsetBits = 6;
    o.seed = 987654321;
    o.threads = 3;
    QVERIFY(EncodeOptions::fromJson(o.toJson()) == o);
    // No bound is written as no key, and reads back as none.
    o.bound = -1;
    QVERIFY(!o.toJson().contains("bound_lsb"));
    QCOMPARE(EncodeOptions::fromJson(o.toJson()).bound, -1.0);
}

void TestSpecs::encodeOptionsNamesKey_data()
{
    QTest::addColumn<EncoderChange>("change");
    QTest::addColumn<QString>("key");
    QTest::newRow("time limit") << EncoderChange([](EncodeOptions &o) { o.timeLimit = -1; }) << "time_limit_s";
    QTest::newRow("node limit") << EncoderChange([](EncodeOptions &o) { o.nodeLimit = int64_t(2e12); }) << "node_limit";
    QTest::newRow("restarts") << EncoderChange([](EncodeOptions &o) { o.restarts = -2; }) << "restarts";
    QTest::newRow("max shift") << EncoderChange([](EncodeOptions &o) { o.maxShift = 9; }) << "max_shift";
    QTest::newRow("offset bits") << EncoderChange([](EncodeOptions &o) { o.offsetBits = 0; }) << "offset_bits";
    QTest::newRow("threads") << EncoderChange([](EncodeOptions &o) { o.threads = 0; }) << "threads";
}

void TestSpecs::encodeOptionsNamesKey()
{
    QFETCH(EncoderChange, change);
    QFETCH(QString, key);
    EncodeOptions o;
    change(o);
    QCOMPARE(QString::fromStdString(keyOf([&] { o.validate(); })), key);
    // Rotation needs a pattern that rotates.
    EncodeOptions r;
    r.rotate = true;
    QCOMPARE(QString::fromStdString(keyOf([&] { r.validateFor(Pattern::Transpose); })), QString("rotate"));
    QCOMPARE(QString::fromStdString(keyOf([&] { r.validateFor(Pattern::MsbLsb); })), QString());
}

void TestSpecs::runSpecRoundTrip()
{
    NetworkRunSpec s;
    s.model = "/data/models/net.pt";
    s.checkpoint = "base.ckpt";
    s.data = "synthetic";
    s.trainSubset = 500;
    s.testSubset = 200;
    s.epochs = 7;
    s.optimizer = "adam";
    s.lr = 0.002;
    s.momentum = 0.5;
    s.batch = 32;
    s.mode = RetrainMode::Ste;
    s.schedule = {0.25, 0.5, 1.0};
    s.partition = PartitionRule::Random;
    s.unit = PortionUnit::Weight;
    s.epochsPerStep = 2;
    s.retrainLr = 0.02;
    s.steEvery = 20;
    s.laterWeight = 0.5;
    s.bitL1 = 2.5;
    s.quant = QuantGranularity::PerChannel;
    s.importance = true;
    s.seed = 42;
    s.threads = 2;
    s.array = ArraySpec::square(Pattern::Transpose, 4, true);
    s.encoder.objective = Objective::Max;
    s.encoder.format = NumberFormat::TwosComplement;
    s.encoder.seed = s.seed;
    const NetworkRunSpec b = NetworkRunSpec::fromJson(s.toJson());
    QCOMPARE(b.toJson(), s.toJson());
    QCOMPARE(b.model, s.model);
    QCOMPARE(b.schedule, s.schedule);
    QCOMPARE(b.mode, RetrainMode::Ste);
    QCOMPARE(b.unit, PortionUnit::Weight);
    QCOMPARE(b.bitL1, 2.5);
    QCOMPARE(b.quant, QuantGranularity::PerChannel);
    QVERIFY(b.array == s.array);
    QVERIFY(b.encoder == s.encoder);
    QCOMPARE(QString::fromStdString(b.name()), QString("net.pt ste transpose 4x4x4 4-bit"));
    // The run's seed and threads are the encoder's: the run spec writes them once.
    QVERIFY(!s.toJson().value("encoder").toObject().contains("seed"));
    QCOMPARE(s.runEncoder(5).seed, uint64_t(42));
    QCOMPARE(s.runEncoder(5).threads, 5);
    // Without the bit-slice L1 term the key is absent, so that earlier studies keep their ids.
    s.bitL1 = 0;
    QVERIFY(!s.toJson().contains("bit_l1"));
    QCOMPARE(NetworkRunSpec::fromJson(s.toJson()).bitL1, 0.0);

    // A network brought from Python: its weights, the input's preprocessing and the tensors.
    NetworkRunSpec w;
    w.model = "resnet20";
    w.weights = "/models/resnet20.pt";
    w.epochs = 0;
    w.input.mean = {0.485, 0.456, 0.406};
    w.input.std = {0.229, 0.224, 0.225};
    w.input.channels = 3;
    w.input.rows = 32;
    w.input.cols = 30;
    w.input.fit = "resize";
    w.encodeTensors = {"layer?.*.conv*", "fc.weight"};
    w.keepFloat = {"layer3.2.*"};
    QCOMPARE(keyOf([&] { w.validate(); }), std::string());
    const QJsonObject wj = w.toJson();
    QCOMPARE(wj.value("input_shape").toArray(), (QJsonArray{3, 32, 30}));
    QCOMPARE(wj.value("normalize_std").toArray().size(), 3);
    const NetworkRunSpec wb = NetworkRunSpec::fromJson(wj);
    QCOMPARE(wb.weights, w.weights);
    QCOMPARE(wb.input.mean, w.input.mean);
    QCOMPARE(wb.input.std, w.input.std);
    QCOMPARE(wb.input.channels, 3);
    QCOMPARE(wb.input.rows, 32);
    QCOMPARE(wb.input.cols, 30);
    QCOMPARE(wb.input.fit, std::string("resize"));
    QCOMPARE(wb.encodeTensors, w.encodeTensors);
    QCOMPARE(wb.keepFloat, w.keepFloat);
    QCOMPARE(wb.baselineSource(), std::string("weights"));
    // A project keeps them too.
    Project p;
    p.network = w;
    const Project back = parseProject(projectJson(p), "p.twill.json");
    QCOMPARE(back.network.toJson(), wj);
}

void TestSpecs::runSpecNamesKey_data()
{
    QTest::addColumn<RunChange>("change");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("model") << RunChange([](NetworkRunSpec &s) { s.model.clear(); }) << "model" << "is empty";
    QTest::newRow("epochs") << RunChange([](NetworkRunSpec &s) { s.epochs = -1; }) << "epochs" << "0 to 100000";
    QTest::newRow("optimizer") << RunChange([](NetworkRunSpec &s) { s.optimizer = "rmsprop"; }) << "optimizer"
                               << "use sgd or adam";
    QTest::newRow("lr") << RunChange([](NetworkRunSpec &s) { s.lr = 0; }) << "lr" << "above 0";
    QTest::newRow("batch") << RunChange([](NetworkRunSpec &s) { s.batch = 0; }) << "batch" << "1 to 65536";
    QTest::newRow("schedule falls") << RunChange([](NetworkRunSpec &s) { s.schedule = {0.5, 0.4, 1}; }) << "schedule"
                                    << "rise strictly";
    QTest::newRow("schedule short") << RunChange([](NetworkRunSpec &s) { s.schedule = {0.5, 0.75}; }) << "schedule"
                                    << "must end at 1";
    QTest::newRow("schedule empty") << RunChange([](NetworkRunSpec &s) { s.schedule.clear(); }) << "schedule" << "empty";
    QTest::newRow("epochs per step") << RunChange([](NetworkRunSpec &s) { s.epochsPerStep = -1; }) << "epochs_per_step"
                                     << "0 to 10000";
    QTest::newRow("retrain lr") << RunChange([](NetworkRunSpec &s) { s.retrainLr = 11; }) << "retrain_lr" << "at most 10";
    QTest::newRow("ste every") << RunChange([](NetworkRunSpec &s) { s.steEvery = 0; }) << "ste_every" << "batches";
    QTest::newRow("later weight") << RunChange([](NetworkRunSpec &s) { s.laterWeight = 2; }) << "later_weight" << "0 to 1";
    QTest::newRow("bit l1 negative") << RunChange([](NetworkRunSpec &s) { s.bitL1 = -1; }) << "bit_l1" << "0 (off) to 1000000";
    QTest::newRow("bit l1 nan") << RunChange([](NetworkRunSpec &s) { s.bitL1 = std::nan(""); }) << "bit_l1" << "0 (off)";
    QTest::newRow("bit l1 post") << RunChange([](NetworkRunSpec &s) {
        s.bitL1 = 1;
        s.mode = RetrainMode::Post;
    }) << "bit_l1" << "use mode inq or ste";
    QTest::newRow("placement of a file") << RunChange([](NetworkRunSpec &s) {
        s.model = "net.pt";
        s.placement = 3;
    }) << "placement" << "needs lenet5 or mlp";
    QTest::newRow("weight unit with shift") << RunChange([](NetworkRunSpec &s) {
        s.unit = PortionUnit::Weight;
        s.encoder.shift = true;
    }) << "unit" << "per-array choices";
    QTest::newRow("weights and checkpoint") << RunChange([](NetworkRunSpec &s) {
        s.weights = "w.pt";
        s.checkpoint = "c.ckpt";
    }) << "weights" << "give one of them";
    QTest::newRow("means per channel") << RunChange([](NetworkRunSpec &s) { s.input.mean = {0.1, 0.2}; })
                                       << "normalize_mean" << "one per input channel (1)";
    QTest::newRow("spread zero") << RunChange([](NetworkRunSpec &s) { s.input.std = {0}; }) << "normalize_std"
                                 << "positive";
    QTest::newRow("shape channels") << RunChange([](NetworkRunSpec &s) {
        s.input.channels = 17;
        s.input.rows = s.input.cols = 28;
    }) << "input_shape" << "1 to 16 channels";
    QTest::newRow("fit") << RunChange([](NetworkRunSpec &s) { s.input.fit = "crop"; }) << "input_fit"
                         << "use pad or resize";
    QTest::newRow("array inside") << RunChange([](NetworkRunSpec &s) { s.array.bits = 1; }) << "bits" << "2 to 32";
    QTest::newRow("encoder inside") << RunChange([](NetworkRunSpec &s) {
        s.array.pattern = Pattern::Transpose;
        s.encoder.rotate = true;
    }) << "rotate" << "rotates";
}

void TestSpecs::runSpecNamesKey()
{
    QFETCH(RunChange, change);
    QFETCH(QString, key);
    QFETCH(QString, phrase);
    NetworkRunSpec s;
    QCOMPARE(QString::fromStdString(keyOf([&] { s.validate(); })), QString());
    change(s);
    try {
        s.validate();
        QFAIL("validate() accepted the spec");
    } catch (const SpecError &e) {
        QCOMPARE(QString::fromStdString(e.key()), key);
        QVERIFY2(QString::fromStdString(e.problem()).contains(phrase), e.what());
        // Messages name the option by its spec name, never a command-line flag.
        QVERIFY2(!QString(e.what()).contains("--"), e.what());
    }
}

void TestSpecs::seedsAreNumbersUnlessHuge()
{
    EncodeOptions o;
    o.seed = 12345;
    QVERIFY(o.toJson().value("seed").isDouble());
    o.seed = ~uint64_t(0);
    QVERIFY(o.toJson().value("seed").isString());
    QCOMPARE(EncodeOptions::fromJson(o.toJson()).seed, ~uint64_t(0));
    // Version 1 wrote seeds as text: they still read.
    QCOMPARE(EncodeOptions::fromJson(QJsonObject{{"seed", "77"}}).seed, uint64_t(77));
    QCOMPARE(QString::fromStdString(keyOf([] { EncodeOptions::fromJson(QJsonObject{{"seed", -3}}); })), QString("seed"));
}

void TestSpecs::version1ProjectsOpen_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("default") << "v1-default.twill.json";
    QTest::newRow("stack with pins") << "v1-stack-pins.twill.json";
    QTest::newRow("options and network") << "v1-options-network.twill.json";
    QTest::newRow("custom") << "v1-custom.twill.json";
}

void TestSpecs::version1ProjectsOpen()
{
    QFETCH(QString, file);
    const QString path = dataFile(file.toUtf8().constData());
    const QJsonObject raw = readJson(path).value("array").toObject();
    QVERIFY(!raw.isEmpty());
    const Project p = loadProject(path.toStdString());
    QCOMPARE(p.fileVersion, 1);
    // Shape, pattern and encoder as the file says, read independently here.
    QCOMPARE(QString::fromStdString(patternName(p.array.pattern)), raw.value("pattern").toString());
    QCOMPARE(p.array.bits, raw.value("bits").toInt());
    QCOMPARE(p.array.rows, raw.value("size").toInt());
    QCOMPARE(p.array.cols, raw.value("size").toInt());
    QCOMPARE(p.array.layers, raw.value("layers").toInt());
    QCOMPARE(QString::fromStdString(formatName(p.encoder.format)), raw.value("number_format").toString());
    QCOMPARE(QString::fromStdString(objectiveName(p.encoder.objective)), raw.value("objective").toString());
    QCOMPARE(p.encoder.bound, raw.value("bound").toDouble() < 0 ? -1.0 : raw.value("bound").toDouble());
    QCOMPARE(p.encoder.shift, raw.value("shift").toBool());
    QCOMPARE(p.encoder.offset, raw.value("offset").toBool());
    QCOMPARE(p.encoder.nodeLimit, int64_t(raw.value("node_limit").toDouble()));
    QCOMPARE(QString::number(p.encoder.seed), raw.value("seed").toString());
    // The same bits, targets, pins and shifts.
    const QString bits = raw.value("cell_bits").toString();
    QCOMPARE(int(p.cellBits.size()), bits.size());
    for (int c = 0; c < bits.size(); ++c) QCOMPARE(int(p.cellBits[size_t(c)]), bits[c] == '1' ? 1 : 0);
    const QJsonArray targets = raw.value("targets").toArray();
    QCOMPARE(int(p.targets.size()), targets.size());
    for (int w = 0; w < targets.size(); ++w) QCOMPARE(double(p.targets[size_t(w)]), targets[w].toDouble());
    int pinned = 0;
    for (int8_t v : p.pins) pinned += v >= 0;
    QCOMPARE(pinned, raw.value("pins").toArray().size());
    for (const QJsonValue &pin : raw.value("pins").toArray())
        QCOMPARE(int(p.pins[size_t(pin.toArray().at(0).toInt())]), pin.toArray().at(1).toInt());
    QCOMPARE(int(p.shifts.size()), raw.value("shifts").toArray().size());
    QCOMPARE(double(p.offsetValue), raw.value("offset_value").toDouble());
    // The layout is the one the file meant: its words hold every target's bits.
    const Layout l = p.array.layout();
    QCOMPARE(int(p.cellBits.size()), l.cellCount());
    QCOMPARE(int(p.targets.size()), l.wordCount());
}

void TestSpecs::version1NetworkSection()
{
    // Written by the window with mlp, ste, random partition, unit weight, lr 0.02, no overlap, synthetic data.
    const Project p = loadProject(dataFile("v1-options-network.twill.json").toStdString());
    const NetworkRunSpec &n = p.network;
    QCOMPARE(n.model, std::string("mlp"));
    QCOMPARE(n.data, std::string("synthetic"));
    QCOMPARE(n.mode, RetrainMode::Ste);
    QCOMPARE(n.partition, PartitionRule::Random);
    QCOMPARE(n.unit, PortionUnit::Weight);
    QCOMPARE(n.retrainLr, 0.02); // "lr" in a version-1 network section is the retraining rate
    QCOMPARE(n.lr, NetworkRunSpec().lr);
    QCOMPARE(n.epochs, 2);
    QCOMPARE(n.epochsPerStep, 2);
    QCOMPARE(n.trainSubset, int64_t(500));
    QCOMPARE(n.testSubset, int64_t(200));
    QCOMPARE(n.schedule, (std::vector<double>{0.25, 0.5, 1.0}));
    QCOMPARE(n.steEvery, 20);
    QVERIFY(n.importance);
    QCOMPARE(n.laterWeight, 0.5);
    QCOMPARE(n.quant, QuantGranularity::PerChannel);
    QVERIFY(n.array.isPlain()); // storage "none"
    QCOMPARE(n.array.bits, 8);
    QCOMPARE(n.encoder.format, NumberFormat::TwosComplement); // the array's encoder options
    // Storage "parameters" follows the shown array on W x W (x W) arrays.
    const Project stack = loadProject(dataFile("v1-stack-pins.twill.json").toStdString());
    QVERIFY(stack.network.array == ArraySpec::square(Pattern::MsbLsb, 8, true));
    QCOMPARE(stack.network.data, std::string("fashion"));
    QCOMPARE(stack.network.retrainLr, 0.01);
    const Project custom = loadProject(dataFile("v1-custom.twill.json").toStdString());
    QVERIFY(custom.network.array == custom.array);
}

void TestSpecs::projectRoundTrip()
{
    for (const char *name : {"v1-default.twill.json", "v1-stack-pins.twill.json", "v1-options-network.twill.json",
                             "v1-custom.twill.json"}) {
        const Project a = loadProject(dataFile(name).toStdString());
        const std::string json = projectJson(a);
        const Project b = parseProject(json, name);
        QCOMPARE(b.fileVersion, 2);
        QVERIFY2(b.array == a.array, name);
        QVERIFY2(b.encoder == a.encoder, name);
        QCOMPARE(b.network.toJson(), a.network.toJson());
        QVERIFY(b.targets == a.targets);
        QVERIFY(b.cellBits == a.cellBits);
        QVERIFY(b.pins == a.pins);
        QVERIFY(b.shifts == a.shifts);
        QCOMPARE(b.offsetValue, a.offsetValue);
        // Writing again gives the same file: nothing drifts between saves.
        QCOMPARE(projectJson(b).substr(json.find("\"array\"")), json.substr(json.find("\"array\"")));
    }
}

void TestSpecs::brokenProjects_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    const QByteArray v2 = "{\"format\": \"twill-project\", \"version\": 2, ";
    QTest::newRow("syntax") << QByteArray("{\"format\": \"twill-project\",") << "not valid JSON";
    QTest::newRow("not a project") << QByteArray("{\"rows\": 4}") << "not a Twill project";
    QTest::newRow("version") << QByteArray("{\"format\": \"twill-project\", \"version\": 3}")
                             << "project version 3 is not supported";
    QTest::newRow("unknown pattern") << v2 + "\"array\": {\"pattern\": \"zigzag\"}}" << "pattern: unknown pattern 'zigzag'";
    QTest::newRow("bits as text") << v2 + "\"array\": {\"bits\": \"8\"}}" << "bits: must be a whole number, not text";
    QTest::newRow("custom without maps") << v2 + "\"array\": {\"pattern\": \"custom\", \"bits\": 4, \"rows\": 4, \"cols\": 4}}"
                                         << "custom_layout: is missing";
    QTest::newRow("target range") << v2 + "\"array\": {\"bits\": 2, \"rows\": 2, \"cols\": 2}, \"example\": "
                                          "{\"targets\": [0, 1, 2, 4]}}"
                                  << "targets: must be whole numbers within 0..3";
    QTest::newRow("target count") << v2 + "\"array\": {\"bits\": 2, \"rows\": 2, \"cols\": 2}, \"example\": "
                                          "{\"targets\": [0, 1]}}"
                                  << "targets: holds 2 values for 4 words";
    QTest::newRow("pin") << v2 + "\"array\": {\"bits\": 2, \"rows\": 2, \"cols\": 2}, \"example\": {\"pins\": [[4, 1]]}}"
                         << "pins: each pin must be [cell 0..3, 0 or 1]";
    QTest::newRow("shift count") << v2 + "\"array\": {\"bits\": 2, \"rows\": 2, \"cols\": 2}, \"example\": "
                                         "{\"shifts\": [0]}}"
                                 << "shifts: holds 1 values for 4 words";
    QTest::newRow("cell bits") << v2 + "\"array\": {\"bits\": 2, \"rows\": 2, \"cols\": 2}, \"example\": "
                                       "{\"cell_bits\": \"01x1\"}}"
                               << "cell_bits: may hold only 0 and 1";
    QTest::newRow("network schedule") << v2 + "\"network\": {\"schedule\": [0.5]}}" << "schedule: must end at 1";
    QTest::newRow("network mode") << v2 + "\"network\": {\"mode\": \"fast\"}}" << "mode: unknown mode 'fast'";
    QTest::newRow("version 1 storage") << QByteArray("{\"format\": \"twill-project\", \"version\": 1, \"array\": {\"bits\": 4, "
                                                     "\"size\": 4, \"seed\": \"1\"}, \"network\": {\"storage\": \"ram\"}}")
                                       << "storage: 'ram' is unknown";
}

void TestSpecs::brokenProjects()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString problem = errorOf([&] { parseProject(content.toStdString(), "broken.json"); });
    QVERIFY2(problem.startsWith("broken.json: "), qPrintable(problem));
    QVERIFY2(problem.contains(message), qPrintable(problem));
}

void TestSpecs::encodeReportsOpen_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("plain") << "v1-encode-report.json";
    QTest::newRow("options") << "v1-encode-report-options.json";
}

void TestSpecs::encodeReportsOpen()
{
    QFETCH(QString, file);
    const QJsonObject report = readJson(dataFile(file.toUtf8().constData()));
    const QJsonObject raw = report.value("parameters").toObject();
    const auto [array, encoder] = encodeReportSpec(report, file.toStdString());
    QCOMPARE(array.bits, raw.value("bits").toInt());
    QCOMPARE(array.rows, raw.value("rows").toInt());
    QCOMPARE(array.cols, raw.value("cols").toInt());
    QCOMPARE(QString::fromStdString(patternName(array.pattern)), raw.value("pattern").toString());
    QCOMPARE(QString::fromStdString(formatName(encoder.format)), raw.value("format").toString());
    QCOMPARE(QString::fromStdString(solverName(encoder.solver)), raw.value("solver").toString());
    QCOMPARE(encoder.bound, raw.contains("bound_lsb") ? raw.value("bound_lsb").toDouble() : -1.0);
    QCOMPARE(encoder.rotate, raw.value("rotate").toBool());
    QCOMPARE(encoder.shift, raw.value("shift").toBool());
    QCOMPARE(encoder.timeLimit, raw.value("time_limit_s").toDouble());
    QCOMPARE(array.layout().wordCount(), raw.value("words_per_array").toInt());
}

void TestSpecs::encodeReportRoundTrip()
{
    ArraySpec a = ArraySpec::square(Pattern::MsbLsb, 4);
    a.rows = 8;
    EncodeOptions o;
    o.objective = Objective::L2;
    o.rotate = true;
    o.bound = 3;
    const Encoder enc(a.layout(), o);
    const std::vector<int64_t> targets = randomTargets(2, enc.wordCount(), o.format, 4, 3);
    const auto results = enc.encodeMany(targets, {}, {});
    const QJsonObject report = encodeReportJson(enc, targets, results, summarize(enc, targets, results, 0.1));
    QCOMPARE(report.value("version").toInt(), 2);
    const auto [back, backOptions] = encodeReportSpec(report, "report");
    QVERIFY(back == a);
    QVERIFY(backOptions == o);
    QCOMPARE(report.value("storage").toObject().value("words_per_array").toInt(), enc.wordCount());
}

void TestSpecs::runReportOpens()
{
    const QJsonObject report = readJson(dataFile("v1-retrain-report.json"));
    const NetworkRunSpec s = runReportSpec(report, "v1-retrain-report.json");
    QCOMPARE(s.model, std::string("mlp"));
    QCOMPARE(s.checkpoint, std::string("s.ckpt"));
    QCOMPARE(s.data, std::string("synthetic"));
    QCOMPARE(s.mode, RetrainMode::Inq);
    const QJsonObject raw = report.value("encoder").toObject();
    QCOMPARE(s.array.bits, raw.value("bits").toInt());
    QCOMPARE(s.array.rows, raw.value("rows").toInt());
    QCOMPARE(QString::fromStdString(objectiveName(s.encoder.objective)), raw.value("objective").toString());
    // And a version-2 report reads back its own spec.
    NetworkRunSpec v2 = s;
    v2.epochs = 9;
    QJsonObject r2;
    r2["version"] = 2;
    r2["spec"] = v2.toJson();
    QCOMPARE(runReportSpec(r2, "r2").toJson(), v2.toJson());
    QVERIFY(errorOf([] { runReportSpec(QJsonObject{{"steps", QJsonArray()}}, "x.json"); }).contains("not a run report"));
}

void TestSpecs::layoutFiles()
{
    // A msb-lsb file of 0.1.0 loads as msb-lsb with the generated maps.
    const Layout l = loadLayout(dataFile("v1-layout-msb-lsb-8x8.json").toStdString());
    QCOMPARE(l.pattern(), Pattern::MsbLsb);
    const Layout ref = Layout::msbLsb(planar(8, 8, 4));
    QCOMPARE(l.significanceMap(0), ref.significanceMap(0));
    QCOMPARE(l.significanceMap(1), ref.significanceMap(1));
    // An edited file that still says msb-lsb is custom: its maps are not msb-lsb's.
    QJsonObject o = readJson(dataFile("v1-layout-msb-lsb-8x8.json"));
    QJsonObject sig = o.value("significance").toObject();
    QJsonArray row = sig.value("row").toArray();
    QJsonArray first = row.at(0).toArray();
    const QJsonValue a = first.at(0), b = first.at(1);
    first[0] = b;
    first[1] = a;
    row[0] = first;
    sig["row"] = row;
    o["significance"] = sig;
    const Layout edited = parseLayout(QJsonDocument(o).toJson().toStdString(), "edited.json");
    QCOMPARE(edited.pattern(), Pattern::Custom);
    QVERIFY(!edited.rotates());
    // Round trip of the custom maps.
    const Layout back = parseLayout(layoutJson(edited), "back");
    QCOMPARE(back.significanceMap(0), edited.significanceMap(0));
    QCOMPARE(back.significanceMap(1), edited.significanceMap(1));
}

void TestSpecs::codesRoundTrip()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("c.csv");
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("# two arrays of four words\n1,2,3,4\n 5, 6 ,7,8 # comment\n");
    f.close();
    int64_t arrays = 0;
    bool tensor = true;
    QCOMPARE(readCodes(csv.toStdString(), 4, arrays, tensor), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
    QCOMPARE(arrays, int64_t(2));
    QVERIFY(!tensor);
    QVERIFY(errorOf([&] { readCodes(csv.toStdString(), 3, arrays, tensor); }).contains("4 values"));
}

void TestSpecs::npyRoundTrip()
{
    const std::vector<int64_t> v{-3, 0, 7, 1 << 20, -(int64_t(1) << 40), 5};
    const NpyArray a = NpyArray::from(v, {2, 3});
    const NpyArray b = parseNpy(npyBytes(a), "mem");
    QCOMPARE(b.dtype, std::string("<i8"));
    QCOMPARE(b.shape, (std::vector<int64_t>{2, 3}));
    QCOMPARE(b.toInt64(), v);
    // The header is NumPy's: magic, version 1.0, a dict with descr, fortran_order and shape.
    const std::string bytes = npyBytes(a);
    QCOMPARE(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    QVERIFY(bytes.find("'descr': '<i8'") != std::string::npos);
    QVERIFY(bytes.find("(2, 3)") != std::string::npos);
    QVERIFY(errorOf([] { parseNpy("not numpy", "bad.npy"); }).contains("bad.npy"));
}

QTEST_GUILESS_MAIN(TestSpecs)
#include "tst_specs.moc"
