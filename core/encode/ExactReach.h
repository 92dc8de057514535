#pragma once
// The exact distance from a target to the nearest value that a word can still take, when
// some of its bits are fixed and the others free, for any set of free significances (the
// O(1) WordModel::reachDistance is exact only when they are contiguous). O(W) bit arithmetic.
#include "quant/NumberFormat.h"

#include <cstdint>

namespace twill {

// Raw W-bit patterns {fixed | x : x a subset of free} (fixed and free disjoint): the largest
// one <= x (-1 when none) and the smallest one >= x (-1 when none).
int64_t patternFloor(uint64_t fixed, uint64_t free, int bits, int64_t x);
int64_t patternCeil(uint64_t fixed, uint64_t free, int bits, int64_t x);

// min |decode(format, pattern) * 2^shift - target| over the patterns above.
int64_t exactReachDistance(NumberFormat format, int bits, int64_t target, uint64_t fixed, uint64_t free, int shift);

// Which values each free bit can take in the patterns that decode within 'limit' of the
// target: canZero / canOne hold the free significances that some such pattern has at 0 / at 1
// (a free bit in neither is impossible; in one only, forced). reachable: any pattern at all.
struct BitSupport {
    bool reachable = false;
    uint64_t canZero = 0;
    uint64_t canOne = 0;
};
BitSupport bitSupport(NumberFormat format, int bits, int64_t target, int64_t limit, uint64_t fixed, uint64_t free,
                      int shift);

} // namespace twill
