#include "nn/NetworkExport.h"

#include "io/EncodeExport.h"
#include "io/Npy.h"
#include "util/Error.h"

namespace twill {

void writeNetworkNpz(const NetworkEncoder &ne, const std::vector<EncodedTensor> &tensors, const std::string &path)
{
    const Encoder &enc = ne.encoder();
    const Layout &l = enc.layout();
    const Geometry &g = l.geometry();
    const int nw = l.wordCount();
    NpzWriter z;
    for (const EncodedTensor &t : tensors) {
        const int64_t A = t.tiles.arrays;
        std::vector<uint8_t> bits;
        std::vector<int64_t> codes, offset;
        std::vector<int8_t> shift;
        std::vector<int32_t> rotation;
        for (const ArrayResult &r : t.results) {
            if (r.bits.empty()) throw Error(t.name + ": not every array is encoded; nothing to export");
            bits.insert(bits.end(), r.bits.begin(), r.bits.end());
            codes.insert(codes.end(), r.decoded.begin(), r.decoded.end());
            shift.insert(shift.end(), r.shift.begin(), r.shift.end());
            offset.push_back(r.offset);
            rotation.push_back(r.rotation);
            if (r.rotation != l.rotation())
                throw Error(t.name + ": arrays with their own rotation are not exported per tensor yet; encode without --rotate");
        }
        std::vector<int64_t> bitsShape{A};
        for (int64_t d : npzCellShape(enc)) bitsShape.push_back(d); // [2, ...] for a differential pair
        z.add(t.name + ".bits", NpyArray::from(bits, bitsShape));
        if (!t.stuck.empty()) z.add(t.name + ".stuck", NpyArray::from(t.stuck, {A, g.layers, g.rows, g.cols}));
        z.add(t.name + ".targets", NpyArray::from(t.tiles.targets, {A, nw}));
        z.add(t.name + ".codes", NpyArray::from(codes, {A, nw}));
        z.add(t.name + ".shift", NpyArray::from(shift, {A, nw}));
        z.add(t.name + ".offset", NpyArray::from(offset, {A}));
        z.add(t.name + ".rotation", NpyArray::from(rotation, {A}));
        z.add(t.name + ".scale", NpyArray::from(t.quant.scale, {int64_t(t.quant.scale.size())}));
        z.add(t.name + ".zero_point", NpyArray::from(t.quant.zeroPoint, {int64_t(t.quant.zeroPoint.size())}));
        z.add(t.name + ".decoded", NpyArray::from(t.decoded, t.shape));
        z.add(t.name + ".shape", NpyArray::from(t.shape, {int64_t(t.shape.size())}));
    }
    addLayoutTables(z, l, enc.options().format);
    z.write(path);
}

void addNetworkTensors(MemoryImage &image, const std::vector<EncodedTensor> &tensors)
{
    for (const EncodedTensor &t : tensors) {
        for (const ArrayResult &r : t.results)
            if (r.bits.empty()) throw Error(t.name + ": not every array is encoded; nothing to export");
        MemoryTensor m;
        m.name = t.name;
        m.shape = t.shape;
        m.arrays = &t.results;
        m.values = t.size();
        m.scale = t.quant.scale;
        m.zeroPoint = t.quant.zeroPoint;
        image.addTensor(std::move(m));
    }
}

} // namespace twill
