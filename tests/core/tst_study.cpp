// The equal-storage study without a network: storage items, rows and shards, study ids, the
// CSV round trip, merging shards, and the statistics the window draws (checked against naive
// recomputations written here).
#include "TestSupport.h"
#include "encode/Encoder.h"
#include "study/StudySpec.h"
#include "study/StudyTable.h"
#include "util/Error.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <QJsonArray>

using namespace twill;
using test::errorOf;

namespace {

StudySpec smallStudy()
{
    StudySpec s;
    s.run.model = "mlp";
    s.run.data = "synthetic";
    s.run.epochs = 1;
    s.storage = parseStorageList("overlap:8,plain:4,cube:4");
    s.seeds = {3, 1, 2};
    return s;
}

StudyResult result(const std::string &storage, uint64_t seed, double cells, double final, int row, int rows,
                   const std::string &study = "abc")
{
    StudyResult r;
    r.storage = storage;
    r.bits = 8;
    r.cellsPerWeight = cells;
    r.effectiveCapacity = 8 / cells;
    r.seed = seed;
    r.baselineAccuracy = 0.9;
    r.encodedAccuracy = final - 0.01;
    r.finalAccuracy = final;
    r.meanPctFs = 0.5;
    r.seconds = 1.5;
    r.mode = "inq";
    r.row = row;
    r.studyRows = rows;
    r.study = study;
    return r;
}

} // namespace

