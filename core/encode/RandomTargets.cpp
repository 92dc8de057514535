#include "encode/RandomTargets.h"

#include "util/Error.h"

#include <string>

namespace twill {

std::vector<int64_t> randomTargets(int64_t arrays, int words, NumberFormat format, int bits, uint64_t seed)
{
    const int64_t lo = codeMin(format, bits), hi = codeMax(format, bits);
    const uint64_t span = uint64_t(hi - lo) + 1;
    if (arrays < 0 || words < 0 || (words > 0 && arrays > kMaxRandomCodes / words))
        throw Error(std::to_string(arrays) + " arrays of " + std::to_string(words) + " words are more than the "
                    + std::to_string(kMaxRandomCodes) + " codes (2 GiB) drawn at once; encode fewer arrays a run "
                    + "(with another --seed each)");
    std::vector<int64_t> out(size_t(arrays) * size_t(words));
    uint64_t state = seed;
    for (auto &t : out) {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        t = lo + int64_t(z % span);
    }
    return out;
}

} // namespace twill
