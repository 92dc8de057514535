#include "EncodeCommand.h"

#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "encode/TensorTiling.h"
#include "io/CodesFile.h"
#include "io/EncodeExport.h"
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

namespace twill::cli {

namespace {

// A bad flag or file: one line on stderr, exit code 2.
struct UsageError : Error {
    using Error::Error;
};

JobControl *g_control = nullptr;
extern "C" void onInterrupt(int)
{
    if (g_control) g_control->cancel();
}

int intValue(const QCommandLineParser &p, const QString &name, int lo, int hi)
{
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < lo || v > hi)
        throw UsageError("--" + name.toStdString() + " '" + p.value(name).toStdString() + "' must be an integer in "
                         + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
}

double doubleValue(const QCommandLineParser &p, const QString &name, double lo)
{
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || !(v >= lo) || !std::isfinite(v))
        throw UsageError("--" + name.toStdString() + " '" + p.value(name).toStdString() + "' must be a number >= "
                         + std::to_string(lo));
    return v;
}

void addLayoutOptions(QCommandLineParser &p)
{
    p.addOptions({
        {"pattern", "msb-lsb (default), transpose, latin, or a layout FILE.json.", "PATTERN", "msb-lsb"},
        {"bits", "Weight width W, 2..32 (default 16).", "W", "16"},
        {"rows", "Rows per array (default W).", "R"},
        {"cols", "Columns per array (default W).", "C"},
        {"layers", "Layers of a 3D stack (default 1).", "D", "1"},
        {"directions", "Access directions holding words: row,column[,pillar] (default row,column; with "
                       "layers > 1: row,column,pillar).", "LIST"},
        {"rotation", "Pattern offset k of msb-lsb/latin (default 0).", "K", "0"},
    });
}

Layout layoutFrom(const QCommandLineParser &p)
{
    const QString pattern = p.value("pattern");
    if (pattern.endsWith(".json")) {
        if (p.isSet("bits") || p.isSet("rows") || p.isSet("cols") || p.isSet("layers") || p.isSet("directions"))
            throw UsageError("--pattern FILE.json defines the geometry; drop --bits/--rows/--cols/--layers/--directions");
        try {
            return loadLayout(pattern.toStdString());
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
    }
    Geometry g;
    g.bits = intValue(p, "bits", 2, 32);
    g.rows = p.isSet("rows") ? intValue(p, "rows", 1, 4096) : g.bits;
    g.cols = p.isSet("cols") ? intValue(p, "cols", 1, 4096) : g.bits;
    g.layers = intValue(p, "layers", 1, 256);
    g.directions.clear();
    if (p.isSet("directions")) {
        for (const QString &d : p.value("directions").split(',', Qt::SkipEmptyParts)) {
            try {
                g.directions.push_back(parseDirection(d.trimmed().toStdString()));
            } catch (const Error &e) {
                throw UsageError(e.what());
            }
        }
    } else {
        g.directions = {Direction::Row, Direction::Column};
        if (g.layers > 1) g.directions.push_back(Direction::Pillar);
    }
    const int rotation = intValue(p, "rotation", 0, 1 << 20);
    try {
        if (pattern == "msb-lsb") return Layout::msbLsb(g, rotation);
        if (pattern == "latin") return Layout::latinCube(g, rotation);
        if (pattern == "transpose") return Layout::transpose(g);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    throw UsageError("unknown pattern '" + pattern.toStdString()
                     + "'; use msb-lsb, transpose, latin or a layout .json file");
}

int parseOrExplain(QCommandLineParser &p, const QStringList &args)
{
    if (!p.parse(args)) {
        std::fprintf(stderr, "twill-cli: %s (see --help)\n", qPrintable(p.errorText()));
        return 2;
    }
    if (p.isSet("help")) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return 0;
    }
    if (!p.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "twill-cli: unexpected argument '%s' (see --help)\n",
                     qPrintable(p.positionalArguments().first()));
        return 2;
    }
    return -1;
}

} // namespace

