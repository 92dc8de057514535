// The file layer: the one atomic write path (full disk, devices, FIFOs, links, permissions),
// the .npy/.npz readers (dtypes, byte order, Fortran order, compression, ZIP64, damage),
// checksummed files, IDX parsing, codes input and the geometry and layout limits.
#include "io/AtomicFile.h"
#include "io/ChecksumTrailer.h"
#include "io/CodesFile.h"
#include "io/LayoutFile.h"
#include "io/Npy.h"
#include "io/ProjectFile.h"
#include "io/ZipArchive.h"
#include "layout/Geometry.h"
#include "layout/Layout.h"
#include "nn/Dataset.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <thread>

using namespace twill;
using namespace twill::test;

namespace {

std::string npyFile(const std::string &header, const std::string &data, int major = 1)
{
    std::string h = header;
    const size_t prefix = major == 1 ? 10 : 12;
    while ((prefix + h.size() + 1) % 64 != 0) h.push_back(' ');
    h.push_back('\n');
    std::string out("\x93NUMPY", 6);
    out.push_back(char(major));
    out.push_back('\0');
    const uint32_t n = uint32_t(h.size());
    out.push_back(char(n & 0xff));
    out.push_back(char((n >> 8) & 0xff));
    if (major != 1) {
        out.push_back(char((n >> 16) & 0xff));
        out.push_back(char((n >> 24) & 0xff));
    }
    return out + h + data;
}

std::string header(const std::string &descr, const std::string &shape, bool fortran = false)
{
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
}

template <typename T> std::string bytesOf(const std::vector<T> &v, bool bigEndian)
{
    std::string s;
    for (T x : v) {
        char b[sizeof(T)];
        std::memcpy(b, &x, sizeof(T));
        if (bigEndian) std::reverse(b, b + sizeof(T));
        s.append(b, sizeof(T));
    }
    return s;
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return "<missing>";
    return f.readAll();
}

void writeBytes(const QString &path, const std::string &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes.data(), qint64(bytes.size())), qint64(bytes.size()));
}

// Files of a folder other than the ones named: temporaries a write left behind.
QStringList strayFiles(const QString &dir, const QStringList &expected)
{
    QStringList stray;
    for (const QString &f : QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System))
        if (!expected.contains(f)) stray << f;
    return stray;
}

// Raw deflate, as zip members hold it.
std::string deflateRaw(const std::string &in)
{
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, uLong(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef *>(&out[0]);
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

void put16(std::string &s, uint16_t v)
{
    s.push_back(char(v & 0xff));
    s.push_back(char(v >> 8));
}

void put32(std::string &s, uint32_t v)
{
    for (int i = 0; i < 4; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
}

// A one-member zip written by hand (independent of ZipArchive), with the given method.
std::string handZip(const std::string &name, const std::string &data, uint16_t method)
{
    const std::string body = method == 8 ? deflateRaw(data) : data;
    const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef *>(data.data()), uInt(data.size())));
    std::string out;
    put32(out, 0x04034b50);
    put16(out, 20);
    put16(out, 0);
    put16(out, method);
    put16(out, 0);
    put16(out, 0x21);
    put32(out, crc);
    put32(out, uint32_t(body.size()));
    put32(out, uint32_t(data.size()));
    put16(out, uint16_t(name.size()));
    put16(out, 0);
    out += name + body;
    const uint32_t central = uint32_t(out.size());
    put32(out, 0x02014b50);
    put16(out, 20);
    put16(out, 20);
    put16(out, 0);
    put16(out, method);
    put16(out, 0);
    put16(out, 0x21);
    put32(out, crc);
    put32(out, uint32_t(body.size()));
    put32(out, uint32_t(data.size()));
    put16(out, uint16_t(name.size()));
    for (int i = 0; i < 4; ++i) put16(out, 0);
    put32(out, 0);
    put32(out, 0);
    out += name;
    const uint32_t centralSize = uint32_t(out.size()) - central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, 1);
    put16(out, 1);
    put32(out, centralSize);
    put32(out, central);
    put16(out, 0);
    return out;
}

bool haveNumPy()
{
    QProcess p;
    p.start(TWILL_PYTHON, {"-c", "import numpy"});
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

std::string idxImages(uint32_t count, uint32_t rows, uint32_t cols, size_t pixelBytes)
{
    std::string s;
    for (uint32_t v : {0x803u, count, rows, cols})
        for (int i = 3; i >= 0; --i) s.push_back(char((v >> (8 * i)) & 0xff));
    for (size_t i = 0; i < pixelBytes; ++i) s.push_back(char(i * 7 % 256));
    return s;
}

std::string idxLabels(uint32_t count, const std::string &labels)
{
    std::string s;
    for (uint32_t v : {0x801u, count})
        for (int i = 3; i >= 0; --i) s.push_back(char((v >> (8 * i)) & 0xff));
    return s + labels;
}

} // namespace

class TestIo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void npyRoundTrip_data();
    void npyRoundTrip();
    void npyByteOrderAndFortranOrder_data();
    void npyByteOrderAndFortranOrder();
    void npyWrittenByNumPy();
    void badNpy_data();
    void badNpy();
    void npyEmptyWithHugeDimensions();
    void npzStoredAndDeflated_data();
    void npzStoredAndDeflated();
    void npzZip64ReadsBack();
    void npzMemberNames();
    void npzFromNumPy();
    void damagedZip_data();
    void damagedZip();

    void writeReplacesWholeFileAndKeepsMode();
    void fullDiskKeepsOldFile();
    void devicesAreWrittenInPlace();
    void fifoIsWrittenInPlace();
    void symlinkStaysALink();
    void writeProblemsAreNamed_data();
    void writeProblemsAreNamed();

    void checksumRoundTrip();
    void checksumRefusesChangedBytes_data();
    void checksumRefusesChangedBytes();
    void checkpointFromRelease();

    void idxParses();
    void badIdx_data();
    void badIdx();

    void geometryLimits_data();
    void geometryLimits();
    void badLayoutJson_data();
    void badLayoutJson();
    void codesFromEveryKind();
    void badCodes_data();
    void badCodes();
    void projectNumbersOutOfRange_data();
    void projectNumbersOutOfRange();
    void projectKeepsFaults_data();
    void projectKeepsFaults();
    void olderProjectsHaveNoFaults();

