#include "io/EncodeExport.h"

#include "encode/Encoder.h"
#include "io/Npy.h"
#include "util/Error.h"
#include "Version.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace twill {


QJsonObject storageFactsJson(const Encoder &encoder)
{
    const Layout &l = encoder.layout();
    const EncodeOptions &o = encoder.options();
    QJsonObject p;
    p["words_per_array"] = l.wordCount();
    p["cells_per_array"] = encoder.cellCount();
    p["arrays_per_weight"] = arraysPerWeight(o.format);
    p["metadata_bits_per_array"] = encoder.metadataBitsPerArray();
    p["effective_capacity"] = encoder.effectiveCapacity();
    p["effective_node_limit"] = double(o.effectiveNodeLimit());
    p["effective_restarts"] = encoder.effectiveRestarts();
    return p;
}

std::vector<int64_t> npzCellShape(const Encoder &encoder)
{
    const Geometry &g = encoder.layout().geometry();
    if (arraysPerWeight(encoder.options().format) > 1)
        return {arraysPerWeight(encoder.options().format), g.layers, g.rows, g.cols};
    return {g.layers, g.rows, g.cols};
}

QJsonObject encodeSummaryJson(const EncodeSummary &s)
{
    QJsonObject o;
    o["arrays"] = double(s.arrays);
    o["words"] = double(s.words);
    o["mean_abs_lsb"] = s.meanAbsLsb;
    o["rms_lsb"] = s.rmsLsb;
    o["max_abs_lsb"] = s.maxAbsLsb;
    o["mean_pct_fs"] = s.meanPctFs;
    o["mean_array_max_pct_fs"] = s.meanArrayMaxPctFs;
    o["max_pct_fs"] = s.maxPctFs;
    o["mean_pct_rel"] = s.meanPctRel;
    o["max_pct_rel"] = s.maxPctRel;
    o["certified_fraction"] = s.certifiedFraction;
    o["feasible_fraction"] = s.feasibleFraction;
    o["infeasible_certified"] = double(s.infeasibleCertified);
    o["nodes"] = double(s.nodes);
    o["seconds"] = s.seconds;
    o["arrays_per_second"] = s.arraysPerSecond;
    o["effective_capacity"] = s.effectiveCapacity;
    o["metadata_bits_per_array"] = s.metadataBitsPerArray;
    o["full_scale_lsb"] = s.fullScale;
    o["mean_lower_bound_pct_fs"] = s.meanLowerBoundPctFs;
    o["information_bound_max_pct_fs"] = s.informationMaxPctFs;
    o["information_bound_rms_pct_fs"] = s.informationRmsPctFs;
    return o;
}

QJsonObject encodeReportJson(const Encoder &encoder, const std::vector<int64_t> &targets,
                             const std::vector<ArrayResult> &results, const EncodeSummary &summary)
{
    QJsonObject root;
    root["tool"] = "twill-cli encode";
    root["version"] = 2;
    root["twill_version"] = TWILL_VERSION_STRING;
    root["array"] = ArraySpec::of(encoder.layout()).toJson();
    root["encoder"] = encoder.options().toJson();
    root["storage"] = storageFactsJson(encoder);
    root["summary"] = encodeSummaryJson(summary);
    QJsonArray arrays;
    const int nw = encoder.wordCount();
    for (size_t i = 0; i < results.size(); ++i) arrays.append(encodeArrayJson(results[i], targets.data() + i * nw, nw));
    root["arrays"] = arrays;
    return root;
}

std::pair<ArraySpec, EncodeOptions> encodeReportSpec(const QJsonObject &report, const std::string &what)
{
    try {
        if (report.value("version").toInt(1) >= 2)
            return {ArraySpec::fromJson(report.value("array").toObject()),
                    EncodeOptions::fromJson(report.value("encoder").toObject())};
        const QJsonObject p = report.value("parameters").toObject();
        if (p.isEmpty()) throw Error("no \"parameters\" and no \"array\": not an encode report of Twill");
        return {ArraySpec::fromJson(p), EncodeOptions::fromJson(p)};
    } catch (const Error &e) {
        throw Error(what + ": " + e.what());
    }
}

