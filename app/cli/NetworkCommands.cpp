#include "NetworkCommands.h"

#include "CliOptions.h"
#include "CliStreams.h"
#include "io/EncodeExport.h"
#include "io/Npy.h"
#include "nn/Dataset.h"
#include "nn/NetworkExport.h"
#include "nn/Retrainer.h"
#include "nn/RunReport.h"

#include <QJsonArray>
#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace twill::cli {

namespace {

void addNetworkOptions(QCommandLineParser &p)
{
    p.addOptions({
        {"model", "mlp, lenet5, or a TorchScript model FILE.pt.", "MODEL"},
        {"data", "Folder with the four IDX files (default: Debian's Fashion-MNIST), or 'synthetic'.", "DIR"},
        {"batch", "Batch size (default 64).", "B", "64"},
        {"lr", "Learning rate (default 0.05 for training, 0.01 for retraining).", "X"},
        {"momentum", "SGD momentum (default 0.9).", "M", "0.9"},
        {"optimizer", "sgd (default) or adam.", "NAME", "sgd"},
        {"train-subset", "Train on the first N training samples only.", "N"},
        {"test-subset", "Evaluate on the first N test samples only (default: the full test set).", "N"},
        {"quiet", "Only the summary."},
    });
}

DatasetPair dataFrom(const QCommandLineParser &p, uint64_t seed)
{
    DatasetPair d;
    const std::string dir = p.isSet("data") ? p.value("data").toStdString() : defaultFashionMnistDir();
    try {
        d = dir == "synthetic" ? syntheticDataset(3000, 1000, seed) : loadIdxDirectory(dir);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    if (d.train.rows != 28 || d.train.cols != 28)
        std::fprintf(stderr, "note: images are %dx%d; the built-in models expect 28x28\n", d.train.rows, d.train.cols);
    if (p.isSet("train-subset")) d.train = d.train.subset(intValue(p, "train-subset", 1, 100000000));
    return d;
}

Network networkFrom(const QCommandLineParser &p, uint64_t seed)
{
    if (!p.isSet("model")) throw UsageError("--model is required: mlp, lenet5 or a TorchScript FILE.pt");
    try {
        return Network::create(p.value("model").toStdString(), seed);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
}

TrainOptions trainOptionsFrom(const QCommandLineParser &p, double defaultLr)
{
    TrainOptions t;
    t.batch = intValue(p, "batch", 1, 65536);
    t.lr = p.isSet("lr") ? doubleValue(p, "lr", 1e-9) : defaultLr;
    t.momentum = doubleValue(p, "momentum", 0);
    t.optimizer = p.value("optimizer").toStdString();
    if (t.optimizer != "sgd" && t.optimizer != "adam")
        throw UsageError("--optimizer '" + t.optimizer + "' is unknown; use sgd or adam");
    t.seed = seedValue(p);
    t.threads = p.isSet("threads") ? intValue(p, "threads", 1, 1024) : 0;
    return t;
}


} // namespace

int runTrain(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Train a network (float baseline) and write a checkpoint of model and optimizer.");
    p.addHelpOption();
    addNetworkOptions(p);
    p.addOptions({
        {"epochs", "Epochs (default 10).", "N", "10"},
        {"seed", "Seed for initialisation and shuffling (default 1).", "S", "1"},
        {"threads", "LibTorch threads (default: all cores).", "T"},
        {"out", "Checkpoint to write (model and optimizer), after every epoch.", "FILE"},
        {"resume", "Continue from --out if it exists, up to --epochs in all."},
        {"json", "Write the per-epoch report as JSON.", "FILE"},
    });
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;
    try {
        if (!p.isSet("out")) throw UsageError("--out CHECKPOINT is required");
        checkOutputs(p, {"out", "json"});
        FILE *const report = summaryStream(p, {"json"}); // `--json -`: the report alone on stdout
        const uint64_t seed = seedValue(p);
        Network net = networkFrom(p, seed);
        const DatasetPair data = dataFrom(p, seed);
        const int epochs = intValue(p, "epochs", 0, 100000);
        const int64_t testSubset = p.isSet("test-subset") ? intValue(p, "test-subset", 1, 100000000) : 0;
        Trainer trainer(net, trainOptionsFrom(p, 0.05));
        const std::string out = p.value("out").toStdString();
        int start = 0;
        if (p.isSet("resume") && QFileInfo::exists(p.value("out"))) {
            try {
                start = trainer.loadCheckpoint(out);
            } catch (const Error &e) {
                throw UsageError(e.what());
            }
            std::fprintf(report, "resumed from %s after epoch %d\n", out.c_str(), start);
        }
        JobControl control;
        cancelOnSignals(&control);
        const int batch = intValue(p, "batch", 1, 65536);
        const int64_t batches = (data.train.count + batch - 1) / batch;
        trainer.restartSchedule(epochs, batches);
        trainer.advanceSchedule(int64_t(start) * batches); // a resumed run continues its cosine schedule
        QJsonArray epochsJson;
        const bool quiet = p.isSet("quiet");
        if (!quiet)
            std::fprintf(report, "training %s on %s: %lld samples, %d epochs, batch %d, %d thread(s)\n", net.spec().c_str(),
                        data.train.name.c_str(), (long long)data.train.count, epochs, batch,
                        trainer.threads());
        Evaluation ev = trainer.evaluate(data.test, testSubset);
        bool cancelled = false;
        for (int e = start; e < epochs; ++e) {
            const EpochStats s = trainer.trainEpoch(data.train, &control);
            if (s.cancelled) {
                cancelled = true;
                break;
            }
            ev = trainer.evaluate(data.test, testSubset);
            trainer.saveCheckpoint(out, e + 1);
            if (!quiet)
                std::fprintf(report, "epoch %3d  train loss %.4f  train acc %.4f  test loss %.4f  test acc %.4f  %.0f samples/s\n",
                            e + 1, s.trainLoss, s.trainAccuracy, ev.loss, ev.accuracy, s.samplesPerSecond);
            std::fflush(report);
            QJsonObject o;
            o["epoch"] = e + 1;
            o["train_loss"] = s.trainLoss;
            o["train_accuracy"] = s.trainAccuracy;
            o["test_loss"] = ev.loss;
            o["test_accuracy"] = ev.accuracy;
            o["samples_per_second"] = s.samplesPerSecond;
            epochsJson.append(o);
        }
        cancelOnSignals(nullptr);
        if (epochs == start && !cancelled) trainer.saveCheckpoint(out, start);
        std::fprintf(report, "test accuracy %.4f on %lld samples%s; checkpoint %s\n", ev.accuracy, (long long)ev.samples,
                    cancelled ? " (interrupted; the checkpoint holds the last whole epoch)" : "", out.c_str());
        if (p.isSet("json")) {
            QJsonObject root;
            root["model"] = QString::fromStdString(net.spec());
            root["data"] = QString::fromStdString(data.train.name);
            root["epochs"] = epochsJson;
            root["test_accuracy"] = ev.accuracy;
            root["test_samples"] = double(ev.samples);
            writeJsonFile(root, p.value("json").toStdString());
        }
        return cancelled ? 130 : 0;
    } catch (const UsageError &e) {
        std::fprintf(stderr, "twill-cli train: %s\n", e.what());
        return 2;
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-cli train: %s\n", e.what());
        return 1;
    }
}

int runRetrain(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Encode a trained network onto overlapped arrays and retrain it (post, inq, ste).");
    p.addHelpOption();
    addNetworkOptions(p);
    addLayoutOptions(p);
    addEncoderOptions(p, "l2");
    p.addOptions({
        {"checkpoint", "The trained checkpoint (twill-cli train --out).", "FILE"},
        {"mode", "post, inq (default) or ste.", "MODE", "inq"},
        {"schedule", "Accumulated fractions for inq (default 0.5,0.75,0.875,1).", "LIST", "0.5,0.75,0.875,1"},
        {"partition", "Which weights go first: magnitude (default), random or importance.", "RULE", "magnitude"},
        {"unit", "Portion unit: array (default) or weight.", "UNIT", "array"},
        {"epochs-per-step", "Retraining epochs after each inq step (ste: epochs per schedule entry); default 1.",
         "N", "1"},
        {"ste-every", "ste: batches between re-encodings (default 50).", "K", "50"},
        {"later-weight", "inq, unit weight: encoder weight of the words not yet frozen (default 0.25).", "X", "0.25"},
        {"placement", "Before encoding, try N permutations of each layer's neurons (built-in models) and keep the "
                      "one with the least encoding error; the network's function does not change.", "N"},
        {"importance", "Use squared gradients (diagonal Fisher) as the encoder's per-weight importance."},
        {"quant", "Scale groups: per-tensor (default) or per-channel.", "G", "per-tensor"},
        {"json", "Report: accuracies and every step with per-layer figures.", "FILE"},
        {"csv", "One row per step, one column per metric.", "FILE"},
        {"npz", "Encoded bits, scales and decoded weights of every tensor.", "FILE"},
        {"state-dict", "Deployed weights as a PyTorch state_dict (torch.load).", "FILE"},
        {"save-model", "TorchScript models: the model with its deployed weights.", "FILE"},
    });
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;
    try {
        if (!p.isSet("checkpoint")) throw UsageError("--checkpoint is required (make one with twill-cli train)");
        checkOutputs(p, {"json", "csv", "npz", "state-dict", "save-model"});
        FILE *const out = summaryStream(p, {"json", "csv", "npz", "state-dict", "save-model"});
        const uint64_t seed = seedValue(p);
        Network net = networkFrom(p, seed);
        if (p.isSet("save-model") && !net.isTorchScript())
            throw UsageError("--save-model needs a TorchScript model; for built-ins use --state-dict");
        const DatasetPair data = dataFrom(p, seed);
        const Layout layout = layoutFrom(p);
        const EncodeOptions eo = encoderOptionsFrom(p, layout);
        QuantGranularity g;
        if (p.value("quant") == "per-tensor") g = QuantGranularity::PerTensor;
        else if (p.value("quant") == "per-channel") g = QuantGranularity::PerChannel;
        else throw UsageError("--quant '" + p.value("quant").toStdString() + "' is unknown; use per-tensor or per-channel");
        RetrainOptions ro;
        try {
            ro.mode = parseRetrainMode(p.value("mode").toStdString());
            ro.partition = parsePartition(p.value("partition").toStdString());
            ro.unit = parseUnit(p.value("unit").toStdString());
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        ro.schedule.clear();
        for (const QString &f : p.value("schedule").split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const double v = f.trimmed().toDouble(&ok);
            if (!ok) throw UsageError("--schedule: '" + f.toStdString() + "' is not a number");
            ro.schedule.push_back(v);
        }
        ro.epochsPerStep = intValue(p, "epochs-per-step", 0, 10000);
        ro.steEvery = intValue(p, "ste-every", 1, 1000000);
        ro.laterWeight = doubleValue(p, "later-weight", 0);
        if (p.isSet("placement")) {
            ro.placementTrials = intValue(p, "placement", 1, 100000);
            if (!net.isTorchScript() && placementLinks(net).empty())
                throw UsageError("--placement needs mlp or lenet5");
            if (net.isTorchScript())
                throw UsageError("--placement needs a built-in model (mlp, lenet5): a TorchScript model's layer chain is unknown");
        }
        ro.importanceEncoding = p.isSet("importance");
        ro.testSubset = p.isSet("test-subset") ? intValue(p, "test-subset", 1, 100000000) : 0;
        ro.seed = seed;
        TrainOptions to = trainOptionsFrom(p, 0.01);
        try {
            Trainer loader(net, to);
            loader.loadCheckpoint(p.value("checkpoint").toStdString());
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        std::unique_ptr<NetworkEncoder> ne;
        std::unique_ptr<Retrainer> rt;
        try {
            ne = std::make_unique<NetworkEncoder>(layout, eo, g);
            rt = std::make_unique<Retrainer>(net, data, *ne, to, ro);
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        const bool quiet = p.isSet("quiet");
        const Geometry &geo = layout.geometry();
        if (!quiet)
            std::fprintf(out, "retraining %s (%s) on %s: %s, %s pattern %dx%dx%d, %d-bit %s, objective %s\n",
                        net.spec().c_str(), p.value("checkpoint").toStdString().c_str(), data.test.name.c_str(),
                        p.value("mode").toStdString().c_str(), layout.pattern().c_str(), geo.rows, geo.cols,
                        geo.layers, geo.bits, formatName(eo.format).c_str(), objectiveName(eo.objective).c_str());
        JobControl control;
        cancelOnSignals(&control);
        const RetrainResult r = rt->run(&control, [&](const StepReport &s) {
            if (quiet) return;
            double worstMax = 0, meanFs = 0;
            int64_t n = 0;
            for (const LayerReport &l : s.layers) {
                worstMax = std::max(worstMax, l.error.maxPctFs);
                meanFs += l.error.meanPctFs * double(l.error.words);
                n += l.error.words;
            }
            std::fprintf(out, "%-14s frozen %5.1f%%  test acc %.4f  loss %.4f  |e| mean %.4f%% FS max %.4f%% FS  "
                        "capacity %.3f  %.1fs\n",
                        s.label.c_str(), 100.0 * s.fraction, s.accuracy, s.loss, n ? meanFs / double(n) : 0.0, worstMax,
                        s.effectiveCapacity, s.seconds);
            std::fflush(out);
        });
        cancelOnSignals(nullptr);
        for (const PlacementReport &pr : r.placement)
            std::fprintf(out, "placement %-14s squared code error %.4g -> %.4g (%d trials)\n", pr.link.c_str(), pr.errorBefore,
                        pr.errorAfter, pr.trials);
        std::fprintf(out, "baseline %.4f  encoded %.4f  retrained %.4f  final %.4f (%s)%s\n", r.baselineAccuracy,
                    r.encodedAccuracy, r.retrainedAccuracy, r.finalAccuracy, r.finalFrom.c_str(),
                    r.cancelled ? "  [interrupted: the post-encoding weights are deployed]" : "");
        if (p.isSet("json")) {
            QJsonObject root = retrainResultJson(r);
            root["model"] = QString::fromStdString(net.spec());
            root["checkpoint"] = p.value("checkpoint");
            root["data"] = QString::fromStdString(data.test.name);
            root["mode"] = p.value("mode");
            root["encoder"] = encodeParametersJson(ne->encoder());
            root["test_samples"] = double(ro.testSubset > 0 ? std::min<int64_t>(ro.testSubset, data.test.count) : data.test.count);
            writeJsonFile(root, p.value("json").toStdString());
        }
        if (p.isSet("csv")) writeFileAtomic(p.value("csv").toStdString(), stepsCsv(r.steps));
        if (p.isSet("npz")) writeNetworkNpz(*ne, r.tensors, p.value("npz").toStdString());
        if (p.isSet("state-dict")) net.saveStateDict(p.value("state-dict").toStdString());
        if (p.isSet("save-model")) net.saveTorchScript(p.value("save-model").toStdString());
        return r.cancelled ? 130 : 0;
    } catch (const UsageError &e) {
        std::fprintf(stderr, "twill-cli retrain: %s\n", e.what());
        return 2;
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-cli retrain: %s\n", e.what());
        return 1;
    }
}

} // namespace twill::cli
