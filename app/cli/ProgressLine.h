#pragma once
// One progress line on stderr, redrawn in place at most once a second with the time left
// ("ETA"), only when stderr is a terminal: redirected stderr gets no carriage returns.
#include <chrono>
#include <string>

namespace twill::cli {

class ProgressLine {
public:
    // Draws nothing when 'enabled' is false or stderr is not a terminal.
    explicit ProgressLine(bool enabled);
    ~ProgressLine() { clear(); }

    bool drawing() const { return enabled_; }
    // fraction of the whole job in 0..1; the ETA follows from the time since construction.
    void update(double fraction, const std::string &message);
    // Erases the line (before other output goes to the terminal, and at the end).
    void clear();

    // "1h02m", "3m05s", "42s": the time left after 'seconds' for 'fraction' done, or "" when too early.
    static std::string eta(double seconds, double fraction);

private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

} // namespace twill::cli
