// Layouts (significance maps, word numbering, validation) and number formats.
#include "TestSupport.h"
#include "layout/Geometry.h"
#include "layout/Layout.h"
#include "quant/NumberFormat.h"
#include "util/Error.h"

#include <QString>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

using namespace twill;
using namespace twill::test;

Q_DECLARE_METATYPE(twill::NumberFormat)

namespace {


// Every word holds each significance 0..W-1 exactly once, and the membership tables agree
// with cellOf: the cell that holds significance s of word w belongs to w at significance s.
void verifyWordsArePermutations(const Layout &layout)
{
    const int W = layout.bits();
    QCOMPARE(layout.wordCount(), layout.geometry().wordCount());
    for (int w = 0; w < layout.wordCount(); ++w) {
        std::vector<int> cells;
        const int k = layout.geometry().directionIndex(layout.directionOfWord(w));
        QVERIFY(k >= 0);
        for (int s = 0; s < W; ++s) {
            const int cell = layout.cellOf(w, s);
            QVERIFY2(cell >= 0 && cell < layout.cellCount(), qPrintable(QString("word %1 sig %2").arg(w).arg(s)));
            QCOMPARE(layout.wordOf(k, cell), w);
            QCOMPARE(layout.significance(k, cell), s);
            cells.push_back(cell);
        }
        std::sort(cells.begin(), cells.end());
        QVERIFY2(std::adjacent_find(cells.begin(), cells.end()) == cells.end(),
                 qPrintable(QString("word %1 uses a cell twice").arg(w)));
    }
    // Every cell belongs to exactly one word per direction.
    for (int k = 0; k < layout.directionCount(); ++k)
        for (int c = 0; c < layout.cellCount(); ++c) {
            const int w = layout.wordOf(k, c);
            QVERIFY(w >= 0 && w < layout.wordCount());
            QCOMPARE(layout.cellOf(w, layout.significance(k, c)), c);
        }
}

using test::errorOf;

} // namespace

class TestLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void msbLsb_data();
    void msbLsb();
    void transposePattern_data();
    void transposePattern();
    void latinCube_data();
    void latinCube();
    void latinRotationStaysBalanced();
    void wordNumbering2D();
    void wordNumbering3D();
    void cellNames();
    void invalidLayouts_data();
    void invalidLayouts();
    void wrongMapCount();
    void rotatedKeepsFamily();

    void formatRoundTrip_data();
    void formatRoundTrip();
    void formatRanges_data();
    void formatRanges();
    void twosMsbWeight_data();
    void twosMsbWeight();
    void signMagnitude();
    void encodeRejectsOutOfRange();
    void parseFormat_data();
    void parseFormat();
    void parseFormatRejectsUnknown_data();
    void parseFormatRejectsUnknown();
};

// ---------------------------------------------------------------------------- layouts

void TestLayout::cellNames()
{
    // Every cell of a 2D array and of a stack, named from its own coordinates.
    for (int layers : {1, 3}) {
        Geometry g;
        g.rows = 4;
        g.cols = 6;
        g.layers = layers;
        int cell = 0;
        for (int l = 0; l < layers; ++l)
            for (int i = 0; i < g.rows; ++i)
                for (int j = 0; j < g.cols; ++j, ++cell) {
                    std::string want = "row " + std::to_string(i) + ", column " + std::to_string(j);
                    if (layers > 1) want = "layer " + std::to_string(l) + ", " + want;
                    QCOMPARE(g.cellName(cell), want);
                }
    }
}

void TestLayout::msbLsb_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("rotation");

    QTest::newRow("W2 2x2 k0") << 2 << 2 << 2 << 0;
    QTest::newRow("W2 4x6 k1") << 2 << 4 << 6 << 1;
    QTest::newRow("W4 4x4 k0") << 4 << 4 << 4 << 0;
    QTest::newRow("W4 4x4 k3") << 4 << 4 << 4 << 3;
    QTest::newRow("W4 8x16 k2") << 4 << 8 << 16 << 2;
    QTest::newRow("W8 8x16 k0") << 8 << 8 << 16 << 0;
    QTest::newRow("W8 8x16 k5") << 8 << 8 << 16 << 5;
    QTest::newRow("W8 16x16 k7") << 8 << 16 << 16 << 7;
    QTest::newRow("W16 16x16 k0") << 16 << 16 << 16 << 0;
    QTest::newRow("W16 16x16 k9") << 16 << 16 << 16 << 9;
    QTest::newRow("W3 3x6 k2") << 3 << 3 << 6 << 2;
}