private:
    QTemporaryDir dir_;
};

void TestIo::npyRoundTrip_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("int8") << 0;
    QTest::newRow("uint8") << 1;
    QTest::newRow("int32") << 2;
    QTest::newRow("int64") << 3;
    QTest::newRow("float32") << 4;
    QTest::newRow("float64") << 5;
}

void TestIo::npyRoundTrip()
{
    QFETCH(int, kind);
    NpyArray a;
    const std::vector<int64_t> shape{3, 2, 5};
    std::vector<double> expect;
    for (int i = 0; i < 30; ++i) expect.push_back(kind == 1 ? i * 8 : kind >= 4 ? i * 0.25 - 3 : i * 4 - 60);
    auto as = [&](auto type) {
        using T = decltype(type);
        std::vector<T> v;
        for (double x : expect) v.push_back(T(x));
        return NpyArray::from(v, shape);
    };
    switch (kind) {
    case 0: a = as(int8_t()); break;
    case 1: a = as(uint8_t()); break;
    case 2: a = as(int32_t()); break;
    case 3: a = as(int64_t()); break;
    case 4: a = as(float()); break;
    default: a = as(double()); break;
    }
    const NpyArray b = parseNpy(npyBytes(a), "t.npy");
    QCOMPARE(b.dtype, a.dtype);
    QCOMPARE(b.shape, shape);
    QCOMPARE(b.toDouble(), expect);
}

void TestIo::npyByteOrderAndFortranOrder_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<bool>("fortran");
    QTest::newRow("little, C") << false << false;
    QTest::newRow("big, C") << true << false;
    QTest::newRow("little, Fortran") << false << true;
    QTest::newRow("big, Fortran") << true << true;
}

void TestIo::npyByteOrderAndFortranOrder()
{
    QFETCH(bool, bigEndian);
    QFETCH(bool, fortran);
    // a[i][j][k] = 100 i + 10 j + k - 50, shape (2, 3, 4): stored as asked, read back in C order.
    const int D0 = 2, D1 = 3, D2 = 4;
    std::vector<int16_t> stored;
    if (fortran) {
        for (int k = 0; k < D2; ++k)
            for (int j = 0; j < D1; ++j)
                for (int i = 0; i < D0; ++i) stored.push_back(int16_t(100 * i + 10 * j + k - 50));
    } else {
        for (int i = 0; i < D0; ++i)
            for (int j = 0; j < D1; ++j)
                for (int k = 0; k < D2; ++k) stored.push_back(int16_t(100 * i + 10 * j + k - 50));
    }
    const std::string file = npyFile(header(bigEndian ? ">i2" : "<i2", "(2, 3, 4)", fortran), bytesOf(stored, bigEndian));
    const NpyArray a = parseNpy(file, "t.npy");
    QCOMPARE(a.dtype, std::string("<i2"));
    QCOMPARE(a.shape, (std::vector<int64_t>{2, 3, 4}));
    const std::vector<int64_t> v = a.toInt64();
    for (int i = 0; i < D0; ++i)
        for (int j = 0; j < D1; ++j)
            for (int k = 0; k < D2; ++k) QCOMPARE(v[size_t((i * D1 + j) * D2 + k)], int64_t(100 * i + 10 * j + k - 50));
    // Doubles, big-endian, Fortran: the same values.
    std::vector<double> storedD(stored.begin(), stored.end());
    const NpyArray d = parseNpy(npyFile(header(bigEndian ? ">f8" : "<f8", "(2, 3, 4)", fortran), bytesOf(storedD, bigEndian)), "d.npy");
    const std::vector<double> dv = d.toDouble();
    for (size_t n = 0; n < v.size(); ++n) QCOMPARE(dv[n], double(v[n]));
}

