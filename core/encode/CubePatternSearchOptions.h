#pragma once
// What the seeded Latin-cube search (CubePatternSearch.h) is asked for: its seed, how many
// candidate swaps it measures, on how many random cubes, scored by what, in which number format.
//
// JSON keys: seed, trials, arrays, score (max, bound, l2), number_format.
#include "quant/NumberFormat.h"

#include <QJsonObject>

#include <cstdint>
#include <string>

namespace twill {

enum class CubePatternScore { MaxError, LowerBound, MeanError };
std::string cubePatternScoreName(CubePatternScore s); // "max", "bound", "l2"
CubePatternScore parseCubePatternScore(const std::string &name); // throws Error listing the names

struct CubePatternSearchOptions {
    uint64_t seed = 1;
    int trials = 100;   // candidate swaps
    int arrays = 8;     // random cubes each candidate is measured on
    CubePatternScore score = CubePatternScore::MaxError;
    NumberFormat format = NumberFormat::Unsigned;
    int threads = 1;    // encodes the arrays of a candidate in parallel; the result does not depend on it

    // Throws SpecError naming the key: trials 0 to 1000000, arrays 1 to 1000000, threads 1 to 1024.
    void validate() const;
    QJsonObject toJson() const; // threads aside: the result does not depend on them
    // Reads the keys above (missing: the defaults' values); validates.
    static CubePatternSearchOptions fromJson(const QJsonObject &o, const CubePatternSearchOptions &defaults);
    static CubePatternSearchOptions fromJson(const QJsonObject &o);
    bool operator==(const CubePatternSearchOptions &o) const;
};

} // namespace twill