void TestLayout::msbLsb()
{
    QFETCH(int, bits);
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, rotation);
    const Geometry g = planar(rows, cols, bits);
    const Layout l = Layout::msbLsb(g, rotation);
    QCOMPARE(QString::fromStdString(l.patternName()), QString("msb-lsb"));
    QCOMPARE(l.rotation(), rotation % bits);
    QVERIFY(l.rotates());
    QCOMPARE(l.directionCount(), 2);
    QCOMPARE(l.wordCount(), rows * (cols / bits) + cols * (rows / bits));
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            const int c = g.cellIndex(0, i, j);
            const int sRow = l.significance(0, c), sCol = l.significance(1, c);
            QCOMPARE(sRow, (i + j + rotation) % bits);
            QCOMPARE(sCol, bits - 1 - sRow);
        }
    verifyWordsArePermutations(l);
}

void TestLayout::transposePattern_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("W2 2x2") << 2 << 2 << 2;
    QTest::newRow("W4 4x4") << 4 << 4 << 4;
    QTest::newRow("W4 8x16") << 4 << 8 << 16;
    QTest::newRow("W8 16x8") << 8 << 16 << 8;
    QTest::newRow("W16 16x16") << 16 << 16 << 16;
}

void TestLayout::transposePattern()
{
    QFETCH(int, bits);
    QFETCH(int, rows);
    QFETCH(int, cols);
    const Geometry g = planar(rows, cols, bits);
    const Layout l = Layout::transpose(g);
    QCOMPARE(QString::fromStdString(l.patternName()), QString("transpose"));
    QVERIFY(!l.rotates());
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            const int c = g.cellIndex(0, i, j);
            QCOMPARE(l.significance(0, c), j % bits);
            QCOMPARE(l.significance(1, c), i % bits);
        }
    verifyWordsArePermutations(l);
}

void TestLayout::latinCube_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("rotation");
    QTest::addColumn<bool>("viaMsbLsb");
    QTest::newRow("W4 cube k0") << 4 << 0 << false;
    QTest::newRow("W4 cube k1 via msbLsb") << 4 << 1 << true;
    QTest::newRow("W8 cube k0") << 8 << 0 << false;
    QTest::newRow("W8 cube k0 via msbLsb") << 8 << 0 << true;
    QTest::newRow("W8 cube k5") << 8 << 5 << false;
    QTest::newRow("W16 cube k3") << 16 << 3 << false;
}

void TestLayout::latinCube()
{
    QFETCH(int, bits);
    QFETCH(int, rotation);
    QFETCH(bool, viaMsbLsb);
    const Geometry g = makeGeometry(bits, bits, bits, bits, {Direction::Row, Direction::Column, Direction::Pillar});
    const Layout l = viaMsbLsb ? Layout::msbLsb(g, rotation) : Layout::latinCube(g, rotation);
    QCOMPARE(QString::fromStdString(l.patternName()), QString("latin"));
    QCOMPARE(l.directionCount(), 3);
    QCOMPARE(l.wordCount(), 3 * bits * bits);
    QCOMPARE(l.cellCount(), bits * bits * bits);
    verifyWordsArePermutations(l);

    // Each axis gets its share of top bits: a word's top W/4 significances sit in cells where
    // both other words are strictly less significant (the cell is that word's alone).
    for (int c = 0; c < l.cellCount(); ++c)
        for (int k = 0; k < 3; ++k) {
            const int s = l.significance(k, c);
            if (s < bits - bits / 4) continue;
            for (int o = 0; o < 3; ++o)
                if (o != k)
                    QVERIFY2(l.significance(o, c) < s,
                             qPrintable(QString("cell %1: direction %2 has top significance %3 but direction %4 has %5")
                                            .arg(c).arg(k).arg(s).arg(o).arg(l.significance(o, c))));
        }
    // The permutations behind the cube are permutations of 0..W-1.
    const auto perms = latinPermutations(bits);
    for (const auto &p : perms) {
        std::vector<int> s = p;
        std::sort(s.begin(), s.end());
        for (int i = 0; i < bits; ++i) QCOMPARE(s[i], i);
    }
}

