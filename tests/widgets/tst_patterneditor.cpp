// The pattern editor and the table check behind it: every problem named in words, agreement
// with the Layout constructor on small random tables, editing by mouse, files, the signal.
#include "PatternEditor.h"
#include "TestSupport.h"
#include "encode/CubePatternSearch.h"
#include "io/LayoutFile.h"
#include "layout/Layout.h"
#include "layout/LayoutCheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <random>
#include <string>
#include <vector>

using namespace twill;
using namespace twill::test;

Q_DECLARE_METATYPE(twill::Geometry)

namespace {

using Table = std::vector<std::vector<int>>;


Geometry cube(int n, int bits)
{
    return makeGeometry(n, n, n, bits, {Direction::Row, Direction::Column, Direction::Pillar});
}

Table tableOf(const Layout &l)
{
    Table t;
    for (int k = 0; k < l.directionCount(); ++k) t.push_back(l.significanceMap(k));
    return t;
}

// Cells (over all maps) whose value differs, as (map, cell) pairs.
std::vector<std::pair<int, int>> differences(const Table &a, const Table &b)
{
    std::vector<std::pair<int, int>> d;
    for (size_t k = 0; k < a.size(); ++k)
        for (size_t c = 0; c < a[k].size(); ++c)
            if (a[k][c] != b[k][c]) d.emplace_back(int(k), int(c));
    return d;
}

// "row word 3 (layer 0, row 3, columns 0..15)" from the start of a message, or "".
QString wordPrefix(const QString &message)
{
    const int close = message.indexOf(')');
    if (!message.contains(" word ") || close < 0 || message.indexOf(" word ") > close) return {};
    return message.left(close + 1);
}

QString constructorError(const Geometry &g, const Table &t)
{
    return test::errorOf([&] { Layout(g, t); });
}

} // namespace

class TestPatternEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void builtInPatternsHaveNoProblems_data();
    void builtInPatternsHaveNoProblems();
    void oneBadAssignmentNamesTheWord();
    void outOfRangeValuesNameTheCell();
    void pillarWordsAreNamed();
    void wrongShapesAreProblems();
    void agreesWithLayoutConstructor_data();
    void agreesWithLayoutConstructor();
    void wordCellsFollowTheLayout();

    void clickWithSwapKeepsTheTableValid();
    void clickWithoutSwapNamesTheWord();
    void manyProblemsAreCut();
    void rightClickPicksTheValue();
    void columnAndPillarEdits();
    void saveThenLoadRoundTrips();
    void invalidTableIsNotSaved();
    void brokenFilesKeepTheTable();
    void startButtonsAndUndo();
    void useEmitsTheTable();
    void largeGridScrolls();
    void grabShowsTheProblem();
    void opensSearchedCubeLayouts();
    void validPatternsSayTheirQuality();
};

void TestPatternEditor::builtInPatternsHaveNoProblems_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("bits");
    QTest::newRow("msb-lsb 16x16 W16") << "msb-lsb" << 16 << 1 << 16;
    QTest::newRow("msb-lsb 32x32 W8") << "msb-lsb" << 32 << 1 << 8;
    QTest::newRow("transpose 16x16 W16") << "transpose" << 16 << 1 << 16;
    QTest::newRow("transpose 8x8x8 W8") << "transpose" << 8 << 8 << 8;
    QTest::newRow("latin 8x8x8 W8") << "latin" << 8 << 8 << 8;
    QTest::newRow("latin 16x16x16 W16") << "latin" << 16 << 16 << 16;
}

void TestPatternEditor::builtInPatternsHaveNoProblems()
{
    QFETCH(QString, pattern);
    QFETCH(int, size);
    QFETCH(int, layers);
    QFETCH(int, bits);
    const Geometry g = layers > 1 ? cube(size, bits) : planar(size, size, bits);
    const Layout l = pattern == "msb-lsb" ? Layout::msbLsb(g) : pattern == "transpose" ? Layout::transpose(g)
                                                                                        : Layout::latinCube(g);
    const std::vector<std::string> problems = layoutProblems(g, tableOf(l));
    QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
}

