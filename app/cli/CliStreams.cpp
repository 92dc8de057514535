#include "CliStreams.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

#include <sys/stat.h>
#include <unistd.h>

namespace twill::cli {

bool writesToStdout(const QString &path)
{
    if (path == "-") return true;
    struct stat target {}, out {};
    if (::stat(QFile::encodeName(path).constData(), &target) != 0 || ::fstat(STDOUT_FILENO, &out) != 0) return false;
    return target.st_dev == out.st_dev && target.st_ino == out.st_ino;
}

FILE *summaryStream(const QCommandLineParser &p, const QStringList &fileFlags)
{
    for (const QString &flag : fileFlags)
        if (p.isSet(flag) && writesToStdout(p.value(flag))) return stderr;
    return stdout;
}

bool stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

QString exitCodesText(const QString &command)
{
    QString t = "Exit codes:\n"
                "  0    done\n"
                "  1    a file could not be written, or the work failed (the message says why; old files stay)\n"
                "  2    a bad flag or input (one line on stderr names it and what to do)\n";
    if (command == "encode") t += "  3    --bound was not met by some array (they are reported and written)\n";
    t += "  130  interrupted (Ctrl-C, SIGTERM): what finished is still reported and written\n";
    return t;
}

QString commandHelp(const QCommandLineParser &p, const QString &command)
{
    QString help = p.helpText();
    // Qt names only the executable, as it was started: "Usage: /usr/bin/twill-cli [options]".
    const QString program = QFileInfo(QCoreApplication::arguments().value(0, "twill-cli")).fileName();
    help.replace(QRegularExpression("^Usage: \\S+"), "Usage: " + program + " " + command);
    if (!help.endsWith('\n')) help += '\n';
    help += "\nFile flags take - for stdout (the summary then goes to stderr).\n\n" + exitCodesText(command);
    return help;
}

} // namespace twill::cli
