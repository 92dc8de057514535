// Stuck-at faults: the fault spec's forms, random and given maps, every solver keeping the
// stuck cells, the fault-aware optimum against brute force, the fault-unaware overwrite against
// a naive decode, chunked encodings with faults, and fault map files.
#include "TestSupport.h"

#include "encode/ChunkedEncode.h"
#include "encode/Encoder.h"
#include "encode/FaultMap.h"
#include "encode/RandomTargets.h"
#include "io/FaultFile.h"
#include "io/Npy.h"
#include "spec/ArraySpec.h"
#include "spec/FaultSpec.h"
#include "util/SplitMix.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <limits>

using namespace twill;
using twill::test::errorOf;
using twill::test::planar;

namespace {

// The value of word w read the naive way: its cells by significance, then the format.
int64_t naiveValue(const Layout &l, NumberFormat f, const std::vector<uint8_t> &bits, int w, int shift, int64_t offset)
{
    const int W = l.bits();
    uint64_t u = 0;
    for (int s = 0; s < W; ++s) u |= uint64_t(bits[size_t(l.cellOf(w, s))]) << s;
    int64_t v = 0;
    switch (f) {
    case NumberFormat::Unsigned: v = int64_t(u); break;
    case NumberFormat::TwosComplement: v = (u >> (W - 1)) & 1 ? int64_t(u) - (int64_t(1) << W) : int64_t(u); break;
    case NumberFormat::DifferentialPair: QTest::qFail("naiveValue reads one array's words only", __FILE__, __LINE__); break;
    case NumberFormat::SignMagnitude: {
        const int64_t mag = int64_t(u & ((uint64_t(1) << (W - 1)) - 1));
        v = (u >> (W - 1)) & 1 ? -mag : mag;
        break;
    }
    }
    return v * (int64_t(1) << shift) + offset;
}

std::vector<int8_t> randomStuck(int64_t arrays, int cells, double rate, uint64_t seed)
{
    return FaultMap::random(cells, rate, 0.5, seed).cells(0, arrays);
}

Layout cubeLayout(int W)
{
    Geometry g = planar(W, W, W);
    g.layers = W;
    g.directions = {Direction::Row, Direction::Column, Direction::Pillar};
    return Layout::latinCube(g);
}

} // namespace

class TestFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void specForms();
    void specJsonRoundTrip();
    void randomMapIsPerArray();
    void randomMapRates();
    void givenMapChecksValues();
    void everySolverKeepsStuckCells_data();
    void everySolverKeepsStuckCells();
    void awareOptimumIsBruteForce_data();
    void awareOptimumIsBruteForce();
    void unawareIsTheHealthyEncodingOverwritten();
    void awareNeverWorseWhenCertified();
    void chunkedEncodingWithFaults();
    void faultMapFiles();
};

void TestFaults::specForms()
{
    const FaultSpec a = FaultSpec::parseMap("0.02");
    QCOMPARE(a.rate, 0.02);
    QCOMPARE(a.sa1Share, 0.5);
    const FaultSpec b = FaultSpec::parseMap("2%:0.3");
    QVERIFY(std::fabs(b.rate - 0.02) < 1e-15);
    QCOMPARE(b.sa1Share, 0.3);
    QCOMPARE(FaultSpec::parseMap("5%:25%").sa1Share, 0.25);
    const FaultSpec c = FaultSpec::parseMap("maps/chip3.npy");
    QCOMPARE(QString::fromStdString(c.file), QString("maps/chip3.npy"));
    QCOMPARE(c.rate, 0.0);
    QVERIFY(c.any());
    QVERIFY(!FaultSpec{}.any());
    QVERIFY(!FaultSpec::parseMap("0").any());
    // Each bad form names what is wrong.
    QVERIFY(errorOf([] { FaultSpec::parseMap("abc"); }).contains("neither RATE"));
    QVERIFY(errorOf([] { FaultSpec::parseMap("2%:"); }).contains("share of stuck-at-1"));
    QVERIFY(errorOf([] { FaultSpec::parseMap("2%:x"); }).contains("share of stuck-at-1"));
    QVERIFY(errorOf([] { FaultSpec::parseMap("1.5"); }).contains("0 to 1"));
    QVERIFY(errorOf([] { FaultSpec::parseMap("-1%"); }).contains("0 to 1"));
    QVERIFY(errorOf([] { FaultSpec::parseMap("2%:1.2"); }).contains("stuck at 1 must be 0 to 1"));
    QVERIFY(errorOf([] { FaultSpec::parseMap("nan"); }).contains("neither RATE"));
    try {
        FaultSpec::parseMap("1.5");
        QFAIL("no error");
    } catch (const SpecError &e) {
        QCOMPARE(QString::fromStdString(e.key()), QString("rate"));
    }
}

