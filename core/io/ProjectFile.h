#pragma once
// A Twill project: every parameter and seed that defines the shown array, its pins and its
// bits (hand edits included), with the versions that wrote it. JSON, written atomically.
#include "encode/EncodeOptions.h"

#include <cstdint>
#include <string>
#include <vector>

namespace twill {

// The Network run dock's choices (the encoding comes from the array's parameters).
struct NetworkSetup {
    std::string model = "lenet5";      // lenet5 | mlp | a TorchScript file
    std::string checkpoint;            // "" = train the baseline here; else twill-cli train's checkpoint
    int epochs = 3;
    int trainSubset = 0, testSubset = 0; // 0: all
    std::string mode = "inq";          // post | inq | ste
    std::string partition = "magnitude";
    int epochsPerStep = 1;
    double lr = 0.01;
    std::string storage = "parameters"; // parameters | none (no overlap)
    std::vector<double> schedule{0.5, 0.75, 0.875, 1.0}; // inq: accumulated fractions
    std::string unit = "array";        // inq portions: array | weight
    int steEvery = 50;                 // ste: batches between re-encodings
    bool importance = false;           // squared gradients as the encoder's word weights
    int placement = 0;                 // neuron-permutation trials before encoding (0: off)
    double laterWeight = 0.25;         // inq, unit weight: encoder weight of words frozen later
    std::string quant = "per-tensor";  // per-tensor | per-channel
};

struct Project {
    static EncodeOptions defaultEncoder()
    {
        EncodeOptions o;
        o.nodeLimit = 5'000'000; // the window's default search budget
        return o;
    }

    std::string pattern = "msb-lsb"; // msb-lsb | transpose | custom
    std::string customLayout;         // pattern custom: the layout as twill-layout JSON
    int bits = 16;
    int size = 16;             // rows = columns
    int layers = 1;            // > 1: a 3D stack with pillar words
    uint64_t seed = 1;         // the example's targets come from this seed
    // Format, objective, solver, bound, shift, offset, search limits (seed and threads are not
    // stored: the seed is the one above, threads do not change the bits).
    EncodeOptions encoder = defaultEncoder();
    std::string dataset;       // dataset folder for network runs ("" = Debian's Fashion-MNIST, or "synthetic")
    NetworkSetup network;
    std::vector<int64_t> targets;
    std::vector<uint8_t> cellBits;
    std::vector<int8_t> pins;
    std::vector<int8_t> shifts;  // per word, as encoded (empty: all 0)
    int64_t offsetValue = 0;
    std::string twillVersion, libtorchVersion; // as written
};

std::string projectJson(const Project &p);
Project parseProject(const std::string &json, const std::string &what); // throws Error with the reason
Project loadProject(const std::string &path);
void saveProject(const Project &p, const std::string &path); // atomic: a failed write keeps the old file

} // namespace twill
