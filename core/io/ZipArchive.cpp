#include "io/ZipArchive.h"

#include "util/Error.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace twill {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEnd = 0x06054b50;
constexpr uint32_t kEnd64 = 0x06064b50, kEnd64Locator = 0x07064b50;
constexpr uint16_t kZip64Extra = 0x0001;
constexpr uint32_t k32 = 0xFFFFFFFFu;
constexpr uint16_t k16 = 0xFFFFu;

void put16(std::string &s, uint16_t v)
{
    s.push_back(char(v & 0xff));
    s.push_back(char(v >> 8));
}

void put32(std::string &s, uint32_t v)
{
    for (int i = 0; i < 4; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
}

void put64(std::string &s, uint64_t v)
{
    for (int i = 0; i < 8; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
}

// Little-endian reads that refuse to run past the end of the bytes.
class Bytes {
public:
    Bytes(const std::string &s, const std::string &what) : s_(s), what_(what) {}
    uint64_t size() const { return s_.size(); }
    void need(uint64_t at, uint64_t n, const std::string &where) const
    {
        if (at > s_.size() || n > s_.size() - at)
            throw Error(what_ + ": the archive is truncated or damaged (" + where + " runs past the end of the file)");
    }
    uint64_t get(uint64_t at, int n, const std::string &where) const
    {
        need(at, uint64_t(n), where);
        uint64_t v = 0;
        for (int i = 0; i < n; ++i) v |= uint64_t(uint8_t(s_[size_t(at) + size_t(i)])) << (8 * i);
        return v;
    }
    uint16_t u16(uint64_t at, const std::string &where) const { return uint16_t(get(at, 2, where)); }
    uint32_t u32(uint64_t at, const std::string &where) const { return uint32_t(get(at, 4, where)); }
    uint64_t u64(uint64_t at, const std::string &where) const { return get(at, 8, where); }
    std::string text(uint64_t at, uint64_t n, const std::string &where) const
    {
        need(at, n, where);
        return s_.substr(size_t(at), size_t(n));
    }
    const char *data(uint64_t at) const { return s_.data() + at; }

private:
    const std::string &s_;
    const std::string &what_;
};

std::string inflateRaw(const char *data, uint64_t size, uint64_t expected, const std::string &what)
{
    // Deflate shrinks at most about 1032:1; a larger claim is a damaged (or hostile) header.
    if (expected / 1032 > size + 64)
        throw Error(what + ": claims " + std::to_string(expected) + " bytes from " + std::to_string(size)
                    + " compressed ones; the archive is damaged");
    std::string out(size_t(expected), '\0');
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw Error(what + ": cannot start zlib");
    uint64_t inLeft = size, outDone = 0;
    const Bytef *in = reinterpret_cast<const Bytef *>(data);
    int rc = Z_OK;
    while (rc == Z_OK) {
        const uInt inChunk = uInt(std::min<uint64_t>(inLeft, 1u << 30));
        const uInt outChunk = uInt(std::min<uint64_t>(expected - outDone, 1u << 30));
        z.next_in = const_cast<Bytef *>(in);
        z.avail_in = inChunk;
        z.next_out = reinterpret_cast<Bytef *>(&out[0]) + outDone;
        z.avail_out = outChunk;
        rc = inflate(&z, Z_NO_FLUSH);
        const uint64_t used = inChunk - z.avail_in, made = outChunk - z.avail_out;
        in += used;
        inLeft -= used;
        outDone += made;
        if (rc == Z_OK && used == 0 && made == 0) rc = outDone == expected ? Z_BUF_ERROR : Z_DATA_ERROR;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END || outDone != expected)
        throw Error(what + ": the compressed data is damaged (zlib: "
                    + std::string(rc == Z_STREAM_END ? "wrong size" : z.msg ? z.msg : "stream ends early") + ")");
    return out;
}

} // namespace

unsigned long crc32Of(const char *data, size_t size)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    while (size > 0) {
        const uInt n = uInt(std::min<size_t>(size, 1u << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef *>(data), n);
        data += n;
        size -= n;
    }
    return crc;
}

std::vector<ZipMember> readZip(const std::string &s, const std::string &what)
{
    const Bytes b(s, what);
    if (s.size() < 22) throw Error(what + ": not a zip archive (too short)");
    // The end record sits in the last 22 bytes plus a comment of up to 64 KiB.
    uint64_t end = s.size() - 22;
    const uint64_t lowest = s.size() > 22 + 0xFFFF ? s.size() - 22 - 0xFFFF : 0;
    while (b.u32(end, "end record") != kEnd) {
        if (end == lowest) throw Error(what + ": not a zip archive (no end-of-archive record)");
        --end;
    }
    uint64_t entries = b.u16(end + 10, "end record");
    uint64_t centralSize = b.u32(end + 12, "end record"), centralAt = b.u32(end + 16, "end record");
    if (entries == k16 || centralSize == k32 || centralAt == k32) {
        if (end < 20 || b.u32(end - 20, "ZIP64 locator") != kEnd64Locator)
            throw Error(what + ": the ZIP64 locator is missing; the archive is damaged");
        const uint64_t end64 = b.u64(end - 20 + 8, "ZIP64 locator");
        if (b.u32(end64, "ZIP64 end record") != kEnd64) throw Error(what + ": the ZIP64 end record is damaged");
        entries = b.u64(end64 + 32, "ZIP64 end record");
        centralSize = b.u64(end64 + 40, "ZIP64 end record");
        centralAt = b.u64(end64 + 48, "ZIP64 end record");
    }
    b.need(centralAt, centralSize, "the central directory");
    if (entries > centralSize / 46) throw Error(what + ": the central directory is damaged (too many entries)");
    std::vector<ZipMember> out;
    uint64_t at = centralAt;
    for (uint64_t e = 0; e < entries; ++e) {
        if (b.u32(at, "central directory") != kCentralHeader)
            throw Error(what + ": the central directory is damaged (entry " + std::to_string(e) + ")");
        const uint16_t flags = b.u16(at + 8, "central directory"), method = b.u16(at + 10, "central directory");
        const uint32_t crc = b.u32(at + 16, "central directory");
        uint64_t packed = b.u32(at + 20, "central directory"), size = b.u32(at + 24, "central directory");
        const uint16_t nameLen = b.u16(at + 28, "central directory"), extraLen = b.u16(at + 30, "central directory"),
                       commentLen = b.u16(at + 32, "central directory");
        uint64_t local = b.u32(at + 42, "central directory");
        const std::string name = b.text(at + 46, nameLen, "a member name");
        const std::string member = what + ":" + name;
        // ZIP64: the 32-bit fields that hold 0xFFFFFFFF come, in this order, from the extra field.
        uint64_t x = at + 46 + nameLen;
        const uint64_t xEnd = x + extraLen;
        b.need(x, extraLen, "an extra field");
        while (x + 4 <= xEnd) {
            const uint16_t id = b.u16(x, "an extra field"), len = b.u16(x + 2, "an extra field");
            if (x + 4 + len > xEnd) throw Error(member + ": its extra field is damaged");
            if (id == kZip64Extra) {
                uint64_t v = x + 4;
                auto next = [&](uint64_t &field) {
                    if (v + 8 > x + 4 + len) throw Error(member + ": its ZIP64 field is too short");
                    field = b.u64(v, "ZIP64 field");
                    v += 8;
                };
                if (size == k32) next(size);
                if (packed == k32) next(packed);
                if (local == k32) next(local);
            }
            x += 4 + uint64_t(len);
        }
        if (flags & 1) throw Error(member + ": the member is encrypted; Twill reads plain archives only");
        if (b.u32(local, "a member header") != kLocalHeader)
            throw Error(member + ": its local header is damaged");
        const uint64_t dataAt = local + 30 + b.u16(local + 26, "a member header") + b.u16(local + 28, "a member header");
        b.need(dataAt, packed, member);
        std::string data;
        if (method == 0) {
            if (packed != size) throw Error(member + ": a stored member whose sizes disagree; the archive is damaged");
            data = s.substr(size_t(dataAt), size_t(size));
        } else if (method == 8) {
            data = inflateRaw(b.data(dataAt), packed, size, member);
        } else {
            throw Error(member + ": compression method " + std::to_string(method)
                        + " is not supported; use stored or deflate (np.savez or np.savez_compressed)");
        }
        if (crc32Of(data.data(), data.size()) != crc)
            throw Error(member + ": the CRC-32 does not match; the file is damaged");
        out.push_back({name, std::move(data)});
        at += 46 + uint64_t(nameLen) + extraLen + commentLen;
    }
    return out;
}

std::string zipBytes(const std::vector<ZipMember> &members, bool forceZip64)
{
    std::string out, central;
    for (const ZipMember &m : members) {
        if (m.name.size() > 0xFFFF) throw Error(m.name.substr(0, 64) + "...: the member name is too long for a zip");
        const uint32_t crc = uint32_t(crc32Of(m.data.data(), m.data.size()));
        const uint64_t size = m.data.size(), offset = out.size();
        const bool zip64 = forceZip64 || size >= k32 || offset >= k32;
        const uint16_t version = zip64 ? 45 : 20;
        // local file header
        put32(out, kLocalHeader);
        put16(out, version);
        put16(out, 0);    // flags
        put16(out, 0);    // stored
        put16(out, 0);    // time
        put16(out, 0x21); // date 1980-01-01
        put32(out, crc);
        put32(out, zip64 ? k32 : uint32_t(size));
        put32(out, zip64 ? k32 : uint32_t(size));
        put16(out, uint16_t(m.name.size()));
        put16(out, zip64 ? 20 : 0);
        out += m.name;
        if (zip64) {
            put16(out, kZip64Extra);
            put16(out, 16);
            put64(out, size);
            put64(out, size);
        }
        out += m.data;
        // central directory entry
        put32(central, kCentralHeader);
        put16(central, version); // made by
        put16(central, version); // needed
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0x21);
        put32(central, crc);
        put32(central, zip64 ? k32 : uint32_t(size));
        put32(central, zip64 ? k32 : uint32_t(size));
        put16(central, uint16_t(m.name.size()));
        put16(central, zip64 ? 28 : 0);
        put16(central, 0); // comment
        put16(central, 0); // disk
        put16(central, 0); // internal attributes
        put32(central, 0); // external attributes
        put32(central, zip64 ? k32 : uint32_t(offset));
        central += m.name;
        if (zip64) {
            put16(central, kZip64Extra);
            put16(central, 24);
            put64(central, size);
            put64(central, size);
            put64(central, offset);
        }
    }
    const uint64_t centralAt = out.size(), centralSize = central.size(), count = members.size();
    out += central;
    const bool zip64End = forceZip64 || count >= k16 || centralAt >= k32 || centralSize >= k32;
    if (zip64End) {
        const uint64_t end64 = out.size();
        put32(out, kEnd64);
        put64(out, 44); // size of the rest of this record
        put16(out, 45);
        put16(out, 45);
        put32(out, 0);
        put32(out, 0);
        put64(out, count);
        put64(out, count);
        put64(out, centralSize);
        put64(out, centralAt);
        put32(out, kEnd64Locator);
        put32(out, 0);
        put64(out, end64);
        put32(out, 1);
    }
    put32(out, kEnd);
    put16(out, 0);
    put16(out, 0);
    put16(out, zip64End ? k16 : uint16_t(count));
    put16(out, zip64End ? k16 : uint16_t(count));
    put32(out, zip64End ? k32 : uint32_t(centralSize));
    put32(out, zip64End ? k32 : uint32_t(centralAt));
    put16(out, 0);
    return out;
}

} // namespace twill
