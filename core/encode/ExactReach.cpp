#include "encode/ExactReach.h"

#include <algorithm>
#include <limits>

namespace twill {

namespace {

uint64_t below(int s)
{
    return (uint64_t(1) << s) - 1;
}

// a / 2^s rounded down and up (shifts, not divisions: the scales are powers of two).
int64_t floorShift(int64_t a, int s)
{
    return a >= 0 ? a >> s : ~(~a >> s);
}

int64_t ceilShift(int64_t a, int s)
{
    return -floorShift(-a, s);
}

// Nearest raw pattern (unsigned, scaled by 2^shift) to target.
int64_t unsignedDistance(int bits, int64_t target, uint64_t fixed, uint64_t free, int shift)
{
    const int64_t scale = int64_t(1) << shift;
    int64_t best = std::numeric_limits<int64_t>::max();
    const int64_t lo = patternFloor(fixed, free, bits, floorShift(target, shift));
    if (lo >= 0) best = std::min(best, target - lo * scale);
    const int64_t hi = patternCeil(fixed, free, bits, ceilShift(target, shift));
    if (hi >= 0) best = std::min(best, hi * scale - target);
    return best;
}

// Support of the free bits among the raw patterns inside [lo, hi]. The window splits into at
// most 2 x bits aligned blocks (a prefix, then every value of the bits below it); a block holds a
// pattern exactly when its prefix agrees with the fixed bits, and then every free bit below the
// prefix takes both values in it. So each block is checked with a few masks: O(bits) in all.
BitSupport windowSupport(uint64_t fixed, uint64_t free, int bits, int64_t lo, int64_t hi)
{
    BitSupport out;
    const uint64_t all = fixed | free;
    lo = std::max(lo, int64_t(fixed));
    hi = std::min(hi, int64_t(all));
    if (lo > hi) return out;
    if (lo == int64_t(fixed) && hi == int64_t(all)) { // every pattern is inside
        out.reachable = true;
        out.canZero = out.canOne = free;
        return out;
    }
    const uint64_t known = ~free & below(bits); // the fixed positions, 0 or 1
    uint64_t x = uint64_t(lo);
    const uint64_t end = uint64_t(hi);
    while (true) {
        // The largest aligned block at x inside the window: 2^k divides x and x + 2^k - 1 <= end.
        const int fits = 63 - __builtin_clzll(end - x + 1);
        const int k = std::min({x ? __builtin_ctzll(x) : bits, bits, fits});
        const uint64_t low = below(k), high = below(bits) & ~low;
        if (((x ^ fixed) & known & high) == 0) {
            out.reachable = true;
            out.canOne |= (x & free & high) | (free & low);
            out.canZero |= (~x & free & high) | (free & low);
            if ((out.canOne & out.canZero) == free) break; // nothing left to learn
        }
        if (x + low >= end) break;
        x += low + 1;
    }
    return out;
}

BitSupport unsignedSupport(int bits, int64_t target, int64_t limit, uint64_t fixed, uint64_t free, int shift)
{
    return windowSupport(fixed, free, bits, ceilShift(target - limit, shift), floorShift(target + limit, shift));
}

} // namespace

BitSupport bitSupport(NumberFormat format, int bits, int64_t target, int64_t limit, uint64_t fixed, uint64_t free,
                      int shift)
{
    const uint64_t top = uint64_t(1) << (bits - 1);
    switch (format) {
    case NumberFormat::Unsigned:
    case NumberFormat::DifferentialPair: // (a pair's arrays hold unsigned words)
        return unsignedSupport(bits, target, limit, fixed, free, shift);
    case NumberFormat::TwosComplement: {
        const uint64_t relabelled = (free & top) ? fixed : (fixed ^ top);
        BitSupport s = unsignedSupport(bits, target + int64_t(top) * (int64_t(1) << shift), limit, relabelled, free, shift);
        if (free & top) { // the relabelled top bit means the opposite raw bit
            const uint64_t z = s.canZero & top, o = s.canOne & top;
            s.canZero = (s.canZero & ~top) | (o ? top : 0);
            s.canOne = (s.canOne & ~top) | (z ? top : 0);
        }
        return s;
    }
    case NumberFormat::SignMagnitude: {
        const uint64_t mFixed = fixed & ~top, mFree = free & ~top;
        const int m = bits - 1;
        BitSupport out;
        for (int sign = 0; sign < 2; ++sign) {
            if (!(free & top) && int(bool(fixed & top)) != sign) continue;
            const BitSupport s = unsignedSupport(m, sign ? -target : target, limit, mFixed, mFree, shift);
            if (!s.reachable) continue;
            out.reachable = true;
            out.canZero |= s.canZero;
            out.canOne |= s.canOne;
            if (free & top) (sign ? out.canOne : out.canZero) |= top;
        }
        return out;
    }
    }
    return {};
}

int64_t patternFloor(uint64_t fixed, uint64_t free, int bits, int64_t x)
{
    if (x < int64_t(fixed)) return -1;
    const uint64_t all = fixed | free;
    if (x >= int64_t(all)) return int64_t(all);
    // Walk down from the MSB, staying equal to x while the bits allow; remember the last free
    // bit where x has a 1 (taking 0 there instead puts everything below it at its maximum).
    uint64_t prefix = 0, backPrefix = 0;
    int back = -1;
    for (int s = bits - 1; s >= 0; --s) {
        const uint64_t m = uint64_t(1) << s;
        const bool xs = (uint64_t(x) >> s) & 1;
        if (fixed & m) {
            if (!xs) { // this prefix is already above x
                if (back < 0) return -1;
                return int64_t(backPrefix | (all & below(back)));
            }
            prefix |= m;
        } else if (free & m) {
            if (xs) {
                back = s;
                backPrefix = prefix;
                prefix |= m;
            }
        } else if (xs) { // a fixed 0 where x has a 1: below x from here, maximise the rest
            return int64_t(prefix | (all & below(s)));
        }
    }
    return x;
}

int64_t patternCeil(uint64_t fixed, uint64_t free, int bits, int64_t x)
{
    if (x <= int64_t(fixed)) return int64_t(fixed);
    const uint64_t all = fixed | free;
    if (x > int64_t(all)) return -1;
    uint64_t prefix = 0, backPrefix = 0;
    int back = -1;
    for (int s = bits - 1; s >= 0; --s) {
        const uint64_t m = uint64_t(1) << s;
        const bool xs = (uint64_t(x) >> s) & 1;
        if (fixed & m) {
            prefix |= m;
            if (!xs) return int64_t(prefix | (fixed & below(s))); // above x from here: minimise the rest
        } else if (free & m) {
            if (xs) {
                prefix |= m;
            } else {
                back = s; // taking 1 here instead puts the pattern above x
                backPrefix = prefix;
            }
        } else if (xs) { // a fixed 0 where x has a 1: this prefix is below x
            if (back < 0) return -1;
            return int64_t(backPrefix | (uint64_t(1) << back) | (fixed & below(back)));
        }
    }
    return x;
}

int64_t exactReachDistance(NumberFormat format, int bits, int64_t target, uint64_t fixed, uint64_t free, int shift)
{
    const uint64_t top = uint64_t(1) << (bits - 1);
    switch (format) {
    case NumberFormat::Unsigned:
    case NumberFormat::DifferentialPair: // (a pair's arrays hold unsigned words)
        return unsignedDistance(bits, target, fixed, free, shift);
    case NumberFormat::TwosComplement: {
        // value = (pattern ^ top) - top: an unsigned pattern with the top bit relabelled.
        const uint64_t relabelled = (free & top) ? fixed : (fixed ^ top);
        return unsignedDistance(bits, target + int64_t(top) * (int64_t(1) << shift), relabelled, free, shift);
    }
    case NumberFormat::SignMagnitude: {
        const uint64_t mFixed = fixed & ~top, mFree = free & ~top;
        const int m = bits - 1;
        if (free & top)
            return std::min(unsignedDistance(m, target, mFixed, mFree, shift),
                            unsignedDistance(m, -target, mFixed, mFree, shift));
        return unsignedDistance(m, (fixed & top) ? -target : target, mFixed, mFree, shift);
    }
    }
    return 0;
}

} // namespace twill
