#pragma once
// An encoding sweep: the error figures of many random arrays over a grid of bit widths x
// patterns (2D, or 3D cubes), the same code behind `twill-cli sweep` and the Sweep dock.
#include "encode/EncodeOptions.h"
#include "encode/EncodeSummary.h"
#include "job/JobControl.h"
#include "layout/Pattern.h"

#include <functional>
#include <string>
#include <vector>

namespace twill {

struct SweepSpec {
    std::vector<int> bits{4, 8, 12, 16};
    std::vector<Pattern> patterns{Pattern::MsbLsb, Pattern::Transpose};
    bool cube = false;      // 3D: layers = W and a pillar direction (msb-lsb becomes the Latin cube)
    int wordsPerSide = 2;   // rows = cols = wordsPerSide * W
    int arrays = 200;       // random arrays per point
    EncodeOptions options;  // format, objective, solver...; options.seed also seeds the targets
};

struct SweepPoint {
    Pattern pattern = Pattern::MsbLsb; // as named in the spec (msb-lsb stays so for the cube)
    int bits = 0, rows = 0, layers = 1;
    EncodeSummary summary;
};

// Throws Error saying what to change: widths outside 2..32 or listed twice, empty lists,
// unknown patterns, arrays < 1, words per side outside 1..16, cubes wider than 16 bits,
// points too big to hold in memory.
void validateSweep(const SweepSpec &spec);

// Runs the grid, bit width by bit width (every pattern at one W before the next W), calling
// onPoint after each finished point. control (optional) gets the fraction of the whole grid;
// when it is cancelled the sweep stops between arrays and returns the points finished so far.
std::vector<SweepPoint> runSweep(const SweepSpec &spec, JobControl *control,
                                 const std::function<void(const SweepPoint &)> &onPoint = {});

// One row per point: pattern,bits,rows,layers,arrays,mean_abs_lsb,rms_lsb,max_abs_lsb,
// mean_pct_fs,mean_array_max_pct_fs,max_pct_fs,certified_fraction,arrays_per_second.
// Numbers round-trip exactly (shortest form that reads back the same double).
std::string sweepCsv(const std::vector<SweepPoint> &points);

} // namespace twill
