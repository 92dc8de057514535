// twill-cli end to end: flags in, files out, read back with our reader and with NumPy.
#include "encode/Decode.h"
#include "encode/Encoder.h"
#include "encode/TensorTiling.h"
#include "io/Npy.h"
#include "layout/Layout.h"

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <random>

using namespace twill;
using namespace twill::test;

namespace {


void writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encodeRandomWritesJsonSummary();
    void npzDecodesWithOurReader();
    void npzDecodesWithNumPy();
    void diffPairNpzDecodes();
    void csvInputRoundTripsExactly();
    void npyInputIsRead();
    void tensorInputIsTiled();
    void largeTensorInChunks();
    void layoutFileMatchesBuiltIn();
    void infeasibleBoundIsReported();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir dir_;
};

void TestCli::encodeRandomWritesJsonSummary()
{
    const QString json = dir_.filePath("r.json");
    const Run r = runCli({"encode", "--random", "12", "--seed", "5", "--solver", "exact", "--json", json, "--quiet"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("certified optimal 100.0%"), qPrintable(r.out));
    const QJsonObject s = readJsonFile(json).value("summary").toObject();
    for (const char *key : {"arrays", "words", "mean_abs_lsb", "rms_lsb", "max_abs_lsb", "mean_pct_fs",
                            "mean_array_max_pct_fs", "max_pct_fs", "mean_pct_rel", "certified_fraction",
                            "arrays_per_second", "effective_capacity"})
        QVERIFY2(s.contains(key), key);
    QCOMPARE(s.value("arrays").toInt(), 12);
    QCOMPARE(s.value("words").toInt(), 12 * 32);
    QCOMPARE(s.value("certified_fraction").toDouble(), 1.0);
    QCOMPARE(s.value("effective_capacity").toDouble(), 2.0);
    // The summary's max equals the largest per-array max, and % FS is LSB / 65535.
    double mx = 0;
    for (const QJsonValue &a : readJsonFile(json).value("arrays").toArray())
        mx = std::max(mx, a.toObject().value("max_abs_lsb").toDouble());
    QCOMPARE(s.value("max_abs_lsb").toDouble(), mx);
    QVERIFY(qAbs(s.value("max_pct_fs").toDouble() - 100.0 * mx / 65535.0) < 1e-9);
    // Optimal minimax on 16x16 16-bit random arrays stays below 0.3 % of full scale.
    QVERIFY(s.value("max_pct_fs").toDouble() < 0.3);
}

void TestCli::npzDecodesWithOurReader()
{
    const QString npz = dir_.filePath("d.npz");
    const Run r = runCli({"encode", "--random", "6", "--seed", "9", "--bits", "8", "--format", "twos", "--solver",
                          "local", "--objective", "l2", "--rotate", "--offset", "--npz", npz, "--quiet"});
    QCOMPARE(r.code, 0);
    const auto members = readNpz(npz.toStdString());
    std::map<std::string, NpyArray> z(members.begin(), members.end());
    for (const char *key : {"bits", "targets", "decoded", "shift", "offset", "rotation", "word_of_row", "sig_of_row",
                            "word_of_column", "sig_of_column", "format", "bits_per_word"})
        QVERIFY2(z.count(key), key);
    QCOMPARE(z["bits"].dtype, std::string("|u1"));
    QCOMPARE(z["bits"].shape, (std::vector<int64_t>{6, 1, 8, 8}));
    QCOMPARE(z["targets"].shape, (std::vector<int64_t>{6, 16}));
    // With per-array rotation the significance maps are per array.
    QCOMPARE(z["sig_of_row"].shape, (std::vector<int64_t>{6, 1, 8, 8}));
    const auto bits = z["bits"].toInt64();
    const auto decoded = z["decoded"].toInt64();
    const auto sigRow = z["sig_of_row"].toInt64(), sigCol = z["sig_of_column"].toInt64();
    const auto wordRow = z["word_of_row"].toInt64(), wordCol = z["word_of_column"].toInt64();
    const auto offset = z["offset"].toInt64();
    for (int a = 0; a < 6; ++a) {
        std::vector<uint64_t> raw(16, 0);
        for (int c = 0; c < 64; ++c) {
            if (!bits[a * 64 + c]) continue;
            raw[wordRow[c]] |= uint64_t(1) << sigRow[a * 64 + c];
            raw[wordCol[c]] |= uint64_t(1) << sigCol[a * 64 + c];
        }
        for (int w = 0; w < 16; ++w)
            QCOMPARE(decodeWord(NumberFormat::TwosComplement, 8, raw[w]) + offset[a], decoded[a * 16 + w]);
    }
}

void TestCli::npzDecodesWithNumPy()
{
    const QString npz = dir_.filePath("n.npz");
    const Run r = runCli({"encode", "--random", "5", "--seed", "3", "--bits", "4", "--rows", "8", "--cols", "8",
                          "--layers", "4", "--format", "signmag", "--solver", "local", "--npz", npz, "--quiet"});
    QCOMPARE(r.code, 0);
    // NumPy alone rebuilds every decoded word from the bits and the layout tables.
    const QString script = R"PY(
import sys, numpy as np
z = np.load(sys.argv[1])
bits = z['bits'].astype(np.int64); W = int(z['bits_per_word']); fmt = str(z['format'])
A, nw = z['targets'].shape
raw = np.zeros((A, nw), dtype=np.int64)
for d in ('row', 'column', 'pillar'):
    if 'word_of_' + d not in z: continue
    wo = z['word_of_' + d].ravel(); sg = z['sig_of_' + d]
    for a in range(A):
        s = sg[a].ravel() if sg.ndim == 4 else sg.ravel()
        np.add.at(raw[a], wo, bits[a].ravel() << s)
top = 1 << (W - 1)
if fmt == 'twos': val = (raw & (top - 1)) - (raw & top)
elif fmt == 'signmag': val = np.where(raw & top, -(raw & (top - 1)), raw & (top - 1))
else: val = raw
val = val * (1 << z['shift'].astype(np.int64)) + z['offset'][:, None]
assert (val == z['decoded']).all(), 'mismatch'
print('ok', A, nw, fmt, int(np.abs(val - z['targets']).max()))
)PY";
    QProcess py;
    py.start(TWILL_PYTHON, {"-c", script, npz});
    QVERIFY(py.waitForFinished(60000));
    const QString out = QString::fromUtf8(py.readAllStandardOutput());
    QVERIFY2(py.exitCode() == 0, qPrintable(out + QString::fromUtf8(py.readAllStandardError())));
    QVERIFY2(out.startsWith("ok 5 192 signmag"), qPrintable(out));
}

