#include "encode/EncodeOptions.h"

#include "spec/SpecReader.h"
#include "util/Error.h"

#include <cmath>
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

void EncodeOptions::validate() const
{
    if (!std::isfinite(bound)) throw SpecError("bound_lsb", "must be a finite number of LSB (or absent: no bound)");
    if (!(timeLimit >= 0 && timeLimit <= 1e6))
        throw SpecError("time_limit_s", "must be 0 (no limit) to 1000000 seconds");
    if (nodeLimit < 0 || nodeLimit > int64_t(1e12))
        throw SpecError("node_limit", "must be 0 (the solver's default) to 10^12 nodes");
    if (restarts < -1 || restarts > 1000000) throw SpecError("restarts", "must be -1 (the default) to 1000000");
    if (maxShift < 0 || maxShift > 8) throw SpecError("max_shift", "must be 0 to 8");
    if (offsetBits < 1 || offsetBits > 8) throw SpecError("offset_bits", "must be 1 to 8");
    if (threads < 1 || threads > 1024) throw SpecError("threads", "must be 1 to 1024");
    if (format == NumberFormat::DifferentialPair) {
        // The pair's two arrays are plain unsigned arrays of one layout; the per-word and
        // per-array degrees of freedom would need their metadata twice and a search over pairs.
        const char *drop = " with number format diffpair (two unsigned arrays a weight); drop it or use "
                           "unsigned, twos or signmag";
        if (shift) throw SpecError("shift", std::string("per-word shifts are not available") + drop);
        if (rotate) throw SpecError("rotate", std::string("per-array rotations are not available") + drop);
        if (offset) throw SpecError("offset", std::string("per-array offsets are not available") + drop);
        if (bound >= 0)
            throw SpecError("bound_lsb", std::string("a hard error bound is not available") + drop
                                             + " (objective max minimises the largest error instead)");
    }
}

void EncodeOptions::validateFor(Pattern pattern) const
{
    validate();
    if (rotate && !patternRotates(pattern))
        throw SpecError("rotate", "needs a pattern that rotates (msb-lsb or latin), not " + patternName(pattern));
}

QJsonObject EncodeOptions::toJson() const
{
    QJsonObject o;
    o["number_format"] = QString::fromStdString(formatName(format));
    o["objective"] = QString::fromStdString(objectiveName(objective));
    o["solver"] = QString::fromStdString(solverName(solver));
    if (bound >= 0) o["bound_lsb"] = bound;
    o["time_limit_s"] = timeLimit;
    o["node_limit"] = double(nodeLimit);
    o["restarts"] = restarts;
    o["shift"] = shift;
    o["max_shift"] = maxShift;
    o["rotate"] = rotate;
    o["offset"] = offset;
    o["offset_bits"] = offsetBits;
    o["seed"] = seedJson(seed);
    o["threads"] = threads;
    return o;
}

EncodeOptions EncodeOptions::fromJson(const QJsonObject &o, const EncodeOptions &defaults)
{
    const SpecReader r(o);
    EncodeOptions e = defaults;
    e.format = r.choice("number_format", formatName(defaults.format), parseFormat, {"format"});
    e.objective = r.choice("objective", objectiveName(defaults.objective), parseObjective);
    e.solver = r.choice("solver", solverName(defaults.solver), parseSolver);
    e.bound = r.number("bound_lsb", -1, {"bound"});
    if (e.bound < 0) e.bound = -1;
    e.timeLimit = r.number("time_limit_s", defaults.timeLimit, {"time_limit"});
    e.nodeLimit = r.integer64("node_limit", defaults.nodeLimit);
    e.restarts = r.integer("restarts", defaults.restarts);
    e.shift = r.flag("shift", defaults.shift);
    e.maxShift = r.integer("max_shift", defaults.maxShift);
    e.rotate = r.flag("rotate", defaults.rotate);
    e.offset = r.flag("offset", defaults.offset);
    e.offsetBits = r.integer("offset_bits", defaults.offsetBits);
    e.seed = r.seed("seed", defaults.seed);
    e.threads = r.integer("threads", defaults.threads);
    e.validate();
    return e;
}

EncodeOptions EncodeOptions::fromJson(const QJsonObject &o)
{
    return fromJson(o, EncodeOptions());
}

bool EncodeOptions::operator==(const EncodeOptions &o) const
{
    return format == o.format && objective == o.objective && solver == o.solver && bound == o.bound
           && timeLimit == o.timeLimit && nodeLimit == o.nodeLimit && restarts == o.restarts && shift == o.shift
           && maxShift == o.maxShift && rotate == o.rotate && offset == o.offset && offsetBits == o.offsetBits
           && seed == o.seed && threads == o.threads;
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
