#include "nn/Trainer.h"

#include "io/ChecksumTrailer.h"
#include "io/Npy.h"
#include "nn/NetworkImpl.h"
#include "util/Error.h"

#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <sstream>
#include <thread>

namespace twill {

namespace {

// Inputs are x = (pixel / 255 - mean[c]) / std[c], fitted to the model's shape (see InputSpec).
torch::Tensor batchImages(const Dataset &d, const std::vector<int64_t> &index, size_t from, size_t to,
                          const InputSpec &in)
{
    const int64_t n = int64_t(to - from), px = int64_t(d.rows) * d.cols;
    torch::Tensor x = torch::empty({n, 1, d.rows, d.cols}, torch::kUInt8);
    uint8_t *dst = x.data_ptr<uint8_t>();
    for (size_t i = from; i < to; ++i)
        std::memcpy(dst + (i - from) * px, d.images.data() + size_t(index[i]) * px, size_t(px));
    torch::Tensor f = x.to(torch::kFloat32).div_(255.0);
    if (in.reshapes()) {
        if (in.rows != d.rows || in.cols != d.cols) {
            if (in.fit == "resize") {
                f = torch::nn::functional::interpolate(f, torch::nn::functional::InterpolateFuncOptions()
                                                              .size(std::vector<int64_t>{in.rows, in.cols})
                                                              .mode(torch::kBilinear)
                                                              .align_corners(false));
            } else {
                // Black borders around the centred image (negative padding crops).
                const int64_t top = (in.rows - d.rows) / 2, left = (in.cols - d.cols) / 2;
                f = torch::constant_pad_nd(f, {left, in.cols - d.cols - left, top, in.rows - d.rows - top}, 0.0);
            }
        }
        if (in.channels > 1) f = f.expand({n, in.channels, in.rows, in.cols}).contiguous();
    }
    const int64_t channels = f.size(1);
    auto perChannel = [&](const std::vector<double> &v) {
        std::vector<float> c(size_t(channels), float(v.front()));
        if (v.size() == size_t(channels))
            for (int64_t k = 0; k < channels; ++k) c[size_t(k)] = float(v[size_t(k)]);
        return torch::tensor(c).reshape({1, channels, 1, 1});
    };
    return f.sub_(perChannel(in.mean)).div_(perChannel(in.std));
}

torch::Tensor batchLabels(const Dataset &d, const std::vector<int64_t> &index, size_t from, size_t to)
{
    torch::Tensor y = torch::empty({int64_t(to - from)}, torch::kInt64);
    int64_t *dst = y.data_ptr<int64_t>();
    for (size_t i = from; i < to; ++i) dst[i - from] = d.labels[size_t(index[i])];
    return y;
}

} // namespace

// Refuses data the model cannot take (before LibTorch would fail inside a batch): no samples,
// images of another size, labels beyond the model's outputs, a model that returns no logits.
void checkNetworkTakes(Network &network, const Dataset &d, const InputSpec &input)
{
    if (d.count <= 0 || d.images.size() < size_t(d.count) * size_t(d.rows) * size_t(d.cols) || d.labels.size() < size_t(d.count))
        throw Error(d.name + ": holds no samples; give a data set with at least one image");
    const int maxLabel = *std::max_element(d.labels.begin(), d.labels.begin() + long(d.count));
    Network::Impl &net = network.impl();
    const std::vector<int64_t> first{0};
    const torch::Tensor x = batchImages(d, first, 0, 1, input);
    const std::string shape = c10::str(x.sizes());
    c10::IValue result;
    try {
        torch::NoGradGuard g;
        net.train(false);
        if (net.script) result = net.script->forward({x});
        else result = net.forward(x);
    } catch (const std::exception &e) {
        const auto *c10 = dynamic_cast<const c10::Error *>(&e);
        std::string why = c10 ? c10->what_without_backtrace() : e.what();
        const size_t nl = why.find('\n');
        if (nl != std::string::npos) why.resize(nl);
        throw Error("the model " + network.spec() + " cannot take the inputs " + shape + " made from the "
                    + std::to_string(d.rows) + "x" + std::to_string(d.cols) + " images of " + d.name + " (" + why + ")"
                    + (network.isTorchScript() ? "; give the shape it expects with input_shape C,H,W"
                                               : "; the built-in models need 28x28 images"));
    }
    if (!result.isTensor())
        throw Error("the model " + network.spec() + " returns " + result.tagKind() + " for inputs " + shape
                    + "; a classifier must return one tensor of [batch, classes] scores (logits)");
    const torch::Tensor out = result.toTensor();
    if (out.dim() != 2 || out.size(0) != 1)
        throw Error("the model " + network.spec() + " returns a tensor of shape " + c10::str(out.sizes()) + " for inputs "
                    + shape + "; a classifier must return [batch, classes] scores");
    if (!out.is_floating_point())
        throw Error("the model " + network.spec() + " returns " + std::string(c10::toString(out.scalar_type()))
                    + " values; a classifier must return float scores (logits)");
    if (maxLabel >= out.size(1))
        throw Error(d.name + ": labels run up to " + std::to_string(maxLabel) + ", but the model " + network.spec()
                    + " has " + std::to_string(out.size(1)) + " outputs; use labels 0.."
                    + std::to_string(out.size(1) - 1) + " or a model with more outputs");
}

struct Trainer::Impl {
    Network *net = nullptr;
    TrainOptions options;
    std::vector<torch::Tensor> params;
    std::vector<std::string> names;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    int64_t step = 0, totalSteps = 1;
    int epochs = 0;
    std::mt19937_64 rng;
    struct Frozen {
        torch::Tensor mask, values;
    };
    std::map<std::string, Frozen> frozen;
    WeightMap steCache;
    GradientTerm term;
    int threads = 1;