void TestPatternEditor::oneBadAssignmentNamesTheWord()
{
    const Geometry g = planar(16, 16, 16);
    Table t = tableOf(Layout::msbLsb(g));
    // Row 3 of msb-lsb holds (3 + j) mod 16 at column j: give column 7 the value of column 2.
    t[0][size_t(g.cellIndex(0, 3, 7))] = t[0][size_t(g.cellIndex(0, 3, 2))];
    const std::vector<std::string> problems = layoutProblems(g, t);
    QCOMPARE(int(problems.size()), 1);
    QCOMPARE(QString::fromStdString(problems[0]),
             QString("row word 3 (layer 0, row 3, columns 0..15): significance 5 is used twice (columns 2 and 7) "
                     "and 10 is missing"));
    // The constructor names the same word, in the same words.
    QVERIFY(constructorError(g, t).startsWith("row word 3 (layer 0, row 3, columns 0..15)"));

    const std::vector<LayoutProblem> detail = checkLayout(g, t);
    QCOMPARE(detail[0].direction, 0);
    QCOMPARE(int(detail[0].wordCells.size()), 16);
    QCOMPARE(detail[0].badCells, (std::vector<int>{g.cellIndex(0, 3, 2), g.cellIndex(0, 3, 7)}));

    // Two repeats and two gaps in one column word.
    Table u = tableOf(Layout::transpose(planar(8, 8, 8)));
    u[1][size_t(planar(8, 8, 8).cellIndex(0, 1, 4))] = 0; // column 4 held i at row i
    u[1][size_t(planar(8, 8, 8).cellIndex(0, 6, 4))] = 0;
    u[1][size_t(planar(8, 8, 8).cellIndex(0, 7, 4))] = 3;
    QCOMPARE(QString::fromStdString(layoutProblems(planar(8, 8, 8), u).at(0)),
             QString("column word 4 (layer 0, column 4, rows 0..7): significance 0 is used three times "
                     "(rows 0, 1 and 6), 3 is used twice (rows 3 and 7) and 1, 6 and 7 are missing"));
}

void TestPatternEditor::outOfRangeValuesNameTheCell()
{
    const Geometry g = planar(16, 16, 16);
    Table t = tableOf(Layout::transpose(g));
    t[1][size_t(g.cellIndex(0, 2, 4))] = 17; // column 4 held 2 at row 2
    t[0][size_t(g.cellIndex(0, 9, 9))] = -1;
    const std::vector<std::string> problems = layoutProblems(g, t);
    QCOMPARE(int(problems.size()), 4);
    QCOMPARE(QString::fromStdString(problems[0]), QString("cell (row 9, column 9): row significance -1 is outside 0..15"));
    QCOMPARE(QString::fromStdString(problems[1]),
             QString("row word 9 (layer 0, row 9, columns 0..15): significance 9 is missing"));
    QCOMPARE(QString::fromStdString(problems[2]),
             QString("cell (row 2, column 4): column significance 17 is outside 0..15"));
    QCOMPARE(QString::fromStdString(problems[3]),
             QString("column word 4 (layer 0, column 4, rows 0..15): significance 2 is missing"));
    QVERIFY(!constructorError(g, t).isEmpty());
}

void TestPatternEditor::pillarWordsAreNamed()
{
    const Geometry g = cube(4, 2); // two pillar words per (row, column): layers 0..1 and 2..3
    Table t = tableOf(Layout::latinCube(g));
    const int cell = g.cellIndex(3, 1, 2);
    const int other = g.cellIndex(2, 1, 2);
    t[2][size_t(cell)] = t[2][size_t(other)];
    const std::vector<std::string> problems = layoutProblems(g, t);
    QCOMPARE(int(problems.size()), 1);
    const int s = t[2][size_t(cell)];
    // Pillar words are numbered (row, column, segment): row 1, column 2, segment 1.
    QCOMPARE(QString::fromStdString(problems[0]),
             QString("pillar word %1 (row 1, column 2, layers 2..3): significance %2 is used twice (layers 2 and 3) "
                     "and %3 is missing")
                 .arg((1 * 4 + 2) * 2 + 1)
                 .arg(s)
                 .arg(1 - s));
    QVERIFY(constructorError(g, t).startsWith(wordPrefix(QString::fromStdString(problems[0]))));
}

