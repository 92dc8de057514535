#include "NetworkCommands.h"

#include "CliOptions.h"
#include "CliStreams.h"
#include "MemoryOutputs.h"
#include "ProgressLine.h"
#include "io/EncodeExport.h"
#include "io/MemoryImage.h"
#include "nn/NetworkExport.h"
#include "nn/NetworkPipeline.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace twill::cli {

namespace {

int fail(const char *command, const Error &e, int code)
{
    std::fprintf(stderr, "twill-cli %s: %s\n", command, e.what());
    return code;
}

} // namespace

int runTrain(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Train a network (float baseline) and write a checkpoint of model and optimizer.");
    p.addHelpOption();
    SpecFlags flags;
    flags.add(networkFlags("lr", "0.05")).alias("normalize_mean", "normalize").alias("normalize_std", "normalize");
    flags.add({{"epochs", "epochs", FlagKind::Integer, "Epochs (default 10).", "N"}});
    flags.addTo(p);
    p.addOptions({
        {"out", "Checkpoint to write (model and optimizer), after every epoch.", "FILE"},
        {"resume", "Continue from --out if it exists, up to --epochs in all."},
        {"json", "Write the per-epoch report as JSON.", "FILE"},
        {"quiet", "Only the summary."},
    });
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;
    try {
        if (!p.isSet("model")) throw UsageError("--model is required: mlp, lenet5, resnet20 or a TorchScript FILE.pt");
        if (!p.isSet("out")) throw UsageError("--out CHECKPOINT is required");
        QJsonObject json = flags.json(p);
        if (!json.contains("epochs")) json["epochs"] = 10;
        const NetworkRunSpec spec = networkRunSpecFrom(p, flags, json);
        checkOutputs(p, {"out", "json"});
        FILE *const report = summaryStream(p, {"json"}); // `--json -`: the report alone on stdout
        const DatasetPair data = asUsage(flags, [&] { return loadRunData(spec); });
        Network net = asUsage(flags, [&] {
            Network n = Network::create(spec.model, spec.seed);
            prepareNetwork(n, spec, data);
            return n;
        });
        const bool quiet = p.isSet("quiet");
        if (data.train.rows != 28 || data.train.cols != 28)
            std::fprintf(stderr, "note: images are %dx%d; the built-in models expect 28x28\n", data.train.rows, data.train.cols);
        if (!quiet)
            std::fprintf(report, "training %s on %s: %lld samples, %d epochs, batch %d, %d thread(s)\n", net.spec().c_str(),
                        data.train.name.c_str(), (long long)data.train.count, spec.epochs, spec.batch, runThreads(spec));
        const std::string out = p.value("out").toStdString();
        // Per batch on a terminal's stderr (with the time left), never into a redirected one.
        ProgressLine progress(!quiet);
        JobControl control([&progress](double f, const std::string &m) { progress.update(f, m); });
        cancelOnSignals(&control);
        QJsonArray epochsJson;
        const BaselineResult r = asUsage(flags, [&] {
            return trainBaseline(net, data, spec, out, p.isSet("resume"), &control, [&](const BaselineEpoch &b) {
                progress.clear();
                if (!quiet)
                    std::fprintf(report, "epoch %3d  train loss %.4f  train acc %.4f  test loss %.4f  test acc %.4f  %.0f samples/s\n",
                                b.epoch, b.train.trainLoss, b.train.trainAccuracy, b.test.loss, b.test.accuracy,
                                b.train.samplesPerSecond);
                std::fflush(report);
                QJsonObject o;
                o["epoch"] = b.epoch;
                o["train_loss"] = b.train.trainLoss;
                o["train_accuracy"] = b.train.trainAccuracy;
                o["test_loss"] = b.test.loss;
                o["test_accuracy"] = b.test.accuracy;
                o["samples_per_second"] = b.train.samplesPerSecond;
                epochsJson.append(o);
            });
        });
        cancelOnSignals(nullptr);
        progress.clear();
        if (r.resumedAfter > 0) std::fprintf(report, "resumed from %s after epoch %d\n", out.c_str(), r.resumedAfter);
        std::fprintf(report, "test accuracy %.4f on %lld samples%s; checkpoint %s\n", r.test.accuracy, (long long)r.test.samples,
                    r.cancelled ? " (interrupted; the checkpoint holds the last whole epoch)" : "", out.c_str());
        if (p.isSet("json")) {
            QJsonObject root;
            root["tool"] = "twill-cli train";
            root["version"] = 2;
            root["spec"] = spec.toJson();
            root["model"] = QString::fromStdString(net.spec());
            root["data"] = QString::fromStdString(data.train.name);
            root["epochs"] = epochsJson;
            root["test_accuracy"] = r.test.accuracy;
            root["test_samples"] = double(r.test.samples);
            writeJsonFile(root, p.value("json").toStdString());
        }
        return r.cancelled ? 130 : 0;
    } catch (const UsageError &e) {
        return fail("train", e, 2);
    } catch (const Error &e) {
        return fail("train", e, 1);
    }
}

