// twill-cli with stuck-at faults, end to end: encode with a random map and with a map file, the
// .npz's "stuck" member against the stored bits, the report's counts and healthy figures, aware
// against unaware; retrain (MLP, synthetic data) keeps every stuck cell of every tensor; bad
// fault flags exit 2 with words and write nothing.
#include "encode/FaultMap.h"
#include "io/Npy.h"
#include "layout/Layout.h"

#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <map>

using namespace twill;
using namespace twill::test;

namespace {

std::map<std::string, NpyArray> npz(const QString &path)
{
    std::map<std::string, NpyArray> m;
    for (auto &[name, a] : readNpz(path.toStdString())) m[name] = a;
    return m;
}

std::vector<int8_t> int8s(const NpyArray &a)
{
    std::vector<int8_t> v(size_t(a.size()));
    std::memcpy(v.data(), a.data.data(), v.size());
    return v;
}

const QStringList kEncode{"encode", "--random", "60", "--seed", "3", "--bits", "8", "--format", "twos",
                          "--objective", "l2", "--threads", "2", "--quiet"};

} // namespace

class TestCliFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encodeKeepsStuckCells();
    void mapFileGivesTheSameEncoding();
    void awareBeatsUnaware();
    void retrainKeepsStuckCells();
    void badFaultFlags_data();
    void badFaultFlags();

private:
    QTemporaryDir dir_;
};

void TestCliFaults::encodeKeepsStuckCells()
{
    const QString json = dir_.filePath("a.json"), file = dir_.filePath("a.npz");
    const Run r = runCli(kEncode + QStringList{"--faults", "5%:0.25", "--fault-seed", "11", "--json", json, "--npz", file});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("faults: 5% stuck (25% of them at 1), seed 11") && r.out.contains("fault-aware"),
             qPrintable(r.out));
    const auto z = npz(file);
    QVERIFY(z.count("stuck"));
    QCOMPARE(z.at("stuck").dtype, std::string("|i1"));
    QCOMPARE(z.at("stuck").shape, (std::vector<int64_t>{60, 1, 8, 8}));
    const std::vector<int8_t> stuck = int8s(z.at("stuck"));
    // The map is the seeded one, cell for cell.
    QCOMPARE(stuck, FaultMap::random(64, 0.05, 0.25, 11).cells(0, 60));
    const NpyArray &bits = z.at("bits");
    int64_t n = 0, ones = 0;
    for (size_t i = 0; i < stuck.size(); ++i) {
        if (stuck[i] < 0) continue;
        QCOMPARE(int(uint8_t(bits.data[i])), int(stuck[i]));
        ++n;
        ones += stuck[i] == 1;
    }
    QVERIFY(n > 0);
    const QJsonObject report = readJsonFile(json);
    const QJsonObject f = report.value("faults").toObject();
    QCOMPARE(f.value("stuck_cells").toInteger(), n);
    QCOMPARE(f.value("stuck_at_1").toInteger(), ones);
    QCOMPARE(f.value("cells").toInteger(), qint64(60 * 64));
    QCOMPARE(f.value("rate").toDouble(), 0.05);
    QCOMPARE(f.value("seed").toInteger(), qint64(11));
    // Per array: its stuck cells, and its healthy error no larger than the stored one.
    const QJsonArray arrays = report.value("arrays").toArray();
    QCOMPARE(arrays.size(), 60);
    int64_t perArray = 0;
    for (const QJsonValue &a : arrays) {
        perArray += a.toObject().value("stuck_cells").toInteger();
        QVERIFY(a.toObject().value("fault_free_objective").toDouble() <= a.toObject().value("objective").toDouble());
    }
    QCOMPARE(perArray, n);
    const double healthyRms = f.value("fault_free_summary").toObject().value("rms_lsb").toDouble();
    QVERIFY(healthyRms > 0);
    QVERIFY(healthyRms < report.value("summary").toObject().value("rms_lsb").toDouble());
    // The same run without faults has the healthy figures.
    const QString plain = dir_.filePath("plain.json");
    QCOMPARE(runCli(kEncode + QStringList{"--json", plain}).code, 0);
    QCOMPARE(readJsonFile(plain).value("summary").toObject().value("rms_lsb").toDouble(), healthyRms);
    QVERIFY(!readJsonFile(plain).contains("faults"));
    QVERIFY(!npz(dir_.filePath("a.npz")).empty());
}

void TestCliFaults::mapFileGivesTheSameEncoding()
{
    // The .npz's stuck member, saved as a map file, encodes to the same bits as the random map.
    const QString a = dir_.filePath("m1.npz"), b = dir_.filePath("m2.npz"), map = dir_.filePath("map.npy");
    QCOMPARE(runCli(kEncode + QStringList{"--faults", "3%", "--npz", a}).code, 0);
    {
        std::ofstream(map.toStdString(), std::ios::binary) << npyBytes(npz(a).at("stuck"));
    }
    const Run r = runCli(kEncode + QStringList{"--faults", map, "--npz", b});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(npz(b).at("bits").data, npz(a).at("bits").data);
    QCOMPARE(npz(b).at("stuck").data, npz(a).at("stuck").data);
    // A map for fewer arrays is refused before anything is written.
    const QString c = dir_.filePath("m3.npz");
    const Run more = runCli(QStringList{"encode", "--random", "61", "--bits", "8", "--format", "twos", "--faults", map,
                                        "--npz", c, "--quiet"});
    QCOMPARE(more.code, 2);
    QVERIFY2(more.err.contains("holds 60 arrays, the codes make 61"), qPrintable(more.err));
    QVERIFY(!QFile::exists(c));
}

