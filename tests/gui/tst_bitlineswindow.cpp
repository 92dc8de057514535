// The Bitlines dock: the shown array's ones a line (rows, columns, pillars) and the ADC bits they
// need, against plain bit-sliced storage of the same words. The core's counts equal a recount
// from the cells; plain storage's equal a popcount and a bit-slice count of the codes, worked out
// here by hand for each format; the dock follows a hand flip; its CSV reads back line by line.
#include "BitMapView.h"
#include "BitlinesPanel.h"
#include "MainWindow.h"
#include "encode/ArrayBitlines.h"
#include "encode/EditableArray.h"
#include "encode/RandomTargets.h"
#include "util/SplitMix.h"

#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace twill;

namespace {

// W-bit raw words of codes, without NumberFormat's helpers.
uint64_t rawByHand(NumberFormat f, int W, int64_t code)
{
    switch (f) {
    case NumberFormat::Unsigned: return uint64_t(code);
    case NumberFormat::TwosComplement: return code < 0 ? uint64_t(code + (int64_t(1) << W)) : uint64_t(code);
    case NumberFormat::SignMagnitude: return code < 0 ? (uint64_t(-code) | (uint64_t(1) << (W - 1))) : uint64_t(code);
    case NumberFormat::DifferentialPair: break;
    }
    return 0;
}

int popcount(uint64_t x)
{
    int n = 0;
    for (; x; x >>= 1) n += int(x & 1);
    return n;
}

// The rows' largest ones count of the array's cells, by hand.
int maxRowOnes(const EditableArray &a)
{
    const Geometry &g = a.layout().geometry();
    int mx = 0;
    for (int r = 0; r < g.layers * g.rows; ++r) {
        int n = 0;
        for (int j = 0; j < g.cols; ++j) n += a.bits()[size_t(r * g.cols + j)];
        mx = std::max(mx, n);
    }
    return mx;
}

} // namespace

class TestBitlinesWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void countsEqualARecountAndPlainAPopcount_data();
    void countsEqualARecountAndPlainAPopcount();
    void theDockFollowsAHandFlip();
    void csvReadsBackLineByLine();
};

void TestBitlinesWindow::countsEqualARecountAndPlainAPopcount_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("side");
    QTest::addColumn<int>("layers");
    QTest::addColumn<QString>("format");
    QTest::newRow("8x8 8-bit twos") << 8 << 8 << 1 << "twos";
    QTest::newRow("16x16 8-bit unsigned") << 8 << 16 << 1 << "unsigned";
    QTest::newRow("16x16 16-bit signmag") << 16 << 16 << 1 << "signmag";
    QTest::newRow("4x4x4 4-bit twos") << 4 << 4 << 4 << "twos";
}

void TestBitlinesWindow::countsEqualARecountAndPlainAPopcount()
{
    QFETCH(int, bits);
    QFETCH(int, side);
    QFETCH(int, layers);
    QFETCH(QString, format);
    Geometry g;
    g.bits = bits;
    g.rows = g.cols = side;
    g.layers = layers;
    if (layers > 1) g.directions.push_back(Direction::Pillar);
    const Layout layout = Layout::msbLsb(g);
    const NumberFormat f = parseFormat(format.toStdString());
    EditableArray a(layout, f, randomTargets(1, layout.wordCount(), f, bits, 3));
    std::vector<uint8_t> cells(size_t(g.cellCount()));
    uint64_t s = 11;
    for (uint8_t &c : cells) c = uint8_t(splitmix64(s) % 5 < 2); // two fifths at 1
    a.setBits(cells, true);
    const ArrayBitlines b = countArrayBitlines(a);

    // The shown cells, recounted line by line.
    const BitlineCounts &o = b.overlapped;
    QCOMPARE(o.arrays, int64_t(1));
    QCOMPARE(o.axes.size(), size_t(layers > 1 ? 3 : 2));
    auto at = [&](int l, int i, int j) { return int(cells[size_t((l * side + i) * side + j)]); };
    for (int l = 0; l < layers; ++l)
        for (int i = 0; i < side; ++i) {
            int row = 0, col = 0;
            for (int j = 0; j < side; ++j) {
                row += at(l, i, j);
                col += at(l, j, i);
            }
            QCOMPARE(o.ones[0][size_t(l * side + i)], row);
            QCOMPARE(o.ones[1][size_t(l * side + i)], col);
        }
    if (layers > 1)
        for (int i = 0; i < side; ++i)
            for (int j = 0; j < side; ++j) {
                int n = 0;
                for (int l = 0; l < layers; ++l) n += at(l, i, j);
                QCOMPARE(o.ones[2][size_t(i * side + j)], n);
            }

    // Plain: the decoded codes one a row, arrays of 'side' rows, column s = bit s.
    const BitlineCounts &p = b.plain;
    const int n = int(a.decoded().size());
    QCOMPARE(n, layout.wordCount());
    QCOMPARE(p.axes.size(), size_t(2));
    QCOMPARE(p.rows, side);
    QCOMPARE(p.cols, bits);
    QCOMPARE(p.arrays, int64_t((n + side - 1) / side));
    std::vector<int> slice(size_t(p.arrays * bits), 0);
    for (int w = 0; w < n; ++w) {
        const int64_t code = a.decoded()[size_t(w)];
        QVERIFY(code >= codeMin(f, bits) && code <= codeMax(f, bits)); // no offset: nothing clamped
        const uint64_t word = rawByHand(f, bits, code);
        QCOMPARE(p.ones[0][size_t(w)], popcount(word));
        for (int bit = 0; bit < bits; ++bit) slice[size_t((w / side) * bits + bit)] += int((word >> bit) & 1);
    }
    for (size_t r = size_t(n); r < p.ones[0].size(); ++r) QCOMPARE(p.ones[0][r], 0); // empty rows
    for (size_t c = 0; c < slice.size(); ++c) QCOMPARE(p.ones[1][c], slice[c]);
}