void TestFaults::specJsonRoundTrip()
{
    FaultSpec f;
    f.rate = 0.0375;
    f.sa1Share = 0.125;
    f.seed = (uint64_t(1) << 60) + 3; // beyond a double: written as a string
    f.unaware = true;
    const FaultSpec back = FaultSpec::fromJson(f.toJson());
    QVERIFY(back == f);
    FaultSpec g;
    g.file = "stuck.npy";
    QVERIFY(FaultSpec::fromJson(g.toJson()) == g);
    QVERIFY(!g.toJson().contains("rate"));
    // The command line's form inside JSON.
    const FaultSpec m = FaultSpec::fromJson(QJsonObject{{"map", "4%:0.75"}, {"seed", 9}});
    QCOMPARE(m.sa1Share, 0.75);
    QCOMPARE(m.seed, uint64_t(9));
    QVERIFY(std::fabs(m.rate - 0.04) < 1e-15);
    QVERIFY(errorOf([] { FaultSpec::fromJson(QJsonObject{{"rate", 0.1}, {"file", "a.npy"}}); }).contains("not both"));
    QVERIFY(errorOf([] { FaultSpec::fromJson(QJsonObject{{"rate", "lots"}}); }).contains("rate"));
}

void TestFaults::randomMapIsPerArray()
{
    // Any cut of the arrays draws the same cells: each array from its own stream.
    const FaultMap m = FaultMap::random(64, 0.1, 0.5, 42);
    QCOMPARE(m.arrays(), int64_t(-1));
    const std::vector<int8_t> whole = m.cells(0, 50);
    std::vector<int8_t> pieces;
    for (int64_t a0 : {0, 7, 8, 31}) {
        const int64_t n = (a0 == 0 ? 7 : a0 == 7 ? 1 : a0 == 8 ? 23 : 19);
        const std::vector<int8_t> part = m.cells(a0, n);
        pieces.insert(pieces.end(), part.begin(), part.end());
    }
    QCOMPARE(pieces, whole);
    // Another seed, another map; the same seed, the same map.
    QVERIFY(FaultMap::random(64, 0.1, 0.5, 43).cells(0, 50) != whole);
    QCOMPARE(FaultMap::random(64, 0.1, 0.5, 42).cells(0, 50), whole);
    // Arrays differ from each other.
    QVERIFY(!std::equal(whole.begin(), whole.begin() + 64, whole.begin() + 64));
    QVERIFY(FaultMap::random(64, 0, 0.5, 1).empty());
    const std::vector<int8_t> none = FaultMap::random(64, 0, 0.5, 1).cells(0, 3);
    QCOMPARE(int(std::count(none.begin(), none.end(), int8_t(-1))), 3 * 64);
}

void TestFaults::randomMapRates()
{
    // 200,000 cells at 5 %, 30 % of them at 1: both counts within 5 standard deviations.
    const int64_t cells = 200000;
    const std::vector<int8_t> v = FaultMap::random(100, 0.05, 0.3, 7).cells(0, cells / 100);
    const double stuck = double(std::count_if(v.begin(), v.end(), [](int8_t x) { return x >= 0; }));
    const double ones = double(std::count(v.begin(), v.end(), int8_t(1)));
    const double mean = 0.05 * double(cells), sd = std::sqrt(double(cells) * 0.05 * 0.95);
    QVERIFY2(std::fabs(stuck - mean) < 5 * sd, qPrintable(QString("stuck %1, expected %2").arg(stuck).arg(mean)));
    const double sdOnes = std::sqrt(stuck * 0.3 * 0.7);
    QVERIFY2(std::fabs(ones - 0.3 * stuck) < 5 * sdOnes, qPrintable(QString("at 1: %1 of %2").arg(ones).arg(stuck)));
    // All cells stuck, all at 1.
    const std::vector<int8_t> all = FaultMap::random(16, 1.0, 1.0, 3).cells(0, 4);
    QCOMPARE(int(std::count(all.begin(), all.end(), int8_t(1))), 64);
}

