#include "SweepCommand.h"

#include "CliOptions.h"
#include "CliStreams.h"
#include "ProgressLine.h"

#include "encode/Encoder.h"
#include "encode/Sweep.h"
#include "io/Npy.h"
#include "util/Error.h"

#include <QCommandLineParser>

#include <chrono>
#include <cstdio>

namespace twill::cli {

namespace {

std::vector<int> widthList(const QString &text)
{
    std::vector<int> widths;
    for (const QString &item : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int W = item.trimmed().toInt(&ok);
        if (!ok)
            throw UsageError("--bits: '" + item.trimmed().toStdString()
                             + "' is not a whole number; list widths like --bits 4,8,12,16");
        widths.push_back(W);
    }
    return widths;
}

std::vector<Pattern> patternList(const QString &text)
{
    std::vector<Pattern> patterns;
    for (const QString &item : text.split(',', Qt::SkipEmptyParts)) {
        try {
            patterns.push_back(parsePattern(item.trimmed().toStdString()));
        } catch (const Error &e) {
            throw UsageError(std::string("--patterns: ") + e.what());
        }
    }
    return patterns;
}

std::string sizeOf(const SweepPoint &p)
{
    std::string s = std::to_string(p.rows) + "x" + std::to_string(p.rows);
    if (p.layers > 1) s += "x" + std::to_string(p.layers);
    return s;
}

void printTable(FILE *out, const std::vector<SweepPoint> &points)
{
    std::fprintf(out, "\n%-10s %3s %-10s %12s %14s %10s %10s %10s\n", "pattern", "W", "size", "mean %FS", "arr. max %FS",
                "max %FS", "certified", "arrays/s");
    for (const SweepPoint &p : points) {
        const EncodeSummary &s = p.summary;
        std::fprintf(out, "%-10s %3d %-10s %12.4f %14.4f %10.4f %9.1f%% %10.1f\n", patternName(p.pattern).c_str(), p.bits,
                    sizeOf(p).c_str(), s.meanPctFs, s.meanArrayMaxPctFs, s.maxPctFs, 100.0 * s.certifiedFraction,
                    s.arraysPerSecond);
    }
}

} // namespace

int runSweep(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Encode random arrays over a grid of bit widths x patterns and report the error "
                                "figures of every point (the Sweep dock of the GUI runs the same code).");
    p.addHelpOption();
    SpecFlags flags;
    flags.add(encoderFlags("encoder.", "max", true));
    flags.addTo(p);
    p.addOptions({
        {"bits", "Bit widths W to sweep, comma-separated, 2..32 (default 4,8,12,16).", "LIST", "4,8,12,16"},
        {"patterns", "Patterns, comma-separated: msb-lsb, transpose (default both).", "LIST", "msb-lsb,transpose"},
        {"cube", "3D: W layers with a pillar direction (msb-lsb becomes the balanced Latin cube); W up to 16."},
        {"words-per-side", "Words along each row and column: rows = columns = N x W (default 2).", "N", "2"},
        {"arrays", "Random arrays per point (default 200), seeded by --seed.", "N", "200"},
        {"csv", "Write one row per point as CSV.", "FILE"},
        {"quiet", "No progress line (it is drawn on stderr only when stderr is a terminal)."},
    });
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;

    try {
        SweepSpec spec;
        spec.bits = widthList(p.value("bits"));
        spec.patterns = patternList(p.value("patterns"));
        spec.cube = p.isSet("cube");
        spec.wordsPerSide = intValue(p, "words-per-side", 1, 16);
        spec.arrays = intValue(p, "arrays", 1, 100000000);
        // The --rotate check against msb-lsb: it rotates; transpose ignores the option.
        spec.options = encodeOptionsFrom(flags, flags.json(p), Pattern::MsbLsb);
        try {
            validateSweep(spec);
            Encoder check(Layout::msbLsb(Geometry{}), spec.options); // bad encoder options fail here, as input
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        checkOutputs(p, {"csv"});

        FILE *const out = summaryStream(p, {"csv"});
        ProgressLine progress(!p.isSet("quiet"));
        JobControl control([&](double fraction, const std::string &message) { progress.update(fraction, message); });
        cancelOnSignals(&control);

        std::fprintf(out, "twill sweep: %s, %d arrays per point, %d word(s) per side, %s, objective %s, solver %s\n",
                    spec.cube ? "3D cubes" : "2D arrays", spec.arrays, spec.wordsPerSide,
                    formatName(spec.options.format).c_str(), objectiveName(spec.options.objective).c_str(),
                    solverName(spec.options.solver).c_str());
        std::fflush(out);
        const std::vector<SweepPoint> points = twill::runSweep(spec, &control, [&](const SweepPoint &pt) {
            progress.clear(); // the point line replaces the progress line
            const EncodeSummary &s = pt.summary;
            std::fprintf(out, "  %-9s W=%-2d %-9s mean %.4f %% FS, mean per-array max %.4f %% FS, max %.4f %% FS, "
                        "certified %.1f%%, %.1f arrays/s\n",
                        patternName(pt.pattern).c_str(), pt.bits, sizeOf(pt).c_str(), s.meanPctFs, s.meanArrayMaxPctFs,
                        s.maxPctFs, 100.0 * s.certifiedFraction, s.arraysPerSecond);
            std::fflush(out);
        });
        cancelOnSignals(nullptr);
        progress.clear();
        const bool cancelled = control.cancelled();
        printTable(out, points);
        if (cancelled)
            std::fprintf(out, "  interrupted: %zu of %zu points finished; the table and the CSV cover those\n",
                        points.size(), spec.bits.size() * spec.patterns.size());
        if (p.isSet("csv")) {
            writeFileAtomic(p.value("csv").toStdString(), sweepCsv(points));
            std::fprintf(out, "wrote %s (%zu rows)\n", qPrintable(p.value("csv")), points.size());
        }
        return cancelled ? 130 : 0;
    } catch (const UsageError &e) {
        std::fprintf(stderr, "twill-cli sweep: %s\n", e.what());
        return 2;
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-cli sweep: %s\n", e.what());
        return 1;
    }
}

} // namespace twill::cli
