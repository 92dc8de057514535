#pragma once
// Encoding a trained network onto overlapped arrays and retraining it to recover accuracy:
//   post  encode once, evaluate;
//   inq   Incremental Network Quantization adapted to shared bits: at each step of a schedule
//         of accumulated fractions the next portion (by magnitude, at random, or by importance)
//         is encoded and frozen, its words' cells pinned so that later portions are encoded
//         around them, and the weights not yet frozen are retrained (cosine schedule restarted);
//   ste   forward with encoded weights, backward into float shadows, re-encoding every K batches.
#include "nn/NetworkEncoder.h"
#include "nn/Placement.h"
#include "nn/Trainer.h"
#include "spec/NetworkRunSpec.h"

#include <functional>
#include <string>
#include <vector>

namespace twill {

struct LayerReport {
    std::string name;
    int64_t weights = 0;
    int64_t arrays = 0;
    double frozenFraction = 0;
    EncodeSummary error; // over the weights encoded so far
};

struct StepReport {
    int step = 0;            // 0: the float baseline; then one per encode
    std::string label;       // "baseline", "post", "inq 0.5", "ste epoch 1", "final"
    double fraction = 0;     // accumulated fraction frozen / encoded
    double accuracy = 0;
    double loss = 0;
    double trainLoss = 0;
    double seconds = 0;
    double effectiveCapacity = 0;
    std::vector<LayerReport> layers;
};

// The bitlines of the deployed encoding, over all its arrays: per direction (row, column, pillar)
// the most and the mean ones a line sums, and the ADC bits that read the most.
struct BitlineFigure {
    std::string axis;
    int32_t maxOnes = 0;
    double meanOnes = 0;
    int adcBits = 0;
};

struct RetrainResult {
    double baselineAccuracy = 0, baselineLoss = 0;
    double encodedAccuracy = 0, encodedLoss = 0;   // right after encoding everything (post)
    double retrainedAccuracy = 0, retrainedLoss = 0; // at the end of the mode's schedule
    double finalAccuracy = 0, finalLoss = 0;       // the deployed weights
    std::string finalFrom;                         // "retrained" or "post" (when retraining ended lower,
                                                   // unless the bit-slice L1 term was on)
    std::string baselineFrom;                      // "trained", "checkpoint", "weights" or "as loaded"
    std::vector<StepReport> steps;
    std::vector<EncodedTensor> tensors;            // deployed encodings
    std::vector<PlacementReport> placement;
    std::vector<BitlineFigure> bitlines;           // of 'tensors'
    double onesShare = 0;                          // of their cells
    bool cancelled = false;
};

class Retrainer {
public:
    // The spec's retraining options (mode, schedule, partition, unit, epochs per step, STE
    // interval, later weight, importance, placement, test subset, seed) with 'train' as the
    // optimizer's settings. The spec is expected to be validated.
    Retrainer(Network &network, const DatasetPair &data, const NetworkEncoder &encoder, const TrainOptions &train,
              const NetworkRunSpec &spec);

    // The retraining's work in epochs' worth (an encoding of everything counts a fraction of an
    // epoch): what the run's progress is measured in.
    double plannedWork() const { return plannedWork(opt_); }
    static double plannedWork(const NetworkRunSpec &spec); // the same for a spec, before any run
    // onStep is called after every step (the GUI streams these; the CLI prints them).
    RetrainResult run(JobControl *control = nullptr, const std::function<void(const StepReport &)> &onStep = {});

private:
    StepReport measure(int step, const std::string &label, double fraction, const std::vector<EncodedTensor> &tensors,
                       const std::vector<std::vector<uint8_t>> &frozen, Trainer &trainer, double trainLoss);
    void deploy(const std::vector<EncodedTensor> &tensors);
    void countBitlines(RetrainResult &res) const;

    Network &net_;
    const DatasetPair &data_;
    const NetworkEncoder &enc_;
    TrainOptions train_;
    NetworkRunSpec opt_;
    static constexpr int importanceBatches_ = 50;
};

} // namespace twill
