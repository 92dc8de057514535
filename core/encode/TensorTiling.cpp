#include "encode/TensorTiling.h"

#include "util/Error.h"

namespace twill {

TiledTensor tileTensor(const std::vector<int64_t> &codes, int words, int64_t padCode,
                       const std::vector<double> &importance)
{
    if (words <= 0) throw Error("an array must hold at least one word");
    if (!importance.empty() && importance.size() != codes.size())
        throw Error("importance: " + std::to_string(importance.size()) + " weights for " + std::to_string(codes.size())
                    + " codes");
    TiledTensor t;
    t.values = int64_t(codes.size());
    t.arrays = (t.values + words - 1) / words;
    const size_t total = size_t(t.arrays) * size_t(words);
    t.targets.assign(total, padCode);
    t.importance.assign(total, 0.0);
    for (size_t i = 0; i < codes.size(); ++i) {
        t.targets[i] = codes[i];
        t.importance[i] = importance.empty() ? 1.0 : importance[i];
    }
    return t;
}

} // namespace twill
