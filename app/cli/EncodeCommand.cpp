#include "EncodeCommand.h"

#include "CliOptions.h"
#include "CliStreams.h"
#include "MemoryOutputs.h"
#include "ProgressLine.h"

#include "encode/ChunkedEncode.h"
#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "io/CodesFile.h"
#include "io/EncodeExport.h"
#include "io/EncodeOutputStream.h"
#include "io/FaultFile.h"
#include "io/LayoutFile.h"
#include "io/MemoryImage.h"
#include "io/Npy.h"
#include "util/Error.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <chrono>
#include <cmath>
#include <memory>
#include <csignal>
#include <cstdio>
#include <thread>

namespace twill::cli {


int runEncode(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Encode arrays of integer weight codes into overlapped transposable-array bits.");
    p.addHelpOption();
    const SpecFlags flags = encodeCommandFlags();
    flags.addTo(p);
    p.addOptions({
        {"random", "Encode N arrays of uniform random codes (seeded by --seed).", "N"},
        {"input", "Codes to encode: .npy integer array [arrays, words], CSV with one array per line, or a .npy "
                  "of any other shape: a whole tensor, cut into arrays in C order.", "FILE"},
        {"json", "Write the report (parameters, summary, per-array figures) as JSON.", "FILE"},
        {"npz", "Write bits, targets, decoded values and the layout tables as .npz.", "FILE"},
        {"quiet", "No progress line (it is drawn on stderr only when stderr is a terminal)."},
    });
    p.addOptions(memoryOptions("the cells"));
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;

    try {
        const QJsonObject json = flags.json(p);
        QJsonObject search;
        const ArraySpec spec = arraySpecFrom(p, flags, json, &search);
        const Layout layout = asUsage(flags, [&] { return spec.layout(); });
        const EncodeOptions o = encodeOptionsFrom(flags, json, spec.pattern);
        if (p.isSet("random") == p.isSet("input"))
            throw UsageError("give exactly one input: --random N (with --seed S) or --input FILE");
        const FaultSpec faults = asUsage(flags, [&] { return FaultSpec::fromJson(json["faults"].toObject()); });
        requireFaultsFor(p, {"fault-seed", "fault-unaware"});
        if (faults.any() && arraysPerWeight(o.format) > 1)
            throw UsageError("--faults: stuck-at faults are not modelled for --format " + formatName(o.format)
                             + " (two arrays a weight) yet; drop --faults or use unsigned, twos or signmag");
        checkMemoryFormat(p, o.format);
        const FaultMap faultMap = asUsage(flags, [&] { return faultMapFor(faults, layout.geometry()); });

        // The codes stay whole (8 bytes a code); everything else goes a chunk of arrays at a time.
        std::vector<int64_t> codes;
        bool tensor = false;
        if (p.isSet("random")) {
            const int64_t n = intValue(p, "random", 1, 100000000);
            try {
                codes = randomTargets(n, layout.wordCount(), o.format, layout.bits(), o.seed);
            } catch (const Error &e) {
                throw UsageError(e.what());
            }
        } else {
            int64_t ignored = 0;
            try {
                codes = readCodes(p.value("input").toStdString(), layout.wordCount(), ignored, tensor);
            } catch (const Error &e) {
                throw UsageError(e.what());
            }
        }
        const int64_t arrays = arraysOf(codes, tensor, layout.wordCount());
        const int64_t validWords = tensor ? int64_t(codes.size()) : -1;
        const MemoryOutputs memory = checkMemoryOptions(p);
        const QStringList fileFlags = QStringList{"json", "npz"} + memoryFileFlags();
        checkOutputs(p, fileFlags + QStringList{"neurosim"});
        int toStdout = 0;
        for (const QString &f : fileFlags) toStdout += p.isSet(f) && writesToStdout(p.value(f));
        if (toStdout > 1) throw UsageError("only one file flag can write to stdout (-)");
        FILE *const out = summaryStream(p, fileFlags);

        std::unique_ptr<Encoder> encoderPtr;
        try {
            encoderPtr = std::make_unique<Encoder>(layout, o);
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        const Encoder &encoder = *encoderPtr;
        ProgressLine progress(!p.isSet("quiet"));
        JobControl control([&](double fraction, const std::string &message) { progress.update(fraction, message); });
        cancelOnSignals(&control);

        // The memory image, C header and NeuroSim files are written from every array's result at
        // once, so only they keep the results; the report and the .npz are streamed.
        const bool keepResults = wantsMemoryFiles(p);
        std::vector<ArrayResult> results;
        EncodeSummaryBuilder summary(encoder), healthy(encoder);
        int64_t stuckCells = 0, stuckAt1 = 0;
        EncodeOutputStream outputs(encoder, p.isSet("json") ? p.value("json").toStdString() : std::string(),
                                   p.isSet("npz") ? p.value("npz").toStdString() : std::string(), faults.any());
        const int64_t padCode = std::max<int64_t>(0, codeMin(o.format, layout.bits()));
        const int64_t chunk = std::max<int64_t>(4096, int64_t(64) * o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        try {
            encodeInChunks(encoder, codes, tensor, padCode, chunk, &control, [&](const EncodeChunk &c) {
                summary.add(c.targets.data(), c.results, c.validWords);
                if (!c.stuck.empty()) {
                    healthy.add(c.targets.data(), c.faultFree, c.validWords);
                    for (int8_t x : c.stuck) {
                        stuckCells += x >= 0;
                        stuckAt1 += x == 1;
                    }
                }
                outputs.add(c);
                if (keepResults) results.insert(results.end(), c.results.begin(), c.results.end());
            }, ChunkFaults{&faultMap, faults.unaware});
        } catch (const Error &e) {
            cancelOnSignals(nullptr);
            progress.clear();
            throw UsageError(e.what());
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        cancelOnSignals(nullptr);
        progress.clear();
        const bool cancelled = control.cancelled();
        const EncodeSummary s = summary.finish(seconds);

        const Geometry &g = layout.geometry();
        std::fprintf(out, "twill encode: %s pattern, %dx%dx%d, %d-bit %s, objective %s, solver %s\n", layout.patternName().c_str(),
                    g.rows, g.cols, g.layers, g.bits, formatName(o.format).c_str(), objectiveName(o.objective).c_str(),
                    solverName(o.solver).c_str());
        if (cancelled)
            std::fprintf(out, "  interrupted: %lld of %lld arrays were encoded; the figures and files cover those\n",
                        (long long)s.arrays, (long long)arrays);
        if (validWords >= 0)
            std::fprintf(out, "  tensor of %lld codes cut into %lld arrays (%lld padding words, ignored)\n",
                        (long long)validWords, (long long)arrays, (long long)(arrays * layout.wordCount() - validWords));
        if (faults.any()) {
            const int64_t cells = s.arrays * layout.cellCount();
            std::fprintf(out, "  faults: %s; %lld of %lld cells stuck (%.3f%%), %lld at 1; %s\n", faults.describe().c_str(),
                        (long long)stuckCells, (long long)cells, cells ? 100.0 * double(stuckCells) / double(cells) : 0.0,
                        (long long)stuckAt1,
                        faults.unaware ? "encoded as if healthy, then overwritten by the stuck cells"
                                       : "fault-aware: stuck cells are pins");
        }
        if (arraysPerWeight(o.format) > 1)
            std::fprintf(out, "  differential pair: every array of weights is %d arrays of %d cells (P - N), %.4g cells "
                              "per weight\n",
                         arraysPerWeight(o.format), layout.cellCount(),
                         double(encoder.cellCount()) / double(layout.wordCount()));
        std::fprintf(out, "  arrays %lld, words %lld, effective capacity %.4f (metadata %d bits/array)\n",
                    (long long)s.arrays, (long long)s.words, s.effectiveCapacity, s.metadataBitsPerArray);
        std::fprintf(out, "  |error| LSB:  mean %.3f  rms %.3f  max %.0f\n", s.meanAbsLsb, s.rmsLsb, s.maxAbsLsb);
        std::fprintf(out, "  %% of full scale:  mean %.4f  mean per-array max %.4f  max %.4f\n", s.meanPctFs,
                    s.meanArrayMaxPctFs, s.maxPctFs);
        std::fprintf(out, "  %% relative to target (v != 0):  mean %.4f  max %.4f\n", s.meanPctRel, s.maxPctRel);
        std::fprintf(out, "  certified optimal %.1f%%, %.1f arrays/s on %d thread(s), %.3f s\n", 100.0 * s.certifiedFraction,
                    s.arraysPerSecond, o.threads, seconds);
        EncodeSummary h;
        if (faults.any()) {
            h = healthy.finish(seconds);
            std::fprintf(out, "  the same arrays healthy (no stuck cells): |error| LSB mean %.3f rms %.3f max %.0f; "
                              "%% FS mean %.4f, mean per-array max %.4f\n",
                        h.meanAbsLsb, h.rmsLsb, h.maxAbsLsb, h.meanPctFs, h.meanArrayMaxPctFs);
        }
        // What the figures could be at best: the bound the search proved for these arrays, and
        // what no encoder beats on uniform random codes of this shape.
        if (o.objective == Objective::Max)
            std::fprintf(out, "  lower bound proven on these arrays: mean per-array max %.4f %% FS\n", s.meanLowerBoundPctFs);
        std::fprintf(out, "  information bound (uniform random codes): mean per-array max %.4f %% FS, rms %.4f %% FS\n",
                    s.informationMaxPctFs, s.informationRmsPctFs);
        int rc = 0;
        if (o.bound >= 0) {
            const int64_t infeasible = s.arrays - int64_t(std::llround(s.feasibleFraction * double(s.arrays)));
            if (infeasible > 0) {
                std::fprintf(out, "  bound %.6g LSB NOT met by %lld array(s) (%lld proven impossible); best max reached "
                            "%.0f LSB\n",
                            o.bound, (long long)infeasible, (long long)s.infeasibleCertified, s.maxAbsLsb);
                rc = 3;
            } else {
                std::fprintf(out, "  bound %.6g LSB met by every array\n", o.bound);
            }
        }
        QJsonObject extra;
        if (!search.isEmpty()) extra["pattern_search"] = search;
        if (faults.any()) {
            QJsonObject f = faults.toJson();
            f["cells"] = double(s.arrays * layout.cellCount());
            f["stuck_cells"] = double(stuckCells);
            f["stuck_at_1"] = double(stuckAt1);
            f["fault_free_summary"] = encodeSummaryJson(h);
            extra["faults"] = f;
        }
        outputs.finish(s, cancelled, extra);
        if (keepResults) {
            // One tensor: the input's shape when it was a whole tensor (and every array finished), else
            // [arrays, words].
            MemoryTensor t;
            t.name = "codes";
            t.arrays = &results;
            const int64_t done = int64_t(results.size()) * layout.wordCount();
            t.values = validWords >= 0 ? std::min(validWords, done) : done;
            if (validWords >= 0 && t.values == validWords) t.shape = readNpy(p.value("input").toStdString()).shape;
            else if (validWords < 0) t.shape = {int64_t(results.size()), layout.wordCount()};
            MemoryImage image(encoder);
            image.addTensor(std::move(t));
            writeMemoryFiles(p, memory, image, "twill-cli encode");
        }
        return cancelled ? 130 : rc;
    } catch (const UsageError &e) {
        std::fprintf(stderr, "twill-cli encode: %s\n", e.what());
        return 2;
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-cli encode: %s\n", e.what());
        return 1;
    }
}

int runLayout(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Write a layout as JSON (to edit into a custom pattern), or check one.");
    p.addHelpOption();
    SpecFlags flags;
    flags.add(arrayFlags("array.")).add(patternSearchFlags("pattern_search."));
    flags.addTo(p);
    p.addOption({"out", "Where to write the layout JSON (default and -: stdout).", "FILE"});
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;
    try {
        const ArraySpec spec = arraySpecFrom(p, flags, flags.json(p));
        const Layout layout = asUsage(flags, [&] { return spec.layout(); });
        if (p.isSet("out") && !writesToStdout(p.value("out"))) {
            saveLayout(layout, p.value("out").toStdString());
            std::printf("wrote %s: %s, %d words in %d cells\n", qPrintable(p.value("out")), layout.patternName().c_str(),
                        layout.wordCount(), layout.cellCount());
        } else {
            std::printf("%s\n", layoutJson(layout).c_str());
        }
        return 0;
    } catch (const UsageError &e) {
        std::fprintf(stderr, "twill-cli layout: %s\n", e.what());
        return 2;
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-cli layout: %s\n", e.what());
        return 1;
    }
}

} // namespace twill::cli
