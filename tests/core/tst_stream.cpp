// Encoding a chunk at a time: the same bits, figures and files as in one piece.
#include "TestSupport.h"
#include "encode/ChunkedEncode.h"
#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "encode/TensorTiling.h"
#include "io/EncodeExport.h"
#include "io/EncodeOutputStream.h"
#include "io/Npy.h"
#include "io/NpzStreamWriter.h"
#include "layout/Layout.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <map>

using namespace twill;
using namespace twill::test;

namespace {

std::map<std::string, NpyArray> members(const std::string &path)
{
    std::map<std::string, NpyArray> m;
    for (auto &[name, a] : readNpz(path)) m[name] = a;
    return m;
}

bool same(const NpyArray &a, const NpyArray &b) { return a.dtype == b.dtype && a.shape == b.shape && a.data == b.data; }

} // namespace

class TestStream : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chunksGiveTheWholeEncoding_data();
    void chunksGiveTheWholeEncoding();
    void badCodeStopsBeforeAnyChunk();
    void npzStreamMatchesWholeWriter();

private:
    QTemporaryDir dir_;
};

void TestStream::chunksGiveTheWholeEncoding_data()
{
    QTest::addColumn<bool>("tensor");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("rotate");
    for (bool tensor : {false, true})
        for (int chunk : {1, 7, 1000})
            QTest::newRow(qPrintable(QString("%1 chunk %2").arg(tensor ? "tensor" : "arrays").arg(chunk))) << tensor << chunk << 0;
    QTest::newRow("tensor chunk 7 rotate") << true << 7 << 1;
}

void TestStream::chunksGiveTheWholeEncoding()
{
    // 8x8 arrays of 8-bit two's complement codes: bits, summary, report and .npz from the
    // chunked path equal those of one encodeMany over the tiled codes and the whole writers.
    QFETCH(bool, tensor);
    QFETCH(int, chunk);
    QFETCH(int, rotate);
    const Layout layout = Layout::msbLsb(planar(8, 8, 8));
    EncodeOptions o;
    o.format = NumberFormat::TwosComplement;
    o.objective = Objective::L2;
    o.solver = SolverKind::Local;
    o.restarts = 2;
    o.rotate = rotate != 0;
    o.threads = 2;
    const Encoder enc(layout, o);
    const int nw = layout.wordCount();
    std::vector<int64_t> codes = randomTargets(23, nw, o.format, 8, 99);
    if (tensor) codes.resize(codes.size() - 5); // the last array is padded
    std::vector<int64_t> targets = codes;
    std::vector<double> importance;
    int64_t valid = -1;
    if (tensor) {
        const TiledTensor t = tileTensor(codes, nw, 0);
        targets = t.targets;
        importance = t.importance;
        valid = t.values;
    }
    const std::vector<ArrayResult> whole = enc.encodeMany(targets, importance, {});
    const EncodeSummary s = summarize(enc, targets, whole, 1.0, valid);

    const std::string json = dir_.filePath("chunked.json").toStdString(), npz = dir_.filePath("chunked.npz").toStdString();
    EncodeSummaryBuilder b(enc);
    EncodeOutputStream out(enc, json, npz);
    int64_t seen = 0, chunks = 0;
    const int64_t done = encodeInChunks(enc, codes, tensor, 0, chunk, nullptr, [&](const EncodeChunk &c) {
        QCOMPARE(c.firstArray, seen);
        for (size_t i = 0; i < c.results.size(); ++i) {
            QCOMPARE(c.results[i].bits, whole[size_t(seen) + i].bits);
            QCOMPARE(c.results[i].decoded, whole[size_t(seen) + i].decoded);
        }
        b.add(c.targets.data(), c.results, c.validWords);
        out.add(c);
        seen += int64_t(c.results.size());
        ++chunks;
    });
    QCOMPARE(done, int64_t(whole.size()));
    QCOMPARE(chunks, (done + chunk - 1) / chunk);
    const EncodeSummary t = b.finish(1.0);
    QCOMPARE(t.arrays, s.arrays);
    QCOMPARE(t.words, s.words);
    QCOMPARE(t.rmsLsb, s.rmsLsb);
    QCOMPARE(t.maxAbsLsb, s.maxAbsLsb);
    QCOMPARE(t.meanPctRel, s.meanPctRel);
    QCOMPARE(t.meanArrayMaxPctFs, s.meanArrayMaxPctFs);
    QCOMPARE(t.certifiedFraction, s.certifiedFraction);
    out.finish(t, false);

    // The report: every key and array entry of the whole one.
    QFile f(QString::fromStdString(json));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonParseError err;
    const QJsonObject got = QJsonDocument::fromJson(f.readAll(), &err).object();
    QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
    QJsonObject want = encodeReportJson(enc, targets, whole, s);
    want["cancelled"] = false;
    QCOMPARE(got, want);

    // The .npz: the members of the whole writer (with --rotate, per-array significance maps).
    const std::string ref = dir_.filePath("whole.npz").toStdString();
    writeEncodeNpz(enc, targets, whole, ref);
    const auto a = members(npz), w = members(ref);
    for (const char *name : {"bits", "targets", "decoded", "shift", "offset", "rotation", "word_of_row", "format",
                             "bits_per_word"})
        QVERIFY2(same(a.at(name), w.at(name)), name);
    if (!rotate) QVERIFY(same(a.at("sig_of_row"), w.at("sig_of_row")));
    else {
        QCOMPARE(a.at("sig_of_row").shape, (std::vector<int64_t>{done, 1, 8, 8}));
        const std::vector<int64_t> sig = a.at("sig_of_row").toInt64();
        for (int64_t i = 0; i < done; ++i) {
            const auto &m = enc.layoutFor(whole[size_t(i)].rotation).significanceMap(0);
            QVERIFY(std::equal(m.begin(), m.end(), sig.begin() + i * 64));
        }
    }
}

