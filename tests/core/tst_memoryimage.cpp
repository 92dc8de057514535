// Memory images for hardware: the $readmemh rows are the encoded cells (read back by a parser
// written here), the manifest's maps decode them to the encoder's values, the C header compiles
// as C and C++ and its decoder agrees, the NeuroSim CSVs hold the decoded weights out-channels
// as columns; several tensors share one image through its address map.
#include "TestSupport.h"
#include "encode/Decode.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "io/MemoryImage.h"
#include "layout/Layout.h"
#include "quant/NumberFormat.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace twill;
using namespace twill::test;

Q_DECLARE_METATYPE(twill::NumberFormat)

namespace {

// An encoded batch of arrays cut into two tensors, "first" and "second".
struct Encoded {
    std::unique_ptr<Encoder> encoder;
    std::vector<ArrayResult> a, b;
    std::vector<double> scaleB{0.5, 0.25};
    std::vector<int64_t> zeroB{3, -2};
};

Layout makeLayout(const QString &kind, int rows, int cols, int layers, int bits)
{
    if (kind == "latin")
        return Layout::latinCube(makeGeometry(rows, cols, layers, bits, {Direction::Row, Direction::Column, Direction::Pillar}));
    const Geometry g = makeGeometry(rows, cols, layers, bits, {Direction::Row, Direction::Column});
    return kind == "transpose" ? Layout::transpose(g) : Layout::msbLsb(g);
}

Encoded encode(const Layout &layout, NumberFormat format, bool extras, int64_t arraysA, int64_t arraysB)
{
    Encoded e;
    EncodeOptions o;
    o.format = format;
    o.objective = Objective::L2;
    o.solver = SolverKind::Local;
    o.restarts = 2;
    o.seed = 9;
    if (extras) {
        o.rotate = layout.rotates();
        o.offset = true;
        o.offsetBits = 3;
        o.shift = true;
        o.maxShift = 2;
    }
    e.encoder = std::make_unique<Encoder>(layout, o);
    const std::vector<int64_t> t = randomTargets(arraysA + arraysB, layout.wordCount(), format, layout.bits(), 5);
    std::vector<ArrayResult> all = e.encoder->encodeMany(t, {}, {});
    e.a.assign(all.begin(), all.begin() + arraysA);
    e.b.assign(all.begin() + arraysA, all.end());
    return e;
}

// "first": [arraysA, words] codes; "second": the same minus one word of padding, two scale groups.
MemoryImage image(const Encoded &e)
{
    MemoryImage m(*e.encoder);
    const int nw = e.encoder->wordCount();
    MemoryTensor first;
    first.name = "first";
    first.arrays = &e.a;
    first.values = int64_t(e.a.size()) * nw;
    first.shape = {int64_t(e.a.size()), nw};
    m.addTensor(first);
    MemoryTensor second;
    second.name = "second";
    second.arrays = &e.b;
    second.values = int64_t(e.b.size()) * nw - 2; // an even number: two groups
    second.shape = {2, second.values / 2};
    second.scale = e.scaleB;
    second.zeroPoint = e.zeroB;
    m.addTensor(second);
    return m;
}

// A $readmemh reader as a test bench sees the file: `//` comments, `@` hex addresses, hex words.
struct Memh {
    std::map<int64_t, QString> words;
    QStringList comments;
    QList<int64_t> addresses; // every @
};

Memh parseMemh(const QString &text)
{
    Memh m;
    int64_t at = 0;
    for (QString line : text.split('\n')) {
        const int c = line.indexOf("//");
        if (c >= 0) {
            m.comments << line.mid(c + 2).trimmed();
            line = line.left(c);
        }
        for (const QString &token : line.split(QRegularExpression("\\s+"), Qt::SkipEmptyParts)) {
            if (token.startsWith('@')) {
                bool ok = false;
                at = token.mid(1).toLongLong(&ok, 16);
                if (!ok) qWarning("bad address %s", qPrintable(token));
                m.addresses << at;
            } else {
                m.words[at++] = token;
            }
        }
    }
    return m;
}

// The cells of a row from its hex word: column 0 is the most significant of 'cols' bits.
std::vector<uint8_t> cellsOf(const QString &hex, int cols, bool &padOk)
{
    std::vector<uint8_t> cells(static_cast<size_t>(cols));
    const int digits = int(hex.size());
    padOk = digits == (cols + 3) / 4;
    for (int bit = 0; bit < 4 * digits; ++bit) { // bit 0 = least significant
        const int nibble = QString(hex[digits - 1 - bit / 4]).toInt(nullptr, 16);
        const int v = (nibble >> (bit % 4)) & 1;
        if (bit < cols) cells[size_t(cols - 1 - bit)] = uint8_t(v);
        else if (v) padOk = false;
    }
    return cells;
}

std::vector<int> ints(const QJsonArray &a)
{
    std::vector<int> v;
    for (const QJsonValue &x : a) v.push_back(x.toInt());
    return v;
}

// Decodes one array from its cells with the manifest's tables only.
std::vector<int64_t> decodeWithManifest(const QJsonObject &m, const QJsonObject &tensor, int array,
                                        const std::vector<uint8_t> &cells)
{
    const QJsonObject g = m["geometry"].toObject();
    const int words = g["words_per_array"].toInt(), bits = g["bits"].toInt();
    const QString rotation = tensor.contains("array_rotation") ? QString::number(tensor["array_rotation"].toArray()[array].toInt())
                                                               : m["significance_of"].toObject().keys().first();
    const QJsonObject sig = m["significance_of"].toObject()[rotation].toObject();
    std::vector<uint64_t> raw(size_t(words), 0);
    for (const QJsonValue &d : g["directions"].toArray()) {
        const std::vector<int> wordOf = ints(m["word_of"].toObject()[d.toString()].toArray());
        const std::vector<int> s = ints(sig[d.toString()].toArray());
        for (size_t c = 0; c < cells.size(); ++c)
            if (cells[c]) raw[size_t(wordOf[c])] |= uint64_t(1) << s[c];
    }
    const QString format = m["number_format"].toString();
    const uint64_t top = uint64_t(1) << (bits - 1);
    std::vector<int64_t> codes;
    for (int w = 0; w < words; ++w) {
        const uint64_t r = raw[size_t(w)];
        int64_t code = int64_t(r);
        if (format == "twos") code = int64_t(r & (top - 1)) - ((r & top) ? int64_t(top) : 0);
        if (format == "signmag") code = (r & top) ? -int64_t(r & (top - 1)) : int64_t(r & (top - 1));
        if (tensor.contains("word_shift")) code *= int64_t(1) << tensor["word_shift"].toArray()[array].toArray()[w].toInt();
        if (tensor.contains("array_offset")) code += int64_t(tensor["array_offset"].toArray()[array].toDouble());
        codes.push_back(code);
    }
    return codes;
}

// The layout of the current data row, encoded: 3 arrays for "first", 4 for "second".
struct Case {
    Layout layout;
    Encoded e;
    int rows = 0, cols = 0, layers = 0;
    bool extras = false;
};

Case fetchCase()
{
    QFETCH(QString, kind);
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, layers);
    QFETCH(int, bits);
    QFETCH(NumberFormat, format);
    QFETCH(bool, extras);
    Case c;
    c.layout = makeLayout(kind, rows, cols, layers, bits);
    c.e = encode(c.layout, format, extras, 3, 4);
    c.rows = rows;
    c.cols = cols;
    c.layers = layers;
    c.extras = extras;
    return c;
}