void TestBitlinesWindow::theDockFollowsAHandFlip()
{
    MainWindow w;
    w.resize(1920, 1080); // room for all 16 cells of a row
    w.show();
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
    w.findChild<QDockWidget *>("bitlinesDock")->raise();
    BitlinesPanel *panel = w.bitlines();
    panel->refreshNow();
    const EditableArray &a = w.array();
    const Geometry &g = a.layout().geometry();
    const int before = maxRowOnes(a);
    QVERIFY2(before < g.cols, "a full row: no cell to flip up");
    QVERIFY(panel->titles().first().startsWith(QString("rows: max %1 ones").arg(before)));
    // A cell at 0 in the first row with the most ones: flipped, that row has one more.
    int cell = -1;
    for (int r = 0; r < g.rows && cell < 0; ++r) {
        int ones = 0;
        for (int j = 0; j < g.cols; ++j) ones += a.bits()[size_t(r * g.cols + j)];
        if (ones != before) continue;
        for (int j = 0; j < g.cols && cell < 0; ++j)
            if (!a.bits()[size_t(r * g.cols + j)]) cell = r * g.cols + j;
    }
    QVERIFY(cell >= 0);
    BitMapView *view = w.view();
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(cell / g.cols, cell % g.cols));
    QCOMPARE(int(a.bits()[size_t(cell)]), 1);
    QCOMPARE(maxRowOnes(a), before + 1);
    // The dock takes it on its timer: the title, the counts, and plain storage of the new words.
    auto *title = panel->findChild<QLabel *>("bitlineTitle_row");
    QVERIFY(title);
    const QString expected = QString("rows: max %1 ones \u2192 %2 ADC bits").arg(before + 1).arg(adcBits(before + 1));
    QTRY_VERIFY2(title->text().contains(expected), qPrintable(title->text() + " vs " + expected));
    QCOMPARE(panel->bitlines().overlapped.ones[0][size_t(cell / g.cols)], before + 1);
    int plainMax = 0;
    for (int64_t code : a.decoded()) plainMax = std::max(plainMax, popcount(rawByHand(a.format(), g.bits, code)));
    QCOMPARE(panel->bitlines().plain.maxOnes(0), plainMax);
    QVERIFY(title->text().contains(QString("(plain: %1 \u2192 %2)").arg(plainMax).arg(adcBits(plainMax))));
}

void TestBitlinesWindow::csvReadsBackLineByLine()
{
    MainWindow w;
    w.show();
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
    QTemporaryDir dir;
    const QString path = dir.filePath("bitlines.csv");
    QCOMPARE(w.exportBitlines(path), QString());
    QVERIFY(w.exportBitlines(dir.filePath("bitlines.png")).contains("use a .csv file name"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QString("tensor,array,axis,line,cells,ones,adc_bits"));
    const ArrayBitlines &b = w.bitlines()->bitlines();
    int expectedRows = 0;
    for (const BitlineCounts *c : {&b.overlapped, &b.plain})
        for (size_t k = 0; k < c->axes.size(); ++k) expectedRows += int(c->arrays) * c->linesPerArray(k);
    QCOMPARE(lines.size() - 1, expectedRows);
    // 16x16 16-bit: 32 lines overlapped, plain 2 arrays x (16 rows + 16 columns).
    QCOMPARE(expectedRows, 32 + 64);
    int row = 1;
    for (const auto &[tensor, c] : {std::pair{QString("overlapped"), &b.overlapped}, std::pair{QString("plain"), &b.plain}})
        for (size_t k = 0; k < c->axes.size(); ++k)
            for (int64_t arr = 0; arr < c->arrays; ++arr)
                for (int l = 0; l < c->linesPerArray(k); ++l) {
                    const QStringList v = lines[row++].split(',');
                    QCOMPARE(v.size(), 7);
                    QCOMPARE(v[0], tensor);
                    QCOMPARE(v[1].toLongLong(), arr);
                    QCOMPARE(v[2], QString::fromStdString(lineAxisName(c->axes[k])));
                    QCOMPARE(v[3].toInt(), l);
                    QCOMPARE(v[4].toInt(), c->cellsPerLine(k));
                    const int32_t ones = c->ones[k][size_t(arr * c->linesPerArray(k) + l)];
                    QCOMPARE(v[5].toInt(), ones);
                    QCOMPARE(v[6].toInt(), adcBits(ones));
                }
}

QTEST_MAIN(TestBitlinesWindow)
#include "tst_bitlineswindow.moc"
