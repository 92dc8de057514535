// Bad input and failing writes, end to end: twill-cli must answer each with the expected exit
// code (2 bad input, 1 a write failed) and a one-line message naming the problem, never crash,
// leave the named files exactly as they were and no temporary files behind.
#include "io/ChecksumTrailer.h"
#include "io/Npy.h"

#include "TestSupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <map>
#include <memory>

using namespace twill;
using namespace twill::test;

namespace {

std::string npyFile(const std::string &header, const std::string &data)
{
    std::string h = header;
    while ((10 + h.size() + 1) % 64 != 0) h.push_back(' ');
    h.push_back('\n');
    std::string out("\x93NUMPY\x01\x00", 8);
    out.push_back(char(h.size() & 0xff));
    out.push_back(char(h.size() >> 8));
    return out + h + data;
}

std::string header(const std::string &descr, const std::string &shape)
{
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
}

std::string be32(uint32_t v)
{
    std::string s;
    for (int i = 3; i >= 0; --i) s.push_back(char((v >> (8 * i)) & 0xff));
    return s;
}

std::string idxImages(uint32_t count, uint32_t rows, uint32_t cols, int64_t pixelBytes = -1)
{
    std::string s = be32(0x803) + be32(count) + be32(rows) + be32(cols);
    const uint64_t n = pixelBytes >= 0 ? uint64_t(pixelBytes) : uint64_t(count) * rows * cols;
    for (uint64_t i = 0; i < n; ++i) s.push_back(char(i * 13 % 256));
    return s;
}

std::string idxLabels(uint32_t count, int maxLabel = 9, int64_t labelBytes = -1)
{
    std::string s = be32(0x801) + be32(count);
    const uint64_t n = labelBytes >= 0 ? uint64_t(labelBytes) : count;
    for (uint64_t i = 0; i < n; ++i) s.push_back(char(i % uint64_t(maxLabel + 1)));
    return s;
}

void writeBytes(const QString &path, const std::string &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes.data(), qint64(bytes.size())), qint64(bytes.size()));
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    if (!QFileInfo::exists(path)) return "<missing>";
    if (!f.open(QIODevice::ReadOnly)) return "<unreadable>";
    return f.readAll();
}

// Four bytes changed at 'at' (negative: from the end).
std::string changed(std::string s, long at)
{
    const size_t from = at >= 0 ? size_t(at) : s.size() - size_t(-at);
    for (size_t i = from; i < from + 4 && i < s.size(); ++i) s[i] = char(s[i] ^ 0x5a);
    return s;
}

struct BadRow {
    QString name;
    QStringList args;
    int code = 0;
    QString phrase;
    QStringList unchanged; // files (in the test folder) that must keep their bytes
    qint64 fileSizeLimit = 0; // > 0: writes past this many bytes fail (a full disk)
};

// twill-cli with an optional file size limit (a full disk, without root).
std::unique_ptr<QProcess> startCli(const BadRow &row)
{
    auto p = std::make_unique<QProcess>();
    const qint64 limit = row.fileSizeLimit;
    if (limit > 0) {
        p->setChildProcessModifier([limit] {
            struct rlimit r {};
            ::getrlimit(RLIMIT_FSIZE, &r);
            r.rlim_cur = rlim_t(limit);
            ::setrlimit(RLIMIT_FSIZE, &r);
            ::signal(SIGXFSZ, SIG_IGN); // write() then fails with EFBIG instead of killing the process
        });
    }
    p->start(TWILL_CLI_PATH, row.args);
    return p;
}

