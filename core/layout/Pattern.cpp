#include "layout/Pattern.h"

#include "util/Error.h"

namespace twill {

std::string patternName(Pattern p)
{
    switch (p) {
    case Pattern::MsbLsb: return "msb-lsb";
    case Pattern::Transpose: return "transpose";
    case Pattern::Latin: return "latin";
    case Pattern::Custom: return "custom";
    }
    return "custom";
}

Pattern parsePattern(const std::string &name)
{
    for (Pattern p : {Pattern::MsbLsb, Pattern::Transpose, Pattern::Latin, Pattern::Custom})
        if (name == patternName(p)) return p;
    throw Error("unknown pattern '" + name + "'; use msb-lsb, transpose, latin or custom");
}

bool patternRotates(Pattern p)
{
    return p == Pattern::MsbLsb || p == Pattern::Latin;
}

const std::vector<Pattern> &namedPatterns()
{
    static const std::vector<Pattern> all{Pattern::MsbLsb, Pattern::Transpose, Pattern::Latin};
    return all;
}

} // namespace twill
