#pragma once
// Stuck-at faults of the cells: none, a random map (a rate of stuck cells, the share of them
// stuck at 1, a seed) or a map read from a file (int8 .npy [arrays, layers, rows, cols]: -1
// healthy, 0 or 1 stuck). Fault-aware encoding keeps the stuck cells as pins no solver can
// move; fault-unaware encodes as if every cell were healthy and then lets the stuck cells
// overwrite, for comparison.
//
// JSON keys: rate, sa1_share, seed, file (absent: a random map, or none at rate 0), unaware;
// "map" takes the command line's form (RATE[:SA1_SHARE] or a path ending in .npy).
#include <QJsonObject>

#include <cstdint>
#include <string>

namespace twill {

struct FaultSpec {
    double rate = 0;       // share of the cells stuck, 0..1
    double sa1Share = 0.5; // of the stuck cells, the share stuck at 1
    uint64_t seed = 1;
    std::string file;      // a fault map file instead of a random map
    bool unaware = false;

    bool any() const { return rate > 0 || !file.empty(); }
    // "RATE[:SA1_SHARE]" (rate as a share, 0.02, or in %, 2%) or a path ending in .npy;
    // throws SpecError("map", ...) for anything else.
    static FaultSpec parseMap(const std::string &text);
    // The other way: the file, or RATE[:SA1_SHARE] in the shortest form that parseMap reads
    // back as the same shares ("0.1:0.3"; the share at 1 left out when it is one half).
    std::string mapText() const;
    std::string describe() const; // "2% stuck (half at 1), seed 3", "map faults.npy"; "none"

    // Throws SpecError naming the key.
    void validate() const;
    QJsonObject toJson() const;
    static FaultSpec fromJson(const QJsonObject &o);
    bool operator==(const FaultSpec &o) const;
};

} // namespace twill
