#include "NetworkRunner.h"

#include "nn/NetworkPipeline.h"

namespace twill {

NetworkRunner::NetworkRunner()
    : control_([this](double f, const std::string &phase) { Q_EMIT progress(f, QString::fromStdString(phase)); })
{
    qRegisterMetaType<twill::NetworkRunSpec>();
    qRegisterMetaType<twill::RunStep>();
    qRegisterMetaType<twill::TensorErrors>();
    qRegisterMetaType<QList<twill::TensorErrors>>();
}

NetworkRunner::~NetworkRunner() = default;

void NetworkRunner::run(const NetworkRunSpec &spec)
{
    control_.reset();
    try {
        RunEvents events;
        events.onStep = [this](const StepReport &s) {
            RunStep step;
            step.step = s.step;
            step.label = QString::fromStdString(s.label);
            step.fraction = s.fraction;
            step.accuracy = s.accuracy;
            step.loss = s.loss;
            double sum = 0;
            int64_t n = 0;
            for (const LayerReport &l : s.layers) {
                sum += l.error.meanPctFs * double(l.error.words);
                n += l.error.words;
            }
            step.meanPctFs = n ? sum / double(n) : 0;
            step.report = s;
            Q_EMIT stepReported(step);
        };
        std::unique_ptr<NetworkRun> run = runNetwork(spec, &control_, events);
        const RetrainResult &res = run->result;
        if (run->encoded()) {
            QList<TensorErrors> errors;
            for (const EncodedTensor &t : res.tensors) {
                TensorErrors e;
                e.name = QString::fromStdString(t.name);
                e.fullScale = double(codeMax(t.quant.format, t.quant.bits) - codeMin(t.quant.format, t.quant.bits));
                e.errors.reserve(size_t(t.size()));
                for (int64_t i = 0; i < t.size(); ++i) e.errors.push_back(t.decodedCodes[size_t(i)] - t.quant.codes[size_t(i)]);
                errors << e;
            }
            Q_EMIT tensorsEncoded(errors);
        }
        const bool wasCancelled = res.cancelled;
        const double baseAcc = res.baselineAccuracy, encAcc = res.encodedAccuracy, finalAcc = res.finalAccuracy;
        const QString finalFrom = QString::fromStdString(res.finalFrom);
        // Even an interrupted retraining deploys the post-encoding weights: keep them to export.
        if (run->encoded()) last_ = std::move(run);
        if (wasCancelled) {
            Q_EMIT cancelled();
            return;
        }
        Q_EMIT finished(baseAcc, encAcc, finalAcc, finalFrom);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

QString NetworkRunner::exportLast(const QString &kind, const QString &path)
{
    if (!last_) return "no network run has been encoded yet: start a run first";
    try {
        const std::string p = path.toStdString();
        if (kind == "npz") last_->writeNpz(p);
        else if (kind == "state_dict") last_->writeStateDict(p);
        else if (kind == "csv") last_->writeStepsCsv(p);
        else if (kind == "json") last_->writeReport(p);
        else return "unknown export '" + kind + "': use npz, state_dict, json or csv";
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace twill
