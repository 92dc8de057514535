#include "encode/CubePatternSearch.h"

#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "util/Error.h"
#include "util/SplitMix.h"

#include <cstdio>
#include <utility>

namespace twill {

Layout latinCubeOf(const Geometry &g, const std::array<std::vector<int>, 3> &perms, int rotation, Pattern pattern)
{
    g.validate();
    const int W = g.bits;
    std::vector<std::vector<int>> sig;
    for (Direction d : g.directions) {
        const std::vector<int> &p = perms[size_t(d)];
        if (int(p.size()) != W) throw Error("a Latin cube needs a permutation of 0.." + std::to_string(W - 1) + " per direction");
        std::vector<int> m(g.cellCount());
        for (int l = 0; l < g.layers; ++l)
            for (int i = 0; i < g.rows; ++i)
                for (int j = 0; j < g.cols; ++j) m[g.cellIndex(l, i, j)] = p[(i + j + l + rotation) % W];
        sig.push_back(std::move(m));
    }
    return Layout(g, std::move(sig), pattern, rotation % W);
}

CubePatternSearchResult searchCubePattern(const Geometry &g, const CubePatternSearchOptions &o, JobControl *control)
{
    g.validate();
    if (!g.uses(Direction::Row) || !g.uses(Direction::Column) || !g.uses(Direction::Pillar))
        throw Error("the cube pattern search needs row, column and pillar words: a 3D stack (layers > 1) read "
                    "along all three directions");
    o.validate();
    const int W = g.bits;
    // The same cubes for every candidate, so that a difference is the pattern's.
    const uint64_t targetSeed = o.seed ^ 0x6A09E667F3BCC909ull;
    EncodeOptions eo;
    eo.format = o.format;
    eo.objective = o.score == CubePatternScore::MeanError ? Objective::L2 : Objective::Max;
    eo.solver = SolverKind::Auto;
    eo.seed = o.seed;
    eo.threads = o.threads;
    std::vector<int64_t> targets;
    JobControl inner({}, control); // stops with the search, reports nothing of its own
    auto measure = [&](const std::array<std::vector<int>, 3> &perms, bool &complete) {
        const Layout layout = latinCubeOf(g, perms);
        const Encoder encoder(layout, eo);
        if (targets.empty()) targets = randomTargets(o.arrays, encoder.wordCount(), o.format, W, targetSeed);
        const auto results = encoder.encodeMany(targets, {}, {}, &inner);
        complete = int64_t(results.size()) == o.arrays;
        const EncodeSummary s = summarize(encoder, targets, results, 0);
        switch (o.score) {
        case CubePatternScore::MaxError: return s.meanArrayMaxPctFs;
        case CubePatternScore::LowerBound: return s.meanLowerBoundPctFs;
        case CubePatternScore::MeanError: return s.meanPctFs;
        }
        return s.meanArrayMaxPctFs;
    };

    CubePatternSearchResult r;
    r.permutations = latinPermutations(W);
    bool complete = true;
    r.startPctFs = r.bestPctFs = measure(r.permutations, complete);
    uint64_t state = o.seed;
    for (int t = 0; t < o.trials && complete; ++t) {
        if (control && control->cancelled()) break;
        std::vector<int> &p = r.permutations[1 + (splitmix64(state) & 1)];
        const int a = int(splitmix64(state) % uint64_t(W));
        int b = int(splitmix64(state) % uint64_t(W - 1));
        if (b >= a) ++b;
        std::swap(p[a], p[b]);
        const double m = measure(r.permutations, complete);
        if (!complete) { // cancelled inside the candidate: it was not measured
            std::swap(p[a], p[b]);
            break;
        }
        ++r.trials;
        if (m <= r.bestPctFs) {
            if (m < r.bestPctFs) ++r.accepted;
            r.bestPctFs = m;
        } else {
            std::swap(p[a], p[b]);
        }
        if (control) {
            char line[160];
            std::snprintf(line, sizeof line, "pattern search: trial %d of %d, best %.4f %% FS (start %.4f)", t + 1,
                          o.trials, r.bestPctFs, r.startPctFs);
            control->report(double(t + 1) / double(o.trials), line);
        }
    }
    r.layout = latinCubeOf(g, r.permutations);
    return r;
}

} // namespace twill
