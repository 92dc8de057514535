#pragma once
// A network run as a job for the window's JobRunner: train (or load) the float baseline, then
// encode and retrain with the chosen mode, reporting progress through the JobControl and every
// step through a callback; it stops between batches when cancelled. What it leaves behind (the
// network with the deployed weights, the encodings, every step) comes back as a NetworkRunOutcome
// on the GUI thread, where the exports read it.
#include "ParametersPanel.h"
#include "TensorErrors.h"
#include "encode/EncodeOptions.h"
#include "io/ProjectFile.h"
#include "job/JobControl.h"
#include "nn/Retrainer.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace twill {

class Network;
class NetworkEncoder;

struct RunConfig {
    QString model = "lenet5";  // lenet5 | mlp | a TorchScript file
    QString checkpoint;        // empty: train the baseline; else a twill-cli train checkpoint (epochs unused)
    QString data = "fashion";  // fashion (Debian's Fashion-MNIST) | synthetic | an IDX folder
    int trainSubset = 0;       // 0: all
    int testSubset = 0;        // 0: all
    int epochs = 3;            // float baseline
    QString mode = "inq";      // post | inq | ste
    QString partition = "magnitude";
    int epochsPerStep = 1;
    double lr = 0.01;          // retraining
    std::vector<double> schedule{0.5, 0.75, 0.875, 1.0}; // inq: accumulated fractions
    QString unit = "array";    // inq portions: array | weight
    double laterWeight = 0.25; // inq, unit weight: encoder weight of the words frozen later
    int steEvery = 50;         // ste: batches between re-encodings
    bool importance = false;   // squared gradients as the encoder's word weights
    int placement = 0;         // neuron-permutation trials (built-in models); 0: off
    bool perChannel = false;   // quantisation scale per output channel
    int bits = 8;
    QString pattern = "msb-lsb"; // msb-lsb | transpose | none (plain W-bit words, no overlap) | custom
    QString customLayout;        // pattern custom: the layout as twill-layout JSON
    bool cube = false;           // W x W x W stacks with pillar words (msb-lsb: the Latin cube)
    EncodeOptions encoder;       // format, objective, solver, bound, shift... as in Parameters
    quint64 seed = 1;
    QString name() const;        // "lenet5 inq msb-lsb 8-bit"

    // The run a setup describes (dataset as projects store it); the encoding is filled in by
    // the caller from Parameters (storeAs), and storage "none" then makes it plain.
    static RunConfig of(const NetworkSetup &setup, const std::string &dataset);
    // Stores the weights as Parameters say: its bits, pattern (custom: that layout), encoder
    // options and seed, W x W arrays (W x W x W stacks with layers).
    void storeAs(const ArrayParameters &parameters, const Layout *custom);
};

// What a run leaves behind. Not encoded when it failed or was cancelled during the baseline.
struct NetworkRunOutcome {
    RunConfig config;
    std::unique_ptr<Network> network;
    std::unique_ptr<NetworkEncoder> encoder;
    RetrainResult result;
    bool cancelled = false;

    NetworkRunOutcome();
    ~NetworkRunOutcome();
    bool encoded() const { return !result.tensors.empty(); }
    // kind: npz (encoded weights), state_dict (PyTorch), json (report) or csv (steps); empty on
    // success, else why (an old file stays as it was).
    QString exportTo(const QString &kind, const QString &path) const;
    QList<TensorErrors> tensorErrors() const; // deployed codes minus targets, per tensor
};

// Runs c; 'progress' text names the phase, onStep gets every step (baseline, post, inq ...).
// Throws Error with the reason when a file, the model or the data cannot be used.
std::unique_ptr<NetworkRunOutcome> runNetworkJob(const RunConfig &c, JobControl &control,
                                                 const std::function<void(const StepReport &)> &onStep);

} // namespace twill