void TestPatternEditor::wrongShapesAreProblems()
{
    const Geometry g = planar(4, 4, 4);
    Table t = tableOf(Layout::msbLsb(g));
    t.pop_back();
    QCOMPARE(int(layoutProblems(g, t).size()), 1);
    t = tableOf(Layout::msbLsb(g));
    t[1].pop_back();
    QVERIFY(QString::fromStdString(layoutProblems(g, t).at(0)).contains("15 entries for 16 cells"));
    const Geometry bad = planar(6, 4, 4); // a column line of 6 cells does not hold 4-bit words
    QVERIFY(QString::fromStdString(layoutProblems(bad, Table(2, std::vector<int>(24, 0))).at(0)).contains("multiple of 4"));
}

void TestPatternEditor::agreesWithLayoutConstructor_data()
{
    QTest::addColumn<Geometry>("geometry");
    QTest::newRow("4x4 W2") << planar(4, 4, 2);
    QTest::newRow("4x4 W4") << planar(4, 4, 4);
    QTest::newRow("4x8 W4 rows only") << makeGeometry(4, 8, 1, 4, {Direction::Row});
    QTest::newRow("2x2x2 W2 cube") << cube(2, 2);
    QTest::newRow("4x4x4 W4 cube") << cube(4, 4);
}

void TestPatternEditor::agreesWithLayoutConstructor()
{
    QFETCH(Geometry, geometry);
    const Geometry &g = geometry;
    const int W = g.bits, n = g.cellCount(), K = int(g.directions.size());
    const Table starts[2] = {tableOf(Layout::transpose(g)), tableOf(Layout::msbLsb(g))};
    std::mt19937 rng(20240611);
    int valid = 0, invalid = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        Table t;
        switch (trial % 4) {
        case 0: { // anything, mostly invalid
            std::uniform_int_distribution<int> any(-1, W);
            t.assign(size_t(K), std::vector<int>(size_t(n)));
            for (auto &m : t)
                for (int &v : m) v = (rng() % 8 == 0) ? any(rng) : int(rng() % unsigned(W));
            break;
        }
        default: { // a valid pattern, shuffled inside words, then a few plain assignments
            t = starts[trial % 2];
            for (int s = 0; s < 20; ++s) {
                const int k = int(rng() % unsigned(K)), c = int(rng() % unsigned(n));
                const std::vector<int> word = wordCells(g, g.directions[size_t(k)], c);
                std::swap(t[size_t(k)][size_t(c)], t[size_t(k)][size_t(word[rng() % word.size()])]);
            }
            const int edits = int(rng() % 3);
            for (int e = 0; e < edits; ++e)
                t[rng() % unsigned(K)][rng() % unsigned(n)] = int(rng() % unsigned(W + 1)) - (rng() % 10 == 0 ? 2 : 0);
        }
        }
        const std::vector<std::string> problems = layoutProblems(g, t);
        const QString error = constructorError(g, t);
        QVERIFY2(problems.empty() == error.isEmpty(),
                 qPrintable(QString("trial %1: check says %2, constructor says '%3'")
                                .arg(trial)
                                .arg(problems.empty() ? "valid" : QString::fromStdString(problems.front()))
                                .arg(error)));
        if (problems.empty()) {
            ++valid;
            continue;
        }
        ++invalid;
        // Both name the same first word.
        QString first;
        for (const std::string &p : problems)
            if (!(first = wordPrefix(QString::fromStdString(p))).isEmpty()) break;
        QVERIFY2(error.startsWith(first), qPrintable(first + " / " + error));
    }
    QVERIFY2(valid > 300 && invalid > 300, qPrintable(QString("%1 valid, %2 invalid").arg(valid).arg(invalid)));
}

void TestPatternEditor::wordCellsFollowTheLayout()
{
    for (const Geometry &g : {planar(8, 16, 4), cube(4, 2), makeGeometry(4, 4, 8, 4, {Direction::Column, Direction::Pillar})}) {
        const Layout l = Layout::transpose(g);
        for (int k = 0; k < l.directionCount(); ++k)
            for (int c = 0; c < g.cellCount(); ++c) {
                const std::vector<int> cells = wordCells(g, g.directions[size_t(k)], c);
                QCOMPARE(int(cells.size()), g.bits);
                for (int s = 0; s < g.bits; ++s) QCOMPARE(cells[size_t(s)], l.cellOf(l.wordOf(k, c), s));
            }
    }
}

