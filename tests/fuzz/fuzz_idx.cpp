// IDX images + labels: never crashes. The first two bytes split the input into the two files.
#include "FuzzCheck.h"

#include "nn/Dataset.h"
#include "util/Error.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    const size_t split = std::min(size - 2, size_t(data[0] | (data[1] << 8)));
    const std::string images(reinterpret_cast<const char *>(data) + 2, split);
    const std::string labels(reinterpret_cast<const char *>(data) + 2 + split, size - 2 - split);
    try {
        const twill::Dataset d = twill::parseIdxPair(images, labels, "fuzz-images", "fuzz-labels");
        TWILL_FUZZ_CHECK(d.count > 0 && d.images.size() == size_t(d.count) * size_t(d.rows) * size_t(d.cols));
        TWILL_FUZZ_CHECK(d.labels.size() == size_t(d.count));
    } catch (const twill::Error &) {
    }
    return 0;
}