QString compile(const QString &compiler, const QStringList &flags, const QString &dir, const QString &source)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(compiler, flags + QStringList{source, "-o", "probe"});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return "compile failed: " + QString::fromUtf8(p.readAllStandardError());
    return {};
}

} // namespace

class TestMemoryImage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rowsAreTheCells_data();
    void rowsAreTheCells();
    void manifestDecodes_data() { rowsAreTheCells_data(); }
    void manifestDecodes();
    void cHeaderDecodes_data() { rowsAreTheCells_data(); }
    void cHeaderDecodes();
    void neurosimLayout();
    void badTensorsSayWhy();
    void identifiers();
};

void TestMemoryImage::rowsAreTheCells_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("bits");
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<bool>("extras");
    QTest::newRow("16x16 msb-lsb") << "msb-lsb" << 16 << 16 << 1 << 16 << NumberFormat::Unsigned << false;
    QTest::newRow("4x6 2-bit: padding bits") << "msb-lsb" << 4 << 6 << 1 << 2 << NumberFormat::Unsigned << false;
    QTest::newRow("8x24 transpose, twos") << "transpose" << 8 << 24 << 1 << 8 << NumberFormat::TwosComplement << false;
    QTest::newRow("4x4x4 latin cube") << "latin" << 4 << 4 << 4 << 4 << NumberFormat::SignMagnitude << false;
    QTest::newRow("8x8 rotate, offset, shift") << "msb-lsb" << 8 << 8 << 1 << 8 << NumberFormat::TwosComplement << true;
}

