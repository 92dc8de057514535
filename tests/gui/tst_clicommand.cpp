// Edit > Copy as twill-cli command: the script it puts on the clipboard, run by /bin/sh with the
// built twill-cli, makes the array the window shows - the same targets, bits and decoded values -
// for seeded examples, other encoder options, stacks, stuck cells, and a project's custom
// pattern and targets (written by here-documents); with the Network run dock in view it also
// runs that setup, and the run's report holds the window's spec. The words are quoted so that a
// POSIX shell reads them back unchanged.
#include "BitMapView.h"
#include "CommandLine.h"
#include "MainWindow.h"
#include "NetworkRunDock.h"
#include "io/Npy.h"
#include "TestSupport.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QJsonArray>
#include <QMenu>
#include <QMenuBar>
#include <QGuiApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace twill;

namespace {

void waitEncoded(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().encoded(), 60000);
}

// The clipboard's text after Edit > Copy as twill-cli command.
QString copiedCommand(MainWindow &w)
{
    QGuiApplication::clipboard()->clear();
    auto *action = w.findChild<QAction *>("copyCliCommandAction");
    if (!action) return {};
    action->trigger();
    return QGuiApplication::clipboard()->text();
}

// /bin/sh runs the script in 'dir' with the built twill-cli first on the PATH.
test::Run runScript(const QString &script, const QString &dir, int timeoutMs = 300000)
{
    QProcess sh;
    sh.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", QFileInfo(TWILL_CLI_PATH).absolutePath() + ":" + env.value("PATH"));
    sh.setProcessEnvironment(env);
    sh.start("/bin/sh", {"-c", script});
    if (!sh.waitForFinished(timeoutMs)) sh.kill();
    return test::Run{sh.exitStatus() == QProcess::NormalExit ? sh.exitCode() : -1, QString::fromUtf8(sh.readAllStandardOutput()),
                     QString::fromUtf8(sh.readAllStandardError())};
}

// The named array of an .npz; codes as int64, bits as bytes.
template <typename T>
std::vector<T> npzArray(const std::vector<std::pair<std::string, NpyArray>> &npz, const std::string &name)
{
    for (const auto &[n, a] : npz) {
        if (n != name) continue;
        if constexpr (std::is_same_v<T, int64_t>) return a.toInt64();
        else return std::vector<T>(a.data.begin(), a.data.end());
    }
    return {};
}

// The script's .npz holds the window's targets, bits and decoded values.
void compareWithWindow(const MainWindow &w, const QString &dir)
{
    const auto npz = readNpz(QDir(dir).filePath(cli::kScriptArrayNpz).toStdString());
    const EditableArray &a = w.array();
    QVERIFY(npzArray<int64_t>(npz, "targets") == a.targets());
    QVERIFY(npzArray<uint8_t>(npz, "bits") == a.bits());
    QVERIFY(npzArray<int64_t>(npz, "decoded") == a.decoded());
}

} // namespace

class TestCliCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void editMenuOffersIt();
    void shellReadsTheWordsBack_data();
    void shellReadsTheWordsBack();
    void encodeMakesTheShownArray_data();
    void encodeMakesTheShownArray();
    void customPatternAndTargetsOfAProject();
    void runCommandRunsTheSetup();
    void runOnlyWhenItsDockIsInView();
    void invalidParametersCopyNothing();
};

void TestCliCommand::editMenuOffersIt()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    QMenu *edit = nullptr;
    for (QMenu *m : w.menuBar()->findChildren<QMenu *>())
        if (m->title() == "&Edit") edit = m;
    QVERIFY(edit);
    auto *action = w.findChild<QAction *>("copyCliCommandAction");
    QVERIFY(action && edit->actions().contains(action));
    QVERIFY(action->toolTip().contains("twill-cli encode"));
    QVERIFY(edit->toolTipsVisible());
    // TWILL_SHOT_DIR=DIR keeps a picture of the open menu (to look at it).
    if (const QString dir = qEnvironmentVariable("TWILL_SHOT_DIR"); !dir.isEmpty()) {
        edit->popup(w.mapToGlobal(QPoint(40, 20)));
        edit->setActiveAction(action);
        QTest::qWait(100);
        edit->grab().save(dir + "/edit-menu.png");
        edit->hide();
    }
}

