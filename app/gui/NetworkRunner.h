#pragma once
// The engine for network runs: a QObject living on its own QThread, driven by queued calls.
// It trains the float baseline, then encodes and retrains with the chosen mode, reporting
// progress and every step as signals; cancel() stops it between batches. The last run's
// network and encodings stay on the engine so that they can be exported afterwards.
#include "job/JobControl.h"
#include "nn/Retrainer.h"
#include "spec/NetworkRunSpec.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace twill {

class NetworkRun;

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
    void run(const twill::NetworkRunSpec &spec); // through the core's one pipeline (runNetwork)

Q_SIGNALS:
    void progress(double fraction, const QString &phase);
    void stepReported(const twill::RunStep &step);
    void tensorsEncoded(const QList<twill::TensorErrors> &tensors); // the deployed encodings, at the end
    void finished(double baseline, double encoded, double finalAccuracy, const QString &finalFrom);
    void failed(const QString &message);
    void cancelled();

private:
    JobControl control_;
    // The last run that got as far as encoding (worker thread only).
    std::unique_ptr<NetworkRun> last_;
};

} // namespace twill

Q_DECLARE_METATYPE(twill::NetworkRunSpec)
Q_DECLARE_METATYPE(twill::RunStep)
Q_DECLARE_METATYPE(twill::TensorErrors)