void TestCli::diffPairNpzDecodes()
{
    const QString npz = dir_.filePath("pair.npz"), json = dir_.filePath("pair.json");
    const Run r = runCli({"encode", "--random", "6", "--seed", "4", "--bits", "8", "--format", "diffpair", "--objective",
                          "l2", "--npz", npz, "--json", json, "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("differential pair: every array of weights is 2 arrays of 64 cells (P - N), 8 cells per "
                            "weight"),
             qPrintable(r.out));
    const QJsonObject report = readJsonFile(json);
    QCOMPARE(report["encoder"].toObject()["number_format"].toString(), QString("diffpair"));
    const QJsonObject storage = report["storage"].toObject();
    QCOMPARE(storage["cells_per_array"].toInt(), 128);
    QCOMPARE(storage["arrays_per_weight"].toInt(), 2);
    QCOMPARE(storage["effective_capacity"].toDouble(), 1.0); // 16 words x 8 bits in 128 cells

    const auto members = readNpz(npz.toStdString());
    std::map<std::string, NpyArray> z(members.begin(), members.end());
    QCOMPARE(z["bits"].shape, (std::vector<int64_t>{6, 2, 1, 8, 8}));
    QVERIFY(z["format"].data == NpyArray::unicode("diffpair").data);
    const auto bits = z["bits"].toInt64(), decoded = z["decoded"].toInt64(), targets = z["targets"].toInt64();
    const auto sigRow = z["sig_of_row"].toInt64(), sigCol = z["sig_of_column"].toInt64();
    const auto wordRow = z["word_of_row"].toInt64(), wordCol = z["word_of_column"].toInt64();
    for (int a = 0; a < 6; ++a) {
        // P from the first array's cells, N from the second's, each an unsigned word.
        std::vector<int64_t> value(16, 0);
        for (int half = 0; half < 2; ++half)
            for (int c = 0; c < 64; ++c) {
                if (!bits[(a * 2 + half) * 64 + c]) continue;
                const int64_t sign = half == 0 ? 1 : -1;
                value[wordRow[c]] += sign * (int64_t(1) << sigRow[c]);
                value[wordCol[c]] += sign * (int64_t(1) << sigCol[c]);
            }
        for (int w = 0; w < 16; ++w) {
            QCOMPARE(value[w], decoded[a * 16 + w]);
            QVERIFY(std::abs(targets[a * 16 + w]) <= 255);
        }
    }
}

