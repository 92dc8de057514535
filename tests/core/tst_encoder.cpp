// The encoder and its solvers: optimality against brute force on small arrays, exact
// round trips, pins, reported figures, hard bounds, thread independence, input checks.
#include "TestSupport.h"
#include "encode/Decode.h"
#include "encode/EncodeOptions.h"
#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "layout/Geometry.h"
#include "layout/Layout.h"
#include "quant/NumberFormat.h"
#include "util/Error.h"

#include <QString>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace twill;
using namespace twill::test;

Q_DECLARE_METATYPE(twill::NumberFormat)
Q_DECLARE_METATYPE(twill::Objective)
Q_DECLARE_METATYPE(twill::SolverKind)

namespace {

const NumberFormat kFormats[] = {NumberFormat::Unsigned, NumberFormat::TwosComplement, NumberFormat::SignMagnitude};


Layout makeLayout(const QString &pattern, int rows, int cols, int bits)
{
    const Geometry g = planar(rows, cols, bits);
    return pattern == "transpose" ? Layout::transpose(g) : Layout::msbLsb(g);
}

// A W x W x W stack read along rows, columns and pillars.
Layout makeCube(const QString &pattern, int bits)
{
    Geometry g = planar(bits, bits, bits);
    g.layers = bits;
    g.directions = {Direction::Row, Direction::Column, Direction::Pillar};
    return pattern == "transpose" ? Layout::transpose(g) : Layout::latinCube(g);
}

Layout makeLayout(const QString &pattern, int bits, bool cube)
{
    return cube ? makeCube(pattern, bits) : makeLayout(pattern, bits, bits, bits);
}

QString fmt(NumberFormat f) { return QString::fromStdString(formatName(f)); }
QString obj(Objective o) { return QString::fromStdString(objectiveName(o)); }
QString sol(SolverKind s) { return QString::fromStdString(solverName(s)); }

// max |decoded - target| or the sum of squares, unweighted.
double objectiveValue(Objective o, const int64_t *decoded, const int64_t *targets, int words)
{
    double v = 0;
    for (int w = 0; w < words; ++w) {
        const double e = double(decoded[w] - targets[w]);
        if (o == Objective::Max) v = std::max(v, std::fabs(e));
        else v += e * e;
    }
    return v;
}

double maxAbsError(const std::vector<int64_t> &decoded, const int64_t *targets)
{
    return objectiveValue(Objective::Max, decoded.data(), targets, int(decoded.size()));
}

// Every assignment of a small array (cells <= 20) and the words it decodes to.
struct BruteForce {
    int cells = 0;
    int words = 0;
    std::vector<int64_t> decoded; // assignments x words

    BruteForce(const Layout &layout, NumberFormat format) : cells(layout.cellCount()), words(layout.wordCount())
    {
        const uint64_t n = uint64_t(1) << cells;
        decoded.resize(size_t(n) * words);
        std::vector<uint8_t> bits(static_cast<size_t>(cells));
        for (uint64_t a = 0; a < n; ++a) {
            for (int c = 0; c < cells; ++c) bits[size_t(c)] = uint8_t((a >> c) & 1);
            const std::vector<int64_t> d = decodeArray(layout, format, bits.data());
            std::copy(d.begin(), d.end(), decoded.begin() + std::ptrdiff_t(a * words));
        }
    }

    // The best objective over the assignments that honour the pins (-1 free), or +inf.
    double best(Objective o, const int64_t *targets, const std::vector<int8_t> &pins = {}) const
    {
        uint64_t mask = 0, value = 0;
        for (size_t c = 0; c < pins.size(); ++c)
            if (pins[c] >= 0) {
                mask |= uint64_t(1) << c;
                if (pins[c]) value |= uint64_t(1) << c;
            }
        double b = std::numeric_limits<double>::infinity();
        const uint64_t n = uint64_t(1) << cells;
        for (uint64_t a = 0; a < n; ++a) {
            if ((a & mask) != value) continue;
            b = std::min(b, objectiveValue(o, decoded.data() + a * words, targets, words));
        }
        return b;
    }
};

std::vector<uint8_t> randomBits(std::mt19937_64 &rng, int n)
{
    std::vector<uint8_t> b(static_cast<size_t>(n));
    for (auto &x : b) x = uint8_t(rng() & 1);
    return b;
}

std::vector<int8_t> randomPins(std::mt19937_64 &rng, int n, double fraction)
{
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<int8_t> p(size_t(n), -1);
    for (auto &x : p)
        if (u(rng) < fraction) x = int8_t(rng() & 1);
    return p;
}

using test::errorOf;

QString describe(const std::vector<int64_t> &v)
{
    QStringList s;
    for (int64_t x : v) s << QString::number(x);
    return s.join(' ');
}

} // namespace

class TestEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exactMatchesBruteForce_data();
    void exactMatchesBruteForce();
    void roundTripExact_data();
    void roundTripExact();
    void pinsHonoured_data();
    void pinsHonoured();
    void pinnedExactMatchesBruteForce_data();
    void pinnedExactMatchesBruteForce();
    void autoMinimaxCertificates_data();
    void autoMinimaxCertificates();
    void reportedFigures_data();
    void reportedFigures();
    void impossibleBound_data();
    void impossibleBound();
    void generousBound_data();
    void generousBound();
    void boundAgainstBruteForce_data();
    void boundAgainstBruteForce();
    void threadsGiveIdenticalBits_data();
    void threadsGiveIdenticalBits();
    void invalidTargets_data();
    void invalidTargets();
    void invalidShapes();
    void diffPairWords();
    void diffPairRoundTrip_data();
    void diffPairRoundTrip();
    void diffPairOneSidedExact_data();
    void diffPairOneSidedExact();
    void diffPairRefusals();
};

// ---------------------------------------------------------------------------- optimality