void TestIo::npyWrittenByNumPy()
{
    if (!haveNumPy()) QSKIP("NumPy is not installed (python3-numpy)");
    const QString out = dir_.filePath("numpy");
    QDir().mkpath(out);
    // NumPy writes each array, and its C-order values as text, for an independent comparison.
    const QString script = R"PY(
import sys, numpy as np
d = sys.argv[1]
a = (np.arange(24).reshape(2, 3, 4) * 37 % 101 - 50)
cases = {'be_i4': a.astype('>i4'), 'f_i8': np.asfortranarray(a.astype('<i8')), 'bf_f4': np.asfortranarray(a.astype('>f4')),
         'u2': (a + 50).astype('<u2'), 'i1': a.astype('i1'), 'T_i4': a.astype('<i4').transpose(2, 0, 1)}
for k, v in cases.items():
    np.save(d + '/' + k + '.npy', v)
    open(d + '/' + k + '.txt', 'w').write(' '.join(str(int(x)) for x in np.ascontiguousarray(v).ravel()) + '\n' + ' '.join(map(str, v.shape)))
)PY";
    const Run r = runProcess(TWILL_PYTHON, {"-c", script, out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    for (const char *k : {"be_i4", "f_i8", "bf_f4", "u2", "i1", "T_i4"}) {
        const NpyArray a = readNpy((out + "/" + k + ".npy").toStdString());
        const QStringList lines = QString(contents(out + "/" + k + ".txt")).split('\n');
        std::vector<int64_t> shape;
        for (const QString &s : lines[1].split(' ', Qt::SkipEmptyParts)) shape.push_back(s.toLongLong());
        QCOMPARE(a.shape, shape);
        const std::vector<double> got = a.toDouble();
        const QStringList want = lines[0].split(' ', Qt::SkipEmptyParts);
        QCOMPARE(int(got.size()), int(want.size()));
        for (int i = 0; i < want.size(); ++i) QCOMPARE(got[size_t(i)], want[i].toDouble());
    }
}

void TestIo::badNpy_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("phrase");
    const std::string eight(64, '\0');
    auto row = [&](const char *name, const std::string &file, const char *phrase) {
        QTest::newRow(name) << QByteArray::fromStdString(file) << QString(phrase);
    };
    row("dtype <i0", npyFile(header("<i0", "(2, 4)"), eight), "not a NumPy integer type");
    row("dtype <i3", npyFile(header("<i3", "(2, 4)"), eight), "not a NumPy integer type");
    row("dtype <i16", npyFile(header("<i16", "(2, 4)"), eight), "not a NumPy integer type");
    row("dtype |O", npyFile(header("|O", "(2, 4)"), eight), "Python objects");
    row("dtype <c16", npyFile(header("<c16", "(2,)"), eight), "complex");
    row("dtype |S4", npyFile(header("|S4", "(2,)"), eight), "byte strings");
    row("dtype |V8", npyFile(header("|V8", "(2,)"), eight), "raw record");
    row("dtype <M8[ns]", npyFile(header("<M8[ns]", "(2,)"), eight), "dates");
    row("dtype <f2", npyFile(header("<f2", "(2,)"), eight), "float type Twill does not read");
    row("dtype <x4", npyFile(header("<x4", "(2,)"), eight), "is not supported");
    row("dtype no order", npyFile(header("i4", "(2,)"), eight), "no byte order");
    row("structured dtype", npyFile("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,), }", eight), "structured");
    row("shape (abc, 32)", npyFile(header("<i8", "(abc, 32)"), eight), "not a whole number");
    row("23-digit dimension", npyFile(header("<i8", "(12345678901234567890123, 32)"), eight), "too large");
    row("shape (-1, -32)", npyFile(header("<i8", "(-1, -32)"), eight), "negative dimension");
    row("shape (2**59+1, 32)", npyFile(header("<i8", "(576460752303423489, 32)"), eight), "more elements than any file");
    row("shape times item size", npyFile(header("<i8", "(4611686018427387904,)"), eight), "larger than any file");
    std::string many = "(";
    for (int i = 0; i < 65; ++i) many += "1, ";
    row("65 dimensions", npyFile(header("<i8", many + ")"), eight), "more than 64 dimensions");
    row("data ends early", npyFile(header("<i8", "(2, 8)"), std::string(10, '\0')), "ends early");
    row("no magic", std::string("1,2,3,4\n5,6,7,8\n"), "not a NumPy .npy file");
    row("version 9", npyFile(header("<i8", "(1,)"), eight, 9), "unsupported .npy version 9");
    row("header past the end", std::string("\x93NUMPY\x01\x00\xff\x7f{'descr'", 18), "truncated .npy header");
    row("no shape", npyFile("{'descr': '<i8', 'fortran_order': False, }", eight), "has no 'shape'");
    row("no descr", npyFile("{'fortran_order': False, 'shape': (1,), }", eight), "has no 'descr'");
    row("fortran_order 2", npyFile("{'descr': '<i8', 'fortran_order': 2, 'shape': (1,), }", eight), "True or False");
    row("unknown key", npyFile("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), 'x': 1}", eight), "unexpected key");
    row("not a dict", npyFile("[1, 2]", eight), "expected '{'");
    row("unterminated string", npyFile("{'descr: <i8", eight), "cannot read a key");
}

void TestIo::badNpy()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, phrase);
    const QString why = errorOf([&] { parseNpy(file.toStdString(), "crafted.npy"); });
    QVERIFY2(why.startsWith("crafted.npy: "), qPrintable(why));
    QVERIFY2(why.contains(phrase), qPrintable(why));
}

void TestIo::npyEmptyWithHugeDimensions()
{
    // Found by fuzz_npy: the product of the other dimensions overflowed int64 before the 0.
    const NpyArray a = parseNpy(npyFile(header("<i4", "(2, 3, 888888888, 88888, 82, 88888888888, 0, 4)"), ""), "e.npy");
    QCOMPARE(a.size(), int64_t(0));
    QVERIFY(a.data.empty());
    QCOMPARE(a.toInt64(), std::vector<int64_t>{});
    QVERIFY(errorOf([] { parseNpy(npyFile(header("<i4", "(9223372036854775807, 2)"), ""), "x.npy"); })
                .contains("more elements than any file can hold"));
}

void TestIo::npzStoredAndDeflated_data()
{
    QTest::addColumn<int>("method");
    QTest::newRow("stored (np.savez)") << 0;
    QTest::newRow("deflate (np.savez_compressed)") << 8;
}

void TestIo::npzStoredAndDeflated()
{
    QFETCH(int, method);
    std::vector<int32_t> v(1000);
    for (size_t i = 0; i < v.size(); ++i) v[i] = int32_t(i % 17) - 8;
    const std::string npy = npyBytes(NpyArray::from(v, {10, 100}));
    const auto arrays = parseNpz(handZip("codes.npy", npy, uint16_t(method)), "t.npz");
    QCOMPARE(int(arrays.size()), 1);
    QCOMPARE(arrays[0].first, std::string("codes"));
    QCOMPARE(arrays[0].second.shape, (std::vector<int64_t>{10, 100}));
    const std::vector<int64_t> got = arrays[0].second.toInt64();
    for (size_t i = 0; i < v.size(); ++i) QCOMPARE(got[i], int64_t(v[i]));
}