void TestStream::badCodeStopsBeforeAnyChunk()
{
    const Layout layout = Layout::msbLsb(planar(4, 4, 4));
    const Encoder enc(layout, EncodeOptions());
    std::vector<int64_t> codes = randomTargets(10, layout.wordCount(), NumberFormat::Unsigned, 4, 3);
    codes[8 * 9 + 2] = 16; // array 9, word 2
    int chunks = 0;
    const QString e = errorOf([&] { encodeInChunks(enc, codes, false, 0, 2, nullptr, [&](const EncodeChunk &) { ++chunks; }); });
    QVERIFY2(e.contains("array 9, word 2") && e.contains("outside"), qPrintable(e));
    QCOMPARE(chunks, 0);
}

void TestStream::npzStreamMatchesWholeWriter()
{
    // Members given in pieces, and whole, read back as NpzWriter's.
    std::vector<int64_t> big(1000);
    for (size_t i = 0; i < big.size(); ++i) big[i] = int64_t(i * i) - 7;
    std::vector<uint8_t> small{1, 2, 3};
    const std::string path = dir_.filePath("stream.npz").toStdString();
    {
        NpzStreamWriter z(path);
        const int id = z.stream("big", "<i8");
        for (size_t at = 0; at < big.size(); at += 333)
            z.append(id, big.data() + at, std::min<size_t>(333, big.size() - at) * sizeof(int64_t));
        z.add("small", NpyArray::from(small, {3}));
        z.finish({{10, 100}});
    }
    const auto m = members(path);
    QVERIFY(same(m.at("big"), NpyArray::from(big, {10, 100})));
    QVERIFY(same(m.at("small"), NpyArray::from(small, {3})));
    // A shape that does not match the data is refused and nothing is written.
    const std::string bad = dir_.filePath("bad.npz").toStdString();
    const QString e = errorOf([&] {
        NpzStreamWriter z(bad);
        const int id = z.stream("x", "<i8");
        z.append(id, big.data(), 8);
        z.finish({{2}});
    });
    QVERIFY2(e.contains("not its shape"), qPrintable(e));
    QVERIFY(!QFile::exists(QString::fromStdString(bad)));
}

QTEST_APPLESS_MAIN(TestStream)
#include "tst_stream.moc"
