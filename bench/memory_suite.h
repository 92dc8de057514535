#pragma once
// The memory suite of twill-bench-encoder: twill-cli encode on a whole tensor, its peak
// memory per weight (see memory_suite.cpp).
#include <cstdint>
#include <string>

namespace twill::bench {

// Encodes a tensor of 'weights' 8-bit codes drawn like trained weights with twill-cli (the
// default solver unless 'solver' names one) on 'threads' threads and prints its peak memory
// (max RSS) per weight, with and without the process's own start-up memory, and its times.
int runMemorySuite(const std::string &cliPath, int64_t weights, const std::string &solver, int threads, uint64_t seed);

} // namespace twill::bench
