// .npy parser: never crashes; what it accepts writes back and reads again to the same array.
#include "FuzzCheck.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string bytes(reinterpret_cast<const char *>(data), size);
    twill::NpyArray a;
    try {
        a = twill::parseNpy(bytes, "fuzz.npy");
    } catch (const twill::Error &) {
        return 0;
    }
    TWILL_FUZZ_CHECK(a.data.size() == size_t(a.size()) * size_t(a.itemSize()));
    const twill::NpyArray b = twill::parseNpy(twill::npyBytes(a), "again.npy");
    TWILL_FUZZ_CHECK(b.dtype == a.dtype && b.shape == a.shape && b.data == a.data);
    try {
        (void)a.toDouble();
    } catch (const twill::Error &) {
    }
    return 0;
}
