#pragma once
#include "quant/NumberFormat.h"

#include <cstdint>
#include <vector>

namespace twill {

// Uniform random codes over the format's whole range, arrays x words, from a seed
// (splitmix64, so the same seed gives the same codes everywhere).
std::vector<int64_t> randomTargets(int64_t arrays, int words, NumberFormat format, int bits, uint64_t seed);

} // namespace twill
