#include "CliOptions.h"

#include "CliStreams.h"
#include "ProgressLine.h"
#include "encode/CubePatternSearch.h"
#include "io/LayoutFile.h"

#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <thread>

namespace twill::cli {

namespace {
JobControl *g_control = nullptr;
extern "C" void onInterrupt(int)
{
    if (g_control) g_control->cancel();
}
} // namespace

void cancelOnSignals(JobControl *control)
{
    g_control = control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
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

namespace {

// --pattern latin-search on the shape of 'a' (the array keys without a pattern).
ArraySpec searchedLatinCube(const SpecFlags &flags, const QJsonObject &json, const QJsonObject &a,
                            QJsonObject *report)
{
    const ArraySpec shape = asUsage(flags, [&] { return ArraySpec::fromJson(a); });
    if (a.contains("rotation"))
        throw UsageError("--rotation: the Latin-cube search starts from rotation 0; drop --rotation");
    CubePatternSearchOptions d;
    d.format = asUsage(flags, [&] { return EncodeOptions::fromJson(json.value("encoder").toObject()).format; });
    d.threads = std::max(1, int(std::thread::hardware_concurrency()));
    const CubePatternSearchOptions o =
        asUsage(flags, [&] { return CubePatternSearchOptions::fromJson(json.value("pattern_search").toObject(), d); });
    ProgressLine progress(true);
    JobControl control([&progress](double fraction, const std::string &message) { progress.update(fraction, message); });
    const CubePatternSearchResult r = asUsage(flags, [&] { return searchCubePattern(shape.geometry(), o, &control); });
    progress.clear();
    std::fprintf(stderr, "%s (seed %llu, %d trials on %d cubes, score %s): %.4f -> %.4f %% FS, %d swaps kept\n",
                 kLatinSearch, (unsigned long long)o.seed, r.trials, o.arrays, cubePatternScoreName(o.score).c_str(),
                 r.startPctFs, r.bestPctFs, r.accepted);
    if (report) {
        *report = o.toJson();
        (*report)["trials_measured"] = r.trials;
        (*report)["swaps_kept"] = r.accepted;
        (*report)["start_pct_fs"] = r.startPctFs;
        (*report)["best_pct_fs"] = r.bestPctFs;
    }
    return ArraySpec::of(r.layout);
}

} // namespace

ArraySpec arraySpecFrom(const QCommandLineParser &p, const SpecFlags &flags, const QJsonObject &json,
                        QJsonObject *search)
{
    if (search) *search = QJsonObject();
    QJsonObject a = json.value("array").toObject();
    const QString pattern = flags.set(p, "array.pattern") ? p.value("pattern") : QString();
    if (pattern != kLatinSearch)
        for (const SpecFlag &f : patternSearchFlags("pattern_search."))
            if (flags.set(p, f.key))
                throw UsageError("--" + f.name.toStdString() + " goes with --pattern " + kLatinSearch);
    if (pattern.endsWith(".json")) {
        for (const char *key : {"array.bits", "array.rows", "array.cols", "array.layers", "array.directions"})
            if (flags.set(p, key))
                throw UsageError("--pattern FILE.json defines the geometry; drop --bits/--rows/--cols/--layers/--directions");
        ArraySpec s = asUsage(flags, [&] { return ArraySpec::of(loadLayout(pattern.toStdString())); });
        if (flags.set(p, "array.rotation"))
            s.rotation = asUsage(flags, [&] { return ArraySpec::fromJson(a).rotation; });
        return asUsage(flags, [&] {
            s.validate();
            return s;
        });
    }
    // Rows and columns default to one word a line.
    if (!a.contains("bits")) a["bits"] = ArraySpec().bits;
    if (!a.contains("rows")) a["rows"] = a.value("bits");
    if (!a.contains("cols")) a["cols"] = a.value("bits");
    if (pattern == kLatinSearch) {
        a.remove("pattern");
        return searchedLatinCube(flags, json, a, search);
    }
    if (!pattern.isEmpty()) {
        // On the command line a pattern is a name, the search or a layout file.
        std::string names;
        for (Pattern named : namedPatterns()) names += patternName(named) + ", ";
        try {
            parsePattern(pattern.toStdString());
        } catch (const Error &) {
            throw UsageError("--pattern: unknown pattern '" + pattern.toStdString() + "'; use " + names + kLatinSearch
                             + " or a layout .json file");
        }
    }
    return asUsage(flags, [&] { return ArraySpec::fromJson(a); });
}

EncodeOptions encodeOptionsFrom(const SpecFlags &flags, const QJsonObject &json, Pattern pattern,
                                const EncodeOptions &defaults)
{
    EncodeOptions d = defaults;
    d.threads = std::max(1, int(std::thread::hardware_concurrency()));
    return asUsage(flags, [&] {
        EncodeOptions o = EncodeOptions::fromJson(json.value("encoder").toObject(), d);
        o.validateFor(pattern);
        return o;
    });
}

NetworkRunSpec networkRunSpecFrom(const QCommandLineParser &p, const SpecFlags &flags, QJsonObject json)
{
    json["array"] = arraySpecFrom(p, flags, json).toJson();
    if (json.contains("normalize")) {
        // MEAN,STD, or the means of every channel and then their spreads.
        const QJsonArray v = json.take("normalize").toArray();
        if (v.size() < 2 || v.size() % 2)
            throw UsageError("--normalize: give MEAN,STD, or one mean per channel and then one spread per channel "
                             "(an even count), not " + std::to_string(v.size()) + " numbers");
        QJsonArray mean, spread;
        for (int k = 0; k < v.size(); ++k) (k < v.size() / 2 ? mean : spread).append(v[k]);
        json["normalize_mean"] = mean;
        json["normalize_std"] = spread;
    }
    json.remove("pattern_search"); // the array spec holds what the search found
    requireFaultsFor(p, {"fault-seed", "fault-unaware"});
    return asUsage(flags, [&] { return NetworkRunSpec::fromJson(json); });
}

void requireFaultsFor(const QCommandLineParser &p, const QStringList &flags)
{
    // optionNames(): the options given, so that commands without fault flags ask nothing of them.
    const QStringList given = p.optionNames();
    for (const QString &f : flags)
        if (given.contains(f) && !given.contains("faults") && !given.contains("fault-rates"))
            throw UsageError("--" + f.toStdString() + " needs --faults RATE or --faults FILE.npy"
                             + (given.contains("storage") ? " (or, in a study, --fault-rates LIST)" : ""));
}

void checkOutputs(const QCommandLineParser &p, const QStringList &flags)
{
    for (const QString &out : flags) {
        if (!p.isSet(out)) continue;
        const QFileInfo fi(p.value(out));
        // `-`, devices and FIFOs are written directly, not replaced in their folder.
        if (p.value(out) == "-" || (fi.exists() && !fi.isFile() && !fi.isDir())) continue;
        const QFileInfo dir(fi.absolutePath());
        if (!dir.isDir() || !dir.isWritable())
            throw UsageError("--" + out.toStdString() + ": cannot write in '" + fi.absolutePath().toStdString()
                             + "'; the folder must exist and be writable");
    }
}

int parseOrExplain(QCommandLineParser &p, const QStringList &args, bool takesFiles)
{
    if (!p.parse(args)) {
        std::fprintf(stderr, "twill-cli: %s (see --help)\n", qPrintable(p.errorText()));
        return 2;
    }
    if (p.isSet("help")) {
        std::fputs(qPrintable(commandHelp(p, args.value(0))), stdout); // main() puts the command first
        return 0;
    }
    if (!takesFiles && !p.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "twill-cli: unexpected argument '%s' (see --help)\n",
                     qPrintable(p.positionalArguments().first()));
        return 2;
    }
    return -1;
}

} // namespace twill::cli