void TestLayout::latinRotationStaysBalanced()
{
    const Geometry g = makeGeometry(8, 8, 8, 8, {Direction::Row, Direction::Column, Direction::Pillar});
    const Layout a = Layout::latinCube(g, 0);
    const Layout b = Layout::latinCube(g, 3);
    QCOMPARE(b.rotation(), 3);
    bool differs = false;
    for (int c = 0; c < a.cellCount() && !differs; ++c) differs = a.significance(0, c) != b.significance(0, c);
    QVERIFY(differs);
    // Rotating by k shifts the pattern: cell (l,i,j) of rotation k = cell (l,i,j+k) of rotation 0.
    for (int l = 0; l < 8; ++l)
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 8; ++j)
                for (int k = 0; k < 3; ++k)
                    QCOMPARE(b.significance(k, g.cellIndex(l, i, j)), a.significance(k, g.cellIndex(l, i, (j + 3) % 8)));
}

void TestLayout::wordNumbering2D()
{
    // W = 2, 2 rows x 4 columns, transpose pattern (s_row = j mod 2, s_col = i mod 2).
    // Cells: (row, col) -> row * 4 + col.
    // Row words: row 0 columns 0..1 = 0, row 0 columns 2..3 = 1, row 1 = 2, 3.
    // Column words: column 0..3 = 4..7 (one segment each).
    const Geometry g = planar(2, 4, 2);
    const Layout l = Layout::transpose(g);
    QCOMPARE(l.wordCount(), 8);
    QCOMPARE(l.firstWord(Direction::Row), 0);
    QCOMPARE(l.firstWord(Direction::Column), 4);
    QCOMPARE(l.firstWord(Direction::Pillar), -1);
    for (int w = 0; w < 4; ++w) QCOMPARE(l.directionOfWord(w), Direction::Row);
    for (int w = 4; w < 8; ++w) QCOMPARE(l.directionOfWord(w), Direction::Column);

    const int expected[8][2] = {
        {0, 1}, // row word 0: (0,0) s0, (0,1) s1
        {2, 3}, // row word 1: (0,2), (0,3)
        {4, 5}, // row word 2: (1,0), (1,1)
        {6, 7}, // row word 3: (1,2), (1,3)
        {0, 4}, // column word 0: (0,0) s0, (1,0) s1
        {1, 5}, // column 1
        {2, 6}, // column 2
        {3, 7}, // column 3
    };
    for (int w = 0; w < 8; ++w)
        for (int s = 0; s < 2; ++s) QCOMPARE(l.cellOf(w, s), expected[w][s]);

    // With msb-lsb (k = 0) on the same geometry: s_row(i,j) = (i+j) mod 2, s_col = 1 - s_row.
    const Layout m = Layout::msbLsb(g, 0);
    QCOMPARE(m.cellOf(0, 0), 0); // (0,0): s_row 0
    QCOMPARE(m.cellOf(0, 1), 1); // (0,1): s_row 1
    QCOMPARE(m.cellOf(2, 0), 5); // row 1: (1,1) has s_row 0
    QCOMPARE(m.cellOf(2, 1), 4); // (1,0) has s_row 1
    QCOMPARE(m.cellOf(4, 0), 4); // column 0: (1,0) s_col 0
    QCOMPARE(m.cellOf(4, 1), 0); // (0,0) s_col 1
    QCOMPARE(m.cellOf(5, 0), 1); // column 1: (0,1) s_col 0
    QCOMPARE(m.cellOf(5, 1), 5);
    QVERIFY(QString::fromStdString(l.describeWord(5)).startsWith("column word 1"));
    QVERIFY(QString::fromStdString(l.describeWord(1)).startsWith("row word 1"));
}

