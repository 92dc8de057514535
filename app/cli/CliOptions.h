#pragma once
// Flags shared by the twill-cli commands: layout, encoder, and the error idiom (a bad flag or
// file is one line on stderr and exit code 2).
#include "encode/EncodeOptions.h"
#include "job/JobControl.h"
#include "layout/Layout.h"
#include "util/Error.h"

#include <QCommandLineParser>

namespace twill::cli {

struct UsageError : Error {
    using Error::Error;
};

int intValue(const QCommandLineParser &p, const QString &name, int lo, int hi);
double doubleValue(const QCommandLineParser &p, const QString &name, double lo);
uint64_t seedValue(const QCommandLineParser &p, const QString &name = "seed");

void addLayoutOptions(QCommandLineParser &p);
Layout layoutFrom(const QCommandLineParser &p);
// --pattern latin-search: the seeded Latin-cube search for geometry g (progress on stderr).
Layout searchedLatinCube(const QCommandLineParser &p, const Geometry &g);
// --format --objective --bound --solver --time-limit --node-limit --restarts --shift --max-shift
// --rotate --offset --offset-bits --threads (defaults for objective and solver as given).
void addEncoderOptions(QCommandLineParser &p, const QString &defaultObjective);
EncodeOptions encoderOptionsFrom(const QCommandLineParser &p, const Layout &layout);
// Checks that the folder of each named output flag exists and is writable.
void checkOutputs(const QCommandLineParser &p, const QStringList &flags);

// -1: go on; otherwise the exit code (help printed, or a parse error reported).
int parseOrExplain(QCommandLineParser &p, const QStringList &args);

// Ctrl-C and SIGTERM cancel the given job (nullptr: none).
void cancelOnSignals(JobControl *control);

} // namespace twill::cli
