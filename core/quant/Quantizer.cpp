#include "quant/Quantizer.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace twill {

std::string granularityName(QuantGranularity g)
{
    return g == QuantGranularity::PerChannel ? "per-channel" : "per-tensor";
}

QuantGranularity parseGranularity(const std::string &name)
{
    if (name == "per-tensor") return QuantGranularity::PerTensor;
    if (name == "per-channel") return QuantGranularity::PerChannel;
    throw Error("unknown quantisation '" + name + "'; use per-tensor or per-channel");
}

std::vector<float> QuantizedTensor::dequantize(const std::vector<int64_t> &c) const
{
    std::vector<float> out(c.size());
    for (size_t i = 0; i < c.size(); ++i) out[i] = float(value(int64_t(i), c[i]));
    return out;
}

int64_t QuantizedTensor::codeOf(int64_t index, double v) const
{
    const int64_t g = index / channelSize;
    return std::clamp<int64_t>(int64_t(std::llround(v / scale[g])) + zeroPoint[g], codeMin(format, bits),
                               codeMax(format, bits));
}

QuantizedTensor quantize(const std::vector<float> &values, int64_t outChannels, NumberFormat format, int bits,
                         QuantGranularity granularity, const std::string &what)
{
    for (size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            throw Error(what + ": weight " + std::to_string(i) + " is " + (std::isnan(values[i]) ? "NaN" : "infinite")
                        + "; retrain or reload a model with finite weights");
    QuantizedTensor q;
    q.format = format;
    q.bits = bits;
    const int64_t n = int64_t(values.size());
    q.channels = granularity == QuantGranularity::PerChannel ? std::max<int64_t>(1, outChannels) : 1;
    if (n % q.channels != 0) q.channels = 1;
    q.channelSize = q.channels > 0 ? n / q.channels : n;
    q.scale.assign(q.channels, 1.0);
    q.zeroPoint.assign(q.channels, 0);
    q.codes.assign(values.size(), 0);
    const int64_t cmin = codeMin(format, bits), cmax = codeMax(format, bits);
    for (int64_t g = 0; g < q.channels; ++g) {
        const float *v = values.data() + g * q.channelSize;
        float lo = 0, hi = 0, amax = 0;
        for (int64_t i = 0; i < q.channelSize; ++i) {
            lo = std::min(lo, v[i]);
            hi = std::max(hi, v[i]);
            amax = std::max(amax, std::fabs(v[i]));
        }
        double bestErr = -1, bestScale = 1;
        int64_t bestZp = 0;
        for (int step = 0; step <= 20; ++step) {
            const double alpha = 1.0 - 0.025 * step; // clip to 100 % .. 50 % of the range
            double scale;
            int64_t zp = 0;
            if (format == NumberFormat::Unsigned) {
                const double a = alpha * lo, b = alpha * hi;
                scale = (b - a) / double(cmax);
                if (!(scale > 0)) scale = 1;
                zp = std::clamp<int64_t>(int64_t(std::llround(-a / scale)), 0, cmax);
            } else {
                scale = alpha * amax / double(cmax);
                if (!(scale > 0)) scale = 1;
            }
            double err = 0;
            for (int64_t i = 0; i < q.channelSize; ++i) {
                const int64_t c = std::clamp<int64_t>(int64_t(std::llround(v[i] / scale)) + zp, cmin, cmax);
                const double d = double(c - zp) * scale - v[i];
                err += d * d;
            }
            if (bestErr < 0 || err < bestErr) {
                bestErr = err;
                bestScale = scale;
                bestZp = zp;
            }
        }
        q.scale[g] = bestScale;
        q.zeroPoint[g] = bestZp;
        for (int64_t i = 0; i < q.channelSize; ++i)
            q.codes[g * q.channelSize + i] =
                std::clamp<int64_t>(int64_t(std::llround(v[i] / bestScale)) + bestZp, cmin, cmax);
    }
    return q;
}

} // namespace twill
