#include "nn/Retrainer.h"

#include "encode/BitlineCounts.h"
#include "quant/OnesPenalty.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <cmath>
#include <numeric>
#include <random>

namespace twill {

Retrainer::Retrainer(Network &network, const DatasetPair &data, const NetworkEncoder &encoder,
                     const TrainOptions &train, const NetworkRunSpec &spec)
    : net_(network), data_(data), enc_(encoder), train_(train), opt_(spec)
{
    // The encoder's options decide what can be frozen: check them as the spec would.
    opt_.array = ArraySpec::of(encoder.encoder().layout());
    opt_.encoder = encoder.encoder().options();
    opt_.validate();
}

void Retrainer::deploy(const std::vector<EncodedTensor> &tensors)
{
    for (const EncodedTensor &t : tensors) net_.setValues(t.name, t.decoded);
}

void Retrainer::countBitlines(RetrainResult &res) const
{
    const Geometry &g = enc_.encoder().layout().geometry();
    std::vector<uint8_t> bits;
    int64_t arrays = 0;
    for (const EncodedTensor &t : res.tensors)
        for (const ArrayResult &r : t.results) {
            if (r.bits.empty()) return; // not encoded (cancelled before the post encoding)
            bits.insert(bits.end(), r.bits.begin(), r.bits.end());
        }
    // Every physical array: a differential pair's results hold two (P and N).
    arrays = int64_t(bits.size()) / g.cellCount();
    if (!arrays) return;
    const BitlineCounts c = twill::countBitlines(bits.data(), arrays, g.layers, g.rows, g.cols);
    for (size_t k = 0; k < c.axes.size(); ++k)
        res.bitlines.push_back({lineAxisName(c.axes[k]), c.maxOnes(k), c.meanOnes(k), adcBits(c.maxOnes(k))});
    res.onesShare = double(std::count(bits.begin(), bits.end(), uint8_t(1))) / double(bits.size());
}

StepReport Retrainer::measure(int step, const std::string &label, double fraction,
                              const std::vector<EncodedTensor> &tensors,
                              const std::vector<std::vector<uint8_t>> &frozen, Trainer &trainer, double trainLoss)
{
    StepReport r;
    r.step = step;
    r.label = label;
    r.fraction = fraction;
    r.trainLoss = trainLoss;
    const Evaluation e = trainer.evaluate(data_.test, opt_.testSubset);
    r.accuracy = e.accuracy;
    r.loss = e.loss;
    int64_t cells = 0, weights = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
        const EncodedTensor &t = tensors[i];
        LayerReport l;
        l.name = t.name;
        l.weights = t.size();
        l.arrays = t.tiles.arrays;
        const int64_t n = frozen.empty() ? t.size() : std::count(frozen[i].begin(), frozen[i].end(), uint8_t(1));
        l.frozenFraction = t.size() ? double(n) / double(t.size()) : 0;
        l.error = enc_.summary(t, frozen.empty() ? std::vector<uint8_t>{} : frozen[i]);
        r.layers.push_back(l);
        cells += t.tiles.arrays * (enc_.encoder().cellCount() + enc_.encoder().metadataBitsPerArray());
        weights += t.size();
    }
    r.effectiveCapacity = cells ? double(weights) * enc_.encoder().layout().bits() / double(cells) : 0;
    return r;
}

namespace {

// An encoding of every weight counts as this many epochs of training in the progress figures
// (measured on LeNet-5: one l2 encode of all its arrays takes about a fifth of an epoch).
constexpr double kEncodeWork = 0.25;

int steEpochs(const NetworkRunSpec &s)
{
    return std::max(1, s.epochsPerStep * int(s.schedule.size()));
}

} // namespace

double Retrainer::plannedWork(const NetworkRunSpec &spec)
{
    double work = kEncodeWork; // post
    if (spec.mode == RetrainMode::Inq) {
        work += kEncodeWork; // the portions add up to one encoding of everything
        for (double f : spec.schedule)
            if (f < 1.0) work += spec.epochsPerStep;
        if (spec.bitL1 > 0) work += spec.epochsPerStep; // retraining under the term before the first step
    } else if (spec.mode == RetrainMode::Ste) {
        work += steEpochs(spec) * (1.0 + kEncodeWork);
    }
    return work;
}

