#pragma once
#include "quant/NumberFormat.h"

#include <cstdint>
#include <vector>

namespace twill {

// At most 2^28 codes (2 GiB) at once.
constexpr int64_t kMaxRandomCodes = int64_t(1) << 28;

// Uniform random codes over the format's whole range, arrays x words, from a seed
// (splitmix64, so the same seed gives the same codes everywhere). Error past kMaxRandomCodes.
std::vector<int64_t> randomTargets(int64_t arrays, int words, NumberFormat format, int bits, uint64_t seed);

} // namespace twill