void TestPatternEditor::clickWithSwapKeepsTheTableValid()
{
    const Geometry g = planar(16, 16, 16);
    PatternEditor editor(g);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QVERIFY(editor.valid());
    auto *swap = editor.findChild<QCheckBox *>("patternSwap");
    auto *spin = editor.findChild<QSpinBox *>("patternSignificance");
    auto *label = editor.findChild<QLabel *>("patternProblems");
    QVERIFY(swap && spin && label);
    QVERIFY(swap->isChecked());
    const Table before = editor.significance();
    spin->setValue(0);
    // Row 5 holds (5 + j) mod 16: column 11 holds 0, column 9 holds 14.
    QTest::mouseClick(editor.grid(), Qt::LeftButton, Qt::NoModifier, editor.cellCenter(5, 9));
    QVERIFY(editor.valid());
    QCOMPARE(label->text(), QString("valid: every word holds each significance once"));
    const Table after = editor.significance();
    const auto diff = differences(before, after);
    QCOMPARE(int(diff.size()), 2);
    QCOMPARE(diff[0], std::make_pair(0, g.cellIndex(0, 5, 9)));
    QCOMPARE(diff[1], std::make_pair(0, g.cellIndex(0, 5, 11)));
    QCOMPARE(after[0][size_t(g.cellIndex(0, 5, 9))], 0);
    QCOMPARE(after[0][size_t(g.cellIndex(0, 5, 11))], 14);
    QVERIFY(editor.findChild<QPushButton *>("patternUse")->isEnabled());
}

void TestPatternEditor::clickWithoutSwapNamesTheWord()
{
    const Geometry g = planar(16, 16, 16);
    PatternEditor editor(g);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.findChild<QCheckBox *>("patternSwap")->setChecked(false);
    editor.findChild<QSpinBox *>("patternSignificance")->setValue(0);
    const Table before = editor.significance();
    QTest::mouseClick(editor.grid(), Qt::LeftButton, Qt::NoModifier, editor.cellCenter(5, 9));
    QVERIFY(!editor.valid());
    QCOMPARE(int(differences(before, editor.significance()).size()), 1);
    QCOMPARE(editor.problems(),
             QStringList{"row word 5 (layer 0, row 5, columns 0..15): significance 0 is used twice (columns 9 and 11) "
                         "and 14 is missing"});
    const QString text = editor.findChild<QLabel *>("patternProblems")->text();
    QVERIFY2(text.contains("row word 5 (layer 0, row 5, columns 0..15)"), qPrintable(text));
    QVERIFY(!editor.findChild<QPushButton *>("patternUse")->isEnabled());
    QVERIFY_THROWS_EXCEPTION(Error, editor.layout());

    // Undo brings the table back exactly.
    QVERIFY(editor.canUndo());
    QTest::mouseClick(editor.findChild<QPushButton *>("patternUndo"), Qt::LeftButton);
    QVERIFY(editor.valid());
    QCOMPARE(editor.significance(), before);
}

void TestPatternEditor::manyProblemsAreCut()
{
    PatternEditor editor(planar(16, 16, 16));
    editor.setSwapping(false);
    editor.setChosenSignificance(3);
    for (int i = 0; i < 11; ++i) editor.assign(editor.arrayGeometry().cellIndex(0, i, 0)); // rows 0..10, column 0
    // Row i holds i at column 0, so row 3 is unchanged and the other ten row words break.
    QCOMPARE(editor.problems().size(), 10);
    const QString text = editor.findChild<QLabel *>("patternProblems")->text();
    QVERIFY2(text.contains("row word 8 (") && text.contains("and 2 more"), qPrintable(text));
    QVERIFY(!text.contains("row word 9 (") && !text.contains("row word 10 ("));
}

void TestPatternEditor::rightClickPicksTheValue()
{
    const Geometry g = planar(16, 16, 16);
    PatternEditor editor(g);
    editor.resize(editor.sizeHint());
    const Table t = editor.significance();
    QTest::mouseClick(editor.grid(), Qt::RightButton, Qt::NoModifier, editor.cellCenter(2, 12));
    QCOMPARE(editor.chosenSignificance(), t[0][size_t(g.cellIndex(0, 2, 12))]);
    QCOMPARE(editor.significance(), t); // picking changes nothing
    QCOMPARE(editor.cellAt(editor.cellCenter(2, 12)), g.cellIndex(0, 2, 12));
    QCOMPARE(editor.cellAt(QPoint(1, 1)), -1);
}

