// Layout JSON: never crashes; a layout it accepts writes back to JSON that reads to itself.
#include "FuzzCheck.h"

#include "io/LayoutFile.h"
#include "layout/Layout.h"
#include "util/Error.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string json(reinterpret_cast<const char *>(data), size);
    try {
        const twill::Layout l = twill::parseLayout(json, "fuzz.json");
        const std::string once = twill::layoutJson(l);
        TWILL_FUZZ_CHECK(twill::layoutJson(twill::parseLayout(once, "again.json")) == once);
    } catch (const twill::Error &) {
    }
    return 0;
}
