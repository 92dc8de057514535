#include "encode/Decode.h"

namespace twill {

std::vector<int64_t> decodeArray(const Layout &layout, NumberFormat format, const uint8_t *bits,
                                 const int8_t *shifts, int64_t offset)
{
    const int W = layout.bits();
    const int arrays = arraysPerWeight(format), cells = layout.cellCount();
    std::vector<int64_t> out(layout.wordCount());
    for (int w = 0; w < layout.wordCount(); ++w) {
        uint64_t v = 0;
        for (int a = 0; a < arrays; ++a)
            for (int s = 0; s < W; ++s)
                if (bits[a * cells + layout.cellOf(w, s)]) v |= uint64_t(1) << (a * W + s);
        const int sh = shifts ? shifts[w] : 0;
        out[w] = decodeWord(format, W, v) * (int64_t(1) << sh) + offset;
    }
    return out;
}

} // namespace twill