// Runs every row, a few at a time (each run mostly waits for LibTorch to load), keyed by name.
std::map<QString, Run> runAll(const std::vector<BadRow> &rows, size_t parallel)
{
    std::map<QString, Run> out;
    struct Running {
        std::unique_ptr<QProcess> process;
        QString name;
        QElapsedTimer clock;
    };
    std::vector<Running> running;
    size_t next = 0;
    while (next < rows.size() || !running.empty()) {
        while (running.size() < parallel && next < rows.size()) {
            running.push_back({startCli(rows[next]), rows[next].name, {}});
            running.back().clock.start();
            ++next;
        }
        for (auto it = running.begin(); it != running.end();) {
            QProcess &p = *it->process;
            if (p.state() == QProcess::NotRunning || p.waitForFinished(20)) {
                out[it->name] = Run{p.exitStatus() == QProcess::NormalExit && p.error() != QProcess::FailedToStart ? p.exitCode() : -1,
                                    QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
                it = running.erase(it);
            } else if (it->clock.elapsed() > 300000) {
                p.kill();
                p.waitForFinished(5000);
                out[it->name] = Run{-1, {}, "timed out"};
                it = running.erase(it);
            } else {
                ++it;
            }
        }
    }
    return out;
}

const QString kTiny = TWILL_TEST_DATA "/v1-tiny-model.pt";
const QString kLegacy = TWILL_TEST_DATA "/v1-tiny.ckpt";

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void badInput_data();
    void badInput();
    void nothingLeftBehind();
    void releaseCheckpointStillReads();
    void checkpointCarriesChecksum();
    void npzInputRoundTrips();
    void nonRegularTargetsStayWhatTheyAre();
    void dashIsStandardOutput();

private:
    QString d(const QString &name) const { return dir_.filePath(name); }
    std::vector<BadRow> rows() const;
    QTemporaryDir dir_;
    std::map<QString, QByteArray> before_; // every file a row names, as it was before the runs
    QStringList filesBefore_;
    std::map<QString, Run> runs_;
};