void TestFaults::givenMapChecksValues()
{
    std::vector<int8_t> v(2 * 9, -1);
    v[4] = 1;
    v[13] = 0;
    const FaultMap m = FaultMap::given(9, v, "map.npy");
    QCOMPARE(m.arrays(), int64_t(2));
    QCOMPARE(m.cells(1, 1), std::vector<int8_t>(v.begin() + 9, v.end()));
    QVERIFY(errorOf([&] { m.cells(1, 2); }).contains("holds 2 arrays"));
    v[10] = 2;
    const QString e = errorOf([&] { FaultMap::given(9, v, "map.npy"); });
    QVERIFY2(e.contains("map.npy: array 1, cell 1 holds 2"), qPrintable(e));
    QVERIFY(errorOf([] { FaultMap::given(9, std::vector<int8_t>(10, -1), "m"); }).contains("whole number of arrays"));
}

void TestFaults::everySolverKeepsStuckCells_data()
{
    QTest::addColumn<QString>("layout");
    QTest::addColumn<QString>("solver");
    QTest::addColumn<QString>("objective");
    QTest::addColumn<QString>("option");
    for (const char *layout : {"msb-lsb", "transpose", "cube", "plain"})
        for (const char *solver : {"greedy", "local", "exact", "auto"})
            for (const char *objective : {"l2", "max"})
                for (const char *option : {"none", "shift", "rotate", "offset"}) {
                    if (QString(option) == "rotate" && QString(layout) != "msb-lsb") continue; // transpose cannot rotate
                    QTest::addRow("%s/%s/%s/%s", layout, solver, objective, option)
                        << layout << solver << objective << option;
                }
}

void TestFaults::everySolverKeepsStuckCells()
{
    QFETCH(QString, layout);
    QFETCH(QString, solver);
    QFETCH(QString, objective);
    QFETCH(QString, option);
    const Layout l = layout == "msb-lsb"     ? Layout::msbLsb(planar(6, 6, 6))
                     : layout == "transpose" ? Layout::transpose(planar(6, 6, 6))
                     : layout == "cube"      ? cubeLayout(4)
                                             : ArraySpec::plain(6).layout();
    EncodeOptions o;
    o.format = NumberFormat::TwosComplement;
    o.objective = parseObjective(objective.toStdString());
    o.solver = parseSolver(solver.toStdString());
    o.shift = option == "shift";
    o.rotate = option == "rotate";
    o.offset = option == "offset";
    o.nodeLimit = 20000;
    o.seed = 5;
    const Encoder enc(l, o);
    const int64_t arrays = 12;
    const std::vector<int64_t> targets = randomTargets(arrays, l.wordCount(), o.format, l.bits(), 11);
    const std::vector<int8_t> stuck = randomStuck(arrays, l.cellCount(), 0.15, 3);
    const std::vector<ArrayResult> res = enc.encodeMany(targets, {}, stuck);
    QCOMPARE(int64_t(res.size()), arrays);
    int checked = 0;
    for (int64_t a = 0; a < arrays; ++a) {
        const ArrayResult &r = res[size_t(a)];
        for (int c = 0; c < l.cellCount(); ++c) {
            const int8_t s = stuck[size_t(a * l.cellCount() + c)];
            if (s < 0) continue;
            QCOMPARE(int(r.bits[size_t(c)]), int(s));
            ++checked;
        }
        // What the report says the array holds is what its cells read.
        const Layout &rl = enc.layoutFor(r.rotation);
        for (int w = 0; w < l.wordCount(); ++w)
            QCOMPARE(r.decoded[size_t(w)], naiveValue(rl, o.format, r.bits, w, r.shift[size_t(w)], r.offset));
    }
    QVERIFY(checked > 0);
}

void TestFaults::awareOptimumIsBruteForce_data()
{
    QTest::addColumn<QString>("objective");
    QTest::newRow("l2") << "l2";
    QTest::newRow("max") << "max";
}

void TestFaults::awareOptimumIsBruteForce()
{
    // 4x4 msb-lsb of 4-bit words: 16 cells, every one of the 2^16 encodings tried.
    QFETCH(QString, objective);
    const Layout l = Layout::msbLsb(planar(4, 4, 4));
    EncodeOptions o;
    o.format = NumberFormat::Unsigned;
    o.objective = parseObjective(objective.toStdString());
    o.solver = SolverKind::Exact;
    const Encoder enc(l, o);
    const int64_t arrays = 6;
    const std::vector<int64_t> targets = randomTargets(arrays, l.wordCount(), o.format, l.bits(), 21);
    const std::vector<int8_t> stuck = randomStuck(arrays, l.cellCount(), 0.25, 8);
    const std::vector<ArrayResult> res = enc.encodeMany(targets, {}, stuck);
    for (int64_t a = 0; a < arrays; ++a) {
        double best = std::numeric_limits<double>::infinity();
        std::vector<uint8_t> bits(16);
        for (uint32_t x = 0; x < (1u << 16); ++x) {
            bool ok = true;
            for (int c = 0; c < 16 && ok; ++c) {
                bits[size_t(c)] = uint8_t((x >> c) & 1);
                const int8_t s = stuck[size_t(a * 16 + c)];
                ok = s < 0 || s == bits[size_t(c)];
            }
            if (!ok) continue;
            double key = 0;
            for (int w = 0; w < l.wordCount(); ++w) {
                const double e = double(naiveValue(l, o.format, bits, w, 0, 0) - targets[size_t(a * 8 + w)]);
                key = objective == "l2" ? key + e * e : std::max(key, std::fabs(e));
            }
            best = std::min(best, key);
        }
        const ArrayResult &r = res[size_t(a)];
        QVERIFY(r.certified);
        QCOMPARE(r.objectiveKey, best);
    }
}

