#pragma once
// Encoded arrays as files that hardware tools load as they are, for one tensor (twill-cli
// encode) or many (a network, one image with an address map):
//
// - $readmemh text (memh): one line per physical row of every array, in tensor, array, layer,
//   row order. A row's cells are hex digits, column 0 the most significant bit, zero-padded on
//   the left to ceil(cols / 4) digits, so `reg [COLS-1:0] mem [0:ROWS-1]` holds column c of a row
//   in bit COLS-1-c. `@` (hex) starts every tensor at its first row address; `//` comments name
//   the tensor, array and layer of the rows below them.
// - manifest (JSON, beside the image): geometry, pattern, number format, the word and
//   significance maps (per cell (layer * rows + row) * cols + col, per rotation in use), the
//   address map of the tensors, their per-array rotation / offset / shifts when the encoder
//   chose them, and the scales and zero points that turn codes into weights.
// - C header: the same rows as bytes (the hex digits of a row, two a byte, most significant
//   byte first), the maps, the address map and the scales, plus helpers that read a cell and
//   decode a word.
// - NeuroSim: one CSV of decoded weights per layer, laid out as NeuroSim's weight files:
//   the tensor reshaped to [out channels, rest] and transposed, so out channels are columns;
//   scaled weights as float32 (what a network deploys, 9 significant digits: exact), codes as
//   integers.
//
// Every value written comes from the encoded bits: the CSVs decode the exported cells.
#include "encode/ArrayResult.h"

#include <QJsonObject>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace twill {

class Encoder;

// One tensor's encoded arrays. Weight i lives in array i / words, word i % words; its scale
// group is i / (values / groups), and it equals (code - zeroPoint[group]) * scale[group].
struct MemoryTensor {
    std::string name;                              // "codes" for encode; a tensor name for networks
    std::vector<int64_t> shape;                    // the values' shape; the first dimension is out channels
    const std::vector<ArrayResult> *arrays = nullptr; // not owned; outlives the image
    int64_t values = 0;                            // real words; the rest of the last array is padding
    std::vector<double> scale;                     // per group; empty: the codes are the values
    std::vector<int64_t> zeroPoint;                // per group (empty: 0)
};

class MemoryImage {
public:
    // The encoder gives the layout (and its rotations), the number format and the options.
    explicit MemoryImage(const Encoder &encoder); // not owned
    // Throws Error when the tensor's arrays or values do not fit the layout.
    void addTensor(MemoryTensor tensor);

    const std::vector<MemoryTensor> &tensors() const { return tensors_; }
    int64_t rowCount() const;                      // physical rows of every array of every tensor
    int64_t firstRow(size_t tensor) const;         // the tensor's first row address
    int hexDigits() const;                         // per row: ceil(cols / 4)

    std::string memh(const std::string &manifestName = {}) const;
    QJsonObject manifest(const std::string &memName = {}) const;
    // 'prefix' starts every identifier (e.g. "lenet_"); TWILL_.. macros use it upper-cased.
    std::string cHeader(const std::string &prefix) const;
    // weight<k>.csv per tensor (k = 0, 1, ... in order) and layers.csv naming them.
    std::vector<std::pair<std::string, std::string>> neurosimFiles() const;
    // The files of neurosimFiles() in 'dir' (made when missing), each written atomically.
    void writeNeurosim(const std::string &dir) const;

    // A C identifier prefix from a file name: "out/lenet-mem.h" -> "lenet_mem_".
    static std::string identifierPrefix(const std::string &path);

private:
    std::vector<double> weights(const MemoryTensor &t) const; // the deployed values, decoded from the bits
    std::vector<int> rotationsInUse() const;
    bool rotated() const;

    const Encoder *encoder_;
    std::vector<MemoryTensor> tensors_;
};

} // namespace twill
