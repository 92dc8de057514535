#pragma once
// The bit-slice L1 term of retraining (after "bit-slice L1", Zhang et al. 2019): the number of
// ones in the words the weights are stored as, which sets the bitline sums and so the ADC
// resolution of an array that computes in memory. With one-bit cells a bit slice is a bit, and
// the slice's L1 norm is its ones count. The count is a step function of the weight, so its
// gradient is a straight-through estimate: the least-squares slope of the ones count over the
// codes within radius() of the weight's code (per code, over the tensor's scale). In
// overlapped storage the words' bits are the encoder's choice; the term acts on the codes the
// encoder is asked to store.
#include "quant/Quantizer.h"

#include <cstdint>
#include <vector>

namespace twill {

class OnesPenalty {
public:
    // The codes and word format of 'q' (its scale and zero points are used, not its codes).
    explicit OnesPenalty(const QuantizedTensor &q);

    int ones(int64_t code) const { return ones_[size_t(code - min_)]; }
    // Ones per code, fitted over the codes within radius() of 'code' (clipped to the range).
    double slope(int64_t code) const { return slope_[size_t(code - min_)]; }
    int radius() const { return radius_; } // 2^(W/2 - 1): 8 codes at 8 bits
    // Ones in the words of the codes 'values' quantise to (value i is the tensor's weight i).
    int64_t countOnes(const float *values, int64_t n) const;
    // grad[i] += weight * d ones(code(values[i])) / d values[i], straight-through.
    void addGradient(const float *values, float *grad, int64_t n, double weight) const;

private:
    QuantizedTensor q_; // scale and zero points; codes dropped
    int radius_ = 1;
    int64_t min_ = 0;
    std::vector<uint8_t> ones_;
    std::vector<double> slope_;
};

} // namespace twill
