#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

// Target codes for many arrays: a .npy integer array of shape [arrays, words], or a CSV
// file with one array per line (integers separated by commas; '#' starts a comment).
// Returns arrays x words values; throws Error naming the file, line and problem.
// A .npy of any other shape is a whole tensor: its codes come back flat, with
// 'tensor' set and arrays = 0, for tileTensor to cut into arrays.
std::vector<int64_t> readCodes(const std::string &path, int wordsPerArray, int64_t &arrays, bool &tensor);

} // namespace twill
