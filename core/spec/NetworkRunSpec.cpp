#include "spec/NetworkRunSpec.h"

#include "spec/SpecReader.h"
#include "util/Error.h"

#include <QJsonArray>

#include <cmath>

namespace twill {

std::string retrainModeName(RetrainMode m)
{
    switch (m) {
    case RetrainMode::Post: return "post";
    case RetrainMode::Inq: return "inq";
    case RetrainMode::Ste: return "ste";
    }
    return "inq";
}

RetrainMode parseRetrainMode(const std::string &s)
{
    for (RetrainMode m : {RetrainMode::Post, RetrainMode::Inq, RetrainMode::Ste})
        if (s == retrainModeName(m)) return m;
    throw Error("unknown mode '" + s + "'; use post, inq or ste");
}

std::string partitionName(PartitionRule p)
{
    switch (p) {
    case PartitionRule::Magnitude: return "magnitude";
    case PartitionRule::Random: return "random";
    case PartitionRule::Importance: return "importance";
    }
    return "magnitude";
}

PartitionRule parsePartition(const std::string &s)
{
    for (PartitionRule p : {PartitionRule::Magnitude, PartitionRule::Random, PartitionRule::Importance})
        if (s == partitionName(p)) return p;
    throw Error("unknown partition '" + s + "'; use magnitude, random or importance");
}

std::string unitName(PortionUnit u)
{
    return u == PortionUnit::Weight ? "weight" : "array";
}

PortionUnit parseUnit(const std::string &s)
{
    for (PortionUnit u : {PortionUnit::Array, PortionUnit::Weight})
        if (s == unitName(u)) return u;
    throw Error("unknown unit '" + s + "'; use array or weight");
}

std::string InputSpec::describe() const
{
    auto list = [](const std::vector<double> &v) {
        std::string out;
        for (double x : v) {
            char t[32];
            std::snprintf(t, sizeof t, "%.6g", x);
            out += (out.empty() ? "" : ",") + std::string(t);
        }
        return v.size() > 1 ? "(" + out + ")" : out;
    };
    std::string shape = reshapes() ? std::to_string(channels) + "x" + std::to_string(rows) + "x" + std::to_string(cols)
                                         + (fit == "resize" ? " (resized)" : " (padded)")
                                   : std::string("as the data");
    return "x = (p/255 - " + list(mean) + ") / " + list(std) + ", " + shape;
}

namespace {

// Shell-style match: * any run of characters, ? one character.
bool globMatch(const char *g, const char *s)
{
    if (*g == '\0') return *s == '\0';
    if (*g == '*') return globMatch(g + 1, s) || (*s && globMatch(g, s + 1));
    if (*s && (*g == '?' || *g == *s)) return globMatch(g + 1, s + 1);
    return false;
}

} // namespace

bool NetworkRunSpec::encodes(const std::string &tensor, size_t rank) const
{
    bool chosen = encodeTensors.empty() ? rank >= 2 : false;
    for (const std::string &g : encodeTensors) chosen = chosen || globMatch(g.c_str(), tensor.c_str());
    for (const std::string &g : keepFloat)
        if (globMatch(g.c_str(), tensor.c_str())) chosen = false;
    return chosen;
}

std::string NetworkRunSpec::baselineSource() const
{
    if (!checkpoint.empty()) return "checkpoint";
    if (!weights.empty()) return epochs > 0 ? "weights, then trained" : "weights";
    if (epochs > 0) return "trained";
    return "as loaded";
}

EncodeOptions NetworkRunSpec::defaultEncoder()
{
    EncodeOptions e;
    e.objective = Objective::L2; // networks: the squared error of the weights
    return e;
}

namespace {

void range(const char *key, double v, double lo, double hi, const std::string &words)
{
    if (!(v >= lo && v <= hi)) throw SpecError(key, "must be " + words);
}

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

} // namespace

void NetworkRunSpec::validate() const
{
    if (model.empty()) throw SpecError("model", "is empty; use lenet5, mlp or a TorchScript model file");
    if (data.empty()) throw SpecError("data", "is empty; use fashion, fashion-demo, synthetic or a folder of IDX files");
    range("train_subset", double(trainSubset), 0, 1e9, "0 (all) or a number of samples");
    range("test_subset", double(testSubset), 0, 1e9, "0 (all) or a number of samples");
    range("epochs", epochs, 0, 100000, "0 to 100000");
    if (optimizer != "sgd" && optimizer != "adam")
        throw SpecError("optimizer", "'" + optimizer + "' is unknown; use sgd or adam");
    if (!(lr > 0 && lr <= 10)) throw SpecError("lr", "must be above 0 and at most 10, not " + number(lr));
    range("momentum", momentum, 0, 0.999999, "0 to below 1");
    range("batch", batch, 1, 65536, "1 to 65536");
    if (!checkpoint.empty() && !weights.empty())
        throw SpecError("weights", "and a checkpoint both give the baseline's weights; give one of them");
    const size_t channels = input.reshapes() ? size_t(input.channels) : 1;
    for (const auto &[key, v] : {std::pair<const char *, const std::vector<double> *>{"normalize_mean", &input.mean},
                                 {"normalize_std", &input.std}}) {
        if (v->size() != 1 && v->size() != channels)
            throw SpecError(key, "gives " + std::to_string(v->size()) + " values; give one, or one per input channel ("
                                     + std::to_string(channels) + ")");
        for (double x : *v)
            if (!std::isfinite(x) || (v == &input.std && !(x > 0)))
                throw SpecError(key, v == &input.std ? "must be positive numbers" : "must be finite numbers");
    }
    if (input.reshapes()) {
        range("input_shape", input.channels, 1, 16, "C,H,W with 1 to 16 channels");
        range("input_shape", input.rows, 1, 1024, "C,H,W with 1 to 1024 rows");
        range("input_shape", input.cols, 1, 1024, "C,H,W with 1 to 1024 columns");
    }
    if (input.fit != "pad" && input.fit != "resize")
        throw SpecError("input_fit", "'" + input.fit + "' is unknown; use pad or resize");

    if (schedule.empty())
        throw SpecError("schedule", "is empty; give accumulated fractions such as 0.5, 0.75, 0.875, 1");
    double prev = 0;
    for (double f : schedule) {
        if (!(f > prev) || f > 1.0)
            throw SpecError("schedule", "must rise strictly within (0, 1]; " + number(f) + " follows " + number(prev));
        prev = f;
    }
    if (schedule.back() != 1.0)
        throw SpecError("schedule", "must end at 1 so that every weight is encoded; add 1 at the end");
    range("epochs_per_step", epochsPerStep, 0, 10000, "0 to 10000");
    if (!(retrainLr > 0 && retrainLr <= 10))
        throw SpecError("retrain_lr", "must be above 0 and at most 10, not " + number(retrainLr));
    range("ste_every", steEvery, 1, 1000000, "1 to 1000000 batches");
    range("later_weight", laterWeight, 0, 1, "0 to 1");
    if (!(bitL1 >= 0 && bitL1 <= 1e6))
        throw SpecError("bit_l1", "must be 0 (off) to 1000000, not " + number(bitL1));
    if (bitL1 > 0 && mode == RetrainMode::Post)
        throw SpecError("bit_l1", "acts while retraining, and mode post does not retrain; use mode inq or ste, or "
                                  "leave it at 0");
    range("placement", placement, 0, 100000, "0 (off) to 100000 trials");
    if (placement > 0 && model != "lenet5" && model != "mlp")
        throw SpecError("placement", "needs lenet5 or mlp, whose chain of layers is known (not " + model
                                         + ": a TorchScript model's is unknown, and resnet20's shortcuts tie its channels)");
    range("threads", threads, 0, 1024, "0 (all cores) to 1024");
    array.validate();
    encoder.validateFor(array.pattern);
    if (encoder.format == NumberFormat::DifferentialPair) {
        if (array.bits > 31)
            throw SpecError("bits", "is " + std::to_string(array.bits) + ", but a differential pair's codes (up to "
                                    "2^W-1) fit 64 bits for W up to 31; use 31 or fewer");
        if (placement > 0)
            throw SpecError("placement", "scores permutations on one array of words and does not know differential "
                                         "pairs (number format diffpair) yet; leave it at 0");
        if (faults.any())
            throw SpecError("faults", "stuck-at faults are not modelled for differential pairs (number format "
                                      "diffpair) yet; drop them or use unsigned, twos or signmag");
    }
    if (mode == RetrainMode::Inq && unit == PortionUnit::Weight && (encoder.shift || encoder.rotate || encoder.offset))
        throw SpecError("unit", "weight cannot go with shift, rotate or offset: those are per-array choices that "
                                "would change the words already frozen; use unit array, or mode post or ste");
}

QJsonObject NetworkRunSpec::toJson() const
{
    QJsonObject o;
    o["model"] = QString::fromStdString(model);
    o["checkpoint"] = QString::fromStdString(checkpoint);
    o["weights"] = QString::fromStdString(weights);
    o["data"] = QString::fromStdString(data);
    o["train_subset"] = double(trainSubset);
    o["test_subset"] = double(testSubset);
    o["epochs"] = epochs;
    o["optimizer"] = QString::fromStdString(optimizer);
    o["lr"] = lr;
    o["momentum"] = momentum;
    o["batch"] = batch;
    auto numbers = [](const std::vector<double> &v) {
        QJsonArray a;
        for (double x : v) a.append(x);
        return a;
    };
    auto names = [](const std::vector<std::string> &v) {
        QJsonArray a;
        for (const std::string &x : v) a.append(QString::fromStdString(x));
        return a;
    };
    o["normalize_mean"] = numbers(input.mean);
    o["normalize_std"] = numbers(input.std);
    o["input_shape"] = input.reshapes() ? QJsonArray{input.channels, input.rows, input.cols} : QJsonArray();
    o["input_fit"] = QString::fromStdString(input.fit);
    o["encode_tensors"] = names(encodeTensors);
    o["keep_float"] = names(keepFloat);
    o["mode"] = QString::fromStdString(retrainModeName(mode));
    QJsonArray s;
    for (double f : schedule) s.append(f);
    o["schedule"] = s;
    o["partition"] = QString::fromStdString(partitionName(partition));
    o["unit"] = QString::fromStdString(unitName(unit));
    o["epochs_per_step"] = epochsPerStep;
    o["retrain_lr"] = retrainLr;
    o["ste_every"] = steEvery;
    o["later_weight"] = laterWeight;
    o["quant"] = QString::fromStdString(granularityName(quant));
    o["placement"] = placement;
    o["importance"] = importance;
    o["seed"] = seedJson(seed);
    o["threads"] = threads;
    o["array"] = array.toJson();
    QJsonObject e = encoder.toJson();
    e.remove("seed"); // the run's seed and threads are the encoder's
    e.remove("threads");
    o["encoder"] = e;
    if (faults.any()) o["faults"] = faults.toJson();
    if (bitL1 > 0) o["bit_l1"] = bitL1;
    return o;
}

NetworkRunSpec NetworkRunSpec::fromJson(const QJsonObject &o)
{
    const SpecReader r(o);
    NetworkRunSpec s;
    s.model = r.text("model", s.model);
    s.checkpoint = r.text("checkpoint", s.checkpoint);
    s.weights = r.text("weights", s.weights);
    s.data = r.text("data", s.data);
    s.trainSubset = r.integer64("train_subset", s.trainSubset);
    s.testSubset = r.integer64("test_subset", s.testSubset);
    s.epochs = r.integer("epochs", s.epochs);
    s.optimizer = r.text("optimizer", s.optimizer);
    s.lr = r.number("lr", s.lr);
    s.momentum = r.number("momentum", s.momentum);
    s.batch = r.integer("batch", s.batch);
    s.input.mean = r.numbers("normalize_mean", s.input.mean);
    s.input.std = r.numbers("normalize_std", s.input.std);
    const std::vector<double> shape = r.numbers("input_shape", {});
    if (!shape.empty()) {
        if (shape.size() != 3 || shape[0] != int(shape[0]) || shape[1] != int(shape[1]) || shape[2] != int(shape[2]))
            throw SpecError("input_shape", "must be three whole numbers C,H,W (e.g. 3,32,32)");
        s.input.channels = int(shape[0]);
        s.input.rows = int(shape[1]);
        s.input.cols = int(shape[2]);
    }
    s.input.fit = r.text("input_fit", s.input.fit);
    s.encodeTensors = r.texts("encode_tensors", s.encodeTensors);
    s.keepFloat = r.texts("keep_float", s.keepFloat);
    s.mode = r.choice("mode", retrainModeName(s.mode), parseRetrainMode);
    s.schedule = r.numbers("schedule", s.schedule);
    s.partition = r.choice("partition", partitionName(s.partition), parsePartition);
    s.unit = r.choice("unit", unitName(s.unit), parseUnit);
    s.epochsPerStep = r.integer("epochs_per_step", s.epochsPerStep);
    s.retrainLr = r.number("retrain_lr", s.retrainLr);
    s.steEvery = r.integer("ste_every", s.steEvery);
    s.laterWeight = r.number("later_weight", s.laterWeight);
    s.bitL1 = r.number("bit_l1", s.bitL1);
    s.quant = r.choice("quant", granularityName(s.quant), parseGranularity);
    s.placement = r.integer("placement", s.placement);
    s.importance = r.flag("importance", s.importance);
    s.seed = r.seed("seed", s.seed);
    s.threads = r.integer("threads", s.threads);
    if (r.has("array")) s.array = ArraySpec::fromJson(r.object("array"));
    if (r.has("encoder")) s.encoder = EncodeOptions::fromJson(r.object("encoder"), defaultEncoder());
    s.encoder.seed = s.seed;
    if (r.has("faults")) s.faults = FaultSpec::fromJson(r.object("faults"));
    s.validate();
    return s;
}

void NetworkRunSpec::requireBaseline() const
{
    if (builtInModel() && checkpoint.empty() && weights.empty() && epochs == 0)
        throw SpecError("epochs", "is 0, but " + model + " has no trained weights: train it first (epochs > 0), or "
                                  "give its checkpoint or its weights (a state_dict)");
}

EncodeOptions NetworkRunSpec::runEncoder(int resolvedThreads) const
{
    EncodeOptions e = encoder;
    e.seed = seed;
    e.threads = resolvedThreads;
    return e;
}

std::string NetworkRunSpec::name() const
{
    std::string shortModel = model;
    if (!builtInModel()) {
        const size_t slash = model.find_last_of('/');
        if (slash != std::string::npos) shortModel = model.substr(slash + 1);
    }
    return shortModel + " " + retrainModeName(mode) + " " + array.describe();
}

} // namespace twill
