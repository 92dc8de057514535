// twill-cli adc end to end: the CSV's ones equal a recount from the .npz's bits, plain storage's
// columns count the bit slices of its codes, networks' tensors, bad input exits 2.
#include "io/Npy.h"
#include "spec/ArraySpec.h"

#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace twill;
using namespace twill::test;

namespace {

struct Row {
    int cells = 0, ones = 0, adc = 0;
};

// (tensor, array, axis, line) -> row
std::map<std::tuple<QString, int, QString, int>, Row> readCsv(const QString &path)
{
    std::map<std::tuple<QString, int, QString, int>, Row> m;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return m;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (int i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> c = lines[i].split(',');
        if (c.size() != 7) continue;
        m[{QString(c[0]), c[1].toInt(), QString(c[2]), c[3].toInt()}] = Row{c[4].toInt(), c[5].toInt(), c[6].toInt()};
    }
    return m;
}

} // namespace

class TestCliAdc : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvEqualsARecount();
    void plainColumnsAreBitSlices();
    void diffPairCountsBothArrays();
    void networkTensors();
    void bitSliceL1Run();
    void badInput();

private:
    QTemporaryDir dir_;
};

void TestCliAdc::csvEqualsARecount()
{
    const QString npz = dir_.filePath("c.npz"), csv = dir_.filePath("c.csv");
    QCOMPARE(runCli({"encode", "--random", "25", "--bits", "4", "--pattern", "latin", "--layers", "4", "--npz", npz, "--quiet"}).code, 0);
    const Run r = runCli({"adc", npz, "--csv", csv});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto rows = readCsv(csv);
    QCOMPARE(int(rows.size()), 25 * 3 * 16); // rows, columns and pillars: 16 lines each
    std::vector<uint8_t> bits;
    for (const auto &[name, a] : readNpz(npz.toStdString()))
        if (name == "bits") bits.assign(a.data.begin(), a.data.end());
    QCOMPARE(bits.size(), size_t(25 * 64));
    int worst = 0;
    for (int a = 0; a < 25; ++a)
        for (int x = 0; x < 4; ++x)
            for (int y = 0; y < 4; ++y) {
                int row = 0, col = 0, pillar = 0; // row (layer x, row y), column (layer x, column y), pillar (row x, column y)
                for (int z = 0; z < 4; ++z) {
                    row += bits[size_t(a * 64 + x * 16 + y * 4 + z)];
                    col += bits[size_t(a * 64 + x * 16 + z * 4 + y)];
                    pillar += bits[size_t(a * 64 + z * 16 + x * 4 + y)];
                }
                QCOMPARE(rows.at({"codes", a, "row", x * 4 + y}).ones, row);
                QCOMPARE(rows.at({"codes", a, "column", x * 4 + y}).ones, col);
                QCOMPARE(rows.at({"codes", a, "pillar", x * 4 + y}).ones, pillar);
                QCOMPARE(rows.at({"codes", a, "pillar", x * 4 + y}).adc, pillar == 0 ? 0 : pillar == 1 ? 1 : pillar < 4 ? 2 : 3);
                worst = std::max({worst, row, col, pillar});
            }
    QVERIFY2(r.out.contains("codes                  pillar"), qPrintable(r.out));
    QVERIFY(worst > 0);
}

void TestCliAdc::plainColumnsAreBitSlices()
{
    // Plain 8-bit unsigned rows store every code exactly: column j counts the codes with bit j set.
    const QString codes = dir_.filePath("codes.csv"), npz = dir_.filePath("p.npz"), csv = dir_.filePath("p.csv");
    QFile f(codes);
    QVERIFY(f.open(QIODevice::WriteOnly));
    std::vector<int> v;
    for (int i = 0; i < 16; ++i) v.push_back((i * 37 + 11) % 256);
    for (int i = 0; i < 16; ++i) f.write(QByteArray::number(v[size_t(i)]) + (i % 8 == 7 ? "\n" : ","));
    f.close();
    const Run e = runCli({"encode", "--input", codes, "--bits", "8", "--rows", "8", "--cols", "8", "--directions", "row",
                          "--objective", "l2", "--npz", npz, "--quiet"});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    QCOMPARE(runCli({"adc", npz, "--csv", csv}).code, 0);
    const auto rows = readCsv(csv);
    const Layout plain = ArraySpec::plain(8).layout();
    QCOMPARE(plain.geometry().rows, 8);
    for (int a = 0; a < 2; ++a) {
        for (int j = 0; j < 8; ++j) {
            int slice = 0; // the bit each row's code keeps in column j
            for (int i = 0; i < 8; ++i) slice += (v[size_t(a * 8 + i)] >> plain.significance(0, i * 8 + j)) & 1;
            QCOMPARE(rows.at({"codes", a, "column", j}).ones, slice);
        }
        for (int i = 0; i < 8; ++i) // a row holds one code: its popcount
            QCOMPARE(rows.at({"codes", a, "row", i}).ones, __builtin_popcount(unsigned(v[size_t(a * 8 + i)])));
    }
}

