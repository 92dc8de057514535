// Differential pairs against the naive split and two's complement, on the same weights.
//
// The weights are Gaussian (sigma 1, Box-Muller on splitmix64, so the same seed gives the same
// weights everywhere), quantised per format to its own symmetric range with a clip at 3 sigma:
// a diffpair code is -(2^W-1) .. 2^W-1, a two's complement one -(2^(W-1)-1) .. 2^(W-1)-1, so
// one LSB of the pair is half a weight unit of two's complement. The error columns are
// therefore given twice: in each format's LSB, and in weight units (sigma), which compare
// across formats; 'quant' is the rounding error of the quantisation alone, which every row
// adds on top of its encoding error.
#include "diffpair_suite.h"

#include "encode/DiffPairEncode.h"
#include "encode/Encoder.h"
#include "util/SplitMix.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

namespace twill::bench {

namespace {

constexpr double kClip = 3.0; // sigma at the top code

std::vector<double> gaussian(int64_t n, uint64_t seed)
{
    std::vector<double> v(static_cast<size_t>(n));
    uint64_t state = seed;
    auto uniform = [&] { return (double(splitmix64(state) >> 11) + 0.5) / 9007199254740992.0; };
    for (int64_t i = 0; i < n; i += 2) {
        const double r = std::sqrt(-2 * std::log(uniform())), a = 2 * M_PI * uniform();
        v[size_t(i)] = r * std::cos(a);
        if (i + 1 < n) v[size_t(i + 1)] = r * std::sin(a);
    }
    return v;
}

struct Codes {
    std::vector<int64_t> codes;
    double scale = 1;      // weight units per LSB
    double quantRms = 0;   // of the rounding, in weight units
};

Codes quantise(const std::vector<double> &w, NumberFormat format, int bits)
{
    Codes q;
    const int64_t top = std::min(codeMax(format, bits), -codeMin(format, bits)); // symmetric
    q.scale = kClip / double(top);
    double sq = 0;
    for (double x : w) {
        const int64_t c = std::clamp<int64_t>(std::llround(x / q.scale), -top, top);
        q.codes.push_back(c);
        sq += std::pow(double(c) * q.scale - x, 2);
    }
    q.quantRms = std::sqrt(sq / double(w.size()));
    return q;
}

struct Figures {
    double rmsLsb = 0, maxLsb = 0, meanArrayMax = 0, certified = 0, seconds = 0;
};

Figures measure(const std::vector<int64_t> &codes, int words, int arrays,
                const std::function<ArrayResult(const int64_t *, int64_t)> &encode)
{
    Figures f;
    double sq = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int a = 0; a < arrays; ++a) {
        const int64_t *t = codes.data() + size_t(a) * words;
        const ArrayResult r = encode(t, a);
        double mx = 0;
        for (int w = 0; w < words; ++w) {
            const double e = double(r.decoded[w] - t[w]);
            sq += e * e;
            mx = std::max(mx, std::fabs(e));
        }
        f.maxLsb = std::max(f.maxLsb, mx);
        f.meanArrayMax += mx / arrays;
        f.certified += double(r.certified) / arrays;
    }
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    f.rmsLsb = std::sqrt(sq / (double(arrays) * words));
    return f;
}

} // namespace

void runDiffPairSuite(const std::string &bitsList, int size, int arrays, uint64_t seed, const std::string &filter)
{
    std::printf("# twill-bench-encoder diffpair: msb-lsb %dx%d arrays, solver auto, one thread, %d arrays a row; "
                "Gaussian weights (seed %llu) quantised to each format's symmetric range, clip %.0f sigma; errors in "
                "the format's LSB and in sigma (weight units; 'quant' the rounding alone, not included in rms)\n",
                size, size, arrays, (unsigned long long)seed, kClip);
    std::printf("%-3s %-4s %-22s %6s %9s %9s %9s %11s %11s %6s %9s\n", "W", "obj", "storage", "cells/w", "rms LSB",
                "max LSB", "arrMax", "rms sigma", "quant sigma", "cert", "arrays/s");
    std::vector<int> widths;
    for (size_t i = 0; i < bitsList.size();) {
        const size_t j = std::min(bitsList.find(',', i), bitsList.size());
        widths.push_back(std::atoi(bitsList.substr(i, j - i).c_str()));
        i = j + 1;
    }
    for (int W : widths)
        for (Objective obj : {Objective::L2, Objective::Max}) {
            Geometry g;
            g.bits = W;
            g.rows = g.cols = size;
            const Layout layout = Layout::msbLsb(g);
            const int nw = layout.wordCount();
            const std::vector<double> weights = gaussian(int64_t(arrays) * nw, seed + uint64_t(W));
            EncodeOptions o;
            o.objective = obj;
            o.seed = seed;
            auto row = [&](const std::string &name, int cells, const Codes &q, const Figures &r) {
                std::printf("%-3d %-4s %-22s %6.2f %9.3f %9.0f %9.2f %11.5f %11.5f %6.3f %9.1f\n", W,
                            objectiveName(obj).c_str(), name.c_str(), double(cells) / nw, r.rmsLsb, r.maxLsb,
                            r.meanArrayMax, r.rmsLsb * q.scale, q.quantRms, r.certified,
                            r.seconds > 0 ? arrays / r.seconds : 0.0);
                std::fflush(stdout);
            };
            const std::string label = std::to_string(W) + " " + objectiveName(obj);

            const Codes pairCodes = quantise(weights, NumberFormat::DifferentialPair, W);
            o.format = NumberFormat::DifferentialPair;
            const Encoder pair(layout, o);
            const Encoder half(layout, diffPairHalfOptions(o));
            for (int rounds : {0, 1, kDiffPairRounds}) {
                const std::string name = rounds == 0 ? "diffpair naive split"
                                         : rounds == kDiffPairRounds ? "diffpair best pair"
                                                                     : "diffpair 1 round";
                if (!filter.empty() && (label + " " + name).find(filter) == std::string::npos) continue;
                const Figures r = measure(pairCodes.codes, nw, arrays, [&](const int64_t *t, int64_t a) {
                    if (rounds == kDiffPairRounds) return pair.encodeArray(t, nullptr, nullptr, a);
                    return encodeDiffPair(half, obj, t, nullptr, nullptr, a, nullptr, rounds);
                });
                row(name, pair.cellCount(), pairCodes, r);
            }
            for (NumberFormat f : {NumberFormat::TwosComplement, NumberFormat::SignMagnitude}) {
                const std::string name = formatName(f) + " overlapped";
                if (!filter.empty() && (label + " " + name).find(filter) == std::string::npos) continue;
                const Codes q = quantise(weights, f, W);
                o.format = f;
                const Encoder enc(layout, o);
                const Figures r = measure(q.codes, nw, arrays,
                                          [&](const int64_t *t, int64_t a) { return enc.encodeArray(t, nullptr, nullptr, a); });
                row(name, enc.cellCount(), q, r);
            }
        }
}

} // namespace twill::bench
