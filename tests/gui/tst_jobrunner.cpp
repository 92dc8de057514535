// The window's one job idiom (JobRunner): a core job runs on a worker thread, its result, its
// posts and its progress arrive on the GUI thread (posts in order, before the result), a throw
// becomes a message, a second start waits its turn, cancel reaches the job, and destroying the
// runner cancels the job and waits for it so that nothing of it runs afterwards.
#include "JobRunner.h"
#include "util/Error.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace twill;

class TestJobRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void resultArrivesOnTheGuiThread();
    void postsArriveInOrderBeforeTheResult();
    void progressReachesTheGuiThread();
    void failureIsAMessage();
    void oneJobAtATime();
    void cancelReachesTheJob();
    void destructorCancelsAndWaits();
};

namespace {

// Blocks the job until 'until' is true or the job is cancelled.
void waitFor(const std::atomic<bool> &until, const JobControl &control)
{
    while (!until.load() && !control.cancelled()) QThread::msleep(1);
}

} // namespace

void TestJobRunner::resultArrivesOnTheGuiThread()
{
    JobRunner runner;
    QThread *worker = nullptr, *deliveredOn = nullptr;
    std::unique_ptr<int> result;
    QVERIFY(runner.start(
        [&worker](JobControl &) {
            worker = QThread::currentThread();
            return std::make_unique<int>(42); // move-only results are delivered too
        },
        [&](std::unique_ptr<int> r) {
            deliveredOn = QThread::currentThread();
            result = std::move(r);
        }));
    QVERIFY(runner.running());
    QTRY_VERIFY_WITH_TIMEOUT(result != nullptr, 30000);
    QCOMPARE(*result, 42);
    QVERIFY(!runner.running());
    QVERIFY(worker != nullptr && worker != QThread::currentThread());
    QCOMPARE(deliveredOn, QThread::currentThread());
}

void TestJobRunner::postsArriveInOrderBeforeTheResult()
{
    JobRunner runner;
    QList<int> seen;
    QList<int> atResult;
    bool done = false;
    runner.start(
        [&runner, &seen](JobControl &) {
            for (int i = 0; i < 200; ++i) runner.post([&seen, i]() { seen << i; });
            return 0;
        },
        [&](int) {
            atResult = seen;
            done = true;
        });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QCOMPARE(atResult.size(), 200);
    for (int i = 0; i < 200; ++i) QCOMPARE(atResult[i], i);
}

void TestJobRunner::progressReachesTheGuiThread()
{
    JobRunner runner;
    std::atomic<bool> shown{false};
    QThread *shownOn = nullptr;
    double fraction = -1;
    QString message;
    connect(&runner, &JobRunner::progress, this, [&](double f, const QString &m) {
        fraction = f;
        message = m;
        shownOn = QThread::currentThread();
        shown = true;
    });
    bool done = false;
    runner.start(
        [&shown](JobControl &control) {
            control.report(0.25, "a quarter");
            waitFor(shown, control); // the job goes on only once the GUI has shown its report
            return 0;
        },
        [&](int) { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY(!runner.cancelled());
    QCOMPARE(fraction, 0.25);
    QCOMPARE(message, QString("a quarter"));
    QCOMPARE(shownOn, QThread::currentThread());
}

void TestJobRunner::failureIsAMessage()
{
    JobRunner runner;
    bool done = false;
    QString failure;
    runner.start([](JobControl &) -> int { throw Error("the model file is not TorchScript; export it with torch.jit.save"); },
                 [&](int) { done = true; }, [&](const QString &why) { failure = why; });
    QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), 30000);
    QCOMPARE(failure, QString("the model file is not TorchScript; export it with torch.jit.save"));
    QVERIFY(!done);
    QVERIFY(!runner.running());
    // The runner takes the next job after a failure.
    QVERIFY(runner.start([](JobControl &) { return 1; }, [&](int) { done = true; }));
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
}

void TestJobRunner::oneJobAtATime()
{
    JobRunner runner;
    std::atomic<bool> release{false};
    int first = 0, second = 0;
    QVERIFY(runner.start(
        [&release](JobControl &control) {
            waitFor(release, control);
            return 1;
        },
        [&](int v) { first = v; }));
    QVERIFY(!runner.start([](JobControl &) { return 2; }, [&](int v) { second = v; }));
    release = true;
    QTRY_COMPARE_WITH_TIMEOUT(first, 1, 30000);
    QCOMPARE(second, 0);
    // Once the result is in, the next job may start (even from inside 'done').
    QVERIFY(runner.start([](JobControl &) { return 2; }, [&](int v) { second = v; }));
    QTRY_COMPARE_WITH_TIMEOUT(second, 2, 30000);
}

void TestJobRunner::cancelReachesTheJob()
{
    JobRunner runner;
    std::atomic<bool> never{false};
    bool sawCancel = false, done = false;
    runner.start(
        [&never](JobControl &control) {
            waitFor(never, control); // only a cancel ends it
            return control.cancelled();
        },
        [&](bool cancelled) {
            sawCancel = cancelled;
            done = true;
        });
    QVERIFY(!runner.cancelled());
    runner.cancel();
    QVERIFY(runner.cancelled());
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY(sawCancel);
}

void TestJobRunner::destructorCancelsAndWaits()
{
    auto runner = std::make_unique<JobRunner>();
    std::atomic<bool> never{false}, returned{false};
    bool delivered = false;
    std::atomic<bool> started{false};
    runner->start(
        [&](JobControl &control) {
            started = true;
            waitFor(never, control);
            QThread::msleep(50); // still working when the owner goes
            returned = true;
            return 0;
        },
        [&](int) { delivered = true; });
    QTRY_VERIFY_WITH_TIMEOUT(started.load(), 30000);
    runner.reset(); // a hang here, or a job still running afterwards, fails the test
    QVERIFY(returned.load());
    QCoreApplication::processEvents();
    QVERIFY(!delivered); // nothing of the job reaches a runner that is gone
}

QTEST_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
