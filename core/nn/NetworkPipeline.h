#pragma once
// The one pipeline of a network run: load the data and the model, get the float baseline
// (train it, or load a checkpoint), encode the weights onto the spec's arrays, retrain (post,
// inq, ste), deploy the best weights and report. The command line, the window's engine and the
// benches only build a NetworkRunSpec and call runNetwork; none of them holds pipeline logic.
// Also the baseline training job of `twill-cli train` (trainBaseline).
//
// Progress goes through the JobControl (fraction of the whole run, phase in words); the run
// stops between batches when it is cancelled. LibTorch's thread count is set on the calling
// thread (the worker).
#include "job/JobControl.h"
#include "nn/Dataset.h"
#include "nn/Network.h"
#include "nn/NetworkEncoder.h"
#include "nn/Retrainer.h"
#include "spec/NetworkRunSpec.h"

#include <QJsonObject>

#include <functional>
#include <memory>
#include <string>

namespace twill {

// The data of a run: "fashion" (Debian's Fashion-MNIST), "fashion-demo" (its first
// demoTrainSamples training and demoTestSamples test images: small, fast and learnable),
// "synthetic" (a small generated set of syntheticTrainSamples / syntheticTestSamples, seeded),
// or a folder of IDX files; then the spec's training subset. Throws Error naming the files or
// the package.
DatasetPair loadRunData(const NetworkRunSpec &spec);
constexpr int64_t syntheticTrainSamples = 3000;
constexpr int64_t syntheticTestSamples = 1000;
constexpr int64_t demoTrainSamples = 2000;
constexpr int64_t demoTestSamples = 1000;

// The thread count a spec asks for (0: all cores).
int runThreads(const NetworkRunSpec &spec);
// The optimizer settings of the baseline (retraining: false) or of retraining (true).
TrainOptions trainOptions(const NetworkRunSpec &spec, bool retraining);

struct BaselineEpoch {
    int epoch = 0, epochs = 0; // 1-based
    EpochStats train;
    Evaluation test;
};

struct BaselineResult {
    Evaluation test;      // after the last whole epoch (or as loaded)
    int epochsDone = 0;   // including those of a resumed checkpoint
    int resumedAfter = 0; // the epochs the resumed checkpoint held (0: not resumed)
    bool cancelled = false;
};

// Trains spec.model on the spec's data for spec.epochs (in all, counting a resumed checkpoint's),
// writing 'checkpointOut' (model and optimizer) after every epoch when it is not empty; with
// 'resume' and an existing checkpointOut it continues from there.
BaselineResult trainBaseline(Network &network, const DatasetPair &data, const NetworkRunSpec &spec,
                             const std::string &checkpointOut, bool resume, JobControl *control = nullptr,
                             const std::function<void(const BaselineEpoch &)> &onEpoch = {});

// What a run leaves behind: its spec, the network with the deployed weights, the encodings and
// every step; the writers export it the same way from the command line and the window.
class NetworkRun {
public:
    NetworkRunSpec spec;
    std::string dataName;          // e.g. "fashion-mnist (test)"
    int64_t testSamples = 0;       // samples each accuracy was measured on
    RetrainResult result;          // result.tensors: the deployed encodings (empty: not encoded)
    std::unique_ptr<Network> network;
    std::unique_ptr<NetworkEncoder> encoder;

    bool encoded() const { return !result.tensors.empty(); }
    // Every figure of the run with the spec that made it ("version" 2).
    QJsonObject reportJson() const;
    void writeReport(const std::string &path) const;     // JSON
    void writeStepsCsv(const std::string &path) const;   // one row per step
    void writeNpz(const std::string &path) const;        // encoded weights (needs encoded())
    void writeStateDict(const std::string &path) const;  // PyTorch state_dict of the deployed weights
    void writeModel(const std::string &path) const;      // TorchScript models: the model with them
};

struct RunEvents {
    std::function<void(const BaselineEpoch &)> onBaselineEpoch;
    std::function<void(const StepReport &)> onStep; // after every step (baseline, post, inq..., ste epochs)
};

// The spec's weights (a state_dict) into the network, then one forward pass of the spec's input
// (checkNetworkTakes): a model that cannot take the data, or whose output is not logits, fails
// here, before any training.
void prepareNetwork(Network &network, const NetworkRunSpec &spec, const DatasetPair &data);

// Runs the spec (validated first: SpecError names the key). Errors in files and models throw
// Error with the reason. When cancelled during the baseline or its first encoding the run comes
// back not encoded; later, with the post-encoding weights deployed (result.cancelled either way).
// baselineOut: where a baseline trained here is saved as a checkpoint (for other runs to load
// as their spec.checkpoint); empty: nowhere.
std::unique_ptr<NetworkRun> runNetwork(const NetworkRunSpec &spec, JobControl *control = nullptr,
                                       const RunEvents &events = {}, const std::string &baselineOut = {});

} // namespace twill