void TestFaults::unawareIsTheHealthyEncodingOverwritten()
{
    const Layout l = Layout::msbLsb(planar(8, 8, 8));
    EncodeOptions o;
    o.format = NumberFormat::TwosComplement;
    o.objective = Objective::L2;
    const Encoder enc(l, o);
    const int64_t arrays = 20;
    const std::vector<int64_t> targets = randomTargets(arrays, l.wordCount(), o.format, l.bits(), 4);
    const std::vector<int8_t> stuck = randomStuck(arrays, l.cellCount(), 0.05, 6);
    const std::vector<ArrayResult> healthy = enc.encodeMany(targets, {}, {});
    int changed = 0;
    for (int64_t a = 0; a < arrays; ++a) {
        ArrayResult r = healthy[size_t(a)];
        enc.applyStuck(targets.data() + a * l.wordCount(), nullptr, stuck.data() + a * l.cellCount(), r);
        double sse = 0;
        bool differs = false;
        for (int c = 0; c < l.cellCount(); ++c) {
            const int8_t s = stuck[size_t(a * l.cellCount() + c)];
            const int expect = s >= 0 ? s : healthy[size_t(a)].bits[size_t(c)];
            QCOMPARE(int(r.bits[size_t(c)]), expect);
            differs = differs || expect != healthy[size_t(a)].bits[size_t(c)];
        }
        for (int w = 0; w < l.wordCount(); ++w) {
            const int64_t v = naiveValue(l, o.format, r.bits, w, 0, 0);
            QCOMPARE(r.decoded[size_t(w)], v);
            const double e = double(v - targets[size_t(a * l.wordCount() + w)]);
            sse += e * e;
        }
        QCOMPARE(r.objectiveKey, sse);
        // The healthy bound still bounds it; certified only when nothing changed.
        QVERIFY(r.lowerBound <= r.objectiveKey);
        if (differs) {
            ++changed;
            QVERIFY(r.objectiveKey >= healthy[size_t(a)].objectiveKey);
        } else {
            QCOMPARE(r.certified, healthy[size_t(a)].certified);
        }
    }
    QVERIFY(changed > 10);
}

void TestFaults::awareNeverWorseWhenCertified()
{
    for (Objective obj : {Objective::L2, Objective::Max}) {
        const Layout l = Layout::msbLsb(planar(8, 8, 8));
        EncodeOptions o;
        o.format = NumberFormat::TwosComplement;
        o.objective = obj;
        const Encoder enc(l, o);
        const int64_t arrays = 40;
        const std::vector<int64_t> targets = randomTargets(arrays, l.wordCount(), o.format, l.bits(), 9);
        const std::vector<int8_t> stuck = randomStuck(arrays, l.cellCount(), 0.05, 2);
        const std::vector<ArrayResult> aware = enc.encodeMany(targets, {}, stuck);
        std::vector<ArrayResult> unaware = enc.encodeMany(targets, {}, {});
        int certified = 0, better = 0;
        for (int64_t a = 0; a < arrays; ++a) {
            enc.applyStuck(targets.data() + a * 16, nullptr, stuck.data() + a * 64, unaware[size_t(a)]);
            if (!aware[size_t(a)].certified) continue;
            ++certified;
            QVERIFY(aware[size_t(a)].objectiveKey <= unaware[size_t(a)].objectiveKey);
            better += aware[size_t(a)].objectiveKey < unaware[size_t(a)].objectiveKey;
        }
        QVERIFY(certified >= arrays / 2);
        QVERIFY(better > 0); // the comparison is not vacuous
    }
}

