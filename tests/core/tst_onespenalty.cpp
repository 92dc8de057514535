// The bit-slice L1 term: ones per code against a naive count of each format's word, the slope
// against a least-squares fit written out here, and gradient steps on the term alone that
// lower the ones of a tensor's words.
#include "quant/OnesPenalty.h"
#include "util/SplitMix.h"

#include <QtTest>

#include <cmath>

using namespace twill;

namespace {

// The ones of a code's word, from each format's definition.
int naiveOnes(NumberFormat f, int W, int64_t c)
{
    uint64_t word = 0;
    switch (f) {
    case NumberFormat::Unsigned: word = uint64_t(c); break;
    case NumberFormat::TwosComplement: word = c >= 0 ? uint64_t(c) : (uint64_t(1) << W) - uint64_t(-c); break;
    case NumberFormat::SignMagnitude: word = c >= 0 ? uint64_t(c) : (uint64_t(-c) | (uint64_t(1) << (W - 1))); break;
    default: return -1;
    }
    int n = 0;
    for (int s = 0; s < W; ++s) n += int((word >> s) & 1);
    return n;
}

QuantizedTensor tensorOf(NumberFormat f, int W, int64_t n, double scale, int64_t zeroPoint)
{
    QuantizedTensor q;
    q.format = f;
    q.bits = W;
    q.channels = 1;
    q.channelSize = n;
    q.scale = {scale};
    q.zeroPoint = {zeroPoint};
    q.codes.assign(size_t(n), 0);
    return q;
}

} // namespace

class TestOnesPenalty : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onesAndSlopes_data();
    void onesAndSlopes();
    void gradientIsSlopeOverScale();
    void descentLowersOnes_data();
    void descentLowersOnes();
};

void TestOnesPenalty::onesAndSlopes_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("bits");
    for (int W : {4, 8})
        for (NumberFormat f : {NumberFormat::Unsigned, NumberFormat::TwosComplement, NumberFormat::SignMagnitude})
            QTest::newRow(qPrintable(QString::fromStdString(formatName(f)) + " " + QString::number(W))) << int(f) << W;
}

void TestOnesPenalty::onesAndSlopes()
{
    QFETCH(int, format);
    QFETCH(int, bits);
    const NumberFormat f = NumberFormat(format);
    const OnesPenalty p(tensorOf(f, bits, 1, 1.0, 0));
    const int64_t lo = f == NumberFormat::Unsigned ? 0 : (f == NumberFormat::TwosComplement ? -(1 << (bits - 1)) : -((1 << (bits - 1)) - 1));
    const int64_t hi = f == NumberFormat::Unsigned ? (1 << bits) - 1 : (1 << (bits - 1)) - 1;
    const int r = bits == 4 ? 2 : 8; // 2^(W/2 - 1)
    QCOMPARE(p.radius(), r);
    for (int64_t c = lo; c <= hi; ++c) {
        QCOMPARE(p.ones(c), naiveOnes(f, bits, c));
        // Least squares of ones against code over [c - r, c + r] within the range.
        std::vector<double> x, y;
        for (int64_t d = std::max(lo, c - r); d <= std::min(hi, c + r); ++d) {
            x.push_back(double(d));
            y.push_back(double(naiveOnes(f, bits, d)));
        }
        double mx = 0, my = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            mx += x[i] / double(x.size());
            my += y[i] / double(x.size());
        }
        double num = 0, den = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        QVERIFY2(std::fabs(p.slope(c) - num / den) < 1e-9, qPrintable(QString("code %1: %2 vs %3").arg(c).arg(p.slope(c)).arg(num / den)));
    }
}

void TestOnesPenalty::gradientIsSlopeOverScale()
{
    // Two scale groups: the second weight's code comes from its own scale and zero point.
    QuantizedTensor q = tensorOf(NumberFormat::Unsigned, 8, 2, 0.5, 128);
    q.channels = 2;
    q.channelSize = 1;
    q.scale = {0.5, 0.25};
    q.zeroPoint = {128, 100};
    const OnesPenalty p(q);
    const float values[2] = {3.1f, -2.0f}; // codes 128 + 6 = 134, 100 - 8 = 92
    QCOMPARE(p.countOnes(values, 2), int64_t(naiveOnes(NumberFormat::Unsigned, 8, 134) + naiveOnes(NumberFormat::Unsigned, 8, 92)));
    float grad[2] = {1.0f, -1.0f};
    p.addGradient(values, grad, 2, 0.1);
    QCOMPARE(grad[0], float(1.0 + 0.1 * p.slope(134) / 0.5));
    QCOMPARE(grad[1], float(-1.0 + 0.1 * p.slope(92) / 0.25));
    // Beyond the range the code is clamped, as when the weight is stored.
    const float far[1] = {1000.0f};
    QCOMPARE(p.countOnes(far, 1), int64_t(8));
}

void TestOnesPenalty::descentLowersOnes_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("signmag") << int(NumberFormat::SignMagnitude);
    QTest::newRow("twos") << int(NumberFormat::TwosComplement);
    QTest::newRow("unsigned") << int(NumberFormat::Unsigned);
}

void TestOnesPenalty::descentLowersOnes()
{
    // Bell-shaped weights, 8-bit codes; plain gradient steps on the term alone lower the ones by
    // 15 % (unsigned) to 24 % (signmag, twos) here; a gradient of the wrong sign raises them.
    QFETCH(int, format);
    const NumberFormat f = NumberFormat(format);
    const int64_t n = 4000;
    const double scale = 1.0 / 64;
    const OnesPenalty p(tensorOf(f, 8, n, scale, f == NumberFormat::Unsigned ? 128 : 0));
    std::vector<float> w(static_cast<size_t>(n));
    uint64_t s = 5;
    for (float &v : w) {
        double u = 0;
        for (int k = 0; k < 12; ++k) u += double(splitmix64(s) >> 11) / 9007199254740992.0;
        v = float((u - 6.0) * 0.4); // ~N(0, 0.4): codes within about +-77
    }
    const int64_t before = p.countOnes(w.data(), n);
    for (int step = 0; step < 200; ++step) {
        std::vector<float> g(static_cast<size_t>(n), 0.0f);
        p.addGradient(w.data(), g.data(), n, 1.0);
        for (int64_t i = 0; i < n; ++i) w[size_t(i)] -= float(20 * scale * scale) * g[size_t(i)]; // 20 codes per one a code
    }
    const int64_t after = p.countOnes(w.data(), n);
    qInfo("%s: %.3f -> %.3f ones a word", formatName(f).c_str(), double(before) / double(n), double(after) / double(n));
    QVERIFY2(double(after) < 0.88 * double(before), qPrintable(QString("%1 -> %2").arg(before).arg(after)));
}

QTEST_APPLESS_MAIN(TestOnesPenalty)
#include "tst_onespenalty.moc"