void TestMemoryImage::rowsAreTheCells()
{
    const Case k = fetchCase();
    const Layout &layout = k.layout;
    const Encoded &e = k.e;
    const int rows = k.rows, cols = k.cols, layers = k.layers;
    const MemoryImage m = image(e);
    const Memh h = parseMemh(QString::fromStdString(m.memh("x.json")));
    // One word per physical row, tensor by tensor, array by array, layer by layer.
    const int64_t perArray = int64_t(layers) * rows;
    QCOMPARE(int64_t(h.words.size()), 7 * perArray);
    QCOMPARE(h.addresses, (QList<int64_t>{0, 3 * perArray}));
    QCOMPARE(m.firstRow(1), 3 * perArray);
    int64_t at = 0;
    for (const auto *arrays : {&e.a, &e.b})
        for (const ArrayResult &r : *arrays)
            for (int l = 0; l < layers; ++l)
                for (int row = 0; row < rows; ++row, ++at) {
                    QVERIFY(h.words.count(at));
                    bool padOk = false;
                    const std::vector<uint8_t> cells = cellsOf(h.words.at(at), cols, padOk);
                    QVERIFY2(padOk, qPrintable(h.words.at(at)));
                    for (int c = 0; c < cols; ++c) QCOMPARE(int(cells[size_t(c)]), int(r.bits[size_t(layout.geometry().cellIndex(l, row, c))]));
                }
    // The comments name each block's tensor, array and (in 3D) layer, and the manifest.
    QVERIFY(h.comments.contains(layers > 1 ? "second array 3 layer 2" : "second array 3"));
    QVERIFY(h.comments.contains(layers > 1 ? "first array 0 layer 0" : "first array 0"));
    QVERIFY(h.comments.join('\n').contains("x.json"));
}

void TestMemoryImage::manifestDecodes()
{
    const Case k = fetchCase();
    const Layout &layout = k.layout;
    const Encoded &e = k.e;
    const int rows = k.rows, cols = k.cols, layers = k.layers;
    const MemoryImage m = image(e);
    const QJsonObject manifest = m.manifest("x.mem");
    const Memh h = parseMemh(QString::fromStdString(m.memh()));
    QCOMPARE(manifest["memory_file"].toString(), QString("x.mem"));
    QCOMPARE(manifest["row_bits"].toInt(), cols);
    QCOMPARE(manifest["hex_digits"].toInt(), (cols + 3) / 4);
    QCOMPARE(manifest["rows"].toInt(), 7 * layers * rows);
    QCOMPARE(manifest["geometry"].toObject()["words_per_array"].toInt(), layout.wordCount());
    const QJsonArray tensors = manifest["tensors"].toArray();
    QCOMPARE(tensors.size(), 2);
    bool rotatedSeen = false;
    for (int ti = 0; ti < 2; ++ti) {
        const QJsonObject t = tensors[ti].toObject();
        const std::vector<ArrayResult> &arrays = ti == 0 ? e.a : e.b;
        QCOMPARE(t["arrays"].toInt(), int(arrays.size()));
        const int64_t first = int64_t(t["first_address"].toDouble());
        QCOMPARE(first, ti == 0 ? 0 : int64_t(3 * layers * rows));
        for (int a = 0; a < int(arrays.size()); ++a) {
            // The cells from the image's rows at the manifest's address, decoded with its tables.
            std::vector<uint8_t> cells;
            for (int r = 0; r < layers * rows; ++r) {
                bool padOk = false;
                const std::vector<uint8_t> row = cellsOf(h.words.at(first + int64_t(a) * layers * rows + r), cols, padOk);
                cells.insert(cells.end(), row.begin(), row.end());
            }
            QCOMPARE(decodeWithManifest(manifest, t, a, cells), arrays[size_t(a)].decoded);
            rotatedSeen |= arrays[size_t(a)].rotation != layout.rotation();
        }
    }
    QCOMPARE(tensors[1].toObject()["scale"].toArray().size(), 2);
    QCOMPARE(tensors[1].toObject()["zero_point"].toArray()[1].toInt(), -2);
    QVERIFY(!tensors[0].toObject().contains("scale"));
    if (k.extras) QVERIFY(rotatedSeen); // the rotation tables were needed
}

