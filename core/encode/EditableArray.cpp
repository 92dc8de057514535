#include "encode/EditableArray.h"

#include "encode/Decode.h"
#include "encode/Encoder.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace twill {

EditableArray::EditableArray(const Layout &layout, NumberFormat format, std::vector<int64_t> targets)
    : layout_(layout), format_(format), targets_(std::move(targets)), bits_(layout.cellCount(), 0),
      pins_(layout.cellCount(), -1)
{
    if (int(targets_.size()) != layout_.wordCount())
        throw Error("the array has " + std::to_string(layout_.wordCount()) + " words; got "
                    + std::to_string(targets_.size()) + " targets");
    redecode();
}

double EditableArray::fullScale() const
{
    return double(codeMax(format_, layout_.bits()) - codeMin(format_, layout_.bits()));
}

double EditableArray::maxAbsError() const
{
    double m = 0;
    for (int w = 0; w < layout_.wordCount(); ++w) m = std::max(m, std::fabs(double(error(w))));
    return m;
}

double EditableArray::rmsError() const
{
    double s = 0;
    for (int w = 0; w < layout_.wordCount(); ++w) s += double(error(w)) * double(error(w));
    return layout_.wordCount() ? std::sqrt(s / layout_.wordCount()) : 0;
}

ArrayResult EditableArray::encode(const EncodeOptions &options)
{
    EncodeOptions o = options;
    o.rotate = false; // the shown layout stays the shown layout
    o.offset = false;
    o.shift = false;
    Encoder enc(layout_, o);
    ArrayResult r = enc.encodeArray(targets_.data(), nullptr, pins_.data());
    bits_ = r.bits;
    encoded_ = true;
    redecode();
    return r;
}

void EditableArray::flip(int cell)
{
    bits_.at(size_t(cell)) ^= 1;
    if (pins_[cell] >= 0) pins_[cell] = int8_t(bits_[cell]);
    redecode();
}

void EditableArray::setBits(const std::vector<uint8_t> &bits, bool encoded)
{
    if (bits.size() != bits_.size())
        throw Error("the array has " + std::to_string(bits_.size()) + " cells; got " + std::to_string(bits.size()) + " bits");
    bits_ = bits;
    encoded_ = encoded;
    redecode();
}

void EditableArray::setPin(int cell, int value)
{
    if (value < -1 || value > 1) throw Error("a pin is -1 (free), 0 or 1");
    pins_.at(size_t(cell)) = int8_t(value);
    if (value >= 0 && bits_[cell] != value) {
        bits_[cell] = uint8_t(value);
        redecode();
    }
}

std::vector<int64_t> EditableArray::errorsIfFlipped(int cell) const
{
    std::vector<uint8_t> b = bits_;
    b.at(size_t(cell)) ^= 1;
    const std::vector<int64_t> d = decodeArray(layout_, format_, b.data());
    std::vector<int64_t> out;
    for (int k = 0; k < layout_.directionCount(); ++k) {
        const int w = layout_.wordOf(k, cell);
        out.push_back(d[w] - targets_[w]);
    }
    return out;
}

void EditableArray::redecode()
{
    decoded_ = decodeArray(layout_, format_, bits_.data());
}

} // namespace twill