void TestIo::npzZip64ReadsBack()
{
    NpzWriter w;
    w.add("a", NpyArray::from(std::vector<int64_t>{1, -2, 3, -4, 5, -6}, {2, 3}));
    w.add("b", NpyArray::from(std::vector<uint8_t>{9, 8, 7}, {3}));
    w.setForceZip64(true);
    const QString path = dir_.filePath("zip64.npz");
    w.write(path.toStdString());
    const std::string bytes = contents(path).toStdString();
    // ZIP64 end record and locator present.
    QVERIFY(bytes.find(std::string("PK\x06\x06", 4)) != std::string::npos);
    QVERIFY(bytes.find(std::string("PK\x06\x07", 4)) != std::string::npos);
    const auto z = readNpz(path.toStdString());
    QCOMPARE(int(z.size()), 2);
    QCOMPARE(z[0].second.toInt64(), (std::vector<int64_t>{1, -2, 3, -4, 5, -6}));
    QCOMPARE(z[1].second.toInt64(), (std::vector<int64_t>{9, 8, 7}));
    if (!haveNumPy()) QSKIP("NumPy is not installed: the ZIP64 archive was read by Twill only");
    const Run r = runProcess(TWILL_PYTHON, {"-c", "import sys, numpy as np; z = np.load(sys.argv[1]); "
                                                  "print(z['a'].ravel().tolist(), z['b'].tolist())",
                                            path});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.trimmed(), QString("[1, -2, 3, -4, 5, -6] [9, 8, 7]"));
}

void TestIo::npzMemberNames()
{
    // Found by fuzz_npz: a member with an empty name came back as ".npy" once written again.
    const std::string npy = npyBytes(NpyArray::from(std::vector<int64_t>{7}, {1}));
    for (const auto &[member, key] : std::vector<std::pair<std::string, std::string>>{
             {"", ""}, {".npy", ""}, {"a.npy", "a"}, {"b", "b"}, {"c.npy.npy", "c.npy"}}) {
        const auto once = parseNpz(handZip(member, npy, 0), "n.npz");
        QCOMPARE(once[0].first, key);
        NpzWriter w;
        w.add(once[0].first, once[0].second);
        QCOMPARE(parseNpz(w.bytes(), "again.npz")[0].first, key);
    }
}

void TestIo::npzFromNumPy()
{
    if (!haveNumPy()) QSKIP("NumPy is not installed (python3-numpy)");
    const QString a = dir_.filePath("c.npz"), b = dir_.filePath("s.npz");
    const Run r = runProcess(TWILL_PYTHON, {"-c", "import sys, numpy as np\n"
                                                  "t = (np.arange(48).reshape(3, 16) * 13) % 256\n"
                                                  "np.savez_compressed(sys.argv[1], targets=t, other=np.float32([0.5]))\n"
                                                  "np.savez(sys.argv[2], targets=t.astype('>i2'))\n",
                                            a, b});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    for (const QString &path : {a, b}) {
        int64_t arrays = 0;
        bool tensor = true;
        const std::vector<int64_t> codes = readCodes(path.toStdString(), 16, arrays, tensor);
        QCOMPARE(arrays, int64_t(3));
        QVERIFY(!tensor);
        for (int i = 0; i < 48; ++i) QCOMPARE(codes[size_t(i)], int64_t(i * 13 % 256));
    }
}

void TestIo::damagedZip_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("phrase");
    const std::string npy = npyBytes(NpyArray::from(std::vector<int64_t>(64, 5), {8, 8}));
    const std::string stored = handZip("a.npy", npy, 0), deflated = handZip("a.npy", npy, 8);
    auto row = [](const char *name, const std::string &file, const char *phrase) {
        QTest::newRow(name) << QByteArray::fromStdString(file) << QString(phrase);
    };
    std::string crc = stored;
    crc[30 + 5 + 100] ^= 0x40; // a data byte
    row("stored data changed", crc, "CRC-32 does not match");
    std::string packed = deflated;
    packed[30 + 5 + 3] ^= 0x10;
    row("deflated data changed", packed, "damaged");
    row("truncated to half", stored.substr(0, stored.size() / 2), "not a zip archive");
    row("central directory cut", stored.substr(0, stored.size() - 10), "not a zip archive");
    std::string method = handZip("a.npy", npy, 12);
    row("bzip2 member", method, "compression method 12");
    std::string encrypted = stored;
    encrypted[stored.rfind(std::string("PK\x01\x02", 4)) + 8] = 1;
    row("encrypted member", encrypted, "encrypted");
    std::string offset = stored;
    offset[stored.size() - 3] = char(0x7f); // central directory offset past the end
    row("central directory past the end", offset, "runs past the end");
    std::string count = stored;
    count[stored.size() - 12] = char(0xff); // 255 entries in one directory entry's space
    row("entry count too large", count, "too many entries");
    std::string size = deflated;
    const size_t cd = deflated.rfind(std::string("PK\x01\x02", 4));
    size[cd + 27] = char(0x7f); // uncompressed size claims ~2 GiB
    row("deflate bomb claim", size, "the archive is damaged");
    row("a .npy, not an .npz", npy, "a single .npy array");
    row("not a zip", std::string(100, 'x'), "not a zip archive");
    row("empty archive", std::string("PK\x05\x06", 4) + std::string(18, '\0'), "holds no arrays");
    row("member is not an array", handZip("notes.txt", "hello", 0), "not a NumPy .npy file");
}

