#pragma once
// An .npz archive written in pieces, for outputs too large to hold whole: each streamed
// member collects its data in a temporary file as it comes; small members are given whole.
// finish() writes the archive (stored members, in the order they were declared) to its path
// atomically and drops the temporaries; nothing is written if it is never called.
#include "io/Npy.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace twill {

class NpzStreamWriter {
public:
    explicit NpzStreamWriter(std::string path);
    ~NpzStreamWriter();
    NpzStreamWriter(const NpzStreamWriter &) = delete;
    NpzStreamWriter &operator=(const NpzStreamWriter &) = delete;

    // A member whose data comes in pieces (dtype as in NpyArray); returns its id.
    int stream(const std::string &name, const std::string &dtype);
    void append(int id, const void *data, size_t bytes);
    template <typename T> void append(int id, const std::vector<T> &values)
    {
        append(id, values.data(), values.size() * sizeof(T));
    }
    // A member given whole.
    void add(const std::string &name, const NpyArray &array);
    // Writes the archive; shapes: one per streamed member, in id order (their data must fill it).
    void finish(const std::vector<std::vector<int64_t>> &shapes);

private:
    struct Member {
        std::string name, dtype;
        std::FILE *file = nullptr; // streamed members
        uint64_t bytes = 0;
        std::string whole;         // members given whole: the .npy bytes
    };
    std::string path_;
    std::vector<Member> members_;
};

} // namespace twill
