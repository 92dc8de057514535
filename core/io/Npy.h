#pragma once
// NumPy's .npy format (version 1.0, little-endian) and .npz archives (a zip of .npy files,
// stored uncompressed), so that the encodings Twill writes open with numpy.load alone.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace twill {

struct NpyArray {
    std::string dtype;          // "<i8", "<i4", "|u1", "<f8", ...
    std::vector<int64_t> shape;
    std::vector<char> data;     // C order

    int64_t size() const;
    int itemSize() const;

    template <typename T> static NpyArray from(const std::vector<T> &values, std::vector<int64_t> shape);
    // A NumPy unicode scalar (dtype <U n), e.g. a format name.
    static NpyArray unicode(const std::string &text);
    // Integer contents as int64 (any integer dtype); throws Error for float or bool data.
    std::vector<int64_t> toInt64() const;
    std::vector<double> toDouble() const;
};

std::string npyBytes(const NpyArray &a);
NpyArray parseNpy(const std::string &bytes, const std::string &what); // 'what' names it in errors
NpyArray readNpy(const std::string &path);

// Writes atomically: a failed write leaves an existing file as it was.
void writeFileAtomic(const std::string &path, const std::string &bytes);

class NpzWriter {
public:
    void add(const std::string &name, const NpyArray &array);
    std::string bytes() const;
    void write(const std::string &path) const { writeFileAtomic(path, bytes()); }

private:
    std::vector<std::pair<std::string, std::string>> entries_; // name.npy, npy bytes
};

// Reads every array of an uncompressed (stored) .npz, as numpy.savez writes it.
std::vector<std::pair<std::string, NpyArray>> readNpz(const std::string &path);

template <typename T> const char *npyDtype();
template <> inline const char *npyDtype<int64_t>() { return "<i8"; }
template <> inline const char *npyDtype<int32_t>() { return "<i4"; }
template <> inline const char *npyDtype<int8_t>() { return "|i1"; }
template <> inline const char *npyDtype<uint8_t>() { return "|u1"; }
template <> inline const char *npyDtype<double>() { return "<f8"; }
template <> inline const char *npyDtype<float>() { return "<f4"; }

template <typename T> NpyArray NpyArray::from(const std::vector<T> &values, std::vector<int64_t> shape)
{
    NpyArray a;
    a.dtype = npyDtype<T>();
    a.shape = std::move(shape);
    a.data.resize(values.size() * sizeof(T));
    if (!values.empty()) std::memcpy(a.data.data(), values.data(), a.data.size());
    return a;
}

} // namespace twill
