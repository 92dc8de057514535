#pragma once
// The small plain-C++ interface through which long core work reports progress and learns
// that it should stop. Cancellation is an atomic flag, checked between units of work.
#include <atomic>
#include <functional>
#include <string>

namespace twill {

class JobControl {
public:
    using ProgressFn = std::function<void(double fraction, const std::string &message)>;

    JobControl() = default;
    // A part of a larger job can report its own progress and still stop when the whole job is
    // cancelled: pass the whole job's control as 'parent' (not owned; it must outlive this one).
    explicit JobControl(ProgressFn onProgress, const JobControl *parent = nullptr)
        : onProgress_(std::move(onProgress)), parent_(parent)
    {
    }

    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    void reset() { cancelled_.store(false, std::memory_order_relaxed); } // before a new job
    bool cancelled() const
    {
        return cancelled_.load(std::memory_order_relaxed) || (parent_ && parent_->cancelled());
    }
    void report(double fraction, const std::string &message) const
    {
        if (onProgress_) onProgress_(fraction, message);
    }

    // A part of this job: the part's progress 0..1 maps onto [from, to] of this job's, its
    // messages get 'prefix' in front, and it stops when this job is cancelled. This job must
    // outlive the part.
    JobControl part(double from, double to, const std::string &prefix = {}) const
    {
        return JobControl(
            [this, from, to, prefix](double f, const std::string &message) {
                report(from + (to - from) * f, prefix.empty() ? message : message.empty() ? prefix : prefix + ": " + message);
            },
            this);
    }

private:
    std::atomic<bool> cancelled_{false};
    ProgressFn onProgress_;
    const JobControl *parent_ = nullptr;
};

} // namespace twill
