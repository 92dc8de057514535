// The network-scale solvers against brute force on small arrays: the fast local search's
// best responses and pair kicks are exact, its iterated search reaches the optimum on small
// arrays, and it applies only where its per-bit decomposition holds.
#include "TestSupport.h"
#include "encode/ArrayProblem.h"
#include "encode/Decode.h"
#include "encode/DualBoundSolver.h"
#include "encode/Encoder.h"
#include "encode/ExactSolver.h"
#include "encode/EncodeOptions.h"
#include "encode/FastLocalSearch.h"
#include "encode/GreedySolver.h"
#include "encode/RandomTargets.h"
#include "layout/Layout.h"
#include "quant/NumberFormat.h"

#include <QString>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using namespace twill;
using namespace twill::test;

Q_DECLARE_METATYPE(twill::NumberFormat)

namespace {

const NumberFormat kFormats[] = {NumberFormat::Unsigned, NumberFormat::TwosComplement, NumberFormat::SignMagnitude};

QString fmt(NumberFormat f) { return QString::fromStdString(formatName(f)); }

// One array's problem with its own storage (the model outlives the problem).
struct Case {
    Layout layout;
    NumberFormat format;
    WordModel model;
    ArrayProblem problem;

    Case(const Layout &l, NumberFormat f) : layout(l), format(f), model(l, f)
    {
        problem.model = &model;
        problem.objective = Objective::L2;
        problem.shift.assign(model.nWords, 0);
        problem.pin.assign(model.nCells, -1);
    }
    Case(const Case &) = delete;
};

// The weighted sum of squares of an assignment, from the layout alone.
double naiveCost(const Case &c, const std::vector<uint8_t> &bits)
{
    const std::vector<int64_t> d = decodeArray(c.layout, c.format, bits.data(), c.problem.shift.data());
    double sum = 0;
    for (size_t w = 0; w < d.size(); ++w) {
        const double e = double(d[w] - c.problem.target[w]);
        sum += c.problem.w(int(w)) * e * e;
    }
    return sum;
}

bool pinsHold(const Case &c, const std::vector<uint8_t> &bits)
{
    for (size_t i = 0; i < bits.size(); ++i)
        if (c.problem.pin[i] >= 0 && bits[i] != uint8_t(c.problem.pin[i])) return false;
    return true;
}

// Sets word w's cells to the pattern v (bit s = significance s).
void setWordBits(const Layout &l, std::vector<uint8_t> &bits, int w, uint64_t v)
{
    for (int s = 0; s < l.bits(); ++s) bits[size_t(l.cellOf(w, s))] = uint8_t((v >> s) & 1);
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

// A random problem: targets over the format's range, optional weights (some zero: padding),
// shifts (targets then within the shifted range) and pins.
void randomize(Case &c, std::mt19937_64 &rng, bool weighted, bool shifted, bool pinned)
{
    const int W = c.layout.bits();
    const int64_t lo = codeMin(c.format, W), hi = codeMax(c.format, W);
    std::uniform_int_distribution<int64_t> code(lo, hi);
    std::uniform_real_distribution<double> u(0, 1);
    ArrayProblem &p = c.problem;
    p.target.assign(c.model.nWords, 0);
    p.weight.clear();
    if (weighted) p.weight.assign(c.model.nWords, 1.0);
    for (int w = 0; w < c.model.nWords; ++w) {
        p.shift[w] = int8_t(shifted ? rng() % 2 : 0);
        p.target[w] = code(rng) * (int64_t(1) << p.shift[w]) + (shifted ? int64_t(rng() % 2) : 0);
        if (weighted) p.weight[w] = u(rng) < 0.2 ? 0.0 : 0.25 + 2 * u(rng);
    }
    for (auto &x : p.pin) x = pinned && u(rng) < 0.3 ? int8_t(rng() & 1) : int8_t(-1);
}

Layout square(int W) { return Layout::msbLsb(planar(W, W, W)); }

// Every assignment of a small array (cells <= 20) and its unshifted word values.
struct AllAssignments {
    int cells = 0, words = 0;
    std::vector<int64_t> decoded; // assignments x words

    explicit AllAssignments(const Case &c) : cells(c.model.nCells), words(c.model.nWords)
    {
        const uint64_t n = uint64_t(1) << cells;
        decoded.resize(size_t(n) * words);
        std::vector<uint8_t> bits(static_cast<size_t>(cells));
        for (uint64_t x = 0; x < n; ++x) {
            for (int i = 0; i < cells; ++i) bits[size_t(i)] = uint8_t((x >> i) & 1);
            const std::vector<int64_t> d = decodeArray(c.layout, c.format, bits.data());
            std::copy(d.begin(), d.end(), decoded.begin() + std::ptrdiff_t(x * words));
        }
    }
    // The least weighted sum of squares over the assignments that honour the pins.
    double best(const ArrayProblem &p) const
    {
        uint64_t mask = 0, value = 0;
        for (int i = 0; i < cells; ++i)
            if (p.pin[size_t(i)] >= 0) {
                mask |= uint64_t(1) << i;
                if (p.pin[size_t(i)]) value |= uint64_t(1) << i;
            }
        double b = std::numeric_limits<double>::infinity();
        for (uint64_t x = 0; x < (uint64_t(1) << cells); ++x) {
            if ((x & mask) != value) continue;
            double sum = 0;
            for (int w = 0; w < words; ++w) {
                const double e = double(decoded[size_t(x) * words + w] * (int64_t(1) << p.shift[size_t(w)]) - p.target[size_t(w)]);
                sum += p.w(w) * e * e;
            }
            b = std::min(b, sum);
        }
        return b;
    }
};

} // namespace

class TestSolvers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void descendIsWordOptimal_data();
    void descendIsWordOptimal();
    void kickIsBestPair_data();
    void kickIsBestPair();
    void runReachesOptimum_data();
    void runReachesOptimum();
    void appliesWhereExact();
    void dualMatchesBruteForce_data();
    void dualMatchesBruteForce();
    void dualBoundUnderLimits();
    void autoL2CertifiesAndIgnoresThreads();
};