void TestCli::csvInputRoundTripsExactly()
{
    // Targets produced by decoding random bits are representable: every solver must hit them.
    Geometry g;
    g.bits = g.rows = g.cols = 8;
    const Layout layout = Layout::msbLsb(g);
    std::mt19937 rng(11);
    QByteArray csv = "# three arrays of decodable codes\n";
    for (int a = 0; a < 3; ++a) {
        std::vector<uint8_t> bits(64);
        for (auto &b : bits) b = uint8_t(rng() & 1);
        const auto v = decodeArray(layout, NumberFormat::Unsigned, bits.data());
        for (size_t i = 0; i < v.size(); ++i) csv += QByteArray::number(qlonglong(v[i])) + (i + 1 < v.size() ? "," : "\n");
    }
    const QString in = dir_.filePath("codes.csv");
    writeText(in, csv);
    for (const char *solver : {"greedy", "local", "exact", "auto"}) {
        const QString json = dir_.filePath(QString("c_%1.json").arg(solver));
        const Run r = runCli({"encode", "--bits", "8", "--input", in, "--solver", solver, "--json", json, "--quiet"});
        QCOMPARE(r.code, 0);
        const QJsonObject s = readJsonFile(json).value("summary").toObject();
        QCOMPARE(s.value("arrays").toInt(), 3);
        if (QString(solver) != "greedy") QCOMPARE(s.value("max_abs_lsb").toDouble(), 0.0);
    }
}

void TestCli::npyInputIsRead()
{
    std::vector<int64_t> codes(2 * 8);
    for (size_t i = 0; i < codes.size(); ++i) codes[i] = int64_t((i * 37) % 16);
    const QString in = dir_.filePath("codes.npy");
    writeFileAtomic(in.toStdString(), npyBytes(NpyArray::from(codes, {2, 8})));
    const QString json = dir_.filePath("npy.json");
    const Run r = runCli({"encode", "--bits", "4", "--input", in, "--solver", "exact", "--json", json, "--quiet"});
    QCOMPARE(r.code, 0);
    QCOMPARE(readJsonFile(json).value("summary").toObject().value("arrays").toInt(), 2);
}

