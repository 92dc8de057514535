#include "NetworkRunner.h"

#include "io/EncodeExport.h"
#include "io/LayoutFile.h"
#include "io/Npy.h"
#include "nn/Dataset.h"
#include "nn/NetworkExport.h"
#include "nn/RunReport.h"
#include "util/Error.h"

#include <QFileInfo>

#include <thread>

namespace twill {

QString RunConfig::name() const
{
    const QString storage = pattern == "none" ? QString("no overlap") : pattern + (cube ? " cube" : "");
    const QString shortModel = model == "lenet5" || model == "mlp" ? model : QFileInfo(model).fileName();
    return QString("%1 %2 %3 %4-bit").arg(shortModel, mode, storage).arg(bits);
}

NetworkRunner::NetworkRunner()
    : control_([this](double f, const std::string &) { Q_EMIT progress(f, phase_); })
{
    qRegisterMetaType<twill::RunConfig>();
    qRegisterMetaType<twill::RunStep>();
    qRegisterMetaType<twill::TensorErrors>();
    qRegisterMetaType<QList<twill::TensorErrors>>();
}

NetworkRunner::~NetworkRunner() = default;

namespace {

Layout runLayout(const RunConfig &c)
{
    if (c.pattern == "custom") return parseLayout(c.customLayout.toStdString(), "the custom pattern");
    Geometry g;
    g.bits = g.rows = g.cols = c.bits;
    if (c.pattern == "none") {
        // Plain storage: every cell belongs to one row word only, as in a conventional array.
        g.directions = {Direction::Row};
        return Layout::msbLsb(g);
    }
    if (c.cube) {
        g.layers = c.bits;
        g.directions = {Direction::Row, Direction::Column, Direction::Pillar};
    }
    return c.pattern == "transpose" ? Layout::transpose(g) : Layout::msbLsb(g);
}

} // namespace

void NetworkRunner::run(const RunConfig &c)
{
    control_.reset();
    JobControl &control = control_;
    QString &phase = phase_;
    phase = "loading data";
    try {
        Q_EMIT progress(0, phase);
        const Layout layout = runLayout(c); // a bad custom pattern fails before any training
        DatasetPair data = c.data == "synthetic" ? syntheticDataset(3000, 1000, c.seed) // as twill-cli: same data, same figures
                           : c.data == "fashion" ? loadIdxDirectory(defaultFashionMnistDir())
                                                 : loadIdxDirectory(c.data.toStdString());
        if (c.trainSubset > 0) data.train = data.train.subset(c.trainSubset);
        auto net = std::make_unique<Network>(Network::create(c.model.toStdString(), c.seed));
        TrainOptions base;
        base.seed = c.seed;
        base.threads = std::max(1, int(std::thread::hardware_concurrency()));
        Trainer trainer(*net, base);
        if (!c.checkpoint.isEmpty()) {
            phase = "loading the checkpoint";
            trainer.loadCheckpoint(c.checkpoint.toStdString()); // throws with the reason: the run fails, nothing else
        }
        const int epochs = c.checkpoint.isEmpty() ? c.epochs : 0;
        trainer.restartSchedule(std::max(1, epochs), (data.train.count + base.batch - 1) / base.batch);
        for (int e = 0; e < epochs; ++e) {
            phase = QString("baseline epoch %1 of %2").arg(e + 1).arg(epochs);
            if (trainer.trainEpoch(data.train, &control).cancelled) {
                Q_EMIT cancelled();
                return;
            }
        }
        EncodeOptions eo = c.encoder;
        eo.threads = base.threads; // the bits do not depend on it
        eo.seed = c.seed;
        auto enc = std::make_unique<NetworkEncoder>(layout, eo, c.perChannel ? QuantGranularity::PerChannel
                                                                             : QuantGranularity::PerTensor);
        RetrainOptions ro;
        ro.mode = parseRetrainMode(c.mode.toStdString());
        ro.partition = parsePartition(c.partition.toStdString());
        ro.epochsPerStep = c.epochsPerStep;
        ro.testSubset = c.testSubset;
        ro.schedule = c.schedule;
        ro.unit = parseUnit(c.unit.toStdString());
        ro.laterWeight = c.laterWeight;
        ro.steEvery = c.steEvery;
        ro.importanceEncoding = c.importance;
        ro.placementTrials = c.placement;
        ro.seed = c.seed;
        TrainOptions retrain = base;
        retrain.lr = c.lr;
        Retrainer r(*net, data, *enc, retrain, ro);
        phase = "encoding and retraining";
        RetrainResult res = r.run(&control, [&](const StepReport &s) {
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
            phase = "after " + step.label;
            Q_EMIT stepReported(step);
        });
        const bool wasCancelled = res.cancelled;
        const double baseAcc = res.baselineAccuracy, encAcc = res.encodedAccuracy, finalAcc = res.finalAccuracy;
        const QString finalFrom = QString::fromStdString(res.finalFrom);
        if (!res.tensors.empty()) {
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
        // Even an interrupted retraining deploys the post-encoding weights: keep them to export.
        if (!res.tensors.empty()) {
            lastConfig_ = c;
            net_ = std::move(net);
            encoder_ = std::move(enc);
            result_ = std::move(res);
            haveResult_ = true;
        }
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
    if (!haveResult_) return "no network run has been encoded yet: start a run first";
    try {
        const std::string p = path.toStdString();
        if (kind == "npz") {
            writeNetworkNpz(*encoder_, result_.tensors, p);
        } else if (kind == "state_dict") {
            net_->saveStateDict(p);
        } else if (kind == "csv") {
            writeFileAtomic(p, stepsCsv(result_.steps));
        } else if (kind == "json") {
            QJsonObject root = retrainResultJson(result_);
            root["model"] = lastConfig_.model;
            root["data"] = lastConfig_.data;
            root["mode"] = lastConfig_.mode;
            root["run"] = lastConfig_.name();
            root["encoder"] = encodeParametersJson(encoder_->encoder());
            writeJsonFile(root, p);
        } else {
            return "unknown export '" + kind + "': use npz, state_dict, json or csv";
        }
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace twill
