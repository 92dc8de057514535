#include "nn/Study.h"

#include "util/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

namespace twill {

namespace {

std::string percent(double accuracy)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f %%", 100.0 * accuracy);
    return buf;
}

} // namespace

StudyResult studyResult(const StudySpec &spec, const StudyRowKey &row, const NetworkRun &run, double seconds)
{
    StudyResult r;
    const StorageScheme &scheme = spec.storage.at(size_t(row.scheme));
    const ArraySpec array = scheme.array();
    r.storage = scheme.item;
    r.bits = array.bits;
    r.layers = array.layers;
    r.seed = row.seed;
    r.baselineAccuracy = run.result.baselineAccuracy;
    r.encodedAccuracy = run.result.encodedAccuracy;
    r.finalAccuracy = run.result.finalAccuracy;
    for (const BitlineFigure &b : run.result.bitlines) r.adcBits = std::max(r.adcBits, b.adcBits);
    r.onesShare = run.result.onesShare;
    const FaultSpec faults = spec.rowSpec(row).faults;
    r.faultRate = faults.file.empty() ? faults.rate : 0;
    r.faultAware = !(faults.any() && faults.unaware);
    r.mode = retrainModeName(spec.run.mode);
    r.row = row.index;
    r.studyRows = spec.rowCount();
    r.study = spec.id();
    r.seconds = seconds;
    const Encoder &e = run.encoder->encoder();
    int64_t cells = 0, weights = 0;
    double errorSum = 0;
    for (const EncodedTensor &t : run.result.tensors) {
        cells += t.tiles.arrays * (e.cellCount() + e.metadataBitsPerArray());
        weights += t.size();
        errorSum += run.encoder->summary(t).meanPctFs * double(t.size());
    }
    if (weights > 0) {
        r.cellsPerWeight = double(cells) / double(weights);
        r.effectiveCapacity = double(weights) * array.bits / double(cells);
        r.meanPctFs = errorSum / double(weights);
    }
    return r;
}

StudyOutcome runStudy(const StudySpec &spec, const std::vector<int> &rows, const std::string &baselineDir,
                      JobControl *control, const StudyEvents &events)
{
    spec.validate();
    JobControl none;
    JobControl &root = control ? *control : none;
    std::unique_ptr<QTemporaryDir> temporary;
    QString dir = QString::fromStdString(baselineDir);
    if (dir.isEmpty()) {
        temporary = std::make_unique<QTemporaryDir>();
        if (!temporary->isValid()) throw WriteError("cannot make a temporary folder for the study's baselines: " + temporary->errorString().toStdString());
        dir = temporary->path();
    } else if (!QDir().mkpath(dir)) {
        throw WriteError("cannot make the baselines folder " + baselineDir);
    }
    auto baselinePath = [&](uint64_t seed) {
        return QDir(dir).filePath(QString::fromStdString("baseline-" + spec.baselineId(seed) + "-seed-" + std::to_string(seed) + ".pt"))
            .toStdString();
    };

    // The work: each seed's baseline (when it is trained and not in the folder yet) and each row.
    const bool training = spec.run.trainsBaseline();
    std::map<uint64_t, bool> needsBaseline;
    double total = 0;
    for (int i : rows) {
        const StudyRowKey k = spec.row(i);
        if (training && !needsBaseline.count(k.seed)) {
            needsBaseline[k.seed] = !QFileInfo::exists(QString::fromStdString(baselinePath(k.seed)));
            if (needsBaseline[k.seed]) total += spec.run.epochs;
        }
        total += Retrainer::plannedWork(spec.run);
    }
    total = std::max(total, 1e-9);

    StudyOutcome out;
    double done = 0;
    for (size_t n = 0; n < rows.size(); ++n) {
        const StudyRowKey k = spec.row(rows[n]);
        NetworkRunSpec s = spec.rowSpec(k);
        const std::string label = "row " + std::to_string(n + 1) + " of " + std::to_string(rows.size()) + " (" +
                                  spec.storage[size_t(k.scheme)].item + ", seed " + std::to_string(k.seed)
                                  + (s.faults.any() ? ", " + s.faults.describe() : std::string()) + ")";
        if (training) {
            const std::string path = baselinePath(k.seed);
            if (needsBaseline[k.seed]) {
                JobControl part = root.part(done / total, (done + s.epochs) / total, "baseline of seed " + std::to_string(k.seed));
                const DatasetPair data = loadRunData(s);
                Network net = Network::create(s.model, s.seed);
                prepareNetwork(net, s, data);
                const BaselineResult b = trainBaseline(net, data, s, {}, false, &part, {});
                if (b.cancelled || root.cancelled()) {
                    out.cancelled = true;
                    return out;
                }
                net.saveStateDict(path);
                needsBaseline[k.seed] = false;
                done += s.epochs;
                if (events.onBaseline)
                    events.onBaseline("seed " + std::to_string(k.seed) + ": baseline trained for " + std::to_string(s.epochs) +
                                      " epoch(s)" + (temporary ? std::string() : ", saved as " + path));
            } else if (n == 0 || spec.row(rows[n - 1]).seed != k.seed) {
                if (events.onBaseline) events.onBaseline("seed " + std::to_string(k.seed) + ": baseline loaded from " + path);
            }
            s.weights = path;
            s.epochs = 0;
        }
        const double work = Retrainer::plannedWork(spec.run);
        JobControl part = root.part(done / total, (done + work) / total, label);
        QElapsedTimer clock;
        clock.start();
        const std::unique_ptr<NetworkRun> run = runNetwork(s, &part);
        if (run->result.cancelled || root.cancelled()) {
            out.cancelled = true;
            return out;
        }
        done += work;
        StudyResult r = studyResult(spec, k, *run, double(clock.elapsed()) / 1000.0);
        if (events.onRow) events.onRow(r);
        out.rows.push_back(std::move(r));
        root.report(done / total, label + ": final accuracy " + percent(out.rows.back().finalAccuracy));
    }
    return out;
}

} // namespace twill
