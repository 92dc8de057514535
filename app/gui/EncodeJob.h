#pragma once
// Encoding the shown array as a job for the window's JobRunner: the array's own encoder with the
// Parameters' options; a cancelled search returns the best encoding it has found.
#include "encode/EditableArray.h"
#include "encode/EncodeOptions.h"
#include "job/JobControl.h"

#include <QString>

#include <string>

namespace twill {

struct EncodeJobResult {
    EditableArray array;
    int generation = 0;              // the window's request number: older results are stale
    double seconds = 0;
    bool certified = false;
    bool feasible = true;            // every |error| within the bound (true without one)
    bool infeasibleCertified = false; // proven: no encoding meets the bound
    bool stopped = false;            // cancelled: the best encoding found so far
    std::string error;
};

// Whether two layouts have the same significance tables (custom tables differ by content).
bool sameTables(const Layout &a, const Layout &b);

// The targets and pins of 'array' on 'layout' (of the same shape; without the pins when
// keepPins is false); the array itself, bits and all, when the layout's tables are the same.
EditableArray withLayout(const EditableArray &array, const Layout &layout, bool keepPins = true);

EncodeJobResult encodeJob(const EditableArray &input, const EncodeOptions &options, int generation, JobControl &control);

// The log line of a result ("encoded msb-lsb 16x16, 16-bit unsigned, max/auto: max |e| ...").
QString describe(const EncodeJobResult &r, const EncodeOptions &options);
// When the bound was missed: that it was, whether that is proven, and what to do; else empty.
QString boundProblem(const EncodeJobResult &r, const EncodeOptions &options);

} // namespace twill
