#include "io/Npy.h"

#include "util/Error.h"

#include <QFile>
#include <QSaveFile>

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace twill {

namespace {

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        s += std::to_string(shape[i]);
        if (shape.size() == 1 || i + 1 < shape.size()) s += ",";
        if (i + 1 < shape.size()) s += " ";
    }
    return s + ")";
}

void put16(std::string &s, uint16_t v)
{
    s.push_back(char(v & 0xff));
    s.push_back(char(v >> 8));
}

void put32(std::string &s, uint32_t v)
{
    for (int i = 0; i < 4; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
}

uint32_t get32(const std::string &s, size_t at)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(uint8_t(s[at + i])) << (8 * i);
    return v;
}

uint16_t get16(const std::string &s, size_t at)
{
    return uint16_t(uint8_t(s[at]) | (uint8_t(s[at + 1]) << 8));
}

} // namespace

int64_t NpyArray::size() const
{
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

int NpyArray::itemSize() const
{
    return dtype.size() >= 3 ? std::atoi(dtype.c_str() + 2) : 0;
}

NpyArray NpyArray::unicode(const std::string &text)
{
    NpyArray a;
    a.dtype = "<U" + std::to_string(text.size());
    for (char c : text) {
        const uint32_t u = uint8_t(c);
        for (int i = 0; i < 4; ++i) a.data.push_back(char((u >> (8 * i)) & 0xff));
    }
    return a;
}

std::vector<int64_t> NpyArray::toInt64() const
{
    const char kind = dtype.size() >= 2 ? dtype[1] : '?';
    const int n = itemSize();
    if (kind != 'i' && kind != 'u')
        throw Error("the array holds " + dtype + " values; integer codes are needed (int8..int64 or uint8..uint32)");
    std::vector<int64_t> out(static_cast<size_t>(size()));
    for (size_t i = 0; i < out.size(); ++i) {
        const char *p = data.data() + i * n;
        if (kind == 'i') {
            if (n == 1) out[i] = *reinterpret_cast<const int8_t *>(p);
            else if (n == 2) { int16_t v; std::memcpy(&v, p, 2); out[i] = v; }
            else if (n == 4) { int32_t v; std::memcpy(&v, p, 4); out[i] = v; }
            else { int64_t v; std::memcpy(&v, p, 8); out[i] = v; }
        } else {
            if (n == 1) out[i] = *reinterpret_cast<const uint8_t *>(p);
            else if (n == 2) { uint16_t v; std::memcpy(&v, p, 2); out[i] = v; }
            else if (n == 4) { uint32_t v; std::memcpy(&v, p, 4); out[i] = v; }
            else {
                uint64_t v;
                std::memcpy(&v, p, 8);
                if (v > uint64_t(INT64_MAX)) throw Error("a uint64 value does not fit int64");
                out[i] = int64_t(v);
            }
        }
    }
    return out;
}

std::vector<double> NpyArray::toDouble() const
{
    const char kind = dtype.size() >= 2 ? dtype[1] : '?';
    if (kind == 'f') {
        std::vector<double> out(static_cast<size_t>(size()));
        for (size_t i = 0; i < out.size(); ++i) {
            if (itemSize() == 4) { float v; std::memcpy(&v, data.data() + i * 4, 4); out[i] = v; }
            else { double v; std::memcpy(&v, data.data() + i * 8, 8); out[i] = v; }
        }
        return out;
    }
    const auto ints = toInt64();
    return std::vector<double>(ints.begin(), ints.end());
}

std::string npyBytes(const NpyArray &a)
{
    std::string header = "{'descr': '" + a.dtype + "', 'fortran_order': False, 'shape': " + shapeText(a.shape) + ", }";
    // magic(6) + version(2) + header length(2) + header, padded with spaces to a multiple of 64, ending in \n
    const size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    std::string out("\x93NUMPY\x01\x00", 8);
    put16(out, uint16_t(header.size()));
    out += header;
    out.append(a.data.data(), a.data.size());
    return out;
}

NpyArray parseNpy(const std::string &bytes, const std::string &what)
{
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
        throw Error(what + ": not a NumPy .npy file (no \\x93NUMPY magic)");
    const int major = uint8_t(bytes[6]);
    size_t headerLen, at;
    if (major == 1) {
        headerLen = get16(bytes, 8);
        at = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) throw Error(what + ": truncated .npy header");
        headerLen = get32(bytes, 8);
        at = 12;
    } else {
        throw Error(what + ": unsupported .npy version " + std::to_string(major));
    }
    if (bytes.size() < at + headerLen) throw Error(what + ": truncated .npy header");
    const std::string header = bytes.substr(at, headerLen);
    auto field = [&](const std::string &key) -> std::string {
        const size_t k = header.find("'" + key + "'");
        if (k == std::string::npos) throw Error(what + ": .npy header has no '" + key + "'");
        size_t v = header.find(':', k) + 1;
        while (v < header.size() && header[v] == ' ') ++v;
        return header.substr(v);
    };
    NpyArray a;
    std::string descr = field("descr");
    if (descr.empty() || descr[0] != '\'') throw Error(what + ": cannot read the dtype in the .npy header");
    a.dtype = descr.substr(1, descr.find('\'', 1) - 1);
    if (a.dtype.size() < 3 || (a.dtype[0] != '<' && a.dtype[0] != '|' && a.dtype[0] != '='))
        throw Error(what + ": dtype " + a.dtype + " is not little-endian; save it with NumPy's default byte order");
    if (field("fortran_order").rfind("False", 0) != 0)
        throw Error(what + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
    std::string shape = field("shape");
    if (shape.empty() || shape[0] != '(') throw Error(what + ": cannot read the shape in the .npy header");
    shape = shape.substr(1, shape.find(')') - 1);
    std::stringstream ss(shape);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item.find_first_not_of(' ') == std::string::npos) continue;
        a.shape.push_back(std::stoll(item));
    }
    const size_t need = size_t(a.size()) * size_t(a.itemSize());
    const size_t dataAt = at + headerLen;
    if (bytes.size() - dataAt < need)
        throw Error(what + ": the file ends early: " + std::to_string(bytes.size() - dataAt) + " data bytes for "
                    + std::to_string(need));
    a.data.assign(bytes.begin() + long(dataAt), bytes.begin() + long(dataAt + need));
    return a;
}

