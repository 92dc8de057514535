#pragma once
#include "layout/Pattern.h"
#include "quant/NumberFormat.h"

#include <QJsonObject>

#include <cstdint>
#include <string>

namespace twill {

enum class Objective {
    L2,      // (importance-weighted) sum of squared errors
    Max,     // maximum absolute error (importance-weighted)
    Relative // sum of squared errors relative to the target, (e / max(|v|, 1))^2
};

enum class SolverKind { Greedy, Local, Exact, Auto };

std::string objectiveName(Objective o);
Objective parseObjective(const std::string &name);
std::string solverName(SolverKind s);
SolverKind parseSolver(const std::string &name);

// JSON keys: number_format, objective, solver, bound_lsb (absent: none), time_limit_s, node_limit,
// restarts, shift, max_shift, rotate, offset, offset_bits, seed, threads.
struct EncodeOptions {
    NumberFormat format = NumberFormat::Unsigned;
    Objective objective = Objective::Max;
    SolverKind solver = SolverKind::Auto;
    double bound = -1;          // hard bound on |error| in LSB; < 0: none
    double timeLimit = 0;       // seconds per array for the exact search; 0: no time limit
    int64_t nodeLimit = 0;      // nodes per array for the exact search; 0: the solver's default
    int restarts = -1;          // local search perturbations; -1: the solver's default (effectiveRestarts)
    bool shift = false;         // per-word right shift, decoded as stored << s
    int maxShift = 3;           // shifts 0..maxShift (metadata: bits for that range, per word)
    bool rotate = false;        // per-array pattern rotation (metadata: log2 W bits)
    bool offset = false;        // per-array offset added to every decoded word
    int offsetBits = 4;         // metadata bits of the offset
    uint64_t seed = 1;
    int threads = 1;            // worker threads for many arrays; results do not depend on it

    // Throws SpecError naming the key of the first option out of range.
    void validate() const;
    // validate(), and options that the pattern cannot take (a rotation of transpose).
    void validateFor(Pattern pattern) const;
    QJsonObject toJson() const;
    // Reads the keys above (and the spellings of files before version 2: format, bound,
    // time_limit) from an object that may hold other keys too; validates.
    static EncodeOptions fromJson(const QJsonObject &o, const EncodeOptions &defaults);
    static EncodeOptions fromJson(const QJsonObject &o);
    bool operator==(const EncodeOptions &o) const;

    int64_t effectiveNodeLimit() const;
    // restarts, or the default: 8 for max; for l2/rel 24 on layouts where words cross once
    // (FastLocalSearch: each restart is cheap and kicks pairs of words), else 100.
    int effectiveRestarts(bool singleCrossings = false) const;
    int shiftBits() const;      // metadata bits per word for the shift, 0 when off
};

} // namespace twill
