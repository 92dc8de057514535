#pragma once
// NumPy's .npy format and .npz archives (a zip of .npy files), so that the encodings Twill
// writes open with numpy.load alone. Writing: version 1.0, little-endian, C order, stored
// members (ZIP64 past 4 GiB). Reading: versions 1 to 3, bool, integer and float dtypes in
// either byte order and C or Fortran order (converted to little-endian C order), stored or
// compressed archives (np.savez, np.savez_compressed), every size checked against the file.
#include "io/AtomicFile.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace twill {

struct NpyArray {
    std::string dtype;          // "<i8", "<i4", "|u1", "<f8", "|b1", "<U5": little-endian once read
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
// Throws Error, naming 'what' and the problem, for anything that is not a readable array.
NpyArray parseNpy(const std::string &bytes, const std::string &what);
NpyArray readNpy(const std::string &path);

class NpzWriter {
public:
    void add(const std::string &name, const NpyArray &array);
    // ZIP64 records for every member (they are written anyway past 4 GiB); for tests.
    void setForceZip64(bool on) { forceZip64_ = on; }
    std::string bytes() const;
    void write(const std::string &path) const { writeFileAtomic(path, bytes()); } // atomic

private:
    std::vector<std::pair<std::string, std::string>> entries_; // name.npy, npy bytes
    bool forceZip64_ = false;
};

// Every array of an .npz (stored or compressed), keyed by member name without ".npy".
std::vector<std::pair<std::string, NpyArray>> parseNpz(const std::string &bytes, const std::string &what);
std::vector<std::pair<std::string, NpyArray>> readNpz(const std::string &path);

// The whole file; Error naming the path when it cannot be read.
std::string readFileBytes(const std::string &path);

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