class TestStudy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void storageItemsBecomeTheirArrays()
    {
        const std::vector<StorageScheme> s = parseStorageList("overlap:8, transpose:6,cube:4 plain:3");
        QCOMPARE(int(s.size()), 4);
        QCOMPARE(s[0].array().pattern, Pattern::MsbLsb);
        QCOMPARE(s[0].array().rows, 8);
        QVERIFY(!s[0].array().isPlain());
        QCOMPARE(s[1].array().pattern, Pattern::Transpose);
        QCOMPARE(s[1].bits, 6);
        QCOMPARE(s[2].array().layers, 4);
        QCOMPARE(int(s[2].array().effectiveDirections().size()), 3);
        QVERIFY(s[3].array().isPlain());
        QCOMPARE(s[3].array().bits, 3);
        QCOMPARE(s[3].item, std::string("plain:3"));
        // The cells a weight each scheme implies: W*W cells for 2W words, W^3 for 3W^2, B for plain.
        const double cells[] = {64.0 / 16, 36.0 / 12, 64.0 / 48, 9.0 / 3};
        for (size_t i = 0; i < s.size(); ++i) {
            const Geometry g = s[i].array().geometry();
            QCOMPARE(double(g.rows) * g.cols * g.layers / g.wordCount(), cells[i]);
        }
    }

    // diffpair:W is two msb-lsb W x W arrays a weight: its rows are number format diffpair
    // whatever the run's, the other rows keep the run's format.
    void diffPairRowsAreDifferentialPairs()
    {
        StudySpec s = smallStudy();
        s.run.encoder.format = NumberFormat::TwosComplement;
        s.storage = parseStorageList("overlap:8,diffpair:8");
        QCOMPARE(s.storage[1].kind, std::string("diffpair"));
        QCOMPARE(s.storage[1].bits, 8);
        QVERIFY(s.storage[1].array() == s.storage[0].array());
        const NetworkRunSpec overlap = s.rowSpec(s.row(0)), pair = s.rowSpec(s.row(1));
        QCOMPARE(overlap.encoder.format, NumberFormat::TwosComplement);
        QCOMPARE(pair.encoder.format, NumberFormat::DifferentialPair);
        QCOMPARE(pair.array, overlap.array);
        s.validate();
        // The pair's cells: twice the array's, so 8 a weight where overlap:8 takes 4.
        const Encoder e(pair.array.layout(), pair.encoder);
        QCOMPARE(double(e.cellCount()) / e.wordCount(), 8.0);
        // What pairs cannot do yet is refused for their rows, by name.
        s.run.placement = 10;
        QVERIFY2(errorOf([&] { s.validate(); }).startsWith("placement: "), qPrintable(errorOf([&] { s.validate(); })));
        s.run.placement = 0;
        s.run.faults.rate = 0.01;
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("faults: "));
    }

    void badStorageItemsSayWhatExists()
    {
        QVERIFY(errorOf([] { parseStorageList("overlap"); }).contains("overlap:W"));
        QVERIFY(errorOf([] { parseStorageList("ovrlap:8"); }).contains("'ovrlap' is unknown"));
        QVERIFY(errorOf([] { parseStorageList("plain:x"); }).contains("whole number"));
        QVERIFY(errorOf([] { parseStorageList("ovrlap:8"); }).contains("diffpair:W"));
        QVERIFY(errorOf([] { parseStorageList("overlap:0"); }).startsWith("storage: 'overlap:0'"));
        StudySpec s = smallStudy();
        s.storage = parseStorageList("plain:4,plain:4");
        QVERIFY(errorOf([&] { s.validate(); }).contains("twice"));
        s = smallStudy();
        s.seeds = {1, 1};
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("seeds:"));
        s.seeds.clear();
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("seeds:"));
        s = smallStudy();
        s.storage.clear();
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("storage:"));
        s = smallStudy();
        s.run.epochs = 0; // nothing to start from
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("epochs: is 0"));
        s.run.weights = "mlp.pt";
        QVERIFY(errorOf([&] { s.validate(); }).isEmpty());
        s = smallStudy();
        s.run.epochsPerStep = -1;
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("epochs_per_step"));
    }

    void rowsGoSeedBySeedAndShardsCoverThemOnce()
    {
        const StudySpec s = smallStudy();
        QCOMPARE(s.rowCount(), 9);
        for (int i = 0; i < 9; ++i) {
            const StudyRowKey k = s.row(i);
            QCOMPARE(k.index, i);
            QCOMPARE(k.scheme, i % 3);
            QCOMPARE(k.seed, s.seeds[size_t(i / 3)]);
            const NetworkRunSpec r = s.rowSpec(k);
            QCOMPARE(r.seed, k.seed);
            QVERIFY(r.array == s.storage[size_t(k.scheme)].array());
        }
        for (int n = 1; n <= 12; ++n) {
            std::vector<int> seen;
            for (int k = 1; k <= n; ++k) {
                const std::vector<int> part = s.shard(k, n);
                // Contiguous, and sizes differ by at most one.
                for (size_t j = 1; j < part.size(); ++j) QCOMPARE(part[j], part[j - 1] + 1);
                QVERIFY(int(part.size()) == 9 / n || int(part.size()) == 9 / n + 1);
                seen.insert(seen.end(), part.begin(), part.end());
            }
            std::vector<int> all(9);
            for (int i = 0; i < 9; ++i) all[size_t(i)] = i;
            QCOMPARE(seen, all);
        }
        QVERIFY(errorOf([&] { s.shard(0, 3); }).startsWith("shard:"));
        QVERIFY(errorOf([&] { s.shard(4, 3); }).startsWith("shard:"));
        QVERIFY(!errorOf([&] { s.row(9); }).isEmpty());
    }

    void theIdFollowsWhatChangesTheFigures()
    {
        const StudySpec a = smallStudy();
        StudySpec b = a;
        b.run.threads = 7; // threads do not change the study
        QCOMPARE(b.id(), a.id());
        QCOMPARE(int(a.id().size()), 12);
        std::set<std::string> ids{a.id()};
        b = a;
        b.seeds = {3, 1};
        ids.insert(b.id());
        b = a;
        b.storage = parseStorageList("plain:4,overlap:8,cube:4"); // another row order
        ids.insert(b.id());
        b = a;
        b.run.epochs = 2;
        ids.insert(b.id());
        b = a;
        b.run.mode = RetrainMode::Post;
        ids.insert(b.id());
        QCOMPARE(int(ids.size()), 5);
        // The baseline of a seed does not depend on the storage or the retraining...
        b = a;
        b.storage = parseStorageList("transpose:5");
        b.run.mode = RetrainMode::Ste;
        b.run.retrainLr = 0.2;
        QCOMPARE(b.baselineId(1), a.baselineId(1));
        // ...but on the seed and the training.
        QVERIFY(a.baselineId(1) != a.baselineId(2));
        b.run.lr = 0.01;
        QVERIFY(b.baselineId(1) != a.baselineId(1));
    }

    void csvRoundTripsEveryColumnExactly()
    {
        std::vector<StudyResult> rows{result("overlap:8", 1, 4.0, 0.8875, 0, 2), result("plain:4", 18446744073709551615ull, 4, 0.88123456789, 1, 2)};
        rows[1].layers = 4;
        rows[1].bits = 4;
        rows[1].meanPctFs = 1.0 / 3;
        rows[1].adcBits = 3;
        rows[1].onesShare = 0.1 + 1.0 / 7;
        rows[1].faultRate = 0.05 + 1.0 / 300;
        rows[1].faultAware = false;
        const std::vector<StudyResult> back = parseStudyCsv(studyCsv(rows), "t.csv");
        QCOMPARE(back.size(), rows.size());
        for (size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(back[i].storage, rows[i].storage);
            QCOMPARE(back[i].bits, rows[i].bits);
            QCOMPARE(back[i].layers, rows[i].layers);
            QCOMPARE(back[i].seed, rows[i].seed);
            QCOMPARE(back[i].mode, rows[i].mode);
            QCOMPARE(back[i].row, rows[i].row);
            QCOMPARE(back[i].studyRows, rows[i].studyRows);
            QCOMPARE(back[i].study, rows[i].study);
            QCOMPARE(back[i].adcBits, rows[i].adcBits);
            QCOMPARE(back[i].faultAware, rows[i].faultAware);
            for (auto m : {&StudyResult::cellsPerWeight, &StudyResult::effectiveCapacity, &StudyResult::baselineAccuracy,
                           &StudyResult::encodedAccuracy, &StudyResult::finalAccuracy, &StudyResult::meanPctFs,
                           &StudyResult::seconds, &StudyResult::onesShare, &StudyResult::faultRate})
                QVERIFY(back[i].*m == rows[i].*m); // bit for bit
        }
        // Columns in another order (a spreadsheet saved it) and CRLF line ends read the same.
        const std::string shuffled = "study,row,storage,bits,layers,cells_per_weight,effective_capacity,seed,baseline_accuracy,"
                                     "encoded_accuracy,final_accuracy,mean_pct_fs,seconds,mode,study_rows\r\n"
                                     "abc,1,\"plain:4\",4,1,4,1,7,0.9,0.8,0.85,1.2,3,post,2\r\n";
        const std::vector<StudyResult> s = parseStudyCsv(shuffled, "s.csv");
        QCOMPARE(int(s.size()), 1);
        QCOMPARE(s[0].storage, std::string("plain:4"));
        QCOMPARE(s[0].seed, uint64_t(7));
        QCOMPARE(s[0].finalAccuracy, 0.85);
        QCOMPARE(s[0].row, 1);
        // A file of an earlier release has no adc_bits and ones_share columns: they read as 0.
        QCOMPARE(s[0].adcBits, 0);
        QCOMPARE(s[0].onesShare, 0.0);
        // Nor fault_rate and fault_aware: healthy and aware.
        QCOMPARE(s[0].faultRate, 0.0);
        QVERIFY(s[0].faultAware);
        // A fault rate that is no share, or an awareness that is no 0/1, says so.
        std::string bad = studyCsv(rows);
        const size_t at = bad.rfind(",0\n");
        QVERIFY(at != std::string::npos);
        QVERIFY(errorOf([&] { parseStudyCsv(bad.substr(0, at) + ",2\n", "b.csv"); }).contains("'fault_aware' is '2'"));
        QVERIFY(errorOf([&] { parseStudyCsv(bad.substr(0, bad.rfind(',', at - 1)) + ",1.5,0\n", "b.csv"); })
                    .contains("'fault_rate' is '1.5', not a share"));
    }

    // Fault rates are a third axis: seed by seed, condition by condition (each rate aware, then
    // unaware with faultCompare; rate 0 once), scheme by scheme; each row's run carries its
    // condition's random map and the run's fault seed.
    void faultRatesAreConditionsOfEveryRow()
    {
        StudySpec s = smallStudy();
        const std::string before = s.id();
        QVERIFY(!s.toJson().contains("fault_rates")); // studies without rates keep their ids
        QCOMPARE(int(s.conditions().size()), 1);
        s.run.faults.seed = 9;
        s.faultRates = parseFaultRateList("0, 2%:0.3, 0.1");
        s.faultCompare = true;
        s.validate();
        const std::vector<FaultCondition> c = s.conditions();
        QCOMPARE(int(c.size()), 5);
        const double rate[] = {0, 0.02, 0.02, 0.1, 0.1};
        const bool unaware[] = {false, false, true, false, true};
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(c[size_t(i)].rate, rate[i]);
            QCOMPARE(c[size_t(i)].unaware, unaware[i]);
            QCOMPARE(c[size_t(i)].sa1Share, i == 1 || i == 2 ? 0.3 : 0.5);
        }
        QCOMPARE(s.rowCount(), 3 * 3 * 5);
        std::set<std::tuple<int, uint64_t, int>> seen;
        for (int i = 0; i < s.rowCount(); ++i) {
            const StudyRowKey k = s.row(i);
            // Naive: blocks of 15 rows a seed, of 3 rows a condition.
            QCOMPARE(k.seed, s.seeds[size_t(i / 15)]);
            QCOMPARE(k.condition, (i / 3) % 5);
            QCOMPARE(k.scheme, i % 3);
            seen.insert({k.scheme, k.seed, k.condition});
            const NetworkRunSpec r = s.rowSpec(k);
            QCOMPARE(r.faults.rate, rate[k.condition]);
            QCOMPARE(r.faults.unaware, unaware[k.condition]);
            QCOMPARE(r.faults.seed, uint64_t(9));
            QVERIFY(r.array == s.storage[size_t(k.scheme)].array());
        }
        QCOMPARE(int(seen.size()), s.rowCount());
        // The rates and the comparison are part of the id.
        std::set<std::string> ids{before, s.id()};
        s.faultCompare = false;
        ids.insert(s.id());
        QCOMPARE(int(s.conditions().size()), 3);
        s.faultRates = parseFaultRateList("0,2%:0.3");
        ids.insert(s.id());
        QCOMPARE(int(ids.size()), 4);
        QVERIFY(s.toJson()["fault_rates"].toArray().size() == 2);
        // An unaware run makes every rate unaware (rate 0 has nothing to be unaware of).
        s.run.faults.unaware = true;
        QVERIFY(!s.rowSpec(s.row(0)).faults.unaware);
        QVERIFY(s.rowSpec(s.row(3)).faults.unaware);
    }

    void faultRateListsAndConflicts()
    {
        QCOMPARE(int(parseFaultRateList("0 1% 5%;10%").size()), 4);
        QVERIFY(errorOf([] { parseFaultRateList("1%,chip.npy"); }).contains("'chip.npy' is a map file"));
        QVERIFY(errorOf([] { parseFaultRateList("1%,0.01"); }).contains("lists '0.01' twice"));
        QCOMPARE(int(parseFaultRateList("1%:0.2,1%:0.3").size()), 2); // another share at 1 is another condition
        QVERIFY(errorOf([] { parseFaultRateList("200%"); }).startsWith("fault_rates: '200%'"));
        QVERIFY(errorOf([] { parseFaultRateList(" , "); }).contains("give one rate or more"));
        StudySpec s = smallStudy();
        s.faultCompare = true;
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("fault_compare:"));
        s.faultRates = parseFaultRateList("1%");
        s.run.faults.rate = 0.02;
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("fault_rates:"));
        s.run.faults.rate = 0;
        s.run.faults.unaware = true;
        QVERIFY(errorOf([&] { s.validate(); }).contains("drop the unaware flag"));
        s.faultCompare = false;
        s.validate();
        // diffpair rows cannot take faults yet: the study says so before it runs.
        s.storage = parseStorageList("overlap:8,diffpair:4");
        QVERIFY(errorOf([&] { s.validate(); }).startsWith("faults:"));
    }

    // Points and pairs are per condition: a scheme at 5 % stuck is not averaged with itself at
    // 0 %, and overlap meets plain at the same rate and awareness.
    void pointsAndPairsKeepConditionsApart()
    {
        std::vector<StudyResult> rows;
        int row = 0;
        auto add = [&](const std::string &storage, uint64_t seed, double rate, bool aware, double final) {
            StudyResult r = result(storage, seed, storage == "overlap:8" ? 4.0001 : 4.0, final, row++, 12);
            r.faultRate = rate;
            r.faultAware = aware;
            rows.push_back(r);
        };
        for (uint64_t seed : {1, 2}) {
            add("overlap:8", seed, 0, true, 0.90);
            add("plain:4", seed, 0, true, 0.89);
            add("overlap:8", seed, 0.05, true, 0.86 + 0.01 * double(seed));
            add("plain:4", seed, 0.05, true, 0.88);
            add("overlap:8", seed, 0.05, false, 0.60);
            add("plain:4", seed, 0.05, false, 0.70);
        }
        const std::vector<StudyPoint> points = studyPoints(rows);
        QCOMPARE(int(points.size()), 6);
        for (const StudyPoint &p : points) {
            QCOMPARE(p.seeds, 2);
            // Naive mean of the rows of this scheme and condition.
            double sum = 0;
            for (const StudyResult &r : rows)
                if (r.storage == p.storage && r.faultRate == p.faultRate && r.faultAware == p.faultAware) sum += r.finalAccuracy;
            QVERIFY(std::abs(p.mean - sum / 2) < 1e-12);
        }
        // The front within each condition: at 0 % both are on it (plain:4 has fewer cells, 4 <
        // 4.0001, overlap:8 more accuracy); at 5 % aware plain:4 beats overlap:8 (0.88 > 0.875).
        for (const StudyPoint &p : points) {
            if (p.faultRate == 0) QVERIFY(p.pareto);
            if (p.faultRate > 0 && p.faultAware) QCOMPARE(p.pareto, p.storage == "plain:4");
        }
        const std::vector<StudyPair> pairs = equalStoragePairs(rows);
        QCOMPARE(int(pairs.size()), 3);
        for (const StudyPair &q : pairs) {
            QCOMPARE(q.plain, std::string("plain:4"));
            QCOMPARE(q.seeds, 2);
            const double expected = q.faultRate == 0 ? 0.01 : q.faultAware ? -0.005 : -0.10;
            QVERIFY2(std::abs(q.finalDiff - expected) < 1e-12, qPrintable(QString::number(q.finalDiff)));
        }
    }

    void badCsvSaysFileLineAndColumn()
    {
        std::string good = studyCsv({result("overlap:8", 1, 4, 0.9, 0, 2)});
        auto message = [](const std::string &text) { return errorOf([&] { parseStudyCsv(text, "x.csv"); }); };
        QVERIFY(message("").contains("empty"));
        QVERIFY(message("storage,bits\noverlap:8,8\n").contains("no 'layers' column"));
        std::string bad = good;
        bad.replace(bad.find(",0.9,"), 5, ",abc,");
        QVERIFY2(message(bad).contains("x.csv line 2: 'baseline_accuracy' is 'abc'"), qPrintable(message(bad)));
        bad = good.substr(0, good.size() - 10) + "\n";
        QVERIFY(message(bad).contains("line 2"));
        const std::string two = studyCsv({result("overlap:8", 1, 4, 0.9, 0, 2), result("plain:4", 1, 4, 0.9, 1, 2, "zzz")});
        QVERIFY(message(two).contains("line 3: this row is of study zzz"));
        const std::string beyond = studyCsv({result("overlap:8", 1, 4, 0.9, 5, 2)});
        QVERIFY(message(beyond).contains("beyond"));
        QTemporaryDir dir;
        QVERIFY(errorOf([&] { readStudyCsv((dir.path() + "/none.csv").toStdString()); }).contains("cannot read"));
    }

    void shardsMergeIntoTheStudy()
    {
        const std::vector<StudyResult> a{result("overlap:8", 1, 4, 0.9, 0, 4), result("plain:4", 1, 4, 0.89, 1, 4)};
        const std::vector<StudyResult> b{result("plain:4", 2, 4, 0.88, 3, 4), result("plain:4", 1, 4, 0.89, 1, 4)};
        const StudyMerge m = mergeStudyRows({{"b.csv", b}, {"a.csv", a}});
        QCOMPARE(int(m.rows.size()), 3);
        QCOMPARE(m.rows[0].row, 0);
        QCOMPARE(m.rows[1].row, 1);
        QCOMPARE(m.rows[2].row, 3);
        QCOMPARE(m.duplicates, 1);
        QCOMPARE(m.missing, std::vector<int>{2});
        const std::vector<StudyResult> other{result("overlap:8", 1, 4, 0.9, 2, 4, "other")};
        QVERIFY(errorOf([&] { mergeStudyRows({{"a.csv", a}, {"o.csv", other}}); }).contains("o.csv holds study other, a.csv study abc"));
        std::vector<StudyResult> clash{result("cube:4", 1, 4, 0.9, 1, 4)};
        QVERIFY(errorOf([&] { mergeStudyRows({{"a.csv", a}, {"c.csv", clash}}); }).contains("row 1 is plain:4 seed 1 in a.csv but cube:4"));
    }

    void pointsAreMeansOverSeedsWithTheirFront()
    {
        // Five schemes over up to three seeds; accuracies chosen so that the front is known:
        // fewer cells and more accuracy beat; overlap:6 (3 cells) beats plain:3 (3 cells).
        std::vector<StudyResult> rows;
        int row = 0;
        const std::map<std::string, std::pair<double, std::vector<double>>> data{
            {"overlap:8", {4.0, {0.90, 0.91, 0.89}}}, {"plain:4", {4.0, {0.88, 0.90, 0.86}}},
            {"overlap:6", {3.0, {0.87, 0.89}}},        {"plain:3", {3.0, {0.85, 0.86, 0.84}}},
            {"cube:8", {8.0 / 3, {0.80}}}};
        for (const auto &[name, v] : data)
            for (size_t s = 0; s < v.second.size(); ++s) rows.push_back(result(name, s + 1, v.first, v.second[s], row++, 20));
        const std::vector<StudyPoint> points = studyPoints(rows);
        QCOMPARE(int(points.size()), 5);
        std::map<std::string, StudyPoint> by;
        for (const StudyPoint &p : points) by[p.storage] = p;
        // Naive mean and sample standard deviation.
        for (const auto &[name, v] : data) {
            double sum = 0;
            for (double x : v.second) sum += x;
            const double mean = sum / double(v.second.size());
            double ss = 0;
            for (double x : v.second) ss += (x - mean) * (x - mean);
            const double sd = v.second.size() > 1 ? std::sqrt(ss / double(v.second.size() - 1)) : 0;
            QVERIFY(std::abs(by[name].mean - mean) < 1e-12);
            QVERIFY(std::abs(by[name].stddev - sd) < 1e-12);
            QCOMPARE(by[name].min, *std::min_element(v.second.begin(), v.second.end()));
            QCOMPARE(by[name].max, *std::max_element(v.second.begin(), v.second.end()));
            QCOMPARE(by[name].seeds, int(v.second.size()));
            QCOMPARE(by[name].cellsPerWeight, v.first);
        }
        // The front by a sweep: sorted by cells, a point is on it when it beats every point with fewer cells.
        std::vector<StudyPoint> sorted = points;
        std::sort(sorted.begin(), sorted.end(), [](const StudyPoint &a, const StudyPoint &b) {
            return a.cellsPerWeight != b.cellsPerWeight ? a.cellsPerWeight < b.cellsPerWeight : a.mean > b.mean;
        });
        double best = -1;
        std::set<std::string> front;
        for (size_t i = 0; i < sorted.size(); ++i) {
            const bool bestAtItsCells = i == 0 || sorted[i - 1].cellsPerWeight != sorted[i].cellsPerWeight;
            if (bestAtItsCells && sorted[i].mean > best) front.insert(sorted[i].storage);
            best = std::max(best, sorted[i].mean);
        }
        QCOMPARE(front, (std::set<std::string>{"cube:8", "overlap:6", "overlap:8"}));
        for (const StudyPoint &p : points) QCOMPARE(p.pareto, front.count(p.storage) == 1);
        // Right after encoding the accuracies are 0.01 lower: the same front.
        for (const StudyPoint &p : studyPoints(rows, StudyAccuracy::Encoded))
            QVERIFY(std::abs(p.mean - (by[p.storage].mean - 0.01)) < 1e-12);
    }

    void overlapMeetsThePlainSchemeOfItsCells()
    {
        // Three seeds for overlap:8 (4.0001 cells: padding) and plain:4 (4); cube:8 (8/3) meets
        // plain:3 (3) with one seed missing from plain:3; transpose:8 meets plain:4 too; overlap:16
        // (8 cells) has no plain scheme of 8 cells or more and is left out.
        std::vector<StudyResult> rows;
        int row = 0;
        auto add = [&](const std::string &storage, uint64_t seed, double cells, double encoded, double final) {
            StudyResult r = result(storage, seed, cells, final, row++, 30);
            r.encodedAccuracy = encoded;
            rows.push_back(r);
        };
        const double o8e[] = {0.88, 0.87, 0.89}, o8f[] = {0.90, 0.89, 0.88};
        const double p4e[] = {0.86, 0.88, 0.85}, p4f[] = {0.89, 0.90, 0.87};
        for (int s = 0; s < 3; ++s) {
            add("overlap:8", uint64_t(s + 1), 4.0001, o8e[s], o8f[s]);
            add("plain:4", uint64_t(s + 1), 4.0, p4e[s], p4f[s]);
            add("cube:8", uint64_t(s + 1), 8.0 / 3, 0.80, 0.85);
            if (s < 2) add("plain:3", uint64_t(s + 1), 3.0, 0.82, 0.84 + 0.02 * s);
            add("plain:2", uint64_t(s + 1), 2.0, 0.5, 0.6);
            add("overlap:16", uint64_t(s + 1), 8.001, 0.9, 0.9);
            add("transpose:8", uint64_t(s + 1), 4.0001, 0.7, 0.8);
        }
        const std::vector<StudyPair> pairs = equalStoragePairs(rows);
        std::map<std::string, StudyPair> by;
        for (const StudyPair &p : pairs) by[p.scheme] = p;
        QCOMPARE(int(pairs.size()), 3);
        QCOMPARE(by["overlap:8"].plain, std::string("plain:4"));
        QCOMPARE(by["cube:8"].plain, std::string("plain:3"));
        QCOMPARE(by["transpose:8"].plain, std::string("plain:4"));
        QVERIFY(!by.count("overlap:16"));
        // Naive paired differences.
        double d[3], mean = 0;
        for (int s = 0; s < 3; ++s) mean += (d[s] = o8f[s] - p4f[s]) / 3;
        double ss = 0;
        for (double x : d) ss += (x - mean) * (x - mean);
        const StudyPair &o = by["overlap:8"];
        QCOMPARE(o.seeds, 3);
        QVERIFY(std::abs(o.finalDiff - mean) < 1e-12);
        QVERIFY(std::abs(o.finalDiffSd - std::sqrt(ss / 2)) < 1e-12);
        QCOMPARE(o.finalWins, 2);   // +0.01, -0.01, +0.01
        QCOMPARE(o.encodedWins, 2); // +0.02, -0.01, +0.04
        QVERIFY(std::abs(o.encodedDiff - 0.05 / 3) < 1e-12);
        const StudyPair &c = by["cube:8"];
        QCOMPARE(c.seeds, 2); // plain:3 has no seed 3
        QVERIFY(std::abs(c.finalDiff - (0.01 + -0.01) / 2) < 1e-12);
        QCOMPARE(c.finalWins, 1);
        QCOMPARE(c.encodedWins, 0);
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "tst_study.moc"