void TestMemoryImage::cHeaderDecodes()
{
    const QString cc = TWILL_C_COMPILER, cxx = TWILL_CXX_COMPILER;
    if (cc.isEmpty()) QSKIP("no C compiler found when configuring");
    const Case k = fetchCase();
    const Layout &layout = k.layout;
    const Encoded &e = k.e;
    const int rows = k.rows, cols = k.cols, layers = k.layers;
    const MemoryImage m = image(e);
    QTemporaryDir dir;
    QFile h(dir.filePath("img.h"));
    QVERIFY(h.open(QIODevice::WriteOnly));
    h.write(QByteArray::fromStdString(m.cHeader("img_")));
    h.close();
    // Every cell, every code and every value of both tensors, printed by the header's helpers.
    const QByteArray program = "#include \"img.h\"\n#include <stdio.h>\n"
                               "int main(void) {\n"
                               "  for (uint32_t r = 0; r < IMG_ROW_COUNT; ++r) { for (int c = 0; c < IMG_COLS; ++c) "
                               "putchar('0' + img_cell(r, c)); putchar('\\n'); }\n"
                               "  for (uint32_t a = 0; a < IMG_ARRAYS; ++a) for (int w = 0; w < IMG_WORDS; ++w) "
                               "printf(\"%lld\\n\", (long long)img_code(a, w));\n"
                               "  for (int t = 0; t < IMG_TENSORS; ++t) for (uint64_t i = 0; i < img_tensor_values[t]; ++i) "
                               "printf(\"%.17g\\n\", img_weight(t, i));\n"
                               "  return 0;\n}\n";
    for (const QString &lang : {QString("c"), QString("c++")}) {
        QFile src(dir.filePath(lang == "c" ? "probe.c" : "probe.cpp"));
        QVERIFY(src.open(QIODevice::WriteOnly));
        src.write(program);
        src.close();
        const QString problem = lang == "c" ? compile(cc, {"-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror"}, dir.path(), "probe.c")
                                            : compile(cxx, {"-std=c++17", "-Wall", "-Wextra", "-Werror"}, dir.path(), "probe.cpp");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QProcess run;
        run.setWorkingDirectory(dir.path());
        run.start(dir.filePath("probe"), {});
        QVERIFY(run.waitForFinished(60000));
        const QList<QByteArray> out = run.readAllStandardOutput().split('\n');
        size_t line = 0;
        // The cells.
        for (const auto *arrays : {&e.a, &e.b})
            for (const ArrayResult &r : *arrays)
                for (int l = 0; l < layers; ++l)
                    for (int row = 0; row < rows; ++row) {
                        QByteArray expect;
                        for (int c = 0; c < cols; ++c) expect += char('0' + r.bits[size_t(layout.geometry().cellIndex(l, row, c))]);
                        QCOMPARE(out.value(int(line++)), expect);
                    }
        // The codes, as the encoder decoded them.
        for (const auto *arrays : {&e.a, &e.b})
            for (const ArrayResult &r : *arrays)
                for (int64_t code : r.decoded) QCOMPARE(out.value(int(line++)).toLongLong(), (long long)code);
        // The values: codes for the first tensor, (code - zero point) * scale for the second.
        const int nw = layout.wordCount();
        for (int i = 0; i < int(e.a.size()) * nw; ++i)
            QCOMPARE(out.value(int(line++)).toDouble(), double(e.a[size_t(i / nw)].decoded[size_t(i % nw)]));
        const int valuesB = int(e.b.size()) * nw - 2;
        for (int i = 0; i < valuesB; ++i) {
            const int g = i / (valuesB / 2);
            const double v = double(e.b[size_t(i / nw)].decoded[size_t(i % nw)] - e.zeroB[size_t(g)]) * e.scaleB[size_t(g)];
            QCOMPARE(out.value(int(line++)).toDouble(), v);
        }
    }
}

