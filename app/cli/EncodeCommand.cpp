#include "EncodeCommand.h"

#include "CliOptions.h"

#include "encode/ChunkedEncode.h"
#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "io/CodesFile.h"
#include "io/EncodeOutputStream.h"
#include "io/LayoutFile.h"
#include "util/Error.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <chrono>
#include <cmath>
#include <memory>
#include <csignal>
#include <cstdio>
#include <thread>

#include <unistd.h>

namespace twill::cli {


int runEncode(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Encode arrays of integer weight codes into overlapped transposable-array bits.");
    p.addHelpOption();
    addLayoutOptions(p);
    addEncoderOptions(p, "max");
    p.addOptions({
        {"random", "Encode N arrays of uniform random codes (seeded by --seed).", "N"},
        {"input", "Codes to encode: .npy integer array [arrays, words], CSV with one array per line, or a .npy "
                  "of any other shape: a whole tensor, cut into arrays in C order.", "FILE"},
        {"json", "Write the report (parameters, summary, per-array figures) as JSON.", "FILE"},
        {"npz", "Write bits, targets, decoded values and the layout tables as .npz.", "FILE"},
        {"quiet", "No progress on stderr (it is shown only when stderr is a terminal)."},
    });
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;

    try {
        const Layout layout = layoutFrom(p);
        const EncodeOptions o = encoderOptionsFrom(p, layout);
        if (p.isSet("random") == p.isSet("input"))
            throw UsageError("give exactly one input: --random N (with --seed S) or --input FILE");

        // The codes stay whole (8 bytes a code); everything else goes a chunk of arrays at a time.
        std::vector<int64_t> codes;
        bool tensor = false;
        if (p.isSet("random")) {
            const int64_t n = intValue(p, "random", 1, 100000000);
            codes = randomTargets(n, layout.wordCount(), o.format, layout.bits(), o.seed);
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
        checkOutputs(p, {"json", "npz"});

        std::unique_ptr<Encoder> encoderPtr;
        try {
            encoderPtr = std::make_unique<Encoder>(layout, o);
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        const Encoder &encoder = *encoderPtr;
        // Progress with an estimate of the time left, on a terminal only (no carriage returns
        // into a redirected stderr).
        const bool progress = !p.isSet("quiet") && isatty(fileno(stderr));
        const auto t0 = std::chrono::steady_clock::now();
        auto lastReport = t0;
        bool reported = false;
        JobControl control([&](double fraction, const std::string &message) {
            const auto now = std::chrono::steady_clock::now();
            if (!progress || std::chrono::duration<double>(now - lastReport).count() < 0.5
                || std::chrono::duration<double>(now - t0).count() < 1.0)
                return;
            lastReport = now;
            reported = true;
            const double elapsed = std::chrono::duration<double>(now - t0).count();
            const int eta = fraction > 0 ? int(std::lround(elapsed * (1 - fraction) / fraction)) : 0;
            std::fprintf(stderr, "\r%5.1f%%  %s, about %d:%02d left ", 100.0 * fraction, message.c_str(), eta / 60,
                         eta % 60);
            std::fflush(stderr);
        });
        cancelOnSignals(&control);

        EncodeSummaryBuilder summary(encoder);
        EncodeOutputStream outputs(encoder, p.isSet("json") ? p.value("json").toStdString() : std::string(),
                                   p.isSet("npz") ? p.value("npz").toStdString() : std::string());
        const int64_t padCode = std::max<int64_t>(0, codeMin(o.format, layout.bits()));
        const int64_t chunk = std::max<int64_t>(4096, int64_t(64) * o.threads);
        try {
            encodeInChunks(encoder, codes, tensor, padCode, chunk, &control, [&](const EncodeChunk &c) {
                summary.add(c.targets.data(), c.results, c.validWords);
                outputs.add(c);
            });
        } catch (const Error &e) {
            cancelOnSignals(nullptr);
            if (reported) std::fprintf(stderr, "\n");
            throw UsageError(e.what());
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        cancelOnSignals(nullptr);
        if (reported) std::fprintf(stderr, "\n");
        const bool cancelled = control.cancelled();
        const EncodeSummary s = summary.finish(seconds);

        const Geometry &g = layout.geometry();
        std::printf("twill encode: %s pattern, %dx%dx%d, %d-bit %s, objective %s, solver %s\n", layout.pattern().c_str(),
                    g.rows, g.cols, g.layers, g.bits, formatName(o.format).c_str(), objectiveName(o.objective).c_str(),
                    solverName(o.solver).c_str());
        if (cancelled)
            std::printf("  interrupted: %lld of %lld arrays were encoded; the figures and files cover those\n",
                        (long long)s.arrays, (long long)arrays);
        if (validWords >= 0)
            std::printf("  tensor of %lld codes cut into %lld arrays (%lld padding words, ignored)\n",
                        (long long)validWords, (long long)arrays, (long long)(arrays * layout.wordCount() - validWords));
        std::printf("  arrays %lld, words %lld, effective capacity %.4f (metadata %d bits/array)\n",
                    (long long)s.arrays, (long long)s.words, s.effectiveCapacity, s.metadataBitsPerArray);
        std::printf("  |error| LSB:  mean %.3f  rms %.3f  max %.0f\n", s.meanAbsLsb, s.rmsLsb, s.maxAbsLsb);
        std::printf("  %% of full scale:  mean %.4f  mean per-array max %.4f  max %.4f\n", s.meanPctFs,
                    s.meanArrayMaxPctFs, s.maxPctFs);
        std::printf("  %% relative to target (v != 0):  mean %.4f  max %.4f\n", s.meanPctRel, s.maxPctRel);
        std::printf("  certified optimal %.1f%%, %.1f arrays/s on %d thread(s), %.3f s\n", 100.0 * s.certifiedFraction,
                    s.arraysPerSecond, o.threads, seconds);
        int rc = 0;
        if (o.bound >= 0) {
            const int64_t infeasible = s.arrays - int64_t(std::llround(s.feasibleFraction * double(s.arrays)));
            if (infeasible > 0) {
                std::printf("  bound %.6g LSB NOT met by %lld array(s) (%lld proven impossible); best max reached "
                            "%.0f LSB\n",
                            o.bound, (long long)infeasible, (long long)s.infeasibleCertified, s.maxAbsLsb);
                rc = 3;
            } else {
                std::printf("  bound %.6g LSB met by every array\n", o.bound);
            }
        }
        outputs.finish(s, cancelled);
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
    addLayoutOptions(p);
    p.addOption({"out", "Where to write the layout JSON (default: stdout).", "FILE"});
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;
    try {
        const Layout layout = layoutFrom(p);
        if (p.isSet("out")) {
            saveLayout(layout, p.value("out").toStdString());
            std::printf("wrote %s: %s, %d words in %d cells\n", qPrintable(p.value("out")), layout.pattern().c_str(),
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