void TestCliCommand::shellReadsTheWordsBack_data()
{
    QTest::addColumn<QString>("word");
    QTest::newRow("plain") << "twill-pattern.json";
    QTest::newRow("space") << "my data/fashion mnist";
    QTest::newRow("single quote") << "it's";
    QTest::newRow("double quote") << "say \"hi\"";
    QTest::newRow("dollar") << "$HOME and ${PATH}";
    QTest::newRow("backquote") << "`rm -rf /`";
    QTest::newRow("glob") << "fc*.weight,conv?";
    QTest::newRow("semicolon and pipe") << "a;b|c&d>e<f";
    QTest::newRow("backslash") << "C:\\models\\x.pt";
    QTest::newRow("newline") << "two\nlines";
    QTest::newRow("empty") << "";
    QTest::newRow("leading dash") << "-1";
    QTest::newRow("tilde") << "~/x";
    QTest::newRow("unicode") << QString::fromUtf8("r\u00e9seau \u2014 poids");
}

void TestCliCommand::shellReadsTheWordsBack()
{
    QFETCH(QString, word);
    // printf gives each argument back between NUL bytes, as the shell split and unquoted it.
    QProcess sh;
    sh.start("/bin/sh", {"-c", "printf '%s\\0' " + cli::shellLine({word, "next"})});
    QVERIFY(sh.waitForFinished(10000));
    const QList<QByteArray> words = sh.readAllStandardOutput().split('\0');
    QCOMPARE(words.size(), 3); // word, next, and the empty tail
    QCOMPARE(QString::fromUtf8(words[0]), word);
    QCOMPARE(QString::fromUtf8(words[1]), QString("next"));
}

void TestCliCommand::encodeMakesTheShownArray_data()
{
    QTest::addColumn<QStringList>("settings"); // objectName=value for the Parameters' fields
    QTest::newRow("default 16-bit 16x16, max, auto") << QStringList{};
    QTest::newRow("8-bit twos l2 local, restarts, seed, shift, offset")
        << QStringList{"bits=8", "format=twos", "objective=l2", "solver=local", "restarts=3", "seed=9", "shift=1",
                       "maxShift=2", "offset=1", "offsetBits=3"};
    QTest::newRow("transpose 8-bit with a bound it misses, exact")
        << QStringList{"bits=8", "pattern=transpose", "solver=exact", "bound=60", "nodeLimit=1"};
    QTest::newRow("8-bit with a bound it meets, auto, time limit") << QStringList{"bits=8", "bound=40", "timeLimit=20"};
    QTest::newRow("signmag rel greedy 12x12 6-bit") << QStringList{"bits=6", "size=12", "format=signmag", "objective=rel",
                                                                   "solver=greedy", "seed=5"};
    QTest::newRow("4-bit 4x4x4 stack") << QStringList{"bits=4", "size=4", "layers=4", "objective=l2", "solver=local"};
    QTest::newRow("stuck cells, aware") << QStringList{"bits=8", "objective=l2", "solver=local", "faultRate=7.5",
                                                       "sa1Share=30", "faultSeed=4"};
    QTest::newRow("stuck cells, unaware") << QStringList{"bits=8", "objective=l2", "solver=local", "faultRate=10",
                                                         "faultSeed=2", "faultMode=unaware"};
}

