#include "nn/NetworkEncoder.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace twill {

NetworkEncoder::NetworkEncoder(const Layout &layout, const EncodeOptions &options, QuantGranularity granularity)
    : encoder_(layout, options), granularity_(granularity)
{
}

void NetworkEncoder::setFaults(FaultMap map, bool unaware)
{
    map.checkFits(encoder_.cellCount());
    faults_ = std::move(map);
    unaware_ = unaware;
}

EncodedTensor NetworkEncoder::quantizeTensor(const std::string &name, const std::vector<int64_t> &shape,
                                             const std::vector<float> &values, int64_t firstArray) const
{
    EncodedTensor t;
    t.name = name;
    t.shape = shape;
    t.quant = quantize(values, shape.empty() ? 1 : shape[0], encoder_.options().format, encoder_.layout().bits(),
                       granularity_, name);
    const int words = encoder_.wordCount();
    t.tiles = tileTensor(t.quant.codes, words, std::max<int64_t>(0, codeMin(t.quant.format, t.quant.bits)));
    t.pins.assign(size_t(t.tiles.arrays) * encoder_.cellCount(), -1);
    if (!faults_.empty()) {
        t.stuck = faults_.cells(firstArray, t.tiles.arrays);
        if (!unaware_) t.pins = t.stuck; // pins that nothing unpins
    }
    t.results.assign(size_t(t.tiles.arrays), ArrayResult{});
    t.decodedCodes = t.quant.codes;
    t.decoded = t.quant.dequantize(t.quant.codes);
    return t;
}

void NetworkEncoder::requantize(EncodedTensor &t, const std::vector<float> &values,
                                const std::vector<uint8_t> &keep) const
{
    if (int64_t(values.size()) != t.size()) throw Error(t.name + ": the tensor changed size");
    for (int64_t i = 0; i < t.size(); ++i) {
        if (!keep.empty() && keep[i]) continue;
        if (!std::isfinite(values[i]))
            throw Error(t.name + ": weight " + std::to_string(i) + " is not finite; lower the learning rate");
        t.quant.codes[i] = t.quant.codeOf(i, values[i]);
        t.tiles.targets[i] = t.quant.codes[i];
    }
}

bool NetworkEncoder::encode(EncodedTensor &t, const std::vector<uint8_t> &care, const std::vector<double> &importance,
                            const std::vector<int64_t> &arrays, JobControl *control, double laterWeight) const
{
    const int nw = encoder_.wordCount(), nc = encoder_.cellCount();
    // Words outside 'care' will be retrained and encoded later, but their cells are shared
    // with the words frozen now: they still count (laterWeight), so that the frozen cells
    // suit their current values too.
    std::vector<int64_t> list = arrays;
    if (list.empty())
        for (int64_t a = 0; a < t.tiles.arrays; ++a) list.push_back(a);
    // Gather the listed arrays into one batch, encode in parallel, scatter back.
    std::vector<int64_t> targets;
    std::vector<double> weights;
    std::vector<int8_t> pins;
    for (int64_t a : list) {
        for (int w = 0; w < nw; ++w) {
            const int64_t i = a * nw + w;
            targets.push_back(t.tiles.targets[i]);
            double c = i < t.size() ? 1.0 : 0.0;
            if (i < t.size() && !care.empty() && !care[i]) c = laterWeight;
            if (i < t.size() && !importance.empty()) c *= importance[i];
            weights.push_back(c);
        }
        pins.insert(pins.end(), t.pins.begin() + a * nc, t.pins.begin() + (a + 1) * nc);
    }
    std::vector<ArrayResult> res = encoder_.encodeMany(targets, weights, pins, control);
    if (res.size() != list.size()) return false; // cancelled: nothing scattered
    for (size_t k = 0; k < list.size(); ++k) {
        const int64_t a = list[k];
        if (unaware_ && !t.stuck.empty()) // what the stuck cells make of it
            encoder_.applyStuck(targets.data() + k * nw, weights.data() + k * nw, t.stuck.data() + a * nc, res[k]);
        t.results[a] = std::move(res[k]);
        for (int w = 0; w < nw; ++w) {
            const int64_t i = a * nw + w;
            if (i >= t.size()) break;
            t.decodedCodes[i] = t.results[a].decoded[w];
            t.decoded[i] = float(t.quant.value(i, t.decodedCodes[i]));
        }
    }
    return true;
}

void NetworkEncoder::pinWords(EncodedTensor &t, const std::vector<uint8_t> &weights) const
{
    const Layout &l = encoder_.layout();
    const int nw = l.wordCount(), nc = encoder_.cellCount(), W = l.bits();
    // A differential pair's word is its cells in both arrays (P's, then N's at lc on).
    const int halves = arraysPerWeight(encoder_.options().format), lc = l.cellCount();
    for (int64_t i = 0; i < t.size(); ++i) {
        if (!weights[i]) continue;
        const int64_t a = i / nw;
        const int w = int(i % nw);
        const ArrayResult &r = t.results[a];
        if (r.bits.empty()) throw Error(t.name + ": array " + std::to_string(a) + " was not encoded before pinning");
        const Layout &rl = encoder_.layoutFor(r.rotation);
        for (int h = 0; h < halves; ++h)
            for (int s = 0; s < W; ++s) {
                const int c = h * lc + rl.cellOf(w, s);
                t.pins[a * nc + c] = int8_t(r.bits[c]);
            }
    }
}

EncodeSummary NetworkEncoder::summary(const EncodedTensor &t, const std::vector<uint8_t> &which) const
{
    // Recompute over the chosen weights only, in the encoder's units.
    EncodeSummary s;
    const int W = encoder_.layout().bits();
    const NumberFormat f = encoder_.options().format;
    s.fullScale = double(codeMax(f, W) - codeMin(f, W));
    s.effectiveCapacity = encoder_.effectiveCapacity();
    s.metadataBitsPerArray = encoder_.metadataBitsPerArray();
    s.arrays = t.tiles.arrays;
    double sumAbs = 0, sumSq = 0, sumRel = 0;
    int64_t relCount = 0;
    for (int64_t i = 0; i < t.size(); ++i) {
        if (!which.empty() && !which[i]) continue;
        const double e = double(t.decodedCodes[i] - t.quant.codes[i]);
        sumAbs += std::fabs(e);
        sumSq += e * e;
        s.maxAbsLsb = std::max(s.maxAbsLsb, std::fabs(e));
        if (t.quant.codes[i] != 0) {
            sumRel += std::fabs(e) / std::fabs(double(t.quant.codes[i]));
            ++relCount;
        }
        ++s.words;
    }
    if (s.words == 0) return s;
    s.meanAbsLsb = sumAbs / double(s.words);
    s.rmsLsb = std::sqrt(sumSq / double(s.words));
    s.meanPctFs = 100.0 * s.meanAbsLsb / s.fullScale;
    s.maxPctFs = 100.0 * s.maxAbsLsb / s.fullScale;
    s.meanPctRel = relCount ? 100.0 * sumRel / double(relCount) : 0;
    return s;
}

} // namespace twill
