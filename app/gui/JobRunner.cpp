#include "JobRunner.h"

#include <QtConcurrent>

namespace twill {

JobRunner::JobRunner(QObject *parent) : QObject(parent)
{
    pool_.setMaxThreadCount(1);
    connect(&watcher_, &QFutureWatcher<void>::finished, this, [this]() {
        // Not running any more before the result is shown: 'done' may start the next job.
        running_ = false;
        std::function<void()> deliver = std::move(deliver_);
        deliver_ = nullptr;
        if (deliver) deliver();
    });
}

JobRunner::~JobRunner()
{
    // Results and posts still queued for this object are dropped with it.
    watcher_.disconnect(this);
    cancel();
    pool_.waitForDone();
}

void JobRunner::launch(std::function<void()> work, std::function<void()> deliver)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        fraction_ = 0;
        message_.clear();
    }
    deliver_ = std::move(deliver);
    running_ = true;
    watcher_.setFuture(QtConcurrent::run(&pool_, std::move(work)));
}

void JobRunner::post(std::function<void()> fn)
{
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

void JobRunner::cancel()
{
    if (control_) control_->cancel();
}

bool JobRunner::cancelled() const
{
    return control_ && control_->cancelled();
}

void JobRunner::report(double fraction, const std::string &message)
{
    std::lock_guard<std::mutex> lock(mutex_);
    fraction_ = fraction;
    message_ = message;
    if (progressQueued_) return; // the queued flush will show this report
    progressQueued_ = true;
    QMetaObject::invokeMethod(this, [this]() { flushProgress(); }, Qt::QueuedConnection);
}

void JobRunner::flushProgress()
{
    double fraction = 0;
    std::string message;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        progressQueued_ = false;
        fraction = fraction_;
        message = message_;
    }
    if (running_) Q_EMIT progress(fraction, QString::fromStdString(message));
}

} // namespace twill
