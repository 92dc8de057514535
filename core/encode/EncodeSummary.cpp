#include "encode/EncodeSummary.h"

#include "encode/Encoder.h"
#include "encode/InformationBound.h"

#include <algorithm>
#include <cmath>

namespace twill {

EncodeSummaryBuilder::EncodeSummaryBuilder(const Encoder &encoder) : nw_(encoder.wordCount())
{
    const int W = encoder.layout().bits();
    const NumberFormat f = encoder.options().format;
    s_.fullScale = double(codeMax(f, W) - codeMin(f, W));
    s_.effectiveCapacity = encoder.effectiveCapacity();
    s_.metadataBitsPerArray = encoder.metadataBitsPerArray();
    const double cells = double(encoder.cellCount() + encoder.metadataBitsPerArray());
    s_.informationMaxPctFs = 100.0 * informationBoundMaxLsb(cells, nw_, W) / s_.fullScale;
    s_.informationRmsPctFs = 100.0 * informationBoundRmsLsb(cells, nw_, W) / s_.fullScale;
}

void EncodeSummaryBuilder::add(const int64_t *targets, const std::vector<ArrayResult> &results, int64_t validWords)
{
    const int64_t n = int64_t(results.size());
    int64_t words = n * nw_;
    if (validWords >= 0) words = std::min(words, validWords);
    s_.arrays += n;
    s_.words += words;
    for (int64_t i = 0; i < n; ++i) {
        const ArrayResult &r = results[size_t(i)];
        double arrayMax = 0;
        for (int w = 0; w < nw_; ++w) {
            if (i * nw_ + w >= words) break;
            const double t = double(targets[i * nw_ + w]);
            const double e = double(r.decoded[w]) - t;
            const double ae = std::fabs(e);
            sumAbs_ += ae;
            sumSq_ += e * e;
            arrayMax = std::max(arrayMax, ae);
            if (t != 0) {
                const double rel = ae / std::fabs(t);
                sumRel_ += rel;
                s_.maxPctRel = std::max(s_.maxPctRel, 100.0 * rel);
                ++relCount_;
            }
        }
        s_.maxAbsLsb = std::max(s_.maxAbsLsb, arrayMax);
        sumArrayMax_ += arrayMax;
        certified_ += r.certified;
        feasible_ += r.feasible;
        s_.infeasibleCertified += r.infeasibleCertified;
        s_.nodes += r.nodes;
        sumLb_ += r.lowerBound;
    }
}

EncodeSummary EncodeSummaryBuilder::finish(double seconds) const
{
    EncodeSummary s = s_;
    s.seconds = seconds;
    s.arraysPerSecond = seconds > 0 ? double(s.arrays) / seconds : 0;
    if (s.arrays == 0 || s.words == 0) return s;
    const double n = double(s.words);
    s.meanAbsLsb = sumAbs_ / n;
    s.rmsLsb = std::sqrt(sumSq_ / n);
    s.meanPctFs = 100.0 * s.meanAbsLsb / s.fullScale;
    s.meanArrayMaxPctFs = 100.0 * sumArrayMax_ / double(s.arrays) / s.fullScale;
    s.maxPctFs = 100.0 * s.maxAbsLsb / s.fullScale;
    s.meanPctRel = relCount_ ? 100.0 * sumRel_ / double(relCount_) : 0;
    s.certifiedFraction = double(certified_) / double(s.arrays);
    s.feasibleFraction = double(feasible_) / double(s.arrays);
    s.meanLowerBoundPctFs = 100.0 * sumLb_ / double(s.arrays) / s.fullScale;
    return s;
}

EncodeSummary summarize(const Encoder &encoder, const std::vector<int64_t> &targets,
                        const std::vector<ArrayResult> &results, double seconds, int64_t validWords)
{
    EncodeSummaryBuilder b(encoder);
    b.add(targets.data(), results, validWords);
    return b.finish(seconds);
}

} // namespace twill