void TestCli::tensorInputIsTiled()
{
    // A [5, 7, 3] tensor of 4-bit codes: 105 codes fill 13 arrays of 8 words and one more
    // with 1 code and 7 don't-care padding words that no figure counts.
    std::vector<int64_t> codes(105);
    for (size_t i = 0; i < codes.size(); ++i) codes[i] = int64_t((i * 7 + 3) % 16);
    const QString in = dir_.filePath("tensor.npy");
    writeFileAtomic(in.toStdString(), npyBytes(NpyArray::from(codes, {5, 7, 3})));
    const QString json = dir_.filePath("tensor.json");
    const Run r = runCli({"encode", "--bits", "4", "--input", in, "--solver", "exact", "--json", json, "--quiet"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("tensor of 105 codes cut into 14 arrays (7 padding words, ignored)"), qPrintable(r.out));
    const QJsonObject s = readJsonFile(json).value("summary").toObject();
    QCOMPARE(s.value("arrays").toInt(), 14);
    QCOMPARE(s.value("words").toInt(), 105);
    // The last array has one real word and every other word is free: it is encoded exactly.
    const QJsonArray arrays = readJsonFile(json).value("arrays").toArray();
    QCOMPARE(arrays.size(), 14);
    QCOMPARE(arrays.last().toObject().value("objective").toDouble(), 0.0);
}

void TestCli::largeTensorInChunks()
{
    // 72001 4-bit codes make 9001 arrays, more than one chunk: the bits are those of one
    // encoding of the whole tensor, and a redirected stderr gets no progress (no \r).
    std::vector<int64_t> codes(72001);
    std::mt19937_64 rng(4);
    for (auto &c : codes) c = int64_t(rng() % 16);
    const QString in = dir_.filePath("large.npy"), npz = dir_.filePath("large.npz");
    writeFileAtomic(in.toStdString(), npyBytes(NpyArray::from(codes, {72001})));
    const Run r = runCli({"encode", "--bits", "4", "--input", in, "--solver", "local", "--objective", "l2",
                          "--threads", "2", "--npz", npz});
    QCOMPARE(r.code, 0);
    QVERIFY2(!r.err.contains('\r'), qPrintable(r.err));
    QVERIFY2(r.out.contains("tensor of 72001 codes cut into 9001 arrays"), qPrintable(r.out));
    EncodeOptions o;
    o.objective = Objective::L2;
    o.solver = SolverKind::Local;
    const Encoder enc(Layout::msbLsb(planar(4, 4, 4)), o);
    const TiledTensor t = tileTensor(codes, enc.wordCount(), 0);
    const std::vector<ArrayResult> want = enc.encodeMany(t.targets, t.importance, {});
    for (const auto &[name, a] : readNpz(npz.toStdString()))
        if (name == "bits") {
            QCOMPARE(a.shape, (std::vector<int64_t>{9001, 1, 4, 4}));
            const std::vector<int64_t> bits = a.toInt64();
            for (size_t i = 0; i < want.size(); ++i)
                for (int c = 0; c < 16; ++c) QCOMPARE(bits[i * 16 + size_t(c)], int64_t(want[i].bits[size_t(c)]));
        }
}

void TestCli::layoutFileMatchesBuiltIn()
{
    const QString file = dir_.filePath("layout.json");
    QCOMPARE(runCli({"layout", "--bits", "8", "--rotation", "3", "--out", file}).code, 0);
    const QString a = dir_.filePath("la.npz"), b = dir_.filePath("lb.npz");
    QCOMPARE(runCli({"encode", "--bits", "8", "--rotation", "3", "--random", "4", "--npz", a, "--quiet"}).code, 0);
    QCOMPARE(runCli({"encode", "--pattern", file, "--random", "4", "--npz", b, "--quiet"}).code, 0);
    const auto za = readNpz(a.toStdString()), zb = readNpz(b.toStdString());
    QCOMPARE(za.size(), zb.size());
    for (size_t i = 0; i < za.size(); ++i) {
        QCOMPARE(za[i].first, zb[i].first);
        QVERIFY2(za[i].second.data == zb[i].second.data, za[i].first.c_str());
    }
}

void TestCli::infeasibleBoundIsReported()
{
    const QString json = dir_.filePath("bound.json");
    const Run r = runCli({"encode", "--random", "3", "--bound", "2", "--solver", "exact", "--json", json, "--quiet"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.out.contains("NOT met by 3 array(s) (3 proven impossible)"), qPrintable(r.out));
    const QJsonObject s = readJsonFile(json).value("summary").toObject();
    QCOMPARE(s.value("feasible_fraction").toDouble(), 0.0);
    QVERIFY(s.value("max_abs_lsb").toDouble() > 2.0); // the best reached is reported, not the bound
    const Run ok = runCli({"encode", "--random", "3", "--bound", "300", "--quiet"});
    QCOMPARE(ok.code, 0);
    QVERIFY(ok.out.contains("met by every array"));
}

void TestCli::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown flag") << QStringList{"encode", "--random", "1", "--frobnicate"} << QByteArray()
                                  << "Unknown option 'frobnicate'";
    QTest::newRow("no input") << QStringList{"encode"} << QByteArray() << "give exactly one input";
    QTest::newRow("bits") << QStringList{"encode", "--random", "1", "--bits", "40"} << QByteArray()
                          << "--bits: must be 2 to 32, not 40";
    QTest::newRow("pattern") << QStringList{"encode", "--random", "1", "--pattern", "zigzag"} << QByteArray()
                             << "unknown pattern 'zigzag'";
    QTest::newRow("shape") << QStringList{"encode", "--random", "1", "--cols", "12"} << QByteArray()
                           << "--cols: is 12, which 16-bit row words do not fill; make it a multiple of 16";
    QTest::newRow("format") << QStringList{"encode", "--random", "1", "--format", "float"} << QByteArray()
                            << "unknown number format 'float'";
    QTest::newRow("csv count") << QStringList{"encode", "--bits", "4", "--input", "@FILE.csv"} << QByteArray("1,2,3\n")
                               << ":1: 3 values, but an array of this layout has 8 words";
    QTest::newRow("csv value") << QStringList{"encode", "--bits", "4", "--input", "@FILE.csv"}
                               << QByteArray("1,2,3,4,5,6,7,x\n") << "value 8 'x' is not an integer code";
    QTest::newRow("csv range") << QStringList{"encode", "--bits", "4", "--input", "@FILE.csv"}
                               << QByteArray("1,2,3,4,5,6,7,16\n") << "target 16 is outside the 4-bit unsigned range 0..15";
    QTest::newRow("npy garbage") << QStringList{"encode", "--bits", "4", "--input", "@FILE.npy"}
                                 << QByteArray("not numpy") << "not a NumPy .npy file";
    QTest::newRow("layout json") << QStringList{"encode", "--random", "1", "--pattern", "@FILE.json"}
                                 << QByteArray("{\"rows\": 2, \"cols\": 2, \"bits\": 2, \"significance\": {\"row\": "
                                               "[[0,0],[1,0]], \"column\": [[0,1],[1,0]]}}")
                                 << "row word 0 (layer 0, row 0, columns 0..1) repeats significance 0; each word needs 0..1 once";
    QTest::newRow("layout syntax") << QStringList{"encode", "--random", "1", "--pattern", "@FILE.json"}
                                   << QByteArray("{\"rows\": 2,") << "not valid JSON";
    QTest::newRow("missing file") << QStringList{"encode", "--input", "/nonexistent/codes.csv"} << QByteArray()
                                  << "/nonexistent/codes.csv: cannot open the file";
    const QStringList pair{"encode", "--random", "1", "--bits", "4", "--format", "diffpair"};
    QTest::newRow("diffpair shift") << pair + QStringList{"--shift"} << QByteArray()
                                    << "--shift: per-word shifts are not available with number format diffpair";
    QTest::newRow("diffpair rotate") << pair + QStringList{"--rotate"} << QByteArray()
                                     << "--rotate: per-array rotations are not available with number format diffpair";
    QTest::newRow("diffpair offset") << pair + QStringList{"--offset"} << QByteArray()
                                     << "--offset: per-array offsets are not available with number format diffpair";
    QTest::newRow("diffpair bound") << pair + QStringList{"--bound", "2"} << QByteArray()
                                    << "--bound: a hard error bound is not available with number format diffpair";
    QTest::newRow("diffpair faults") << pair + QStringList{"--faults", "0.02"} << QByteArray()
                                     << "--faults: stuck-at faults are not modelled for --format diffpair";
    QTest::newRow("diffpair mem") << pair + QStringList{"--mem", "@FILE.memh"} << QByteArray()
                                  << "--mem: the memory files describe one array a weight";
    QTest::newRow("diffpair range") << QStringList{"encode", "--bits", "4", "--format", "diffpair", "--input", "@FILE.csv"}
                                    << QByteArray("1,2,3,4,5,6,7,-16\n")
                                    << "target -16 is outside the 4-bit diffpair range -15..15";
    QTest::newRow("json folder") << QStringList{"encode", "--random", "1", "--json", "/nonexistent/out.json"}
                                 << QByteArray() << "the folder must exist and be writable";
}

void TestCli::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, file);
    QFETCH(QString, message);
    for (QString &a : args)
        if (a.startsWith("@FILE")) {
            a = dir_.filePath("bad" + a.mid(5));
            writeText(a, file);
        }
    const Run r = runCli(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QCOMPARE(r.err.count('\n'), 1); // one line
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
