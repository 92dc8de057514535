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
      pins_(layout.cellCount(), -1), stuck_(layout.cellCount(), -1), shifts_(size_t(layout.wordCount()), 0)
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

int EditableArray::pinCount() const
{
    return int(std::count_if(pins_.begin(), pins_.end(), [](int8_t p) { return p >= 0; }));
}

int EditableArray::stuckCount() const
{
    return int(std::count_if(stuck_.begin(), stuck_.end(), [](int8_t s) { return s >= 0; }));
}

void EditableArray::setStuck(std::vector<int8_t> stuck, bool unaware)
{
    if (stuck.size() != stuck_.size())
        throw Error("the array has " + std::to_string(stuck_.size()) + " cells; the fault map gives "
                    + std::to_string(stuck.size()));
    for (size_t c = 0; c < stuck.size(); ++c)
        if (stuck[c] < -1 || stuck[c] > 1)
            throw Error("the fault map holds " + std::to_string(int(stuck[c])) + " for cell " + std::to_string(c)
                        + "; -1 is healthy, 0 and 1 stuck");
    stuck_ = std::move(stuck);
    unaware_ = unaware;
    bool changed = false;
    for (size_t c = 0; c < stuck_.size(); ++c)
        if (stuck_[c] >= 0) {
            pins_[c] = -1;
            changed = changed || bits_[c] != uint8_t(stuck_[c]);
            bits_[c] = uint8_t(stuck_[c]);
        }
    if (changed) redecode();
}

std::string EditableArray::editRefusal(int cell) const
{
    if (!isStuck(cell)) return {};
    const Geometry &g = layout_.geometry();
    return "cell (layer " + std::to_string(cell / (g.rows * g.cols)) + ", row " + std::to_string((cell / g.cols) % g.rows)
           + ", column " + std::to_string(cell % g.cols) + ") is stuck at " + std::to_string(int(stuck_[size_t(cell)]))
           + ": it cannot be flipped or pinned (Parameters, Stuck cells)";
}

std::vector<int8_t> EditableArray::solverPins() const
{
    std::vector<int8_t> pins = pins_;
    if (!unaware_)
        for (size_t c = 0; c < pins.size(); ++c)
            if (stuck_[c] >= 0) pins[c] = stuck_[c];
    return pins;
}

ArrayResult EditableArray::encode(const EncodeOptions &options, const JobControl *control)
{
    EncodeOptions o = options;
    o.rotate = false; // the shown layout stays the shown layout
    Encoder enc(layout_, o);
    const std::vector<int8_t> pins = solverPins();
    ArrayResult r = enc.encodeArray(targets_.data(), nullptr, pins.data(), 0, control);
    if (unaware_ && stuckCount() > 0) enc.applyStuck(targets_.data(), nullptr, stuck_.data(), r);
    bits_ = r.bits;
    shifts_ = r.shift.empty() ? std::vector<int8_t>(size_t(layout_.wordCount()), 0) : r.shift;
    offset_ = r.offset;
    encoded_ = true;
    redecode();
    return r;
}

void EditableArray::flip(int cell)
{
    if (const std::string why = editRefusal(cell); !why.empty()) throw Error(why);
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
    for (size_t c = 0; c < bits.size(); ++c)
        if (stuck_[c] >= 0 && bits[c] != uint8_t(stuck_[c]))
            throw Error("cell " + std::to_string(c) + " is stuck at " + std::to_string(int(stuck_[c])) + " but holds "
                        + std::to_string(int(bits[c])) + "; a stuck cell keeps its value");
    bits_ = bits;
    encoded_ = encoded;
    redecode();
}

void EditableArray::setPin(int cell, int value)
{
    if (value < -1 || value > 1) throw Error("a pin is -1 (free), 0 or 1");
    if (value >= 0)
        if (const std::string why = editRefusal(cell); !why.empty()) throw Error(why);
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
    p.pin = pins_; // stuck cells hold their value in a lecture, aware or not
    for (size_t c = 0; c < p.pin.size(); ++c)
        if (stuck_[c] >= 0) p.pin[c] = stuck_[c];
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
    for (size_t c = 0; c < p.pin.size(); ++c)
        if (p.pin[c] >= 0) decided_[c] = 1;
    std::fill(bits_.begin(), bits_.end(), uint8_t(0));
    std::fill(shifts_.begin(), shifts_.end(), int8_t(0)); // the lecture shows plain words
    offset_ = 0;
    for (size_t c = 0; c < p.pin.size(); ++c)
        if (p.pin[c] >= 0) bits_[c] = uint8_t(p.pin[c]);
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
