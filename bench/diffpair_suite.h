#pragma once
// The diffpair suite of twill-bench-encoder: differential pairs (w = P - N, two overlapped
// unsigned arrays a weight) against their naive split and against two's complement in one
// overlapped array, on Gaussian weights quantised to each format's own range (see
// diffpair_suite.cpp).
#include <cstdint>
#include <string>

namespace twill::bench {

// W x W... arrays of 'size' x 'size' cells for every width in 'bits', 'arrays' arrays each,
// objectives l2 and max with the auto solver, one thread. 'filter' keeps the rows whose label
// contains it.
void runDiffPairSuite(const std::string &bitsList, int size, int arrays, uint64_t seed, const std::string &filter);

} // namespace twill::bench
