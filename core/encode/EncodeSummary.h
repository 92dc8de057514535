#pragma once
// The figures every encoding reports, always in the same units: error in LSB, in % of full
// scale (the format's code range), relative to the target (|e|/|v| over v != 0), and the
// effective capacity.
#include "encode/ArrayResult.h"

#include <cstdint>
#include <vector>

namespace twill {

class Encoder;

struct EncodeSummary {
    int64_t arrays = 0;
    int64_t words = 0;
    double meanAbsLsb = 0;
    double rmsLsb = 0;
    double maxAbsLsb = 0;
    double meanPctFs = 0;
    double meanArrayMaxPctFs = 0;
    double maxPctFs = 0;
    double meanPctRel = 0;
    double maxPctRel = 0;
    double certifiedFraction = 0;
    double feasibleFraction = 1;
    int64_t infeasibleCertified = 0;
    double meanLowerBoundPctFs = 0; // mean certified lower bound on the per-array max (max objective)
    // What no encoder beats on uniform random codes of this shape (see InformationBound.h):
    // the mean per-array max and the RMS error, in % of full scale.
    double informationMaxPctFs = 0;
    double informationRmsPctFs = 0;
    int64_t nodes = 0;
    double seconds = 0;
    double arraysPerSecond = 0;
    double effectiveCapacity = 0;
    int metadataBitsPerArray = 0;
    double fullScale = 0;
};

// validWords >= 0: only the first validWords words (over all arrays, in order) count; the
// rest is tensor padding.
EncodeSummary summarize(const Encoder &encoder, const std::vector<int64_t> &targets,
                        const std::vector<ArrayResult> &results, double seconds, int64_t validWords = -1);

// The same figures gathered chunk by chunk (arrays in order), for encodings that never hold
// all their results at once.
class EncodeSummaryBuilder {
public:
    explicit EncodeSummaryBuilder(const Encoder &encoder);
    // targets: the chunk's arrays x words; validWords >= 0: only that many of its words count.
    void add(const int64_t *targets, const std::vector<ArrayResult> &results, int64_t validWords = -1);
    EncodeSummary finish(double seconds) const;

private:
    EncodeSummary s_;
    int nw_ = 0;
    double sumAbs_ = 0, sumSq_ = 0, sumArrayMax_ = 0, sumRel_ = 0, sumLb_ = 0;
    int64_t relCount_ = 0, certified_ = 0, feasible_ = 0;
};

} // namespace twill
