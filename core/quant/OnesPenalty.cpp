#include "quant/OnesPenalty.h"

#include <algorithm>
#include <bitset>

namespace twill {

OnesPenalty::OnesPenalty(const QuantizedTensor &q) : q_(q), radius_(std::max(1, 1 << std::max(0, q.bits / 2 - 1)))
{
    q_.codes.clear();
    q_.codes.shrink_to_fit();
    min_ = codeMin(q.format, q.bits);
    const int64_t max = codeMax(q.format, q.bits);
    for (int64_t c = min_; c <= max; ++c)
        ones_.push_back(uint8_t(std::bitset<64>(encodeWord(q.format, q.bits, c)).count()));
    // The least-squares slope of the ones count over the codes within 'radius' of each code
    // (clipped to the range): a single code's neighbours would send a weight from 7 (three ones)
    // up to 8 (one) and on; the trend over a window of codes points where words get fewer ones.
    const int64_t n = int64_t(ones_.size());
    slope_.assign(size_t(n), 0.0);
    for (int64_t i = 0; i < n; ++i) {
        const int64_t lo = std::max<int64_t>(0, i - radius_), hi = std::min<int64_t>(n - 1, i + radius_);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int64_t j = lo; j <= hi; ++j) {
            const double x = double(j - i), y = double(ones_[size_t(j)]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        const double m = double(hi - lo + 1), var = sxx - sx * sx / m;
        slope_[size_t(i)] = var > 0 ? (sxy - sx * sy / m) / var : 0.0;
    }
}

int64_t OnesPenalty::countOnes(const float *values, int64_t n) const
{
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i) total += ones(q_.codeOf(i, values[i]));
    return total;
}

void OnesPenalty::addGradient(const float *values, float *grad, int64_t n, double weight) const
{
    for (int64_t i = 0; i < n; ++i) {
        const int64_t g = i / q_.channelSize;
        grad[i] += float(weight * slope(q_.codeOf(i, values[i])) / q_.scale[g]);
    }
}

} // namespace twill