void TestLayout::wordNumbering3D()
{
    // W = 2, 2 x 2 x 2 cube, transpose pattern. Cells: (layer * 2 + row) * 2 + col.
    // Row words 0..3 (line = layer * 2 + row), column words 4..7 (line = layer * 2 + col),
    // pillar words 8..11 (line = row * 2 + col).
    const Geometry g = makeGeometry(2, 2, 2, 2, {Direction::Row, Direction::Column, Direction::Pillar});
    const Layout l = Layout::transpose(g);
    QCOMPARE(l.wordCount(), 12);
    QCOMPARE(l.firstWord(Direction::Row), 0);
    QCOMPARE(l.firstWord(Direction::Column), 4);
    QCOMPARE(l.firstWord(Direction::Pillar), 8);
    // row word 3: layer 1, row 1 -> cells 6 (col 0, s0), 7 (col 1, s1)
    QCOMPARE(l.cellOf(3, 0), 6);
    QCOMPARE(l.cellOf(3, 1), 7);
    // column word 5: layer 0, column 1 -> cells 1 (row 0, s0), 3 (row 1, s1)
    QCOMPARE(l.cellOf(5, 0), 1);
    QCOMPARE(l.cellOf(5, 1), 3);
    // column word 6: layer 1, column 0 -> cells 4, 6
    QCOMPARE(l.cellOf(6, 0), 4);
    QCOMPARE(l.cellOf(6, 1), 6);
    // pillar word 10: row 1, column 0 -> cells 2 (layer 0, s0), 6 (layer 1, s1)
    QCOMPARE(l.cellOf(10, 0), 2);
    QCOMPARE(l.cellOf(10, 1), 6);
    // pillar word 9: row 0, column 1 -> cells 1, 5
    QCOMPARE(l.cellOf(9, 0), 1);
    QCOMPARE(l.cellOf(9, 1), 5);
    QCOMPARE(l.directionOfWord(9), Direction::Pillar);
    QCOMPARE(l.wordOf(2, 5), 9);
    QCOMPARE(l.wordOf(1, 6), 6);
    QCOMPARE(l.wordOf(0, 6), 3);
    verifyWordsArePermutations(l);
}

void TestLayout::invalidLayouts_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("mutation"); // 0: none, 1: repeat a significance, 2: out-of-range significance
    QTest::addColumn<QString>("message");

    QTest::newRow("repeated significance") << 4 << 4 << 4 << 1 << "repeats significance";
    QTest::newRow("significance too large") << 4 << 4 << 4 << 2 << "significances run 0..3";
    QTest::newRow("negative significance") << 4 << 4 << 4 << 3 << "significances run 0..3";
    QTest::newRow("columns not a multiple of W") << 4 << 6 << 4 << 0 << "multiple of 4";
    QTest::newRow("rows not a multiple of W") << 6 << 8 << 4 << 0 << "multiple of 4";
    QTest::newRow("bits 1") << 4 << 4 << 1 << 0 << "out of range";
    QTest::newRow("bits 33") << 33 << 33 << 33 << 0 << "out of range";
    QTest::newRow("bits 0") << 4 << 4 << 0 << 0 << "out of range";
}

void TestLayout::invalidLayouts()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, bits);
    QFETCH(int, mutation);
    QFETCH(QString, message);
    const Geometry g = planar(rows, cols, bits);
    const int n = rows * cols;
    const int W = std::max(bits, 1);
    std::vector<std::vector<int>> sig(2, std::vector<int>(size_t(std::max(n, 0))));
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            sig[0][size_t(i * cols + j)] = (i + j) % W;
            sig[1][size_t(i * cols + j)] = W - 1 - (i + j) % W;
        }
    if (mutation == 1) sig[1][5] = sig[1][1]; // cell (1,1) copies (0,1): column word 1 repeats
    if (mutation == 2) sig[0][6] = bits;
    if (mutation == 3) sig[0][6] = -1;

    if (mutation == 0) {
        // The geometry itself must be rejected, by validate and by every factory.
        const QString v = errorOf([&] { g.validate(); });
        QVERIFY2(v.contains(message), qPrintable("validate: '" + v + "'"));
        const QString m = errorOf([&] { Layout::msbLsb(g); });
        QVERIFY2(m.contains(message), qPrintable("msbLsb: '" + m + "'"));
        const QString t = errorOf([&] { Layout::transpose(g); });
        QVERIFY2(t.contains(message), qPrintable("transpose: '" + t + "'"));
    } else {
        QVERIFY(errorOf([&] { g.validate(); }).isEmpty());
    }
    const QString c = errorOf([&] { const Layout l(g, sig); });
    QVERIFY2(c.contains(message), qPrintable("custom: '" + c + "'"));
    if (mutation == 1) QVERIFY2(c.contains("column word 1"), qPrintable(c));
    if (mutation == 2 || mutation == 3) QVERIFY2(c.contains("row word 1"), qPrintable(c));
}

