#pragma once
// Placement: which weights share an array. Permuting a layer's output neurons, and the next
// layer's inputs alike, leaves the network's function unchanged but changes which weights
// meet in each array, and so the encoding error. For the built-in models (whose chain of
// layers is known) a seeded search tries permutations per link and keeps the one whose
// encoding (greedy + descent) of both tensors has the least squared error.
#include "nn/Network.h"
#include "nn/NetworkEncoder.h"

#include <string>
#include <vector>

namespace twill {

struct PlacementLink {
    std::string weight, bias;   // producer: rows are output neurons / channels
    std::string next;           // consumer: its inputs follow the producer's outputs
    int64_t block = 1;          // consumer inputs per producer output (conv -> flatten)
};

struct PlacementReport {
    std::string link;            // producer weight name
    double errorBefore = 0;      // sum of squared code errors of producer and consumer, identity order
    double errorAfter = 0;       // with the chosen permutation
    int trials = 0;
};

// The links of a built-in model; empty for TorchScript models (their topology is unknown).
std::vector<PlacementLink> placementLinks(const Network &network);

// Applies a permutation (new output i = old output perm[i]) to a link in place.
void permuteLink(Network &network, const PlacementLink &link, const std::vector<int64_t> &perm);

std::vector<PlacementReport> optimizePlacement(Network &network, const NetworkEncoder &encoder, int trials,
                                               uint64_t seed);

} // namespace twill