void TestIo::damagedZip()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, phrase);
    const QString why = errorOf([&] { parseNpz(file.toStdString(), "damaged.npz"); });
    QVERIFY2(why.startsWith("damaged.npz"), qPrintable(why));
    QVERIFY2(why.contains(phrase), qPrintable(why));
}

void TestIo::writeReplacesWholeFileAndKeepsMode()
{
    const QString sub = dir_.filePath("replace");
    QDir().mkpath(sub);
    const QString path = sub + "/r.json";
    writeBytes(path, "old contents");
    QVERIFY(::chmod(path.toLocal8Bit().constData(), 0640) == 0);
    const std::string big(300000, 'n');
    writeFileAtomic(path.toStdString(), big);
    QCOMPARE(contents(path).toStdString(), big);
    struct stat st {};
    QVERIFY(::stat(path.toLocal8Bit().constData(), &st) == 0);
    QCOMPARE(int(st.st_mode & 07777), 0640);
    QCOMPARE(strayFiles(sub, {"r.json"}), QStringList());
    // A new file gets the usual 0666 less the umask.
    const mode_t mask = ::umask(022);
    writeFileAtomic((sub + "/new.csv").toStdString(), "a,b\n");
    ::umask(mask);
    QVERIFY(::stat((sub + "/new.csv").toLocal8Bit().constData(), &st) == 0);
    QCOMPARE(int(st.st_mode & 07777), 0644);
    QCOMPARE(contents(sub + "/new.csv"), QByteArray("a,b\n"));
}

void TestIo::fullDiskKeepsOldFile()
{
    // A full disk without root: a file size limit (RLIMIT_FSIZE) makes write() fail with
    // EFBIG once the temporary passes it; SIGXFSZ is ignored so that the failure is returned.
    const QString sub = dir_.filePath("full");
    QDir().mkpath(sub);
    const QString path = sub + "/old.npz";
    writeBytes(path, "the old archive");
    struct rlimit before {};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &before) == 0);
    void (*oldHandler)(int) = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = before;
    small.rlim_cur = 4096;
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const QString why = errorOf([&] { writeFileAtomic(path.toStdString(), std::string(100000, 'x')); });
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, oldHandler);
    QVERIFY2(why.contains("File too large"), qPrintable(why));
    QVERIFY2(why.contains("the old file is unchanged"), qPrintable(why));
    QVERIFY2(why.startsWith(path), qPrintable(why));
    QCOMPARE(contents(path), QByteArray("the old archive"));
    QCOMPARE(strayFiles(sub, {"old.npz"}), QStringList());
}

void TestIo::devicesAreWrittenInPlace()
{
    writeFileAtomic("/dev/null", "discarded");
    struct stat st {};
    QVERIFY(::stat("/dev/null", &st) == 0);
    QVERIFY(S_ISCHR(st.st_mode));
    const QString why = errorOf([] { writeFileAtomic("/dev/full", "no room"); });
    QVERIFY2(why.contains("/dev/full") && why.contains("No space left on device"), qPrintable(why));
    QVERIFY(::stat("/dev/full", &st) == 0);
    QVERIFY(S_ISCHR(st.st_mode));
}

void TestIo::fifoIsWrittenInPlace()
{
    const QString fifo = dir_.filePath("pipe");
    QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
    QByteArray got;
    std::thread reader([&] {
        QFile f(fifo);
        if (f.open(QIODevice::ReadOnly)) got = f.readAll();
    });
    writeFileAtomic(fifo.toStdString(), "through the pipe");
    reader.join();
    QCOMPARE(got, QByteArray("through the pipe"));
    struct stat st {};
    QVERIFY(::stat(fifo.toLocal8Bit().constData(), &st) == 0);
    QVERIFY(S_ISFIFO(st.st_mode));
}

void TestIo::symlinkStaysALink()
{
    const QString sub = dir_.filePath("links");
    QDir().mkpath(sub);
    writeBytes(sub + "/real.json", "old");
    QVERIFY(QFile::link(sub + "/real.json", sub + "/link.json"));
    writeFileAtomic((sub + "/link.json").toStdString(), "new");
    QCOMPARE(contents(sub + "/real.json"), QByteArray("new"));
    QVERIFY(QFileInfo(sub + "/link.json").isSymLink());
    QCOMPARE(strayFiles(sub, {"real.json", "link.json"}), QStringList());
}

void TestIo::writeProblemsAreNamed_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("phrase");
    QDir().mkpath(dir_.filePath("afolder"));
    QFile::link(dir_.filePath("nowhere/x"), dir_.filePath("dangling"));
    QTest::newRow("a folder") << dir_.filePath("afolder") << "is a folder";
    QTest::newRow("missing folder") << dir_.filePath("no/such/dir/x.json") << "the folder must exist";
    QTest::newRow("dangling link") << dir_.filePath("dangling") << "symbolic link to a missing file";
    QTest::newRow("no name") << QString() << "no file name";
}

void TestIo::writeProblemsAreNamed()
{
    QFETCH(QString, path);
    QFETCH(QString, phrase);
    const QString why = errorOf([&] { writeFileAtomic(path.toStdString(), "x"); });
    QVERIFY2(why.contains(phrase), qPrintable(why));
}

void TestIo::checksumRoundTrip()
{
    std::string payload;
    for (int i = 0; i < 5000; ++i) payload.push_back(char(i * 31 % 251));
    const std::string sealed = withChecksum(payload);
    QCOMPARE(sealed.size(), payload.size() + 56);
    QCOMPARE(sealed.substr(0, payload.size()), payload);
    bool wasSealed = false;
    QCOMPARE(verifiedPayload(sealed, "x.ckpt", &wasSealed), payload);
    QVERIFY(wasSealed);
}

