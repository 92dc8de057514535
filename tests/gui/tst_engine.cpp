// The window's background engine under load: 100 encodings and 20 short network runs, each
// started on the JobRunner the window uses and cancelled at a different moment (before it
// starts working, while it searches, or never). Every job must come back - a result, never a
// hang or a lost callback - with the user's targets intact and, for runs, with the cancel
// seen. Run again under AddressSanitizer and LeakSanitizer by the asan preset: a leak or an
// invalid access in a cancelled job fails it there.
#include "EncodeJob.h"
#include "JobRunner.h"

#include "encode/RandomTargets.h"
#include "nn/NetworkPipeline.h"
#include "spec/ArraySpec.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>

using namespace twill;

class TestEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hundredEncodesStartedAndCancelled();
    void twentyNetworkRunsStartedAndCancelled();
};

namespace {

// Waits (processing events) until the runner has delivered its job's result or failure.
bool waitIdle(const JobRunner &runner, int ms)
{
    QElapsedTimer t;
    t.start();
    while (runner.running() && t.elapsed() < ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
    return !runner.running();
}

} // namespace

void TestEngine::hundredEncodesStartedAndCancelled()
{
    JobRunner runner;
    // 16-bit 16x16 least squares with the exact solver and no limit: far longer than any wait below,
    // so a cancelled job can only come back early because the cancel reached the search.
    const Layout big = ArraySpec::square(Pattern::MsbLsb, 16).layout();
    EncodeOptions exact;
    exact.objective = Objective::L2;
    exact.solver = SolverKind::Exact;
    exact.format = NumberFormat::TwosComplement;
    // Every tenth job is a small default encoding left to finish.
    const Layout small = ArraySpec::square(Pattern::MsbLsb, 4).layout();
    EncodeOptions plain;
    plain.format = NumberFormat::TwosComplement;

    int delivered = 0, failed = 0, stoppedEarly = 0, finished = 0;
    for (int i = 0; i < 100; ++i) {
        const bool letFinish = i % 10 == 9;
        const Layout &layout = letFinish ? small : big;
        const std::vector<int64_t> targets =
            randomTargets(1, layout.wordCount(), NumberFormat::TwosComplement, layout.bits(), 1000 + i);
        const EditableArray input(layout, NumberFormat::TwosComplement, targets);
        std::optional<EncodeJobResult> got;
        const bool accepted = runner.start(
            [input, letFinish, &exact, &plain](JobControl &control) {
                return encodeJob(input, letFinish ? plain : exact, 0, control);
            },
            [&](EncodeJobResult r) {
                ++delivered;
                got = std::move(r);
            },
            [&](const QString &) { ++failed; });
        QVERIFY2(accepted, qPrintable(QString("job %1 refused: the previous one is still running").arg(i)));
        if (!letFinish) {
            // 0 ms: cancelled before the worker may have begun; later: in the middle of the search.
            QThread::msleep(unsigned(i % 7) * 3);
            runner.cancel();
        }
        QVERIFY2(waitIdle(runner, 120000), qPrintable(QString("job %1 did not come back").arg(i)));
        QVERIFY(got.has_value());
        QVERIFY2(got->error.empty(), got->error.c_str());
        // Nothing of the user's lost: the targets come back as given and the cells decode to
        // values within the format, whose largest distance to the targets is the error shown.
        QCOMPARE(got->array.targets(), targets);
        const std::vector<int64_t> &decoded = got->array.decoded();
        QCOMPARE(decoded.size(), targets.size());
        const int bits = got->array.layout().bits();
        int64_t worst = 0;
        for (size_t w = 0; w < decoded.size(); ++w) {
            QVERIFY(decoded[w] >= codeMin(NumberFormat::TwosComplement, bits));
            QVERIFY(decoded[w] <= codeMax(NumberFormat::TwosComplement, bits));
            worst = std::max(worst, std::abs(decoded[w] - targets[w]));
        }
        QCOMPARE(got->array.maxAbsError(), double(worst));
        if (letFinish) {
            QVERIFY(!got->stopped);
            ++finished;
        } else {
            // Cancelled: the search stopped where it was - or, on an easy array, had already
            // proved its optimum before the cancel came.
            QVERIFY2(got->stopped || got->certified,
                     qPrintable(QString("job %1 neither stopped nor certified after %2 s").arg(i).arg(got->seconds)));
            QVERIFY2(got->seconds < 30, qPrintable(QString("job %1 took %2 s to see its cancel").arg(i).arg(got->seconds)));
            if (got->stopped) ++stoppedEarly;
        }
    }
    QCOMPARE(delivered, 100);
    QCOMPARE(failed, 0);
    QCOMPARE(finished, 10);
    // Most 16-bit arrays take the exact search far longer than the waits: the cancel stopped them.
    QVERIFY2(stoppedEarly >= 60, qPrintable(QString::number(stoppedEarly)));
}

void TestEngine::twentyNetworkRunsStartedAndCancelled()
{
    JobRunner runner;
    NetworkRunSpec spec;
    spec.model = "mlp";
    spec.data = "synthetic";
    spec.trainSubset = 256;
    spec.testSubset = 128;
    spec.epochs = 1;
    spec.threads = 1;
    spec.array = ArraySpec::square(Pattern::MsbLsb, 4);

    int cancelledRuns = 0, encodedRuns = 0, failed = 0;
    for (int i = 0; i < 20; ++i) {
        spec.seed = uint64_t(1 + i);
        std::unique_ptr<NetworkRun> run;
        QString why;
        // When the cancel arrives: at once, at the first report of the baseline, in the first
        // encoding of every weight, or in an INQ step.
        static const char *const when[] = {"", "", "encoding every weight", "inq"};
        const std::string phrase = when[i % 4];
        const bool atOnce = i % 4 == 0;
        const bool accepted = runner.start(
            [spec, phrase](JobControl &control) {
                // The run's own reports decide when the window's cancel arrives.
                JobControl counting([&](double, const std::string &message) {
                    if (message.find(phrase) != std::string::npos) control.cancel();
                }, &control);
                return runNetwork(spec, &counting);
            },
            [&](std::unique_ptr<NetworkRun> done) { run = std::move(done); },
            [&](const QString &message) {
                why = message;
                ++failed;
            });
        QVERIFY(accepted);
        if (atOnce) runner.cancel();
        QVERIFY2(waitIdle(runner, 600000), qPrintable(QString("run %1 did not come back").arg(i)));
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(run != nullptr);
        // A run cancelled in its baseline or first encoding comes back not encoded; later, with
        // the post-encoding weights deployed. Either way result.cancelled says so.
        const bool seen = run->result.cancelled;
        QVERIFY2(seen, qPrintable(QString("run %1 ran to its end though cancelled").arg(i)));
        if (run->encoded()) ++encodedRuns;
        ++cancelledRuns;
    }
    QCOMPARE(failed, 0);
    QCOMPARE(cancelledRuns, 20);
    // Cancelled in an INQ step (every fourth run), a run keeps its post-encoding weights; before
    // that, it comes back not encoded.
    QCOMPARE(encodedRuns, 5);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