void TestLayout::wrongMapCount()
{
    const Geometry g = planar(4, 4, 4);
    std::vector<std::vector<int>> one(1, std::vector<int>(16, 0));
    const QString e = errorOf([&] { const Layout l(g, one); });
    QVERIFY2(!e.isEmpty() && e.contains("one per direction"), qPrintable(e));
    std::vector<std::vector<int>> shortMaps(2, std::vector<int>(15, 0));
    const QString f = errorOf([&] { const Layout l(g, shortMaps); });
    QVERIFY2(f.contains("entries for 16 cells"), qPrintable(f));
    // A valid custom layout (the transpose maps given by hand) is accepted.
    std::vector<std::vector<int>> ok(2, std::vector<int>(16));
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            ok[0][size_t(i * 4 + j)] = j;
            ok[1][size_t(i * 4 + j)] = i;
        }
    const Layout l(g, ok);
    QCOMPARE(QString::fromStdString(l.patternName()), QString("custom"));
    verifyWordsArePermutations(l);
}

void TestLayout::rotatedKeepsFamily()
{
    const Geometry g = planar(8, 8, 8);
    const Layout m = Layout::msbLsb(g, 1);
    const Layout r = m.rotated(4);
    QCOMPARE(QString::fromStdString(r.patternName()), QString("msb-lsb"));
    QCOMPARE(r.rotation(), 4);
    for (int c = 0; c < r.cellCount(); ++c)
        QCOMPARE(r.significanceMap(0)[size_t(c)], Layout::msbLsb(g, 4).significanceMap(0)[size_t(c)]);
    const Layout t = Layout::transpose(g).rotated(3);
    QCOMPARE(t.rotation(), 0);
    QCOMPARE(t.significanceMap(0), Layout::transpose(g).significanceMap(0));
}

// ---------------------------------------------------------------------------- formats

void TestLayout::formatRoundTrip_data()
{
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<int>("bits");
    for (NumberFormat f : {NumberFormat::Unsigned, NumberFormat::TwosComplement, NumberFormat::SignMagnitude})
        for (int w = 2; w <= 8; ++w)
            QTest::newRow(qPrintable(QString("%1 W%2").arg(QString::fromStdString(formatName(f))).arg(w))) << f << w;
}

void TestLayout::formatRoundTrip()
{
    QFETCH(NumberFormat, format);
    QFETCH(int, bits);
    const int64_t lo = codeMin(format, bits), hi = codeMax(format, bits);
    QVERIFY(lo < hi);
    int count = 0;
    for (int64_t x = lo; x <= hi; ++x, ++count) {
        const uint64_t v = encodeWord(format, bits, x);
        QVERIFY2(v < (uint64_t(1) << bits), qPrintable(QString("code %1 -> %2").arg(x).arg(v)));
        QCOMPARE(decodeWord(format, bits, v), x);
    }
    // Every bit pattern decodes into the range, and encodes back to itself (sign-magnitude's
    // negative zero aside, which encodes as +0).
    for (uint64_t v = 0; v < (uint64_t(1) << bits); ++v) {
        const int64_t x = decodeWord(format, bits, v);
        QVERIFY(x >= lo && x <= hi);
        const bool negativeZero = format == NumberFormat::SignMagnitude && v == (uint64_t(1) << (bits - 1));
        QCOMPARE(encodeWord(format, bits, x), negativeZero ? uint64_t(0) : v);
    }
}

void TestLayout::formatRanges_data()
{
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<int>("bits");
    QTest::addColumn<qlonglong>("lo");
    QTest::addColumn<qlonglong>("hi");
    QTest::newRow("unsigned 4") << NumberFormat::Unsigned << 4 << 0LL << 15LL;
    QTest::newRow("twos 4") << NumberFormat::TwosComplement << 4 << -8LL << 7LL;
    QTest::newRow("signmag 4") << NumberFormat::SignMagnitude << 4 << -7LL << 7LL;
    QTest::newRow("unsigned 16") << NumberFormat::Unsigned << 16 << 0LL << 65535LL;
    QTest::newRow("twos 16") << NumberFormat::TwosComplement << 16 << -32768LL << 32767LL;
    QTest::newRow("signmag 16") << NumberFormat::SignMagnitude << 16 << -32767LL << 32767LL;
}

