#include "encode/CubePatternSearchOptions.h"

#include "spec/SpecReader.h"
#include "util/Error.h"

namespace twill {

std::string cubePatternScoreName(CubePatternScore s)
{
    switch (s) {
    case CubePatternScore::MaxError: return "max";
    case CubePatternScore::LowerBound: return "bound";
    case CubePatternScore::MeanError: return "l2";
    }
    return "max";
}

CubePatternScore parseCubePatternScore(const std::string &name)
{
    if (name == "max") return CubePatternScore::MaxError;
    if (name == "bound") return CubePatternScore::LowerBound;
    if (name == "l2") return CubePatternScore::MeanError;
    throw Error("unknown pattern search score '" + name + "'; use max, bound or l2");
}

void CubePatternSearchOptions::validate() const
{
    if (trials < 0 || trials > 1000000)
        throw SpecError("trials", "must be 0 to 1000000 candidate patterns, not " + std::to_string(trials));
    if (arrays < 1 || arrays > 1000000)
        throw SpecError("arrays", "must be 1 to 1000000 random cubes a candidate, not " + std::to_string(arrays));
    if (threads < 1 || threads > 1024) throw SpecError("threads", "must be 1 to 1024");
}

QJsonObject CubePatternSearchOptions::toJson() const
{
    QJsonObject o;
    o["seed"] = seedJson(seed);
    o["trials"] = trials;
    o["arrays"] = arrays;
    o["score"] = QString::fromStdString(cubePatternScoreName(score));
    o["number_format"] = QString::fromStdString(formatName(format));
    return o;
}

CubePatternSearchOptions CubePatternSearchOptions::fromJson(const QJsonObject &o, const CubePatternSearchOptions &d)
{
    const SpecReader r(o);
    CubePatternSearchOptions s = d;
    s.seed = r.seed("seed", d.seed);
    s.trials = r.integer("trials", d.trials);
    s.arrays = r.integer("arrays", d.arrays);
    s.score = r.choice("score", cubePatternScoreName(d.score), parseCubePatternScore);
    s.format = r.choice("number_format", formatName(d.format), parseFormat);
    s.validate();
    return s;
}

CubePatternSearchOptions CubePatternSearchOptions::fromJson(const QJsonObject &o)
{
    return fromJson(o, CubePatternSearchOptions());
}

bool CubePatternSearchOptions::operator==(const CubePatternSearchOptions &o) const
{
    return seed == o.seed && trials == o.trials && arrays == o.arrays && score == o.score && format == o.format
           && threads == o.threads;
}

} // namespace twill