void TestPatternEditor::columnAndPillarEdits()
{
    // Column direction in 2D: the column map changes, inside one column word.
    {
        const Geometry g = planar(16, 16, 16);
        PatternEditor editor(g);
        auto *dir = editor.findChild<QComboBox *>("patternDirection");
        QCOMPARE(dir->count(), 2);
        QVERIFY(editor.findChild<QSpinBox *>("patternLayer")->isHidden());
        dir->setCurrentIndex(1);
        QCOMPARE(editor.direction(), 1);
        editor.setChosenSignificance(15);
        const Table before = editor.significance();
        QTest::mouseClick(editor.grid(), Qt::LeftButton, Qt::NoModifier, editor.cellCenter(4, 6));
        const auto diff = differences(before, editor.significance());
        QCOMPARE(int(diff.size()), 2);
        QCOMPARE(diff[0].first, 1);
        QCOMPARE(diff[1].first, 1);
        QCOMPARE(diff[0].second % 16, 6); // both in column 6
        QCOMPARE(diff[1].second % 16, 6);
        QVERIFY(editor.valid());
    }
    // Pillar direction in a cube: the partner lies in another layer of the same pillar.
    {
        const Geometry g = cube(8, 8);
        PatternEditor editor(g);
        QCOMPARE(editor.findChild<QComboBox *>("patternDirection")->count(), 3);
        auto *layer = editor.findChild<QSpinBox *>("patternLayer");
        QVERIFY(!layer->isHidden());
        layer->setValue(3);
        QCOMPARE(editor.layer(), 3);
        editor.setDirection(2);
        const Table before = editor.significance();
        const int cell = g.cellIndex(3, 2, 5);
        editor.setChosenSignificance((before[2][size_t(cell)] + 1) % 8);
        QTest::mouseClick(editor.grid(), Qt::LeftButton, Qt::NoModifier, editor.cellCenter(2, 5));
        const auto diff = differences(before, editor.significance());
        QCOMPARE(int(diff.size()), 2);
        QCOMPARE(diff[0].first, 2);
        QCOMPARE(diff[1].first, 2);
        const int plane = g.rows * g.cols;
        QCOMPARE(diff[0].second % plane, cell % plane);
        QCOMPARE(diff[1].second % plane, cell % plane);
        QVERIFY(diff[0].second / plane != diff[1].second / plane);
        QVERIFY(editor.valid());
        QCOMPARE(editor.layout().geometry().layers, 8);
    }
}

void TestPatternEditor::saveThenLoadRoundTrips()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Geometry g = planar(16, 16, 16);
    PatternEditor editor(g);
    std::mt19937 rng(7);
    for (int e = 0; e < 40; ++e) { // swaps in both directions
        editor.setDirection(int(rng() % 2));
        editor.setChosenSignificance(int(rng() % 16));
        editor.assign(int(rng() % unsigned(g.cellCount())));
    }
    QVERIFY(editor.valid());
    const Table edited = editor.significance();
    QVERIFY(edited != tableOf(Layout::msbLsb(g)));
    const QString path = dir.filePath("custom.json");
    QCOMPARE(editor.saveFile(path), QString());
    QCOMPARE(tableOf(loadLayout(path.toStdString())), edited);
    QCOMPARE(loadLayout(path.toStdString()).patternName(), std::string("custom"));

    PatternEditor other(g);
    QCOMPARE(other.loadFile(path), QString());
    QCOMPARE(other.significance(), edited);
    QVERIFY(other.valid());
    QVERIFY(other.canUndo()); // loading is an edit like any other
}

void TestPatternEditor::invalidTableIsNotSaved()
{
    QTemporaryDir dir;
    PatternEditor editor(planar(8, 8, 8));
    editor.setSwapping(false);
    editor.setChosenSignificance(0);
    editor.assign(editor.arrayGeometry().cellIndex(0, 1, 1));
    QVERIFY(!editor.valid());
    const QString path = dir.filePath("bad.json");
    const QString why = editor.saveFile(path);
    QVERIFY2(why.contains("not valid") && why.contains("row word 1"), qPrintable(why));
    QVERIFY(!QFile::exists(path));
}

