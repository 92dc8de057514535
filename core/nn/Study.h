#pragma once
// Runs the rows of an equal-storage study (study/StudySpec.h) through the one network pipeline
// (runNetwork): per seed, the float baseline is trained once and saved as a state_dict in the
// baselines folder, and every row of that seed starts from it. A baseline already in the folder
// (same model, data, training and seed: StudySpec::baselineId) is loaded instead of trained, so
// that a resumed study or the shards of one on a shared disk train each baseline once.
#include "job/JobControl.h"
#include "nn/NetworkPipeline.h"
#include "study/StudySpec.h"
#include "study/StudyTable.h"

#include <functional>
#include <string>
#include <vector>

namespace twill {

struct StudyEvents {
    std::function<void(const StudyResult &)> onRow;       // after each finished row
    std::function<void(const std::string &)> onBaseline; // a baseline trained or found, in words
};

struct StudyOutcome {
    std::vector<StudyResult> rows; // the rows finished now, in order
    bool cancelled = false;        // a cancelled row is not among them
};

// The figures of one finished row.
StudyResult studyResult(const StudySpec &spec, const StudyRowKey &row, const NetworkRun &run, double seconds);

// Runs 'rows' (indices into the study; validated first). 'baselineDir' empty: a temporary
// folder, removed afterwards. Errors in the spec, files and models throw as runNetwork's do.
StudyOutcome runStudy(const StudySpec &spec, const std::vector<int> &rows, const std::string &baselineDir,
                      JobControl *control = nullptr, const StudyEvents &events = {});

} // namespace twill
