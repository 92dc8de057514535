#pragma once
// Files that prove themselves (checkpoints): the payload, then a 56-byte trailer
//   "TWILLSUM" | payload length (uint64, little-endian) | SHA-256 of the payload | "TWILLEND".
// A reader that finds the trailer checks the length and the hash; a changed byte anywhere is
// refused with the file's name. Files from before the trailer (Twill 0.1.0 checkpoints, plain
// LibTorch zip archives) are still read: their zip members' CRC-32s are checked instead.
#include <string>

namespace twill {

std::string withChecksum(const std::string &payload);

// The payload of 'file' once it is proven intact; Error naming 'what' otherwise.
// 'sealed' tells whether the file carried the trailer (false: an older zip, CRC-checked).
std::string verifiedPayload(const std::string &file, const std::string &what, bool *sealed = nullptr);

} // namespace twill
