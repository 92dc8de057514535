// Encoder quality and speed on uniform random arrays (fixed seed), one core.
//   twill-bench-encoder [--arrays N] [--filter TEXT] [--seed S] [--suite headline|grid|3d|cube|all]
//                       [--layout FILE.json]
// Prints one row per case: error figures, certified fraction and arrays per second. The cube
// suite encodes the same cubes with two solvers, array by array in turn, and prints how many
// times faster the first is (the median over the arrays of the time ratio): 3D auto against
// plain threshold descent for minimax, and against today's local search for l2. --layout
// adds the cube suite's rows for a layout file (a searched cube pattern, say).
//   twill-bench-encoder --suite network [--arrays N] [--bits 4,8,16] [--sources gauss,laplace]
//                       [--codes FILE.npz]... [--chunks K] [--filter SOLVER]
// Codes like trained weights, against the exact min-SSE peer (network_suite.cpp).
//   twill-bench-encoder --suite memory [--weights N] [--solver S] [--threads T]
// Peak memory per weight of twill-cli encode on a whole tensor (memory_suite.cpp).
//   twill-bench-encoder --suite diffpair [--arrays N] [--bits 8,4] [--size S] [--filter TEXT]
// Differential pairs against their naive split and two's complement on Gaussian weights
// (diffpair_suite.cpp).
#include "ThresholdDescent.h"
#include "diffpair_suite.h"
#include "memory_suite.h"
#include "network_suite.h"

#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/GreedySolver.h"
#include "encode/RandomTargets.h"
#include "io/LayoutFile.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <ctime>

using namespace twill;