void TestSolvers::descendIsWordOptimal_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<bool>("weighted");
    QTest::addColumn<bool>("shifted");
    QTest::addColumn<bool>("pinned");
    for (int W : {3, 4})
        for (NumberFormat f : kFormats) {
            QTest::newRow(qPrintable(QString("W%1 %2 plain").arg(W).arg(fmt(f)))) << W << f << false << false << false;
            QTest::newRow(qPrintable(QString("W%1 %2 weighted").arg(W).arg(fmt(f)))) << W << f << true << false << false;
            QTest::newRow(qPrintable(QString("W%1 %2 shifted").arg(W).arg(fmt(f)))) << W << f << false << true << false;
            QTest::newRow(qPrintable(QString("W%1 %2 pinned").arg(W).arg(fmt(f)))) << W << f << true << false << true;
        }
    QTest::newRow("W8 twos plain") << 8 << NumberFormat::TwosComplement << false << false << false;
    QTest::newRow("W8 signmag pinned") << 8 << NumberFormat::SignMagnitude << true << false << true;
}

void TestSolvers::descendIsWordOptimal()
{
    // After descend no single word can lower the cost (brute force over all its values),
    // the reported cost is the naive one, and pins hold.
    QFETCH(int, bits);
    QFETCH(NumberFormat, format);
    QFETCH(bool, weighted);
    QFETCH(bool, shifted);
    QFETCH(bool, pinned);
    Case c(square(bits), format);
    std::mt19937_64 rng(uint64_t(100 + bits));
    const int arrays = bits == 8 ? 10 : 40;
    for (int a = 0; a < arrays; ++a) {
        randomize(c, rng, weighted, shifted, pinned);
        QVERIFY(FastLocalSearch::applies(c.problem));
        Assignment as;
        greedyEncode(c.problem, as);
        FastLocalSearch f(c.problem);
        f.load(as);
        const double reported = f.descend();
        f.store(as);
        QVERIFY(pinsHold(c, as.bits));
        const double cost = naiveCost(c, as.bits);
        QVERIFY2(close(reported, cost), qPrintable(QString("array %1: reported %2, naive %3").arg(a).arg(reported).arg(cost)));
        QVERIFY(close(f.cost(), cost));
        for (int w = 0; w < c.model.nWords; ++w)
            for (uint64_t v = 0; v < (uint64_t(1) << bits); ++v) {
                std::vector<uint8_t> b = as.bits;
                setWordBits(c.layout, b, w, v);
                if (!pinsHold(c, b)) continue;
                const double other = naiveCost(c, b);
                QVERIFY2(other >= cost - 1e-9 * std::max(1.0, cost),
                         qPrintable(QString("array %1 word %2: value %3 gives %4 < %5").arg(a).arg(w).arg(v).arg(other).arg(cost)));
            }
    }
}