void TestEncoder::exactMatchesBruteForce_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<bool>("cube");
    for (int w : {2, 3, 4})
        for (const char *pattern : {"msb-lsb", "transpose"})
            for (NumberFormat f : kFormats)
                QTest::newRow(qPrintable(QString("W%1 %2 %3").arg(w).arg(pattern).arg(fmt(f))))
                    << w << QString(pattern) << f << false;
    // 2x2x2 stacks read along three axes (8 cells, 12 words).
    for (const char *pattern : {"latin", "transpose"})
        for (NumberFormat f : kFormats)
            QTest::newRow(qPrintable(QString("W2 cube %1 %2").arg(pattern).arg(fmt(f)))) << 2 << QString(pattern) << f << true;
}

void TestEncoder::exactMatchesBruteForce()
{
    QFETCH(int, bits);
    QFETCH(QString, pattern);
    QFETCH(NumberFormat, format);
    QFETCH(bool, cube);
    const Layout layout = makeLayout(pattern, bits, cube);
    const BruteForce brute(layout, format);
    const int nw = layout.wordCount();
    const int arrays = bits == 4 ? 60 : 100;
    const std::vector<int64_t> targets = randomTargets(arrays, nw, format, bits, 1000 + uint64_t(bits));

    for (Objective o : {Objective::Max, Objective::L2}) {
        EncodeOptions opt;
        opt.format = format;
        opt.objective = o;
        opt.solver = SolverKind::Exact;
        const Encoder enc(layout, opt);
        for (int i = 0; i < arrays; ++i) {
            const int64_t *t = targets.data() + size_t(i) * nw;
            const ArrayResult r = enc.encodeArray(t, nullptr, nullptr, i);
            const double got = objectiveValue(o, r.decoded.data(), t, nw);
            const double want = brute.best(o, t);
            const QString where = QString("%1 array %2, targets %3").arg(obj(o)).arg(i).arg(
                describe(std::vector<int64_t>(t, t + nw)));
            QVERIFY2(r.certified, qPrintable(where));
            QVERIFY2(got == want, qPrintable(QString("%1: exact %2, brute force %3").arg(where).arg(got).arg(want)));
            QVERIFY2(r.objectiveKey == want,
                     qPrintable(QString("%1: objectiveKey %2, brute force %3").arg(where).arg(r.objectiveKey).arg(want)));
            QCOMPARE(r.lowerBound, r.objectiveKey);
            QCOMPARE(r.decoded, decodeArray(layout, format, r.bits.data()));
        }
    }
}

void TestEncoder::roundTripExact_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<SolverKind>("solver");
    QTest::addColumn<Objective>("objective");
    QTest::addColumn<int>("arrays");
    QTest::addColumn<bool>("cube");

    struct Case {
        SolverKind s;
        Objective o;
    };
    const Case cases[] = {{SolverKind::Exact, Objective::Max},
                          {SolverKind::Auto, Objective::Max},
                          {SolverKind::Local, Objective::L2},
                          {SolverKind::Exact, Objective::L2}};
    for (int w : {4, 8})
        for (NumberFormat f : kFormats)
            for (const Case &c : cases)
                QTest::newRow(qPrintable(QString("W%1 msb-lsb %2 %3 %4").arg(w).arg(fmt(f), sol(c.s), obj(c.o))))
                    << w << QString("msb-lsb") << f << c.s << c.o << (w == 4 ? 100 : 40) << false;
    for (NumberFormat f : kFormats)
        for (const Case &c : cases)
            QTest::newRow(qPrintable(QString("W4 transpose %1 %2 %3").arg(fmt(f), sol(c.s), obj(c.o))))
                << 4 << QString("transpose") << f << c.s << c.o << 100 << false;
    for (NumberFormat f : kFormats)
        for (const Case &c : cases)
            QTest::newRow(qPrintable(QString("W4 latin cube %1 %2 %3").arg(fmt(f), sol(c.s), obj(c.o))))
                << 4 << QString("latin") << f << c.s << c.o << 20 << true;
    for (NumberFormat f : kFormats)
        for (SolverKind s : {SolverKind::Exact, SolverKind::Auto})
            QTest::newRow(qPrintable(QString("W16 msb-lsb %1 %2 max").arg(fmt(f), sol(s))))
                << 16 << QString("msb-lsb") << f << s << Objective::Max << 10 << false;
}

void TestEncoder::roundTripExact()
{
    QFETCH(int, bits);
    QFETCH(QString, pattern);
    QFETCH(NumberFormat, format);
    QFETCH(SolverKind, solver);
    QFETCH(Objective, objective);
    QFETCH(int, arrays);
    QFETCH(bool, cube);
    const Layout layout = makeLayout(pattern, bits, cube);
    EncodeOptions opt;
    opt.format = format;
    opt.objective = objective;
    opt.solver = solver;
    const Encoder enc(layout, opt);
    std::mt19937_64 rng(42 + uint64_t(bits));
    for (int i = 0; i < arrays; ++i) {
        const std::vector<uint8_t> bitsIn = randomBits(rng, layout.cellCount());
        const std::vector<int64_t> targets = decodeArray(layout, format, bitsIn.data());
        const ArrayResult r = enc.encodeArray(targets.data(), nullptr, nullptr, i);
        QVERIFY2(r.decoded == targets, qPrintable(QString("array %1: targets %2\ndecoded %3")
                                                      .arg(i)
                                                      .arg(describe(targets), describe(r.decoded))));
        QCOMPARE(r.objectiveKey, 0.0);
        QVERIFY(r.feasible);
        QCOMPARE(decodeArray(layout, format, r.bits.data()), targets);
        if (solver == SolverKind::Exact) QVERIFY(r.certified);
    }
}

// ---------------------------------------------------------------------------- pins

void TestEncoder::pinsHonoured_data()
{
    QTest::addColumn<SolverKind>("solver");
    QTest::addColumn<Objective>("objective");
    QTest::addColumn<NumberFormat>("format");
    for (SolverKind s : {SolverKind::Greedy, SolverKind::Local, SolverKind::Exact, SolverKind::Auto})
        for (Objective o : {Objective::Max, Objective::L2, Objective::Relative})
            for (NumberFormat f : {NumberFormat::Unsigned, NumberFormat::SignMagnitude})
                QTest::newRow(qPrintable(QString("%1 %2 %3").arg(sol(s), obj(o), fmt(f)))) << s << o << f;
}