int runEncode(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Encode arrays of integer weight codes into overlapped transposable-array bits.");
    p.addHelpOption();
    addLayoutOptions(p);
    p.addOptions({
        {"format", "Number format: unsigned (default), twos, signmag.", "FORMAT", "unsigned"},
        {"objective", "l2, max (default) or rel (relative to the target).", "OBJ", "max"},
        {"bound", "Hard bound on |error| in LSB; arrays that cannot meet it are reported infeasible.", "LSB"},
        {"solver", "greedy, local, exact or auto (default).", "SOLVER", "auto"},
        {"time-limit", "Seconds per array for the exact search (default: none; results then depend on speed).",
         "S"},
        {"node-limit", "Branch-and-bound nodes per array (default 50M exact, 200k auto).", "N"},
        {"restarts", "Local search perturbations (default 100 for l2/rel, 8 for max).", "N"},
        {"shift", "Let every word store its value shifted right (decoded as stored << s)."},
        {"max-shift", "Largest shift with --shift (default 3).", "S", "3"},
        {"rotate", "Let every array choose its pattern rotation."},
        {"offset", "Let every array choose an offset added to all its words."},
        {"offset-bits", "Metadata bits of the offset (default 4).", "B", "4"},
        {"threads", "Worker threads (default: all cores); results do not depend on it.", "T"},
        {"random", "Encode N arrays of uniform random codes.", "N"},
        {"seed", "Seed for --random and the local search (default 1).", "S", "1"},
        {"input", "Codes to encode: .npy integer array [arrays, words], CSV with one array per line, or a .npy "
                  "of any other shape: a whole tensor, cut into arrays in C order.", "FILE"},
        {"json", "Write the report (parameters, summary, per-array figures) as JSON.", "FILE"},
        {"npz", "Write bits, targets, decoded values and the layout tables as .npz.", "FILE"},
        {"quiet", "No progress on stderr."},
    });
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;

    try {
        const Layout layout = layoutFrom(p);
        EncodeOptions o;
        try {
            o.format = parseFormat(p.value("format").toStdString());
            o.objective = parseObjective(p.value("objective").toStdString());
            o.solver = parseSolver(p.value("solver").toStdString());
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        if (p.isSet("bound")) o.bound = doubleValue(p, "bound", 0);
        if (p.isSet("time-limit")) o.timeLimit = doubleValue(p, "time-limit", 0);
        if (p.isSet("node-limit")) o.nodeLimit = int64_t(doubleValue(p, "node-limit", 1));
        if (p.isSet("restarts")) o.restarts = intValue(p, "restarts", 0, 1000000);
        o.shift = p.isSet("shift");
        o.maxShift = intValue(p, "max-shift", 0, 8);
        o.rotate = p.isSet("rotate");
        o.offset = p.isSet("offset");
        o.offsetBits = intValue(p, "offset-bits", 1, 8);
        o.threads = p.isSet("threads") ? intValue(p, "threads", 1, 1024)
                                       : std::max(1, int(std::thread::hardware_concurrency()));
        bool seedOk = false;
        o.seed = p.value("seed").toULongLong(&seedOk);
        if (!seedOk) throw UsageError("--seed '" + p.value("seed").toStdString() + "' must be a non-negative integer");
        if (o.rotate && !layout.rotates())
            throw UsageError("--rotate needs a rotating pattern (msb-lsb or latin), not " + layout.pattern());
        if (p.isSet("random") == p.isSet("input"))
            throw UsageError("give exactly one input: --random N (with --seed S) or --input FILE");

        std::vector<int64_t> targets;
        std::vector<double> importance;
        int64_t arrays = 0, validWords = -1;
        if (p.isSet("random")) {
            arrays = intValue(p, "random", 1, 100000000);
            targets = randomTargets(arrays, layout.wordCount(), o.format, layout.bits(), o.seed);
        } else {
            bool tensor = false;
            try {
                targets = readCodes(p.value("input").toStdString(), layout.wordCount(), arrays, tensor);
            } catch (const Error &e) {
                throw UsageError(e.what());
            }
            if (tensor) {
                // A whole tensor: cut into arrays, the last one padded with don't-care words.
                TiledTensor t = tileTensor(targets, layout.wordCount(), std::max<int64_t>(0, codeMin(o.format, layout.bits())));
                targets = std::move(t.targets);
                importance = std::move(t.importance);
                arrays = t.arrays;
                validWords = t.values;
            }
        }
        for (const char *out : {"json", "npz"}) {
            if (!p.isSet(out)) continue;
            const QFileInfo fi(p.value(out));
            const QFileInfo dir(fi.absolutePath());
            if (!dir.isDir() || !dir.isWritable())
                throw UsageError(std::string("--") + out + ": cannot write in '" + fi.absolutePath().toStdString()
                                 + "'; the folder must exist and be writable");
        }

        std::unique_ptr<Encoder> encoderPtr;
        try {
            encoderPtr = std::make_unique<Encoder>(layout, o);
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        const Encoder &encoder = *encoderPtr;
        const bool quiet = p.isSet("quiet");
        auto lastReport = std::chrono::steady_clock::now();
        JobControl control([&](double fraction, const std::string &message) {
            const auto now = std::chrono::steady_clock::now();
            if (quiet || std::chrono::duration<double>(now - lastReport).count() < 1.0) return;
            lastReport = now;
            std::fprintf(stderr, "\r%5.1f%%  %s", 100.0 * fraction, message.c_str());
            std::fflush(stderr);
        });
        g_control = &control;
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);

        const auto t0 = std::chrono::steady_clock::now();
        std::vector<ArrayResult> results;
        try {
            results = encoder.encodeMany(targets, importance, {}, &control);
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        g_control = nullptr;
        if (!quiet && seconds >= 1.0) std::fprintf(stderr, "\n");
        const bool cancelled = control.cancelled();
        const EncodeSummary s = summarize(encoder, targets, results, seconds, validWords);

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
        if (p.isSet("json")) {
            QJsonObject report = encodeReportJson(encoder, targets, results, s);
            report["cancelled"] = cancelled;
            writeJsonFile(report, p.value("json").toStdString());
        }
        if (p.isSet("npz")) writeEncodeNpz(encoder, targets, results, p.value("npz").toStdString());
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