RetrainResult Retrainer::run(JobControl *control, const std::function<void(const StepReport &)> &onStep)
{
    JobControl none;
    JobControl &root = control ? *control : none;
    const double total = plannedWork();
    double done = 0;
    // The control of the next piece of work ('work' epochs' worth): its progress is the run's.
    auto piece = [&](double work, const std::string &phase) {
        const double from = done / total;
        done = std::min(total, done + work);
        root.report(from, phase);
        return root.part(from, done / total, phase);
    };
    const auto t0 = std::chrono::steady_clock::now();
    auto stamp = [&](StepReport &r) {
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    RetrainResult res;
    Trainer trainer(net_, train_);
    const int64_t batches = (data_.train.count + train_.batch - 1) / train_.batch;
    auto emit = [&](StepReport r) {
        stamp(r);
        res.steps.push_back(r);
        if (onStep) onStep(res.steps.back());
    };

    // Baseline.
    StepReport base = measure(0, "baseline", 0, {}, {}, trainer, 0);
    res.baselineAccuracy = base.accuracy;
    res.baselineLoss = base.loss;
    emit(base);

    if (opt_.placement > 0) {
        if (placementLinks(net_).empty())
            throw Error("placement needs a built-in model (mlp, lenet5): the layer chain of a TorchScript model is unknown");
        res.placement = optimizePlacement(net_, enc_, opt_.placement, opt_.seed);
    }

    std::vector<ParameterInfo> params;
    for (const ParameterInfo &p : net_.parameters())
        if (opt_.encodes(p.name, p.shape.size())) params.push_back(p);
    if (params.empty())
        throw Error(opt_.encodeTensors.empty() && opt_.keepFloat.empty()
                        ? "the network has no conv or linear weights to encode"
                        : "no tensor of the network matches encode_tensors without keep_float: nothing to encode");
    WeightMap floats;
    std::vector<EncodedTensor> tensors;
    int64_t arrays = 0; // the network's arrays so far: each tensor's place in the fault map
    for (const ParameterInfo &p : params) {
        floats[p.name] = net_.values(p.name);
        tensors.push_back(enc_.quantizeTensor(p.name, p.shape, floats[p.name], arrays));
        arrays += tensors.back().tiles.arrays;
    }
    WeightMap importance;
    if (opt_.importance || opt_.partition == PartitionRule::Importance)
        importance = trainer.squaredGradients(data_.train, importanceBatches_);
    auto importanceOf = [&](const std::string &name) {
        std::vector<double> w;
        if (!opt_.importance) return w;
        const auto &g = importance[name];
        double mean = 0;
        for (float v : g) mean += v;
        mean = g.empty() ? 1 : mean / double(g.size());
        for (float v : g) w.push_back(mean > 0 ? double(v) / mean + 1e-3 : 1.0);
        return w;
    };

    // Post-training encoding of everything: the reference point.
    std::vector<EncodedTensor> post = tensors;
    {
        JobControl encoding = piece(kEncodeWork, "encoding every weight");
        for (size_t k = 0; k < post.size(); ++k) {
            JobControl one = encoding.part(double(k) / double(post.size()), double(k + 1) / double(post.size()), post[k].name);
            if (!enc_.encode(post[k], {}, importanceOf(post[k].name), {}, &one)) {
                // Cancelled before anything was deployed: the network keeps its float weights
                // and the run comes back not encoded.
                res.cancelled = true;
                return res;
            }
        }
    }
    deploy(post);
    StepReport postReport = measure(1, "post", 1.0, post, {}, trainer, 0);
    res.encodedAccuracy = postReport.accuracy;
    res.encodedLoss = postReport.loss;
    emit(postReport);

    auto finish = [&](std::vector<EncodedTensor> deployed) {
        const StepReport last = res.steps.back();
        res.retrainedAccuracy = last.accuracy;
        res.retrainedLoss = last.loss;
        // With the bit-slice L1 term the retrained weights are the point (the post encoding has
        // more ones): they are deployed unless the run was cancelled.
        if (res.cancelled || (last.accuracy < res.encodedAccuracy && !(opt_.bitL1 > 0))) {
            deploy(post);
            res.finalAccuracy = res.encodedAccuracy;
            res.finalLoss = res.encodedLoss;
            res.finalFrom = "post";
            res.tensors = post;
        } else {
            deploy(deployed);
            res.finalAccuracy = last.accuracy;
            res.finalLoss = last.loss;
            res.finalFrom = "retrained";
            res.tensors = std::move(deployed);
        }
        countBitlines(res);
        return res;
    };
    if (opt_.mode == RetrainMode::Post) {
        res.retrainedAccuracy = res.encodedAccuracy;
        res.retrainedLoss = res.encodedLoss;
        res.finalAccuracy = res.encodedAccuracy;
        res.finalLoss = res.encodedLoss;
        res.finalFrom = "post";
        res.tensors = post;
        countBitlines(res);
        return res;
    }

    // Back to the float weights for retraining.
    for (const auto &[name, v] : floats) net_.setValues(name, v);
    if (opt_.bitL1 > 0) {
        // bitL1 x (ones per encoded weight): each weight's share of the term is bitL1 / weights.
        auto penalties = std::make_shared<std::map<std::string, OnesPenalty>>();
        GradientTerm term;
        int64_t weights = 0;
        for (const EncodedTensor &t : tensors) {
            penalties->emplace(t.name, OnesPenalty(t.quant));
            term.names.push_back(t.name);
            weights += t.size();
        }
        const double each = opt_.bitL1 / double(std::max<int64_t>(1, weights));
        term.add = [penalties, each](const std::string &name, const float *values, float *grad, int64_t n) {
            penalties->at(name).addGradient(values, grad, n, each);
        };
        trainer.setGradientTerm(std::move(term));
    }
    std::vector<std::vector<uint8_t>> frozen;
    for (const EncodedTensor &t : tensors) frozen.emplace_back(size_t(t.size()), uint8_t(0));
    std::mt19937_64 rng(opt_.seed);

    if (opt_.mode == RetrainMode::Inq) {
        const int nw = enc_.encoder().wordCount();
        double before = 0;
        // With the bit-slice L1 term every weight retrains under it before the first portion is
        // frozen (else that portion would be stored as trained, without it).
        if (opt_.bitL1 > 0 && opt_.epochsPerStep > 0) {
            trainer.restartSchedule(opt_.epochsPerStep, batches);
            for (int e = 0; e < opt_.epochsPerStep && !res.cancelled; ++e) {
                const JobControl epoch = piece(1.0, "bit-slice L1: retraining epoch " + std::to_string(e + 1) + " of "
                                                        + std::to_string(opt_.epochsPerStep) + " before the first step");
                res.cancelled = trainer.trainEpoch(data_.train, &epoch).cancelled;
            }
            if (res.cancelled) return finish(tensors);
        }
        for (size_t k = 0; k < opt_.schedule.size(); ++k) {
            if (root.cancelled()) {
                res.cancelled = true;
                break;
            }
            const double f = opt_.schedule[k];
            char label[32];
            std::snprintf(label, sizeof label, "inq %.4g", f);
            JobControl encoding = piece(kEncodeWork * (f - before), std::string(label) + ": encoding");
            before = f;
            for (size_t ti = 0; ti < tensors.size(); ++ti) {
                EncodedTensor &t = tensors[ti];
                std::vector<uint8_t> &fz = frozen[ti];
                const std::vector<float> now = net_.values(t.name);
                enc_.requantize(t, now, fz);
                // Score of each weight: larger goes first.
                std::vector<double> score(size_t(t.size()));
                for (int64_t i = 0; i < t.size(); ++i) {
                    switch (opt_.partition) {
                    case PartitionRule::Magnitude: score[i] = std::fabs(now[i]); break;
                    case PartitionRule::Random: score[i] = double(rng() >> 11); break;
                    case PartitionRule::Importance: score[i] = importance[t.name][i]; break;
                    }
                }
                std::vector<uint8_t> fresh(size_t(t.size()), 0);
                std::vector<int64_t> arrays;
                if (opt_.unit == PortionUnit::Weight) {
                    const int64_t target = int64_t(std::ceil(f * double(t.size()) - 1e-9));
                    const int64_t have = std::count(fz.begin(), fz.end(), uint8_t(1));
                    std::vector<int64_t> order;
                    for (int64_t i = 0; i < t.size(); ++i)
                        if (!fz[i]) order.push_back(i);
                    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return score[a] > score[b]; });
                    for (int64_t j = 0; j < target - have && j < int64_t(order.size()); ++j) fresh[order[j]] = 1;
                    for (int64_t i = 0; i < t.size(); ++i)
                        if (fresh[i] && (arrays.empty() || arrays.back() != i / nw)) arrays.push_back(i / nw);
                } else {
                    const int64_t nArrays = t.tiles.arrays;
                    const int64_t target = int64_t(std::ceil(f * double(nArrays) - 1e-9));
                    std::vector<double> arrayScore(size_t(nArrays), 0);
                    std::vector<uint8_t> arrayFrozen(size_t(nArrays), 0);
                    for (int64_t i = 0; i < t.size(); ++i) {
                        arrayScore[i / nw] += score[i];
                        if (fz[i]) arrayFrozen[i / nw] = 1;
                    }
                    const int64_t have = std::count(arrayFrozen.begin(), arrayFrozen.end(), uint8_t(1));
                    std::vector<int64_t> order;
                    for (int64_t a = 0; a < nArrays; ++a)
                        if (!arrayFrozen[a]) order.push_back(a);
                    std::stable_sort(order.begin(), order.end(),
                                     [&](int64_t a, int64_t b) { return arrayScore[a] > arrayScore[b]; });
                    for (int64_t j = 0; j < target - have && j < int64_t(order.size()); ++j) arrays.push_back(order[j]);
                    std::sort(arrays.begin(), arrays.end());
                    for (int64_t a : arrays)
                        for (int64_t i = a * nw; i < std::min(t.size(), (a + 1) * nw); ++i) fresh[i] = 1;
                }
                if (!arrays.empty()) {
                    JobControl one = encoding.part(double(ti) / double(tensors.size()),
                                                   double(ti + 1) / double(tensors.size()), t.name);
                    if (!enc_.encode(t, opt_.unit == PortionUnit::Weight ? fresh : std::vector<uint8_t>{},
                                     importanceOf(t.name), arrays, &one, opt_.laterWeight)) {
                        res.cancelled = true; // this step is dropped; finish() deploys the post encoding
                        break;
                    }
                    if (opt_.unit == PortionUnit::Weight) enc_.pinWords(t, fresh);
                }
                for (int64_t i = 0; i < t.size(); ++i) fz[i] |= fresh[i];
                trainer.freeze(t.name, fz, t.decoded);
            }
            if (res.cancelled) break;
            double trainLoss = 0;
            if (f < 1.0 && opt_.epochsPerStep > 0) {
                trainer.restartSchedule(opt_.epochsPerStep, batches);
                for (int e = 0; e < opt_.epochsPerStep; ++e) {
                    const JobControl epoch = piece(1.0, std::string(label) + ": retraining epoch " + std::to_string(e + 1)
                                                            + " of " + std::to_string(opt_.epochsPerStep));
                    const EpochStats s = trainer.trainEpoch(data_.train, &epoch);
                    trainLoss = s.trainLoss;
                    if (s.cancelled) {
                        res.cancelled = true;
                        break;
                    }
                }
            }
            emit(measure(int(k) + 2, label, f, tensors, frozen, trainer, trainLoss));
            if (res.cancelled) break;
        }
        trainer.clearFrozen();
        return finish(tensors);
    }

    // Straight-through estimator.
    StraightThrough ste;
    ste.every = opt_.steEvery;
    for (const EncodedTensor &t : tensors) ste.names.push_back(t.name);
    std::vector<EncodedTensor> work = tensors;
    ste.encode = [&](const WeightMap &shadow) {
        WeightMap out;
        for (EncodedTensor &t : work) {
            enc_.requantize(t, shadow.at(t.name));
            enc_.encode(t, {}, importanceOf(t.name), {}, nullptr);
            out[t.name] = t.decoded;
        }
        return out;
    };
    const int epochs = steEpochs(opt_);
    trainer.restartSchedule(epochs, batches);
    for (int e = 0; e < epochs; ++e) {
        const JobControl epoch = piece(1.0 + kEncodeWork, "ste epoch " + std::to_string(e + 1) + " of " + std::to_string(epochs));
        const EpochStats s = trainer.trainEpoch(data_.train, &epoch, &ste);
        if (s.cancelled) {
            res.cancelled = true;
            break;
        }
        // Measure the encoded network at the end of the epoch, then go back to the shadows.
        WeightMap shadow;
        for (const EncodedTensor &t : work) shadow[t.name] = net_.values(t.name);
        ste.encode(shadow);
        deploy(work);
        emit(measure(e + 2, "ste epoch " + std::to_string(e + 1), 1.0, work, {}, trainer, s.trainLoss));
        for (const auto &[name, v] : shadow) net_.setValues(name, v);
    }
    return finish(work);
}

} // namespace twill
