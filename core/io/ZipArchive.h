#pragma once
// The zip container of .npz archives (and of LibTorch's checkpoints): members stored or
// deflate-compressed, ZIP64 where sizes or offsets pass 4 GiB, each member's CRC-32 checked.
#include <string>
#include <vector>

namespace twill {

struct ZipMember {
    std::string name;
    std::string data; // uncompressed
};

// Reads every member through the central directory. Throws Error naming 'what' and the
// member for anything it cannot read: encryption, methods other than stored and deflate,
// sizes past the end, a CRC-32 that does not match (the file is damaged).
std::vector<ZipMember> readZip(const std::string &bytes, const std::string &what);

// A zip of stored members, as numpy.savez writes them. ZIP64 records are written where a
// member, an offset or the archive passes 4 GiB (or for every member with forceZip64).
std::string zipBytes(const std::vector<ZipMember> &members, bool forceZip64 = false);

// The CRC-32 of zip and PNG (zlib's), over any length.
unsigned long crc32Of(const char *data, size_t size);

} // namespace twill
