// twill-cli on 3D stacks: the encode report prints the proven bound and the information
// bound; certificates in the JSON match their bounds; latin-search is seeded and reproducible,
// written by `layout` and read back by `encode --pattern FILE`; bad input exits 2 with words.
#include "TestSupport.h"
#include "io/EncodeExport.h"
#include "io/LayoutFile.h"
#include "spec/ArraySpec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace twill;
using namespace twill::test;

namespace {

} // namespace

class TestCliCube : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reportPrintsTheBounds();
    void searchedPatternRoundTrips();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir dir_;
};

void TestCliCube::reportPrintsTheBounds()
{
    const QString json = dir_.filePath("cube.json");
    const Run r = runCli({"encode", "--random", "4", "--seed", "3", "--bits", "8", "--layers", "8", "--threads", "2",
                          "--json", json, "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("lower bound proven on these arrays: mean per-array max"), qPrintable(r.out));
    QVERIFY2(r.out.contains("information bound (uniform random codes): mean per-array max 7.8425 % FS"), qPrintable(r.out));
    const QJsonObject report = readJsonFile(json);
    const QJsonObject s = report.value("summary").toObject();
    const double lb = s.value("mean_lower_bound_pct_fs").toDouble();
    QVERIFY(lb > s.value("information_bound_max_pct_fs").toDouble()); // the Latin cube's own limit is higher
    QVERIFY(lb <= s.value("mean_array_max_pct_fs").toDouble());
    // Certified exactly when the proven bound meets the encoding's max error.
    int certified = 0;
    for (const QJsonValue &v : report.value("arrays").toArray()) {
        const QJsonObject a = v.toObject();
        QVERIFY(a.value("lower_bound").toDouble() <= a.value("max_abs_lsb").toDouble());
        QCOMPARE(a.value("certified").toBool(), a.value("lower_bound").toDouble() == a.value("max_abs_lsb").toDouble());
        certified += a.value("certified").toBool();
    }
    QCOMPARE(s.value("certified_fraction").toDouble(), certified / 4.0);
}

void TestCliCube::searchedPatternRoundTrips()
{
    const QStringList search{"--pattern", "latin-search", "--bits", "4", "--layers", "4", "--search-trials", "10",
                             "--search-arrays", "4", "--search-seed", "9"};
    const QString file = dir_.filePath("search.json");
    const Run made = runCli(QStringList{"layout", "--out", file} + search);
    QVERIFY2(made.code == 0, qPrintable(made.err));
    QVERIFY2(made.err.contains("latin-search (seed 9, 10 trials on 4 cubes, score max)"), qPrintable(made.err));
    const Layout saved = loadLayout(file.toStdString());
    QCOMPARE(saved.pattern(), Pattern::Custom); // the search's maps are a custom pattern
    QCOMPARE(saved.geometry().layers, 4);

    // The same seed searches the same pattern: encoding with it equals encoding with the file.
    const QString a = dir_.filePath("a.json"), b = dir_.filePath("b.json");
    const QStringList encode{"encode", "--random", "6", "--seed", "2", "--threads", "1", "--quiet"};
    const Run direct = runCli(encode + search + QStringList{"--json", a});
    const Run fromFile = runCli(encode + QStringList{"--pattern", file, "--json", b});
    QVERIFY2(direct.code == 0, qPrintable(direct.err));
    QVERIFY2(fromFile.code == 0, qPrintable(fromFile.err));
    QCOMPARE(readJsonFile(a).value("arrays").toArray(), readJsonFile(b).value("arrays").toArray());
    QVERIFY(readJsonFile(a).value("summary").toObject().value("mean_abs_lsb").toDouble() > 0);

    // The report holds the layout found as a custom array spec (its v2 reader gives the file's
    // layout back) and what the search was asked for and measured; with the file, no search.
    const QJsonObject report = readJsonFile(a);
    const auto [spec, options] = encodeReportSpec(report, "a.json");
    QCOMPARE(spec, ArraySpec::of(saved));
    QCOMPARE(spec.pattern, Pattern::Custom);
    QCOMPARE(options.seed, uint64_t(2));
    const QJsonObject asked = report.value("pattern_search").toObject();
    QCOMPARE(asked.value("seed").toInt(), 9);
    QCOMPARE(asked.value("trials").toInt(), 10);
    QCOMPARE(asked.value("arrays").toInt(), 4);
    QCOMPARE(asked.value("score").toString(), QString("max"));
    QCOMPARE(asked.value("trials_measured").toInt(), 10);
    QVERIFY(asked.value("best_pct_fs").toDouble() <= asked.value("start_pct_fs").toDouble());
    QVERIFY(!readJsonFile(b).contains("pattern_search"));
}

void TestCliCube::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("2D search") << QStringList{"--pattern", "latin-search", "--bits", "4"} << "needs row, column and pillar words";
    QTest::newRow("score") << QStringList{"--pattern", "latin-search", "--bits", "4", "--layers", "4", "--search-score", "best"}
                           << "unknown pattern search score 'best'; use max, bound or l2";
    QTest::newRow("no cubes") << QStringList{"--pattern", "latin-search", "--bits", "4", "--layers", "4", "--search-arrays", "0"}
                              << "--search-arrays: must be 1 to 1000000 random cubes a candidate, not 0";
    QTest::newRow("search flag alone") << QStringList{"--bits", "4", "--layers", "4", "--search-trials", "3"}
                                       << "--search-trials goes with --pattern latin-search";
    QTest::newRow("search rotation") << QStringList{"--pattern", "latin-search", "--bits", "4", "--layers", "4", "--rotation", "1"}
                                     << "--rotation: the Latin-cube search starts from rotation 0";
    QTest::newRow("pattern name") << QStringList{"--pattern", "latin-serch", "--bits", "4", "--layers", "4"}
                                  << "use msb-lsb, transpose, latin, latin-search or a layout .json file";
}

void TestCliCube::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = runCli(QStringList{"encode", "--random", "2"} + args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("twill-cli encode: "), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!r.out.contains("|error|")); // nothing was encoded
}

QTEST_GUILESS_MAIN(TestCliCube)
#include "tst_cli_cube.moc"