int runRetrain(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Encode a trained network onto overlapped arrays and retrain it (post, inq, ste).");
    p.addHelpOption();
    const SpecFlags flags = retrainCommandFlags();
    flags.addTo(p);
    p.addOptions({
        {"json", "Report: accuracies and every step with per-layer figures.", "FILE"},
        {"csv", "One row per step, one column per metric.", "FILE"},
        {"npz", "Encoded bits, scales and decoded weights of every tensor.", "FILE"},
        {"state-dict", "Deployed weights as a PyTorch state_dict (torch.load).", "FILE"},
        {"save-model", "TorchScript models: the model with its deployed weights.", "FILE"},
        {"quiet", "Only the summary."},
    });
    p.addOptions(memoryOptions("every encoded tensor's cells (one image, tensors in order, an address map in "
                               "the manifest)"));
    if (int rc = parseOrExplain(p, args); rc >= 0) return rc;
    try {
        if (!p.isSet("model")) throw UsageError("--model is required: mlp, lenet5, resnet20 or a TorchScript FILE.pt");
        QJsonObject json = flags.json(p);
        if (!json.contains("epochs")) json["epochs"] = 0;
        const NetworkRunSpec spec = networkRunSpecFrom(p, flags, json);
        checkMemoryFormat(p, spec.encoder.format);
        const MemoryOutputs memory = checkMemoryOptions(p);
        const QStringList fileFlags = QStringList{"json", "csv", "npz", "state-dict", "save-model"} + memoryFileFlags();
        checkOutputs(p, fileFlags + QStringList{"neurosim"});
        FILE *const report = summaryStream(p, fileFlags);
        if (p.isSet("save-model") && spec.builtInModel())
            throw UsageError("--save-model needs a TorchScript model; for built-ins use --state-dict");
        const bool quiet = p.isSet("quiet");
        if (!quiet)
            std::fprintf(report, "retraining %s (baseline: %s) on %s: %s, %s, %s, objective %s; inputs %s\n", spec.model.c_str(),
                        spec.baselineSource().c_str(), spec.data.c_str(), retrainModeName(spec.mode).c_str(),
                        spec.array.describe().c_str(), formatName(spec.encoder.format).c_str(),
                        objectiveName(spec.encoder.objective).c_str(), spec.input.describe().c_str());
        if (!quiet && spec.faults.any())
            std::fprintf(report, "faults: %s, one map over the network's arrays in tensor order; %s\n",
                        spec.faults.describe().c_str(),
                        spec.faults.unaware ? "encoded as if healthy, then overwritten by the stuck cells"
                                            : "fault-aware: stuck cells are pins from the first step");
        if (!quiet && spec.bitL1 > 0)
            std::fprintf(report, "bit-slice L1: %g x ones per encoded weight added to the retraining loss\n", spec.bitL1);
        ProgressLine progress(!quiet);
        JobControl control([&progress](double f, const std::string &m) { progress.update(f, m); });
        cancelOnSignals(&control);
        RunEvents events;
        events.onBaselineEpoch = [&](const BaselineEpoch &) { progress.clear(); };
        events.onStep = [&](const StepReport &s) {
            progress.clear();
            if (quiet) return;
            double worstMax = 0, meanFs = 0;
            int64_t n = 0;
            for (const LayerReport &l : s.layers) {
                worstMax = std::max(worstMax, l.error.maxPctFs);
                meanFs += l.error.meanPctFs * double(l.error.words);
                n += l.error.words;
            }
            std::fprintf(report, "%-14s frozen %5.1f%%  test acc %.4f  loss %.4f  |e| mean %.4f%% FS max %.4f%% FS  "
                        "capacity %.3f  %.1fs\n",
                        s.label.c_str(), 100.0 * s.fraction, s.accuracy, s.loss, n ? meanFs / double(n) : 0.0, worstMax,
                        s.effectiveCapacity, s.seconds);
            std::fflush(report);
        };
        // Everything runNetwork refuses comes from its inputs: the spec, the files, the model.
        const std::unique_ptr<NetworkRun> run = asUsage(flags, [&] { return runNetwork(spec, &control, events); });
        cancelOnSignals(nullptr);
        progress.clear();
        const RetrainResult &r = run->result;
        for (const PlacementReport &pr : r.placement)
            std::fprintf(report, "placement %-14s squared code error %.4g -> %.4g (%d trials)\n", pr.link.c_str(), pr.errorBefore,
                        pr.errorAfter, pr.trials);
        std::fprintf(report, "baseline %.4f (%s)  encoded %.4f  retrained %.4f  final %.4f (%s)%s\n", r.baselineAccuracy,
                    r.baselineFrom.c_str(), r.encodedAccuracy, r.retrainedAccuracy, r.finalAccuracy, r.finalFrom.c_str(),
                    r.cancelled ? "  [interrupted: the post-encoding weights are deployed]" : "");
        if (!quiet && !r.bitlines.empty()) {
            std::string lines;
            for (const BitlineFigure &b : r.bitlines) {
                char one[96];
                std::snprintf(one, sizeof one, "%s%ss max %d ones (%d ADC bits), mean %.2f", lines.empty() ? "" : "; ",
                              b.axis.c_str(), int(b.maxOnes), b.adcBits, b.meanOnes);
                lines += one;
            }
            std::fprintf(report, "bitlines: %s; %.1f%% of cells hold 1\n", lines.c_str(), 100.0 * r.onesShare);
        }
        if (p.isSet("json")) run->writeReport(p.value("json").toStdString());
        if (p.isSet("csv")) run->writeStepsCsv(p.value("csv").toStdString());
        if (p.isSet("npz")) run->writeNpz(p.value("npz").toStdString());
        if (p.isSet("state-dict")) run->writeStateDict(p.value("state-dict").toStdString());
        if (p.isSet("save-model")) run->writeModel(p.value("save-model").toStdString());
        if (wantsMemoryFiles(p)) {
            if (!run->encoded()) throw Error("the run stopped before its weights were encoded: there is no memory image");
            MemoryImage image(run->encoder->encoder());
            addNetworkTensors(image, r.tensors);
            writeMemoryFiles(p, memory, image, "twill-cli retrain");
        }
        return r.cancelled ? 130 : 0;
    } catch (const UsageError &e) {
        return fail("retrain", e, 2);
    } catch (const Error &e) {
        return fail("retrain", e, 1);
    }
}

} // namespace twill::cli