void TestBadInputs::initTestCase()
{
    QVERIFY(dir_.isValid());
    const std::string eight(64, '\0'); // 8 int64 codes: one 4-bit array of 8 words
    struct Npy {
        const char *name;
        std::string bytes;
    };
    const std::vector<Npy> npys = {
        {"i0.npy", npyFile(header("<i0", "(1, 8)"), eight)},
        {"i3.npy", npyFile(header("<i3", "(1, 8)"), eight)},
        {"i16.npy", npyFile(header("<i16", "(1, 8)"), eight)},
        {"object.npy", npyFile(header("|O", "(1, 8)"), eight)},
        {"complex.npy", npyFile(header("<c16", "(1, 4)"), eight)},
        {"bytes.npy", npyFile(header("|S8", "(1, 8)"), eight)},
        {"half.npy", npyFile(header("<f2", "(1, 8)"), eight)},
        {"float.npy", npyFile(header("<f8", "(1, 8)"), eight)},
        {"bool.npy", npyFile(header("|b1", "(1, 8)"), std::string(8, '\1'))},
        {"abc.npy", npyFile(header("<i8", "(abc, 32)"), eight)},
        {"digits23.npy", npyFile(header("<i8", "(12345678901234567890123, 32)"), eight)},
        {"negative.npy", npyFile(header("<i8", "(-1, -32)"), eight)},
        {"huge.npy", npyFile(header("<i8", "(576460752303423489, 32)"), eight)},
        {"short.npy", npyFile(header("<i8", "(2, 8)"), eight)},
        {"nomagic.npy", "1,2,3,4,5,6,7,8\n"},
        {"version7.npy", [&] { std::string s = npyFile(header("<i8", "(1, 8)"), eight); s[6] = 7; return s; }()},
        {"noshape.npy", npyFile("{'descr': '<i8', 'fortran_order': False, }", eight)},
        {"structured.npy", npyFile("{'descr': [('a', '<i8')], 'fortran_order': False, 'shape': (1, 8), }", eight)},
        {"empty.npy", npyFile(header("<i8", "(0, 8)"), "")},
        {"empty-huge.npy", npyFile(header("<i4", "(2, 3, 888888888, 88888, 82, 88888888888, 0, 4)"), "")},
        {"u8big.npy", npyFile(header("<u8", "(1, 8)"), std::string(64, '\xff'))},
        {"outofrange.npy", npyBytes(NpyArray::from(std::vector<int64_t>{1, 2, 3, 99, 4, 5, 6, 7}, {1, 8}))},
    };
    for (const Npy &n : npys) writeBytes(d(n.name), n.bytes);

    NpzWriter two;
    two.add("a", NpyArray::from(std::vector<int64_t>(8, 1), {1, 8}));
    two.add("b", NpyArray::from(std::vector<int64_t>(8, 2), {1, 8}));
    writeBytes(d("two.npz"), two.bytes());
    std::string crc = two.bytes();
    crc[30 + 5 + 130] ^= 1; // a data byte of member a
    writeBytes(d("crc.npz"), crc);
    writeBytes(d("half.npz"), two.bytes().substr(0, two.bytes().size() / 2));
    std::string bzip = two.bytes();
    bzip[8] = 12;                                          // local header: method 12 (bzip2)
    bzip[bzip.find(std::string("PK\x01\x02", 4)) + 10] = 12; // central directory entry too
    writeBytes(d("bzip2.npz"), bzip);

    writeBytes(d("notint.csv"), "1,2,3,x,5,6,7,8\n");
    writeBytes(d("toolarge.csv"), "1,2,3,99999999999999999999,5,6,7,8\n");
    writeBytes(d("seven.csv"), "1,2,3,4,5,6,7\n");
    writeBytes(d("blank.csv"), "# nothing here\n\n");
    writeBytes(d("outofrange.csv"), "1,2,3,4,5,6,7,16\n");
    QDir().mkpath(d("afolder"));

    // Layouts: a good 8-bit msb-lsb one, then changed.
    const Run layout = runCli({"layout", "--bits", "8", "--rotation", "3", "--out", d("good-layout.json")});
    QVERIFY2(layout.code == 0, qPrintable(layout.err));
    const std::string good = contents(d("good-layout.json")).toStdString();
    auto variant = [&](const char *name, const std::string &from, const std::string &to) {
        std::string s = good;
        const size_t at = s.find(from);
        QVERIFY2(at != std::string::npos, from.c_str());
        s.replace(at, from.size(), to);
        writeBytes(d(name), s);
    };
    variant("rot1e12.json", "\"rotation\":3", "\"rotation\":1e12");
    variant("rot8.json", "\"rotation\":3", "\"rotation\":8");
    variant("rows1e12.json", "\"rows\":8", "\"rows\":1e12");
    {
        std::string huge = good;
        for (const auto &[from, to] : {std::pair<std::string, std::string>{"\"rows\":8", "\"rows\":4096"},
                                       {"\"cols\":8", "\"cols\":4096"},
                                       {"\"layers\":1", "\"layers\":256"}}) {
            const size_t at = huge.find(from);
            QVERIFY2(at != std::string::npos, from.c_str());
            huge.replace(at, from.size(), to);
        }
        writeBytes(d("huge-layout.json"), huge);
    }
    variant("sig99.json", "[3,4,5,6,7,0,1,2]", "[99,4,5,6,7,0,1,2]");
    variant("repeat.json", "[3,4,5,6,7,0,1,2]", "[4,4,5,6,7,0,1,2]");
    variant("nobits.json", "\"bits\":8,", "");
    variant("sigstring.json", "\"significance\":{", "\"significance\":\"none\",\"x\":{");
    writeBytes(d("notjson.json"), "{\"rows\": 8,");

    // IDX folders (uncompressed files with the MNIST names).
    auto idx = [&](const char *name, const std::string &trI, const std::string &trL, const std::string &teI,
                   const std::string &teL) {
        writeBytes(d(name) + "/train-images-idx3-ubyte", trI);
        writeBytes(d(name) + "/train-labels-idx1-ubyte", trL);
        writeBytes(d(name) + "/t10k-images-idx3-ubyte", teI);
        if (!teL.empty()) writeBytes(d(name) + "/t10k-labels-idx1-ubyte", teL);
    };
    const std::string img = idxImages(20, 28, 28), lab = idxLabels(20);
    idx("idx-zero", idxImages(0, 28, 28), idxLabels(0), img, lab);
    idx("idx-truncated", idxImages(20, 28, 28, 20 * 784 - 1), lab, img, lab);
    idx("idx-labelcount", img, idxLabels(19), img, lab);
    idx("idx-size0", idxImages(20, 0, 28, 0), lab, img, lab);
    idx("idx-badmagic", std::string("\0\0\x08\x01", 4) + img.substr(4), lab, img, lab);
    idx("idx-missing", img, lab, img, "");
    idx("idx-differ", img, lab, idxImages(20, 14, 14), lab);
    idx("idx-labels12", img, idxLabels(20, 12), img, idxLabels(20, 12));
    idx("idx-16x16", idxImages(20, 16, 16), lab, idxImages(20, 16, 16), lab);
    idx("idx-gz", img, lab, img, lab);
    writeBytes(d("idx-gz") + "/train-images-idx3-ubyte.gz", std::string("\x1f\x8b\x08\x00garbage-that-is-not-deflate", 31));

    // Checkpoints: a sealed one of the tiny model, and damaged copies.
    const Run train = runCli({"train", "--model", kTiny, "--data", "synthetic", "--epochs", "0", "--threads", "1",
                              "--out", d("good.ckpt"), "--quiet"});
    QVERIFY2(train.code == 0, qPrintable(train.err));
    const std::string ckpt = contents(d("good.ckpt")).toStdString();
    writeBytes(d("corrupt.ckpt"), changed(ckpt, long(ckpt.size() / 2)));
    writeBytes(d("corrupt-end.ckpt"), changed(ckpt, -6));
    writeBytes(d("truncated.ckpt"), ckpt.substr(0, ckpt.size() - 100));
    const std::string legacy = readFileBytes(kLegacy.toStdString());
    writeBytes(d("legacy-corrupt.ckpt"), changed(legacy, long(legacy.find("v1.ckpt/data/0") + 14 + 120)));
    writeBytes(d("garbage.ckpt"), "this is not a checkpoint at all\n");
    const Run mlp = runCli({"train", "--model", "mlp", "--data", "synthetic", "--epochs", "0", "--threads", "1", "--out",
                            d("mlp.ckpt"), "--quiet"});
    QVERIFY2(mlp.code == 0, qPrintable(mlp.err));

    // Old outputs that failed writes must leave as they are.
    for (const char *f : {"old.npz", "old.json", "old.csv", "old-layout.json", "old.ckpt", "old.pt", "old-w.npz"})
        writeBytes(d(f), std::string("the old ") + f + " that must survive\n");
    QVERIFY(QFile::link(d("nowhere/at/all.json"), d("dangling.json")));

    const std::vector<BadRow> all = rows();
    for (const BadRow &r : all)
        for (const QString &f : r.unchanged) before_[f] = contents(d(f));
    filesBefore_ = QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden);
    runs_ = runAll(all, 4);
}

