#pragma once
// The window's one way to run long core work. A job is a function taking a JobControl (the
// core's progress and cancel handle); it runs on the runner's own worker thread, one job at a
// time, so that a long network run never holds up an encoding. Its progress reaches the GUI
// thread as the latest report (never a backlog), what it posts arrives on the GUI thread in
// order, and its result (or the message of what it threw) is delivered there when it returns.
// cancel() asks the job to stop at its next check; the destructor cancels and waits, so no
// worker outlives the runner's owner.
#include "job/JobControl.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>

namespace twill {

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject *parent = nullptr);
    ~JobRunner() override; // cancels the running job and waits for it

    // Runs job(control) on the worker and, when it returns, done(result) on the GUI thread;
    // when it throws, failed(message) instead. Refused (false) while a job runs.
    template <typename Job, typename Done>
    bool start(Job job, Done done, std::function<void(const QString &)> failed = {});
    // From inside the job (any thread): run fn on the GUI thread, before the result arrives.
    void post(std::function<void()> fn);
    void cancel(); // the running job stops at its next check
    bool running() const { return running_; } // until the result has been delivered
    bool cancelled() const;                    // the running (or last) job was asked to stop

Q_SIGNALS:
    // The job's latest report, on the GUI thread, while it runs.
    void progress(double fraction, const QString &message);

private:
    void launch(std::function<void()> work, std::function<void()> deliver);
    void report(double fraction, const std::string &message); // worker
    void flushProgress();                                      // GUI thread

    QThreadPool pool_; // one thread of its own
    QFutureWatcher<void> watcher_;
    std::shared_ptr<JobControl> control_;
    std::function<void()> deliver_;
    bool running_ = false;
    std::mutex mutex_; // guards the three below
    double fraction_ = 0;
    std::string message_;
    bool progressQueued_ = false;
};

template <typename Job, typename Done>
bool JobRunner::start(Job job, Done done, std::function<void(const QString &)> failed)
{
    using Result = std::invoke_result_t<Job &, JobControl &>;
    if (running_) return false;
    struct Outcome {
        std::optional<Result> value;
        QString error;
    };
    auto outcome = std::make_shared<Outcome>();
    control_ = std::make_shared<JobControl>([this](double f, const std::string &m) { report(f, m); });
    std::shared_ptr<JobControl> control = control_;
    launch(
        [job = std::move(job), outcome, control]() mutable {
            try {
                outcome->value.emplace(job(*control));
            } catch (const std::exception &e) {
                outcome->error = QString::fromStdString(e.what());
            } catch (...) {
                outcome->error = "the job failed with an unknown error";
            }
        },
        [outcome, done = std::move(done), failed = std::move(failed)]() mutable {
            if (outcome->value) done(std::move(*outcome->value));
            else if (failed) failed(outcome->error);
        });
    return true;
}

} // namespace twill