void TestCliCommand::encodeMakesTheShownArray()
{
    QFETCH(QStringList, settings);
    MainWindow w;
    waitEncoded(w);
    // As a user sets them, one field after another (each may re-encode).
    for (const QString &s : settings) {
        const QString name = s.section('=', 0, 0), value = s.section('=', 1);
        if (auto *spin = w.findChild<QSpinBox *>(name)) spin->setValue(value.toInt());
        else if (auto *real = w.findChild<QDoubleSpinBox *>(name)) real->setValue(value.toDouble());
        else if (auto *box = w.findChild<QComboBox *>(name)) box->setCurrentText(value);
        else if (auto *check = w.findChild<QCheckBox *>(name)) check->setChecked(value == "1");
        else QFAIL(qPrintable("no field " + name));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), 60000);
    waitEncoded(w);
    w.runDock()->hide(); // the encode command alone
    const QString script = copiedCommand(w);
    QVERIFY2(script.contains("twill-cli encode --random 1"), qPrintable(script)); // the seeded example
    QVERIFY2(!script.contains("retrain"), qPrintable(script));
    QTemporaryDir dir;
    const test::Run r = runScript(script, dir.path());
    // Exit code 3 says the bound was missed, as the window does.
    const double bound = w.parameters()->parameters().encoder.bound;
    QCOMPARE(r.code, bound >= 0 && w.array().maxAbsError() > bound ? 3 : 0);
    compareWithWindow(w, dir.path());
    // The report names the same parameters.
    const QJsonObject report = test::readJsonFile(QDir(dir.path()).filePath(cli::kScriptArrayJson));
    QVERIFY2(!report.isEmpty(), qPrintable(script));
}

