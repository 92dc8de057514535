#pragma once
// The splitmix64 generator: each call advances 'state' and returns the next 64 random bits.
// Seeded searches draw from it, so that the same seed gives the same choices everywhere.
#include <cstdint>

namespace twill {

inline uint64_t splitmix64(uint64_t &state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace twill
