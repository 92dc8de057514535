// .npz reader (zip: stored, deflate, ZIP64; CRC-32s): never crashes; what it accepts writes
// back and reads again to the same arrays.
#include "FuzzCheck.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string bytes(reinterpret_cast<const char *>(data), size);
    std::vector<std::pair<std::string, twill::NpyArray>> arrays;
    try {
        arrays = twill::parseNpz(bytes, "fuzz.npz");
    } catch (const twill::Error &) {
        return 0;
    }
    twill::NpzWriter w;
    for (const auto &[name, a] : arrays) w.add(name, a);
    w.setForceZip64(size % 2 == 1);
    const auto again = twill::parseNpz(w.bytes(), "again.npz");
    TWILL_FUZZ_CHECK(again.size() == arrays.size());
    for (size_t i = 0; i < arrays.size(); ++i) {
        // A member not named *.npy comes back with the suffix the writer adds.
        TWILL_FUZZ_CHECK(again[i].first == arrays[i].first);
        TWILL_FUZZ_CHECK(again[i].second.data == arrays[i].second.data);
    }
    return 0;
}
