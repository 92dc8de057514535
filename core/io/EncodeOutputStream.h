#pragma once
// The report (.json) and bits (.npz) of an encoding written as its arrays come, chunk by
// chunk, so that a whole tensor never sits in memory twice: the report's per-array entries
// wait in a temporary file and the .npz members in NpzStreamWriter's. finish() writes both,
// each atomically, with the members and keys of encodeReportJson and writeEncodeNpz (with
// --rotate the significance maps are per array).
#include "encode/ChunkedEncode.h"
#include "encode/EncodeSummary.h"
#include "io/NpzStreamWriter.h"

#include <QJsonObject>

#include <cstdio>
#include <memory>
#include <string>

namespace twill {

class Encoder;

class EncodeOutputStream {
public:
    // An empty path: that output is not written. faults: the chunks carry stuck cells (the
    // .npz gets a "stuck" member, the report's arrays their stuck cells and healthy error).
    EncodeOutputStream(const Encoder &encoder, std::string jsonPath, std::string npzPath, bool faults = false);
    ~EncodeOutputStream();
    EncodeOutputStream(const EncodeOutputStream &) = delete;
    EncodeOutputStream &operator=(const EncodeOutputStream &) = delete;

    void add(const EncodeChunk &chunk);
    // 'extra': more members of the report (e.g. "pattern_search").
    void finish(const EncodeSummary &summary, bool cancelled, const QJsonObject &extra = {});

private:
    const Encoder &encoder_;
    std::string jsonPath_;
    std::FILE *entries_ = nullptr; // the report's array entries, one per line
    std::unique_ptr<NpzStreamWriter> npz_;
    int bits_ = -1, targets_ = -1, decoded_ = -1, shift_ = -1, offset_ = -1, rotation_ = -1, stuck_ = -1;
    std::vector<int> sig_; // per direction, when arrays choose their rotation
    int64_t arrays_ = 0;
};

} // namespace twill
