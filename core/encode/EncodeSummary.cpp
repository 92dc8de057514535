#include "encode/EncodeSummary.h"

#include "encode/Encoder.h"
#include "encode/InformationBound.h"

#include <algorithm>
#include <cmath>

namespace twill {

EncodeSummary summarize(const Encoder &encoder, const std::vector<int64_t> &targets,
                        const std::vector<ArrayResult> &results, double seconds, int64_t validWords)
{
    EncodeSummary s;
    const int nw = encoder.wordCount();
    const int W = encoder.layout().bits();
    const NumberFormat f = encoder.options().format;
    s.fullScale = double(codeMax(f, W) - codeMin(f, W));
    s.arrays = int64_t(results.size());
    s.words = s.arrays * nw;
    if (validWords >= 0) s.words = std::min(s.words, validWords);
    s.effectiveCapacity = encoder.effectiveCapacity();
    s.metadataBitsPerArray = encoder.metadataBitsPerArray();
    s.seconds = seconds;
    s.arraysPerSecond = seconds > 0 ? double(s.arrays) / seconds : 0;
    const double cells = double(encoder.cellCount() + encoder.metadataBitsPerArray());
    s.informationMaxPctFs = 100.0 * informationBoundMaxLsb(cells, nw, W) / s.fullScale;
    s.informationRmsPctFs = 100.0 * informationBoundRmsLsb(cells, nw, W) / s.fullScale;
    if (s.arrays == 0 || s.words == 0) return s;

    double sumAbs = 0, sumSq = 0, sumArrayMax = 0, sumRel = 0, sumLb = 0;
    int64_t relCount = 0, certified = 0, feasible = 0;
    for (int64_t i = 0; i < s.arrays; ++i) {
        const ArrayResult &r = results[i];
        double arrayMax = 0;
        for (int w = 0; w < nw; ++w) {
            if (i * nw + w >= s.words) break;
            const double t = double(targets[size_t(i) * nw + w]);
            const double e = double(r.decoded[w]) - t;
            const double ae = std::fabs(e);
            sumAbs += ae;
            sumSq += e * e;
            arrayMax = std::max(arrayMax, ae);
            if (t != 0) {
                const double rel = ae / std::fabs(t);
                sumRel += rel;
                s.maxPctRel = std::max(s.maxPctRel, 100.0 * rel);
                ++relCount;
            }
        }
        s.maxAbsLsb = std::max(s.maxAbsLsb, arrayMax);
        sumArrayMax += arrayMax;
        certified += r.certified;
        feasible += r.feasible;
        s.infeasibleCertified += r.infeasibleCertified;
        s.nodes += r.nodes;
        sumLb += r.lowerBound;
    }
    const double n = double(s.words);
    s.meanAbsLsb = sumAbs / n;
    s.rmsLsb = std::sqrt(sumSq / n);
    s.meanPctFs = 100.0 * s.meanAbsLsb / s.fullScale;
    s.meanArrayMaxPctFs = 100.0 * sumArrayMax / double(s.arrays) / s.fullScale;
    s.maxPctFs = 100.0 * s.maxAbsLsb / s.fullScale;
    s.meanPctRel = relCount ? 100.0 * sumRel / double(relCount) : 0;
    s.certifiedFraction = double(certified) / double(s.arrays);
    s.feasibleFraction = double(feasible) / double(s.arrays);
    s.meanLowerBoundPctFs = 100.0 * sumLb / double(s.arrays) / s.fullScale;
    return s;
}

} // namespace twill
