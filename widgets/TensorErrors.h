#pragma once
// The encoding error of every weight of one deployed tensor, in LSB of its codes.
#include <QString>

#include <cstdint>
#include <vector>

namespace twill {

struct TensorErrors {
    QString name;
    std::vector<int64_t> errors;
    double fullScale = 0; // the code range, for % of full scale
};

} // namespace twill
