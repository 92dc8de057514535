#pragma once
// Fault maps as NumPy files: int8 [arrays, layers, rows, cols], -1 healthy, 0 stuck at 0,
// 1 stuck at 1 (the shape of an encoding's .npz "bits" and "stuck" members).
#include "encode/FaultMap.h"
#include "layout/Geometry.h"
#include "spec/FaultSpec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace twill {

// Throws Error naming the file: not an .npy, another dtype, a shape that is not this
// geometry's, a value other than -1, 0, 1.
FaultMap readFaultMap(const std::string &path, const Geometry &g);

// The map a spec asks for over arrays of this geometry (empty when it asks for none).
FaultMap faultMapFor(const FaultSpec &spec, const Geometry &g);
// One array of that map, per cell -1 healthy, 0 or 1 stuck (the window's array is array 0,
// as the first array of twill-cli encode --faults).
std::vector<int8_t> stuckCellsFor(const FaultSpec &spec, const Geometry &g, int64_t array = 0);

} // namespace twill
