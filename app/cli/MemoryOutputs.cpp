#include "MemoryOutputs.h"

#include "CliOptions.h"
#include "CliStreams.h"
#include "io/AtomicFile.h"
#include "io/EncodeExport.h"
#include "io/MemoryImage.h"

#include <QFileInfo>
#include <QJsonObject>

namespace twill::cli {

QList<QCommandLineOption> memoryOptions(const QString &what)
{
    return {
        {"mem", "Write " + what + " as a $readmemh image: one line per physical row (tensor, array, layer, row "
                "order), column 0 the most significant bit; a manifest FILE.json beside it.", "FILE"},
        {"manifest", "With --mem: where the manifest JSON goes (default: the --mem FILE with .json appended; "
                     "none when --mem is -).", "FILE"},
        {"c-header", "Write " + what + ", maps and a decoder as a C header.", "FILE.h"},
        {"neurosim", "Write the decoded weights as NeuroSim weight CSVs into DIR (weight<k>.csv per tensor: "
                     "out-channels as columns) with layers.csv.", "DIR"},
    };
}

const QStringList &memoryFileFlags()
{
    static const QStringList flags{"mem", "manifest", "c-header"};
    return flags;
}

bool wantsMemoryFiles(const QCommandLineParser &p)
{
    return p.isSet("mem") || p.isSet("c-header") || p.isSet("neurosim");
}

void checkMemoryFormat(const QCommandLineParser &p, NumberFormat format)
{
    if (arraysPerWeight(format) == 1) return;
    for (const char *flag : {"mem", "manifest", "c-header", "neurosim"})
        if (p.isSet(flag))
            throw UsageError(std::string("--") + flag + ": the memory files describe one array a weight, and --format "
                             + formatName(format) + " takes two (P and N); drop --" + flag
                             + " and write the pair's cells with --npz");
}

MemoryOutputs checkMemoryOptions(const QCommandLineParser &p)
{
    if (p.isSet("manifest") && !p.isSet("mem")) throw UsageError("--manifest goes with --mem FILE");
    if (p.isSet("neurosim") && writesToStdout(p.value("neurosim")))
        throw UsageError("--neurosim needs a folder (it writes one CSV per layer), not stdout");
    MemoryOutputs o;
    o.manifestPath = p.value("manifest");
    if (p.isSet("mem") && !p.isSet("manifest") && !writesToStdout(p.value("mem"))) o.manifestPath = p.value("mem") + ".json";
    return o;
}

void writeMemoryFiles(const QCommandLineParser &p, const MemoryOutputs &o, const MemoryImage &image, const char *tool)
{
    if (p.isSet("mem")) {
        const std::string mem = p.value("mem").toStdString();
        const std::string memName = QFileInfo(p.value("mem")).fileName().toStdString();
        const std::string manifestName = QFileInfo(o.manifestPath).fileName().toStdString();
        writeFileAtomic(mem, image.memh(manifestName));
        if (!o.manifestPath.isEmpty()) {
            QJsonObject manifest = image.manifest(writesToStdout(p.value("mem")) ? std::string() : memName);
            manifest["tool"] = tool;
            writeJsonFile(manifest, o.manifestPath.toStdString());
        }
    }
    if (p.isSet("c-header")) {
        const QString h = p.value("c-header");
        writeFileAtomic(h.toStdString(), image.cHeader(writesToStdout(h) ? "twill_" : MemoryImage::identifierPrefix(h.toStdString())));
    }
    if (p.isSet("neurosim")) image.writeNeurosim(p.value("neurosim").toStdString());
}

} // namespace twill::cli
