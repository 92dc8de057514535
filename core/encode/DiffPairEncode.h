#pragma once
// The encoding of one weight array as a differential pair, w = P - N: P and N are unsigned
// W-bit words in two overlapped arrays of the same layout, each encoded by 'half' (an unsigned
// encoder of that layout). The naive split encodes P on max(t, 0) and N on max(-t, 0) apart;
// the pair's search then lets each array compensate what the other one actually stores: N on
// clamp(P' - t), then P on clamp(t + N'), and so on for 'rounds' rounds, keeping the best pair
// by the objective. The naive split is one of the pairs compared, so the result is never
// worse than it.
#include "encode/ArrayResult.h"
#include "encode/EncodeOptions.h"
#include "job/JobControl.h"

#include <cstdint>

namespace twill {

class Encoder;

// Rounds of compensation Encoder uses (each is two encodings of one array).
constexpr int kDiffPairRounds = 2;

// targets: one per word, in -(2^W-1) .. 2^W-1; importance (optional) one per word; pins
// (optional) one per cell of both arrays, P's cells first. rounds = 0: the naive split only.
// The result's bits are P's cells then N's; decoded = P' - N'. Certified only when the pair
// decodes every word with weight > 0 exactly (nothing is proven otherwise).
ArrayResult encodeDiffPair(const Encoder &half, Objective objective, const int64_t *targets, const double *importance,
                           const int8_t *pins, int64_t arrayIndex, const JobControl *control, int rounds = kDiffPairRounds);

// The options of the unsigned encoder behind a differential pair: the same search, on one
// array's unsigned words, with the relative objective given to it as per-word weights.
EncodeOptions diffPairHalfOptions(const EncodeOptions &pair);

} // namespace twill
