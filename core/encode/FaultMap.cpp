#include "encode/FaultMap.h"

#include "util/Error.h"
#include "util/SplitMix.h"

namespace twill {

namespace {

// A uniform double in [0, 1) from 53 random bits.
double uniform(uint64_t &state) { return double(splitmix64(state) >> 11) * (1.0 / 9007199254740992.0); }

} // namespace

FaultMap FaultMap::random(int cellsPerArray, double rate, double sa1Share, uint64_t seed)
{
    FaultMap m;
    m.cells_ = cellsPerArray;
    m.random_ = rate > 0;
    m.rate_ = rate;
    m.sa1_ = sa1Share;
    m.seed_ = seed;
    return m;
}

FaultMap FaultMap::given(int cellsPerArray, std::vector<int8_t> stuck, const std::string &what)
{
    if (cellsPerArray <= 0 || stuck.size() % size_t(cellsPerArray) != 0)
        throw Error(what + ": " + std::to_string(stuck.size()) + " cells are not a whole number of arrays of "
                    + std::to_string(cellsPerArray) + " cells");
    for (size_t i = 0; i < stuck.size(); ++i)
        if (stuck[i] < -1 || stuck[i] > 1)
            throw Error(what + ": array " + std::to_string(i / size_t(cellsPerArray)) + ", cell "
                        + std::to_string(i % size_t(cellsPerArray)) + " holds " + std::to_string(int(stuck[i]))
                        + "; a fault map holds -1 (healthy), 0 (stuck at 0) or 1 (stuck at 1)");
    FaultMap m;
    m.cells_ = cellsPerArray;
    m.given_ = std::move(stuck);
    m.what_ = what;
    return m;
}

int64_t FaultMap::arrays() const
{
    if (random_ || cells_ == 0) return -1;
    return int64_t(given_.size()) / cells_;
}

void FaultMap::checkFits(int cellsPerArray, int64_t arrays) const
{
    if (empty()) return;
    if (cells_ != cellsPerArray)
        throw Error("the fault map has " + std::to_string(cells_) + " cells an array, the arrays "
                    + std::to_string(cellsPerArray));
    if (arrays >= 0 && this->arrays() >= 0 && this->arrays() < arrays)
        throw Error(what_ + ": the fault map holds " + std::to_string(this->arrays()) + " arrays, the codes make "
                    + std::to_string(arrays) + "; give a map with one entry per array");
}

std::vector<int8_t> FaultMap::cells(int64_t first, int64_t n) const
{
    std::vector<int8_t> out(size_t(n) * size_t(cells_), -1);
    if (empty() || n <= 0) return out;
    if (!random_) {
        if (first + n > arrays())
            throw Error(what_ + ": the fault map holds " + std::to_string(arrays()) + " arrays, the job needs "
                        + std::to_string(first + n) + "; give a map with one entry per array");
        std::copy(given_.begin() + first * cells_, given_.begin() + (first + n) * cells_, out.begin());
        return out;
    }
    for (int64_t a = 0; a < n; ++a) {
        // The array's own stream: the seed and the array's index, mixed.
        uint64_t state = seed_ ^ (0xD1B54A32D192ED03ull * uint64_t(first + a + 1));
        splitmix64(state);
        for (int c = 0; c < cells_; ++c) {
            if (uniform(state) >= rate_) continue;
            out[size_t(a) * cells_ + c] = int8_t(uniform(state) < sa1_ ? 1 : 0);
        }
    }
    return out;
}

} // namespace twill
