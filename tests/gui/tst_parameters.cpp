// Encoder options in the Parameters dock: an error bound that cannot be met is explained in
// words with the best encoding still shown, per-word shifts and an array offset decode as the
// core decodes them and survive a project round trip, and options that do nothing in the
// chosen combination say so beside the form.
#include "MainWindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace twill;

class TestParameters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void impossibleBoundIsExplained();
    void shiftsDecodeAndRoundTrip_data();
    void shiftsDecodeAndRoundTrip();
    void combinationsAreExplained();
    void longSearchStops();
};

namespace {

void waitEncoded(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 60000);
}

// Every word straight from the layout's per-direction tables, written here without the core's
// decoder: the sum of bit << significance over the word's cells, the format's sign rule (two's
// complement: the MSB weighs -2^(W-1); sign-magnitude: the MSB is the sign), << the word's
// shift, + the array's offset.
std::vector<int64_t> naiveDecode(const EditableArray &a)
{
    const Layout &l = a.layout();
    const int W = l.bits();
    std::vector<int64_t> magnitude(size_t(l.wordCount()), 0);
    std::vector<bool> top(size_t(l.wordCount()), false);
    for (int k = 0; k < l.directionCount(); ++k)
        for (int c = 0; c < l.cellCount(); ++c) {
            if (!a.bits()[size_t(c)]) continue;
            const size_t w = size_t(l.wordOf(k, c));
            const int s = l.significance(k, c);
            if (s == W - 1) top[w] = true;
            else magnitude[w] += int64_t(1) << s;
        }
    std::vector<int64_t> out(magnitude.size());
    const int64_t msb = int64_t(1) << (W - 1);
    for (size_t w = 0; w < out.size(); ++w) {
        int64_t v = magnitude[w];
        if (top[w]) {
            if (a.format() == NumberFormat::Unsigned) v += msb;
            else if (a.format() == NumberFormat::TwosComplement) v -= msb;
            else v = -v;
        }
        const int shift = a.shifts().empty() ? 0 : a.shifts()[w];
        out[w] = v * (int64_t(1) << shift) + a.offset();
    }
    return out;
}

// A small array that the exact search settles at once: 8x8 of 4-bit words.
void smallExact(MainWindow &w)
{
    w.findChild<QSpinBox *>("bits")->setValue(4);
    w.findChild<QSpinBox *>("size")->setValue(8);
    w.findChild<QComboBox *>("solver")->setCurrentText("exact");
    waitEncoded(w);
}

} // namespace

void TestParameters::impossibleBoundIsExplained()
{
    MainWindow w;
    waitEncoded(w);
    smallExact(w);
    const double best = w.array().maxAbsError();
    QVERIFY(best > 0); // random 4-bit targets do not fit 64 shared cells exactly
    auto *problem = w.findChild<QLabel *>("problem");
    w.findChild<QDoubleSpinBox *>("bound")->setValue(best - 1);
    QTRY_VERIFY_WITH_TIMEOUT(problem->text().contains("No encoding meets"), 30000);
    QVERIFY(problem->text().contains("proven"));
    QCOMPARE(w.array().maxAbsError(), best); // the best encoding stays on show
    // A bound the minimax encoding meets is quiet.
    w.findChild<QDoubleSpinBox *>("bound")->setValue(best);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && problem->text().isEmpty(), 30000);
    QCOMPARE(w.array().maxAbsError(), best);
}

void TestParameters::shiftsDecodeAndRoundTrip_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("unsigned") << "unsigned";
    QTest::newRow("twos") << "twos";
    QTest::newRow("signmag") << "signmag";
}

