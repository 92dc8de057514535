#pragma once
// Where twill-cli's output goes: `-` names stdout for every file flag (the human summary then
// moves to stderr so that the data stays clean), and the help text names the command and
// lists its exit codes.
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdio>

namespace twill::cli {

// True for `-` and for any path that is this process's stdout (/dev/stdout, /dev/fd/1, ...).
bool writesToStdout(const QString &path);
// stdout, or stderr when one of the named flags writes to stdout.
FILE *summaryStream(const QCommandLineParser &p, const QStringList &fileFlags);
// True when stderr is a terminal: only then is a progress line drawn there.
bool stderrIsTerminal();

// The exit codes of a command, one line each (3 only for encode, whose --bound can fail).
QString exitCodesText(const QString &command);
// p's help with the usage line naming the command ("Usage: twill-cli retrain [options]") and,
// at the end, what `-` means and the exit codes.
QString commandHelp(const QCommandLineParser &p, const QString &command);

} // namespace twill::cli
