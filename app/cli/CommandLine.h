#pragma once
// twill-cli command lines that reproduce what the window shows: the specs written back as the
// commands' own flags (SpecFlags::arguments over encodeCommandFlags and retrainCommandFlags, so
// a flag is spelled once), quoted for a POSIX shell. The window copies them (Edit > Copy as
// twill-cli command).
#include "encode/EncodeOptions.h"
#include "spec/ArraySpec.h"
#include "spec/FaultSpec.h"
#include "spec/NetworkRunSpec.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace twill::cli {

// A word as a POSIX shell reads it back unchanged: bare when it holds only characters no shell
// treats specially, else in single quotes (a ' inside written '\'').
QString shellQuoted(const QString &word);
QString shellLine(const QStringList &words); // each word quoted, joined by spaces

// The flags of twill-cli encode for an array spec (a custom pattern as --pattern 'layoutFile',
// the file that holds its layout), the encoder's options and the stuck cells. The pattern, shape,
// number format, objective, solver and seed are always said, the rest when they differ from the
// command's defaults; the threads are left to the command (the bits do not depend on them). Keys
// that no flag of the command sets are added to 'unset'.
QStringList encodeArguments(const ArraySpec &array, const EncodeOptions &encoder, const FaultSpec &faults,
                            const QString &layoutFile, QStringList *unset = nullptr);
// The flags of twill-cli retrain for a network run (one command: --epochs trains the baseline first).
QStringList retrainArguments(const NetworkRunSpec &run, const QString &layoutFile, QStringList *unset = nullptr);

// The array a window shows, as far as the command line can make it again.
struct ShownArray {
    ArraySpec array;
    EncodeOptions encoder; // its seed is the example's seed
    FaultSpec faults;
    std::vector<int64_t> targets; // the array's codes
    int pinned = 0;               // cells pinned by hand (twill-cli encode has no pins)
    int handEdits = 0;            // flips and pins since the encoding
};

// The files the script writes in the folder it runs in.
constexpr const char *kScriptLayoutFile = "twill-pattern.json";
constexpr const char *kScriptTargetsFile = "twill-targets.csv";
constexpr const char *kScriptArrayNpz = "twill-array.npz";
constexpr const char *kScriptArrayJson = "twill-array.json";
constexpr const char *kScriptRunJson = "twill-run.json";

// A POSIX shell script that encodes the shown array with twill-cli encode (--random 1 when the
// targets are the seeded example's, else the targets written to a CSV file by a here-document;
// a custom pattern's layout likewise), writing its .npz and .json report; then, when 'run' is
// given, that network run with twill-cli retrain. Comment lines say what each command makes
// and what it cannot reproduce.
QString reproduceScript(const ShownArray &shown, const NetworkRunSpec *run);

} // namespace twill::cli
