#pragma once
// Training and evaluation of a Network on a Dataset with SGD + momentum or Adam, a cosine
// learning-rate schedule that can be restarted (INQ steps), frozen weights (held at given
// values), a straight-through mode (forward with encoded weights, update float shadows),
// squared-gradient importance, and checkpoints of model and optimizer together.
#include "job/JobControl.h"
#include "nn/Dataset.h"
#include "nn/Network.h"
#include "spec/NetworkRunSpec.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace twill {

struct TrainOptions {
    std::string optimizer = "sgd"; // sgd (with momentum) or adam
    double lr = 0.05;
    double momentum = 0.9;
    double weightDecay = 0;
    int batch = 64;
    uint64_t seed = 1;
    int threads = 0;               // 0: all cores
    InputSpec input;               // how images become the model's input
};

struct Evaluation {
    double accuracy = 0; // fraction
    double loss = 0;
    int64_t samples = 0;
};

struct EpochStats {
    double trainLoss = 0;
    double trainAccuracy = 0;
    int64_t samples = 0;
    double seconds = 0;
    double samplesPerSecond = 0;
    bool cancelled = false;
};

using WeightMap = std::map<std::string, std::vector<float>>;

// Straight-through: every 'every' batches encode(shadow weights) gives the weights the
// forward pass uses; gradients computed there update the float shadows.
struct StraightThrough {
    int every = 50;
    std::function<WeightMap(const WeightMap &shadow)> encode;
    std::vector<std::string> names;
};

// A term of the training loss that LibTorch does not see (a straight-through estimate): after
// every backward pass, add(name, values, grad, n) adds its gradient for each named parameter.
struct GradientTerm {
    std::vector<std::string> names;
    std::function<void(const std::string &name, const float *values, float *grad, int64_t n)> add;
};

// Throws Error when the network cannot take the data as 'input' shapes it (no samples, images of
// another size, labels beyond its outputs, an output that is not float [batch, classes] scores:
// a tuple, a scalar): one forward pass of one image. Training, evaluation and importance call it
// first; entry points call it to refuse bad input early.
void checkNetworkTakes(Network &network, const Dataset &data, const InputSpec &input);

class Trainer {
public:
    Trainer(Network &network, const TrainOptions &options);
    ~Trainer();

    // A new cosine schedule over 'epochs' epochs of 'batchesPerEpoch' batches (the INQ restart).
    void restartSchedule(int epochs, int64_t batchesPerEpoch);
    void advanceSchedule(int64_t batches);
    EpochStats trainEpoch(const Dataset &data, const JobControl *control = nullptr,
                          const StraightThrough *ste = nullptr);
    Evaluation evaluate(const Dataset &data, int64_t subset = 0) const;

    // Frozen weights keep 'values' wherever mask is 1, whatever the optimizer does.
    void freeze(const std::string &name, const std::vector<uint8_t> &mask, const std::vector<float> &values);
    void clearFrozen();
    // From the next batch on (an empty term: none).
    void setGradientTerm(GradientTerm term);
    // Mean squared gradient per weight over 'batches' batches (diagonal Fisher estimate).
    WeightMap squaredGradients(const Dataset &data, int batches);

    void saveCheckpoint(const std::string &path, int epoch) const;
    int loadCheckpoint(const std::string &path); // returns the epoch stored

    int epochsDone() const;
    int threads() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

} // namespace twill
