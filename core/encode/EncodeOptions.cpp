#include "encode/EncodeOptions.h"

#include "util/Error.h"

#include <cstdlib>

namespace twill {

std::string objectiveName(Objective o)
{
    switch (o) {
    case Objective::L2: return "l2";
    case Objective::Max: return "max";
    case Objective::Relative: return "rel";
    }
    return "max";
}

Objective parseObjective(const std::string &name)
{
    if (name == "l2" || name == "sse") return Objective::L2;
    if (name == "max" || name == "minimax") return Objective::Max;
    if (name == "rel" || name == "relative") return Objective::Relative;
    throw Error("unknown objective '" + name + "'; use l2, max or rel");
}

std::string solverName(SolverKind s)
{
    switch (s) {
    case SolverKind::Greedy: return "greedy";
    case SolverKind::Local: return "local";
    case SolverKind::Exact: return "exact";
    case SolverKind::Auto: return "auto";
    }
    return "auto";
}

SolverKind parseSolver(const std::string &name)
{
    if (name == "greedy") return SolverKind::Greedy;
    if (name == "local") return SolverKind::Local;
    if (name == "exact") return SolverKind::Exact;
    if (name == "auto") return SolverKind::Auto;
    throw Error("unknown solver '" + name + "'; use greedy, local, exact or auto");
}

int64_t EncodeOptions::effectiveNodeLimit() const
{
    if (nodeLimit > 0) return nodeLimit;
    return solver == SolverKind::Exact ? 50'000'000 : 200'000;
}

int EncodeOptions::effectiveRestarts(bool singleCrossings) const
{
    if (restarts >= 0) return restarts;
    if (objective == Objective::Max) return 8;
    return singleCrossings ? 24 : 100;
}

int EncodeOptions::shiftBits() const
{
    if (!shift || maxShift <= 0) return 0;
    int b = 0;
    while ((1 << b) < maxShift + 1) ++b;
    return b;
}

} // namespace twill