    void setThreads() const { torch::set_num_threads(threads); }
    double lrNow() const
    {
        const double t = std::min(1.0, double(step) / double(std::max<int64_t>(1, totalSteps)));
        return options.lr * 0.5 * (1.0 + std::cos(M_PI * t));
    }
    void addTerm()
    {
        if (!term.add) return;
        torch::NoGradGuard g;
        for (size_t i = 0; i < params.size(); ++i) {
            if (std::find(term.names.begin(), term.names.end(), names[i]) == term.names.end()) continue;
            torch::Tensor &p = params[i];
            if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
            const torch::Tensor values = p.detach().contiguous();
            torch::Tensor grad = p.grad().contiguous();
            term.add(names[i], values.data_ptr<float>(), grad.data_ptr<float>(), grad.numel());
            if (!p.grad().is_same(grad)) p.grad().copy_(grad);
        }
    }
    void applyFrozen()
    {
        torch::NoGradGuard g;
        for (size_t i = 0; i < params.size(); ++i) {
            auto it = frozen.find(names[i]);
            if (it == frozen.end()) continue;
            params[i].copy_(torch::where(it->second.mask, it->second.values, params[i]));
        }
    }
};

Trainer::Trainer(Network &network, const TrainOptions &options) : d_(std::make_unique<Impl>())
{
    d_->net = &network;
    d_->options = options;
    d_->rng.seed(options.seed);
    d_->threads = options.threads > 0 ? options.threads : std::max(1, int(std::thread::hardware_concurrency()));
    if (options.batch < 1) throw Error("the batch size must be at least 1");
    if (!(options.lr > 0) || !std::isfinite(options.lr)) throw Error("the learning rate must be a positive number");
    for (auto &[name, t] : network.impl().namedParameters()) {
        d_->params.push_back(t);
        d_->names.push_back(name);
    }
    if (options.optimizer == "sgd")
        d_->optimizer = std::make_unique<torch::optim::SGD>(
            d_->params, torch::optim::SGDOptions(options.lr).momentum(options.momentum).weight_decay(options.weightDecay));
    else if (options.optimizer == "adam")
        d_->optimizer = std::make_unique<torch::optim::Adam>(
            d_->params, torch::optim::AdamOptions(options.lr).weight_decay(options.weightDecay));
    else
        throw Error("unknown optimizer '" + options.optimizer + "'; use sgd or adam");
}

Trainer::~Trainer() = default;

int Trainer::epochsDone() const { return d_->epochs; }
int Trainer::threads() const { return d_->threads; }

void Trainer::restartSchedule(int epochs, int64_t batchesPerEpoch)
{
    d_->step = 0;
    d_->totalSteps = std::max<int64_t>(1, int64_t(epochs) * batchesPerEpoch);
}

void Trainer::advanceSchedule(int64_t batches)
{
    d_->step += batches;
}

EpochStats Trainer::trainEpoch(const Dataset &data, const JobControl *control, const StraightThrough *ste)
{
    d_->setThreads();
    checkNetworkTakes(*d_->net, data, d_->options.input);
    const auto t0 = std::chrono::steady_clock::now();
    Network::Impl &net = d_->net->impl();
    net.train(true);
    std::vector<int64_t> order(static_cast<size_t>(data.count));
    for (int64_t i = 0; i < data.count; ++i) order[size_t(i)] = i;
    std::shuffle(order.begin(), order.end(), d_->rng);
    EpochStats s;
    double lossSum = 0;
    int64_t correct = 0;
    const size_t B = size_t(d_->options.batch);
    int64_t batchIndex = 0;
    for (size_t from = 0; from < order.size(); from += B, ++batchIndex) {
        if (control && control->cancelled()) {
            s.cancelled = true;
            break;
        }
        const size_t to = std::min(order.size(), from + B);
        const torch::Tensor x = batchImages(data, order, from, to, d_->options.input), y = batchLabels(data, order, from, to);
        for (auto &g : d_->optimizer->param_groups()) g.options().set_lr(d_->lrNow());
        // Straight-through: swap the encoded weights in for the forward and backward pass.
        std::vector<torch::Tensor> shadows;
        if (ste && ste->encode) {
            if (d_->steCache.empty() || batchIndex % std::max(1, ste->every) == 0) {
                WeightMap shadow;
                for (const auto &n : ste->names) shadow[n] = d_->net->values(n);
                d_->steCache = ste->encode(shadow);
            }
            torch::NoGradGuard g;
            for (size_t i = 0; i < d_->params.size(); ++i) {
                auto it = d_->steCache.find(d_->names[i]);
                if (it == d_->steCache.end()) {
                    shadows.emplace_back();
                    continue;
                }
                shadows.push_back(d_->params[i].detach().clone());
                d_->params[i].copy_(torch::from_blob(it->second.data(), d_->params[i].sizes(), torch::kFloat32));
            }
        }
        d_->optimizer->zero_grad();
        const torch::Tensor out = net.forward(x);
        const torch::Tensor loss = torch::nn::functional::cross_entropy(out, y);
        loss.backward();
        if (!shadows.empty()) {
            torch::NoGradGuard g;
            for (size_t i = 0; i < shadows.size(); ++i)
                if (shadows[i].defined()) d_->params[i].copy_(shadows[i]);
        }
        d_->addTerm();
        d_->optimizer->step();
        d_->applyFrozen();
        ++d_->step;
        const double l = loss.item<double>();
        if (!std::isfinite(l))
            throw Error("the training loss became " + std::to_string(l) + "; lower the learning rate (--lr)");
        lossSum += l * double(to - from);
        correct += out.argmax(1).eq(y).sum().item<int64_t>();
        s.samples += int64_t(to - from);
        if (control) // every batch: the command line redraws once a second, the window keeps the latest
            control->report(double(to) / double(order.size()), "training: " + std::to_string(to) + " of "
                                                                    + std::to_string(order.size()) + " samples");
    }
    if (!s.cancelled) ++d_->epochs;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    s.trainLoss = s.samples ? lossSum / double(s.samples) : 0;
    s.trainAccuracy = s.samples ? double(correct) / double(s.samples) : 0;
    s.samplesPerSecond = s.seconds > 0 ? double(s.samples) / s.seconds : 0;
    return s;
}

Evaluation Trainer::evaluate(const Dataset &data, int64_t subset) const
{
    d_->setThreads();
    checkNetworkTakes(*d_->net, data, d_->options.input);
    torch::NoGradGuard guard;
    Network::Impl &net = d_->net->impl();
    net.train(false);
    const int64_t n = subset > 0 ? std::min(subset, data.count) : data.count;
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[size_t(i)] = i;
    Evaluation e;
    double lossSum = 0;
    int64_t correct = 0;
    for (size_t from = 0; from < order.size(); from += 1000) {
        const size_t to = std::min(order.size(), from + 1000);
        const torch::Tensor x = batchImages(data, order, from, to, d_->options.input), y = batchLabels(data, order, from, to);
        const torch::Tensor out = net.forward(x);
        lossSum += torch::nn::functional::cross_entropy(out, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
        correct += out.argmax(1).eq(y).sum().item<int64_t>();
    }
    e.samples = n;
    e.accuracy = n ? double(correct) / double(n) : 0;
    e.loss = n ? lossSum / double(n) : 0;
    return e;
}

void Trainer::setGradientTerm(GradientTerm term)
{
    for (const std::string &n : term.names)
        if (std::find(d_->names.begin(), d_->names.end(), n) == d_->names.end())
            throw Error("gradient term: the network has no parameter '" + n + "'");
    d_->term = std::move(term);
}

void Trainer::freeze(const std::string &name, const std::vector<uint8_t> &mask, const std::vector<float> &values)
{
    const torch::Tensor p = d_->net->impl().parameter(name);
    if (int64_t(mask.size()) != p.numel() || int64_t(values.size()) != p.numel())
        throw Error("freeze '" + name + "': sizes do not match the parameter");
    Impl::Frozen f;
    f.mask = torch::from_blob(const_cast<uint8_t *>(mask.data()), p.sizes(), torch::kUInt8).to(torch::kBool).clone();
    f.values = torch::from_blob(const_cast<float *>(values.data()), p.sizes(), torch::kFloat32).clone();
    d_->frozen[name] = f;
    d_->applyFrozen();
}

void Trainer::clearFrozen()
{
    d_->frozen.clear();
}

WeightMap Trainer::squaredGradients(const Dataset &data, int batches)
{
    d_->setThreads();
    checkNetworkTakes(*d_->net, data, d_->options.input);
    Network::Impl &net = d_->net->impl();
    net.train(false);
    std::vector<int64_t> order(static_cast<size_t>(data.count));
    for (int64_t i = 0; i < data.count; ++i) order[size_t(i)] = i;
    std::mt19937_64 rng(d_->options.seed + 7);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<torch::Tensor> acc;
    for (auto &p : d_->params) acc.push_back(torch::zeros_like(p));
    const size_t B = size_t(d_->options.batch);
    int done = 0;
    for (size_t from = 0; from < order.size() && done < batches; from += B, ++done) {
        const size_t to = std::min(order.size(), from + B);
        for (auto &p : d_->params)
            if (p.grad().defined()) p.grad().zero_();
        const torch::Tensor loss =
            torch::nn::functional::cross_entropy(net.forward(batchImages(data, order, from, to, d_->options.input)), batchLabels(data, order, from, to));
        loss.backward();
        torch::NoGradGuard g;
        for (size_t i = 0; i < d_->params.size(); ++i)
            if (d_->params[i].grad().defined()) acc[i].add_(d_->params[i].grad().square());
    }
    for (auto &p : d_->params)
        if (p.grad().defined()) p.grad().zero_();
    WeightMap out;
    for (size_t i = 0; i < acc.size(); ++i) {
        const torch::Tensor t = (acc[i] / double(std::max(1, done))).contiguous();
        out[d_->names[i]] = std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    }
    return out;
}

void Trainer::saveCheckpoint(const std::string &path, int epoch) const
{
    torch::serialize::OutputArchive archive;
    for (size_t i = 0; i < d_->params.size(); ++i) archive.write("model." + d_->names[i], d_->params[i].detach());
    // Buffers (BatchNorm's running statistics) are part of the model too.
    for (const auto &[name, b] : d_->net->impl().namedBuffers()) archive.write("buffer." + name, b.detach(), true);
    torch::serialize::OutputArchive opt;
    d_->optimizer->save(opt);
    archive.write("optimizer", opt);
    archive.write("epoch", torch::tensor(int64_t(epoch)));
    archive.write("spec_is_script", torch::tensor(int64_t(d_->net->isTorchScript())));
    // Serialised in memory, sealed with a checksum, then written by the one atomic write path.
    std::ostringstream bytes;
    try {
        archive.save_to(bytes);
    } catch (const c10::Error &e) {
        throw Error(path + ": cannot serialise the checkpoint (" + std::string(e.what_without_backtrace()) + ")");
    }
    writeFileAtomic(path, withChecksum(bytes.str()));
}

int Trainer::loadCheckpoint(const std::string &path)
{
    if (!QFileInfo::exists(QString::fromStdString(path)))
        throw Error(path + ": no such checkpoint; make one with twill-cli train --out " + path);
    // A checksum (or, in files from before it, the zip's CRC-32s) proves the bytes first.
    std::istringstream payload(verifiedPayload(readFileBytes(path), path));
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(payload);
        torch::NoGradGuard g;
        for (size_t i = 0; i < d_->params.size(); ++i) {
            torch::Tensor t;
            archive.read("model." + d_->names[i], t);
            if (t.sizes() != d_->params[i].sizes())
                throw Error(path + ": parameter " + d_->names[i] + " has another shape; the checkpoint is of another model");
            d_->params[i].copy_(t);
        }
        for (auto &[name, b] : d_->net->impl().namedBuffers()) {
            torch::Tensor t;
            if (!archive.try_read("buffer." + name, t, true)) continue; // checkpoints of models without buffers
            if (t.sizes() != b.sizes())
                throw Error(path + ": buffer " + name + " has another shape; the checkpoint is of another model");
            b.copy_(t);
        }
        torch::serialize::InputArchive opt;
        if (archive.try_read("optimizer", opt)) d_->optimizer->load(opt);
        torch::Tensor epoch;
        archive.read("epoch", epoch);
        d_->epochs = int(epoch.item<int64_t>());
        return d_->epochs;
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        std::string why = e.what();
        const size_t nl = why.find('\n');
        if (nl != std::string::npos) why.resize(nl);
        throw Error(path + ": not a checkpoint of this model (" + why + ")");
    }
}

} // namespace twill
