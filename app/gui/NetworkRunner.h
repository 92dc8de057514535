#pragma once
// The engine for network runs: a QObject living on its own QThread, driven by queued calls.
// It trains the float baseline, then encodes and retrains with the chosen mode, reporting
// progress and every step as signals; cancel() stops it between batches. The last run's
// network and encodings stay on the engine so that they can be exported afterwards.
#include "encode/EncodeOptions.h"
#include "job/JobControl.h"
#include "nn/Retrainer.h"

#include <QObject>
#include <QString>

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
};

struct RunStep {
    int step = 0;
    QString label;
    double fraction = 0;
    double accuracy = 0;
    double loss = 0;
    double meanPctFs = 0;
    StepReport report; // everything the core reported, per layer included
};

// The encoding error of every weight of one deployed tensor, in LSB of its codes.
struct TensorErrors {
    QString name;
    std::vector<int64_t> errors;
    double fullScale = 0; // the code range, for % of full scale
};

class NetworkRunner : public QObject {
    Q_OBJECT
public:
    NetworkRunner();
    ~NetworkRunner() override;
    void cancel() { control_.cancel(); } // any thread; the run stops between batches

    // Call only while no run is going (the dock calls them blocking-queued): kind is npz
    // (encoded weights), state_dict (PyTorch), json (report) or csv (steps). Empty on success.
    Q_INVOKABLE QString exportLast(const QString &kind, const QString &path);

public Q_SLOTS:
    void run(const twill::RunConfig &config);

Q_SIGNALS:
    void progress(double fraction, const QString &phase);
    void stepReported(const twill::RunStep &step);
    void tensorsEncoded(const QList<twill::TensorErrors> &tensors); // the deployed encodings, at the end
    void finished(double baseline, double encoded, double finalAccuracy, const QString &finalFrom);
    void failed(const QString &message);
    void cancelled();

private:
    JobControl control_;
    QString phase_; // worker thread only
    // The last run that got as far as encoding (worker thread only).
    RunConfig lastConfig_;
    std::unique_ptr<Network> net_;
    std::unique_ptr<NetworkEncoder> encoder_;
    RetrainResult result_;
    bool haveResult_ = false;
};

} // namespace twill

Q_DECLARE_METATYPE(twill::RunConfig)
Q_DECLARE_METATYPE(twill::RunStep)
Q_DECLARE_METATYPE(twill::TensorErrors)
