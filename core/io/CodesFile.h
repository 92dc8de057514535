#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

struct NpyArray;

// Target codes for many arrays: a .npy integer array of shape [arrays, words], an .npz
// archive (FILE.npz:NAME picks a member; without a name its 'targets', as twill-cli encode
// writes it, or its only array), or a CSV file with one array per line (integers separated by
// commas; '#' starts a comment). The kind is told by the file's first bytes, not its name.
// Returns arrays x words values; throws Error naming the file, line and problem.
// An array of any other shape is a whole tensor: its codes come back flat, with 'tensor' set
// and arrays = 0, for tileTensor to cut into arrays.
std::vector<int64_t> readCodes(const std::string &path, int wordsPerArray, int64_t &arrays, bool &tensor);

// The same from bytes already read ('what' names them in messages).
std::vector<int64_t> parseCodes(const std::string &bytes, const std::string &what, const std::string &npzMember,
                                int wordsPerArray, int64_t &arrays, bool &tensor);

} // namespace twill
