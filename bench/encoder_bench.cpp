// Encoder quality and speed on uniform random arrays (fixed seed), one core.
//   twill-bench-encoder [--arrays N] [--filter TEXT] [--seed S] [--suite headline|grid|3d|all]
// Prints one row per case: error figures, certified fraction and arrays per second.
//   twill-bench-encoder --suite network [--arrays N] [--bits 4,8,16] [--sources gauss,laplace]
//                       [--codes FILE.npz]... [--chunks K] [--filter SOLVER]
//   twill-bench-encoder --suite memory [--weights N] [--solver S] [--threads T]
// Peak memory per weight of twill-cli encode on a whole tensor (memory_suite.cpp).
// Codes like trained weights, against the exact min-SSE peer (network_suite.cpp).
#include "memory_suite.h"
#include "network_suite.h"

#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

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

void header()
{
    std::printf("%-9s %3s %-5s %-8s %-4s %-6s %6s %9s %8s %8s %8s %10s %8s %8s %6s %10s %10s\n", "pattern", "W", "shape",
                "format", "obj", "solver", "arrays", "mean|e|", "rms", "mean%FS", "max%FS", "arrMax%FS", "rel%",
                "bound%FS", "cert", "arrays/s", "nodes/arr");
}

void run(const Case &c, int defaultArrays, uint64_t seed)
{
    Geometry g;
    g.bits = c.bits;
    g.rows = g.cols = c.size;
    g.layers = c.cube ? c.size : 1;
    g.directions = c.cube ? std::vector<Direction>{Direction::Row, Direction::Column, Direction::Pillar}
                          : std::vector<Direction>{Direction::Row, Direction::Column};
    const Layout layout = c.pattern == "transpose" ? Layout::transpose(g) : Layout::msbLsb(g);
    EncodeOptions o;
    o.format = c.format;
    o.objective = c.objective;
    o.solver = c.solver;
    o.nodeLimit = c.nodeLimit;
    o.seed = seed;
    o.threads = 1;
    Encoder enc(layout, o);
    const int arrays = c.arrays > 0 ? std::min(c.arrays, defaultArrays) : defaultArrays;
    const auto targets = randomTargets(arrays, enc.wordCount(), c.format, c.bits, seed);
    const auto t0 = std::chrono::steady_clock::now();
    const auto results = enc.encodeMany(targets, {}, {});
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const EncodeSummary s = summarize(enc, targets, results, secs);
    char shape[16];
    std::snprintf(shape, sizeof shape, c.cube ? "%dc" : "%dx", c.size);
    std::printf("%-9s %3d %-5s %-8s %-4s %-6s %6lld %9.2f %8.2f %8.4f %8.4f %10.4f %8.4f %8.4f %6.3f %10.1f %10.0f\n",
                layout.patternName().c_str(), c.bits, shape, formatName(c.format).c_str(),
                objectiveName(c.objective).c_str(), solverName(c.solver).c_str(), (long long)s.arrays, s.meanAbsLsb,
                s.rmsLsb, s.meanPctFs, s.maxPctFs, s.meanArrayMaxPctFs, s.meanPctRel,
                c.objective == Objective::Max ? s.meanLowerBoundPctFs : 0.0, s.certifiedFraction, s.arraysPerSecond, double(s.nodes) / double(std::max<int64_t>(1, s.arrays)));
    std::fflush(stdout);
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
    std::string filter, suite = "all", bitsList = "4,8,16", sources = "gauss,laplace";
    std::vector<std::string> codeFiles;
    int64_t weights = 4'000'000;
    int threads = 1;
    std::string solver;
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
        else if (a == "--bits") bitsList = value();
        else if (a == "--sources") sources = value();
        else if (a == "--codes") codeFiles.push_back(value());
        else if (a == "--chunks") chunks = std::max(1, std::atoi(value().c_str()));
        else if (a == "--weights") weights = std::max<int64_t>(16, std::atoll(value().c_str()));
        else if (a == "--threads") threads = std::max(1, std::atoi(value().c_str()));
        else if (a == "--solver") solver = value();
        else {
            std::fprintf(stderr, "usage: twill-bench-encoder [--arrays N] [--seed S] [--filter TEXT] "
                                 "[--suite headline|grid|3d|network|memory|minimax|all] [--bits 4,8,16] [--sources gauss,laplace] "
                                 "[--codes FILE.npz]... [--chunks K] [--weights N] [--solver S] [--threads T]\n");
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
    }
    std::printf("# twill-bench-encoder: uniform random codes, seed %llu, one thread; error columns: mean |e| and "
                "RMS in LSB, %% of full scale (mean, max over all words, mean of per-array max), mean relative "
                "error %% (v != 0), mean certified lower bound on the per-array objective in %% FS, certified "
                "fraction\n",
                (unsigned long long)seed);
    header();
    try {
        for (const Case &c : cases) {
            const std::string label = c.pattern + " " + std::to_string(c.bits) + " " + formatName(c.format) + " "
                                      + objectiveName(c.objective) + " " + solverName(c.solver) + (c.cube ? " 3d" : "");
            if (!filter.empty() && label.find(filter) == std::string::npos) continue;
            run(c, arrays, seed);
        }
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-bench-encoder: %s\n", e.what());
        return 1;
    }
    return 0;
}
