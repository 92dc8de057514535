#pragma once
// A whole tensor of codes (any shape, flattened in C order) cut into arrays: consecutive
// codes fill the words of one array in word order, the last array is padded with
// don't-care words (importance 0: the encoder ignores their error, summaries skip them).
#include <cstdint>
#include <vector>

namespace twill {

struct TiledTensor {
    std::vector<int64_t> targets;   // arrays x words
    std::vector<double> importance; // arrays x words (1 or the given weights; 0 for padding)
    int64_t arrays = 0;
    int64_t values = 0;             // real codes; the rest is padding
};

TiledTensor tileTensor(const std::vector<int64_t> &codes, int wordsPerArray, int64_t padCode,
                       const std::vector<double> &importance = {});

} // namespace twill