void TestFaults::chunkedEncodingWithFaults()
{
    const Layout l = Layout::msbLsb(planar(8, 8, 8));
    EncodeOptions o;
    o.format = NumberFormat::TwosComplement;
    o.objective = Objective::L2;
    o.solver = SolverKind::Local;
    o.restarts = 2;
    const Encoder enc(l, o);
    const std::vector<int64_t> codes = randomTargets(30, l.wordCount(), o.format, l.bits(), 1);
    const FaultMap map = FaultMap::random(l.cellCount(), 0.04, 0.5, 77);
    for (bool unaware : {false, true}) {
        std::vector<uint8_t> bitsA, bitsB;
        std::vector<int8_t> stuckA;
        std::vector<ArrayResult> healthyA;
        auto run = [&](int64_t chunk, std::vector<uint8_t> &bits, std::vector<int8_t> *stuck,
                       std::vector<ArrayResult> *healthy) {
            encodeInChunks(
                enc, codes, false, 0, chunk, nullptr,
                [&](const EncodeChunk &c) {
                    QCOMPARE(c.stuck.size(), c.results.size() * size_t(l.cellCount()));
                    QCOMPARE(c.faultFree.size(), c.results.size());
                    for (const ArrayResult &r : c.results) bits.insert(bits.end(), r.bits.begin(), r.bits.end());
                    if (stuck) stuck->insert(stuck->end(), c.stuck.begin(), c.stuck.end());
                    if (healthy) healthy->insert(healthy->end(), c.faultFree.begin(), c.faultFree.end());
                },
                ChunkFaults{&map, unaware});
        };
        run(7, bitsA, &stuckA, &healthyA);
        run(1000, bitsB, nullptr, nullptr);
        QCOMPARE(bitsA, bitsB);
        QCOMPARE(stuckA, map.cells(0, 30));
        for (size_t i = 0; i < stuckA.size(); ++i)
            if (stuckA[i] >= 0) QCOMPARE(int(bitsA[i]), int(stuckA[i]));
        // The healthy encodings are the encoder's own without pins.
        const std::vector<ArrayResult> plain = enc.encodeMany(codes, {}, {});
        for (size_t a = 0; a < plain.size(); ++a) QCOMPARE(healthyA[a].bits, plain[a].bits);
    }
    // A given map with too few arrays stops before anything is encoded.
    const FaultMap small = FaultMap::given(64, std::vector<int8_t>(64 * 3, -1), "three.npy");
    int sinks = 0;
    const QString e = errorOf([&] {
        encodeInChunks(enc, codes, false, 0, 7, nullptr, [&](const EncodeChunk &) { ++sinks; }, ChunkFaults{&small, false});
    });
    QVERIFY2(e.contains("holds 3 arrays, the codes make 30"), qPrintable(e));
    QCOMPARE(sinks, 0);
}

void TestFaults::faultMapFiles()
{
    QTemporaryDir dir;
    const Geometry g = planar(4, 4, 4);
    std::vector<int8_t> v = randomStuck(5, 16, 0.3, 12);
    const std::string path = dir.filePath("stuck.npy").toStdString();
    auto save = [](const NpyArray &a, const std::string &p) {
        std::ofstream(p, std::ios::binary) << npyBytes(a);
    };
    save(NpyArray::from(v, {5, 1, 4, 4}), path);
    const FaultMap m = readFaultMap(path, g);
    QCOMPARE(m.arrays(), int64_t(5));
    QCOMPARE(m.cells(0, 5), v);
    FaultSpec spec;
    spec.file = path;
    QCOMPARE(faultMapFor(spec, g).cells(2, 3), std::vector<int8_t>(v.begin() + 32, v.end()));

    const std::string wrongType = dir.filePath("wide.npy").toStdString();
    save(NpyArray::from(std::vector<int64_t>(80, -1), {5, 1, 4, 4}), wrongType);
    QVERIFY(errorOf([&] { readFaultMap(wrongType, g); }).contains("astype(np.int8)"));
    const std::string wrongShape = dir.filePath("shape.npy").toStdString();
    save(NpyArray::from(v, {5, 16}), wrongShape);
    const QString e = errorOf([&] { readFaultMap(wrongShape, g); });
    QVERIFY2(e.contains("[arrays, 1, 4, 4]") && e.contains("[5, 16]"), qPrintable(e));
    v[3] = 5;
    const std::string badValue = dir.filePath("value.npy").toStdString();
    save(NpyArray::from(v, {5, 1, 4, 4}), badValue);
    QVERIFY(errorOf([&] { readFaultMap(badValue, g); }).contains("cell 3 holds 5"));
    QVERIFY(!errorOf([&] { readFaultMap(dir.filePath("none.npy").toStdString(), g); }).isEmpty());
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
