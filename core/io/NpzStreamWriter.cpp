#include "io/NpzStreamWriter.h"

#include "io/AtomicFile.h"

#include "util/Error.h"


#include <zlib.h>

namespace twill {

namespace {

void put16(std::string &s, uint16_t v)
{
    s.push_back(char(v & 0xff));
    s.push_back(char(v >> 8));
}

void put32(std::string &s, uint32_t v)
{
    for (int i = 0; i < 4; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
}

// The local (or, with an offset, central) zip record of a stored member.
std::string zipRecord(const std::string &name, uint32_t crc, uint32_t size, bool central, uint32_t offset)
{
    std::string r;
    put32(r, central ? 0x02014b50 : 0x04034b50);
    if (central) put16(r, 20); // version made by
    put16(r, 20);              // version needed
    put16(r, 0);               // flags
    put16(r, 0);               // stored
    put16(r, 0);               // time
    put16(r, 0x21);            // date 1980-01-01
    put32(r, crc);
    put32(r, size);
    put32(r, size);
    put16(r, uint16_t(name.size()));
    put16(r, 0); // extra
    if (central) {
        put16(r, 0); // comment
        put16(r, 0); // disk
        put16(r, 0); // internal attributes
        put32(r, 0); // external attributes
        put32(r, offset);
    }
    return r + name;
}

} // namespace

NpzStreamWriter::NpzStreamWriter(std::string path) : path_(std::move(path)) {}

NpzStreamWriter::~NpzStreamWriter()
{
    for (Member &m : members_)
        if (m.file) std::fclose(m.file);
}

int NpzStreamWriter::stream(const std::string &name, const std::string &dtype)
{
    Member m;
    m.name = name;
    m.dtype = dtype;
    m.file = std::tmpfile();
    if (!m.file) throw Error(path_ + ": cannot make a temporary file for '" + name + "'; check the space in the temporary folder");
    members_.push_back(std::move(m));
    return int(members_.size()) - 1;
}

void NpzStreamWriter::append(int id, const void *data, size_t bytes)
{
    Member &m = members_.at(size_t(id));
    if (bytes && std::fwrite(data, 1, bytes, m.file) != bytes) flushSpool(m.file, path_);
    m.bytes += bytes;
}

void NpzStreamWriter::add(const std::string &name, const NpyArray &array)
{
    Member m;
    m.name = name;
    m.whole = npyBytes(array);
    members_.push_back(std::move(m));
}

void NpzStreamWriter::finish(const std::vector<std::vector<int64_t>> &shapes)
{
    for (const Member &m : members_)
        if (m.file) flushSpool(m.file, path_); // before anything is read back
    // The one write path: a temporary beside the target renamed over it, or `-` and devices in place.
    writeFileAtomic(path_, [&](const ByteSink &write) {
    std::string central;
    uint64_t at = 0;
    size_t streamed = 0;
    std::vector<char> buffer(1 << 20);
    for (Member &m : members_) {
        std::string head = m.whole;
        if (m.file) {
            // The .npy header for the member's final shape, then its data from the temporary.
            NpyArray shape;
            shape.dtype = m.dtype;
            shape.shape = shapes.at(streamed++);
            if (uint64_t(shape.size()) * uint64_t(shape.itemSize()) != m.bytes)
                throw Error(path_ + ": '" + m.name + "' holds " + std::to_string(m.bytes) + " bytes, not its shape's");
            head = npyBytes(shape);
        }
        const uint64_t size = head.size() + m.bytes;
        if (size > 0xFFFFFFF0u || at > 0xFFFFFFF0u) throw Error(path_ + ": '" + m.name + "' is too large for an npz archive");
        uLong crc = crc32(0L, reinterpret_cast<const Bytef *>(head.data()), uInt(head.size()));
        if (m.file) {
            std::rewind(m.file);
            for (uint64_t left = m.bytes; left;) {
                const size_t n = std::fread(buffer.data(), 1, size_t(std::min<uint64_t>(left, buffer.size())), m.file);
                if (n == 0) throw Error(path_ + ": cannot read back the temporary data of '" + m.name + "'");
                crc = crc32(crc, reinterpret_cast<const Bytef *>(buffer.data()), uInt(n));
                left -= n;
            }
        }
        const std::string name = m.name + ".npy";
        const std::string local = zipRecord(name, uint32_t(crc), uint32_t(size), false, 0);
        central += zipRecord(name, uint32_t(crc), uint32_t(size), true, uint32_t(at));
        write(local.data(), local.size());
        write(head.data(), head.size());
        if (m.file) {
            std::rewind(m.file);
            for (uint64_t left = m.bytes; left;) {
                const size_t n = std::fread(buffer.data(), 1, size_t(std::min<uint64_t>(left, buffer.size())), m.file);
                if (n == 0) throw Error(path_ + ": cannot read back the temporary data of '" + m.name + "'");
                write(buffer.data(), n);
                left -= n;
            }
        }
        at += local.size() + size;
    }
    std::string end;
    put32(end, 0x06054b50);
    put16(end, 0);
    put16(end, 0);
    put16(end, uint16_t(members_.size()));
    put16(end, uint16_t(members_.size()));
    put32(end, uint32_t(central.size()));
    put32(end, uint32_t(at));
    put16(end, 0);
    write(central.data(), central.size());
    write(end.data(), end.size());
    });
}

} // namespace twill
