#include "CliOptions.h"

#include "encode/CubePatternSearch.h"
#include "io/LayoutFile.h"

#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cmath>
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

uint64_t seedValue(const QCommandLineParser &p, const QString &name)
{
    bool ok = false;
    const uint64_t v = p.value(name).toULongLong(&ok);
    if (!ok) throw UsageError("--" + name.toStdString() + " '" + p.value(name).toStdString() + "' must be a non-negative integer");
    return v;
}

void addEncoderOptions(QCommandLineParser &p, const QString &defaultObjective)
{
    p.addOptions({
        {"format", "Number format: unsigned (default), twos, signmag.", "FORMAT", "unsigned"},
        {"objective", "l2, max or rel (relative to the target); default " + defaultObjective + ".", "OBJ",
         defaultObjective},
        {"bound", "Hard bound on |error| in LSB; arrays that cannot meet it are reported infeasible.", "LSB"},
        {"solver", "greedy, local, exact or auto (default).", "SOLVER", "auto"},
        {"time-limit", "Seconds per array for the exact search (default: none; results then depend on speed).", "S"},
        {"node-limit", "Branch-and-bound nodes per array (default 50M exact, 200k auto).", "N"},
        {"restarts", "Local search perturbations (default 100 for l2/rel, 8 for max).", "N"},
        {"shift", "Let every word store its value shifted right (decoded as stored << s)."},
        {"max-shift", "Largest shift with --shift (default 3).", "S", "3"},
        {"rotate", "Let every array choose its pattern rotation."},
        {"offset", "Let every array choose an offset added to all its words."},
        {"offset-bits", "Metadata bits of the offset (default 4).", "B", "4"},
        {"threads", "Worker threads (default: all cores); results do not depend on it.", "T"},
        {"seed", "Seed (default 1).", "S", "1"},
    });
}

EncodeOptions encoderOptionsFrom(const QCommandLineParser &p, const Layout &layout)
{
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
    o.seed = seedValue(p);
    if (o.rotate && !layout.rotates())
        throw UsageError("--rotate needs a rotating pattern (msb-lsb or latin), not " + layout.pattern());
    return o;
}

void checkOutputs(const QCommandLineParser &p, const QStringList &flags)
{
    for (const QString &out : flags) {
        if (!p.isSet(out)) continue;
        const QFileInfo fi(p.value(out));
        const QFileInfo dir(fi.absolutePath());
        if (!dir.isDir() || !dir.isWritable())
            throw UsageError("--" + out.toStdString() + ": cannot write in '" + fi.absolutePath().toStdString()
                             + "'; the folder must exist and be writable");
    }
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
        {"pattern", "msb-lsb (default), transpose, latin, latin-search (a seeded search over Latin cubes), or a "
                    "layout FILE.json.", "PATTERN", "msb-lsb"},
        {"search-trials", "latin-search: candidate patterns measured (default 100).", "N", "100"},
        {"search-arrays", "latin-search: random cubes each candidate is measured on (default 8).", "N", "8"},
        {"search-seed", "latin-search: seed of the swaps and of the cubes (default 1).", "S", "1"},
        {"search-score", "latin-search: what a candidate is scored by: max (mean per-array max error, default), "
                         "bound (mean proven lower bound on it) or l2 (mean error).", "SCORE", "max"},
        {"bits", "Weight width W, 2..32 (default 16).", "W", "16"},
        {"rows", "Rows per array (default W).", "R"},
        {"cols", "Columns per array (default W).", "C"},
        {"layers", "Layers of a 3D stack (default 1).", "D", "1"},
        {"directions", "Access directions holding words: row,column[,pillar] (default row,column; with "
                       "layers > 1: row,column,pillar).", "LIST"},
        {"rotation", "Pattern offset k of msb-lsb/latin (default 0).", "K", "0"},
    });
}

Layout searchedLatinCube(const QCommandLineParser &p, const Geometry &g)
{
    CubePatternSearchOptions o;
    o.trials = intValue(p, "search-trials", 0, 1000000);
    o.arrays = intValue(p, "search-arrays", 1, 1000000);
    o.seed = seedValue(p, "search-seed");
    o.threads = std::max(1, int(std::thread::hardware_concurrency()));
    try {
        o.score = parseCubePatternScore(p.value("search-score").toStdString());
        if (p.optionNames().contains("format")) o.format = parseFormat(p.value("format").toStdString());
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    auto last = std::chrono::steady_clock::now();
    JobControl control([&last](double fraction, const std::string &message) {
        const auto now = std::chrono::steady_clock::now();
        if (std::chrono::duration<double>(now - last).count() < 1.0) return;
        last = now;
        std::fprintf(stderr, "\r%5.1f%%  %s", 100.0 * fraction, message.c_str());
        std::fflush(stderr);
    });
    CubePatternSearchResult r;
    try {
        r = searchCubePattern(g, o, &control);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    std::fprintf(stderr, "\rlatin-search (seed %llu, %d trials on %d cubes, score %s): %.4f -> %.4f %% FS, %d swaps kept\n",
                 (unsigned long long)o.seed, r.trials, o.arrays, cubePatternScoreName(o.score).c_str(), r.startPctFs,
                 r.bestPctFs, r.accepted);
    return r.layout;
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
    if (pattern == "latin-search") return searchedLatinCube(p, g);
    throw UsageError("unknown pattern '" + pattern.toStdString()
                     + "'; use msb-lsb, transpose, latin, latin-search or a layout .json file");
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


} // namespace twill::cli
