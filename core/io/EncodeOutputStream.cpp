#include "io/EncodeOutputStream.h"

#include "encode/Encoder.h"
#include "io/EncodeExport.h"
#include "util/Error.h"

#include <QJsonDocument>
#include "io/AtomicFile.h"

namespace twill {

EncodeOutputStream::EncodeOutputStream(const Encoder &encoder, std::string jsonPath, std::string npzPath, bool faults)
    : encoder_(encoder), jsonPath_(std::move(jsonPath))
{
    if (!jsonPath_.empty()) {
        entries_ = std::tmpfile();
        if (!entries_) throw Error(jsonPath_ + ": cannot make a temporary file; check the space in the temporary folder");
    }
    if (!npzPath.empty()) {
        npz_ = std::make_unique<NpzStreamWriter>(std::move(npzPath));
        bits_ = npz_->stream("bits", "|u1");
        targets_ = npz_->stream("targets", "<i8");
        decoded_ = npz_->stream("decoded", "<i8");
        shift_ = npz_->stream("shift", "|i1");
        offset_ = npz_->stream("offset", "<i8");
        rotation_ = npz_->stream("rotation", "<i4");
        const Layout &l = encoder_.layout();
        if (encoder_.options().rotate && l.rotates())
            for (int k = 0; k < l.directionCount(); ++k)
                sig_.push_back(npz_->stream("sig_of_" + directionName(l.geometry().directions[k]), "<i4"));
        if (faults) stuck_ = npz_->stream("stuck", "|i1");
    }
}

EncodeOutputStream::~EncodeOutputStream()
{
    if (entries_) std::fclose(entries_);
}

void EncodeOutputStream::add(const EncodeChunk &chunk)
{
    const int nw = encoder_.wordCount();
    const int64_t n = int64_t(chunk.results.size());
    if (entries_)
        for (int64_t i = 0; i < n; ++i) {
            QJsonObject entry = encodeArrayJson(chunk.results[size_t(i)], chunk.targets.data() + i * nw, nw);
            if (!chunk.stuck.empty()) {
                const int nc = encoder_.cellCount();
                int stuck = 0;
                for (int c = 0; c < nc; ++c) stuck += chunk.stuck[size_t(i) * nc + c] >= 0;
                entry["stuck_cells"] = stuck;
                entry["fault_free_objective"] = chunk.faultFree[size_t(i)].objectiveKey;
            }
            QByteArray line = QJsonDocument(entry).toJson(QJsonDocument::Compact);
            line.prepend(arrays_ + i == 0 ? "\n        " : ",\n        ");
            if (std::fwrite(line.data(), 1, size_t(line.size()), entries_) != size_t(line.size()))
                flushSpool(entries_, jsonPath_);
        }
    if (npz_) {
        std::vector<int64_t> offset;
        std::vector<int32_t> rotation;
        for (const ArrayResult &r : chunk.results) {
            npz_->append(bits_, r.bits);
            npz_->append(decoded_, r.decoded);
            npz_->append(shift_, r.shift);
            offset.push_back(r.offset);
            rotation.push_back(r.rotation);
            for (size_t k = 0; k < sig_.size(); ++k) {
                const std::vector<int> &m = encoder_.layoutFor(r.rotation).significanceMap(int(k));
                npz_->append(sig_[k], std::vector<int32_t>(m.begin(), m.end()));
            }
        }
        npz_->append(targets_, chunk.targets.data(), size_t(n) * nw * sizeof(int64_t));
        npz_->append(offset_, offset);
        npz_->append(rotation_, rotation);
        if (stuck_ >= 0) npz_->append(stuck_, chunk.stuck.data(), chunk.stuck.size());
    }
    arrays_ += n;
}

void EncodeOutputStream::finish(const EncodeSummary &summary, bool cancelled, const QJsonObject &extra)
{
    if (npz_) {
        const Layout &l = encoder_.layout();
        const Geometry &g = l.geometry();
        const int64_t n = arrays_, nw = encoder_.wordCount();
        std::vector<int64_t> bitsShape{n};
        for (int64_t d : npzCellShape(encoder_)) bitsShape.push_back(d);
        std::vector<std::vector<int64_t>> shapes{bitsShape, {n, nw}, {n, nw}, {n, nw}, {n}, {n}};
        for (size_t k = 0; k < sig_.size(); ++k) shapes.push_back({n, g.layers, g.rows, g.cols});
        if (stuck_ >= 0) shapes.push_back({n, g.layers, g.rows, g.cols});
        addLayoutTables([&](const std::string &name, const NpyArray &a) { npz_->add(name, a); }, l,
                        encoder_.options().format, sig_.empty());
        npz_->finish(shapes);
    }
    if (entries_) {
        // The keys in the order QJsonDocument writes them, the array entries from the temporary.
        // The report of encodeReportJson with its "arrays" from the temporary; the rest as one
        // object's members (any order reads the same).
        QJsonObject rest = encodeReportJson(encoder_, {}, {}, summary);
        rest.remove("arrays");
        rest["cancelled"] = cancelled;
        for (auto it = extra.begin(); it != extra.end(); ++it) rest[it.key()] = it.value();
        QByteArray tail = QJsonDocument(rest).toJson(QJsonDocument::Compact);
        tail.remove(0, 1); // '{': its members follow the arrays
        flushSpool(entries_, jsonPath_); // a failed spool write would drop entries silently
        writeFileAtomic(jsonPath_, [&](const ByteSink &write) {
            auto put = [&](const QByteArray &b) { write(b.constData(), size_t(b.size())); };
            put("{\n    \"arrays\": [");
            std::rewind(entries_);
            QByteArray buffer(1 << 20, Qt::Uninitialized);
            for (size_t got; (got = std::fread(buffer.data(), 1, size_t(buffer.size()), entries_)) > 0;)
                write(buffer.constData(), got);
            if (std::ferror(entries_)) throw Error(jsonPath_ + ": cannot read back the report's temporary array entries");
            put(QByteArray(arrays_ ? "\n    ],\n" : "],\n") + tail + "\n");
        });
    }
}

} // namespace twill