static std::string readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open the file; check the path");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

NpyArray readNpy(const std::string &path)
{
    return parseNpy(readAll(path), path);
}

void writeFileAtomic(const std::string &path, const std::string &bytes)
{
    QSaveFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::WriteOnly))
        throw Error(path + ": cannot write: " + f.errorString().toStdString());
    if (f.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size())) {
        const std::string why = f.errorString().toStdString();
        f.cancelWriting();
        throw Error(path + ": write failed (" + why + "); the previous file, if any, is unchanged");
    }
    if (!f.commit())
        throw Error(path + ": could not finish the write (" + f.errorString().toStdString()
                    + "); the previous file, if any, is unchanged");
}

void NpzWriter::add(const std::string &name, const NpyArray &array)
{
    entries_.emplace_back(name + ".npy", npyBytes(array));
}

std::string NpzWriter::bytes() const
{
    // A zip archive of stored (uncompressed) members, with a ZIP64-free central directory.
    std::string out, central;
    for (const auto &[name, body] : entries_) {
        if (body.size() > 0xFFFFFFF0u) throw Error(name + ": array too large for an npz archive");
        const uint32_t crc = uint32_t(crc32(0L, reinterpret_cast<const Bytef *>(body.data()), uInt(body.size())));
        const uint32_t offset = uint32_t(out.size());
        // local file header
        put32(out, 0x04034b50);
        put16(out, 20);   // version needed
        put16(out, 0);    // flags
        put16(out, 0);    // stored
        put16(out, 0);    // time
        put16(out, 0x21); // date 1980-01-01
        put32(out, crc);
        put32(out, uint32_t(body.size()));
        put32(out, uint32_t(body.size()));
        put16(out, uint16_t(name.size()));
        put16(out, 0);
        out += name;
        out += body;
        // central directory entry
        put32(central, 0x02014b50);
        put16(central, 20);
        put16(central, 20);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0x21);
        put32(central, crc);
        put32(central, uint32_t(body.size()));
        put32(central, uint32_t(body.size()));
        put16(central, uint16_t(name.size()));
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put32(central, 0);
        put32(central, offset);
        central += name;
    }
    const uint32_t centralAt = uint32_t(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, uint16_t(entries_.size()));
    put16(out, uint16_t(entries_.size()));
    put32(out, uint32_t(central.size()));
    put32(out, centralAt);
    put16(out, 0);
    return out;
}

std::vector<std::pair<std::string, NpyArray>> readNpz(const std::string &path)
{
    const std::string z = readAll(path);
    std::vector<std::pair<std::string, NpyArray>> out;
    size_t at = 0;
    while (at + 30 <= z.size() && get32(z, at) == 0x04034b50) {
        const uint16_t method = get16(z, at + 8);
        const uint32_t size = get32(z, at + 18);
        const uint16_t nameLen = get16(z, at + 26), extraLen = get16(z, at + 28);
        const std::string name = z.substr(at + 30, nameLen);
        const size_t body = at + 30 + nameLen + extraLen;
        if (method != 0) throw Error(path + ": " + name + " is compressed; only stored (np.savez) archives are read");
        if (body + size > z.size()) throw Error(path + ": the archive ends inside " + name);
        std::string key = name.size() > 4 ? name.substr(0, name.size() - 4) : name;
        out.emplace_back(key, parseNpy(z.substr(body, size), path + ":" + name));
        at = body + size;
    }
    if (out.empty()) throw Error(path + ": not an .npz archive (no zip members found)");
    return out;
}

} // namespace twill
