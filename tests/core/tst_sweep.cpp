// The encoding sweep: its figures are those of the encoder itself, the pattern ranking it
// exists to show, cancel between points and within one, spec checks in words, CSV round trip.
#include "TestSupport.h"
#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "encode/Sweep.h"
#include "layout/Layout.h"
#include "util/Error.h"

#include <QString>
#include <QStringList>
#include <QTest>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace twill;
using test::errorOf;

Q_DECLARE_METATYPE(std::function<void(twill::SweepSpec &)>)

namespace {

SweepSpec smallSpec()
{
    SweepSpec s;
    s.bits = {4, 8};
    s.wordsPerSide = 1;
    s.arrays = 24;
    s.options.threads = 1;
    return s;
}

// Bit-exact equality of the figures that do not depend on the clock.
void compareFigures(const EncodeSummary &a, const EncodeSummary &b)
{
    QCOMPARE(a.arrays, b.arrays);
    QCOMPARE(a.words, b.words);
    QVERIFY(a.meanAbsLsb == b.meanAbsLsb);
    QVERIFY(a.rmsLsb == b.rmsLsb);
    QVERIFY(a.maxAbsLsb == b.maxAbsLsb);
    QVERIFY(a.meanPctFs == b.meanPctFs);
    QVERIFY(a.meanArrayMaxPctFs == b.meanArrayMaxPctFs);
    QVERIFY(a.maxPctFs == b.maxPctFs);
    QVERIFY(a.certifiedFraction == b.certifiedFraction);
    QCOMPARE(a.nodes, b.nodes);
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pointsMatchDirectEncoding_data();
    void pointsMatchDirectEncoding();
    void msbLsbBeatsTransposeAtEveryWidth();
    void progressCoversTheGrid();
    void cancelFromCallbackKeepsFinishedPoints();
    void cancelWithinPointDropsIt();
    void badSpecsAreExplained_data();
    void badSpecsAreExplained();
    void csvReadsBackTheSameNumbers();
};

void TestSweep::pointsMatchDirectEncoding_data()
{
    QTest::addColumn<bool>("cube");
    QTest::addColumn<int>("threads");
    QTest::newRow("2D") << false << 1;
    QTest::newRow("2D, 2 threads") << false << 2;
    QTest::newRow("3D") << true << 1;
}

void TestSweep::pointsMatchDirectEncoding()
{
    QFETCH(bool, cube);
    QFETCH(int, threads);
    SweepSpec spec = smallSpec();
    spec.cube = cube;
    spec.bits = cube ? std::vector<int>{4} : std::vector<int>{4, 8};
    spec.wordsPerSide = cube ? 1 : 2;
    spec.arrays = cube ? 6 : 24;
    spec.options.threads = threads;
    spec.options.seed = 7;
    const std::vector<SweepPoint> points = runSweep(spec, nullptr);
    QCOMPARE(points.size(), spec.bits.size() * 2);

    for (const SweepPoint &p : points) {
        Geometry g;
        g.bits = p.bits;
        g.rows = g.cols = spec.wordsPerSide * p.bits;
        g.directions = {Direction::Row, Direction::Column};
        if (cube) {
            g.layers = p.bits;
            g.directions.push_back(Direction::Pillar);
        }
        QCOMPARE(p.rows, g.rows);
        QCOMPARE(p.layers, g.layers);
        const Layout layout = p.pattern == Pattern::MsbLsb ? Layout::msbLsb(g) : Layout::transpose(g);
        if (cube && p.pattern == Pattern::MsbLsb) QCOMPARE(QString::fromStdString(layout.patternName()), QString("latin"));
        EncodeOptions o = spec.options;
        o.threads = 1;
        const Encoder encoder(layout, o);
        const auto targets = randomTargets(spec.arrays, layout.wordCount(), o.format, p.bits, o.seed);
        const auto results = encoder.encodeMany(targets, {}, {});
        const EncodeSummary direct = summarize(encoder, targets, results, 1.0);
        compareFigures(p.summary, direct);
        QVERIFY(p.summary.seconds > 0);
    }
}

void TestSweep::msbLsbBeatsTransposeAtEveryWidth()
{
    SweepSpec spec = smallSpec();
    spec.bits = {4, 6, 8, 12, 16};
    spec.arrays = 12;
    const std::vector<SweepPoint> points = runSweep(spec, nullptr);
    QCOMPARE(points.size(), size_t(10));
    for (size_t i = 0; i < points.size(); i += 2) {
        // Width by width, every pattern at one width before the next.
        const SweepPoint &m = points[i], &t = points[i + 1];
        QCOMPARE(QString::fromStdString(patternName(m.pattern)), QString("msb-lsb"));
        QCOMPARE(QString::fromStdString(patternName(t.pattern)), QString("transpose"));
        QCOMPARE(m.bits, spec.bits[i / 2]);
        QCOMPARE(t.bits, m.bits);
        QVERIFY2(m.summary.meanArrayMaxPctFs < t.summary.meanArrayMaxPctFs,
                 qPrintable(QString("W=%1: msb-lsb %2 %% FS, transpose %3 %% FS")
                                .arg(m.bits)
                                .arg(m.summary.meanArrayMaxPctFs)
                                .arg(t.summary.meanArrayMaxPctFs)));
    }
    // At 16 bits the gap is the point of the pattern: well over 10x.
    QVERIFY(points[9].summary.meanArrayMaxPctFs > 10 * points[8].summary.meanArrayMaxPctFs);
}

void TestSweep::progressCoversTheGrid()
{
    SweepSpec spec = smallSpec();
    spec.arrays = 64; // encodeMany reports every 16 arrays: fractions inside each point too
    std::vector<double> fractions;
    QStringList messages;
    JobControl control([&](double f, const std::string &m) {
        fractions.push_back(f);
        messages << QString::fromStdString(m);
    });
    int seen = 0;
    const auto points = runSweep(spec, &control, [&](const SweepPoint &) { ++seen; });
    QCOMPARE(points.size(), size_t(4));
    QCOMPARE(seen, 4);
    QVERIFY(fractions.size() > 8);
    for (size_t i = 1; i < fractions.size(); ++i) QVERIFY(fractions[i] >= fractions[i - 1]);
    QVERIFY(fractions.front() >= 0);
    QCOMPARE(fractions.back(), 1.0);
    // Within the first point (8x8 of 4 bits, 64 of 8*8*64 + ...): strictly between 0 and its end.
    int inside = 0;
    for (double f : fractions) inside += f > 0 && f < 1;
    QVERIFY(inside >= 6);
    QVERIFY2(messages.filter("encoded 32 of 64 arrays").size() == 4, qPrintable(messages.join("\n")));
    QVERIFY(messages.filter("transpose W=8 (8x8), point 4 of 4").size() > 0);
}

void TestSweep::cancelFromCallbackKeepsFinishedPoints()
{
    SweepSpec spec = smallSpec();
    JobControl control;
    const auto points = runSweep(spec, &control, [&](const SweepPoint &) { control.cancel(); });
    QCOMPARE(points.size(), size_t(1));
    QCOMPARE(points.front().bits, 4);
    QCOMPARE(QString::fromStdString(patternName(points.front().pattern)), QString("msb-lsb"));
    QCOMPARE(points.front().summary.arrays, int64_t(spec.arrays));
}

void TestSweep::cancelWithinPointDropsIt()
{
    // A point far too long to finish: the cancel must reach the encoder inside it.
    SweepSpec spec = smallSpec();
    spec.bits = {16};
    spec.arrays = 100000;
    std::atomic<bool> started{false};
    JobControl control([&](double, const std::string &m) {
        if (m.find("encoded") != std::string::npos) started = true;
    });
    std::vector<SweepPoint> points{SweepPoint{}};
    std::thread worker([&]() { points = runSweep(spec, &control); });
    QTRY_VERIFY_WITH_TIMEOUT(started.load(), 60000);
    control.cancel();
    worker.join();
    QVERIFY(points.empty()); // the unfinished point is dropped, not reported with other figures
}

void TestSweep::badSpecsAreExplained_data()
{
    QTest::addColumn<std::function<void(SweepSpec &)>>("change");
    QTest::addColumn<QString>("expected");
    using Change = std::function<void(SweepSpec &)>;
    QTest::newRow("no widths") << Change([](SweepSpec &s) { s.bits.clear(); }) << "list at least one";
    QTest::newRow("width 1") << Change([](SweepSpec &s) { s.bits = {1, 8}; }) << "bit width 1 is out of range; use widths from 2 to 32";
    QTest::newRow("width 33") << Change([](SweepSpec &s) { s.bits = {33}; }) << "bit width 33 is out of range";
    QTest::newRow("twice") << Change([](SweepSpec &s) { s.bits = {8, 4, 8}; }) << "8 is listed twice";
    QTest::newRow("no patterns") << Change([](SweepSpec &s) { s.patterns.clear(); }) << "choose msb-lsb, transpose or both";
    QTest::newRow("not sweepable") << Change([](SweepSpec &s) { s.patterns = {Pattern::MsbLsb, Pattern::Latin}; })
                                   << "pattern latin cannot be swept; the sweep compares msb-lsb and transpose";
    QTest::newRow("pattern twice") << Change([](SweepSpec &s) { s.patterns = {Pattern::Transpose, Pattern::Transpose}; })
                                   << "pattern transpose is listed twice";
    QTest::newRow("no arrays") << Change([](SweepSpec &s) { s.arrays = 0; }) << "encode at least 1 array per point";
    QTest::newRow("words 0") << Change([](SweepSpec &s) { s.wordsPerSide = 0; }) << "words per side 0 is out of range; use 1 to 16";
    QTest::newRow("big cube") << Change([](SweepSpec &s) { s.cube = true; s.bits = {8, 24}; })
                              << "a 24-bit 3D cube is too big to sweep";
    QTest::newRow("too many cells") << Change([](SweepSpec &s) { s.bits = {32}; s.wordsPerSide = 16; s.arrays = 1000; })
                                    << "use fewer arrays or fewer words per side";
    QTest::newRow("encoder option") << Change([](SweepSpec &s) { s.options.offsetBits = 12; }) << "offset bits 12 out of range; use 1..8";
}

void TestSweep::badSpecsAreExplained()
{
    QFETCH(std::function<void(SweepSpec &)>, change);
    QFETCH(QString, expected);
    SweepSpec spec = smallSpec();
    change(spec);
    int points = 0;
    const QString message = errorOf([&] { runSweep(spec, nullptr, [&](const SweepPoint &) { ++points; }); });
    QVERIFY2(message.contains(expected), qPrintable(message));
    QCOMPARE(points, 0); // checked before any work
}

void TestSweep::csvReadsBackTheSameNumbers()
{
    SweepSpec spec = smallSpec();
    spec.patterns = {Pattern::Transpose, Pattern::MsbLsb};
    const auto points = runSweep(spec, nullptr);
    const QStringList lines = QString::fromStdString(sweepCsv(points)).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), int(points.size()) + 1);
    QCOMPARE(lines.front(), QString("pattern,bits,rows,layers,arrays,mean_abs_lsb,rms_lsb,max_abs_lsb,mean_pct_fs,"
                                    "mean_array_max_pct_fs,max_pct_fs,certified_fraction,arrays_per_second"));
    for (size_t i = 0; i < points.size(); ++i) {
        const QStringList f = lines[int(i) + 1].split(',');
        QCOMPARE(f.size(), 13);
        const SweepPoint &p = points[i];
        const EncodeSummary &s = p.summary;
        QCOMPARE(f[0], QString::fromStdString(patternName(p.pattern)));
        QCOMPARE(f[1].toInt(), p.bits);
        QCOMPARE(f[2].toInt(), p.rows);
        QCOMPARE(f[3].toInt(), p.layers);
        QCOMPARE(f[4].toLongLong(), s.arrays);
        const double expected[] = {s.meanAbsLsb, s.rmsLsb, s.maxAbsLsb, s.meanPctFs, s.meanArrayMaxPctFs,
                                   s.maxPctFs, s.certifiedFraction, s.arraysPerSecond};
        for (int k = 0; k < 8; ++k) {
            bool ok = false;
            const double v = f[5 + k].toDouble(&ok);
            QVERIFY2(ok && v == expected[k], qPrintable(QString("row %1, column %2: '%3'").arg(i).arg(5 + k).arg(f[5 + k])));
        }
    }
}

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
