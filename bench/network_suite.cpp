// The network suite: codes drawn like trained weights (Gaussian and Laplacian tensors,
// quantised per tensor to two's complement) and real trained tensors (.npz from
// twill-cli retrain --npz), W x W msb-lsb arrays, objective l2. Every solver runs against the
// peer, an exact min-SSE branch and bound started from greedy + per-word best responses,
// chunk by chunk on one thread; speed is the median of the per-chunk time ratios.
#include "network_suite.h"

#include "encode/EncodeOptions.h"
#include "encode/Encoder.h"
#include "encode/ExactSolver.h"
#include "encode/GreedySolver.h"
#include "encode/LocalSearchSolver.h"
#include "encode/RandomTargets.h"
#include "encode/TensorTiling.h"
#include "io/Npy.h"
#include "quant/Quantizer.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>
#include <map>
#include <memory>

namespace twill::bench {

namespace {

double threadSeconds()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

uint64_t splitmix(uint64_t &s)
{
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double unit(uint64_t &s) { return (double(splitmix(s) >> 11) + 0.5) * (1.0 / 9007199254740992.0); }

// Weights like a trained tensor: standard Gaussian or Laplacian (seeded, portable).
std::vector<float> bellWeights(int64_t n, bool laplacian, uint64_t seed)
{
    std::vector<float> v(static_cast<size_t>(n));
    uint64_t s = seed;
    for (float &x : v) {
        if (laplacian) {
            const double u = unit(s) - 0.5;
            x = float((u < 0 ? 1 : -1) * std::log(1 - 2 * std::fabs(u)));
        } else {
            const double a = unit(s), b = unit(s);
            x = float(std::sqrt(-2 * std::log(a)) * std::cos(6.283185307179586 * b));
        }
    }
    return v;
}

Layout squareLayout(int bits)
{
    Geometry g;
    g.bits = bits;
    g.rows = g.cols = bits;
    g.layers = 1;
    g.directions = {Direction::Row, Direction::Column};
    return Layout::msbLsb(g);
}

double median(std::vector<double> v)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// One solver's outcome on every array.
struct Outcome {
    std::vector<double> sse;       // per array, weighted
    std::vector<double> lowerBound;
    std::vector<uint8_t> certified;
    double seconds = 0;
    std::vector<double> chunkSeconds;
};

} // namespace

CodeSource generatedSource(const std::string &kind, int bits, int64_t arrays, uint64_t seed)
{
    const Layout layout = squareLayout(bits);
    const int nw = layout.wordCount();
    const std::vector<float> w = bellWeights(arrays * nw, kind == "laplace", seed);
    const QuantizedTensor q = quantize(w, 1, NumberFormat::TwosComplement, bits, QuantGranularity::PerTensor, kind);
    const TiledTensor t = tileTensor(q.codes, nw, 0);
    CodeSource s;
    s.name = kind;
    s.bits = bits;
    s.format = NumberFormat::TwosComplement;
    s.targets = t.targets;
    s.importance = t.importance;
    s.tensors = 1;
    return s;
}

CodeSource npzSource(const std::string &path, int64_t maxArrays)
{
    const auto members = readNpz(path);
    std::map<std::string, const NpyArray *> byName;
    for (const auto &m : members) byName[m.first] = &m.second;
    auto find = [&](const std::string &name) -> const NpyArray & {
        auto it = byName.find(name);
        if (it == byName.end())
            throw Error(path + ": no '" + name + "' member; give an .npz written by twill-cli retrain --npz");
        return *it->second;
    };
    CodeSource s;
    s.name = path.substr(path.find_last_of('/') + 1);
    s.bits = int(find("bits_per_word").toInt64().at(0));
    const NpyArray &f = find("format");
    std::string fname;
    for (size_t i = 0; i + 3 < f.data.size(); i += 4)
        if (f.data[i]) fname.push_back(f.data[i]);
    s.format = parseFormat(fname);
    const Layout layout = squareLayout(s.bits);
    const int nw = layout.wordCount();
    for (const auto &m : members) {
        const std::string &name = m.first;
        const std::string suffix = ".targets";
        if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
        const std::string tensor = name.substr(0, name.size() - suffix.size());
        int64_t n = 1;
        for (int64_t d : find(tensor + ".shape").toInt64()) n *= d;
        std::vector<int64_t> codes = m.second.toInt64();
        if (int64_t(codes.size()) < n) throw Error(path + ": " + tensor + ".targets is shorter than its shape");
        codes.resize(size_t(n));
        const TiledTensor t = tileTensor(codes, nw, std::max<int64_t>(0, codeMin(s.format, s.bits)));
        s.targets.insert(s.targets.end(), t.targets.begin(), t.targets.end());
        s.importance.insert(s.importance.end(), t.importance.begin(), t.importance.end());
        ++s.tensors;
    }
    if (s.targets.empty()) throw Error(path + ": no '<tensor>.targets' members; give an .npz from twill-cli retrain --npz");
    const int64_t arrays = int64_t(s.targets.size()) / nw;
    if (maxArrays > 0 && arrays > maxArrays) {
        // An even sample of the arrays, so that every tensor is represented.
        std::vector<int64_t> t;
        std::vector<double> im;
        for (int64_t k = 0; k < maxArrays; ++k) {
            const int64_t a = k * arrays / maxArrays;
            t.insert(t.end(), s.targets.begin() + a * nw, s.targets.begin() + (a + 1) * nw);
            im.insert(im.end(), s.importance.begin() + a * nw, s.importance.begin() + (a + 1) * nw);
        }
        s.targets.swap(t);
        s.importance.swap(im);
    }
    return s;
}

void runNetworkCase(const CodeSource &src, int chunks, const std::string &filter)
{
    const Layout layout = squareLayout(src.bits);
    const int nw = layout.wordCount();
    const int64_t arrays = int64_t(src.targets.size()) / nw;
    if (arrays == 0) return;
    const WordModel model(layout, src.format);
    // The peer: greedy, per-word best responses, then the exact min-SSE branch and bound.
    const int64_t peerNodes = src.bits >= 16 ? 2'000'000 : 50'000'000;
    auto peer = [&](int64_t a, double &sse, double &lb, bool &cert) {
        ArrayProblem p;
        p.model = &model;
        p.objective = Objective::L2;
        p.target.assign(src.targets.begin() + a * nw, src.targets.begin() + (a + 1) * nw);
        p.weight.assign(src.importance.begin() + a * nw, src.importance.begin() + (a + 1) * nw);
        p.shift.assign(nw, 0);
        p.pin.assign(model.nCells, -1);
        Assignment as;
        greedyEncode(p, as);
        LocalSearchSolver ls(p, false, 0);
        ls.descend(p, as);
        ExactSolver ex(p);
        ExactSolver::Limits lim;
        lim.nodeLimit = peerNodes;
        const ExactOutcome o = ex.solve(as, lim);
        sse = ex.key(as);
        cert = o.complete;
        lb = o.complete ? sse : std::min(sse, o.lowerBound);
    };
    struct Solver {
        std::string name;
        EncodeOptions options;
    };
    std::vector<Solver> solvers;
    auto add = [&](const std::string &name, SolverKind kind, int restarts) {
        EncodeOptions o;
        o.format = src.format;
        o.objective = Objective::L2;
        o.solver = kind;
        o.restarts = restarts;
        o.seed = 7;
        if (src.bits >= 16) o.nodeLimit = peerNodes;
        if (filter.empty() || name.find(filter) != std::string::npos) solvers.push_back({name, o});
    };
    add("auto", SolverKind::Auto, -1);
    add("local-r0", SolverKind::Local, 0);
    // The local search's restarts against its gap: what certified auto saves over them.
    for (int r : {4, 24}) add("local-r" + std::to_string(r), SolverKind::Local, r);
    add("greedy", SolverKind::Greedy, -1);
    add("exact", SolverKind::Exact, -1);
    std::vector<std::unique_ptr<Encoder>> encoders;
    for (const Solver &s : solvers) encoders.push_back(std::make_unique<Encoder>(layout, s.options));

    Outcome peerOut;
    std::vector<Outcome> outs(solvers.size());
    for (Outcome *o : [&] {
             std::vector<Outcome *> all{&peerOut};
             for (Outcome &x : outs) all.push_back(&x);
             return all;
         }()) {
        o->sse.assign(arrays, 0);
        o->lowerBound.assign(arrays, 0);
        o->certified.assign(arrays, 0);
    }
    chunks = int(std::max<int64_t>(1, std::min<int64_t>(chunks, arrays)));
    for (int c = 0; c < chunks; ++c) {
        const int64_t a0 = arrays * c / chunks, a1 = arrays * (c + 1) / chunks;
        double t0 = threadSeconds();
        for (int64_t a = a0; a < a1; ++a) {
            bool cert = false;
            peer(a, peerOut.sse[a], peerOut.lowerBound[a], cert);
            peerOut.certified[a] = cert;
        }
        double dt = threadSeconds() - t0;
        peerOut.seconds += dt;
        peerOut.chunkSeconds.push_back(dt);
        for (size_t k = 0; k < solvers.size(); ++k) {
            Outcome &o = outs[k];
            t0 = threadSeconds();
            for (int64_t a = a0; a < a1; ++a) {
                const ArrayResult r = encoders[k]->encodeArray(src.targets.data() + a * nw, src.importance.data() + a * nw,
                                                               nullptr, a);
                o.sse[a] = r.objectiveKey;
                o.lowerBound[a] = r.lowerBound;
                o.certified[a] = r.certified;
            }
            dt = threadSeconds() - t0;
            o.seconds += dt;
            o.chunkSeconds.push_back(dt);
        }
    }
    // The reference per array: the certified optimum where the peer or exact proved one,
    // else the best any solver found (and the best certified lower bound).
    double words = 0;
    for (int64_t i = 0; i < arrays * nw; ++i) words += src.importance[i] > 0 ? 1 : 0;
    double bestSum = 0, lbSum = 0;
    int64_t provenArrays = 0;
    for (int64_t a = 0; a < arrays; ++a) {
        double best = peerOut.sse[a], lb = peerOut.lowerBound[a];
        bool proven = peerOut.certified[a];
        for (const Outcome &o : outs) {
            best = std::min(best, o.sse[a]);
            lb = std::max(lb, o.lowerBound[a]);
            proven = proven || o.certified[a];
        }
        bestSum += best;
        lbSum += std::min(lb, best);
        provenArrays += proven;
    }
    const double rmsBest = std::sqrt(bestSum / words), rmsLb = std::sqrt(lbSum / words);
    std::printf("%-18s %2d-bit  %lld arrays of %dx%d (%lld tensor(s)): optimum rms %.4f LSB on %.1f%% certified arrays, "
                "certified lower bound %.4f\n",
                src.name.c_str(), src.bits, (long long)arrays, src.bits, src.bits, (long long)src.tensors, rmsBest,
                100.0 * double(provenArrays) / double(arrays), rmsLb);
    auto row = [&](const std::string &name, const Outcome &o, double ratio) {
        double sse = 0;
        int64_t cert = 0;
        for (int64_t a = 0; a < arrays; ++a) {
            sse += o.sse[a];
            cert += o.certified[a];
        }
        const double rms = std::sqrt(sse / words);
        std::printf("  %-10s %10.1f %9.2f %9.4f %+9.3f %+9.3f %7.1f\n", name.c_str(), double(arrays) / o.seconds, ratio, rms,
                    100.0 * (rms / rmsBest - 1), 100.0 * (rms / rmsLb - 1), 100.0 * double(cert) / double(arrays));
    };
    std::printf("  %-10s %10s %9s %9s %9s %9s %7s\n", "solver", "arrays/s", "x peer", "rms LSB", "gap %", "bound gap%",
                "cert %");
    row("peer", peerOut, 1.0);
    for (size_t k = 0; k < solvers.size(); ++k) {
        std::vector<double> ratios;
        for (int c = 0; c < chunks; ++c) ratios.push_back(peerOut.chunkSeconds[c] / outs[k].chunkSeconds[c]);
        row(solvers[k].name, outs[k], median(ratios));
    }
    std::fflush(stdout);
}

void runMinimaxCase(int arrays, int chunks, uint64_t seed)
{
    const Layout layout = squareLayout(16);
    const int nw = layout.wordCount();
    const WordModel model(layout, NumberFormat::Unsigned);
    const std::vector<int64_t> targets = randomTargets(arrays, nw, NumberFormat::Unsigned, 16, seed);
    EncodeOptions o;
    o.objective = Objective::Max;
    o.solver = SolverKind::Auto;
    const Encoder enc(layout, o);
    const double theta = enc.autoThreshold();
    const int64_t nodeLimit = o.effectiveNodeLimit();
    auto problem = [&](int64_t a) {
        ArrayProblem p;
        p.model = &model;
        p.objective = Objective::Max;
        p.target.assign(targets.begin() + a * nw, targets.begin() + (a + 1) * nw);
        p.shift.assign(nw, 0);
        p.pin.assign(model.nCells, -1);
        return p;
    };
    // The peer: the decision pass from greedy; when it proves that nothing meets the
    // threshold, a descent and the full search with the rest of the node budget.
    auto peer = [&](int64_t a) {
        ArrayProblem p = problem(a);
        Assignment as;
        greedyEncode(p, as);
        ExactSolver ex(p);
        ExactSolver::Limits lim;
        lim.nodeLimit = nodeLimit;
        const ExactOutcome d = ex.solve(as, lim, theta);
        if (!d.improved && d.complete && d.nodes < nodeLimit) {
            LocalSearchSolver ls(p, false, 0);
            ls.descend(p, as);
            lim.nodeLimit = nodeLimit - d.nodes;
            ex.solve(as, lim);
        }
        return ex.key(as);
    };
    std::vector<double> peerKey(static_cast<size_t>(arrays)), autoKey(static_cast<size_t>(arrays)), peerT, autoT;
    chunks = std::max(1, std::min(chunks, arrays));
    for (int c = 0; c < chunks; ++c) {
        const int64_t a0 = int64_t(arrays) * c / chunks, a1 = int64_t(arrays) * (c + 1) / chunks;
        double t0 = threadSeconds();
        for (int64_t a = a0; a < a1; ++a) peerKey[size_t(a)] = peer(a);
        peerT.push_back(threadSeconds() - t0);
        t0 = threadSeconds();
        for (int64_t a = a0; a < a1; ++a) autoKey[size_t(a)] = enc.encodeArray(targets.data() + a * nw, nullptr, nullptr, a).objectiveKey;
        autoT.push_back(threadSeconds() - t0);
    }
    // The certified optimum of every array: the full search from the better of the two.
    int64_t proven = 0, peerOpt = 0, autoOpt = 0;
    for (int64_t a = 0; a < arrays; ++a) {
        ArrayProblem p = problem(a);
        Assignment as;
        greedyEncode(p, as);
        ExactSolver ex(p);
        ExactSolver::Limits lim;
        lim.nodeLimit = 50'000'000;
        const ExactOutcome o2 = ex.solve(as, lim);
        const double opt = std::min({ex.key(as), peerKey[size_t(a)], autoKey[size_t(a)]});
        proven += o2.complete;
        peerOpt += peerKey[size_t(a)] <= opt;
        autoOpt += autoKey[size_t(a)] <= opt;
    }
    std::vector<double> ratios;
    double pt = 0, at = 0;
    for (int c = 0; c < chunks; ++c) {
        ratios.push_back(peerT[size_t(c)] / autoT[size_t(c)]);
        pt += peerT[size_t(c)];
        at += autoT[size_t(c)];
    }
    std::printf("minimax 16-bit 16x16 uniform, %d arrays (seed %llu), optimum certified on %.1f%%\n", arrays,
                (unsigned long long)seed, 100.0 * double(proven) / arrays);
    std::printf("  %-6s %10s %9s %9s\n", "solver", "arrays/s", "x peer", "optimal%");
    std::printf("  %-6s %10.1f %9.2f %9.1f\n", "peer", arrays / pt, 1.0, 100.0 * double(peerOpt) / arrays);
    std::printf("  %-6s %10.1f %9.2f %9.1f\n", "auto", arrays / at, median(ratios), 100.0 * double(autoOpt) / arrays);
    std::fflush(stdout);
}

} // namespace twill::bench
