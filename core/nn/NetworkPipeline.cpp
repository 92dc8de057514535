#include "nn/NetworkPipeline.h"

#include "io/FaultFile.h"

#include "io/EncodeExport.h"
#include "io/Npy.h"
#include "io/TorchFile.h"
#include "nn/NetworkExport.h"
#include "nn/RunReport.h"
#include "util/Error.h"
#include "Version.h"

#include <QFileInfo>

#include <algorithm>
#include <thread>

namespace twill {

DatasetPair loadRunData(const NetworkRunSpec &spec)
{
    DatasetPair d;
    if (spec.data == "synthetic") {
        d = syntheticDataset(syntheticTrainSamples, syntheticTestSamples, spec.seed);
    } else if (spec.data == "fashion-demo") {
        d = loadIdxDirectory(defaultFashionMnistDir());
        d.train = d.train.subset(demoTrainSamples);
        d.test = d.test.subset(demoTestSamples);
        d.train.name = "fashion-mnist demo (train, first " + std::to_string(demoTrainSamples) + ")";
        d.test.name = "fashion-mnist demo (test, first " + std::to_string(demoTestSamples) + ")";
    } else {
        d = loadIdxDirectory(spec.data == "fashion" ? defaultFashionMnistDir() : spec.data);
    }
    if (spec.trainSubset > 0) d.train = d.train.subset(spec.trainSubset);
    return d;
}

int runThreads(const NetworkRunSpec &spec)
{
    return spec.threads > 0 ? spec.threads : std::max(1, int(std::thread::hardware_concurrency()));
}

TrainOptions trainOptions(const NetworkRunSpec &spec, bool retraining)
{
    TrainOptions t;
    t.optimizer = spec.optimizer;
    t.lr = retraining ? spec.retrainLr : spec.lr;
    t.momentum = spec.momentum;
    t.batch = spec.batch;
    t.seed = spec.seed;
    t.threads = runThreads(spec);
    t.input = spec.input;
    return t;
}

BaselineResult trainBaseline(Network &network, const DatasetPair &data, const NetworkRunSpec &spec,
                             const std::string &checkpointOut, bool resume, JobControl *control,
                             const std::function<void(const BaselineEpoch &)> &onEpoch)
{
    JobControl none;
    JobControl &root = control ? *control : none;
    Trainer trainer(network, trainOptions(spec, false));
    int start = 0;
    if (resume && !checkpointOut.empty() && QFileInfo::exists(QString::fromStdString(checkpointOut)))
        start = trainer.loadCheckpoint(checkpointOut);
    const int epochs = std::max(spec.epochs, start);
    const int64_t batches = (data.train.count + spec.batch - 1) / spec.batch;
    trainer.restartSchedule(epochs, batches);
    trainer.advanceSchedule(int64_t(start) * batches); // a resumed run continues its cosine schedule
    BaselineResult r;
    r.epochsDone = r.resumedAfter = start;
    if (onEpoch && start == epochs) r.test = trainer.evaluate(data.test, spec.testSubset);
    for (int e = start; e < epochs; ++e) {
        const std::string phase = "baseline epoch " + std::to_string(e + 1) + " of " + std::to_string(epochs);
        const double span = 1.0 / double(epochs - start);
        root.report(double(e - start) * span, phase);
        const JobControl part = root.part(double(e - start) * span, double(e - start + 1) * span, phase);
        BaselineEpoch b;
        b.train = trainer.trainEpoch(data.train, &part);
        if (b.train.cancelled) {
            r.cancelled = true;
            break;
        }
        r.epochsDone = e + 1;
        if (!checkpointOut.empty()) trainer.saveCheckpoint(checkpointOut, e + 1);
        if (onEpoch) {
            b.test = r.test = trainer.evaluate(data.test, spec.testSubset);
            b.epoch = e + 1;
            b.epochs = epochs;
            onEpoch(b);
        }
    }
    if (!checkpointOut.empty() && start == epochs && !r.cancelled) trainer.saveCheckpoint(checkpointOut, start);
    return r;
}

QJsonObject NetworkRun::reportJson() const
{
    QJsonObject root = retrainResultJson(result);
    root["tool"] = "twill";
    root["version"] = 2;
    root["twill_version"] = TWILL_VERSION_STRING;
    root["libtorch_version"] = TWILL_LIBTORCH_VERSION;
    root["run"] = QString::fromStdString(spec.name());
    root["spec"] = spec.toJson();
    root["data_name"] = QString::fromStdString(dataName);
    root["test_samples"] = double(testSamples);
    if (encoder) root["storage"] = storageFactsJson(encoder->encoder());
    return root;
}

void NetworkRun::writeReport(const std::string &path) const
{
    writeJsonFile(reportJson(), path);
}

void NetworkRun::writeStepsCsv(const std::string &path) const
{
    writeFileAtomic(path, stepsCsv(result.steps));
}

void NetworkRun::writeNpz(const std::string &path) const
{
    if (!encoded()) throw Error("the run stopped before its weights were encoded: there is nothing to export");
    writeNetworkNpz(*encoder, result.tensors, path);
}

void NetworkRun::writeStateDict(const std::string &path) const
{
    network->saveStateDict(path);
}

void NetworkRun::writeModel(const std::string &path) const
{
    if (!network->isTorchScript())
        throw Error("only a TorchScript model can be written back as a model; for " + spec.model + " write the state_dict");
    network->saveTorchScript(path);
}

namespace {

// LibTorch's own exceptions (c10::Error) become an Error in words: the first line of its
// message, without the C++ backtrace, and what Twill was doing.
template <typename F>
auto inWords(const std::string &doing, F f)
{
    try {
        return f();
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        std::string why = e.what();
        if (why.find('\n') != std::string::npos) why.resize(why.find('\n'));
        throw Error(doing + ": " + why);
    }
}

} // namespace

void prepareNetwork(Network &network, const NetworkRunSpec &spec, const DatasetPair &data)
{
    if (!spec.weights.empty()) network.loadStateDict(readStateDict(spec.weights), spec.weights);
    checkNetworkTakes(network, data.train, spec.input);
    checkNetworkTakes(network, data.test, spec.input);
}

namespace {

std::unique_ptr<NetworkRun> runSteps(const NetworkRunSpec &spec, JobControl *control, const RunEvents &events,
                                     const std::string &baselineOut)
{
    spec.validate();
    spec.requireBaseline();
    JobControl none;
    JobControl &root = control ? *control : none;
    auto run = std::make_unique<NetworkRun>();
    run->spec = spec;
    const int threads = runThreads(spec);

    root.report(0, "loading data");
    const DatasetPair data = loadRunData(spec);
    const Layout layout = spec.array.layout(); // a bad custom pattern fails before any training
    run->dataName = data.test.name;
    run->testSamples = spec.testSubset > 0 ? std::min<int64_t>(spec.testSubset, data.test.count) : data.test.count;
    run->network = std::make_unique<Network>(Network::create(spec.model, spec.seed));
    prepareNetwork(*run->network, spec, data);
    run->encoder = std::make_unique<NetworkEncoder>(layout, spec.runEncoder(threads), spec.quant);
    if (spec.faults.any()) run->encoder->setFaults(faultMapFor(spec.faults, layout.geometry()), spec.faults.unaware);
    Retrainer retrainer(*run->network, data, *run->encoder, trainOptions(spec, true), spec);

    // Progress: baseline epochs and the retraining's planned work, in epochs' worth.
    const bool training = spec.trainsBaseline();
    const double baselineWork = training ? spec.epochs : 0;
    const double split = baselineWork / (baselineWork + retrainer.plannedWork());
    if (!spec.checkpoint.empty()) {
        root.report(0, "loading the checkpoint");
        Trainer loader(*run->network, trainOptions(spec, false));
        loader.loadCheckpoint(spec.checkpoint);
    } else if (training) {
        JobControl part = root.part(0, split);
        if (trainBaseline(*run->network, data, spec, baselineOut, false, &part, events.onBaselineEpoch).cancelled) {
            run->result.cancelled = true;
            return run;
        }
    }
    JobControl part = root.part(split, 1);
    run->result = retrainer.run(&part, events.onStep);
    run->result.baselineFrom = spec.baselineSource();
    return run;
}

} // namespace

std::unique_ptr<NetworkRun> runNetwork(const NetworkRunSpec &spec, JobControl *control, const RunEvents &events,
                                       const std::string &baselineOut)
{
    return inWords(spec.name(), [&] { return runSteps(spec, control, events, baselineOut); });
}

} // namespace twill