std::vector<BadRow> TestBadInputs::rows() const
{
    std::vector<BadRow> out;
    auto row = [&](const char *name, QStringList args, int code, const QString &phrase, QStringList unchanged = {},
                   qint64 limit = 0) {
        for (QString &a : args) a.replace("{d}", dir_.path());
        out.push_back({name, args, code, phrase, unchanged, limit});
    };
    const QStringList enc4 = {"encode", "--bits", "4", "--quiet", "--input"};
    auto input = [&](const char *file) { return enc4 + QStringList{"{d}/" + QString(file)}; };

    // Crafted .npy codes.
    row("npy <i0", input("i0.npy"), 2, "dtype <i0 is not a NumPy integer type");
    row("npy <i3", input("i3.npy"), 2, "dtype <i3 is not a NumPy integer type");
    row("npy <i16", input("i16.npy"), 2, "dtype <i16 is not a NumPy integer type");
    row("npy |O", input("object.npy"), 2, "holds Python objects");
    row("npy <c16", input("complex.npy"), 2, "is complex");
    row("npy |S8", input("bytes.npy"), 2, "holds byte strings");
    row("npy <f2", input("half.npy"), 2, "float type Twill does not read");
    row("npy float codes", input("float.npy"), 2, "integer codes are needed");
    row("npy bool codes", input("bool.npy"), 2, "integer codes are needed");
    row("npy shape (abc, 32)", input("abc.npy"), 2, "not a whole number");
    row("npy 23-digit dimension", input("digits23.npy"), 2, "dimension of the shape is too large");
    row("npy shape (-1, -32)", input("negative.npy"), 2, "negative dimension");
    row("npy shape (2**59+1, 32)", input("huge.npy"), 2, "more elements than any file can hold");
    row("npy data ends early", input("short.npy"), 2, "the file ends early");
    row("npy without magic", input("nomagic.npy"), 2, "not a NumPy .npy file");
    row("npy version 7", input("version7.npy"), 2, "unsupported .npy version 7");
    row("npy without shape", input("noshape.npy"), 2, "has no 'shape'");
    row("npy structured dtype", input("structured.npy"), 2, "structured record");
    row("npy empty", input("empty.npy"), 2, "the array is empty");
    row("npy empty, huge other dimensions (fuzz)", input("empty-huge.npy"), 2, "the array is empty");
    row("npy uint64 past int64", input("u8big.npy"), 2, "does not fit int64");
    row("npy code out of range", input("outofrange.npy"), 2, "target 99 is outside the 4-bit unsigned range 0..15");
    // .npz and CSV codes.
    row("npz of two arrays", input("two.npz"), 2, "holds several arrays (a, b)");
    row("npz member missing", input("two.npz:c"), 2, "has no array 'c'");
    row("npz CRC changed", input("crc.npz"), 2, "CRC-32 does not match");
    row("npz cut in half", input("half.npz"), 2, "not a zip archive");
    row("npz bzip2 member", input("bzip2.npz"), 2, "compression method 12");
    row("csv not an integer", input("notint.csv"), 2, "value 4 'x' is not an integer code");
    row("csv too large", input("toolarge.csv"), 2, "too large for a code");
    row("csv seven values", input("seven.csv"), 2, "7 values, but an array of this layout has 8 words");
    row("csv no arrays", input("blank.csv"), 2, "no arrays in the file");
    row("csv code out of range", input("outofrange.csv"), 2, "target 16 is outside the 4-bit unsigned range 0..15");
    row("input is a folder", input("afolder"), 2, "is a folder");
    row("input missing", input("missing.csv"), 2, "cannot open the file");
    // Sizes.
    row("4096x4096x256 32-bit", {"encode", "--bits", "32", "--rows", "4096", "--cols", "4096", "--layers", "256", "--random", "1"},
        2, "larger than the 16777216 cells");
    row("4096x4096x128 32-bit", {"encode", "--bits", "32", "--rows", "4096", "--cols", "4096", "--layers", "128", "--random", "1"},
        2, "larger than the 16777216 cells");
    row("bits 33", {"encode", "--bits", "33", "--random", "1"}, 2, "--bits: must be 2 to 32, not 33");
    row("rows 4097", {"encode", "--rows", "4097", "--random", "1"}, 2, "--rows: must be 1 to 4096, not 4097");
    row("rows not a multiple", {"encode", "--bits", "4", "--rows", "6", "--random", "1"}, 2, "a multiple of 4");
    row("random 0", {"encode", "--random", "0"}, 2, "--random '0' must be an integer");
    row("too many random codes", {"encode", "--bits", "16", "--rows", "4096", "--cols", "4096", "--random", "100000"}, 2,
        "codes (2 GiB) drawn at once");
    // Layout files.
    const QStringList pattern = {"encode", "--random", "1", "--quiet", "--pattern"};
    auto layoutRow = [&](const char *name, const char *file, const QString &phrase) {
        row(name, pattern + QStringList{"{d}/" + QString(file)}, 2, phrase);
    };
    layoutRow("layout rotation 1e12", "rot1e12.json", "\"rotation\" 1e+12 is out of range");
    layoutRow("layout rotation 8 of 8 bits", "rot8.json", "\"rotation\" 8 is out of range; use 0..7");
    layoutRow("layout rows 1e12", "rows1e12.json", "\"rows\" 1e+12 is out of range");
    layoutRow("layout 4096x4096x256", "huge-layout.json", "larger than the 16777216 cells");
    layoutRow("layout significance 99", "sig99.json", "significance 99");
    layoutRow("layout repeated significance", "repeat.json", "repeats significance 4");
    layoutRow("layout without bits", "nobits.json", "missing \"bits\"");
    layoutRow("layout significance a string", "sigstring.json", "\"significance\" must be an object");
    layoutRow("layout not JSON", "notjson.json", "not valid JSON");
    layoutRow("layout missing", "missing.json", "cannot open the layout file");
    // IDX data.
    auto trainOn = [&](const char *folder, const char *model) {
        return QStringList{"train", "--model", model, "--data", "{d}/" + QString(folder), "--epochs", "1", "--threads", "1",
                           "--out", "{d}/never.ckpt", "--quiet"};
    };
    row("idx 0 images", trainOn("idx-zero", "mlp"), 2, "holds no images", {"never.ckpt"});
    row("idx truncated", trainOn("idx-truncated", "mlp"), 2, "truncated: 15679 pixel bytes for 20 images", {"never.ckpt"});
    row("idx label count", trainOn("idx-labelcount", "mlp"), 2, "19 labels for 20 images", {"never.ckpt"});
    row("idx 0x28 images", trainOn("idx-size0", "mlp"), 2, "implausible image size 0x28", {"never.ckpt"});
    row("idx bad magic", trainOn("idx-badmagic", "mlp"), 2, "not an IDX image file", {"never.ckpt"});
    row("idx file missing", trainOn("idx-missing", "mlp"), 2, "t10k-labels-idx1-ubyte[.gz]: not found", {"never.ckpt"});
    row("idx train and test differ", trainOn("idx-differ", "mlp"), 2, "differ in size", {"never.ckpt"});
    row("idx labels beyond 10 outputs", trainOn("idx-labels12", "mlp"), 2, "labels run up to 12, but the model mlp has 10 outputs",
        {"never.ckpt"});
    row("idx 16x16 for lenet5", trainOn("idx-16x16", "lenet5"), 2, "cannot take the inputs [1, 1, 16, 16] made from the 16x16 images", {"never.ckpt"});
    row("idx 16x16 for mlp", trainOn("idx-16x16", "mlp"), 2, "the built-in models need 28x28 images", {"never.ckpt"});
    row("idx gzip damaged", trainOn("idx-gz", "mlp"), 2, "corrupt or truncated", {"never.ckpt"});
    // Checkpoints.
    auto retrainFrom = [&](const char *ckpt, const QString &model) {
        return QStringList{"retrain", "--model", model, "--checkpoint", "{d}/" + QString(ckpt), "--data", "synthetic",
                           "--mode", "post", "--bits", "8", "--threads", "1", "--quiet", "--json", "{d}/never.json"};
    };
    row("checkpoint 4 bytes changed", retrainFrom("corrupt.ckpt", kTiny), 2,
        "corrupt.ckpt: the file is damaged (its checksum does not match", {"corrupt.ckpt", "never.json"});
    row("checkpoint trailer changed", retrainFrom("corrupt-end.ckpt", kTiny), 2, "corrupt-end.ckpt: the file is damaged",
        {"never.json"});
    row("checkpoint truncated", retrainFrom("truncated.ckpt", kTiny), 2, "truncated.ckpt: not a zip archive", {"never.json"});
    row("release checkpoint 4 bytes changed", retrainFrom("legacy-corrupt.ckpt", kTiny), 2, "CRC-32 does not match",
        {"never.json"});
    row("checkpoint is text", retrainFrom("garbage.ckpt", kTiny), 2, "garbage.ckpt: not a zip archive", {"never.json"});
    row("checkpoint of another model", retrainFrom("mlp.ckpt", "lenet5"), 2, "not a checkpoint of this model", {"never.json"});
    row("checkpoint missing", retrainFrom("none.ckpt", kTiny), 2, "no such checkpoint", {"never.json"});
    row("resume from a damaged checkpoint",
        {"train", "--model", kTiny, "--data", "synthetic", "--epochs", "2", "--threads", "1", "--resume", "--out",
         "{d}/corrupt.ckpt", "--quiet"},
        2, "checksum does not match", {"corrupt.ckpt"});
    // Writes that fail: a full disk (file size limit), /dev/full, folders, links.
    row("full disk: encode --npz", {"encode", "--random", "50", "--bits", "8", "--quiet", "--npz", "{d}/old.npz"}, 1,
        "old.npz: write failed (File too large)", {"old.npz"}, 4096);
    row("full disk: encode --json", {"encode", "--random", "50", "--bits", "8", "--quiet", "--json", "{d}/old.json"}, 1,
        "old.json: write failed (File too large)", {"old.json"}, 4096);
    row("full disk: sweep --csv", {"sweep", "--bits", "4", "--arrays", "5", "--csv", "{d}/old.csv"}, 1,
        "old.csv: write failed (File too large)", {"old.csv"}, 64);
    row("full disk: layout --out", {"layout", "--bits", "16", "--out", "{d}/old-layout.json"}, 1,
        "old-layout.json: write failed (File too large)", {"old-layout.json"}, 1024);
    row("full disk: train checkpoint",
        {"train", "--model", kTiny, "--data", "synthetic", "--epochs", "1", "--threads", "1", "--out", "{d}/old.ckpt", "--quiet"},
        1, "old.ckpt: write failed (File too large)", {"old.ckpt"}, 4096);
    row("full disk: retrain --state-dict",
        {"retrain", "--model", kTiny, "--checkpoint", kLegacy, "--data", "synthetic", "--mode", "post", "--bits", "8",
         "--threads", "1", "--quiet", "--state-dict", "{d}/old.pt"},
        1, "old.pt: write failed (File too large)", {"old.pt"}, 512);
    row("full disk: retrain --npz",
        {"retrain", "--model", kTiny, "--checkpoint", kLegacy, "--data", "synthetic", "--mode", "post", "--bits", "8",
         "--threads", "1", "--quiet", "--npz", "{d}/old-w.npz"},
        1, "old-w.npz: write failed (File too large)", {"old-w.npz"}, 2048);
    row("/dev/full: encode --json", {"encode", "--random", "2", "--quiet", "--json", "/dev/full"}, 1,
        "/dev/full: write failed (No space left on device)");
    row("/dev/full: encode --npz", {"encode", "--random", "2", "--quiet", "--npz", "/dev/full"}, 1,
        "/dev/full: write failed (No space left on device)");
    row("/dev/full: sweep --csv", {"sweep", "--bits", "4", "--arrays", "2", "--csv", "/dev/full"}, 1,
        "/dev/full: write failed (No space left on device)");
    row("/dev/full: layout --out", {"layout", "--bits", "4", "--out", "/dev/full"}, 1, "No space left on device");
    row("report into a missing folder", {"encode", "--random", "2", "--quiet", "--json", "{d}/no/such/r.json"}, 2,
        "the folder must exist");
    row("report onto a folder", {"encode", "--random", "2", "--quiet", "--json", "{d}/afolder"}, 1, "is a folder");
    row("report through a dangling link", {"encode", "--random", "2", "--quiet", "--json", "{d}/dangling.json"}, 1,
        "symbolic link to a missing file");
    return out;
}

