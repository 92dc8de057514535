#pragma once
// What the twill-cli commands share: the error idiom (a bad flag or file is one line on stderr
// and exit code 2), numbers of flags that are not spec options, specs from flags, outputs,
// signals.
#include "SpecFlags.h"
#include "encode/EncodeOptions.h"
#include "job/JobControl.h"
#include "spec/ArraySpec.h"
#include "spec/NetworkRunSpec.h"
#include "util/Error.h"

#include <QCommandLineParser>

namespace twill::cli {

struct UsageError : Error {
    using Error::Error;
};

int intValue(const QCommandLineParser &p, const QString &name, int lo, int hi);

// The array spec of the flags (under key "array" of 'json', from SpecFlags::json): --pattern
// FILE.json reads a layout file, which then defines the shape; rows and columns default to W.
// --pattern latin-search runs the seeded Latin-cube search on that shape (its options under key
// "pattern_search", the cubes in the encoder's number format; progress on stderr) and gives its
// layout as a custom pattern; 'search', when given, then receives the search's options and
// figures (the report's "pattern_search") and stays empty otherwise.
ArraySpec arraySpecFrom(const QCommandLineParser &p, const SpecFlags &flags, const QJsonObject &json,
                        QJsonObject *search = nullptr);
// The encoder options of the flags (key "encoder" of 'json'), checked against the pattern;
// threads default to all cores.
EncodeOptions encodeOptionsFrom(const SpecFlags &flags, const QJsonObject &json, Pattern pattern,
                                const EncodeOptions &defaults = EncodeOptions());
// The network run of the flags: 'json' with the array spec read as above.
NetworkRunSpec networkRunSpecFrom(const QCommandLineParser &p, const SpecFlags &flags, QJsonObject json);

// Runs f, turning a SpecError into the flags' words and any other Error into a UsageError.
template <typename F>
auto asUsage(const SpecFlags &flags, F f)
{
    try {
        return f();
    } catch (const SpecError &e) {
        throw UsageError(flags.message(e));
    } catch (const UsageError &) {
        throw;
    } catch (const WriteError &) {
        throw; // the input was fine: exit 1
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
}

// Checks that the folder of each named output flag exists and is writable.
void checkOutputs(const QCommandLineParser &p, const QStringList &flags);
// UsageError when one of these fault flags is given without --faults.
void requireFaultsFor(const QCommandLineParser &p, const QStringList &flags);

// -1: go on; otherwise the exit code (help printed, or a parse error reported). Arguments other
// than flags are refused unless the command takes files.
int parseOrExplain(QCommandLineParser &p, const QStringList &args, bool takesFiles = false);

// Ctrl-C and SIGTERM cancel the given job (nullptr: none).
void cancelOnSignals(JobControl *control);

} // namespace twill::cli
