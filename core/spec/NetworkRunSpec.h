#pragma once
// One network run, complete: the model and where its float baseline comes from (trained here,
// or a checkpoint), the data, the baseline training, the retraining mode with its schedule and
// rates, the quantisation and how the weights are stored (an ArraySpec and the encoder's
// options). The command line, the window, projects and run reports all build, show and write
// this one struct; one pipeline (core/nn/NetworkPipeline) runs it.
//
// JSON keys: model, checkpoint, weights, data, train_subset, test_subset, epochs, optimizer, lr,
// momentum, batch, normalize_mean, normalize_std, input_shape ([C, H, W], empty: as the data),
// input_fit, encode_tensors, keep_float, mode, schedule, partition, unit, epochs_per_step, retrain_lr, ste_every, later_weight,
// bit_l1 (absent when 0), quant, placement, importance, seed, threads, array {ArraySpec}, encoder {EncodeOptions without
// seed and threads, which are the run's}.
#include "encode/EncodeOptions.h"
#include "quant/Quantizer.h"
#include "spec/ArraySpec.h"
#include "spec/FaultSpec.h"

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

// How images become the model's input: x = (pixel / 255 - mean[c]) / std[c] for channel c (one
// value for every channel, or one per channel); the data's 1 x H x W images fit the model's
// C x H' x W' by replicating the grey channel and padding with black (centred; cropping when
// smaller) or resizing (bilinear).
struct InputSpec {
    std::vector<double> mean{0.5};
    std::vector<double> std{0.5};
    int channels = 0, rows = 0, cols = 0; // 0: as the data are (1 x 28 x 28 for Fashion-MNIST)
    std::string fit = "pad";              // pad | resize
    bool reshapes() const { return channels > 0; }
    std::string describe() const;         // "x = (p/255 - 0.5) / 0.5, 1x28x28 as the data"
};

struct NetworkRunSpec {
    // The network and its float baseline.
    std::string model = "lenet5";     // lenet5 | mlp | a TorchScript file
    std::string checkpoint;           // a twill-cli train checkpoint
    std::string weights;              // a state_dict saved by Python's torch.save
    // Neither: a TorchScript model is its own baseline (evaluated as loaded) unless epochs > 0;
    // a built-in model is trained here for 'epochs'.
    std::string data = "fashion";     // fashion (Debian's Fashion-MNIST) | synthetic | a folder of IDX files
    int64_t trainSubset = 0;          // the first N training samples; 0: all
    int64_t testSubset = 0;           // evaluate on the first N test samples; 0: all
    int epochs = 3;                   // baseline epochs (without a checkpoint)
    std::string optimizer = "sgd";    // sgd (with momentum) | adam
    double lr = 0.05;                 // baseline learning rate
    double momentum = 0.9;
    int batch = 64;
    InputSpec input;

    // Encoding and retraining.
    RetrainMode mode = RetrainMode::Inq;
    std::vector<double> schedule{0.5, 0.75, 0.875, 1.0}; // inq: accumulated fractions
    PartitionRule partition = PartitionRule::Magnitude;
    PortionUnit unit = PortionUnit::Array;
    int epochsPerStep = 1;            // inq: after each step; ste: per schedule entry
    double retrainLr = 0.01;
    int steEvery = 50;                // ste: batches between re-encodings
    double laterWeight = 0.25;        // inq, unit weight: encoder weight of the words frozen later
    // inq, ste: the bit-slice L1 term, bitL1 x (ones per encoded weight) added to the retraining
    // loss (core/quant/OnesPenalty), trading accuracy for fewer ones on the bitlines and so
    // fewer ADC bits. 0: off (JSON "bit_l1", absent when 0).
    double bitL1 = 0;
    QuantGranularity quant = QuantGranularity::PerTensor;
    int placement = 0;                // neuron-permutation trials (built-in models); 0: off
    bool importance = false;          // squared gradients as the encoder's per-weight importance
    // Which tensors are encoded: names matching any glob of encodeTensors (empty: every conv and
    // linear weight, i.e. tensors of two or more dimensions) and none of keepFloat.
    std::vector<std::string> encodeTensors;
    std::vector<std::string> keepFloat;

    // Storage: the arrays and the encoder (default: 8-bit msb-lsb 8x8, objective l2).
    ArraySpec array = ArraySpec::square(Pattern::MsbLsb, 8);
    EncodeOptions encoder = defaultEncoder();
    // Stuck-at faults: one map over all the network's arrays, in tensor order (JSON key
    // "faults", absent when there are none).
    FaultSpec faults;

    uint64_t seed = 1;                // initialisation, shuffling, partitions, encoder
    int threads = 0;                  // LibTorch and encoder threads; 0: all cores

    static EncodeOptions defaultEncoder();
    // The encoder options a run uses: 'encoder' with the run's seed and thread count (the bits
    // do not depend on the threads).
    EncodeOptions runEncoder(int resolvedThreads) const;
    bool builtInModel() const { return model == "lenet5" || model == "mlp" || model == "resnet20"; }
    // Where the float baseline comes from: "checkpoint", "weights", "trained" or "as loaded".
    std::string baselineSource() const;
    // Whether a run trains (or fine-tunes) its baseline: no checkpoint, epochs > 0.
    bool trainsBaseline() const { return checkpoint.empty() && epochs > 0; }
    // Throws SpecError("epochs") when a built-in model has nothing to start from: no epochs,
    // no checkpoint, no weights.
    void requireBaseline() const;
    // Whether a tensor of this name and rank is encoded (the globs above, * and ? as in a shell).
    bool encodes(const std::string &tensor, size_t rank) const;

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