void TestBadInputs::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<QStringList>("unchanged");
    for (const BadRow &r : rows()) QTest::newRow(qPrintable(r.name)) << r.args << r.code << r.phrase << r.unchanged;
}

void TestBadInputs::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, phrase);
    QFETCH(QStringList, unchanged);
    QVERIFY(runs_.count(QTest::currentDataTag()));
    const Run &r = runs_.at(QTest::currentDataTag());
    const QString why = "twill-cli " + args.join(' ') + "\nexit " + QString::number(r.code) + "\nstderr: " + r.err
                        + "\nstdout: " + r.out.left(400);
    QVERIFY2(r.code == code, qPrintable(why));
    QVERIFY2(r.err.contains(phrase), qPrintable(why));
    // One line naming the problem (a "note:" line about the data, or progress ended by '\r', may
    // come before it); no backtrace.
    const QString last = r.err.trimmed().split('\n').last().split('\r').last();
    QVERIFY2(last.startsWith("twill-cli"), qPrintable(why));
    QVERIFY2(last.contains(phrase), qPrintable(why));
    QVERIFY2(!r.err.contains("terminate called") && !r.err.contains("Exception raised from"), qPrintable(why));
    for (const QString &f : unchanged) QVERIFY2(contents(d(f)) == before_.at(f), qPrintable(f + " changed\n" + why));
}

