#include "io/Npy.h"

#include "util/Error.h"

#include "io/ZipArchive.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
    // A zero dimension empties the array however large the others are (their product may not fit).
    for (int64_t d : shape)
        if (d == 0) return 0;
    int64_t n = 1;
    for (int64_t d : shape)
        if (d < 0 || __builtin_mul_overflow(n, d, &n)) throw Error("the shape " + shapeText(shape) + " is not a valid array size");
    return n;
}

int NpyArray::itemSize() const
{
    if (dtype.size() < 3) return 0;
    const int n = std::atoi(dtype.c_str() + 2);
    return dtype[1] == 'U' ? 4 * n : n;
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
        throw Error("the array holds " + dtype + " values; integer codes are needed (int8..int64 or uint8..uint64)");
    if (n != 1 && n != 2 && n != 4 && n != 8) throw Error("the array's dtype " + dtype + " is not an integer type");
    if (data.size() < size_t(size()) * size_t(n)) throw Error("the array holds fewer bytes than its shape needs");
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
        if (itemSize() != 4 && itemSize() != 8) throw Error("the array's dtype " + dtype + " is not float32 or float64");
        if (data.size() < size_t(size()) * size_t(itemSize())) throw Error("the array holds fewer bytes than its shape needs");
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

namespace {

// The header is a Python dict literal: {'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
public:
    HeaderParser(const std::string &text, const std::string &what) : t_(text), what_(what) {}

    void parse(std::string &descr, bool &fortran, std::vector<int64_t> &shape)
    {
        bool haveDescr = false, haveOrder = false, haveShape = false;
        expect('{');
        while (true) {
            skip();
            if (peek() == '}') break;
            const std::string key = quoted("a key");
            expect(':');
            skip();
            if (key == "descr") {
                if (peek() == '[') fail("dtype is a structured record (a list of fields); save a plain numeric array");
                descr = quoted("the dtype");
                haveDescr = true;
            } else if (key == "fortran_order") {
                fortran = boolean();
                haveOrder = true;
            } else if (key == "shape") {
                shape = tuple();
                haveShape = true;
            } else {
                fail("unexpected key '" + key + "' in the .npy header");
            }
            skip();
            if (peek() == ',') {
                ++at_;
                continue;
            }
            skip();
            if (peek() != '}') fail("expected ',' or '}' in the .npy header");
        }
        if (!haveDescr) fail(".npy header has no 'descr' (dtype)");
        if (!haveOrder) fail(".npy header has no 'fortran_order'");
        if (!haveShape) fail(".npy header has no 'shape'");
    }

private:
    [[noreturn]] void fail(const std::string &why) const { throw Error(what_ + ": " + why); }
    void skip()
    {
        while (at_ < t_.size() && (t_[at_] == ' ' || t_[at_] == '\t' || t_[at_] == '\n' || t_[at_] == '\r')) ++at_;
    }
    char peek() const { return at_ < t_.size() ? t_[at_] : '\0'; }
    void expect(char c)
    {
        skip();
        if (peek() != c) fail(std::string("cannot read the .npy header (expected '") + c + "')");
        ++at_;
    }
    std::string quoted(const char *what)
    {
        skip();
        const char q = peek();
        if (q != '\'' && q != '"') fail(std::string("cannot read ") + what + " in the .npy header");
        const size_t close = t_.find(q, at_ + 1);
        if (close == std::string::npos) fail(std::string("cannot read ") + what + " in the .npy header");
        std::string s = t_.substr(at_ + 1, close - at_ - 1);
        at_ = close + 1;
        return s;
    }
    bool boolean()
    {
        if (t_.compare(at_, 4, "True") == 0) {
            at_ += 4;
            return true;
        }
        if (t_.compare(at_, 5, "False") == 0) {
            at_ += 5;
            return false;
        }
        fail("'fortran_order' must be True or False");
    }
    std::vector<int64_t> tuple()
    {
        std::vector<int64_t> dims;
        expect('(');
        while (true) {
            skip();
            if (peek() == ')') break;
            if (peek() == '-') fail("the shape has a negative dimension");
            if (peek() < '0' || peek() > '9') fail("cannot read the shape in the .npy header (not a whole number)");
            int64_t v = 0;
            while (peek() >= '0' && peek() <= '9') {
                const int digit = peek() - '0';
                if (v > (INT64_MAX - digit) / 10) fail("a dimension of the shape is too large");
                v = v * 10 + digit;
                ++at_;
            }
            if (peek() == 'L') ++at_; // written by Python 2
            dims.push_back(v);
            if (dims.size() > 64) fail("the shape has more than 64 dimensions");
            skip();
            if (peek() == ',') {
                ++at_;
                continue;
            }
            skip();
            if (peek() != ')') fail("cannot read the shape in the .npy header (expected ',' or ')')");
        }
        ++at_;
        return dims;
    }

    const std::string &t_;
    const std::string &what_;
    size_t at_ = 0;
};

// Checks a dtype against the types Twill reads; returns its little-endian spelling and sets the
// item size and whether the stored bytes must be swapped.
std::string checkedDtype(const std::string &d, const std::string &what, int &itemSize, bool &swap)
{
    const auto refuse = [&](const std::string &why) -> std::string { throw Error(what + ": " + why); };
    if (d.size() < 2) return refuse("dtype '" + d + "' is not a NumPy dtype");
    const char order = d[0], kind = d[1];
    if (order != '<' && order != '>' && order != '|' && order != '=')
        return refuse("dtype '" + d + "' has no byte order ('<', '>', '|' or '='); it is not a NumPy .npy file");
    const std::string digits = d.substr(2);
    if (kind == 'O') return refuse("dtype " + d + " holds Python objects, which Twill cannot read; save a numeric array (e.g. np.asarray(a, dtype=np.int64))");
    if (kind == 'c') return refuse("dtype " + d + " is complex; save real integer or float values");
    if (kind == 'S' || kind == 'a') return refuse("dtype " + d + " holds byte strings; save a numeric array");
    if (kind == 'V') return refuse("dtype " + d + " is a raw record (void); save a plain numeric array");
    if (kind == 'M' || kind == 'm') return refuse("dtype " + d + " holds dates or time spans; save a numeric array");
    if (digits.empty() || digits.size() > 7 || digits.find_first_not_of("0123456789") != std::string::npos)
        return refuse("dtype '" + d + "' has no item size; it is not a NumPy dtype Twill reads");
    const int n = std::atoi(digits.c_str());
    const std::string supported = "; Twill reads bool, int8..int64, uint8..uint64, float32 and float64";
    switch (kind) {
    case 'b':
        if (n != 1) return refuse("dtype " + d + " is not NumPy's bool (|b1)" + supported);
        break;
    case 'i':
    case 'u':
        if (n != 1 && n != 2 && n != 4 && n != 8)
            return refuse("dtype " + d + " is not a NumPy integer type (1, 2, 4 or 8 bytes)" + supported);
        break;
    case 'f':
        if (n != 4 && n != 8) return refuse("dtype " + d + " is a float type Twill does not read" + supported);
        break;
    case 'U':
        if (n < 1 || n > (1 << 20)) return refuse("dtype " + d + " is a string of an unsupported length");
        itemSize = 4 * n;
        swap = order == '>';
        return "<U" + digits;
    default:
        return refuse("dtype " + d + " is not supported" + supported);
    }
    itemSize = n;
    swap = order == '>' && n > 1;
    return std::string(n == 1 ? "|" : "<") + kind + std::to_string(n);
}

// Fortran (column-major) order to C order.
std::vector<char> toCOrder(const std::vector<char> &f, const std::vector<int64_t> &shape, size_t item)
{
    const size_t nd = shape.size();
    if (f.empty() || nd < 2) return f;
    std::vector<char> c(f.size());
    std::vector<int64_t> cstride(nd, 1), idx(nd, 0);
    for (size_t k = nd - 1; k > 0; --k) cstride[k - 1] = cstride[k] * shape[k];
    int64_t dest = 0;
    const size_t count = f.size() / item;
    for (size_t src = 0; src < count; ++src) {
        std::memcpy(c.data() + size_t(dest) * item, f.data() + src * item, item);
        for (size_t k = 0; k < nd; ++k) { // the first index runs fastest in Fortran order
            ++idx[k];
            dest += cstride[k];
            if (idx[k] < shape[k]) break;
            dest -= idx[k] * cstride[k];
            idx[k] = 0;
        }
    }
    return c;
}

} // namespace

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
        throw Error(what + ": unsupported .npy version " + std::to_string(major) + "; Twill reads versions 1 to 3");
    }
    if (bytes.size() - at < headerLen) throw Error(what + ": truncated .npy header");
    const std::string header = bytes.substr(at, headerLen);
    std::string descr;
    bool fortran = false;
    NpyArray a;
    HeaderParser(header, what).parse(descr, fortran, a.shape);
    int item = 0;
    bool swap = false;
    a.dtype = checkedDtype(descr, what, item, swap);
    uint64_t count = std::find(a.shape.begin(), a.shape.end(), 0) == a.shape.end() ? 1 : 0;
    for (int64_t d : a.shape)
        if (count != 0 && (__builtin_mul_overflow(count, uint64_t(d), &count) || count > uint64_t(INT64_MAX)))
            throw Error(what + ": the shape " + shapeText(a.shape) + " has more elements than any file can hold");
    uint64_t need = 0;
    if (__builtin_mul_overflow(count, uint64_t(item), &need))
        throw Error(what + ": the shape " + shapeText(a.shape) + " is larger than any file can hold");
    const size_t dataAt = at + headerLen;
    if (bytes.size() - dataAt < need)
        throw Error(what + ": the file ends early: " + std::to_string(bytes.size() - dataAt) + " data bytes for "
                    + std::to_string(need) + " (shape " + shapeText(a.shape) + ", dtype " + descr + ")");
    a.data.assign(bytes.begin() + long(dataAt), bytes.begin() + long(dataAt + need));
    if (swap) {
        const size_t unit = a.dtype[1] == 'U' ? 4 : size_t(item);
        for (size_t i = 0; i + unit <= a.data.size(); i += unit) std::reverse(a.data.begin() + long(i), a.data.begin() + long(i + unit));
    }
    if (fortran) a.data = toCOrder(a.data, a.shape, size_t(item));
    return a;
}