void TestParameters::shiftsDecodeAndRoundTrip()
{
    QFETCH(QString, format);
    QTemporaryDir dir;
    MainWindow w;
    waitEncoded(w);
    w.findChild<QComboBox *>("format")->setCurrentText(format);
    smallExact(w);
    QCOMPARE(QString::fromStdString(formatName(w.array().format())), format);
    const double plain = w.array().maxAbsError();
    w.findChild<QCheckBox *>("shift")->setChecked(true);
    w.findChild<QCheckBox *>("offset")->setChecked(true);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 30000);
    QTest::qWait(50);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), 30000);
    const EditableArray &a = w.array();
    // More freedom, certified search: never worse than without shifts and offset.
    QVERIFY2(a.maxAbsError() <= plain, qPrintable(QString("%1 > %2").arg(a.maxAbsError()).arg(plain)));
    QVERIFY(std::any_of(a.shifts().begin(), a.shifts().end(), [](int8_t s) { return s != 0; }) || a.offset() != 0);
    QCOMPARE(a.decoded(), naiveDecode(a));
    QCOMPARE(w.saveProject(dir.filePath("shift.json")), QString());
    MainWindow w2;
    waitEncoded(w2);
    QCOMPARE(w2.openProject(dir.filePath("shift.json")), QString());
    QCOMPARE(w2.array().shifts(), a.shifts());
    QCOMPARE(w2.array().offset(), a.offset());
    QCOMPARE(w2.array().decoded(), a.decoded());
    QVERIFY(w2.findChild<QCheckBox *>("shift")->isChecked());
    QCOMPARE(w2.findChild<QSpinBox *>("restarts")->value(), -1);
}

void TestParameters::combinationsAreExplained()
{
    MainWindow w;
    waitEncoded(w);
    auto *hint = w.findChild<QLabel *>("hint");
    QVERIFY(hint->text().isEmpty());
    w.findChild<QComboBox *>("solver")->setCurrentText("greedy");
    w.findChild<QDoubleSpinBox *>("timeLimit")->setValue(5);
    QVERIFY(hint->text().contains("exact search only"));
    w.findChild<QDoubleSpinBox *>("bound")->setValue(10);
    QVERIFY(hint->text().contains("without proving it impossible"));
    w.findChild<QComboBox *>("solver")->setCurrentText("exact");
    QVERIFY(!hint->text().contains("exact search only"));
    QVERIFY(!w.findChild<QSpinBox *>("maxShift")->isEnabled());
    w.findChild<QCheckBox *>("shift")->setChecked(true);
    QVERIFY(w.findChild<QSpinBox *>("maxShift")->isEnabled());
    QVERIFY(hint->text().contains("2 metadata bits per word")); // shifts 0..3
    w.findChild<QSpinBox *>("restarts")->setValue(20);
    QVERIFY(hint->text().contains("Local restarts are for solvers local and auto"));
    w.findChild<QComboBox *>("solver")->setCurrentText("local");
    QVERIFY(!hint->text().contains("Local restarts"));
}

void TestParameters::longSearchStops()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    // A certificate for 32x32 16-bit minimax needs far more than the test waits.
    w.findChild<QSpinBox *>("nodeLimit")->setValue(100000);
    w.findChild<QComboBox *>("solver")->setCurrentText("exact");
    w.findChild<QSpinBox *>("size")->setValue(32);
    QTRY_VERIFY_WITH_TIMEOUT(w.findChild<QPushButton *>("encodeCancel")->isVisible(), 10000);
    QVERIFY(w.busy());
    QVERIFY(w.findChild<QLabel *>("encodeStatus")->text().contains("searching"));
    QElapsedTimer t; // printed, not asserted: how fast Stop works is a figure, not a test
    t.start();
    w.findChild<QPushButton *>("encodeCancel")->click();
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), 30000); // without Stop the search would go on for hours
    qInfo("the search stopped %lld ms after Stop", qint64(t.elapsed()));
    QVERIFY(w.array().encoded());
    QCOMPARE(w.array().layout().geometry().rows, 32);
    // The best found so far: a real encoding, far below the error of all-zero bits.
    QVERIFY(w.array().maxAbsError() < 0.02 * w.array().fullScale());
    QVERIFY(!w.findChild<QPushButton *>("encodeCancel")->isVisible());
}

QTEST_MAIN(TestParameters)
#include "tst_parameters.moc"
