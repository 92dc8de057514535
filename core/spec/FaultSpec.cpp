#include "spec/FaultSpec.h"

#include "spec/SpecReader.h"
#include "util/Error.h"
#include "util/ShortestText.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace twill {

namespace {

bool endsWith(const std::string &s, const std::string &tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A share written as 0.02 or as 2%; false when the text is not a number.
bool readShare(std::string text, double &out)
{
    bool percent = false;
    if (!text.empty() && text.back() == '%') {
        percent = true;
        text.pop_back();
    }
    if (text.empty()) return false;
    const char *end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, out);
    if (r.ec != std::errc() || r.ptr != end || !std::isfinite(out)) return false;
    if (percent) out /= 100;
    return true;
}

std::string percent(double share)
{
    char b[32];
    std::snprintf(b, sizeof b, "%.6g%%", 100 * share);
    return b;
}

} // namespace

FaultSpec FaultSpec::parseMap(const std::string &text)
{
    FaultSpec f;
    if (endsWith(text, ".npy")) {
        f.file = text;
        return f;
    }
    const size_t colon = text.find(':');
    const std::string rate = text.substr(0, colon);
    if (!readShare(rate, f.rate))
        throw SpecError("map", "'" + text + "' is neither RATE[:SA1_SHARE] (e.g. 0.02 or 2%, 2%:0.3) nor a fault map "
                                             "file ending in .npy");
    if (colon != std::string::npos && !readShare(text.substr(colon + 1), f.sa1Share))
        throw SpecError("map", "'" + text.substr(colon + 1) + "' after the ':' is not a share of stuck-at-1 cells "
                                                              "(0 to 1, e.g. 0.5, or 50%)");
    f.validate();
    return f;
}

std::string FaultSpec::mapText() const
{
    if (!file.empty()) return file;
    return shortestText(rate) + (sa1Share == 0.5 ? std::string() : ":" + shortestText(sa1Share));
}

std::string FaultSpec::describe() const
{
    if (!file.empty()) return "map " + file + (unaware ? ", fault-unaware" : "");
    if (rate <= 0) return "none";
    return percent(rate) + " stuck (" + percent(sa1Share) + " of them at 1), seed " + std::to_string(seed)
           + (unaware ? ", fault-unaware" : "");
}

void FaultSpec::validate() const
{
    if (!(rate >= 0 && rate <= 1)) throw SpecError("rate", "the share of stuck cells must be 0 to 1 (or 0% to 100%)");
    if (!(sa1Share >= 0 && sa1Share <= 1))
        throw SpecError("sa1_share", "the share of stuck cells stuck at 1 must be 0 to 1");
    if (!file.empty() && rate > 0) throw SpecError("file", "give a fault rate or a fault map file, not both");
}

QJsonObject FaultSpec::toJson() const
{
    QJsonObject o;
    if (!file.empty()) {
        o["file"] = QString::fromStdString(file);
    } else {
        o["rate"] = rate;
        o["sa1_share"] = sa1Share;
        o["seed"] = seedJson(seed);
    }
    o["unaware"] = unaware;
    return o;
}

FaultSpec FaultSpec::fromJson(const QJsonObject &o)
{
    const SpecReader r(o);
    FaultSpec f;
    if (r.has("map")) f = parseMap(r.text("map", ""));
    f.rate = r.number("rate", f.rate);
    f.sa1Share = r.number("sa1_share", f.sa1Share);
    f.file = r.text("file", f.file);
    f.seed = r.seed("seed", f.seed);
    f.unaware = r.flag("unaware", f.unaware);
    f.validate();
    return f;
}

bool FaultSpec::operator==(const FaultSpec &o) const
{
    return rate == o.rate && sa1Share == o.sa1Share && seed == o.seed && file == o.file && unaware == o.unaware;
}

} // namespace twill