void TestBadInputs::nothingLeftBehind()
{
    // No temporary (or any other) file appeared in the folder during the runs above.
    QCOMPARE(QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden), filesBefore_);
}

void TestBadInputs::releaseCheckpointStillReads()
{
    // Written by Twill 0.1.0 (see tests/data/v1-tiny-model.py): that release printed
    // "baseline 0.3080" for this command; the same weights must come back.
    const Run r = runCli({"retrain", "--model", kTiny, "--checkpoint", kLegacy, "--data", "synthetic", "--mode", "post",
                          "--bits", "8", "--threads", "1", "--seed", "5", "--json", d("legacy.json")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("baseline 0.3080"), qPrintable(r.out));
}

void TestBadInputs::checkpointCarriesChecksum()
{
    const std::string file = readFileBytes(d("good.ckpt").toStdString());
    QCOMPARE(file.substr(file.size() - 8), std::string("TWILLEND"));
    bool sealed = false;
    const std::string payload = verifiedPayload(file, "good.ckpt", &sealed);
    QVERIFY(sealed);
    QCOMPARE(payload.substr(0, 4), std::string("PK\x03\x04", 4)); // LibTorch's archive inside
}

void TestBadInputs::npzInputRoundTrips()
{
    // encode --npz writes 'targets'; encode --input that .npz reads them back (the same codes).
    const Run a = runCli({"encode", "--random", "3", "--bits", "8", "--seed", "4", "--quiet", "--npz", d("a.npz"),
                          "--json", d("a.json")});
    QVERIFY2(a.code == 0, qPrintable(a.err));
    const Run b = runCli({"encode", "--input", d("a.npz"), "--bits", "8", "--quiet", "--npz", d("b.npz")});
    QVERIFY2(b.code == 0, qPrintable(b.err));
    auto targets = [](const QString &path) {
        for (const auto &[name, arr] : readNpz(path.toStdString()))
            if (name == "targets") return arr.toInt64();
        return std::vector<int64_t>{};
    };
    QVERIFY(!targets(d("a.npz")).empty());
    QCOMPARE(targets(d("b.npz")), targets(d("a.npz")));
    const Run c = runCli({"encode", "--input", d("a.npz") + ":decoded", "--bits", "8", "--quiet"});
    QVERIFY2(c.code == 0, qPrintable(c.err));
}

void TestBadInputs::nonRegularTargetsStayWhatTheyAre()
{
    const Run r = runCli({"encode", "--random", "2", "--quiet", "--json", "/dev/null", "--npz", "/dev/null"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    struct stat st {};
    QVERIFY(::stat("/dev/null", &st) == 0);
    QVERIFY(S_ISCHR(st.st_mode));
    // A FIFO is written through, not replaced by a file.
    const QString fifo = d("report.fifo");
    QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
    QProcess reader;
    reader.start("cat", {fifo});
    QVERIFY(reader.waitForStarted());
    const Run w = runCli({"encode", "--random", "2", "--quiet", "--json", fifo});
    QVERIFY(reader.waitForFinished(60000));
    QVERIFY2(w.code == 0, qPrintable(w.err));
    QVERIFY(reader.readAllStandardOutput().contains("\"summary\""));
    QVERIFY(::stat(fifo.toLocal8Bit().constData(), &st) == 0);
    QVERIFY(S_ISFIFO(st.st_mode));
    QFile::remove(fifo);
}

void TestBadInputs::dashIsStandardOutput()
{
    const Run r = runCli({"encode", "--random", "2", "--quiet", "--json", "-"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(!QFileInfo::exists("-"));
    const int brace = r.out.indexOf('{');
    QVERIFY2(brace >= 0, qPrintable(r.out));
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.mid(brace).toUtf8(), &e);
    QVERIFY2(!doc.isNull(), qPrintable(e.errorString()));
    QCOMPARE(doc.object().value("summary").toObject().value("arrays").toInt(), 2);
}

QTEST_GUILESS_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
