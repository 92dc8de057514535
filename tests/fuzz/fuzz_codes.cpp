// Codes input (CSV, or .npy/.npz told by their first bytes): never crashes. The first byte
// picks the words per array, so that the line-length checks are reached too.
#include "FuzzCheck.h"

#include "io/CodesFile.h"
#include "util/Error.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const int words = 1 + data[0] % 32;
    const std::string bytes(reinterpret_cast<const char *>(data) + 1, size - 1);
    int64_t arrays = -1;
    bool tensor = false;
    try {
        const auto codes = twill::parseCodes(bytes, "fuzz.csv", "", words, arrays, tensor);
        TWILL_FUZZ_CHECK(tensor || int64_t(codes.size()) == arrays * words);
        TWILL_FUZZ_CHECK(!codes.empty());
    } catch (const twill::Error &) {
    }
    return 0;
}
