#pragma once
// The encoded network as .npz, so that NumPy alone rebuilds every deployed weight:
//   <tensor>.bits        uint8 [arrays, layers, rows, cols]
//   <tensor>.scale       float64 [groups]   <tensor>.zero_point int64 [groups]  (groups: 1 or out channels)
//   <tensor>.targets     int64 [arrays, words]   <tensor>.codes int64 [arrays, words] (decoded codes)
//   <tensor>.decoded     float32, the tensor's shape    <tensor>.shape int64
//   <tensor>.shift int8 [arrays, words], .offset int64 [arrays], .rotation int32 [arrays]
//   word_of_<dir>, sig_of_<dir> int32 [layers, rows, cols]; format; bits_per_word
// weight i of a tensor lives in array i // words, word i % words; its group is i // (size / groups);
// value = (code - zero_point[group]) * scale[group].
#include "io/MemoryImage.h"
#include "nn/NetworkEncoder.h"

#include <string>
#include <vector>

namespace twill {

void writeNetworkNpz(const NetworkEncoder &encoder, const std::vector<EncodedTensor> &tensors, const std::string &path);

// Every tensor into one memory image ($readmemh rows with an address map, manifest, C header,
// NeuroSim CSVs: see io/MemoryImage.h), in the given order. The image refers to the tensors'
// arrays: they must outlive it. Make the image with encoder.encoder().
void addNetworkTensors(MemoryImage &image, const std::vector<EncodedTensor> &tensors);

} // namespace twill
