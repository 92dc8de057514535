#include "encode/EditableArray.h"

#include "encode/Decode.h"
#include "encode/Encoder.h"
#include "encode/GreedySolver.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace twill {

EditableArray::EditableArray(const Layout &layout, NumberFormat format, std::vector<int64_t> targets)
    : layout_(layout), format_(format), targets_(std::move(targets)), bits_(layout.cellCount(), 0),
      pins_(layout.cellCount(), -1), shifts_(size_t(layout.wordCount()), 0)
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

ArrayResult EditableArray::encode(const EncodeOptions &options, const JobControl *control)
{
    EncodeOptions o = options;
    o.rotate = false; // the shown layout stays the shown layout
    Encoder enc(layout_, o);
    ArrayResult r = enc.encodeArray(targets_.data(), nullptr, pins_.data(), 0, control);
    bits_ = r.bits;
    shifts_ = r.shift.empty() ? std::vector<int8_t>(size_t(layout_.wordCount()), 0) : r.shift;
    offset_ = r.offset;
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

void EditableArray::setShifts(const std::vector<int8_t> &shifts, int64_t offset)
{
    if (shifts.size() != shifts_.size())
        throw Error("the array has " + std::to_string(shifts_.size()) + " words; got " + std::to_string(shifts.size())
                    + " shifts");
    for (int8_t s : shifts)
        if (s < 0 || s > 16) throw Error("a shift of " + std::to_string(s) + " is outside 0..16");
    shifts_ = shifts;
    offset_ = offset;
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
    const std::vector<int64_t> d = decodeArray(layout_, format_, b.data(), shifts_.data(), offset_);
    std::vector<int64_t> out;
    for (int k = 0; k < layout_.directionCount(); ++k) {
        const int w = layout_.wordOf(k, cell);
        out.push_back(d[w] - targets_[w]);
    }
    return out;
}

void EditableArray::startLecture(const EncodeOptions &options)
{
    lectureOptions_ = options;
    model_ = std::make_shared<const WordModel>(layout_, format_);
    const WordModel &model = *model_;
    ArrayProblem p;
    p.model = &model;
    p.objective = options.objective;
    p.target = targets_;
    p.shift.assign(model.nWords, 0);
    p.pin = pins_;
    if (options.objective == Objective::Relative) {
        p.weight.resize(model.nWords);
        for (int w = 0; w < model.nWords; ++w) {
            const double v = std::max(1.0, std::fabs(double(targets_[w])));
            p.weight[w] = 1.0 / (v * v);
        }
    }
    Assignment a;
    std::vector<GreedyDecision> d;
    greedyEncode(p, a, &d);
    decisions_.clear();
    for (const GreedyDecision &g : d) decisions_.push_back({g.cell, g.bit});
    decided_.assign(bits_.size(), 0);
    for (size_t c = 0; c < pins_.size(); ++c)
        if (pins_[c] >= 0) decided_[c] = 1;
    std::fill(bits_.begin(), bits_.end(), uint8_t(0));
    std::fill(shifts_.begin(), shifts_.end(), int8_t(0)); // the lecture shows plain words
    offset_ = 0;
    for (size_t c = 0; c < pins_.size(); ++c)
        if (pins_[c] >= 0) bits_[c] = uint8_t(pins_[c]);
    revealed_ = 0;
    encoded_ = false;
    redecode();
}

bool EditableArray::stepLecture()
{
    if (revealed_ >= int(decisions_.size())) return false;
    const Decision &d = decisions_[size_t(revealed_++)];
    bits_[d.cell] = uint8_t(d.bit);
    decided_[d.cell] = 1;
    if (revealed_ == int(decisions_.size())) encoded_ = true;
    redecode();
    return true;
}

void EditableArray::endLecture()
{
    decisions_.clear();
    decided_.clear();
    revealed_ = 0;
}

int64_t EditableArray::reachDistance(int word) const
{
    if (decided_.empty()) return std::llabs(error(word));
    const int W = layout_.bits();
    uint64_t fixed = 0, free = 0;
    for (int s = 0; s < W; ++s) {
        const int c = layout_.cellOf(word, s);
        if (!decided_[c]) free |= uint64_t(1) << s;
        else if (bits_[c]) fixed |= uint64_t(1) << s;
    }
    return model_->reachDistance(targets_[word], fixed, free, 0);
}

void EditableArray::redecode()
{
    decoded_ = decodeArray(layout_, format_, bits_.data(), shifts_.data(), offset_);
}

} // namespace twill