QJsonObject encodeArrayJson(const ArrayResult &r, const int64_t *targets, int words)
{
    double mx = 0;
    for (int w = 0; w < words; ++w) mx = std::max(mx, std::fabs(double(r.decoded[w] - targets[w])));
    QJsonObject a;
    a["max_abs_lsb"] = mx;
    a["objective"] = r.objectiveKey;
    a["lower_bound"] = r.lowerBound;
    a["certified"] = r.certified;
    a["feasible"] = r.feasible;
    a["infeasible_certified"] = r.infeasibleCertified;
    a["rotation"] = r.rotation;
    a["offset"] = double(r.offset);
    a["nodes"] = double(r.nodes);
    return a;
}

void writeJsonFile(const QJsonObject &o, const std::string &path)
{
    writeFileAtomic(path, QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString());
}

void addLayoutTables(NpzWriter &z, const Layout &l, NumberFormat format, bool significance)
{
    addLayoutTables([&](const std::string &name, const NpyArray &a) { z.add(name, a); }, l, format, significance);
}

void addLayoutTables(const std::function<void(const std::string &, const NpyArray &)> &add, const Layout &l,
                     NumberFormat format, bool significance)
{
    const Geometry &g = l.geometry();
    const std::vector<int64_t> cellShape{g.layers, g.rows, g.cols};
    for (int k = 0; k < l.directionCount(); ++k) {
        const std::string d = directionName(g.directions[k]);
        add("word_of_" + d, NpyArray::from(std::vector<int32_t>(l.wordMap(k).begin(), l.wordMap(k).end()), cellShape));
        if (significance)
            add("sig_of_" + d,
                NpyArray::from(std::vector<int32_t>(l.significanceMap(k).begin(), l.significanceMap(k).end()), cellShape));
    }
    add("format", NpyArray::unicode(formatName(format)));
    add("bits_per_word", NpyArray::from(std::vector<int32_t>{g.bits}, {}));
}

void writeEncodeNpz(const Encoder &encoder, const std::vector<int64_t> &targets,
                    const std::vector<ArrayResult> &results, const std::string &path)
{
    const Layout &l = encoder.layout();
    const Geometry &g = l.geometry();
    const int64_t n = int64_t(results.size());
    const int nw = l.wordCount(), nc = l.cellCount();
    std::vector<uint8_t> bits;
    std::vector<int64_t> decoded, offset;
    std::vector<int8_t> shift;
    std::vector<int32_t> rotation;
    bool rotated = false;
    for (const ArrayResult &r : results) {
        bits.insert(bits.end(), r.bits.begin(), r.bits.end());
        decoded.insert(decoded.end(), r.decoded.begin(), r.decoded.end());
        shift.insert(shift.end(), r.shift.begin(), r.shift.end());
        offset.push_back(r.offset);
        rotation.push_back(r.rotation);
        rotated |= r.rotation != l.rotation();
    }
    NpzWriter z;
    std::vector<int64_t> bitsShape{n};
    for (int64_t d : npzCellShape(encoder)) bitsShape.push_back(d);
    z.add("bits", NpyArray::from(bits, bitsShape));
    z.add("targets", NpyArray::from(std::vector<int64_t>(targets.begin(), targets.begin() + n * nw), {n, nw}));
    z.add("decoded", NpyArray::from(decoded, {n, nw}));
    z.add("shift", NpyArray::from(shift, {n, nw}));
    z.add("offset", NpyArray::from(offset, {n}));
    z.add("rotation", NpyArray::from(rotation, {n}));
    addLayoutTables(z, l, encoder.options().format, !rotated);
    if (rotated) {
        // Every array chose its own rotation: the significance maps are per array.
        for (int k = 0; k < l.directionCount(); ++k) {
            std::vector<int32_t> sig;
            sig.reserve(size_t(n) * nc);
            for (const ArrayResult &r : results) {
                const auto &m = encoder.layoutFor(r.rotation).significanceMap(k);
                sig.insert(sig.end(), m.begin(), m.end());
            }
            z.add("sig_of_" + directionName(g.directions[k]), NpyArray::from(sig, {n, g.layers, g.rows, g.cols}));
        }
    }
    z.write(path);
}

} // namespace twill