void TestCliAdc::diffPairCountsBothArrays()
{
    // A differential pair's .npz holds [arrays, 2, layers, rows, cols]: P and N are physical
    // arrays 2a and 2a + 1, each with its own bitlines.
    const QString npz = dir_.filePath("d.npz"), csv = dir_.filePath("d.csv");
    const Run e = runCli({"encode", "--random", "5", "--bits", "4", "--format", "diffpair", "--npz", npz, "--quiet"});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    const Run r = runCli({"adc", npz, "--csv", csv});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto rows = readCsv(csv);
    QCOMPARE(int(rows.size()), 10 * 2 * 4); // 10 arrays, rows and columns, 4 lines each
    std::vector<uint8_t> bits;
    for (const auto &[name, a] : readNpz(npz.toStdString()))
        if (name == "bits") {
            QCOMPARE(a.shape, (std::vector<int64_t>{5, 2, 1, 4, 4}));
            bits.assign(a.data.begin(), a.data.end());
        }
    int ones = 0;
    for (int a = 0; a < 5; ++a)
        for (int half = 0; half < 2; ++half)
            for (int i = 0; i < 4; ++i) {
                int row = 0, col = 0;
                for (int j = 0; j < 4; ++j) {
                    row += bits[size_t((a * 2 + half) * 16 + i * 4 + j)];
                    col += bits[size_t((a * 2 + half) * 16 + j * 4 + i)];
                }
                QCOMPARE(rows.at({"codes", a * 2 + half, "row", i}).ones, row);
                QCOMPARE(rows.at({"codes", a * 2 + half, "column", i}).ones, col);
                ones += row;
            }
    QVERIFY(ones > 0);
    QVERIFY2(r.out.contains("     10 "), qPrintable(r.out)); // the arrays column counts P and N
}

void TestCliAdc::networkTensors()
{
    const QString npz = dir_.filePath("n.npz");
    const Run t = runProcess(TWILL_CLI_PATH, {"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "200",
                                              "--test-subset", "100", "--epochs", "1", "--mode", "post", "--bits", "8",
                                              "--threads", "2", "--npz", npz, "--quiet"},
                             kRunWaitMs);
    QVERIFY2(t.code == 0, qPrintable(t.err));
    const Run r = runCli({"adc", npz});
    QCOMPARE(r.code, 0);
    for (const char *text : {"fc1.weight", "fc2.weight", "fc3.weight", "all tensors"}) QVERIFY2(r.out.contains(text), text);
}

void TestCliAdc::bitSliceL1Run()
{
    // retrain --bit-l1: the report's bitline figures equal the adc command's recount of the
    // exported bits, and the term lowers the share of ones against the same run without it.
    double share[2] = {0, 0};
    for (const QString lambda : {"0", "10"}) {
        const QString npz = dir_.filePath("l" + lambda + ".npz"), json = dir_.filePath("l" + lambda + ".json"),
                      csv = dir_.filePath("l" + lambda + ".csv");
        const Run t = runProcess(TWILL_CLI_PATH, {"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "600",
                                                  "--test-subset", "200", "--epochs", "1", "--schedule", "0.5,1", "--bits", "8",
                                                  "--format", "signmag", "--bit-l1", lambda, "--threads", "2", "--npz", npz,
                                                  "--json", json},
                                 kRunWaitMs);
        QVERIFY2(t.code == 0, qPrintable(t.err));
        QVERIFY2(t.out.contains("bitlines: rows max"), qPrintable(t.out));
        QCOMPARE(t.out.contains("bit-slice L1: 10 x ones"), lambda == "10");
        const QJsonObject report = readJsonFile(json);
        QCOMPARE(report.value("spec").toObject().contains("bit_l1"), lambda == "10");
        QCOMPARE(runCli({"adc", npz, "--csv", csv}).code, 0);
        std::map<QString, int> most;
        int64_t ones = 0, cells = 0;
        for (const auto &[key, row] : readCsv(csv)) {
            const QString axis = std::get<2>(key);
            most[axis] = std::max(most[axis], row.ones);
            if (axis == "row") {
                ones += row.ones;
                cells += row.cells;
            }
        }
        const QJsonArray lines = report.value("bitlines").toArray();
        QCOMPARE(lines.size(), 2);
        for (const QJsonValue &v : lines) {
            const QJsonObject o = v.toObject();
            const QString axis = o.value("axis").toString();
            QVERIFY2(most.count(axis), qPrintable(axis));
            QCOMPARE(o.value("max_ones").toInt(), most[axis]);
            int adc = 0;
            while ((1 << adc) - 1 < most[axis]) ++adc;
            QCOMPARE(o.value("adc_bits").toInt(), adc);
        }
        QVERIFY(cells > 0);
        QCOMPARE(report.value("ones_share").toDouble(), double(ones) / double(cells));
        share[lambda == "10"] = report.value("ones_share").toDouble();
    }
    QVERIFY2(share[1] < 0.9 * share[0], qPrintable(QString("%1 vs %2").arg(share[1]).arg(share[0])));
    // The term needs retraining, and a weight that is a number from 0.
    Run r = runCli({"retrain", "--model", "mlp", "--data", "synthetic", "--epochs", "1", "--mode", "post", "--bit-l1", "1"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--bit-l1: acts while retraining") && r.err.contains("use mode inq or ste"), qPrintable(r.err));
    r = runCli({"retrain", "--model", "mlp", "--data", "synthetic", "--epochs", "1", "--bit-l1", "-2"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--bit-l1: must be 0 (off) to 1000000"), qPrintable(r.err));
}

void TestCliAdc::badInput()
{
    const QString text = dir_.filePath("t.npz"), out = dir_.filePath("never.csv");
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a zip");
    f.close();
    Run r = runCli({"adc", text, "--csv", out});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("t.npz"), qPrintable(r.err));
    r = runCli({"adc"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("give one .npz"), qPrintable(r.err));
    // An .npz without bits.
    const QString empty = dir_.filePath("e.npz");
    NpzWriter z;
    z.add("targets", NpyArray::from(std::vector<int64_t>{1, 2}, {2}));
    z.write(empty.toStdString());
    r = runCli({"adc", empty, "--csv", out});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("no 'bits' member"), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestCliAdc)
#include "tst_cli_adc.moc"