std::string readFileBytes(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(path + ": cannot open the file (" + std::error_code(errno, std::generic_category()).message() + "); check the path");
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error(path + ": is a folder; give a file");
    }
    std::string out;
    char buf[1 << 16];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw Error(path + ": cannot read the file (" + std::error_code(err, std::generic_category()).message() + ")");
        }
        if (n == 0) break;
        out.append(buf, size_t(n));
    }
    ::close(fd);
    return out;
}

NpyArray readNpy(const std::string &path)
{
    return parseNpy(readFileBytes(path), path);
}

void NpzWriter::add(const std::string &name, const NpyArray &array)
{
    entries_.emplace_back(name + ".npy", npyBytes(array));
}

std::string NpzWriter::bytes() const
{
    std::vector<ZipMember> members;
    members.reserve(entries_.size());
    for (const auto &[name, body] : entries_) members.push_back({name, body});
    return zipBytes(members, forceZip64_);
}

std::vector<std::pair<std::string, NpyArray>> parseNpz(const std::string &bytes, const std::string &what)
{
    if (bytes.size() >= 6 && bytes.compare(0, 6, "\x93NUMPY") == 0)
        throw Error(what + ": a single .npy array, not an .npz archive");
    std::vector<std::pair<std::string, NpyArray>> out;
    for (const ZipMember &m : readZip(bytes, what)) {
        // As numpy.load names them: ".npy" comes off wherever it ends the name (".npy" alone gives "").
        const bool npy = m.name.size() >= 4 && m.name.compare(m.name.size() - 4, 4, ".npy") == 0;
        out.emplace_back(npy ? m.name.substr(0, m.name.size() - 4) : m.name, parseNpy(m.data, what + ":" + m.name));
    }
    if (out.empty()) throw Error(what + ": the archive holds no arrays");
    return out;
}

std::vector<std::pair<std::string, NpyArray>> readNpz(const std::string &path)
{
    return parseNpz(readFileBytes(path), path);
}

} // namespace twill
