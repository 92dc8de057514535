#pragma once
// Real weights to W-bit integer codes and back. Unsigned codes use a zero point (offset
// binary); two's complement and sign-magnitude are symmetric. The scale is chosen per tensor
// or per output channel to minimise the squared quantisation error over a grid of clipping
// ratios, not just from max |w|.
#include "quant/NumberFormat.h"

#include <cstdint>
#include <string>
#include <vector>

namespace twill {

enum class QuantGranularity { PerTensor, PerChannel };
std::string granularityName(QuantGranularity g);            // "per-tensor", "per-channel"
QuantGranularity parseGranularity(const std::string &name); // throws Error

struct QuantizedTensor {
    NumberFormat format = NumberFormat::Unsigned;
    int bits = 8;
    int64_t channels = 1;        // scale groups (1 per tensor)
    int64_t channelSize = 0;     // values per group
    std::vector<double> scale;   // per group
    std::vector<int64_t> zeroPoint; // per group (0 for the signed formats)
    std::vector<int64_t> codes;  // per value

    double value(int64_t index, int64_t code) const
    {
        const int64_t g = index / channelSize;
        return double(code - zeroPoint[g]) * scale[g];
    }
    std::vector<float> dequantize(const std::vector<int64_t> &codes) const;
    // The code of a new value under this tensor's fixed scale and zero point (clamped).
    int64_t codeOf(int64_t index, double value) const;
};

// values: a tensor flattened in C order whose first dimension (outChannels) are the output
// channels. Throws Error for NaN or infinite values, naming 'what'.
QuantizedTensor quantize(const std::vector<float> &values, int64_t outChannels, NumberFormat format, int bits,
                         QuantGranularity granularity, const std::string &what);

} // namespace twill
