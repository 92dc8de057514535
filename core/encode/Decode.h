#pragma once
#include "layout/Layout.h"
#include "quant/NumberFormat.h"

#include <cstdint>
#include <vector>

namespace twill {

// Reads every word of an array straight from the layout's membership table:
// value = decode(format, bits of the word by significance) * 2^shift + offset.
// A differential pair's bits are its two arrays, P's cells then N's (2 x cellCount), and
// value = P - N (+ offset).
std::vector<int64_t> decodeArray(const Layout &layout, NumberFormat format, const uint8_t *bits,
                                 const int8_t *shifts = nullptr, int64_t offset = 0);

} // namespace twill