void TestSolvers::kickIsBestPair_data()
{
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<bool>("weighted");
    QTest::addColumn<bool>("pinned");
    for (NumberFormat f : kFormats) {
        QTest::newRow(qPrintable(fmt(f) + " plain")) << f << false << false;
        QTest::newRow(qPrintable(fmt(f) + " weighted pinned")) << f << true << true;
    }
}

void TestSolvers::kickIsBestPair()
{
    // A kick flips one cell and gives both of its words the best pair of values with that
    // cell flipped: brute force over both words' values, every other cell as it was.
    QFETCH(NumberFormat, format);
    QFETCH(bool, weighted);
    QFETCH(bool, pinned);
    const int W = 4;
    Case c(square(W), format);
    std::mt19937_64 rng(77);
    int kicks = 0;
    for (int a = 0; a < 30; ++a) {
        randomize(c, rng, weighted, false, pinned);
        Assignment as;
        greedyEncode(c.problem, as);
        FastLocalSearch f(c.problem);
        f.load(as);
        f.descend();
        f.store(as);
        for (int cell = 0; cell < c.model.nCells; ++cell) {
            if (c.problem.pin[cell] >= 0) continue;
            const std::vector<uint8_t> before = as.bits;
            const int w0 = c.model.cellWord[size_t(cell) * 2], w1 = c.model.cellWord[size_t(cell) * 2 + 1];
            const uint8_t flipped = uint8_t(1 - before[cell]);
            double best = std::numeric_limits<double>::infinity();
            for (uint64_t v0 = 0; v0 < (1u << W); ++v0)
                for (uint64_t v1 = 0; v1 < (1u << W); ++v1) {
                    std::vector<uint8_t> b = before;
                    setWordBits(c.layout, b, w0, v0);
                    setWordBits(c.layout, b, w1, v1);
                    if (b[cell] != flipped || !pinsHold(c, b)) continue; // v0, v1 disagree on the cell
                    bool sameCell = true;
                    for (int s = 0; s < W; ++s) {
                        const int x0 = c.layout.cellOf(w0, s);
                        if (x0 == cell) sameCell = ((v0 >> s) & 1) == flipped;
                    }
                    if (!sameCell) continue;
                    best = std::min(best, naiveCost(c, b));
                }
            FastLocalSearch k(c.problem);
            k.load(as);
            k.kick(cell);
            Assignment after;
            k.store(after);
            QCOMPARE(int(after.bits[cell]), int(flipped));
            QVERIFY(pinsHold(c, after.bits));
            for (int x = 0; x < c.model.nCells; ++x) {
                bool inPair = false;
                for (int s = 0; s < W; ++s) inPair = inPair || c.layout.cellOf(w0, s) == x || c.layout.cellOf(w1, s) == x;
                if (!inPair) QCOMPARE(int(after.bits[x]), int(before[x]));
            }
            const double got = naiveCost(c, after.bits);
            QVERIFY2(close(got, best), qPrintable(QString("array %1 cell %2: kick gives %3, best pair %4").arg(a).arg(cell).arg(got).arg(best)));
            QVERIFY(close(k.cost(), got));
            ++kicks;
        }
    }
    QVERIFY(kicks > 100);
}

void TestSolvers::runReachesOptimum_data()
{
    QTest::addColumn<NumberFormat>("format");
    for (NumberFormat f : kFormats) QTest::newRow(qPrintable(fmt(f))) << f;
}

