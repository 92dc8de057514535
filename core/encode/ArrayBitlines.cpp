#include "encode/ArrayBitlines.h"

#include "encode/EditableArray.h"
#include "util/Error.h"

#include <algorithm>

namespace twill {

std::vector<uint64_t> rawWords(NumberFormat format, int bits, const std::vector<int64_t> &codes)
{
    if (format == NumberFormat::DifferentialPair)
        throw Error("plain bit-sliced storage of a differential pair is not counted here; count its P and N "
                    "arrays with twill-cli adc");
    std::vector<uint64_t> words(codes.size());
    const int64_t lo = codeMin(format, bits), hi = codeMax(format, bits);
    for (size_t i = 0; i < codes.size(); ++i) words[i] = encodeWord(format, bits, std::clamp(codes[i], lo, hi));
    return words;
}

BitlineCounts countPlainBitlines(const std::vector<uint64_t> &words, int bits, int rowsPerArray)
{
    const int64_t n = int64_t(words.size());
    const int64_t arrays = std::max<int64_t>(1, (n + rowsPerArray - 1) / rowsPerArray);
    std::vector<uint8_t> cells(size_t(arrays * rowsPerArray * bits), 0);
    for (int64_t w = 0; w < n; ++w)
        for (int s = 0; s < bits; ++s) cells[size_t(w * bits + s)] = uint8_t((words[size_t(w)] >> s) & 1);
    return countBitlines(cells.data(), arrays, 1, rowsPerArray, bits);
}

ArrayBitlines countArrayBitlines(const EditableArray &array)
{
    const Geometry &g = array.layout().geometry();
    ArrayBitlines b;
    b.overlapped = countBitlines(array.bits().data(), 1, g.layers, g.rows, g.cols);
    b.plain = countPlainBitlines(rawWords(array.format(), g.bits, array.decoded()), g.bits, g.rows);
    return b;
}

} // namespace twill
