#pragma once
// Helpers shared by the test suites.
#include "layout/Geometry.h"
#include "util/Error.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <functional>
#include <vector>

namespace twill::test {

// How long a suite waits for a network run (or a process that runs one) to end. A wait, not an
// assertion on time: on a loaded shared machine a run that takes 20 s alone can take minutes.
constexpr int kRunWaitMs = 900000;

// The message of the twill::Error that f throws, or an empty string when it throws none.
inline QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

// The JSON object in a file (a report, a project); empty when the file cannot be read.
inline QJsonObject readJsonFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

inline Geometry makeGeometry(int rows, int cols, int layers, int bits, std::vector<Direction> dirs)
{
    Geometry g;
    g.rows = rows;
    g.cols = cols;
    g.layers = layers;
    g.bits = bits;
    g.directions = std::move(dirs);
    return g;
}

// One layer with row and column words.
inline Geometry planar(int rows, int cols, int bits)
{
    return makeGeometry(rows, cols, 1, bits, {Direction::Row, Direction::Column});
}

// A finished process: exit code (-1 when it crashed or timed out) and its output.
struct Run {
    int code = -1;
    QString out, err;
};

// TWILL_TEST_TIMEOUT_SCALE (e.g. 4 under the sanitizers) lengthens the timeout.
inline Run runProcess(const QString &program, const QStringList &args, int timeoutMs = 180000)
{
    QProcess p;
    p.start(program, args);
    const int scale = std::max(1, qEnvironmentVariableIntValue("TWILL_TEST_TIMEOUT_SCALE"));
    if (!p.waitForFinished(timeoutMs * scale)) p.kill();
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
               QString::fromUtf8(p.readAllStandardError())};
}

#ifdef TWILL_CLI_PATH
inline Run runCli(const QStringList &args)
{
    return runProcess(TWILL_CLI_PATH, args);
}
#endif

} // namespace twill::test
