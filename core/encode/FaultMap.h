#pragma once
// Which cells of many arrays are stuck, and at what: -1 healthy, 0 or 1 stuck. A random map
// draws every array's cells from its own stream (the seed and the array's index), so a job
// cut into chunks, or a network's arrays taken tensor by tensor, draw the same map as one
// piece; a given map (read from a file) covers the arrays it has.
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

class FaultMap {
public:
    FaultMap() = default; // no faults

    // Each cell stuck with probability 'rate', and then at 1 with probability 'sa1Share'.
    static FaultMap random(int cellsPerArray, double rate, double sa1Share, uint64_t seed);
    // stuck: arrays x cells (a multiple of cellsPerArray), values -1, 0 or 1; throws Error
    // naming the first other value. 'what' names the source in messages.
    static FaultMap given(int cellsPerArray, std::vector<int8_t> stuck, const std::string &what);

    bool empty() const { return !random_ && given_.empty(); }
    int cellsPerArray() const { return cells_; }
    // The arrays a given map covers; -1 for a random map (any number).
    int64_t arrays() const;
    // Throws Error unless the map is for arrays of this many cells and (a given map) holds at
    // least 'arrays' of them (-1: not known yet). An empty map fits anything.
    void checkFits(int cellsPerArray, int64_t arrays = -1) const;
    // Arrays [first, first + n) x cells. Throws Error when a given map has fewer arrays.
    std::vector<int8_t> cells(int64_t first, int64_t n) const;

private:
    int cells_ = 0;
    bool random_ = false;
    double rate_ = 0, sa1_ = 0.5;
    uint64_t seed_ = 0;
    std::vector<int8_t> given_;
    std::string what_;
};

} // namespace twill