void TestLayout::formatRanges()
{
    QFETCH(NumberFormat, format);
    QFETCH(int, bits);
    QFETCH(qlonglong, lo);
    QFETCH(qlonglong, hi);
    QCOMPARE(qlonglong(codeMin(format, bits)), lo);
    QCOMPARE(qlonglong(codeMax(format, bits)), hi);
}

void TestLayout::twosMsbWeight_data()
{
    QTest::addColumn<int>("bits");
    for (int w = 2; w <= 16; ++w) QTest::newRow(qPrintable(QString("W%1").arg(w))) << w;
}

void TestLayout::twosMsbWeight()
{
    QFETCH(int, bits);
    const uint64_t top = uint64_t(1) << (bits - 1);
    const int64_t msb = -(int64_t(1) << (bits - 1));
    QCOMPARE(decodeWord(NumberFormat::TwosComplement, bits, top), msb);
    // The MSB adds -2^(W-1) to whatever the other bits hold; they keep their plain weights.
    const uint64_t step = bits > 10 ? 37 : 1;
    for (uint64_t v = 0; v < top; v += step) {
        QCOMPARE(decodeWord(NumberFormat::TwosComplement, bits, v), int64_t(v));
        QCOMPARE(decodeWord(NumberFormat::TwosComplement, bits, v | top), int64_t(v) + msb);
    }
    QCOMPARE(decodeWord(NumberFormat::TwosComplement, bits, (top << 1) - 1), int64_t(-1));
}

void TestLayout::signMagnitude()
{
    QCOMPARE(decodeWord(NumberFormat::SignMagnitude, 4, 0b1011), int64_t(-3));
    QCOMPARE(decodeWord(NumberFormat::SignMagnitude, 4, 0b0011), int64_t(3));
    QCOMPARE(decodeWord(NumberFormat::SignMagnitude, 4, 0b1000), int64_t(0));
    QCOMPARE(encodeWord(NumberFormat::SignMagnitude, 4, -7), uint64_t(0b1111));
    QCOMPARE(encodeWord(NumberFormat::TwosComplement, 4, -1), uint64_t(0b1111));
    QCOMPARE(encodeWord(NumberFormat::Unsigned, 4, 9), uint64_t(9));
}

void TestLayout::encodeRejectsOutOfRange()
{
    const QString a = errorOf([] { encodeWord(NumberFormat::Unsigned, 4, 16); });
    QVERIFY2(a.contains("does not fit"), qPrintable(a));
    const QString b = errorOf([] { encodeWord(NumberFormat::TwosComplement, 4, -9); });
    QVERIFY2(b.contains("does not fit"), qPrintable(b));
    const QString c = errorOf([] { encodeWord(NumberFormat::SignMagnitude, 4, -8); });
    QVERIFY2(c.contains("does not fit"), qPrintable(c));
    const QString d = errorOf([] { encodeWord(NumberFormat::Unsigned, 4, -1); });
    QVERIFY2(d.contains("does not fit"), qPrintable(d));
}

void TestLayout::parseFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<NumberFormat>("format");
    QTest::newRow("unsigned") << "unsigned" << NumberFormat::Unsigned;
    QTest::newRow("twos") << "twos" << NumberFormat::TwosComplement;
    QTest::newRow("twos-complement") << "twos-complement" << NumberFormat::TwosComplement;
    QTest::newRow("signmag") << "signmag" << NumberFormat::SignMagnitude;
    QTest::newRow("sign-magnitude") << "sign-magnitude" << NumberFormat::SignMagnitude;
}

void TestLayout::parseFormat()
{
    QFETCH(QString, name);
    QFETCH(NumberFormat, format);
    QCOMPARE(twill::parseFormat(name.toStdString()), format);
    // formatName gives a name that parses back to the same format.
    QCOMPARE(twill::parseFormat(formatName(format)), format);
}

void TestLayout::parseFormatRejectsUnknown_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << "";
    QTest::newRow("float") << "float";
    QTest::newRow("capitalised") << "Unsigned";
    QTest::newRow("twos complement with space") << "twos complement";
    QTest::newRow("trailing space") << "twos ";
}

void TestLayout::parseFormatRejectsUnknown()
{
    QFETCH(QString, name);
    const QString e = errorOf([&] { twill::parseFormat(name.toStdString()); });
    QVERIFY2(e.contains("unknown number format"), qPrintable("'" + e + "'"));
}

QTEST_APPLESS_MAIN(TestLayout)
#include "tst_layout.moc"