void TestIo::checksumRefusesChangedBytes_data()
{
    QTest::addColumn<int>("at");
    QTest::addColumn<QString>("phrase");
    // payload 5000 bytes, trailer at 5000: "TWILLSUM" 8, length 8, SHA-256 32, "TWILLEND" 8
    QTest::newRow("first payload bytes") << 0 << "does not match";
    QTest::newRow("middle of the payload") << 2500 << "does not match";
    QTest::newRow("last payload bytes") << 4996 << "does not match";
    QTest::newRow("begin mark") << 5002 << "trailer is broken";
    QTest::newRow("length") << 5008 << "counts";
    QTest::newRow("hash") << 5020 << "does not match";
    QTest::newRow("end mark") << 5050 << "trailer is broken";
}

void TestIo::checksumRefusesChangedBytes()
{
    QFETCH(int, at);
    QFETCH(QString, phrase);
    std::string payload;
    for (int i = 0; i < 5000; ++i) payload.push_back(char(i * 31 % 251));
    std::string file = withChecksum(payload);
    for (int i = 0; i < 4; ++i) file[size_t(at + i)] = char(~file[size_t(at + i)]);
    const QString why = errorOf([&] { verifiedPayload(file, "lenet5.ckpt"); });
    QVERIFY2(why.startsWith("lenet5.ckpt: "), qPrintable(why));
    QVERIFY2(why.contains(phrase), qPrintable(why));
}

void TestIo::checkpointFromRelease()
{
    // tests/data/v1-tiny.ckpt was written by Twill 0.1.0 (no checksum trailer): still read, its
    // zip members' CRC-32s checked; four changed bytes in a member are refused.
    const std::string file = readFileBytes(TWILL_TEST_DATA "/v1-tiny.ckpt");
    bool sealed = true;
    QCOMPARE(verifiedPayload(file, "v1-tiny.ckpt", &sealed), file);
    QVERIFY(!sealed);
    const size_t data = file.find("v1.ckpt/data/0");
    QVERIFY(data != std::string::npos);
    std::string changed = file;
    const size_t at = data + 14 + 120; // inside the first tensor's 200 bytes (after the aligning extra field)
    for (size_t i = 0; i < 4; ++i) changed[at + i] = char(changed[at + i] ^ 0x5a);
    const QString why = errorOf([&] { verifiedPayload(changed, "v1-tiny.ckpt"); });
    QVERIFY2(why.startsWith("v1-tiny.ckpt"), qPrintable(why));
    QVERIFY2(why.contains("CRC-32 does not match"), qPrintable(why));
}

void TestIo::idxParses()
{
    const std::string images = idxImages(3, 4, 5, 60), labels = idxLabels(3, std::string("\x00\x09\x03", 3));
    const Dataset d = parseIdxPair(images, labels, "img", "lab");
    QCOMPARE(d.count, int64_t(3));
    QCOMPARE(d.rows, 4);
    QCOMPARE(d.cols, 5);
    QCOMPARE(d.labels, (std::vector<uint8_t>{0, 9, 3}));
    QCOMPARE(d.images.size(), size_t(60));
    for (size_t i = 0; i < 60; ++i) QCOMPARE(int(d.images[i]), int(i * 7 % 256));
}

void TestIo::badIdx_data()
{
    QTest::addColumn<QByteArray>("images");
    QTest::addColumn<QByteArray>("labels");
    QTest::addColumn<QString>("phrase");
    auto row = [](const char *name, const std::string &i, const std::string &l, const char *phrase) {
        QTest::newRow(name) << QByteArray::fromStdString(i) << QByteArray::fromStdString(l) << QString(phrase);
    };
    const std::string three = idxLabels(3, "abc");
    row("0 images", idxImages(0, 28, 28, 0), idxLabels(0, ""), "holds no images");
    row("image magic", std::string("\0\0\x08\x01", 4) + idxImages(3, 4, 5, 60).substr(4), three, "not an IDX image file");
    row("label magic", idxImages(3, 4, 5, 60), std::string("\0\0\x08\x03", 4) + three.substr(4), "not an IDX label file");
    row("truncated images", idxImages(3, 4, 5, 59), three, "truncated");
    row("bytes after the images", idxImages(3, 4, 5, 61), three, "bytes after");
    row("0x5 images", idxImages(3, 0, 5, 0), three, "implausible image size 0x5");
    row("5000x5000 images", idxImages(3, 5000, 5000, 0), three, "1..4096 pixels");
    row("4 billion images", idxImages(0xFFFFFFFFu, 4096, 4096, 10), three, "truncated");
    row("label count", idxImages(3, 4, 5, 60), idxLabels(4, "abcd"), "4 labels for 3 images");
    row("labels truncated", idxImages(3, 4, 5, 60), idxLabels(3, "ab"), "2 label bytes");
    row("short header", std::string("\0\0\x08\x03", 4), three, "not an IDX image file");
}

void TestIo::badIdx()
{
    QFETCH(QByteArray, images);
    QFETCH(QByteArray, labels);
    QFETCH(QString, phrase);
    const QString why = errorOf([&] { parseIdxPair(images.toStdString(), labels.toStdString(), "img.idx", "lab.idx"); });
    QVERIFY2(why.contains(phrase), qPrintable(why));
}