void TestEncoder::pinsHonoured()
{
    QFETCH(SolverKind, solver);
    QFETCH(Objective, objective);
    QFETCH(NumberFormat, format);
    const int W = 8, arrays = 6;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    EncodeOptions opt;
    opt.format = format;
    opt.objective = objective;
    opt.solver = solver;
    opt.nodeLimit = 300'000; // keeps the exact search short; pins must hold whatever it finds
    const Encoder enc(layout, opt);
    const int nw = layout.wordCount(), nc = layout.cellCount();
    const std::vector<int64_t> targets = randomTargets(arrays, nw, format, W, 77);
    std::mt19937_64 rng(5);
    std::vector<int8_t> pins;
    for (int i = 0; i < arrays; ++i) {
        const std::vector<int8_t> p = randomPins(rng, nc, 0.3);
        pins.insert(pins.end(), p.begin(), p.end());
    }
    const int pinned = int(std::count_if(pins.begin(), pins.end(), [](int8_t x) { return x >= 0; }));
    QVERIFY(pinned > arrays * nc / 5 && pinned < arrays * nc * 2 / 5);

    const std::vector<ArrayResult> results = enc.encodeMany(targets, {}, pins);
    QCOMPARE(int(results.size()), arrays);
    for (int i = 0; i < arrays; ++i) {
        const ArrayResult &r = results[size_t(i)];
        QCOMPARE(int(r.bits.size()), nc);
        for (int c = 0; c < nc; ++c) {
            const int8_t p = pins[size_t(i) * nc + c];
            if (p >= 0)
                QVERIFY2(r.bits[size_t(c)] == uint8_t(p),
                         qPrintable(QString("array %1 cell %2 pinned to %3, got %4").arg(i).arg(c).arg(p).arg(r.bits[size_t(c)])));
        }
        QCOMPARE(r.decoded, decodeArray(layout, format, r.bits.data()));
        // The same array through encodeArray with its pins gives the same bits.
        const ArrayResult single = enc.encodeArray(targets.data() + size_t(i) * nw, nullptr, pins.data() + size_t(i) * nc, i);
        QCOMPARE(single.bits, r.bits);
    }
}

void TestEncoder::pinnedExactMatchesBruteForce_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<NumberFormat>("format");
    for (const char *pattern : {"msb-lsb", "transpose"})
        for (NumberFormat f : kFormats)
            QTest::newRow(qPrintable(QString("W4 %1 %2").arg(pattern).arg(fmt(f)))) << QString(pattern) << f;
}

void TestEncoder::pinnedExactMatchesBruteForce()
{
    QFETCH(QString, pattern);
    QFETCH(NumberFormat, format);
    const int W = 4, arrays = 50;
    const Layout layout = makeLayout(pattern, W, W, W);
    const BruteForce brute(layout, format);
    const int nw = layout.wordCount(), nc = layout.cellCount();
    const std::vector<int64_t> targets = randomTargets(arrays, nw, format, W, 31337);
    std::mt19937_64 rng(11);
    for (Objective o : {Objective::Max, Objective::L2}) {
        EncodeOptions opt;
        opt.format = format;
        opt.objective = o;
        opt.solver = SolverKind::Exact;
        const Encoder enc(layout, opt);
        for (int i = 0; i < arrays; ++i) {
            const int64_t *t = targets.data() + size_t(i) * nw;
            const std::vector<int8_t> pins = randomPins(rng, nc, 0.3);
            const ArrayResult r = enc.encodeArray(t, nullptr, pins.data(), i);
            for (int c = 0; c < nc; ++c)
                if (pins[size_t(c)] >= 0) QCOMPARE(int(r.bits[size_t(c)]), int(pins[size_t(c)]));
            const double got = objectiveValue(o, r.decoded.data(), t, nw);
            const double want = brute.best(o, t, pins);
            const double unpinned = brute.best(o, t);
            QVERIFY(want >= unpinned);
            QVERIFY2(r.certified, qPrintable(QString("%1 array %2").arg(obj(o)).arg(i)));
            QVERIFY2(got == want, qPrintable(QString("%1 array %2: exact %3, brute force with pins %4")
                                                 .arg(obj(o)).arg(i).arg(got).arg(want)));
        }
    }
}

void TestEncoder::autoMinimaxCertificates_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<bool>("pinned");
    for (int w : {2, 3, 4, 8})
        for (NumberFormat f : kFormats)
            for (bool pinned : {false, true})
                QTest::newRow(qPrintable(QString("W%1 %2%3").arg(w).arg(fmt(f)).arg(pinned ? " pinned" : "")))
                    << w << f << pinned;
}

void TestEncoder::autoMinimaxCertificates()
{
    // The auto minimax on 2D msb-lsb (decision passes with propagation, one LSB at a time):
    // every certificate is the optimum (brute force up to 4 bits, the exact search at 8), every
    // lower bound is below it, and most arrays are certified.
    QFETCH(int, bits);
    QFETCH(NumberFormat, format);
    QFETCH(bool, pinned);
    const Layout layout = makeLayout("msb-lsb", bits, bits, bits);
    const int nw = layout.wordCount(), nc = layout.cellCount(), arrays = bits == 8 ? 40 : 80;
    const std::vector<int64_t> targets = randomTargets(arrays, nw, format, bits, 4242 + uint64_t(bits));
    std::mt19937_64 rng(77);
    EncodeOptions opt;
    opt.format = format;
    opt.objective = Objective::Max;
    opt.solver = SolverKind::Auto;
    const Encoder autoEnc(layout, opt);
    QVERIFY(autoEnc.autoThreshold() >= 0); // the path under test
    opt.solver = SolverKind::Exact;
    const Encoder exactEnc(layout, opt);
    std::optional<BruteForce> brute;
    if (bits <= 4) brute.emplace(layout, format);
    int certified = 0;
    for (int i = 0; i < arrays; ++i) {
        const int64_t *t = targets.data() + size_t(i) * nw;
        const std::vector<int8_t> pins = pinned ? randomPins(rng, nc, 0.3) : std::vector<int8_t>(size_t(nc), -1);
        const ArrayResult r = autoEnc.encodeArray(t, nullptr, pins.data(), i);
        for (int c = 0; c < nc; ++c)
            if (pins[size_t(c)] >= 0) QCOMPARE(int(r.bits[size_t(c)]), int(pins[size_t(c)]));
        double best;
        if (brute) {
            best = brute->best(Objective::Max, t, pins);
        } else {
            const ArrayResult e = exactEnc.encodeArray(t, nullptr, pins.data(), i);
            QVERIFY(e.certified);
            best = e.objectiveKey;
        }
        const double got = objectiveValue(Objective::Max, r.decoded.data(), t, nw);
        const QString where = QString("array %1: auto %2, optimum %3, bound %4").arg(i).arg(got).arg(best).arg(r.lowerBound);
        QVERIFY2(got >= best, qPrintable(where));
        QVERIFY2(r.lowerBound <= best, qPrintable(where));
        if (r.certified) QVERIFY2(got == best && r.lowerBound == got, qPrintable(where));
        certified += r.certified;
    }
    QVERIFY2(certified * 10 >= arrays * 9, qPrintable(QString("%1 of %2 certified").arg(certified).arg(arrays)));
}

