#pragma once
// Mapping a network's weights onto overlapped arrays. Each encodable tensor (conv and linear
// weights) is quantised to W-bit codes with a fixed scale, flattened in C order and cut into
// arrays: consecutive weights fill the words of one array in word order (row words, then
// column words, then pillar words), the last array padded with don't-care words. Biases stay
// wide (float). The same layout, format, objective and solver options as the encoder apply.
#include "encode/ArrayResult.h"
#include "encode/EncodeSummary.h"
#include "encode/Encoder.h"
#include "encode/FaultMap.h"
#include "encode/TensorTiling.h"
#include "quant/Quantizer.h"

#include <string>
#include <vector>

namespace twill {

struct EncodedTensor {
    std::string name;
    std::vector<int64_t> shape;
    QuantizedTensor quant;            // fixed scale; quant.codes are the current targets
    TiledTensor tiles;
    std::vector<ArrayResult> results; // per array, after the last encode
    std::vector<int8_t> pins;         // per array cell: -1 free, 0/1 frozen
    std::vector<int8_t> stuck;        // per array cell: -1 healthy, 0/1 stuck (empty: no faults)
    std::vector<int64_t> decodedCodes;
    std::vector<float> decoded;       // deployed float weights
    int64_t size() const { return int64_t(quant.codes.size()); }
};

class NetworkEncoder {
public:
    NetworkEncoder(const Layout &layout, const EncodeOptions &options, QuantGranularity granularity);

    const Encoder &encoder() const { return encoder_; }
    // Stuck cells for every tensor quantised from now on: fault-aware, they are pins from the
    // first encoding on; unaware, every encoding is made as if the cells were healthy and the
    // stuck cells then overwrite it.
    void setFaults(FaultMap map, bool unaware);
    bool hasFaults() const { return !faults_.empty(); }
    // firstArray: the index of the tensor's first array among all the network's arrays (its
    // cells' place in the fault map).
    EncodedTensor quantizeTensor(const std::string &name, const std::vector<int64_t> &shape,
                                 const std::vector<float> &values, int64_t firstArray = 0) const;
    // New targets from new float values under the tensor's fixed scale; weights marked in
    // 'keep' (frozen) keep the target they were encoded against.
    void requantize(EncodedTensor &t, const std::vector<float> &values, const std::vector<uint8_t> &keep = {}) const;
    // Encodes the arrays listed (all when 'arrays' is empty). Weights with care == 0 (to be
    // retrained and encoded later) count with weight 'laterWeight'; importance scales all.
    // False when the control was cancelled first: then 't' is as it was.
    bool encode(EncodedTensor &t, const std::vector<uint8_t> &care, const std::vector<double> &importance,
                const std::vector<int64_t> &arrays, JobControl *control, double laterWeight = 0.25) const;
    // Pins every cell of the words of the given weights to its current bit.
    void pinWords(EncodedTensor &t, const std::vector<uint8_t> &weights) const;
    // Error figures of the given weights (all when empty) against their targets.
    EncodeSummary summary(const EncodedTensor &t, const std::vector<uint8_t> &which = {}) const;

private:
    Encoder encoder_;
    QuantGranularity granularity_;
    FaultMap faults_;
    bool unaware_ = false;
};

} // namespace twill
