// twill-cli encode --input tensor.npy as a child process: wait4 gives its peak resident set
// and CPU time. A second child that encodes one array measures what the process holds before
// any tensor (shared libraries, LibTorch); both figures are printed per weight.
#include "memory_suite.h"

#include "network_suite.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <QTemporaryDir>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <vector>

namespace twill::bench {

namespace {

struct ChildRun {
    int status = -1;
    double maxRssBytes = 0, cpuSeconds = 0, wallSeconds = 0;
};

ChildRun runChild(const std::vector<std::string> &argv)
{
    std::vector<char *> args;
    for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw Error("cannot start " + argv[0]);
    if (pid == 0) {
        // The child's report goes to /dev/null; only its exit code and resources count.
        if (!std::freopen("/dev/null", "w", stdout)) _exit(126);
        execv(args[0], args.data());
        _exit(127);
    }
    ChildRun r;
    rusage u{};
    if (wait4(pid, &r.status, 0, &u) != pid) throw Error("lost the child process of " + argv[0]);
    r.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.maxRssBytes = double(u.ru_maxrss) * 1024.0; // Linux reports KiB
    r.cpuSeconds = double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    return r;
}

} // namespace

int runMemorySuite(const std::string &cli, int64_t weights, const std::string &solver, int threads, uint64_t seed)
{
    QTemporaryDir dir;
    if (!dir.isValid()) throw Error("cannot make a temporary folder for the memory suite");
    const std::string in = dir.filePath("tensor.npy").toStdString();
    {
        // 8-bit codes, as a trained tensor quantised per tensor (the network suite's generator).
        const int64_t arrays = (weights + 15) / 16;
        const CodeSource s = generatedSource("gauss", 8, arrays, seed);
        std::vector<int8_t> codes(s.targets.begin(), s.targets.begin() + weights);
        writeFileAtomic(in, npyBytes(NpyArray::from(codes, {weights})));
    }
    std::vector<std::string> args{cli, "encode", "--input", in, "--bits", "8", "--format", "twos", "--objective", "l2",
                                  "--threads", std::to_string(threads), "--json", dir.filePath("r.json").toStdString(),
                                  "--npz", dir.filePath("b.npz").toStdString(), "--quiet"};
    if (!solver.empty()) {
        args.push_back("--solver");
        args.push_back(solver);
    }
    const ChildRun base = runChild({cli, "encode", "--random", "1", "--bits", "8", "--quiet"});
    const ChildRun run = runChild(args);
    if (!WIFEXITED(run.status) || WEXITSTATUS(run.status) != 0)
        throw Error("twill-cli encode failed (status " + std::to_string(run.status) + ")");
    const double w = double(weights);
    std::printf("# twill-bench-encoder memory: twill-cli encode --input (int8 .npy of %lld codes, 8x8 msb-lsb, twos, l2, "
                "solver %s, %d thread(s)) with --json and --npz, as a child process\n",
                (long long)weights, solver.empty() ? "auto" : solver.c_str(), threads);
    std::printf("  weights %lld, arrays %lld\n", (long long)weights, (long long)((weights + 15) / 16));
    std::printf("  peak memory %.1f MB = %.1f bytes/weight (start-up alone %.1f MB; above it %.1f bytes/weight)\n",
                run.maxRssBytes / 1e6, run.maxRssBytes / w, base.maxRssBytes / 1e6,
                (run.maxRssBytes - base.maxRssBytes) / w);
    std::printf("  wall %.2f s, cpu %.2f s (%.1f arrays per cpu-second)\n", run.wallSeconds, run.cpuSeconds,
                double((weights + 15) / 16) / run.cpuSeconds);
    return 0;
}

} // namespace twill::bench