// ---------------------------------------------------------------------------- reported figures

void TestEncoder::reportedFigures_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<SolverKind>("solver");
    QTest::addColumn<Objective>("objective");
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<bool>("shift");
    QTest::addColumn<bool>("rotate");
    QTest::addColumn<bool>("offset");
    QTest::addColumn<int>("arrays");

    for (SolverKind s : {SolverKind::Greedy, SolverKind::Local, SolverKind::Exact, SolverKind::Auto})
        for (Objective o : {Objective::Max, Objective::L2}) {
            const QString base = QString("%1 %2").arg(sol(s), obj(o));
            QTest::newRow(qPrintable("W8 plain " + base)) << 8 << s << o << NumberFormat::Unsigned << false << false
                                                         << false << 8;
            QTest::newRow(qPrintable("W8 twos shift " + base))
                << 8 << s << o << NumberFormat::TwosComplement << true << false << false << 6;
            QTest::newRow(qPrintable("W8 rotate " + base))
                << 8 << s << o << NumberFormat::Unsigned << false << true << false << 4;
            QTest::newRow(qPrintable("W8 signmag offset " + base))
                << 8 << s << o << NumberFormat::SignMagnitude << false << false << true << 4;
            QTest::newRow(qPrintable("W16 plain " + base))
                << 16 << s << o << NumberFormat::Unsigned << false << false << false << 2;
            QTest::newRow(qPrintable("W16 shift+rotate+offset " + base))
                << 16 << s << o << NumberFormat::Unsigned << true << true << true << 1;
        }
}

void TestEncoder::reportedFigures()
{
    QFETCH(int, bits);
    QFETCH(SolverKind, solver);
    QFETCH(Objective, objective);
    QFETCH(NumberFormat, format);
    QFETCH(bool, shift);
    QFETCH(bool, rotate);
    QFETCH(bool, offset);
    QFETCH(int, arrays);
    const Layout layout = makeLayout("msb-lsb", bits, bits, bits);
    EncodeOptions opt;
    opt.format = format;
    opt.objective = objective;
    opt.solver = solver;
    opt.shift = shift;
    opt.rotate = rotate;
    opt.offset = offset;
    opt.nodeLimit = 200'000;
    const Encoder enc(layout, opt);
    const int nw = layout.wordCount(), nc = layout.cellCount();

    // Capacity: 2 x W^2 weights of W bits in W^2 cells, less the metadata.
    const bool anyMeta = shift || rotate || offset;
    QCOMPARE(enc.effectiveCapacity(), double(nw) * bits / double(nc + enc.metadataBitsPerArray()));
    if (anyMeta) {
        QVERIFY(enc.metadataBitsPerArray() > 0);
        QVERIFY2(enc.effectiveCapacity() < 2.0, qPrintable(QString::number(enc.effectiveCapacity())));
    } else {
        QCOMPARE(enc.metadataBitsPerArray(), 0);
        QCOMPARE(enc.effectiveCapacity(), 2.0);
    }

    const std::vector<int64_t> targets = randomTargets(arrays, nw, format, bits, 4242 + uint64_t(bits));
    const std::vector<ArrayResult> results = enc.encodeMany(targets, {}, {});
    QCOMPARE(int(results.size()), arrays);

    double sumAbs = 0, sumSq = 0, maxAbs = 0;
    int certified = 0, feasible = 0, rotated = 0, offsetUsed = 0;
    for (int i = 0; i < arrays; ++i) {
        const ArrayResult &r = results[size_t(i)];
        const int64_t *t = targets.data() + size_t(i) * nw;
        QCOMPARE(int(r.bits.size()), nc);
        QCOMPARE(int(r.decoded.size()), nw);
        QCOMPARE(int(r.shift.size()), nw);
        const Layout &used = enc.layoutFor(r.rotation);
        QCOMPARE(used.rotation(), r.rotation);
        if (!rotate) QCOMPARE(r.rotation, layout.rotation());
        if (!offset) QCOMPARE(r.offset, int64_t(0));
        for (int w = 0; w < nw; ++w) {
            QVERIFY(r.shift[size_t(w)] >= 0 && r.shift[size_t(w)] <= (shift ? opt.maxShift : 0));
        }
        const std::vector<int64_t> again = decodeArray(used, format, r.bits.data(), r.shift.data(), r.offset);
        QVERIFY2(again == r.decoded,
                 qPrintable(QString("array %1 (rotation %2, offset %3): reported %4\nrecomputed %5")
                                .arg(i)
                                .arg(r.rotation)
                                .arg(r.offset)
                                .arg(describe(r.decoded), describe(again))));
        const double key = objectiveValue(objective, r.decoded.data(), t, nw);
        QVERIFY2(r.objectiveKey == key, qPrintable(QString("array %1: objectiveKey %2, recomputed %3")
                                                       .arg(i).arg(r.objectiveKey).arg(key)));
        QVERIFY(r.lowerBound <= r.objectiveKey);
        for (int w = 0; w < nw; ++w) {
            const double e = double(r.decoded[size_t(w)] - t[w]);
            sumAbs += std::fabs(e);
            sumSq += e * e;
            maxAbs = std::max(maxAbs, std::fabs(e));
        }
        certified += r.certified;
        feasible += r.feasible;
        rotated += r.rotation != layout.rotation();
        offsetUsed += r.offset != 0;
    }
    // On random full-range data the per-array choices are exercised, not left at the default.
    if (rotate && arrays > 1) QVERIFY2(rotated > 0, "no array picked another rotation");
    if (offset && arrays > 1) QVERIFY2(offsetUsed > 0, "no array picked a non-zero offset");

    const EncodeSummary s = summarize(enc, targets, results, 2.0);
    const double words = double(arrays) * nw;
    const double fullScale = double(codeMax(format, bits) - codeMin(format, bits));
    auto close = [](double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); };
    QCOMPARE(s.arrays, int64_t(arrays));
    QCOMPARE(s.words, int64_t(arrays) * nw);
    QCOMPARE(s.fullScale, fullScale);
    QVERIFY2(close(s.meanAbsLsb, sumAbs / words), qPrintable(QString("%1 vs %2").arg(s.meanAbsLsb).arg(sumAbs / words)));
    QVERIFY2(close(s.rmsLsb, std::sqrt(sumSq / words)), qPrintable(QString("%1 vs %2").arg(s.rmsLsb).arg(std::sqrt(sumSq / words))));
    QCOMPARE(s.maxAbsLsb, maxAbs);
    QVERIFY2(close(s.meanPctFs, 100.0 * sumAbs / words / fullScale), qPrintable(QString::number(s.meanPctFs)));
    QVERIFY2(close(s.maxPctFs, 100.0 * maxAbs / fullScale), qPrintable(QString::number(s.maxPctFs)));
    QVERIFY(close(s.certifiedFraction, double(certified) / arrays));
    QVERIFY(close(s.feasibleFraction, double(feasible) / arrays));
    QCOMPARE(s.effectiveCapacity, enc.effectiveCapacity());
    QCOMPARE(s.metadataBitsPerArray, enc.metadataBitsPerArray());
    QVERIFY(close(s.arraysPerSecond, arrays / 2.0));
    // The encoding must be useful at all: below half of full scale at worst.
    QVERIFY2(s.maxPctFs < 50.0, qPrintable(QString::number(s.maxPctFs)));
}