void TestCliCommand::customPatternAndTargetsOfAProject()
{
    // A version-1 project with a custom 8x8 4-bit pattern, its targets reversed: not the seeded example's.
    QTemporaryDir projectDir;
    QJsonObject project = test::readJsonFile(TWILL_TEST_DATA "/v1-custom.twill.json");
    QJsonObject array = project["array"].toObject();
    QJsonArray targets;
    for (const QJsonValue &t : array["targets"].toArray()) targets.prepend(t);
    array["targets"] = targets;
    project["array"] = array;
    QFile file(projectDir.filePath("reversed.twill.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(project).toJson());
    file.close();
    MainWindow w;
    waitEncoded(w);
    QCOMPARE(w.openProject(file.fileName()), QString());
    QCOMPARE(qlonglong(w.array().targets().front()), qlonglong(targets.first().toInteger()));
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.encode();
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1 && !w.busy(), 60000);
    QCOMPARE(w.array().layout().pattern(), Pattern::Custom);
    w.runDock()->hide();
    const QString script = copiedCommand(w);
    QVERIFY2(script.contains(QString("cat > %1 <<'TWILL_EOF'").arg(cli::kScriptLayoutFile)), qPrintable(script));
    QVERIFY2(script.contains(QString("--input %1").arg(cli::kScriptTargetsFile)), qPrintable(script));
    QVERIFY2(script.contains(QString("--pattern %1").arg(cli::kScriptLayoutFile)), qPrintable(script));
    QVERIFY2(!script.contains("--bits"), qPrintable(script)); // the layout file gives the shape
    QTemporaryDir dir;
    const test::Run r = runScript(script, dir.path());
    QVERIFY2(r.code == 0, qPrintable(script + "\n" + r.err));
    compareWithWindow(w, dir.path());
    // A flip and a pin by hand are not in the command, and the script says so.
    QVERIFY2(!script.contains("Not in this command"), qPrintable(script));
    w.view()->flipRequested(3);
    w.view()->pinRequested(5);
    const QString edited = copiedCommand(w);
    QVERIFY2(edited.contains("# Not in this command: 1 pinned cell (twill-cli encode has no pins); 2 hand edits made "
                             "after the encoding."),
             qPrintable(edited));
}

void TestCliCommand::runCommandRunsTheSetup()
{
    // A small run: the MLP on the synthetic set, post-training encoding of fc1 and fc2 into
    // 8-bit msb-lsb arrays (l2, local search), inputs normalised as set.
    MainWindow w;
    waitEncoded(w);
    QSignalSpy spy(&w, &MainWindow::encoded);
    w.findChild<QSpinBox *>("bits")->setValue(8);
    w.findChild<QComboBox *>("objective")->setCurrentText("l2");
    w.findChild<QComboBox *>("solver")->setCurrentText("local");
    w.findChild<QSpinBox *>("restarts")->setValue(2);
    w.findChild<QSpinBox *>("seed")->setValue(3);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy() && w.array().layout().bits() == 8 && w.array().encoded(), 60000);
    NetworkRunSpec run = w.runDock()->spec();
    run.model = "mlp";
    run.data = "synthetic";
    run.trainSubset = 200;
    run.testSubset = 100;
    run.epochs = 1;
    run.mode = RetrainMode::Post;
    run.input.mean = {0.25};
    run.input.std = {0.4};
    run.keepFloat = {"fc3.weight"};
    w.runDock()->setSpec(run);
    const NetworkRunSpec shown = w.runDock()->spec();
    QCOMPARE(shown.model, std::string("mlp"));
    const QString script = copiedCommand(w);
    QVERIFY2(script.contains("twill-cli encode") && script.contains("twill-cli retrain"), qPrintable(script));
    QVERIFY2(script.contains("--normalize 0.25,0.4"), qPrintable(script));
    QVERIFY2(!script.contains("has no flag"), qPrintable(script)); // every choice of the form has its flag
    QTemporaryDir dir;
    const test::Run r = runScript(script, dir.path(), test::kRunWaitMs);
    QVERIFY2(r.code == 0, qPrintable(script + "\n" + r.err));
    compareWithWindow(w, dir.path());
    // The run the command made is the one the dock would start: the same spec in its report.
    const QJsonObject report = test::readJsonFile(QDir(dir.path()).filePath(cli::kScriptRunJson));
    QJsonObject ran = report.value("spec").toObject(), expected = shown.toJson();
    QVERIFY2(!ran.isEmpty(), qPrintable(r.out + r.err));
    ran.remove("threads");
    expected.remove("threads");
    for (const QString &key : expected.keys())
        QVERIFY2(ran.value(key) == expected.value(key),
                 qPrintable(key + ": ran " + QJsonDocument(QJsonObject{{key, ran.value(key)}}).toJson(QJsonDocument::Compact)
                            + ", set up " + QJsonDocument(QJsonObject{{key, expected.value(key)}}).toJson(QJsonDocument::Compact)));
    QCOMPARE(ran.keys(), expected.keys());
}

void TestCliCommand::runOnlyWhenItsDockIsInView()
{
    MainWindow w;
    w.show();
    waitEncoded(w);
    auto *runDock = w.runDock();
    // In front of the Sweep dock at first.
    QVERIFY(copiedCommand(w).contains("twill-cli retrain"));
    w.findChild<QDockWidget *>("sweepDock")->raise(); // its tab in front
    QTRY_VERIFY(!copiedCommand(w).contains("twill-cli retrain"));
    runDock->raise();
    QTRY_VERIFY(copiedCommand(w).contains("twill-cli retrain"));
    runDock->close();
    QVERIFY(!copiedCommand(w).contains("twill-cli retrain"));
}

void TestCliCommand::invalidParametersCopyNothing()
{
    MainWindow w;
    waitEncoded(w);
    const QString before = copiedCommand(w);
    QVERIFY(!before.isEmpty());
    w.findChild<QSpinBox *>("bits")->setValue(5); // 16 columns are not a multiple of 5
    QGuiApplication::clipboard()->setText("kept");
    w.findChild<QAction *>("copyCliCommandAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("kept"));
    QVERIFY(w.cliCommand().isEmpty());
}

QTEST_MAIN(TestCliCommand)
#include "tst_clicommand.moc"
