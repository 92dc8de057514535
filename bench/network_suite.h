#pragma once
// The network suite of twill-bench-encoder (see network_suite.cpp).
#include "quant/NumberFormat.h"

#include <cstdint>
#include <string>
#include <vector>

namespace twill::bench {

// Arrays of target codes with their word weights (0: tensor padding), W x W msb-lsb.
struct CodeSource {
    std::string name;
    int bits = 8;
    NumberFormat format = NumberFormat::TwosComplement;
    std::vector<int64_t> targets;   // arrays x 2W
    std::vector<double> importance; // arrays x 2W
    int64_t tensors = 0;
};

// kind "gauss" or "laplace": one tensor of arrays x 2W weights, quantised per tensor.
CodeSource generatedSource(const std::string &kind, int bits, int64_t arrays, uint64_t seed);
// Every '<tensor>.targets' (cut to its '.shape') of an .npz from twill-cli retrain --npz, at
// its bits_per_word and format; at most maxArrays arrays (an even sample), 0: all.
CodeSource npzSource(const std::string &path, int64_t maxArrays);
// Runs the peer and every solver chunk by chunk and prints one table.
void runNetworkCase(const CodeSource &source, int chunks, const std::string &filter);

} // namespace twill::bench

namespace twill::bench {

// 16-bit 16x16 uniform random arrays, minimax: 'auto' against the decision-mode peer (stop at
// the first encoding with max error <= 2^(W/2-1), else the full search), both checked against
// the certified optimum; prints the optimal fractions and the median speed ratio.
void runMinimaxCase(int arrays, int chunks, uint64_t seed);

} // namespace twill::bench
