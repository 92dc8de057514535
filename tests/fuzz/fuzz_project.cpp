// Project JSON, through its public parser only: never crashes; a project it accepts writes back
// to JSON that reads again.
#include "FuzzCheck.h"

#include "io/ProjectFile.h"
#include "util/Error.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string json(reinterpret_cast<const char *>(data), size);
    try {
        const twill::Project p = twill::parseProject(json, "fuzz.twill.json");
        const twill::Project q = twill::parseProject(twill::projectJson(p), "again.twill.json");
        TWILL_FUZZ_CHECK(q.targets == p.targets && q.cellBits == p.cellBits && q.array == p.array && q.encoder == p.encoder);
    } catch (const twill::Error &) {
    }
    return 0;
}
