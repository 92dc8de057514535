#pragma once
// One array as a user explores it: targets, the cell bits (encoded, then flipped by hand
// for what-if), pinned cells, stuck cells, and the figures that follow from the bits. The GUI
// shows and edits this; the encoder fills it. Stuck cells (a fault map's array) hold their
// value whatever happens: fault-aware encoding keeps them as pins no solver moves, fault-unaware
// encodes as if they were healthy and lets them overwrite (as twill-cli encode --faults does);
// they cannot be flipped or pinned.
#include "encode/ArrayResult.h"
#include "encode/EncodeOptions.h"
#include "job/JobControl.h"
#include "layout/Layout.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace twill {

struct WordModel;

class EditableArray {
public:
    EditableArray() = default;
    EditableArray(const Layout &layout, NumberFormat format, std::vector<int64_t> targets);

    const Layout &layout() const { return layout_; }
    NumberFormat format() const { return format_; }
    const std::vector<int64_t> &targets() const { return targets_; }
    const std::vector<uint8_t> &bits() const { return bits_; }
    const std::vector<int8_t> &pins() const { return pins_; }
    int pinCount() const; // cells pinned
    // Per cell: -1 healthy, 0 or 1 stuck (all -1 unless setStuck gave a map).
    const std::vector<int8_t> &stuck() const { return stuck_; }
    bool isStuck(int cell) const { return stuck_[size_t(cell)] >= 0; }
    int stuckCount() const;
    bool faultUnaware() const { return unaware_; }
    // One array of a fault map (FaultMap::cells) and whether encoding is fault-unaware; the
    // stuck cells take their values at once, and a pin on a stuck cell is dropped (the fault
    // decides the cell). Throws Error for another size or value.
    void setStuck(std::vector<int8_t> stuck, bool unaware);
    const std::vector<int64_t> &decoded() const { return decoded_; }
    // Per-word shift and the array's offset chosen by the last encoding (options shift and
    // offset); the decoded value is stored << shift + offset.
    const std::vector<int8_t> &shifts() const { return shifts_; }
    int64_t offset() const { return offset_; }
    void setShifts(const std::vector<int8_t> &shifts, int64_t offset); // e.g. from a project file
    int64_t error(int word) const { return decoded_[word] - targets_[word]; }
    double fullScale() const;
    double maxAbsError() const;
    double rmsError() const;
    bool encoded() const { return encoded_; }

    // Runs the encoder with the given options, honouring the pins and the stuck cells; returns
    // its result (fault-unaware: as the array stores it, the stuck cells overwritten).
    // control (optional) stops the search early; the best encoding found so far is kept.
    ArrayResult encode(const EncodeOptions &options, const JobControl *control = nullptr);
    // Why a hand edit of the cell is refused (it is stuck), in words; empty when it may be edited.
    std::string editRefusal(int cell) const;
    void flip(int cell);                 // what-if: one bit, decoded values follow; throws Error on a stuck cell
    // E.g. from a project file; throws Error when a stuck cell holds the other value.
    void setBits(const std::vector<uint8_t> &bits, bool encoded);
    void setPin(int cell, int value);    // -1 unpins; 0/1 pins (and sets the bit); throws Error on a stuck cell
    // Lecture: the greedy encoder's decisions, revealed one cell at a time (MSB first).
    void startLecture(const EncodeOptions &options);
    bool lectureActive() const { return !decisions_.empty(); }
    int lectureStep() const { return revealed_; }
    int lectureSteps() const { return int(decisions_.size()); }
    bool stepLecture();                  // reveals the next decision; false when all are shown
    void endLecture();
    bool decided(int cell) const { return decided_.empty() || decided_[cell]; }
    int lastDecidedCell() const { return revealed_ > 0 ? decisions_[revealed_ - 1].cell : -1; }
    // Distance from each word's target to the nearest value its undecided cells can still
    // reach (its error once all are decided, when none is left).
    int64_t reachDistance(int word) const;

    // The errors of the words of 'cell' if it were flipped (one per direction).
    std::vector<int64_t> errorsIfFlipped(int cell) const;

private:
    void redecode();
    std::vector<int8_t> solverPins() const; // the user's pins, and the stuck cells when fault-aware

    struct Decision {
        int cell, bit;
    };
    std::vector<Decision> decisions_;
    std::vector<uint8_t> decided_;
    int revealed_ = 0;
    EncodeOptions lectureOptions_;
    std::shared_ptr<const WordModel> model_; // for reach distances during a lecture

    Layout layout_;
    NumberFormat format_ = NumberFormat::Unsigned;
    std::vector<int64_t> targets_;
    std::vector<uint8_t> bits_;
    std::vector<int8_t> pins_;
    std::vector<int8_t> stuck_;
    bool unaware_ = false;
    std::vector<int64_t> decoded_;
    std::vector<int8_t> shifts_;
    int64_t offset_ = 0;
    bool encoded_ = false;
};

} // namespace twill
