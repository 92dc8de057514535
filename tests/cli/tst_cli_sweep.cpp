// twill-cli sweep end to end: a point line per point, a CSV with the figures the core gives
// for the same sweep, and bad input explained with exit code 2.
#include "encode/Sweep.h"

#include "TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace twill;
using namespace twill::test;

namespace {


} // namespace

class TestCliSweep : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void csvHoldsTheCoreFigures();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir dir_;
};

void TestCliSweep::csvHoldsTheCoreFigures()
{
    const QString csv = dir_.filePath("sweep.csv");
    const Run r = runCli({"sweep", "--bits", "4,8", "--arrays", "20", "--seed", "5", "--csv", csv, "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.count(QRegularExpression("^  (msb-lsb|transpose) +W=\\d", QRegularExpression::MultilineOption)), 4);
    QVERIFY2(r.out.contains("wrote " + csv + " (4 rows)"), qPrintable(r.out));

    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines[0], QString("pattern,bits,rows,layers,arrays,mean_abs_lsb,rms_lsb,max_abs_lsb,mean_pct_fs,"
                               "mean_array_max_pct_fs,max_pct_fs,certified_fraction,arrays_per_second"));

    // The same sweep through the core: the command adds nothing and loses nothing.
    SweepSpec spec;
    spec.bits = {4, 8};
    spec.arrays = 20;
    spec.options.seed = 5;
    const auto points = runSweep(spec, nullptr);
    QCOMPARE(points.size(), size_t(4));
    for (int i = 0; i < 4; ++i) {
        const QStringList c = lines[i + 1].split(',');
        QCOMPARE(c.size(), 13);
        const SweepPoint &p = points[size_t(i)];
        QCOMPARE(c[0], QString::fromStdString(patternName(p.pattern)));
        QCOMPARE(c[1].toInt(), p.bits);
        QCOMPARE(c[2].toInt(), 2 * p.bits); // two words per side by default
        QCOMPARE(c[3].toInt(), 1);
        QCOMPARE(c[4].toInt(), 20);
        QVERIFY(c[5].toDouble() == p.summary.meanAbsLsb);
        QVERIFY(c[7].toDouble() == p.summary.maxAbsLsb);
        QVERIFY(c[9].toDouble() == p.summary.meanArrayMaxPctFs);
        QVERIFY(c[11].toDouble() == p.summary.certifiedFraction);
        QVERIFY(c[12].toDouble() > 0);
    }
    QVERIFY(lines[1].split(',')[9].toDouble() < lines[2].split(',')[9].toDouble()); // msb-lsb < transpose, W=4
    QVERIFY(lines[3].split(',')[9].toDouble() < lines[4].split(',')[9].toDouble()); // and at W=8
}

void TestCliSweep::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a width") << QStringList{"--bits", "4,x"} << "'x' is not a whole number; list widths like --bits 4,8,12,16";
    QTest::newRow("width 40") << QStringList{"--bits", "4,40"} << "bit width 40 is out of range; use widths from 2 to 32";
    QTest::newRow("pattern") << QStringList{"--patterns", "msb-lsb,diagonal"} << "unknown pattern 'diagonal'";
    QTest::newRow("no arrays") << QStringList{"--arrays", "0"} << "--arrays '0' must be an integer in 1..";
    QTest::newRow("big cube") << QStringList{"--cube", "--bits", "8,24"} << "use widths up to 16 for 3D";
    QTest::newRow("words") << QStringList{"--words-per-side", "40"} << "--words-per-side '40' must be an integer in 1..16";
    QTest::newRow("solver") << QStringList{"--solver", "magic"} << "magic";
    QTest::newRow("csv folder") << QStringList{"--csv", "/no/such/folder/s.csv"} << "the folder must exist";
}

void TestCliSweep::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = runCli(QStringList{"sweep", "--arrays", "2"} + args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith("twill-cli sweep: "), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!r.out.contains("W=")); // nothing was encoded
}

QTEST_GUILESS_MAIN(TestCliSweep)
#include "tst_cli_sweep.moc"
