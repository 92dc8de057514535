#include "NetworkJob.h"

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

RunConfig RunConfig::of(const NetworkSetup &s, const std::string &dataset)
{
    RunConfig c;
    c.model = QString::fromStdString(s.model);
    c.checkpoint = QString::fromStdString(s.checkpoint);
    c.data = dataset.empty() ? QString("fashion") : QString::fromStdString(dataset);
    c.epochs = s.epochs;
    c.trainSubset = s.trainSubset;
    c.testSubset = s.testSubset;
    c.mode = QString::fromStdString(s.mode);
    c.partition = QString::fromStdString(s.partition);
    c.epochsPerStep = s.epochsPerStep;
    c.lr = s.lr;
    c.schedule = s.schedule;
    c.unit = QString::fromStdString(s.unit);
    c.laterWeight = s.laterWeight;
    c.steEvery = s.steEvery;
    c.importance = s.importance;
    c.placement = s.placement;
    c.perChannel = s.quant == "per-channel";
    return c;
}

void RunConfig::storeAs(const ArrayParameters &p, const Layout *custom)
{
    bits = p.bits;
    pattern = QString::fromStdString(p.pattern);
    encoder = p.encoder;
    seed = p.encoder.seed;
    cube = p.layers > 1;
    if (p.pattern == "custom" && custom) customLayout = QString::fromStdString(layoutJson(*custom));
}

NetworkRunOutcome::NetworkRunOutcome() = default;
NetworkRunOutcome::~NetworkRunOutcome() = default;

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

RetrainOptions retrainOptions(const RunConfig &c)
{
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
    return ro;
}

} // namespace

std::unique_ptr<NetworkRunOutcome> runNetworkJob(const RunConfig &c, JobControl &control,
                                                 const std::function<void(const StepReport &)> &onStep)
{
    auto out = std::make_unique<NetworkRunOutcome>();
    out->config = c;
    // The core's parts report their own fractions; the run names the phase they belong to.
    std::string phase = "loading data";
    JobControl phased([&](double f, const std::string &) { control.report(f, phase); }, &control);
    phased.report(0, phase);
    const Layout layout = runLayout(c); // a bad custom pattern fails before any training
    DatasetPair data = c.data == "synthetic" ? syntheticDataset(3000, 1000, c.seed) // as twill-cli: same data, same figures
                       : c.data == "fashion" ? loadIdxDirectory(defaultFashionMnistDir())
                                             : loadIdxDirectory(c.data.toStdString());
    if (c.trainSubset > 0) data.train = data.train.subset(c.trainSubset);
    out->network = std::make_unique<Network>(Network::create(c.model.toStdString(), c.seed));
    TrainOptions base;
    base.seed = c.seed;
    base.threads = std::max(1, int(std::thread::hardware_concurrency())); // set by the Trainer on this worker
    Trainer trainer(*out->network, base);
    if (!c.checkpoint.isEmpty()) {
        phase = "loading the checkpoint";
        trainer.loadCheckpoint(c.checkpoint.toStdString()); // throws with the reason: the run fails, nothing else
    }
    const int epochs = c.checkpoint.isEmpty() ? c.epochs : 0;
    trainer.restartSchedule(std::max(1, epochs), (data.train.count + base.batch - 1) / base.batch);
    for (int e = 0; e < epochs; ++e) {
        phase = QString("baseline epoch %1 of %2").arg(e + 1).arg(epochs).toStdString();
        if (trainer.trainEpoch(data.train, &phased).cancelled) {
            out->cancelled = true;
            return out;
        }
    }
    EncodeOptions eo = c.encoder;
    eo.threads = base.threads; // the bits do not depend on it
    eo.seed = c.seed;
    out->encoder = std::make_unique<NetworkEncoder>(layout, eo, c.perChannel ? QuantGranularity::PerChannel
                                                                            : QuantGranularity::PerTensor);
    TrainOptions retrain = base;
    retrain.lr = c.lr;
    Retrainer r(*out->network, data, *out->encoder, retrain, retrainOptions(c));
    phase = "encoding and retraining";
    out->result = r.run(&phased, [&](const StepReport &s) {
        phase = "after " + s.label;
        if (onStep) onStep(s);
    });
    // Even an interrupted retraining deploys the post-encoding weights: they stay to export.
    out->cancelled = out->result.cancelled;
    return out;
}

QList<TensorErrors> NetworkRunOutcome::tensorErrors() const
{
    QList<TensorErrors> errors;
    for (const EncodedTensor &t : result.tensors) {
        TensorErrors e;
        e.name = QString::fromStdString(t.name);
        e.fullScale = double(codeMax(t.quant.format, t.quant.bits) - codeMin(t.quant.format, t.quant.bits));
        e.errors.reserve(size_t(t.size()));
        for (int64_t i = 0; i < t.size(); ++i) e.errors.push_back(t.decodedCodes[size_t(i)] - t.quant.codes[size_t(i)]);
        errors << e;
    }
    return errors;
}

QString NetworkRunOutcome::exportTo(const QString &kind, const QString &path) const
{
    if (!encoded()) return "no network run has been encoded yet: start a run first";
    try {
        const std::string p = path.toStdString();
        if (kind == "npz") {
            writeNetworkNpz(*encoder, result.tensors, p);
        } else if (kind == "state_dict") {
            network->saveStateDict(p);
        } else if (kind == "csv") {
            writeFileAtomic(p, stepsCsv(result.steps));
        } else if (kind == "json") {
            QJsonObject root = retrainResultJson(result);
            root["model"] = config.model;
            root["data"] = config.data;
            root["mode"] = config.mode;
            root["run"] = config.name();
            root["encoder"] = encodeParametersJson(encoder->encoder());
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