void TestIo::geometryLimits_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("bits");
    QTest::addColumn<QString>("phrase"); // empty: valid
    QTest::newRow("4096x4096x256 32-bit") << 4096 << 4096 << 256 << 32 << "larger than the 16777216 cells";
    QTest::newRow("4096x4096x128 32-bit") << 4096 << 4096 << 128 << 32 << "larger than the 16777216 cells";
    QTest::newRow("4096x4096x2") << 4096 << 4096 << 2 << 16 << "larger than";
    QTest::newRow("4096x4096 (the maximum)") << 4096 << 4096 << 1 << 16 << "";
    QTest::newRow("256x256x256 (the maximum)") << 256 << 256 << 256 << 16 << "";
    QTest::newRow("rows 0") << 0 << 16 << 1 << 16 << "out of range";
    QTest::newRow("rows 4097") << 4097 << 16 << 1 << 16 << "out of range";
    QTest::newRow("bits 33") << 32 << 32 << 1 << 33 << "use 2 to 32";
}

void TestIo::geometryLimits()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, layers);
    QFETCH(int, bits);
    QFETCH(QString, phrase);
    Geometry g = makeGeometry(rows, cols, layers, bits, {Direction::Row, Direction::Column});
    if (layers > 1) g.directions.push_back(Direction::Pillar);
    const QString why = errorOf([&] { g.validate(); });
    if (phrase.isEmpty()) {
        QCOMPARE(why, QString());
        QCOMPARE(int64_t(g.cellCount()), int64_t(rows) * cols * layers);
    } else {
        QVERIFY2(why.contains(phrase), qPrintable(why));
    }
}

void TestIo::badLayoutJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("phrase");
    const std::string good = layoutJson(Layout::msbLsb(planar(8, 8, 8), 3));
    auto with = [&](const std::string &from, const std::string &to) {
        std::string s = good;
        const size_t at = s.find(from);
        if (at != std::string::npos) s.replace(at, from.size(), to);
        return QString::fromStdString(s);
    };
    QTest::newRow("rotation 1e12") << with("\"rotation\":3", "\"rotation\":1e12") << "\"rotation\" 1e+12 is out of range";
    QTest::newRow("rotation 8 of 8-bit") << with("\"rotation\":3", "\"rotation\":8") << "use 0..7";
    QTest::newRow("rotation -1") << with("\"rotation\":3", "\"rotation\":-1") << "use 0..7";
    QTest::newRow("rotation 2.5") << with("\"rotation\":3", "\"rotation\":2.5") << "must be an integer";
    QTest::newRow("rows 1e12") << with("\"rows\":8", "\"rows\":1e12") << "\"rows\" 1e+12 is out of range";
    QTest::newRow("4096x4096x256") << with("\"rows\":8", "\"rows\":4096").replace("\"cols\":8", "\"cols\":4096").replace("\"layers\":1", "\"layers\":256")
                                   << "larger than the 16777216 cells";
    QTest::newRow("pattern 5") << with("\"pattern\":\"msb-lsb\"", "\"pattern\":5") << "must be a name";
    QTest::newRow("directions \"row\"") << with("\"directions\":[\"row\",\"column\"]", "\"directions\":\"row\"") << "must be a list";
    QTest::newRow("significance []") << with("\"significance\":{", "\"significance\":[],\"x\":{") << "must be an object";
    QTest::newRow("significance 99") << with("[3,4,5,6,7,0,1,2]", "[99,4,5,6,7,0,1,2]") << "significance 99";
    QTest::newRow("repeated significance") << with("[3,4,5,6,7,0,1,2]", "[4,4,5,6,7,0,1,2]") << "repeats significance 4";
    QTest::newRow("a row missing") << with("[3,4,5,6,7,0,1,2],", "") << "7 rows";
    QTest::newRow("not JSON") << "{\"rows\": 8," << "not valid JSON";
    QTest::newRow("an array") << "[1, 2]" << "must be a JSON object";
}

void TestIo::badLayoutJson()
{
    QFETCH(QString, json);
    QFETCH(QString, phrase);
    const QString why = errorOf([&] { parseLayout(json.toStdString(), "layout.json"); });
    QVERIFY2(why.startsWith("layout.json: "), qPrintable(why + "\n" + json.left(300)));
    QVERIFY2(why.contains(phrase), qPrintable(why));
}

void TestIo::codesFromEveryKind()
{
    const std::vector<int64_t> codes{1, 2, 3, 4, 5, 6, 7, 8};
    const QString csv = dir_.filePath("codes.txt"), npy = dir_.filePath("codes.bin"), npz = dir_.filePath("c.npz");
    writeBytes(csv, "1,2,3,4 # first\n\n5, 6, 7, 8\n");
    writeBytes(npy, npyBytes(NpyArray::from(codes, {2, 4}))); // told by its bytes, not its name
    NpzWriter w;
    w.add("other", NpyArray::from(std::vector<int64_t>{9}, {1}));
    w.add("mine", NpyArray::from(codes, {2, 4}));
    w.write(npz.toStdString());
    for (const QString &path : {csv, npy, npz + ":mine"}) {
        int64_t arrays = 0;
        bool tensor = true;
        QCOMPARE(readCodes(path.toStdString(), 4, arrays, tensor), codes);
        QCOMPARE(arrays, int64_t(2));
        QVERIFY(!tensor);
    }
}

