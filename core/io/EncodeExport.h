#pragma once
// What an encoding run writes: a JSON report (parameters, summary, per-array figures) and
// an .npz that NumPy alone can decode.
//
// .npz members:
//   bits        uint8 [arrays, layers, rows, cols]; a differential pair's (format diffpair)
//               [arrays, 2, layers, rows, cols]: the P array, then the N array
//   targets     int64 [arrays, words]      decoded  int64 [arrays, words]
//   shift       int8  [arrays, words]      offset   int64 [arrays]     rotation int32 [arrays]
//   word_of_<dir>  int32 [layers, rows, cols]   (dir = row, column, pillar; words numbered
//                                               row words first, then column, then pillar)
//   sig_of_<dir>   int32 [layers, rows, cols], or [arrays, layers, rows, cols] when arrays
//                                               chose their own rotation
//   format      unicode scalar: unsigned | twos | signmag;   bits_per_word int32 scalar
// value of word w = decode_format(sum over cells with word_of == w of bits << sig) << shift + offset;
// for diffpair, value = P - N, each the unsigned sum over its own array's cells (no shift, no offset)
#include "encode/ArrayResult.h"
#include "encode/EncodeOptions.h"
#include "encode/EncodeSummary.h"
#include "quant/NumberFormat.h"
#include "spec/ArraySpec.h"

#include <QJsonObject>

#include <functional>
#include <string>
#include <vector>

namespace twill {

class Encoder;
class Layout;
class NpzWriter;
struct NpyArray;

// What follows from an encoder's array and options (reports write it beside the specs):
// words_per_array, cells_per_array (every cell a weight array takes: both arrays of a
// differential pair), arrays_per_weight, metadata_bits_per_array, effective_capacity,
// effective_node_limit, effective_restarts.
QJsonObject storageFactsJson(const Encoder &encoder);
// The shape of one array's bits in an .npz: [layers, rows, cols], or [2, layers, rows, cols]
// for a differential pair.
std::vector<int64_t> npzCellShape(const Encoder &encoder);
QJsonObject encodeSummaryJson(const EncodeSummary &s);
// { tool, version 2, twill_version, array (ArraySpec), encoder (EncodeOptions), storage (the facts
// above), summary, arrays: [...] }
QJsonObject encodeReportJson(const Encoder &encoder, const std::vector<int64_t> &targets,
                             const std::vector<ArrayResult> &results, const EncodeSummary &summary);
// The array and encoder options of an encode report, as this release writes it or as Twill 0.1.0
// did (a flat "parameters" object); throws Error naming 'what'.
std::pair<ArraySpec, EncodeOptions> encodeReportSpec(const QJsonObject &report, const std::string &what);
// One entry of the report's "arrays" (targets: the array's words).
QJsonObject encodeArrayJson(const ArrayResult &result, const int64_t *targets, int words);
void writeJsonFile(const QJsonObject &o, const std::string &path); // atomic
// word_of_<dir> and sig_of_<dir> (int32 [layers, rows, cols]), format, bits_per_word.
void addLayoutTables(NpzWriter &z, const Layout &layout, NumberFormat format, bool significance = true);
// The same, handed member by member to 'add' (name, array).
void addLayoutTables(const std::function<void(const std::string &, const NpyArray &)> &add, const Layout &layout,
                     NumberFormat format, bool significance = true);
void writeEncodeNpz(const Encoder &encoder, const std::vector<int64_t> &targets,
                    const std::vector<ArrayResult> &results, const std::string &path);

} // namespace twill