// ---------------------------------------------------------------------------- bounds

void TestEncoder::impossibleBound_data()
{
    QTest::addColumn<SolverKind>("solver");
    QTest::addColumn<Objective>("objective");
    QTest::newRow("exact max") << SolverKind::Exact << Objective::Max;
    QTest::newRow("auto max") << SolverKind::Auto << Objective::Max;
    QTest::newRow("exact l2") << SolverKind::Exact << Objective::L2;
    QTest::newRow("local l2") << SolverKind::Local << Objective::L2;
    QTest::newRow("greedy max") << SolverKind::Greedy << Objective::Max;
}

void TestEncoder::impossibleBound()
{
    QFETCH(SolverKind, solver);
    QFETCH(Objective, objective);
    const int W = 16, arrays = 3;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    EncodeOptions opt;
    opt.objective = objective;
    opt.solver = solver;
    opt.bound = 0;
    opt.nodeLimit = 300'000;
    const Encoder enc(layout, opt);
    const int nw = layout.wordCount();
    const std::vector<int64_t> targets = randomTargets(arrays, nw, opt.format, W, 99);
    const std::vector<ArrayResult> results = enc.encodeMany(targets, {}, {});
    QCOMPARE(int(results.size()), arrays);
    for (int i = 0; i < arrays; ++i) {
        const ArrayResult &r = results[size_t(i)];
        const double err = maxAbsError(r.decoded, targets.data() + size_t(i) * nw);
        QVERIFY2(err > 0, qPrintable(QString("array %1 decoded exactly (unexpected for random codes)").arg(i)));
        QVERIFY2(!r.feasible, qPrintable(QString("array %1: max error %2 LSB reported feasible under bound 0").arg(i).arg(err)));
    }
    const EncodeSummary s = summarize(enc, targets, results, 0);
    QCOMPARE(s.feasibleFraction, 0.0);
    QVERIFY(s.maxAbsLsb > 0);
    QCOMPARE(enc.options().bound, 0.0); // the bound the user asked for stays as given
}

void TestEncoder::generousBound_data()
{
    QTest::addColumn<SolverKind>("solver");
    QTest::addColumn<Objective>("objective");
    QTest::addColumn<double>("bound");
    QTest::newRow("exact max 5% FS") << SolverKind::Exact << Objective::Max << 3300.0;
    QTest::newRow("auto max 5% FS") << SolverKind::Auto << Objective::Max << 3300.0;
    QTest::newRow("exact l2 5% FS") << SolverKind::Exact << Objective::L2 << 3300.0;
    QTest::newRow("local l2 5% FS") << SolverKind::Local << Objective::L2 << 3300.0;
    QTest::newRow("greedy max full scale") << SolverKind::Greedy << Objective::Max << 65536.0;
    QTest::newRow("local max full scale") << SolverKind::Local << Objective::Max << 65536.0;
}

void TestEncoder::generousBound()
{
    QFETCH(SolverKind, solver);
    QFETCH(Objective, objective);
    QFETCH(double, bound);
    const int W = 16, arrays = 3;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    EncodeOptions opt;
    opt.objective = objective;
    opt.solver = solver;
    opt.bound = bound;
    opt.nodeLimit = 300'000;
    const Encoder enc(layout, opt);
    const int nw = layout.wordCount();
    const std::vector<int64_t> targets = randomTargets(arrays, nw, opt.format, W, 99);
    const std::vector<ArrayResult> results = enc.encodeMany(targets, {}, {});
    for (int i = 0; i < arrays; ++i) {
        const ArrayResult &r = results[size_t(i)];
        const double err = maxAbsError(r.decoded, targets.data() + size_t(i) * nw);
        QVERIFY2(r.feasible, qPrintable(QString("array %1: max error %2 LSB, bound %3").arg(i).arg(err).arg(bound)));
        QVERIFY(!r.infeasibleCertified);
        QVERIFY(err <= bound);
    }
}

