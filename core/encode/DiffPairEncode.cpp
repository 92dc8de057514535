#include "encode/DiffPairEncode.h"

#include "encode/ArrayProblem.h"
#include "encode/Encoder.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace twill {

EncodeOptions diffPairHalfOptions(const EncodeOptions &pair)
{
    EncodeOptions o = pair;
    o.format = NumberFormat::Unsigned;
    // The relative error of a pair is relative to the pair's target, not to P's or N's: the
    // pair hands each half the weights 1 / max(|t|, 1)^2 and a plain sum of squares.
    if (o.objective == Objective::Relative) o.objective = Objective::L2;
    o.threads = 1; // the pair's caller runs arrays in parallel
    return o;
}

ArrayResult encodeDiffPair(const Encoder &half, Objective objective, const int64_t *t, const double *importance,
                           const int8_t *pins, int64_t arrayIndex, const JobControl *control, int rounds)
{
    const int nw = half.wordCount(), nc = half.cellCount();
    const int64_t top = codeMax(NumberFormat::Unsigned, half.layout().bits());

    // The pair's cost as the encoder would score it: addWordCost on the pair's weights.
    ArrayProblem score;
    score.objective = objective;
    if (importance || objective == Objective::Relative) {
        score.weight.assign(size_t(nw), 1.0);
        for (int w = 0; w < nw; ++w) {
            if (importance) score.weight[w] = importance[w];
            if (objective == Objective::Relative) {
                const double v = std::max<double>(1.0, std::fabs(double(t[w])));
                score.weight[w] /= v * v;
            }
        }
    }
    const double *weights = score.weight.empty() ? nullptr : score.weight.data();
    const int8_t *pinsP = pins, *pinsN = pins ? pins + nc : nullptr;

    std::vector<int64_t> target(static_cast<size_t>(nw));
    int64_t nodes = 0;
    auto encodeHalf = [&](const int8_t *halfPins) {
        ArrayResult r = half.encodeArray(target.data(), weights, halfPins, arrayIndex, control);
        nodes += r.nodes;
        return r;
    };
    auto costOf = [&](const ArrayResult &p, const ArrayResult &n) {
        Cost c;
        for (int w = 0; w < nw; ++w) addWordCost(score, w, double(p.decoded[w] - n.decoded[w] - t[w]), c);
        return c;
    };

    // The naive split.
    for (int w = 0; w < nw; ++w) target[w] = std::max<int64_t>(t[w], 0);
    ArrayResult p = encodeHalf(pinsP);
    for (int w = 0; w < nw; ++w) target[w] = std::max<int64_t>(-t[w], 0);
    ArrayResult n = encodeHalf(pinsN);
    ArrayResult bestP = p, bestN = n;
    Cost best = costOf(p, n);
    auto consider = [&]() {
        const Cost c = costOf(p, n);
        if (c < best) {
            best = c;
            bestP = p;
            bestN = n;
        }
    };
    // Each half on what the other one stores: N takes up P's errors, then P takes up N's.
    for (int round = 0; round < rounds; ++round) {
        if (round > 0) {
            for (int w = 0; w < nw; ++w) target[w] = std::clamp<int64_t>(t[w] + n.decoded[w], 0, top);
            p = encodeHalf(pinsP);
            consider();
        }
        for (int w = 0; w < nw; ++w) target[w] = std::clamp<int64_t>(p.decoded[w] - t[w], 0, top);
        n = encodeHalf(pinsN);
        consider();
    }

    ArrayResult res;
    res.bits = bestP.bits;
    res.bits.insert(res.bits.end(), bestN.bits.begin(), bestN.bits.end());
    res.decoded.resize(size_t(nw));
    for (int w = 0; w < nw; ++w) res.decoded[w] = bestP.decoded[w] - bestN.decoded[w];
    res.shift.assign(size_t(nw), 0);
    res.rotation = half.layout().rotation();
    res.nodes = nodes;
    res.objectiveKey = objective == Objective::Max ? best.primary : best.secondary;
    // Each half's certificate is about its own targets, not the pair's: only an exact pair is
    // proven optimal (and its bound, zero, is the only one known).
    res.certified = res.objectiveKey == 0;
    res.lowerBound = 0;
    return res;
}

} // namespace twill
