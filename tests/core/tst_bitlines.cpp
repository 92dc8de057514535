// Bitline ones counts against a naive recount, the ADC bits against their definition.
#include "encode/BitlineCounts.h"
#include "util/SplitMix.h"

#include <QtTest>

#include <cmath>

using namespace twill;

class TestBitlines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void adcBitsIsTheSmallestWidthThatHoldsTheSum();
    void countsEqualANaiveRecount_data();
    void countsEqualANaiveRecount();
};

void TestBitlines::adcBitsIsTheSmallestWidthThatHoldsTheSum()
{
    QCOMPARE(adcBits(0), 0);
    for (int64_t m = 1; m <= 4096; ++m) {
        const int b = adcBits(m);
        QVERIFY((int64_t(1) << b) - 1 >= m);      // b bits read 0..m
        QVERIFY((int64_t(1) << (b - 1)) - 1 < m); // b - 1 do not
        QCOMPARE(b, int(std::ceil(std::log2(double(m) + 1))));
    }
}

void TestBitlines::countsEqualANaiveRecount_data()
{
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("8x8") << 1 << 8 << 8;
    QTest::newRow("16x8") << 1 << 16 << 8;
    QTest::newRow("4x4x4") << 4 << 4 << 4;
    QTest::newRow("3x5x7") << 3 << 5 << 7;
}

void TestBitlines::countsEqualANaiveRecount()
{
    QFETCH(int, layers);
    QFETCH(int, rows);
    QFETCH(int, cols);
    const int64_t arrays = 9;
    std::vector<uint8_t> bits(size_t(arrays * layers * rows * cols));
    uint64_t s = 17;
    for (uint8_t &b : bits) b = uint8_t(splitmix64(s) % 3 == 0); // a third of the cells at 1
    const BitlineCounts c = countBitlines(bits.data(), arrays, layers, rows, cols);
    QCOMPARE(c.axes.size(), size_t(layers > 1 ? 3 : 2));
    auto at = [&](int64_t a, int l, int i, int j) { return int(bits[size_t(((a * layers + l) * rows + i) * cols + j)]); };
    int32_t mx[3] = {0, 0, 0};
    for (int64_t a = 0; a < arrays; ++a) {
        for (int l = 0; l < layers; ++l)
            for (int i = 0; i < rows; ++i) {
                int n = 0;
                for (int j = 0; j < cols; ++j) n += at(a, l, i, j);
                QCOMPARE(c.ones[0][size_t((a * layers + l) * rows + i)], n);
                mx[0] = std::max(mx[0], n);
            }
        for (int l = 0; l < layers; ++l)
            for (int j = 0; j < cols; ++j) {
                int n = 0;
                for (int i = 0; i < rows; ++i) n += at(a, l, i, j);
                QCOMPARE(c.ones[1][size_t((a * layers + l) * cols + j)], n);
                mx[1] = std::max(mx[1], n);
            }
        if (layers > 1)
            for (int i = 0; i < rows; ++i)
                for (int j = 0; j < cols; ++j) {
                    int n = 0;
                    for (int l = 0; l < layers; ++l) n += at(a, l, i, j);
                    QCOMPARE(c.ones[2][size_t((a * rows + i) * cols + j)], n);
                    mx[2] = std::max(mx[2], n);
                }
    }
    for (size_t k = 0; k < c.axes.size(); ++k) {
        QCOMPARE(c.maxOnes(k), mx[k]);
        QCOMPARE(int64_t(c.ones[k].size()), arrays * c.linesPerArray(int(k)));
    }
    QCOMPARE(QString::fromStdString(c.describeLine(1, 2)), QString("layer 0, column 2"));
    if (layers > 1) {
        QCOMPARE(QString::fromStdString(c.describeLine(0, rows + 1)), QString("layer 1, row 1"));
        QCOMPARE(QString::fromStdString(c.describeLine(2, cols + 3)), QString("row 1, column 3"));
    }
}

QTEST_GUILESS_MAIN(TestBitlines)
#include "tst_bitlines.moc"
