#include "nn/Placement.h"

#include "encode/GreedySolver.h"
#include "util/Error.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace twill {

std::vector<PlacementLink> placementLinks(const Network &network)
{
    if (network.spec() == "mlp") return {{"fc1.weight", "fc1.bias", "fc2.weight", 1}, {"fc2.weight", "fc2.bias", "fc3.weight", 1}};
    if (network.spec() == "lenet5")
        return {{"conv1.weight", "conv1.bias", "conv2.weight", 1},
                {"conv2.weight", "conv2.bias", "fc1.weight", 25},
                {"fc1.weight", "fc1.bias", "fc2.weight", 1},
                {"fc2.weight", "fc2.bias", "fc3.weight", 1}};
    return {};
}

namespace {

std::vector<int64_t> shapeOf(const Network &n, const std::string &name)
{
    for (const ParameterInfo &p : n.parameters())
        if (p.name == name) return p.shape;
    throw Error("the network has no parameter '" + name + "'");
}

} // namespace

void permuteLink(Network &network, const PlacementLink &link, const std::vector<int64_t> &perm)
{
    const auto wShape = shapeOf(network, link.weight);
    const int64_t outs = wShape[0];
    if (int64_t(perm.size()) != outs) throw Error(link.weight + ": permutation of the wrong size");
    const std::vector<float> w = network.values(link.weight), b = network.values(link.bias);
    const int64_t rowSize = int64_t(w.size()) / outs;
    std::vector<float> nw(w.size()), nb(b.size());
    for (int64_t i = 0; i < outs; ++i) {
        std::copy_n(w.begin() + perm[i] * rowSize, rowSize, nw.begin() + i * rowSize);
        nb[i] = b[perm[i]];
    }
    const auto vShape = shapeOf(network, link.next);
    const std::vector<float> v = network.values(link.next);
    const int64_t consumers = vShape[0];
    const int64_t inputs = int64_t(v.size()) / consumers;   // per consumer row (incl. kernel)
    const int64_t group = inputs / outs;                     // values per producer output in a row
    if (group * outs != inputs || group % link.block != 0)
        throw Error(link.next + ": its inputs do not follow " + link.weight + "'s outputs");
    std::vector<float> nv(v.size());
    for (int64_t r = 0; r < consumers; ++r)
        for (int64_t i = 0; i < outs; ++i)
            std::copy_n(v.begin() + r * inputs + perm[i] * group, group, nv.begin() + r * inputs + i * group);
    network.setValues(link.weight, nw);
    network.setValues(link.bias, nb);
    network.setValues(link.next, nv);
}

std::vector<PlacementReport> optimizePlacement(Network &network, const NetworkEncoder &encoder, int trials,
                                               uint64_t seed)
{
    std::vector<PlacementReport> reports;
    std::mt19937_64 rng(seed);
    // Squared code error of a quick encoding (greedy) of one tensor with a given permutation.
    auto tensorError = [&](const std::string &name, const std::vector<float> &values) {
        EncodedTensor t = encoder.quantizeTensor(name, shapeOf(network, name), values);
        const Encoder &enc = encoder.encoder();
        const int nw = enc.wordCount();
        WordModel model(enc.layout(), enc.options().format);
        double sum = 0;
        for (int64_t a = 0; a < t.tiles.arrays; ++a) {
            ArrayProblem p;
            p.model = &model;
            p.objective = Objective::L2;
            p.target.assign(t.tiles.targets.begin() + a * nw, t.tiles.targets.begin() + (a + 1) * nw);
            p.weight.assign(t.tiles.importance.begin() + a * nw, t.tiles.importance.begin() + (a + 1) * nw);
            p.shift.assign(nw, 0);
            p.pin.assign(model.nCells, -1);
            Assignment as;
            greedyEncode(p, as);
            sum += evaluate(p, as).secondary;
        }
        return sum;
    };
    for (const PlacementLink &link : placementLinks(network)) {
        const int64_t outs = shapeOf(network, link.weight)[0];
        std::vector<int64_t> identity(static_cast<size_t>(outs));
        std::iota(identity.begin(), identity.end(), 0);
        auto cost = [&](const std::vector<int64_t> &perm) {
            permuteLink(network, link, perm);
            const double c = tensorError(link.weight, network.values(link.weight))
                             + tensorError(link.next, network.values(link.next));
            // undo
            std::vector<int64_t> inverse(perm.size());
            for (size_t i = 0; i < perm.size(); ++i) inverse[size_t(perm[i])] = int64_t(i);
            permuteLink(network, link, inverse);
            return c;
        };
        PlacementReport r;
        r.link = link.weight;
        r.errorBefore = cost(identity);
        double best = r.errorBefore;
        std::vector<int64_t> bestPerm = identity;
        // Candidates: neurons by the norm of their weights, then seeded random orders.
        std::vector<int64_t> byNorm = identity;
        {
            const std::vector<float> w = network.values(link.weight);
            const int64_t rowSize = int64_t(w.size()) / outs;
            std::vector<double> norm(static_cast<size_t>(outs), 0.0);
            for (int64_t i = 0; i < outs; ++i)
                for (int64_t k = 0; k < rowSize; ++k) norm[i] += double(w[i * rowSize + k]) * w[i * rowSize + k];
            std::stable_sort(byNorm.begin(), byNorm.end(), [&](int64_t a, int64_t b) { return norm[a] < norm[b]; });
        }
        for (int t = 0; t < trials; ++t) {
            std::vector<int64_t> perm = identity;
            if (t == 0) perm = byNorm;
            else std::shuffle(perm.begin(), perm.end(), rng);
            const double c = cost(perm);
            ++r.trials;
            if (c < best) {
                best = c;
                bestPerm = perm;
            }
        }
        permuteLink(network, link, bestPerm);
        r.errorAfter = best;
        reports.push_back(r);
    }
    return reports;
}

} // namespace twill
