#pragma once
// Encodes many arrays, or a whole tensor cut into arrays, a chunk of arrays at a time: each
// chunk is cut, encoded (in parallel within it) and handed to a sink before the next, so the
// memory in use is the codes plus one chunk, and the bits are those of one encodeMany over
// everything (each array keeps its index, which seeds its choices).
#include "encode/ArrayResult.h"
#include "encode/Encoder.h"
#include "encode/FaultMap.h"
#include "job/JobControl.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace twill {

struct EncodeChunk {
    int64_t firstArray = 0;
    std::vector<int64_t> targets;   // the chunk's arrays x words
    std::vector<double> importance; // idem for a tensor (1, and 0 for the padding); else empty
    std::vector<ArrayResult> results;
    int64_t validWords = -1;        // words of the chunk that are real codes (-1: all)
    // With faults: the chunk's arrays x cells of the map (-1 healthy, 0/1 stuck), and each
    // array's encoding as if every cell were healthy (results are what the cells store).
    std::vector<int8_t> stuck;
    std::vector<ArrayResult> faultFree;
};

// Stuck cells for a chunked encoding: aware, they are pins no solver moves; unaware, the
// arrays are encoded healthy and the stuck cells overwrite them.
struct ChunkFaults {
    const FaultMap *map = nullptr; // null or empty: no faults
    bool unaware = false;
    bool any() const { return map && !map->empty(); }
};

// codes: arrays x words, or (tensor) a flat tensor whose last array is padded with padCode.
// Returns the number of arrays encoded: fewer when cancelled, and then the sink has seen
// exactly those. Errors in the codes (out of range) are thrown before anything is encoded.
int64_t encodeInChunks(const Encoder &encoder, const std::vector<int64_t> &codes, bool tensor, int64_t padCode,
                       int64_t chunkArrays, JobControl *control, const std::function<void(const EncodeChunk &)> &sink,
                       const ChunkFaults &faults = {});

// The number of arrays the codes make.
int64_t arraysOf(const std::vector<int64_t> &codes, bool tensor, int wordsPerArray);

} // namespace twill
