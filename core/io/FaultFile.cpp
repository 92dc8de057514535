#include "io/FaultFile.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <cstring>

namespace twill {

namespace {

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

} // namespace

FaultMap readFaultMap(const std::string &path, const Geometry &g)
{
    const NpyArray a = readNpy(path);
    const std::string want = "[arrays, " + std::to_string(g.layers) + ", " + std::to_string(g.rows) + ", "
                             + std::to_string(g.cols) + "]";
    if (a.dtype != "|i1")
        throw Error(path + ": a fault map is int8 (-1 healthy, 0 or 1 stuck), this file holds " + a.dtype
                    + "; save it with numpy as np.save(path, stuck.astype(np.int8))");
    if (a.shape.size() != 4 || a.shape[1] != g.layers || a.shape[2] != g.rows || a.shape[3] != g.cols || a.shape[0] < 1)
        throw Error(path + ": a fault map for " + std::to_string(g.rows) + "x" + std::to_string(g.cols) + "x"
                    + std::to_string(g.layers) + " arrays has the shape " + want + ", this one " + shapeText(a.shape));
    std::vector<int8_t> stuck(size_t(a.size()));
    std::memcpy(stuck.data(), a.data.data(), stuck.size());
    return FaultMap::given(g.rows * g.cols * g.layers, std::move(stuck), path);
}

FaultMap faultMapFor(const FaultSpec &spec, const Geometry &g)
{
    if (!spec.file.empty()) return readFaultMap(spec.file, g);
    return FaultMap::random(g.rows * g.cols * g.layers, spec.rate, spec.sa1Share, spec.seed);
}

std::vector<int8_t> stuckCellsFor(const FaultSpec &spec, const Geometry &g, int64_t array)
{
    const FaultMap map = faultMapFor(spec, g);
    if (map.empty()) return std::vector<int8_t>(size_t(g.cellCount()), -1);
    return map.cells(array, 1);
}

} // namespace twill