void TestEncoder::boundAgainstBruteForce_data()
{
    QTest::addColumn<Objective>("objective");
    QTest::addColumn<NumberFormat>("format");
    for (Objective o : {Objective::Max, Objective::L2})
        for (NumberFormat f : kFormats) QTest::newRow(qPrintable(QString("%1 %2").arg(obj(o), fmt(f)))) << o << f;
}

void TestEncoder::boundAgainstBruteForce()
{
    // W = 4, 4x4 msb-lsb: a bound at the brute-force minimax optimum is feasible, one just
    // below is not, and the exact solver proves it.
    QFETCH(Objective, objective);
    QFETCH(NumberFormat, format);
    const int W = 4, arrays = 30;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    const BruteForce brute(layout, format);
    const int nw = layout.wordCount();
    const std::vector<int64_t> targets = randomTargets(arrays, nw, format, W, 2024);
    int nonzero = 0;
    for (int i = 0; i < arrays; ++i) {
        const int64_t *t = targets.data() + size_t(i) * nw;
        const double best = brute.best(Objective::Max, t);
        for (double bound : {best, best - 0.5}) {
            if (bound < 0) continue;
            EncodeOptions opt;
            opt.format = format;
            opt.objective = objective;
            opt.solver = SolverKind::Exact;
            opt.bound = bound;
            const Encoder enc(layout, opt);
            const ArrayResult r = enc.encodeArray(t, nullptr, nullptr, i);
            const double err = maxAbsError(r.decoded, t);
            const bool possible = bound >= best;
            const QString where = QString("array %1, bound %2, optimum %3, got max error %4, feasible %5")
                                      .arg(i).arg(bound).arg(best).arg(err).arg(r.feasible);
            QVERIFY2(r.feasible == possible, qPrintable(where));
            QVERIFY2(r.feasible == (err <= bound), qPrintable(where));
            if (!possible) {
                ++nonzero;
                QVERIFY2(r.infeasibleCertified, qPrintable(where));
            } else {
                QVERIFY2(!r.infeasibleCertified, qPrintable(where));
            }
        }
    }
    QVERIFY(nonzero > 0); // the "just below" case was exercised
}

// ---------------------------------------------------------------------------- threads

void TestEncoder::threadsGiveIdenticalBits_data()
{
    QTest::addColumn<Objective>("objective");
    QTest::addColumn<NumberFormat>("format");
    QTest::newRow("local l2 unsigned") << Objective::L2 << NumberFormat::Unsigned;
    QTest::newRow("local max twos") << Objective::Max << NumberFormat::TwosComplement;
    QTest::newRow("local rel signmag") << Objective::Relative << NumberFormat::SignMagnitude;
}

void TestEncoder::threadsGiveIdenticalBits()
{
    QFETCH(Objective, objective);
    QFETCH(NumberFormat, format);
    const int W = 8, arrays = 24;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    const int nw = layout.wordCount();
    const std::vector<int64_t> targets = randomTargets(arrays, nw, format, W, 123);
    std::vector<std::vector<ArrayResult>> runs;
    for (int threads : {1, 2}) {
        EncodeOptions opt;
        opt.format = format;
        opt.objective = objective;
        opt.solver = SolverKind::Local;
        opt.seed = 17;
        opt.threads = threads;
        const Encoder enc(layout, opt);
        runs.push_back(enc.encodeMany(targets, {}, {}));
        QCOMPARE(int(runs.back().size()), arrays);
        if (threads == 1) {
            // One array on its own, with its index, gives the same bits as in the batch.
            const ArrayResult r5 = enc.encodeArray(targets.data() + 5 * size_t(nw), nullptr, nullptr, 5);
            QCOMPARE(r5.bits, runs.back()[5].bits);
        }
    }
    for (int i = 0; i < arrays; ++i) {
        QVERIFY2(runs[0][size_t(i)].bits == runs[1][size_t(i)].bits, qPrintable(QString("array %1").arg(i)));
        QCOMPARE(runs[0][size_t(i)].decoded, runs[1][size_t(i)].decoded);
        QCOMPARE(runs[0][size_t(i)].objectiveKey, runs[1][size_t(i)].objectiveKey);
    }
}

// ---------------------------------------------------------------------------- invalid input

void TestEncoder::invalidTargets_data()
{
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<qlonglong>("bad");
    QTest::newRow("unsigned 16") << NumberFormat::Unsigned << 16LL;
    QTest::newRow("unsigned -1") << NumberFormat::Unsigned << -1LL;
    QTest::newRow("twos 8") << NumberFormat::TwosComplement << 8LL;
    QTest::newRow("twos -9") << NumberFormat::TwosComplement << -9LL;
    QTest::newRow("signmag -8") << NumberFormat::SignMagnitude << -8LL;
    QTest::newRow("signmag 8") << NumberFormat::SignMagnitude << 8LL;
    QTest::newRow("diffpair 16") << NumberFormat::DifferentialPair << 16LL;
    QTest::newRow("diffpair -16") << NumberFormat::DifferentialPair << -16LL;
}

void TestEncoder::invalidTargets()
{
    QFETCH(NumberFormat, format);
    QFETCH(qlonglong, bad);
    const int W = 4;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    EncodeOptions opt;
    opt.format = format;
    const Encoder enc(layout, opt);
    std::vector<int64_t> targets = randomTargets(2, layout.wordCount(), format, W, 3);
    // In range, both arrays encode.
    QCOMPARE(int(enc.encodeMany(targets, {}, {}).size()), 2);
    targets[size_t(layout.wordCount()) + 3] = bad;
    const QString a = errorOf([&] { enc.encodeArray(targets.data() + layout.wordCount(), nullptr, nullptr, 1); });
    QVERIFY2(a.contains("outside"), qPrintable("'" + a + "'"));
    QVERIFY2(a.contains("word 3"), qPrintable(a));
    const QString b = errorOf([&] { enc.encodeMany(targets, {}, {}); });
    QVERIFY2(b.contains("outside"), qPrintable("'" + b + "'"));
    QVERIFY2(b.contains("array 1"), qPrintable(b));
}