namespace {

struct Case {
    std::string pattern;
    int bits;
    int size;   // rows = cols (and layers for 3D)
    bool cube;
    NumberFormat format;
    Objective objective;
    SolverKind solver;
    int64_t nodeLimit = 0;
    int arrays = 0; // 0: the run's default
};

Geometry geometryOf(const Case &c)
{
    Geometry g;
    g.bits = c.bits;
    g.rows = g.cols = c.size;
    g.layers = c.cube ? c.size : 1;
    g.directions = c.cube ? std::vector<Direction>{Direction::Row, Direction::Column, Direction::Pillar}
                          : std::vector<Direction>{Direction::Row, Direction::Column};
    return g;
}

Layout layoutOf(const Case &c)
{
    if (c.pattern.size() > 5 && c.pattern.substr(c.pattern.size() - 5) == ".json") return loadLayout(c.pattern);
    const Geometry g = geometryOf(c);
    return c.pattern == "transpose" ? Layout::transpose(g) : Layout::msbLsb(g);
}

void header()
{
    std::printf("%-9s %3s %-5s %-8s %-4s %-7s %6s %9s %8s %8s %8s %10s %8s %8s %8s %8s %6s %10s %10s %8s\n", "pattern", "W",
                "shape", "format", "obj", "solver", "arrays", "mean|e|", "rms", "mean%FS", "max%FS", "arrMax%FS", "rel%",
                "bound%FS", "info%FS", "infoRms", "cert", "arrays/s", "nodes/arr", "speedup");
}

std::string shapeOf(const Layout &layout)
{
    const Geometry &g = layout.geometry();
    char shape[16];
    if (g.layers > 1) std::snprintf(shape, sizeof shape, g.rows == g.layers ? "%dc" : "%dx%d", g.rows, g.layers);
    else std::snprintf(shape, sizeof shape, "%dx", g.rows);
    return shape;
}

// speedup < 0: not a paired row.
void printRow(const Layout &layout, NumberFormat format, Objective objective, const std::string &solver,
              const EncodeSummary &s, double speedup)
{
    const std::string pattern = layout.patternName().substr(0, 9);
    const bool max = objective == Objective::Max;
    const double rmsBound = s.informationRmsPctFs * s.fullScale / 100.0;
    char ratio[16] = "";
    if (speedup >= 0) std::snprintf(ratio, sizeof ratio, "%.2f", speedup);
    std::printf("%-9s %3d %-5s %-8s %-4s %-7s %6lld %9.2f %8.2f %8.4f %8.4f %10.4f %8.4f %8.4f %8.4f %8.1f %6.3f %10.1f %10.0f %8s\n",
                pattern.c_str(), layout.bits(), shapeOf(layout).c_str(), formatName(format).c_str(),
                objectiveName(objective).c_str(), solver.c_str(), (long long)s.arrays, s.meanAbsLsb, s.rmsLsb, s.meanPctFs,
                s.maxPctFs, s.meanArrayMaxPctFs, s.meanPctRel, max ? s.meanLowerBoundPctFs : 0.0, s.informationMaxPctFs,
                rmsBound, s.certifiedFraction, s.arraysPerSecond, double(s.nodes) / double(std::max<int64_t>(1, s.arrays)),
                ratio);
    std::fflush(stdout);
}

void run(const Case &c, int defaultArrays, uint64_t seed)
{
    const Layout layout = layoutOf(c);
    EncodeOptions o;
    o.format = c.format;
    o.objective = c.objective;
    o.solver = c.solver;
    o.nodeLimit = c.nodeLimit;
    o.seed = seed;
    o.threads = 1;
    Encoder enc(layout, o);
    const int arrays = c.arrays > 0 ? std::min(c.arrays, defaultArrays) : defaultArrays;
    const auto targets = randomTargets(arrays, enc.wordCount(), c.format, layout.bits(), seed);
    const auto t0 = std::chrono::steady_clock::now();
    const auto results = enc.encodeMany(targets, {}, {});
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    printRow(layout, c.format, c.objective, solverName(c.solver), summarize(enc, targets, results, secs), -1);
}

using ArraySolver = std::function<ArrayResult(const int64_t *targets, int64_t index)>;

// This thread's CPU time in seconds: on a shared machine the time a solver ran, not the time
// other processes held the core.
double threadSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// Encodes every array with both solvers in turn (which goes first alternates) and prints a
// row for each; the first row's speedup is the median over the arrays of time(B) / time(A),
// in thread CPU time (arrays/s too).
void runPair(const Encoder &enc, const std::string &nameA, const ArraySolver &a, const std::string &nameB,
             const ArraySolver &b, int arrays, uint64_t seed)
{
    const int nw = enc.wordCount();
    const auto targets = randomTargets(arrays, nw, enc.options().format, enc.layout().bits(), seed);
    std::vector<ArrayResult> ra(arrays), rb(arrays);
    std::vector<double> ratio(arrays);
    double secsA = 0, secsB = 0;
    for (int i = 0; i < arrays; ++i) {
        const int64_t *t = targets.data() + size_t(i) * nw;
        double ta = 0, tb = 0;
        for (int turn = 0; turn < 2; ++turn) {
            const bool first = (turn == 0) == (i % 2 == 0);
            const double t0 = threadSeconds();
            if (first) ra[i] = a(t, i);
            else rb[i] = b(t, i);
            const double dt = threadSeconds() - t0;
            (first ? ta : tb) = dt;
        }
        secsA += ta;
        secsB += tb;
        ratio[i] = tb / std::max(ta, 1e-9);
    }
    std::nth_element(ratio.begin(), ratio.begin() + arrays / 2, ratio.end());
    const double median = arrays % 2 ? ratio[arrays / 2]
                                     : 0.5 * (ratio[arrays / 2] + *std::max_element(ratio.begin(), ratio.begin() + arrays / 2));
    const Objective obj = enc.options().objective;
    printRow(enc.layout(), enc.options().format, obj, nameA, summarize(enc, targets, ra, secsA), median);
    printRow(enc.layout(), enc.options().format, obj, nameB, summarize(enc, targets, rb, secsB), -1);
}

// The peer for minimax: Twill's greedy encoding, then plain threshold descent.
ArrayResult peerEncode(const WordModel &model, const int64_t *targets, int64_t index, uint64_t seed)
{
    ArrayProblem p;
    p.model = &model;
    p.objective = Objective::Max;
    p.target.assign(targets, targets + model.nWords);
    p.shift.assign(model.nWords, 0);
    p.pin.assign(model.nCells, -1);
    Assignment a;
    greedyEncode(p, a);
    ThresholdDescentOptions o;
    o.seed = seed + uint64_t(index);
    thresholdDescent(p, a, o);
    ArrayResult r;
    r.bits = a.bits;
    r.shift = p.shift;
    r.decoded.resize(model.nWords);
    for (int w = 0; w < model.nWords; ++w) r.decoded[w] = model.value(a.wordBits[w], 0);
    double key = 0;
    for (int w = 0; w < model.nWords; ++w) key = std::max(key, std::fabs(double(r.decoded[w] - targets[w])));
    r.objectiveKey = key;
    return r;
}

void runCube(const Layout &layout, NumberFormat format, int arrays, int slowArrays, uint64_t seed)
{
    for (Objective obj : {Objective::Max, Objective::L2}) {
        EncodeOptions o;
        o.format = format;
        o.objective = obj;
        o.seed = seed;
        o.threads = 1;
        EncodeOptions today = o;
        today.solver = SolverKind::Local;
        const Encoder autoEnc(layout, o), localEnc(layout, today);
        const WordModel model(layout, format);
        const ArraySolver autoSolve = [&](const int64_t *t, int64_t i) { return autoEnc.encodeArray(t, nullptr, nullptr, i); };
        if (obj == Objective::Max) {
            runPair(autoEnc, "auto", autoSolve, "descent",
                    [&](const int64_t *t, int64_t i) { return peerEncode(model, t, i, seed); }, arrays, seed);
            // Today's 3D minimax (iterated local search; auto used it until now): slow, fewer cubes.
            const auto targets = randomTargets(slowArrays, autoEnc.wordCount(), format, layout.bits(), seed);
            const auto t0 = std::chrono::steady_clock::now();
            const auto results = localEnc.encodeMany(targets, {}, {});
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            printRow(layout, format, obj, "local", summarize(localEnc, targets, results, secs), -1);
        } else {
            runPair(autoEnc, "auto", autoSolve, "local",
                    [&](const int64_t *t, int64_t i) { return localEnc.encodeArray(t, nullptr, nullptr, i); },
                    std::min(arrays, std::max(slowArrays, 1) * 10), seed);
        }
    }
}

std::vector<std::string> split(const std::string &list)
{
    std::vector<std::string> out;
    for (size_t at = 0; at <= list.size();) {
        const size_t comma = std::min(list.find(',', at), list.size());
        if (comma > at) out.push_back(list.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    int arrays = 1000, chunks = 10;
    uint64_t seed = 20261123;
    std::string filter, suite = "all", bitsList = "4,8,16", sources = "gauss,laplace", layoutFile;
    std::vector<std::string> codeFiles;
    int64_t weights = 4'000'000;
    int threads = 1, size = 8;
    std::string solver;
    bool bitsGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "twill-bench-encoder: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--arrays") arrays = std::atoi(value().c_str());
        else if (a == "--seed") seed = std::strtoull(value().c_str(), nullptr, 10);
        else if (a == "--filter") filter = value();
        else if (a == "--suite") suite = value();
        else if (a == "--bits") bitsList = value(), bitsGiven = true;
        else if (a == "--size") size = std::max(2, std::atoi(value().c_str()));
        else if (a == "--sources") sources = value();
        else if (a == "--codes") codeFiles.push_back(value());
        else if (a == "--chunks") chunks = std::max(1, std::atoi(value().c_str()));
        else if (a == "--weights") weights = std::max<int64_t>(16, std::atoll(value().c_str()));
        else if (a == "--threads") threads = std::max(1, std::atoi(value().c_str()));
        else if (a == "--solver") solver = value();
        else if (a == "--layout") layoutFile = value();
        else {
            std::fprintf(stderr, "usage: twill-bench-encoder [--arrays N] [--seed S] [--filter TEXT] "
                                 "[--suite headline|grid|3d|cube|network|memory|minimax|diffpair|all] [--layout FILE.json] "
                                 "[--bits 4,8,16] [--size S] [--sources gauss,laplace] [--codes FILE.npz]... [--chunks K] "
                                 "[--weights N] [--solver S] [--threads T]\n");
            return 2;
        }
    }
    if (suite == "memory") {
        try {
            return bench::runMemorySuite(TWILL_CLI_PATH, weights, solver, threads, seed);
        } catch (const Error &e) {
            std::fprintf(stderr, "twill-bench-encoder: %s\n", e.what());
            return 1;
        }
    }
    if (suite == "diffpair") {
        try {
            bench::runDiffPairSuite(bitsGiven ? bitsList : "8,4", size, arrays, seed, filter);
        } catch (const Error &e) {
            std::fprintf(stderr, "twill-bench-encoder: %s\n", e.what());
            return 1;
        }
        return 0;
    }
    if (suite == "minimax") {
        std::printf("# twill-bench-encoder minimax: one thread, 'x peer' the median over %d chunks of the peer's time / "
                    "auto's (thread CPU time); optimal: max error equal to the certified optimum\n", chunks);
        bench::runMinimaxCase(arrays, chunks, seed + 16);
        return 0;
    }
    if (suite == "network") {
        std::printf("# twill-bench-encoder network: W x W msb-lsb, objective l2, one thread; codes like trained weights "
                    "(Gaussian and Laplacian tensors quantised per tensor to two's complement, seed %llu) and the "
                    "tensors of the --codes files. peer: greedy, per-word best responses, then the exact min-SSE branch "
                    "and bound; 'x peer' is the median over %d chunks of the peer's time / the solver's (thread CPU "
                    "time); gap: rms against the certified optimum (else the best found), bound gap: against the "
                    "certified lower bound\n",
                    (unsigned long long)seed, chunks);
        try {
            for (const std::string &b : split(bitsList)) {
                const int W = std::atoi(b.c_str());
                if (W < 2 || W > 16) throw Error("--bits: widths go from 2 to 16");
                const int64_t n = W >= 16 ? std::min(arrays, 40) : arrays;
                for (const std::string &kind : split(sources)) {
                    if (kind != "gauss" && kind != "laplace") throw Error("--sources: use gauss and/or laplace");
                    bench::runNetworkCase(bench::generatedSource(kind, W, n, seed + uint64_t(W)), chunks, filter);
                }
            }
            for (const std::string &f : codeFiles) {
                const bench::CodeSource s = bench::npzSource(f, arrays);
                bench::runNetworkCase(s, chunks, filter);
            }
        } catch (const Error &e) {
            std::fprintf(stderr, "twill-bench-encoder: %s\n", e.what());
            return 1;
        }
        return 0;
    }
    const auto U = NumberFormat::Unsigned, T = NumberFormat::TwosComplement, S = NumberFormat::SignMagnitude;
    std::vector<Case> cases;
    if (suite == "headline" || suite == "all") {
        // 16x16, 16-bit: the figures the encoder is held to, with the naive pattern beside them.
        for (const char *pat : {"msb-lsb", "transpose"}) {
            const int64_t cap = std::string(pat) == "transpose" ? 20000 : 0;
            cases.push_back({pat, 16, 16, false, U, Objective::Max, SolverKind::Greedy});
            cases.push_back({pat, 16, 16, false, U, Objective::Max, SolverKind::Local});
            cases.push_back({pat, 16, 16, false, U, Objective::Max, SolverKind::Exact, cap, cap ? 100 : 0});
            cases.push_back({pat, 16, 16, false, U, Objective::Max, SolverKind::Auto, cap});
            cases.push_back({pat, 16, 16, false, U, Objective::L2, SolverKind::Local});
            cases.push_back({pat, 16, 16, false, U, Objective::L2, SolverKind::Exact, cap ? cap : 2000000, 100});
            cases.push_back({pat, 16, 16, false, U, Objective::Relative, SolverKind::Local});
        }
    }
    if (suite == "grid" || suite == "all") {
        // pattern x solver x W x format, minimax.
        for (int W : {4, 8, 16})
            for (NumberFormat f : {U, T, S})
                for (const char *pat : {"msb-lsb", "transpose"})
                    for (SolverKind sv : {SolverKind::Greedy, SolverKind::Local, SolverKind::Exact, SolverKind::Auto}) {
                        const bool naive = std::string(pat) == "transpose";
                        cases.push_back({pat, W, W, false, f, Objective::Max, sv, naive ? 20000 : 2'000'000,
                                         naive && sv == SolverKind::Exact ? 100 : 0});
                    }
    }
    if (suite == "3d" || suite == "all") {
        // 16-cube read along rows, columns and pillars: 3x capacity.
        cases.push_back({"msb-lsb", 16, 16, true, U, Objective::L2, SolverKind::Greedy});
        cases.push_back({"msb-lsb", 16, 16, true, U, Objective::L2, SolverKind::Local});
        cases.push_back({"transpose", 16, 16, true, U, Objective::L2, SolverKind::Local, 0, 100});
        cases.push_back({"msb-lsb", 16, 16, true, U, Objective::Max, SolverKind::Local, 0, 20});
        cases.push_back({"msb-lsb", 8, 8, true, U, Objective::L2, SolverKind::Local});
        cases.push_back({"msb-lsb", 16, 16, true, U, Objective::L2, SolverKind::Auto});
        cases.push_back({"msb-lsb", 16, 16, true, U, Objective::Max, SolverKind::Auto});
        cases.push_back({"msb-lsb", 8, 8, true, U, Objective::L2, SolverKind::Auto});
        cases.push_back({"msb-lsb", 8, 8, true, U, Objective::Max, SolverKind::Auto});
    }
    std::printf("# twill-bench-encoder: uniform random codes, seed %llu, one thread; error columns: mean |e| and "
                "RMS in LSB, %% of full scale (mean, max over all words, mean of per-array max), mean relative "
                "error %% (v != 0), mean certified lower bound on the per-array max in %% FS (max objective), the "
                "information bound on the mean per-array max (%% FS) and on the RMS (LSB) for uniform codes, "
                "certified fraction; speedup: median over the arrays of the next row's time / this row's\n",
                (unsigned long long)seed);
    header();
    try {
        for (const Case &c : cases) {
            const std::string label = c.pattern + " " + std::to_string(c.bits) + " " + formatName(c.format) + " "
                                      + objectiveName(c.objective) + " " + solverName(c.solver) + (c.cube ? " 3d" : "");
            if (!filter.empty() && label.find(filter) == std::string::npos) continue;
            run(c, arrays, seed);
        }
        if (suite == "cube" || suite == "all") {
            // 3D auto against its peers, cube by cube: 16-cubes and 8-cubes, Latin layout
            // (and a layout file, when given).
            std::vector<Layout> layouts;
            for (int W : {16, 8}) layouts.push_back(layoutOf({"latin", W, W, true, U, Objective::Max, SolverKind::Auto}));
            if (!layoutFile.empty()) layouts.push_back(loadLayout(layoutFile));
            for (const Layout &l : layouts) {
                const std::string label = l.patternName() + " " + std::to_string(l.bits()) + " cube";
                if (!filter.empty() && label.find(filter) == std::string::npos) continue;
                runCube(l, U, arrays, std::max(1, arrays / 50), seed);
            }
        }
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-bench-encoder: %s\n", e.what());
        return 1;
    }
    return 0;
}
