#pragma once
// A Twill project: the shown array (its spec, the encoder's options, the example's targets,
// pins, bits, shifts and offset, hand edits included), the network run's spec and the versions
// that wrote it. JSON, written atomically.
//
// Version 2: { "format": "twill-project", "version": 2, "twill_version", "libtorch_version",
//   "array": ArraySpec, "encoder": EncodeOptions (seed = the example's seed),
//   "example": { "targets", "pins": [[cell, 0|1], ...], "cell_bits": "0101...", "shifts", "offset_value" },
//   "faults": FaultSpec (the shown array's stuck cells; absent: none, as in older files),
//   "network": NetworkRunSpec }
// Version 1 (Twill 0.1.0) files open too.
#include "encode/EncodeOptions.h"
#include "spec/ArraySpec.h"
#include "spec/FaultSpec.h"
#include "spec/NetworkRunSpec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace twill {

struct Project {
    static constexpr int version = 2;
    static EncodeOptions defaultEncoder()
    {
        EncodeOptions o;
        o.nodeLimit = 5'000'000; // the window's default search budget
        return o;
    }

    ArraySpec array;                           // 16x16 msb-lsb of 16-bit words by default
    EncodeOptions encoder = defaultEncoder();  // encoder.seed seeds the example's targets
    FaultSpec faults;                          // the shown array's stuck cells (array 0 of the map)
    NetworkRunSpec network;                    // the Network run's setup and storage
    std::vector<int64_t> targets;              // per word (empty: drawn from the seed)
    std::vector<uint8_t> cellBits;             // per cell (empty: encode on opening)
    std::vector<int8_t> pins;                  // per cell: -1 free, 0 or 1
    std::vector<int8_t> shifts;                // per word, as encoded (empty: all 0)
    int64_t offsetValue = 0;
    std::string twillVersion, libtorchVersion; // as read from the file
    int fileVersion = version;                 // as read from the file
};

std::string projectJson(const Project &p);
// Throws Error naming 'what' and the first problem; every value is checked against the spec
// and the array (counts, bits, pins, targets within the number format).
Project parseProject(const std::string &json, const std::string &what);
Project loadProject(const std::string &path);
void saveProject(const Project &p, const std::string &path); // atomic: a failed write keeps the old file

} // namespace twill
