#include "encode/ChunkedEncode.h"

#include "util/Error.h"

#include <algorithm>

namespace twill {

int64_t arraysOf(const std::vector<int64_t> &codes, bool tensor, int words)
{
    const int64_t n = int64_t(codes.size());
    return tensor ? (n + words - 1) / words : n / words;
}

int64_t encodeInChunks(const Encoder &encoder, const std::vector<int64_t> &codes, bool tensor, int64_t padCode,
                       int64_t chunkArrays, JobControl *control, const std::function<void(const EncodeChunk &)> &sink,
                       const ChunkFaults &faults)
{
    const int nw = encoder.wordCount();
    if (!tensor && codes.size() % size_t(nw) != 0)
        throw Error("got " + std::to_string(codes.size()) + " targets, not a whole number of arrays of "
                    + std::to_string(nw) + " words");
    const int64_t arrays = arraysOf(codes, tensor, nw), values = int64_t(codes.size());
    const bool faulty = faults.any();
    if (faulty) faults.map->checkFits(encoder.cellCount(), arrays);
    chunkArrays = std::max<int64_t>(1, chunkArrays);
    // Every code is checked first, so that a bad one stops the job before any output.
    for (int64_t a = 0; a < arrays; ++a) {
        if ((a + 1) * nw <= values) {
            encoder.checkTargets(codes.data() + a * nw, a);
        } else {
            std::vector<int64_t> last(codes.begin() + a * nw, codes.end());
            last.resize(size_t(nw), padCode);
            encoder.checkTargets(last.data(), a);
        }
    }
    EncodeChunk chunk;
    int64_t done = 0;
    for (int64_t a0 = 0; a0 < arrays; a0 += chunkArrays) {
        if (control && control->cancelled()) break;
        const int64_t n = std::min(chunkArrays, arrays - a0);
        chunk.firstArray = a0;
        chunk.targets.assign(size_t(n) * nw, padCode);
        const int64_t first = a0 * nw, real = std::min<int64_t>(n * nw, values - first);
        std::copy(codes.begin() + first, codes.begin() + first + real, chunk.targets.begin());
        chunk.validWords = tensor ? real : -1;
        chunk.importance.clear();
        if (tensor) {
            chunk.importance.assign(size_t(n) * nw, 0.0);
            std::fill(chunk.importance.begin(), chunk.importance.begin() + real, 1.0);
        }
        // The chunk's progress as a part of the whole (with faults: the healthy encoding first,
        // then the stuck one when it is a second search).
        const bool twoPasses = faulty && !faults.unaware;
        double passStart = 0;
        JobControl part(
            [&](double fraction, const std::string &) {
                if (!control) return;
                const double f = twoPasses ? passStart + 0.5 * fraction : fraction;
                const double d = double(a0) + f * double(n);
                control->report(d / double(arrays), "encoded " + std::to_string(int64_t(d)) + " of "
                                                        + std::to_string(arrays) + " arrays");
            },
            control);
        chunk.stuck.clear();
        chunk.faultFree.clear();
        if (!faulty) {
            chunk.results = encoder.encodeMany(chunk.targets, chunk.importance, {}, &part, a0);
        } else {
            chunk.stuck = faults.map->cells(a0, n);
            chunk.faultFree = encoder.encodeMany(chunk.targets, chunk.importance, {}, &part, a0);
            if (faults.unaware) {
                chunk.results = chunk.faultFree;
                for (size_t i = 0; i < chunk.results.size(); ++i)
                    encoder.applyStuck(chunk.targets.data() + i * nw,
                                       chunk.importance.empty() ? nullptr : chunk.importance.data() + i * nw,
                                       chunk.stuck.data() + i * size_t(encoder.cellCount()), chunk.results[i]);
            } else if (int64_t(chunk.faultFree.size()) == n) {
                passStart = 0.5;
                chunk.results = encoder.encodeMany(chunk.targets, chunk.importance, chunk.stuck, &part, a0);
            } else {
                chunk.results.clear();
            }
            chunk.faultFree.resize(chunk.results.size());
            chunk.stuck.resize(chunk.results.size() * size_t(encoder.cellCount()));
        }
        if (int64_t(chunk.results.size()) < n) {
            // Cancelled inside the chunk: hand over the finished prefix only.
            const int64_t k = int64_t(chunk.results.size());
            chunk.targets.resize(size_t(k) * nw);
            if (tensor) {
                chunk.importance.resize(size_t(k) * nw);
                chunk.validWords = std::min<int64_t>(k * nw, real);
            }
            if (k > 0) sink(chunk);
            done += k;
            break;
        }
        sink(chunk);
        done += n;
    }
    return done;
}

} // namespace twill