void TestMemoryImage::neurosimLayout()
{
    const Layout layout = makeLayout("msb-lsb", 8, 8, 1, 8);
    const Encoded e = encode(layout, NumberFormat::Unsigned, false, 3, 4);
    const MemoryImage m = image(e);
    QTemporaryDir dir;
    m.writeNeurosim(dir.filePath("ns/sub").toStdString());
    auto read = [&](const QString &name) {
        QFile f(dir.filePath("ns/sub/" + name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QList<QByteArray> index = read("layers.csv").trimmed().split('\n');
    QCOMPARE(index.size(), 3);
    QCOMPARE(index[0], QByteArray("file,tensor,rows,columns,shape"));
    QCOMPARE(index[1], QByteArray("weight0.csv,first,16,3,3x16"));
    QCOMPARE(index[2], QByteArray("weight1.csv,second,31,2,2x31"));
    // weight<k>.csv: the tensor as [out, rest], transposed: row r, column c holds value c * rest + r.
    const int nw = 16;
    for (int k = 0; k < 2; ++k) {
        const QList<QByteArray> lines = read(QString("weight%1.csv").arg(k)).trimmed().split('\n');
        const std::vector<ArrayResult> &arrays = k == 0 ? e.a : e.b;
        const int values = k == 0 ? 48 : 62, out = k == 0 ? 3 : 2, rest = values / out;
        QCOMPARE(lines.size(), rest);
        for (int r = 0; r < rest; ++r) {
            const QList<QByteArray> f = lines[r].split(',');
            QCOMPARE(f.size(), out);
            for (int c = 0; c < out; ++c) {
                const int i = c * rest + r;
                double v = double(arrays[size_t(i / nw)].decoded[size_t(i % nw)]);
                if (k == 1) v = double(float((v - double(e.zeroB[size_t(c)])) * e.scaleB[size_t(c)])); // group = out channel
                QCOMPARE(f[c].toDouble(), v);
            }
        }
    }
}

void TestMemoryImage::badTensorsSayWhy()
{
    const Layout layout = makeLayout("msb-lsb", 8, 8, 1, 8);
    const Encoded e = encode(layout, NumberFormat::Unsigned, false, 2, 1);
    MemoryImage m(*e.encoder);
    auto add = [&](MemoryTensor t) { return errorOf([&] { m.addTensor(t); }); };
    MemoryTensor t;
    t.name = "w";
    t.arrays = &e.a;
    t.values = 33; // two arrays hold 32 words
    QVERIFY(add(t).contains("do not fit"));
    t.values = 30;
    t.shape = {4, 8};
    QVERIFY(add(t).contains("shape holds 32"));
    t.shape = {3, 10};
    t.scale = {1, 2, 3, 4};
    QVERIFY(add(t).contains("scale groups do not divide"));
    t.scale = {1, 2, 3};
    QCOMPARE(add(t), QString());
    QVERIFY(add(t).contains("two tensors"));
    t.arrays = nullptr;
    t.name = "none";
    QVERIFY(add(t).contains("no encoded arrays"));
}

void TestMemoryImage::identifiers()
{
    QCOMPARE(QString::fromStdString(MemoryImage::identifierPrefix("out/lenet-mem.h")), QString("lenet_mem_"));
    QCOMPARE(QString::fromStdString(MemoryImage::identifierPrefix("2d.h")), QString("twill_2d_"));
    QCOMPARE(QString::fromStdString(MemoryImage::identifierPrefix("-")), QString("twill_"));
}

QTEST_MAIN(TestMemoryImage)
#include "tst_memoryimage.moc"