void TestIo::badCodes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("phrase");
    NpzWriter two;
    two.add("a", NpyArray::from(std::vector<int64_t>{1, 2, 3, 4}, {1, 4}));
    two.add("b", NpyArray::from(std::vector<int64_t>{1, 2, 3, 4}, {1, 4}));
    const QByteArray npz = QByteArray::fromStdString(two.bytes());
    QTest::newRow("npz of two, no name") << npz << "" << "holds several arrays (a, b)";
    QTest::newRow("npz, missing name") << npz << "c" << "has no array 'c'; it holds a, b";
    QTest::newRow("member of a CSV") << QByteArray("1,2,3,4\n") << "a" << "not an .npz archive";
    QTest::newRow("not an integer") << QByteArray("1,2,x,4\n") << "" << "value 3 'x' is not an integer code";
    QTest::newRow("too large") << QByteArray("1,2,99999999999999999999,4\n") << "" << "too large for a code";
    QTest::newRow("three values") << QByteArray("1,2,3\n") << "" << "3 values, but an array of this layout has 4";
    QTest::newRow("empty") << QByteArray("# nothing\n") << "" << "no arrays in the file";
    QTest::newRow("binary junk") << QByteArray("\x01\x02\xff\xfe,1,2,3\n") << "" << "value 1 '\x3f\x3f\x3f\x3f' is not an integer code";
    QTest::newRow("float npy") << QByteArray::fromStdString(npyBytes(NpyArray::from(std::vector<double>{1, 2, 3, 4}, {1, 4})))
                               << "" << "integer codes are needed";
    QTest::newRow("empty npy") << QByteArray::fromStdString(npyBytes(NpyArray::from(std::vector<int64_t>{}, {0, 4}))) << ""
                               << "empty";
}

void TestIo::badCodes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, member);
    QFETCH(QString, phrase);
    int64_t arrays = 0;
    bool tensor = false;
    const QString why =
        errorOf([&] { parseCodes(bytes.toStdString(), "codes.in", member.toStdString(), 4, arrays, tensor); });
    QVERIFY2(why.startsWith("codes.in"), qPrintable(why));
    QVERIFY2(why.contains(phrase), qPrintable(why));
}

void TestIo::projectNumbersOutOfRange_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    // Found by fuzz_project: a double beyond int64 was converted (undefined behaviour).
    QTest::newRow("targets 1e300") << "targets" << "[1e300]";
    QTest::newRow("node_limit 1e300") << "node_limit" << "1e300";
    QTest::newRow("offset_value -1e300") << "offset_value" << "-1e300";
}

void TestIo::projectNumbersOutOfRange()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    const Project fresh; // a named default (GCC 12 warns, wrongly, about a temporary's strings)
    QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(projectJson(fresh))).object();
    const std::string good = QJsonDocument(o).toJson().toStdString();
    QCOMPARE(errorOf([&] { parseProject(good, "p.twill.json"); }), QString());
    // The section of the project that holds the key.
    QString section;
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.value().isObject() && it.value().toObject().contains(key)) section = it.key();
    QVERIFY2(!section.isEmpty(), qPrintable(key));
    QJsonObject a = o.value(section).toObject();
    a.remove(key);
    o[section] = a;
    // Splice the value in as text: QJsonValue would turn 1e300 into a double the same way.
    std::string bad = QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
    const std::string opening = "\"" + section.toStdString() + "\":{";
    bad.insert(bad.find(opening) + opening.size(), "\"" + key.toStdString() + "\":" + value.toStdString() + ",");
    const QString why = errorOf([&] { parseProject(bad, "p.twill.json"); });
    QVERIFY2(why.contains(key) && (why.contains("out of range") || why.contains("whole numbers within")), qPrintable(why));
}

void TestIo::projectKeepsFaults_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("sa1");
    QTest::addColumn<qulonglong>("seed");
    QTest::addColumn<bool>("unaware");
    QTest::newRow("aware 5%") << 0.05 << 0.5 << qulonglong(3) << false;
    QTest::newRow("unaware 12.5%, a quarter at 1") << 0.125 << 0.25 << qulonglong(77) << true;
    QTest::newRow("none, unaware kept") << 0.0 << 0.5 << qulonglong(1) << true;
}

void TestIo::projectKeepsFaults()
{
    QFETCH(double, rate);
    QFETCH(double, sa1);
    QFETCH(qulonglong, seed);
    QFETCH(bool, unaware);
    Project p;
    p.faults.rate = rate;
    p.faults.sa1Share = sa1;
    p.faults.seed = seed;
    p.faults.unaware = unaware;
    const Project back = parseProject(projectJson(p), "p.twill.json");
    QCOMPARE(back.faults.rate, rate);
    QCOMPARE(back.faults.sa1Share, sa1);
    QCOMPARE(back.faults.unaware, unaware);
    if (rate > 0) QCOMPARE(qulonglong(back.faults.seed), seed); // the seed is a random map's
    QVERIFY(back.faults == p.faults || rate == 0);
    // A bad value names its key.
    QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(projectJson(p))).object();
    QJsonObject f = o.value("faults").toObject();
    f["rate"] = 1.5;
    o["faults"] = f;
    const QString why = errorOf([&] { parseProject(QJsonDocument(o).toJson().toStdString(), "p.twill.json"); });
    QVERIFY2(why.contains("rate"), qPrintable(why));
}

void TestIo::olderProjectsHaveNoFaults()
{
    // Files from before the fault settings (no "faults" key) open with healthy cells, and a
    // project without faults is written as before.
    for (const char *name : {"/v1-default.twill.json", "/v1-custom.twill.json", "/v1-stack-pins.twill.json"}) {
        const Project p = parseProject(readFileBytes(std::string(TWILL_TEST_DATA) + name), name);
        QVERIFY2(!p.faults.any() && !p.faults.unaware, name);
    }
    const Project fresh;
    QVERIFY(!QJsonDocument::fromJson(QByteArray::fromStdString(projectJson(fresh))).object().contains("faults"));
}

QTEST_GUILESS_MAIN(TestIo)
#include "tst_io.moc"