void TestEncoder::invalidShapes()
{
    const int W = 4;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    const Encoder enc(layout, EncodeOptions());
    const int nw = layout.wordCount(), nc = layout.cellCount();
    const std::vector<int64_t> ok = randomTargets(2, nw, NumberFormat::Unsigned, W, 8);

    std::vector<int64_t> extra = ok;
    extra.push_back(3);
    const QString a = errorOf([&] { enc.encodeMany(extra, {}, {}); });
    QVERIFY2(a.contains("not a whole number"), qPrintable("'" + a + "'"));
    std::vector<int64_t> fewer(ok.begin(), ok.end() - 1);
    const QString b = errorOf([&] { enc.encodeMany(fewer, {}, {}); });
    QVERIFY2(b.contains("not a whole number"), qPrintable("'" + b + "'"));

    const QString c = errorOf([&] { enc.encodeMany(ok, {}, std::vector<int8_t>(size_t(nc), -1)); });
    QVERIFY2(c.contains("pins"), qPrintable("'" + c + "'"));
    const QString d = errorOf([&] { enc.encodeMany(ok, std::vector<double>(size_t(nw), 1.0), {}); });
    QVERIFY2(d.contains("importance"), qPrintable("'" + d + "'"));
    std::vector<double> negative(size_t(2 * nw), 1.0);
    negative[4] = -1;
    const QString e = errorOf([&] { enc.encodeMany(ok, negative, {}); });
    QVERIFY2(e.contains("negative"), qPrintable("'" + e + "'"));
}

// ---------------------------------------------------------------------------- differential pairs

namespace {

// A pair's word read the naive way: P's word in the first array's cells, N's in the second's.
int64_t naivePairValue(const Layout &l, const std::vector<uint8_t> &bits, int w)
{
    int64_t p = 0, n = 0;
    for (int s = 0; s < l.bits(); ++s) {
        p += int64_t(bits[size_t(l.cellOf(w, s))]) << s;
        n += int64_t(bits[size_t(l.cellCount() + l.cellOf(w, s))]) << s;
    }
    return p - n;
}

// The pair objective written out: max weighted |e| (ties: weighted SSE) or the weighted SSE,
// relative weights 1 / max(|t|, 1)^2.
std::pair<double, double> pairCost(Objective o, const std::vector<int64_t> &decoded, const int64_t *t)
{
    double mx = 0, sum = 0;
    for (size_t w = 0; w < decoded.size(); ++w) {
        const double e = double(decoded[w] - t[w]);
        double wt = 1;
        if (o == Objective::Relative) wt = 1 / std::pow(std::max(1.0, std::fabs(double(t[w]))), 2);
        mx = std::max(mx, wt * std::fabs(e));
        sum += wt * e * e;
    }
    return o == Objective::Max ? std::make_pair(mx, sum) : std::make_pair(0.0, sum);
}

} // namespace

void TestEncoder::diffPairWords()
{
    QCOMPARE(parseFormat("diffpair"), NumberFormat::DifferentialPair);
    QCOMPARE(formatName(NumberFormat::DifferentialPair), std::string("diffpair"));
    for (int W : {2, 4, 8}) {
        const int64_t top = (int64_t(1) << W) - 1;
        QCOMPARE(codeMin(NumberFormat::DifferentialPair, W), -top);
        QCOMPARE(codeMax(NumberFormat::DifferentialPair, W), top);
        for (int64_t c = -top; c <= top; ++c) {
            const uint64_t v = encodeWord(NumberFormat::DifferentialPair, W, c);
            // The naive split: P = max(c, 0) in the low W bits, N = max(-c, 0) above.
            QCOMPARE(v, uint64_t(std::max<int64_t>(c, 0)) | (uint64_t(std::max<int64_t>(-c, 0)) << W));
            QCOMPARE(decodeWord(NumberFormat::DifferentialPair, W, v), c);
        }
        // Any pair decodes to P - N, also when both are set.
        QCOMPARE(decodeWord(NumberFormat::DifferentialPair, W, uint64_t(top) | (uint64_t(1) << W)), top - 1);
    }
    QVERIFY(errorOf([] { encodeWord(NumberFormat::DifferentialPair, 4, 16); }).contains("does not fit"));
}

void TestEncoder::diffPairRoundTrip_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("bits");
    QTest::addColumn<SolverKind>("solver");
    QTest::addColumn<Objective>("objective");
    QTest::addColumn<int>("arrays");
    for (Objective o : {Objective::Max, Objective::L2, Objective::Relative}) {
        QTest::newRow(qPrintable("msb-lsb W4 auto " + obj(o))) << "msb-lsb" << 4 << SolverKind::Auto << o << 60;
        QTest::newRow(qPrintable("msb-lsb W8 auto " + obj(o))) << "msb-lsb" << 8 << SolverKind::Auto << o << 12;
        QTest::newRow(qPrintable("transpose W8 local " + obj(o))) << "transpose" << 8 << SolverKind::Local << o << 12;
    }
    QTest::newRow("msb-lsb W8 greedy l2") << "msb-lsb" << 8 << SolverKind::Greedy << Objective::L2 << 30;
}

