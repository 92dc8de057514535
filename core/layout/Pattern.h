#pragma once
// The overlap patterns by name. Every name a user types or a file holds is spelled here once.
#include <string>
#include <vector>

namespace twill {

enum class Pattern {
    MsbLsb,    // row MSBs meet column LSBs (with a pillar direction: the balanced Latin cube)
    Transpose, // naive: high bits meet high bits
    Latin,     // the balanced Latin cube (3D); msb-lsb picks it by itself when pillars are used
    Custom     // significance maps given by the user (a twill-layout file or the Pattern editor)
};

std::string patternName(Pattern p); // "msb-lsb", "transpose", "latin", "custom"
Pattern parsePattern(const std::string &name); // throws Error listing the names
bool patternRotates(Pattern p);                // msb-lsb and latin take a rotation k
// The patterns a user picks by name (custom aside): msb-lsb, transpose, latin.
const std::vector<Pattern> &namedPatterns();
// The word that asks for the seeded Latin-cube search (encode/CubePatternSearch.h) instead of
// a pattern: not a pattern of its own, what the search finds is a custom layout.
inline constexpr const char *kLatinSearch = "latin-search";

} // namespace twill
