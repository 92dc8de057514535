#pragma once
// The bitlines of one array as the window shows it, and of plain bit-sliced storage of the same
// words, for the ADC comparison: how many ones each line sums when the array computes in memory.
//
// Plain storage holds the array's decoded words, in the number format's raw W-bit code (clamped
// to its range), one word a row of arrays as tall as the shown array and W columns wide; column s
// holds significance s (0 = LSB) of every row's word, a bit slice, so its ones are the words with
// that bit set, and a row's ones are its word's popcount. The words go in word order (row words,
// then column, then pillar words); rows past the last word are empty. Plain arrays have no pillars.
#include "encode/BitlineCounts.h"
#include "quant/NumberFormat.h"

#include <cstdint>
#include <vector>

namespace twill {

class EditableArray;

struct ArrayBitlines {
    BitlineCounts overlapped; // the shown cells: one array
    BitlineCounts plain;      // the same words in plain bit-sliced storage
};

// The raw W-bit word of each code (encodeWord), codes clamped to the format's range. Throws
// Error for a differential pair (two words a weight).
std::vector<uint64_t> rawWords(NumberFormat format, int bits, const std::vector<int64_t> &codes);
// Plain bit-sliced storage of W-bit words, rowsPerArray words an array (see above).
BitlineCounts countPlainBitlines(const std::vector<uint64_t> &words, int bits, int rowsPerArray);
ArrayBitlines countArrayBitlines(const EditableArray &array);

} // namespace twill
