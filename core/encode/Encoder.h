#pragma once
// Encodes arrays of target codes into overlapped cell bits with the chosen objective and
// solver, and whole tensors (many arrays) in parallel with bit-identical results for any
// thread count: each array's random choices come from the seed and the array's index.
#include "encode/ArrayProblem.h"
#include "encode/ArrayResult.h"
#include "encode/EncodeOptions.h"
#include "job/JobControl.h"
#include "layout/Layout.h"

#include <memory>
#include <vector>

namespace twill {

class Encoder {
public:
    Encoder(const Layout &layout, const EncodeOptions &options);
    ~Encoder();

    const Layout &layout() const { return layouts_.front(); }
    const Layout &layoutFor(int rotation) const;
    const EncodeOptions &options() const { return options_; }
    int wordCount() const { return layout().wordCount(); }
    // The cells one array of weights takes: twice the layout's for a differential pair (its
    // P and N arrays), whose results then hold P's cells and then N's.
    int cellCount() const { return arraysPerWeight(options_.format) * layout().cellCount(); }

    // targets: one per word; importance (optional): one per word, >= 0; pins (optional): one
    // per cell, -1 free, 0 or 1 fixed. Throws Error for codes out of the format's range.
    ArrayResult encodeArray(const int64_t *targets, const double *importance = nullptr,
                            const int8_t *pins = nullptr, int64_t arrayIndex = 0,
                            const JobControl *control = nullptr) const;

    // targets: arrays x words, row-major. importance and pins as above, per array, or empty.
    // Stops between arrays when cancelled (the result then holds the arrays done so far).
    // firstIndex: the index of the first array in a larger job (it seeds the arrays' choices,
    // so a job encoded in parts gives the same bits as in one piece).
    std::vector<ArrayResult> encodeMany(const std::vector<int64_t> &targets, const std::vector<double> &importance,
                                        const std::vector<int8_t> &pins, JobControl *control = nullptr,
                                        int64_t firstIndex = 0) const;

    // A fault-unaware encoding as the array stores it: the stuck cells (-1 healthy, 0/1
    // stuck, one per cell) overwrite its bits, and its decoded words, objective and bound
    // follow (rotation, offset and shifts as chosen; the healthy array's lower bound still holds).
    void applyStuck(const int64_t *targets, const double *importance, const int8_t *stuck, ArrayResult &r) const;

    int metadataBitsPerArray() const;
    // weights x W / (cells + metadata bits)
    double effectiveCapacity() const;
    // The decision threshold of the auto solver's first pass, in LSB (2D msb-lsb only; else -1).
    double autoThreshold() const;
    // After a pass that met the threshold, the auto solver lowers it one LSB at a time, at
    // most so many times and with so many nodes a step (measured on 16-bit 16x16 uniform
    // arrays: bench/encoder_bench --suite minimax).
    static constexpr int kMaxDecisionSteps = 8;
    static constexpr int64_t kDecisionStepNodes = 20000;
    // The local search's restarts when the options leave them to the solver (they depend on
    // whether the layout's words cross once: see EncodeOptions::effectiveRestarts).
    int effectiveRestarts() const;
    // Throws Error naming the array and word of the first code out of the format's range.
    void checkTargets(const int64_t *targets, int64_t arrayIndex) const;

private:
    ArrayProblem makeProblem(int rotation, const int64_t *targets, int64_t offset, const double *importance,
                             const int8_t *pins) const;

    EncodeOptions options_;
    std::vector<Layout> layouts_;                    // [0] as given; more when rotating
    std::vector<std::unique_ptr<WordModel>> models_;
    std::vector<int64_t> offsets_;
    std::unique_ptr<Encoder> half_; // a differential pair's: the unsigned encoder of P and N
};

} // namespace twill