void TestSolvers::runReachesOptimum()
{
    // 4x4 msb-lsb arrays of 4-bit codes: the iterated search with its default restarts finds
    // the brute-force optimum (all 2^16 assignments) on nearly every array, never ends above
    // its own descent, and gives the same bits for the same seed.
    QFETCH(NumberFormat, format);
    const int W = 4, arrays = 60;
    Case c(square(W), format);
    EncodeOptions o;
    o.objective = Objective::L2;
    const int restarts = o.effectiveRestarts(true);
    const std::vector<int64_t> targets = randomTargets(arrays, c.model.nWords, format, W, 2025);
    int optimal = 0;
    for (int a = 0; a < arrays; ++a) {
        c.problem.target.assign(targets.begin() + a * c.model.nWords, targets.begin() + (a + 1) * c.model.nWords);
        double best = std::numeric_limits<double>::infinity();
        std::vector<uint8_t> b(size_t(c.model.nCells));
        for (uint32_t x = 0; x < (1u << c.model.nCells); ++x) {
            for (int i = 0; i < c.model.nCells; ++i) b[size_t(i)] = uint8_t((x >> i) & 1);
            best = std::min(best, naiveCost(c, b));
        }
        Assignment as;
        greedyEncode(c.problem, as);
        FastLocalSearch d(c.problem);
        d.load(as);
        const double descended = d.descend();
        FastLocalSearch f(c.problem);
        f.load(as);
        const double got = f.run(restarts, 9 + uint64_t(a));
        Assignment out;
        f.store(out);
        QVERIFY(close(got, naiveCost(c, out.bits)));
        QVERIFY(got >= best - 1e-9);
        QVERIFY(got <= descended + 1e-9);
        optimal += close(got, best);
        FastLocalSearch again(c.problem);
        again.load(as);
        again.run(restarts, 9 + uint64_t(a));
        Assignment out2;
        again.store(out2);
        QCOMPARE(out2.bits, out.bits);
    }
    QVERIFY2(optimal >= arrays * 95 / 100, qPrintable(QString("%1 of %2 arrays optimal").arg(optimal).arg(arrays)));
}

void TestSolvers::appliesWhereExact()
{
    Case plain(square(8), NumberFormat::TwosComplement);
    QVERIFY(FastLocalSearch::applies(plain.problem));
    plain.problem.objective = Objective::Relative;
    QVERIFY(FastLocalSearch::applies(plain.problem));
    plain.problem.objective = Objective::Max; // a max is not a sum of per-bit terms
    QVERIFY(!FastLocalSearch::applies(plain.problem));
    plain.problem.objective = Objective::L2;
    plain.problem.bound = 3; // a hard bound needs the lexicographic cost
    QVERIFY(!FastLocalSearch::applies(plain.problem));

    // Two words per line (16x16 of 8-bit words) still cross once; the naive pattern too.
    Case wide(Layout::msbLsb(planar(16, 16, 8)), NumberFormat::Unsigned);
    QVERIFY(FastLocalSearch::applies(wide.problem));
    Case naive(Layout::transpose(planar(8, 8, 8)), NumberFormat::Unsigned);
    QVERIFY(FastLocalSearch::applies(naive.problem));
    // A stack read along three directions does not.
    Geometry g = planar(4, 4, 4);
    g.layers = 4;
    g.directions = {Direction::Row, Direction::Column, Direction::Pillar};
    Case cube(Layout::latinCube(g), NumberFormat::Unsigned);
    QVERIFY(!FastLocalSearch::applies(cube.problem));
}

void TestSolvers::dualMatchesBruteForce_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("bits");
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<bool>("weighted");
    QTest::addColumn<bool>("shifted");
    QTest::addColumn<bool>("pinned");
    for (NumberFormat f : kFormats) {
        QTest::newRow(qPrintable("W4 msb-lsb " + fmt(f) + " plain")) << "msb-lsb" << 4 << f << false << false << false;
        QTest::newRow(qPrintable("W4 msb-lsb " + fmt(f) + " weighted")) << "msb-lsb" << 4 << f << true << false << false;
        QTest::newRow(qPrintable("W4 msb-lsb " + fmt(f) + " shifted")) << "msb-lsb" << 4 << f << false << true << false;
        QTest::newRow(qPrintable("W4 msb-lsb " + fmt(f) + " pinned")) << "msb-lsb" << 4 << f << true << false << true;
        QTest::newRow(qPrintable("W3 transpose " + fmt(f) + " pinned")) << "transpose" << 3 << f << false << false << true;
    }
}

void TestSolvers::dualMatchesBruteForce()
{
    // From a greedy incumbent the dual-bound search proves the brute-force optimum (all
    // 2^cells assignments), and its lower bound is that optimum.
    QFETCH(QString, pattern);
    QFETCH(int, bits);
    QFETCH(NumberFormat, format);
    QFETCH(bool, weighted);
    QFETCH(bool, shifted);
    QFETCH(bool, pinned);
    const Layout layout = pattern == "transpose" ? Layout::transpose(planar(bits, bits, bits)) : square(bits);
    Case c(layout, format);
    const AllAssignments all(c);
    std::mt19937_64 rng(uint64_t(300 + bits));
    for (int a = 0; a < 25; ++a) {
        randomize(c, rng, weighted, shifted, pinned);
        QVERIFY(DualBoundSolver::applies(c.problem));
        const double want = all.best(c.problem);
        Assignment as;
        greedyEncode(c.problem, as);
        DualBoundSolver d(c.problem);
        const ExactOutcome o = d.solve(as, ExactSolver::Limits());
        QVERIFY(o.complete);
        QVERIFY(pinsHold(c, as.bits));
        const double got = naiveCost(c, as.bits);
        QVERIFY2(close(got, want), qPrintable(QString("array %1: dual %2, brute force %3").arg(a).arg(got).arg(want)));
        QVERIFY2(close(o.lowerBound, want), qPrintable(QString("array %1: bound %2, optimum %3").arg(a).arg(o.lowerBound).arg(want)));
    }
}

