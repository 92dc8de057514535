#pragma once
// The engine for network runs: a QObject living on its own QThread, driven by queued calls.
// It trains the float baseline, then encodes and retrains with the chosen mode, reporting
// progress and every step as signals; cancel() stops it between batches.
#include "job/JobControl.h"

#include <QObject>
#include <QString>


namespace twill {

struct RunConfig {
    QString model = "lenet5";  // lenet5 | mlp
    QString data = "fashion";  // fashion (Debian's Fashion-MNIST) | synthetic
    int trainSubset = 0;       // 0: all
    int testSubset = 0;        // 0: all
    int epochs = 3;            // float baseline
    QString mode = "inq";      // post | inq | ste
    int epochsPerStep = 1;
    int bits = 8;
    QString pattern = "msb-lsb";
    QString format = "unsigned";
    QString objective = "l2";
    quint64 seed = 1;
};

struct RunStep {
    int step = 0;
    QString label;
    double fraction = 0;
    double accuracy = 0;
    double loss = 0;
    double meanPctFs = 0;
};

class NetworkRunner : public QObject {
    Q_OBJECT
public:
    NetworkRunner();
    void cancel() { control_.cancel(); } // any thread; the run stops between batches

public Q_SLOTS:
    void run(const twill::RunConfig &config);

Q_SIGNALS:
    void progress(double fraction, const QString &phase);
    void stepReported(const twill::RunStep &step);
    void finished(double baseline, double encoded, double finalAccuracy, const QString &finalFrom);
    void failed(const QString &message);
    void cancelled();

private:
    JobControl control_;
    QString phase_; // worker thread only
};

} // namespace twill

Q_DECLARE_METATYPE(twill::RunConfig)
Q_DECLARE_METATYPE(twill::RunStep)