// Every pair decodes exactly to what the encoder reports, its objective is the pair's, and it
// is never worse than the naive split encoded here on its own (P on max(t, 0), N on max(-t, 0),
// each by a plain unsigned encoder of the same options).
void TestEncoder::diffPairRoundTrip()
{
    QFETCH(QString, pattern);
    QFETCH(int, bits);
    QFETCH(SolverKind, solver);
    QFETCH(Objective, objective);
    QFETCH(int, arrays);
    const Layout layout = makeLayout(pattern, bits, bits, bits);
    EncodeOptions opt;
    opt.format = NumberFormat::DifferentialPair;
    opt.objective = objective;
    opt.solver = solver;
    opt.seed = 5;
    const Encoder enc(layout, opt);
    QCOMPARE(enc.cellCount(), 2 * layout.cellCount());
    QCOMPARE(enc.effectiveCapacity(), 0.5 * double(layout.wordCount() * bits) / layout.cellCount());
    EncodeOptions half = opt;
    half.format = NumberFormat::Unsigned;
    if (objective == Objective::Relative) half.objective = Objective::L2;
    const Encoder plain(layout, half);

    const int nw = layout.wordCount();
    const std::vector<int64_t> targets = randomTargets(arrays, nw, NumberFormat::DifferentialPair, bits, 17);
    const std::vector<ArrayResult> results = enc.encodeMany(targets, {}, {});
    QCOMPARE(int(results.size()), arrays);
    int better = 0;
    for (int i = 0; i < arrays; ++i) {
        const int64_t *t = targets.data() + size_t(i) * nw;
        const ArrayResult &r = results[size_t(i)];
        QCOMPARE(int(r.bits.size()), 2 * layout.cellCount());
        for (int w = 0; w < nw; ++w) QCOMPARE(naivePairValue(layout, r.bits, w), r.decoded[size_t(w)]);
        QCOMPARE(decodeArray(layout, NumberFormat::DifferentialPair, r.bits.data()), r.decoded);
        const auto cost = pairCost(objective, r.decoded, t);
        const double key = objective == Objective::Max ? cost.first : cost.second;
        QVERIFY(std::fabs(r.objectiveKey - key) <= 1e-9 * std::max(1.0, key));
        QCOMPARE(r.certified, key == 0);

        // The naive split, encoded apart.
        std::vector<int64_t> pt(static_cast<size_t>(nw)), nt(static_cast<size_t>(nw));
        std::vector<double> weight(size_t(nw), 1.0);
        for (int w = 0; w < nw; ++w) {
            pt[w] = std::max<int64_t>(t[w], 0);
            nt[w] = std::max<int64_t>(-t[w], 0);
            if (objective == Objective::Relative) weight[w] = 1 / std::pow(std::max(1.0, std::fabs(double(t[w]))), 2);
        }
        const double *wp = objective == Objective::Relative ? weight.data() : nullptr;
        const ArrayResult p = plain.encodeArray(pt.data(), wp, nullptr, i);
        const ArrayResult n = plain.encodeArray(nt.data(), wp, nullptr, i);
        std::vector<int64_t> naive(static_cast<size_t>(nw));
        for (int w = 0; w < nw; ++w) naive[w] = p.decoded[w] - n.decoded[w];
        const auto naiveCost = pairCost(objective, naive, t);
        QVERIFY2(!(naiveCost < cost) || std::fabs(naiveCost.second - cost.second) <= 1e-9 * cost.second,
                 qPrintable(QString("array %1: pair %2/%3, naive split %4/%5")
                                .arg(i)
                                .arg(cost.first)
                                .arg(cost.second)
                                .arg(naiveCost.first)
                                .arg(naiveCost.second)));
        better += cost < naiveCost;
    }
    // The compensation is the point of the pair search: on random arrays it must win somewhere.
    QVERIFY2(better > 0, "the pair search never beat the naive split");
}

void TestEncoder::diffPairOneSidedExact_data()
{
    QTest::addColumn<bool>("negative");
    QTest::newRow("P only") << false;
    QTest::newRow("N only") << true;
}

// Targets that one unsigned array can hold exactly (and the other array all zeros) come back
// exactly and certified: the pair finds what the plain unsigned encoding finds.
void TestEncoder::diffPairOneSidedExact()
{
    QFETCH(bool, negative);
    const int W = 4;
    const Layout layout = makeLayout("msb-lsb", W, W, W);
    EncodeOptions opt;
    opt.format = NumberFormat::DifferentialPair;
    opt.solver = SolverKind::Exact;
    const Encoder enc(layout, opt);
    std::mt19937_64 rng(7);
    for (int i = 0; i < 40; ++i) {
        std::vector<int64_t> t = decodeArray(layout, NumberFormat::Unsigned, randomBits(rng, layout.cellCount()).data());
        if (negative)
            for (int64_t &v : t) v = -v;
        const ArrayResult r = enc.encodeArray(t.data(), nullptr, nullptr, i);
        QCOMPARE(r.decoded, t);
        QCOMPARE(decodeArray(layout, NumberFormat::DifferentialPair, r.bits.data()), t);
        QCOMPARE(r.objectiveKey, 0.0);
        QVERIFY(r.certified);
    }
}

void TestEncoder::diffPairRefusals()
{
    const Layout layout = makeLayout("msb-lsb", 4, 4, 4);
    auto refusal = [&](const std::function<void(EncodeOptions &)> &set) {
        EncodeOptions o;
        o.format = NumberFormat::DifferentialPair;
        set(o);
        return errorOf([&] { Encoder(layout, o); });
    };
    QVERIFY(refusal([](EncodeOptions &o) { o.shift = true; }).startsWith("shift: "));
    QVERIFY(refusal([](EncodeOptions &o) { o.rotate = true; }).startsWith("rotate: "));
    QVERIFY(refusal([](EncodeOptions &o) { o.offset = true; }).startsWith("offset: "));
    const QString bound = refusal([](EncodeOptions &o) { o.bound = 2; });
    QVERIFY2(bound.startsWith("bound_lsb: ") && bound.contains("diffpair"), qPrintable(bound));
    QVERIFY(refusal([](EncodeOptions &) {}).isEmpty());
    EncodeOptions o;
    o.format = NumberFormat::DifferentialPair;
    const Encoder enc(layout, o);
    std::vector<int64_t> t(size_t(layout.wordCount()), 3);
    ArrayResult r = enc.encodeArray(t.data());
    const std::vector<int8_t> stuck(size_t(enc.cellCount()), 1);
    QVERIFY(errorOf([&] { enc.applyStuck(t.data(), nullptr, stuck.data(), r); }).contains("not modelled"));
}

QTEST_APPLESS_MAIN(TestEncoder)
#include "tst_encoder.moc"