void TestPatternEditor::brokenFilesKeepTheTable()
{
    QTemporaryDir dir;
    const Geometry g = planar(8, 8, 8);
    PatternEditor editor(g);
    editor.assign(g.cellIndex(0, 0, 0));
    const Table table = editor.significance();
    auto write = [&](const QString &name, const QByteArray &text) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly)) return QString();
        f.write(text);
        return dir.filePath(name);
    };
    // Not JSON.
    QString why = editor.loadFile(write("broken.json", "{ \"format\": \"twill-layout\", "));
    QVERIFY2(why.contains("not valid JSON"), qPrintable(why));
    QCOMPARE(editor.significance(), table);
    // Valid JSON, but a word repeats a significance: the message names the word.
    std::string json = layoutJson(Layout::transpose(g));
    const std::string firstRow = "[0,1,2,3,4,5,6,7]";
    QVERIFY(json.find(firstRow) != std::string::npos);
    json.replace(json.find(firstRow), firstRow.size(), "[0,1,2,3,4,5,6,6]");
    why = editor.loadFile(write("dup.json", QByteArray::fromStdString(json)));
    QVERIFY2(why.contains("row word 0") && why.contains("repeats significance 6"), qPrintable(why));
    QCOMPARE(editor.significance(), table);
    // A missing file, and a pattern for another geometry.
    QVERIFY(!editor.loadFile(dir.filePath("nothere.json")).isEmpty());
    const QString other = dir.filePath("other.json");
    saveLayout(Layout::msbLsb(planar(16, 16, 16)), other.toStdString());
    why = editor.loadFile(other);
    QVERIFY2(why.contains("16 x 16") && why.contains("8 x 8"), qPrintable(why));
    QCOMPARE(editor.significance(), table);
}

void TestPatternEditor::startButtonsAndUndo()
{
    const Geometry g = planar(8, 8, 8);
    PatternEditor editor(g);
    QCOMPARE(editor.significance(), tableOf(Layout::msbLsb(g)));
    QVERIFY(!editor.canUndo());
    QTest::mouseClick(editor.findChild<QPushButton *>("patternTranspose"), Qt::LeftButton);
    QCOMPARE(editor.significance(), tableOf(Layout::transpose(g)));
    QTest::mouseClick(editor.findChild<QPushButton *>("patternMsbLsb"), Qt::LeftButton);
    QCOMPARE(editor.significance(), tableOf(Layout::msbLsb(g)));
    editor.undo();
    QCOMPARE(editor.significance(), tableOf(Layout::transpose(g)));
    editor.undo();
    QCOMPARE(editor.significance(), tableOf(Layout::msbLsb(g)));
    QVERIFY(!editor.canUndo());
    QVERIFY(!editor.findChild<QPushButton *>("patternUndo")->isEnabled());

    // setLayout with another geometry adopts it and starts a fresh history.
    editor.setLayout(Layout::transpose(planar(4, 8, 4)));
    QCOMPARE(editor.arrayGeometry().rows, 4);
    QCOMPARE(editor.findChild<QSpinBox *>("patternSignificance")->maximum(), 3);
    QVERIFY(!editor.canUndo());
    QVERIFY(editor.valid());
}

void TestPatternEditor::useEmitsTheTable()
{
    const Geometry g = planar(16, 16, 16);
    PatternEditor editor(g);
    editor.setChosenSignificance(2);
    editor.assign(g.cellIndex(0, 7, 7));
    std::vector<Layout> accepted;
    connect(&editor, &PatternEditor::layoutAccepted, this, [&](const Layout &l) { accepted.push_back(l); });
    QTest::mouseClick(editor.findChild<QPushButton *>("patternUse"), Qt::LeftButton);
    QCOMPARE(int(accepted.size()), 1);
    QCOMPARE(accepted[0].patternName(), std::string("custom"));
    QCOMPARE(tableOf(accepted[0]), editor.significance());

    // While invalid the button is disabled and a click emits nothing.
    editor.setSwapping(false);
    editor.assign(g.cellIndex(0, 0, 0));
    QTest::mouseClick(editor.findChild<QPushButton *>("patternUse"), Qt::LeftButton);
    QCOMPARE(int(accepted.size()), 1);
}