void TestSolvers::dualBoundUnderLimits()
{
    // 8x8 arrays of bell-shaped 8-bit codes: stopped by a node limit, the search keeps an
    // encoding no better than the optimum and a lower bound no higher than it; complete
    // runs reach it.
    Case c(square(8), NumberFormat::TwosComplement);
    std::mt19937_64 rng(8);
    std::normal_distribution<double> g(0, 30);
    int stoppedWithGap = 0;
    c.problem.target.assign(c.model.nWords, 0);
    for (int a = 0; a < 12; ++a) {
        for (auto &t : c.problem.target) t = std::clamp<int64_t>(int64_t(std::llround(g(rng))), -128, 127);
        Assignment start;
        greedyEncode(c.problem, start);
        Assignment full = start;
        DualBoundSolver d(c.problem);
        const ExactOutcome o = d.solve(full, ExactSolver::Limits());
        QVERIFY(o.complete);
        const double optimum = naiveCost(c, full.bits);
        // The plain exact search agrees.
        Assignment plain = start;
        ExactSolver ex(c.problem);
        QVERIFY(ex.solve(plain, ExactSolver::Limits()).complete);
        QVERIFY2(close(naiveCost(c, plain.bits), optimum),
                 qPrintable(QString("array %1: dual %2, plain %3").arg(a).arg(optimum).arg(naiveCost(c, plain.bits))));
        for (int64_t limit : {1, 4, 16, 64}) {
            Assignment as = start;
            DualBoundSolver s(c.problem);
            ExactSolver::Limits lim;
            lim.nodeLimit = limit;
            const ExactOutcome r = s.solve(as, lim);
            const double got = naiveCost(c, as.bits);
            QVERIFY(got >= optimum - 1e-9);
            QVERIFY(got <= naiveCost(c, start.bits) + 1e-9);
            QVERIFY2(r.lowerBound <= optimum + 1e-9, qPrintable(QString("array %1 limit %2: bound %3 > optimum %4")
                                                                   .arg(a).arg(limit).arg(r.lowerBound).arg(optimum)));
            if (r.complete) QVERIFY(close(got, optimum));
            else stoppedWithGap += r.lowerBound < got;
        }
    }
    QVERIFY(stoppedWithGap > 0); // the limits did stop some searches
}

void TestSolvers::autoL2CertifiesAndIgnoresThreads()
{
    // The default solver on 8x8 8-bit arrays proves nearly every optimum within its node
    // budget, and the bits do not depend on the thread count.
    const Layout layout = square(8);
    std::mt19937_64 rng(5);
    std::normal_distribution<double> g(0, 25);
    const int arrays = 24;
    std::vector<int64_t> targets(size_t(arrays) * layout.wordCount());
    for (auto &t : targets) t = std::clamp<int64_t>(int64_t(std::llround(g(rng))), -128, 127);
    std::vector<std::vector<ArrayResult>> runs;
    for (int threads : {1, 2}) {
        EncodeOptions o;
        o.format = NumberFormat::TwosComplement;
        o.objective = Objective::L2;
        o.threads = threads;
        const Encoder enc(layout, o);
        runs.push_back(enc.encodeMany(targets, {}, {}));
    }
    int certified = 0;
    for (int i = 0; i < arrays; ++i) {
        QCOMPARE(runs[0][size_t(i)].bits, runs[1][size_t(i)].bits);
        certified += runs[0][size_t(i)].certified;
        QVERIFY(runs[0][size_t(i)].lowerBound <= runs[0][size_t(i)].objectiveKey);
    }
    QVERIFY2(certified >= arrays * 9 / 10, qPrintable(QString("%1 of %2 certified").arg(certified).arg(arrays)));
}

QTEST_APPLESS_MAIN(TestSolvers)
#include "tst_solvers.moc"
