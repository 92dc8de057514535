// twill-cli study end to end on the MLP with synthetic data: one row per (scheme, seed) with
// the figures an independent `twill-cli retrain` from the same saved baseline gives; the
// baseline trained once per seed; shards that merge into the whole study; --resume that runs
// only what is missing; and files of other studies refused, nothing overwritten.
#include "study/StudyTable.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

using namespace twill;
using namespace twill::test;

namespace {

QStringList studyArgs(const QString &csv, const QString &baselines)
{
    return {"study", "--model", "mlp", "--data", "synthetic", "--train-subset", "600", "--test-subset", "300", "--epochs", "1",
            "--threads", "1", "--mode", "post", "--storage", "overlap:4,plain:2", "--seeds", "1,2", "--csv", csv,
            "--baselines", baselines, "--quiet"};
}

Run runLong(const QStringList &args)
{
    return runProcess(TWILL_CLI_PATH, args, kRunWaitMs);
}

QByteArray bytesOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCliStudy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        whole_ = dir_.filePath("whole.csv");
        baselines_ = dir_.filePath("baselines");
        const Run r = runLong(studyArgs(whole_, baselines_));
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        rows_ = readStudyCsv(whole_.toStdString());
    }

    void oneRowPerSchemeAndSeed()
    {
        QCOMPARE(int(rows_.size()), 4);
        const char *storage[] = {"overlap:4", "plain:2", "overlap:4", "plain:2"};
        for (int i = 0; i < 4; ++i) {
            const StudyResult &r = rows_[size_t(i)];
            QCOMPARE(r.row, i);
            QCOMPARE(r.studyRows, 4);
            QCOMPARE(r.storage, std::string(storage[i]));
            QCOMPARE(r.seed, uint64_t(i < 2 ? 1 : 2));
            QCOMPARE(r.mode, std::string("post"));
            QCOMPARE(r.study, rows_[0].study);
            QVERIFY(r.finalAccuracy > 0.2 && r.finalAccuracy <= 1);
            QVERIFY(r.meanPctFs >= 0);
            // post: the deployed weights are those right after encoding.
            QCOMPARE(r.finalAccuracy, r.encodedAccuracy);
            QVERIFY(std::abs(r.effectiveCapacity * r.cellsPerWeight - r.bits) < 1e-9);
        }
        // Both schemes use 2 cells a weight at the least (W*W cells for 2W words; B for plain B-bit).
        QVERIFY(rows_[0].cellsPerWeight >= 2 && rows_[1].cellsPerWeight >= 2);
        // One baseline per seed, shared by its rows.
        QCOMPARE(rows_[0].baselineAccuracy, rows_[1].baselineAccuracy);
        QCOMPARE(rows_[2].baselineAccuracy, rows_[3].baselineAccuracy);
        QCOMPARE(QDir(baselines_).entryList({"baseline-*-seed-*.pt"}, QDir::Files).size(), 2);
        // The header is the documented one.
        QVERIFY(bytesOf(whole_).startsWith("storage,bits,layers,cells_per_weight,effective_capacity,seed,baseline_accuracy,"
                                           "encoded_accuracy,final_accuracy,mean_pct_fs,seconds,mode,row,study_rows,study,adc_bits,"
                                           "ones_share,fault_rate,fault_aware\n"));
        for (const StudyResult &r : rows_) QVERIFY(r.faultRate == 0 && r.faultAware); // no faults asked
    }

    void rowsAgreeWithRetrainFromTheSavedBaseline()
    {
        const QStringList saved = QDir(baselines_).entryList({"baseline-*-seed-1.pt"}, QDir::Files);
        QCOMPARE(saved.size(), 1);
        const QString weights = QDir(baselines_).filePath(saved[0]);
        const std::map<int, QStringList> storageFlags{{0, {"--bits", "4"}}, {1, {"--bits", "2", "--directions", "row"}}};
        for (const auto &[row, flags] : storageFlags) {
            const QString json = dir_.filePath(QString("retrain-%1.json").arg(row));
            const Run r = runLong(QStringList{"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "600",
                                              "--test-subset", "300", "--threads", "1", "--mode", "post", "--seed", "1",
                                              "--weights", weights, "--json", json, "--quiet"} + flags);
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const QJsonObject o = QJsonDocument::fromJson(bytesOf(json)).object();
            const StudyResult &s = rows_[size_t(row)];
            QCOMPARE(s.baselineAccuracy, o["baseline_accuracy"].toDouble());
            QCOMPARE(s.encodedAccuracy, o["encoded_accuracy"].toDouble());
            QCOMPARE(s.finalAccuracy, o["final_accuracy"].toDouble());
            // Cells a weight from the report's arrays per layer and cells per array.
            const QJsonObject storage = o["storage"].toObject();
            const double cellsPerArray = storage["cells_per_array"].toDouble() + storage["metadata_bits_per_array"].toDouble();
            double cells = 0, weightsTotal = 0, error = 0;
            for (const QJsonValue l : o["steps"].toArray().last().toObject()["layers"].toArray()) {
                cells += l["arrays"].toDouble() * cellsPerArray;
                weightsTotal += l["tensor_weights"].toDouble();
                error += l["mean_pct_fs"].toDouble() * l["tensor_weights"].toDouble();
            }
            QVERIFY(weightsTotal > 0);
            QVERIFY(std::abs(s.cellsPerWeight - cells / weightsTotal) < 1e-9);
            QVERIFY(std::abs(s.meanPctFs - error / weightsTotal) < 1e-6);
        }
    }

    // A diffpair row stands beside overlap in the same study: the same msb-lsb arrays, two of
    // them a weight, so exactly twice overlap's cells a weight; the retrain report of the same
    // run says so too.
    void diffPairRowsCountBothArrays()
    {
        const QString csv = dir_.filePath("pair.csv");
        QStringList args = studyArgs(csv, baselines_);
        args[args.indexOf("--storage") + 1] = "overlap:4,diffpair:4";
        args[args.indexOf("--seeds") + 1] = "1";
        const Run r = runLong(args);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        const std::vector<StudyResult> rows = readStudyCsv(csv.toStdString());
        QCOMPARE(int(rows.size()), 2);
        QCOMPARE(rows[1].storage, std::string("diffpair:4"));
        QCOMPARE(rows[1].bits, 4);
        QCOMPARE(rows[1].cellsPerWeight, 2 * rows[0].cellsPerWeight);
        QVERIFY(std::abs(rows[1].effectiveCapacity * rows[1].cellsPerWeight - 4) < 1e-9);
        QVERIFY(rows[1].finalAccuracy > 0.2 && rows[1].finalAccuracy <= 1);
        QCOMPARE(rows[1].baselineAccuracy, rows_[0].baselineAccuracy); // the saved baseline of seed 1

        const QStringList saved = QDir(baselines_).entryList({"baseline-*-seed-1.pt"}, QDir::Files);
        QCOMPARE(saved.size(), 1);
        const QString json = dir_.filePath("retrain-pair.json");
        const Run p = runLong({"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "600", "--test-subset",
                               "300", "--threads", "1", "--mode", "post", "--seed", "1", "--bits", "4", "--format",
                               "diffpair", "--weights", QDir(baselines_).filePath(saved[0]), "--json", json, "--quiet"});
        QVERIFY2(p.code == 0, qPrintable(p.err));
        const QJsonObject o = QJsonDocument::fromJson(bytesOf(json)).object();
        QCOMPARE(o["storage"].toObject()["cells_per_array"].toInt(), 32);
        QCOMPARE(o["storage"].toObject()["arrays_per_weight"].toInt(), 2);
        QCOMPARE(rows[1].finalAccuracy, o["final_accuracy"].toDouble());
    }

    // Accuracy against fault rate: every (seed, rate, awareness, scheme) a row, seed by seed,
    // then rate by rate; each row is what `retrain --faults RATE [--fault-unaware]` gives from
    // the same saved baseline.
    void faultRatesAreAnAxis()
    {
        const QString csv = dir_.filePath("faults.csv");
        QStringList args = studyArgs(csv, baselines_);
        args[args.indexOf("--seeds") + 1] = "1";
        args << "--fault-rates" << "0,8%:0.25" << "--fault-compare" << "--fault-seed" << "3";
        const Run r = runLong(args);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        const std::vector<StudyResult> rows = readStudyCsv(csv.toStdString());
        QCOMPARE(int(rows.size()), 6); // (0 aware, 8% aware, 8% unaware) x (overlap:4, plain:2)
        const double rate[] = {0, 0, 0.08, 0.08, 0.08, 0.08};
        const bool aware[] = {true, true, true, true, false, false};
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(rows[size_t(i)].row, i);
            QCOMPARE(rows[size_t(i)].studyRows, 6);
            QCOMPARE(rows[size_t(i)].storage, std::string(i % 2 ? "plain:2" : "overlap:4"));
            QCOMPARE(rows[size_t(i)].faultRate, rate[i]);
            QCOMPARE(rows[size_t(i)].faultAware, aware[i]);
            QCOMPARE(rows[size_t(i)].baselineAccuracy, rows_[0].baselineAccuracy); // seed 1's saved baseline
        }
        // Without faults the rows are those of the study without rates.
        QCOMPARE(rows[0].finalAccuracy, rows_[0].finalAccuracy);
        QCOMPARE(rows[1].finalAccuracy, rows_[1].finalAccuracy);
        QVERIFY2(r.out.contains("8% unaware"), qPrintable(r.out));

        const QStringList saved = QDir(baselines_).entryList({"baseline-*-seed-1.pt"}, QDir::Files);
        QCOMPARE(saved.size(), 1);
        for (int i : {2, 5}) {
            QStringList retrain{"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "600", "--test-subset",
                                "300", "--threads", "1", "--mode", "post", "--seed", "1", "--faults", "8%:0.25",
                                "--fault-seed", "3", "--weights", QDir(baselines_).filePath(saved[0]), "--json",
                                dir_.filePath("retrain-faults.json"), "--quiet"};
            retrain << (i % 2 ? QStringList{"--bits", "2", "--directions", "row"} : QStringList{"--bits", "4"});
            if (!aware[i]) retrain << "--fault-unaware";
            const Run p = runLong(retrain);
            QVERIFY2(p.code == 0, qPrintable(p.err));
            const QJsonObject o = QJsonDocument::fromJson(bytesOf(dir_.filePath("retrain-faults.json"))).object();
            QCOMPARE(rows[size_t(i)].finalAccuracy, o["final_accuracy"].toDouble());
            QCOMPARE(rows[size_t(i)].encodedAccuracy, o["encoded_accuracy"].toDouble());
        }
    }

    void shardsMergeIntoTheWholeStudy()
    {
        QStringList parts;
        for (int k = 1; k <= 3; ++k) {
            const QString csv = dir_.filePath(QString("shard-%1.csv").arg(k));
            const Run r = runLong(studyArgs(csv, baselines_) + QStringList{"--shard", QString("%1/3").arg(k)});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            parts << csv;
        }
        QCOMPARE(readStudyCsv(parts[0].toStdString()).size(), size_t(1)); // rows 4*(k-1)/3 .. 4*k/3
        QCOMPARE(readStudyCsv(parts[1].toStdString()).size(), size_t(1));
        QCOMPARE(readStudyCsv(parts[2].toStdString()).size(), size_t(2));
        const QString all = dir_.filePath("merged.csv");
        const Run m = runCli(QStringList{"study", "--merge"} + parts + QStringList{"--csv", all});
        QVERIFY2(m.code == 0, qPrintable(m.err));
        QVERIFY2(m.out.contains("merged 4 rows"), qPrintable(m.out));
        const std::vector<StudyResult> merged = readStudyCsv(all.toStdString());
        QCOMPARE(merged.size(), rows_.size());
        for (size_t i = 0; i < merged.size(); ++i) {
            QCOMPARE(merged[i].storage, rows_[i].storage);
            QCOMPARE(merged[i].seed, rows_[i].seed);
            QCOMPARE(merged[i].finalAccuracy, rows_[i].finalAccuracy); // the baselines in the folder are shared
        }
        // To stdout: the rows alone (the summary goes to stderr).
        const Run piped = runCli(QStringList{"study", "--merge"} + parts + QStringList{"--csv", "-"});
        QCOMPARE(piped.code, 0);
        QCOMPARE(parseStudyCsv(piped.out.toStdString(), "stdout").size(), size_t(4));
        QVERIFY(piped.err.contains("merged 4 rows"));
        // Two shards only: the missing rows are named.
        const Run partial = runCli({"study", "--merge", parts[0], parts[2], "--csv", dir_.filePath("partial.csv")});
        QCOMPARE(partial.code, 0);
        QVERIFY2(partial.err.contains("1 of the study's 4 rows are in none of the files (rows 1)"), qPrintable(partial.err));
    }

    void resumeRunsOnlyWhatIsMissing()
    {
        const QString csv = dir_.filePath("resume.csv");
        QVERIFY(runLong(studyArgs(csv, baselines_) + QStringList{"--shard", "1/2"}).code == 0);
        const QByteArray before = bytesOf(csv);
        // Without --resume the file is not overwritten.
        const Run refused = runCli(studyArgs(csv, baselines_));
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains("already holds 2 rows; add --resume"), qPrintable(refused.err));
        QCOMPARE(bytesOf(csv), before);
        // Another study (other storage) is refused for it too.
        QStringList other = studyArgs(csv, baselines_);
        other[other.indexOf("overlap:4,plain:2")] = "overlap:4";
        const Run wrong = runCli(other + QStringList{"--resume"});
        QCOMPARE(wrong.code, 2);
        QVERIFY2(wrong.err.contains("holds rows of study " + QString::fromStdString(rows_[0].study)), qPrintable(wrong.err));
        QCOMPARE(bytesOf(csv), before);
        // --resume runs the other two rows.
        QStringList resume = studyArgs(csv, baselines_);
        resume.removeAll("--quiet");
        const Run r = runLong(resume + QStringList{"--resume"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("2 to run, 2 already in"), qPrintable(r.out));
        QVERIFY2(r.out.contains("baseline loaded from"), qPrintable(r.out));
        const std::vector<StudyResult> done = readStudyCsv(csv.toStdString());
        QCOMPARE(done.size(), size_t(4));
        for (size_t i = 0; i < 4; ++i) QCOMPARE(done[i].finalAccuracy, rows_[i].finalAccuracy);
        // A merge of files of two studies is refused.
        const QString otherCsv = dir_.filePath("other.csv");
        writeStudyCsv(otherCsv.toStdString(), {[&] {
                          StudyResult x = rows_[0];
                          x.study = "000000000000";
                          return x;
                      }()});
        const Run mix = runCli({"study", "--merge", csv, otherCsv, "--csv", dir_.filePath("mix.csv")});
        QCOMPARE(mix.code, 2);
        QVERIFY2(mix.err.contains("only shards of one study merge"), qPrintable(mix.err));
        QVERIFY(!QFile::exists(dir_.filePath("mix.csv")));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QStringList base{"study", "--model", "mlp", "--data", "synthetic", "--epochs", "1", "--csv", "/tmp/twill-never.csv"};
        QTest::newRow("no storage") << base << "--storage is required";
        QTest::newRow("unknown scheme") << base + QStringList{"--storage", "overlap:8,stripes:4"} << "'stripes' is unknown";
        QTest::newRow("diffpair placement") << base + QStringList{"--storage", "diffpair:8", "--placement", "5"}
                                            << "--placement: scores permutations on one array of words and does not know "
                                               "differential pairs";
        QTest::newRow("twice") << base + QStringList{"--storage", "plain:4,plain:4"} << "--storage: lists 'plain:4' twice";
        QTest::newRow("bad seed") << base + QStringList{"--storage", "plain:4", "--seeds", "1,x"} << "--seeds: 'x' is not a seed";
        QTest::newRow("seed and seeds") << base + QStringList{"--storage", "plain:4", "--seeds", "1", "--seed", "2"}
                                        << "give the seeds once";
        QTest::newRow("bad shard") << base + QStringList{"--storage", "plain:4", "--shard", "3/2"} << "--shard: '3/2'";
        QTest::newRow("untrained") << QStringList{"study", "--model", "mlp", "--storage", "plain:4", "--csv", "/tmp/x.csv"}
                                   << "--epochs: is 0, but mlp has no trained weights";
        QTest::newRow("bad run option") << base + QStringList{"--storage", "plain:4", "--epochs-per-step", "-1"}
                                        << "--epochs-per-step";
        QTest::newRow("merge nothing") << QStringList{"study", "--merge", "--csv", "/tmp/x.csv"} << "name the CSV files";
        QTest::newRow("merge not csv") << QStringList{"study", "--merge", TWILL_CLI_PATH, "--csv", "/tmp/x.csv"} << "not a study CSV";
        QTest::newRow("rows to stdout") << QStringList{"study", "--model", "mlp", "--data", "synthetic", "--epochs", "1",
                                                      "--storage", "plain:4", "--csv", "-"}
                                        << "- goes with --merge";
        QTest::newRow("stray file") << base + QStringList{"--storage", "plain:4", "extra.csv"} << "only --merge takes files";
        const QStringList plain = base + QStringList{"--storage", "plain:4"};
        QTest::newRow("rates and faults") << plain + QStringList{"--fault-rates", "0,1%", "--faults", "2%"}
                                          << "--fault-rates and --faults";
        QTest::newRow("rates from a file") << plain + QStringList{"--fault-rates", "0,chip.npy"}
                                           << "--fault-rates: 'chip.npy' is a map file";
        QTest::newRow("rate twice") << plain + QStringList{"--fault-rates", "1%,0.01"} << "--fault-rates: lists '0.01' twice";
        QTest::newRow("bad rate") << plain + QStringList{"--fault-rates", "0,lots"} << "--fault-rates: 'lots'";
        QTest::newRow("rate above 1") << plain + QStringList{"--fault-rates", "150%"} << "--fault-rates: '150%'";
        QTest::newRow("compare alone") << plain + QStringList{"--fault-compare"} << "--fault-compare: compares";
        QTest::newRow("compare unaware") << plain + QStringList{"--fault-rates", "1%", "--fault-compare", "--fault-unaware"}
                                         << "--fault-compare: runs every rate both aware and unaware";
        QTest::newRow("seed without faults") << plain + QStringList{"--fault-seed", "2"} << "or, in a study, --fault-rates";
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runCli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists("/tmp/twill-never.csv"));
    }

private:
    QTemporaryDir dir_;
    QString whole_, baselines_;
    std::vector<StudyResult> rows_;
};

QTEST_GUILESS_MAIN(TestCliStudy)
#include "tst_cli_study.moc"
