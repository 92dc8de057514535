#include "encode/InformationBound.h"

#include <algorithm>
#include <cmath>

namespace twill {

double informationBoundMaxLsb(double cells, int words, int bits)
{
    if (words <= 0) return 0;
    // log2 P(max <= e) <= cells - W m + m log2(2e+1); sum 1 - P over e until P reaches 1.
    const double m = double(words);
    auto rest = [&](double e) { // 1 - the bound on P(max <= e), decreasing in e
        const double log2p = cells - double(bits) * m + m * std::log2(2 * e + 1);
        return log2p >= 0 ? 0.0 : 1 - std::exp2(log2p);
    };
    // Sum in blocks of 'stride' errors, each counted at its last (smallest) term: a lower
    // bound on the full sum, exact with stride 1 (wide codes take about 2^20 blocks).
    const double crossing = (std::exp2((double(bits) * m - cells) / m) - 1) / 2;
    const double stride = std::max(1.0, std::floor(crossing / 1048576.0));
    double sum = 0;
    for (double e = 0;; e += stride) {
        const double r = rest(e + stride - 1);
        if (r <= 0) break;
        sum += stride * r;
    }
    return sum;
}

double informationBoundRmsLsb(double cells, int words, int bits)
{
    if (words <= 0) return 0;
    const double rate = cells / double(words);
    const double d = std::exp2(2 * (double(bits) - rate)) / (2 * M_PI * std::exp(1.0)) - 1.0 / 12;
    return d > 0 ? std::sqrt(d) : 0;
}

} // namespace twill
