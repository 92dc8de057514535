#pragma once
// Fault maps as NumPy files: int8 [arrays, layers, rows, cols], -1 healthy, 0 stuck at 0,
// 1 stuck at 1 (the shape of an encoding's .npz "bits" and "stuck" members).
#include "encode/FaultMap.h"
#include "layout/Geometry.h"
#include "spec/FaultSpec.h"

#include <string>

namespace twill {

// Throws Error naming the file: not an .npy, another dtype, a shape that is not this
// geometry's, a value other than -1, 0, 1.
FaultMap readFaultMap(const std::string &path, const Geometry &g);

// The map a spec asks for over arrays of this geometry (empty when it asks for none).
FaultMap faultMapFor(const FaultSpec &spec, const Geometry &g);

} // namespace twill