void TestPatternEditor::largeGridScrolls()
{
    const Geometry g = planar(64, 64, 16);
    PatternEditor editor(g);
    editor.resize(900, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *scroll = editor.findChild<QScrollArea *>("patternScroll");
    QVERIFY(scroll);
    const QRect a = QRect(editor.cellCenter(0, 0), editor.cellCenter(0, 1));
    QVERIFY(a.width() - 1 >= 20); // cells at least 20 px apart
    QVERIFY(editor.grid()->width() > scroll->viewport()->width());
    // The last cell is reachable: scroll to it and click.
    scroll->ensureVisible(editor.cellCenter(63, 63).x(), editor.cellCenter(63, 63).y());
    editor.setSwapping(false);
    editor.setChosenSignificance(0);
    QTest::mouseClick(editor.grid(), Qt::LeftButton, Qt::NoModifier, editor.cellCenter(63, 63));
    QCOMPARE(editor.significance()[0][size_t(g.cellIndex(0, 63, 63))], 0);
    QVERIFY(!editor.valid());
    QVERIFY(!editor.grid()->grab().isNull());
}

void TestPatternEditor::grabShowsTheProblem()
{
    const Geometry g = planar(16, 16, 16);
    PatternEditor editor(g);
    editor.resize(editor.sizeHint());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    // The whole 16 x 16 grid is in view without scrolling.
    auto *scroll = editor.findChild<QScrollArea *>("patternScroll");
    QVERIFY(scroll->viewport()->width() >= editor.grid()->width());
    QVERIFY(scroll->viewport()->height() >= editor.grid()->height());

    editor.setSwapping(false);
    editor.setChosenSignificance(15);
    QTest::mouseClick(editor.grid(), Qt::LeftButton, Qt::NoModifier, editor.cellCenter(4, 2));
    QVERIFY(!editor.valid());
    QCoreApplication::processEvents(); // let the layout make room for the message
    editor.resize(editor.sizeHint());
    QCoreApplication::processEvents();
    const QImage shot = editor.grab().toImage();
    QVERIFY(!shot.isNull() && shot.width() > 400 && shot.height() > 400);
    if (qEnvironmentVariableIsSet("TWILL_TEST_SCREENSHOTS")) // for looking at it by eye
        QVERIFY(shot.save(qEnvironmentVariable("TWILL_TEST_SCREENSHOTS") + "/patterneditor.png"));

    // Row 4's word is outlined in red: its top edge, above a cell, is red; row 8's is not.
    const QImage grid = editor.grid()->grab().toImage();
    const int pitch = editor.cellCenter(1, 0).y() - editor.cellCenter(0, 0).y();
    const QPoint top = editor.cellCenter(4, 6) - QPoint(0, (pitch - 1) / 2 - 1); // just inside row 4's top edge
    const QColor red = grid.pixelColor(top);
    QVERIFY2(red.red() > 180 && red.green() < 80 && red.blue() < 80, qPrintable(red.name()));
    const QPoint clean = top + QPoint(0, 4 * pitch);
    QVERIFY(grid.pixelColor(clean) != red);
}

void TestPatternEditor::opensSearchedCubeLayouts()
{
    // A 16-bit 16x16x16 Latin cube from the pattern search, as twill-cli layout writes it.
    const Geometry g = cube(16, 16);
    auto perms = latinPermutations(16);
    std::swap(perms[1][0], perms[1][5]);
    std::swap(perms[2][3], perms[2][9]);
    const Layout searched = latinCubeOf(g, perms);
    QTemporaryDir dir;
    const QString path = dir.filePath("latin-search-16.json");
    saveLayout(searched, path.toStdString());

    PatternEditor editor(g); // the array's shape: a 16-cube
    QCOMPARE(editor.loadFile(path), QString());
    QVERIFY(editor.valid());
    QCOMPARE(editor.significance(), tableOf(searched));
    // Every layer is there: the layer box walks them, the pillar map included.
    auto *layerBox = editor.findChild<QSpinBox *>("patternLayer");
    QVERIFY(!layerBox->isHidden());
    QCOMPARE(layerBox->maximum(), 15);
    layerBox->setValue(11);
    QCOMPARE(editor.layer(), 11);
    editor.setDirection(2);
    const int cell = g.cellIndex(11, 4, 7);
    editor.pick(cell);
    QCOMPARE(editor.chosenSignificance(), perms[2][(4 + 7 + 11) % 16]);
    // Saved again, it loads as the same table, and Use hands the window the cube.
    const QString again = dir.filePath("again.json");
    QCOMPARE(editor.saveFile(again), QString());
    QCOMPARE(tableOf(loadLayout(again.toStdString())), tableOf(searched));
    std::vector<Layout> accepted;
    connect(&editor, &PatternEditor::layoutAccepted, this, [&](const Layout &l) { accepted.push_back(l); });
    QTest::mouseClick(editor.findChild<QPushButton *>("patternUse"), Qt::LeftButton);
    QCOMPARE(int(accepted.size()), 1);
    QCOMPARE(accepted[0].geometry().layers, 16);
    QCOMPARE(tableOf(accepted[0]), tableOf(searched));

    editor.resize(editor.sizeHint());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    const QImage shot = editor.grab().toImage();
    QVERIFY(!shot.isNull());
    if (qEnvironmentVariableIsSet("TWILL_TEST_SCREENSHOTS"))
        QVERIFY(shot.save(qEnvironmentVariable("TWILL_TEST_SCREENSHOTS") + "/patterneditor-cube.png"));

    // An editor of another shape says what to do instead of changing its table.
    PatternEditor flat(planar(16, 16, 16));
    const Table before = flat.significance();
    const QString why = flat.loadFile(path);
    QVERIFY2(why.contains("16 x 16 x 16") && why.contains("Layers"), qPrintable(why));
    QCOMPARE(flat.significance(), before);
}

QTEST_MAIN(TestPatternEditor)
void TestPatternEditor::validPatternsSayTheirQuality()
{
    // A valid pattern names the cell where two words' highest bits meet, and a quick encode
    // predicts its error: transpose (MSB meets MSB) worse than msb-lsb.
    const Geometry g = planar(16, 16, 16);
    PatternEditor editor(g);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *quality = editor.findChild<QLabel *>("patternQuality");
    QVERIFY(quality);
    auto worst = [&editor, &g]() {
        // Naively: the largest smaller significance of a cell's two words, then the largest sum.
        const Table t = editor.significance();
        int cell = 0, low = -1, sum = -1;
        for (int c = 0; c < g.cellCount(); ++c) {
            const int a = t[0][size_t(c)], b = t[1][size_t(c)];
            if (std::min(a, b) > low || (std::min(a, b) == low && a + b > sum)) {
                cell = c;
                low = std::min(a, b);
                sum = a + b;
            }
        }
        return QString("row bit %1 and column bit %2 meet in cell (row %3, column %4)")
            .arg(t[0][size_t(cell)]).arg(t[1][size_t(cell)]).arg(cell / g.cols).arg(cell % g.cols);
    };
    auto predicted = [&editor]() {
        const QString p = editor.predictionText();
        const int at = p.indexOf("max ");
        return p.mid(at + 4, p.indexOf(' ', at + 4) - at - 4).toDouble();
    };
    editor.setLayout(Layout::msbLsb(g));
    QVERIFY(editor.valid());
    QVERIFY2(editor.collisionText().contains(worst()), qPrintable(editor.collisionText() + " / " + worst()));
    QVERIFY(!editor.collisionText().contains("bit 15 and column bit 15"));
    QTRY_VERIFY_WITH_TIMEOUT(!editor.predictionText().isEmpty(), 10000);
    QVERIFY(quality->isVisible() && quality->text().contains(editor.predictionText()));
    const double msbLsb = predicted();
    editor.setLayout(Layout::transpose(g));
    QVERIFY(editor.valid());
    QVERIFY2(editor.collisionText().contains("row bit 15 and column bit 15"), qPrintable(editor.collisionText()));
    QVERIFY(editor.collisionText().contains(worst()));
    QTRY_VERIFY_WITH_TIMEOUT(!editor.predictionText().isEmpty(), 10000);
    const double transpose = predicted();
    QVERIFY2(msbLsb > 0 && transpose > 2 * msbLsb, qPrintable(QString("%1 vs %2").arg(transpose).arg(msbLsb)));
}

#include "tst_patterneditor.moc"
