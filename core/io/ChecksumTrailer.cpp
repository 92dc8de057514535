#include "io/ChecksumTrailer.h"

#include "io/ZipArchive.h"
#include "util/Error.h"

#include <QCryptographicHash>

#include <cstdint>

namespace twill {

namespace {

constexpr char kBegin[] = "TWILLSUM", kEndMark[] = "TWILLEND";
constexpr size_t kMark = 8, kHash = 32, kTrailer = kMark + 8 + kHash + kMark;

std::string sha256(const std::string &bytes, size_t size)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArrayView(bytes.data(), qsizetype(size)));
    return h.result().toStdString();
}

} // namespace

std::string withChecksum(const std::string &payload)
{
    std::string out = payload;
    out.append(kBegin, kMark);
    const uint64_t n = payload.size();
    for (int i = 0; i < 8; ++i) out.push_back(char((n >> (8 * i)) & 0xff));
    out += sha256(payload, payload.size());
    out.append(kEndMark, kMark);
    return out;
}

std::string verifiedPayload(const std::string &file, const std::string &what, bool *sealed)
{
    const size_t size = file.size();
    const bool endMark = size >= kMark && file.compare(size - kMark, kMark, kEndMark) == 0;
    const bool beginMark = size >= kTrailer && file.compare(size - kTrailer, kMark, kBegin) == 0;
    if (endMark || beginMark) {
        if (sealed) *sealed = true;
        const std::string damaged = what + ": the file is damaged (its checksum ";
        if (!(endMark && beginMark)) throw Error(damaged + "trailer is broken); use an intact copy or write it again");
        uint64_t n = 0;
        for (int i = 0; i < 8; ++i) n |= uint64_t(uint8_t(file[size - kTrailer + kMark + size_t(i)])) << (8 * i);
        if (n != size - kTrailer)
            throw Error(damaged + "counts " + std::to_string(n) + " bytes, the file holds " + std::to_string(size - kTrailer)
                        + "); use an intact copy or write it again");
        if (sha256(file, size - kTrailer) != file.substr(size - kTrailer + kMark + 8, kHash))
            throw Error(damaged + "does not match: bytes were changed after it was written); use an intact copy or "
                                  "write it again");
        return file.substr(0, size - kTrailer);
    }
    if (sealed) *sealed = false;
    try {
        (void)readZip(file, what); // an older file: every member's CRC-32 must hold
    } catch (const Error &e) {
        throw Error(std::string(e.what()) + " (and no Twill checksum: the file is damaged or not of this kind)");
    }
    return file;
}

} // namespace twill
