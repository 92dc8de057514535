#pragma once
// One network run, complete: the model and where its float baseline comes from (trained here,
// or a checkpoint), the data, the baseline training, the retraining mode with its schedule and
// rates, the quantisation and how the weights are stored (an ArraySpec and the encoder's
// options). The command line, the window, projects and run reports all build, show and write
// this one struct; one pipeline (core/nn/NetworkPipeline) runs it.
//
// JSON keys: model, checkpoint, data, train_subset, test_subset, epochs, optimizer, lr, momentum,
// batch, mode, schedule, partition, unit, epochs_per_step, retrain_lr, ste_every, later_weight,
// quant, placement, importance, seed, threads, array {ArraySpec}, encoder {EncodeOptions without
// seed and threads, which are the run's}.
#include "encode/EncodeOptions.h"
#include "quant/Quantizer.h"
#include "spec/ArraySpec.h"

#include <QJsonObject>

#include <cstdint>
#include <string>
#include <vector>

namespace twill {

enum class RetrainMode { Post, Inq, Ste };
enum class PartitionRule { Magnitude, Random, Importance };
enum class PortionUnit { Array, Weight };

std::string retrainModeName(RetrainMode m); // post, inq, ste
RetrainMode parseRetrainMode(const std::string &s);
std::string partitionName(PartitionRule p); // magnitude, random, importance
PartitionRule parsePartition(const std::string &s);
std::string unitName(PortionUnit u);        // array, weight
PortionUnit parseUnit(const std::string &s);

struct NetworkRunSpec {
    // The network and its float baseline.
    std::string model = "lenet5";     // lenet5 | mlp | a TorchScript file
    std::string checkpoint;           // a twill-cli train checkpoint; empty: train the baseline here
    std::string data = "fashion";     // fashion (Debian's Fashion-MNIST) | synthetic | a folder of IDX files
    int64_t trainSubset = 0;          // the first N training samples; 0: all
    int64_t testSubset = 0;           // evaluate on the first N test samples; 0: all
    int epochs = 3;                   // baseline epochs (without a checkpoint)
    std::string optimizer = "sgd";    // sgd (with momentum) | adam
    double lr = 0.05;                 // baseline learning rate
    double momentum = 0.9;
    int batch = 64;

    // Encoding and retraining.
    RetrainMode mode = RetrainMode::Inq;
    std::vector<double> schedule{0.5, 0.75, 0.875, 1.0}; // inq: accumulated fractions
    PartitionRule partition = PartitionRule::Magnitude;
    PortionUnit unit = PortionUnit::Array;
    int epochsPerStep = 1;            // inq: after each step; ste: per schedule entry
    double retrainLr = 0.01;
    int steEvery = 50;                // ste: batches between re-encodings
    double laterWeight = 0.25;        // inq, unit weight: encoder weight of the words frozen later
    QuantGranularity quant = QuantGranularity::PerTensor;
    int placement = 0;                // neuron-permutation trials (built-in models); 0: off
    bool importance = false;          // squared gradients as the encoder's per-weight importance

    // Storage: the arrays and the encoder (default: 8-bit msb-lsb 8x8, objective l2).
    ArraySpec array = ArraySpec::square(Pattern::MsbLsb, 8);
    EncodeOptions encoder = defaultEncoder();

    uint64_t seed = 1;                // initialisation, shuffling, partitions, encoder
    int threads = 0;                  // LibTorch and encoder threads; 0: all cores

    static EncodeOptions defaultEncoder();
    // The encoder options a run uses: 'encoder' with the run's seed and thread count (the bits
    // do not depend on the threads).
    EncodeOptions runEncoder(int resolvedThreads) const;
    bool builtInModel() const { return model == "lenet5" || model == "mlp"; }

    // Throws SpecError naming the key: ranges, a schedule that does not rise to 1, per-array
    // encoder choices (shift, rotate, offset) with weight-unit INQ, placement with a model file.
    void validate() const;
    QJsonObject toJson() const;
    // Reads the keys above (and version-1 project spellings: dataset, lr as the retraining
    // rate inside a project's network section, storage); validates.
    static NetworkRunSpec fromJson(const QJsonObject &o);
    std::string name() const; // "lenet5 inq msb-lsb 8x8 8-bit"
};

} // namespace twill