void TestCliFaults::awareBeatsUnaware()
{
    // 8x8 8-bit l2: the auto solver certifies every fault-aware array, so the aware error is
    // the least any encoding of these stuck cells can have, and no more than the unaware one.
    const QString aware = dir_.filePath("aw.json"), unaware = dir_.filePath("un.json");
    QCOMPARE(runCli(kEncode + QStringList{"--faults", "4%", "--json", aware}).code, 0);
    const Run r = runCli(kEncode + QStringList{"--faults", "4%", "--fault-unaware", "--json", unaware});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("then overwritten by the stuck cells"), qPrintable(r.out));
    const QJsonObject a = readJsonFile(aware), u = readJsonFile(unaware);
    QCOMPARE(a.value("summary").toObject().value("certified_fraction").toDouble(), 1.0);
    QVERIFY(a.value("summary").toObject().value("rms_lsb").toDouble() < u.value("summary").toObject().value("rms_lsb").toDouble());
    const QJsonArray aa = a.value("arrays").toArray(), ua = u.value("arrays").toArray();
    for (int i = 0; i < aa.size(); ++i)
        QVERIFY(aa[i].toObject().value("objective").toDouble() <= ua[i].toObject().value("objective").toDouble());
    // Both have the same healthy reference and the same map.
    QCOMPARE(a.value("faults").toObject().value("fault_free_summary").toObject().value("rms_lsb").toDouble(),
             u.value("faults").toObject().value("fault_free_summary").toObject().value("rms_lsb").toDouble());
    QCOMPARE(a.value("faults").toObject().value("stuck_cells").toInteger(),
             u.value("faults").toObject().value("stuck_cells").toInteger());
    QCOMPARE(u.value("faults").toObject().value("unaware").toBool(), true);
}

void TestCliFaults::retrainKeepsStuckCells()
{
    for (const bool unaware : {false, true}) {
        const QString file = dir_.filePath(unaware ? "ru.npz" : "ra.npz"), json = dir_.filePath("r.json");
        QStringList args{"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "200", "--test-subset", "100",
                         "--epochs", "1", "--schedule", "0.5,1", "--faults", "2%", "--fault-seed", "5", "--threads", "2", "--bits", "8",
                         "--npz", file, "--json", json, "--quiet"};
        if (unaware) args << "--fault-unaware";
        const Run r = runProcess(TWILL_CLI_PATH, args, kRunWaitMs);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        const auto z = npz(file);
        int tensors = 0;
        int64_t arrays = 0;
        for (const auto &[name, a] : readNpz(file.toStdString())) { // in the file's order: the tensors'

            const std::string suffix = ".stuck";
            if (name.size() < suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
            const std::string tensor = name.substr(0, name.size() - suffix.size());
            const std::vector<int8_t> stuck = int8s(a);
            // One map over the network's arrays, tensor after tensor.
            QCOMPARE(a.shape.size(), size_t(4));
            QCOMPARE(a.shape[3], int64_t(8));
            QCOMPARE(stuck, FaultMap::random(64, 0.02, 0.5, 5).cells(arrays, a.shape[0]));
            arrays += a.shape[0];
            const NpyArray &bits = z.at(tensor + ".bits");
            QCOMPARE(bits.shape, a.shape);
            for (size_t i = 0; i < stuck.size(); ++i)
                if (stuck[i] >= 0) QCOMPARE(int(uint8_t(bits.data[i])), int(stuck[i]));
            ++tensors;
        }
        QCOMPARE(tensors, 3); // the MLP's three weight matrices
        const QJsonObject spec = readJsonFile(json).value("spec").toObject();
        QVERIFY2(spec.contains("faults"), qPrintable(QJsonDocument(readJsonFile(json)).toJson()));
        QCOMPARE(spec.value("faults").toObject().value("unaware").toBool(), unaware);
    }
}

void TestCliFaults::badFaultFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList e{"encode", "--random", "4", "--bits", "8"};
    QTest::newRow("not a rate") << e + QStringList{"--faults", "some"} << "--faults: 'some' is neither RATE";
    QTest::newRow("rate over 100%") << e + QStringList{"--faults", "150%"} << "--faults: the share of stuck cells must be 0 to 1";
    QTest::newRow("share over 1") << e + QStringList{"--faults", "1%:3"} << "--faults: the share of stuck cells stuck at 1";
    QTest::newRow("seed alone") << e + QStringList{"--fault-seed", "4"} << "--fault-seed needs --faults";
    QTest::newRow("unaware alone") << e + QStringList{"--fault-unaware"} << "--fault-unaware needs --faults";
    QTest::newRow("missing map") << e + QStringList{"--faults", "/nonexistent/map.npy"} << "/nonexistent/map.npy";
    QTest::newRow("retrain seed alone")
        << QStringList{"retrain", "--model", "mlp", "--data", "synthetic", "--epochs", "1", "--fault-seed", "2"}
        << "--fault-seed needs --faults";
    QTest::newRow("retrain bad rate")
        << QStringList{"retrain", "--model", "mlp", "--data", "synthetic", "--epochs", "1", "--faults", "2%%"}
        << "--faults: '2%%' is neither RATE";
}

void TestCliFaults::badFaultFlags()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const QString out = dir_.filePath("never.npz");
    const Run r = runCli(args + QStringList{"--npz", out});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestCliFaults)
#include "tst_cli_faults.moc"
