#pragma once
// The hardware files of twill-cli encode and retrain: --mem ($readmemh image with its manifest),
// --manifest, --c-header and --neurosim, declared, checked and written in one place.
#include "quant/NumberFormat.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

namespace twill {
class MemoryImage;
}

namespace twill::cli {

// 'what' names what the files hold ("the cells", "every encoded tensor's cells").
QList<QCommandLineOption> memoryOptions(const QString &what);
// The flags above that name a single file (for checkOutputs and the `-` rules); --neurosim is a folder.
const QStringList &memoryFileFlags();
bool wantsMemoryFiles(const QCommandLineParser &p);

struct MemoryOutputs {
    QString manifestPath; // the --manifest, or the --mem FILE with .json appended (none for -)
};
// Throws UsageError naming the first memory file flag given for a format they cannot describe
// (a differential pair's two arrays a weight).
void checkMemoryFormat(const QCommandLineParser &p, twill::NumberFormat format);
// Throws UsageError for --manifest without --mem and --neurosim to stdout.
MemoryOutputs checkMemoryOptions(const QCommandLineParser &p);
// Writes every file asked for, each atomically; 'tool' goes into the manifest.
void writeMemoryFiles(const QCommandLineParser &p, const MemoryOutputs &o, const MemoryImage &image, const char *tool);

} // namespace twill::cli
