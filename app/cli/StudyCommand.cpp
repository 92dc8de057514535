#include "StudyCommand.h"

#include "CliOptions.h"
#include "CliStreams.h"
#include "NetworkCommands.h"
#include "ProgressLine.h"
#include "nn/Study.h"

#include <QFileInfo>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace twill::cli {

namespace {

std::pair<int, int> parseShard(const QString &text)
{
    const QStringList parts = text.split('/');
    bool okK = false, okN = false;
    const int k = parts.size() == 2 ? parts[0].toInt(&okK) : 0;
    const int n = parts.size() == 2 ? parts[1].toInt(&okN) : 0;
    if (!okK || !okN || n < 1 || k < 1 || k > n)
        throw UsageError("--shard: '" + text.toStdString() + "' is not K/N with 1 <= K <= N (e.g. 3/8: the third of eight shards)");
    return {k, n};
}

std::string padded(std::string text, size_t width)
{
    if (text.size() < width) text.resize(width, ' ');
    return text;
}

void printRow(FILE *to, const StudyResult &r)
{
    std::fprintf(to, "%-14s seed %-4llu %sbaseline %.4f  encoded %.4f  final %.4f  %.3f cells/weight  |e| %.4f%% FS  %.1fs\n",
                 r.storage.c_str(), (unsigned long long)r.seed,
                 r.faultRate > 0 ? padded("stuck " + faultConditionText(r.faultRate, r.faultAware), 19).c_str() : "",
                 r.baselineAccuracy, r.encodedAccuracy, r.finalAccuracy, r.cellsPerWeight, r.meanPctFs, r.seconds);
    std::fflush(to);
}

void printSummary(FILE *to, const std::vector<StudyResult> &rows)
{
    const std::vector<StudyPoint> encoded = studyPoints(rows, StudyAccuracy::Encoded);
    const std::vector<StudyPoint> final = studyPoints(rows, StudyAccuracy::Final);
    const bool faults = hasFaultConditions(rows);
    std::fprintf(to, "%-14s %s%6s %5s %-19s %-19s %s\n", "storage", faults ? "stuck          " : "", "cells", "seeds",
                 "encoded mean (sd)", "final mean (sd)", "pareto");
    for (size_t i = 0; i < final.size(); ++i)
        std::fprintf(to, "%-14s %s%6.3f %5d %.4f (%.4f)     %.4f (%.4f)     %s\n", final[i].storage.c_str(),
                     faults ? padded(faultConditionText(final[i].faultRate, final[i].faultAware), 15).c_str() : "",
                     final[i].cellsPerWeight, final[i].seeds, encoded[i].mean, encoded[i].stddev, final[i].mean,
                     final[i].stddev, final[i].pareto ? "yes" : "");
    const std::vector<StudyPair> pairs = equalStoragePairs(rows);
    if (pairs.empty()) return;
    std::fprintf(to, "at equal storage (differences in accuracy points, seed by seed: mean (sd), seeds ahead):\n");
    for (const StudyPair &p : pairs)
        std::fprintf(to, "  %s%-12s (%.3f cells) vs %-8s (%.3f): encoded %+.2f (%.2f) %d/%d, final %+.2f (%.2f) %d/%d\n",
                     faults ? padded(faultConditionText(p.faultRate, p.faultAware) + ":", 15).c_str() : "", p.scheme.c_str(),
                     p.cells, p.plain.c_str(), p.plainCells, 100 * p.encodedDiff, 100 * p.encodedDiffSd,
                     p.encodedWins, p.seeds, 100 * p.finalDiff, 100 * p.finalDiffSd, p.finalWins, p.seeds);
}

int merge(const QCommandLineParser &p)
{
    const QStringList inputs = p.positionalArguments();
    if (inputs.isEmpty()) throw UsageError("--merge: name the CSV files to join, e.g. --merge shard-*.csv --csv all.csv");
    if (!p.isSet("csv")) throw UsageError("--merge needs --csv FILE for the joined rows");
    checkOutputs(p, {"csv"});
    std::vector<std::pair<std::string, std::vector<StudyResult>>> files;
    for (const QString &f : inputs) {
        const std::string path = f.toStdString();
        try {
            files.emplace_back(path, readStudyCsv(path));
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
    }
    StudyMerge m;
    try {
        m = mergeStudyRows(files);
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    if (m.rows.empty()) throw UsageError("the files hold no rows: nothing to merge (and --csv is left as it was)");
    writeStudyCsv(p.value("csv").toStdString(), m.rows);
    const bool quiet = p.isSet("quiet");
    FILE *const out = summaryStream(p, {"csv"}); // `--csv -`: the rows alone on stdout
    std::fprintf(out, "merged %zu rows of study %s from %lld files into %s", m.rows.size(), m.rows.front().study.c_str(),
                 (long long)files.size(), qPrintable(p.value("csv")));
    if (m.duplicates) std::fprintf(out, " (%d rows found twice: the first copy kept)", m.duplicates);
    std::fprintf(out, "\n");
    if (!m.missing.empty()) {
        std::string list;
        for (size_t i = 0; i < m.missing.size() && i < 20; ++i) list += (i ? "," : "") + std::to_string(m.missing[i]);
        if (m.missing.size() > 20) list += ",...";
        std::fprintf(stderr, "note: %zu of the study's %d rows are in none of the files (rows %s); run their shards and merge again\n",
                     m.missing.size(), m.rows.front().studyRows, list.c_str());
    }
    if (!quiet) printSummary(out, m.rows);
    return 0;
}

} // namespace

int runStudyCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Equal-storage study: one network stored in each of several schemes (overlapped or plain), over several seeds; "
        "one CSV row per scheme and seed. The baseline of each seed is trained once (--epochs) or loaded (--checkpoint, "
        "--weights, a TorchScript model) and shared by its rows.");
    p.addHelpOption();
    SpecFlags flags;
    flags.add(networkFlags("retrain_lr", "0.01")).add(retrainFlags());
    flags.alias("normalize_mean", "normalize").alias("normalize_std", "normalize");
    flags.add(faultFlags("faults.")).alias("rate", "map").alias("sa1_share", "map").alias("file", "map");
    flags.add(encoderFlags("encoder.", "l2", false));
    flags.addTo(p);
    p.addOptions({
        {"storage", "Schemes to compare: overlap:W (msb-lsb W x W), transpose:W, cube:W (Latin cube W x W x W), plain:B "
                    "(B-bit words, no overlap), diffpair:W (a differential pair of two msb-lsb W x W arrays), "
                    "comma-separated.",
         "LIST"},
        {"fault-rates", "Accuracy against stuck cells: run every scheme and seed at each RATE[:SA1_SHARE] (random maps "
                        "from --fault-seed), comma-separated, e.g. 0,1%,5%,10%. Not with --faults.",
         "LIST"},
        {"fault-compare", "With --fault-rates: run each nonzero rate fault-aware and fault-unaware."},
        {"seeds", "Seeds, comma-separated (default: --seed, or 1); each seed has its own baseline.", "LIST"},
        {"csv", "The study's rows (rewritten atomically after each row; - for stdout only with --merge).", "FILE"},
        {"shard", "Run only the K-th of N contiguous blocks of rows (e.g. with Slurm: $SLURM_ARRAY_TASK_ID/N).", "K/N"},
        {"resume", "Continue the study in --csv: skip the rows it holds (refused for another study's file)."},
        {"baselines", "Keep each seed's trained baseline in DIR (state_dict files) and reuse those found there: "
                      "resumed runs and shards on a shared disk train each baseline once.",
         "DIR"},
        {"merge", "Join the CSV files given as arguments (shards of one study) into --csv, ordered by row."},
        {"quiet", "Only the summary."},
    });
    p.addPositionalArgument("files", "With --merge: the CSV files to join.", "[FILES...]");
    if (int rc = parseOrExplain(p, args, true); rc >= 0) return rc;
    try {
        if (p.isSet("merge")) return merge(p);
        if (!p.positionalArguments().isEmpty())
            throw UsageError("unexpected argument '" + p.positionalArguments().first().toStdString() +
                             "'; only --merge takes files");
        if (!p.isSet("model")) throw UsageError("--model is required: mlp, lenet5, resnet20 or a TorchScript FILE.pt");
        if (!p.isSet("storage")) throw UsageError("--storage is required, e.g. --storage overlap:8,plain:4,overlap:6,plain:3");
        if (!p.isSet("csv")) throw UsageError("--csv FILE is required: the study's rows go there");
        if (writesToStdout(p.value("csv")))
            throw UsageError("--csv: a study's rows must go to a file (it is rewritten after each row); - goes with --merge");
        QJsonObject json = flags.json(p);
        if (!json.contains("epochs")) json["epochs"] = 0;
        if (p.isSet("fault-rates") && p.isSet("faults"))
            throw UsageError("--fault-rates and --faults: give the rates to compare, or one fault map, not both");
        StudySpec study;
        study.run = networkRunSpecFrom(p, flags, json);
        study.faultCompare = p.isSet("fault-compare");
        study.storage = asUsage(flags, [&] { return parseStorageList(p.value("storage").toStdString()); });
        if (p.isSet("seeds") && p.isSet("seed")) throw UsageError("--seed and --seeds: give the seeds once, with --seeds");
        try {
            study.seeds = p.isSet("seeds") ? parseSeedList(p.value("seeds").toStdString()) : std::vector<uint64_t>{study.run.seed};
            if (p.isSet("fault-rates")) study.faultRates = parseFaultRateList(p.value("fault-rates").toStdString());
            study.validate();
        } catch (const SpecError &e) {
            if (e.key() == "storage" || e.key() == "seeds") throw UsageError("--" + e.key() + ": " + e.problem());
            if (e.key() == "fault_rates" || e.key() == "fault_compare")
                throw UsageError("--" + QString::fromStdString(e.key()).replace('_', '-').toStdString() + ": " + e.problem());
            throw UsageError(flags.message(e));
        }
        const auto [k, n] = p.isSet("shard") ? parseShard(p.value("shard")) : std::pair<int, int>{1, 1};
        checkOutputs(p, {"csv"});
        const std::string csv = p.value("csv").toStdString();

        std::unique_ptr<StudyFile> file;
        try {
            file = std::make_unique<StudyFile>(csv, study.id());
        } catch (const Error &e) {
            throw UsageError("--csv: " + std::string(e.what()) + "; nothing was overwritten");
        }
        const size_t held = file->rows().size();
        if (held > 0 && !p.isSet("resume"))
            throw UsageError("--csv " + csv + " already holds " + std::to_string(held) +
                             " rows; add --resume to continue that study, or give another file (nothing was overwritten)");
        const std::vector<int> todo = file->missing(study.shard(k, n));

        const bool quiet = p.isSet("quiet");
        if (!quiet) {
            std::printf("study %s: %s on %s, mode %s, %d scheme(s) x %zu seed(s)", study.id().c_str(), study.run.model.c_str(),
                        study.run.data.c_str(), retrainModeName(study.run.mode).c_str(), int(study.storage.size()),
                        study.seeds.size());
            if (!study.faultRates.empty()) std::printf(" x %zu fault condition(s)", study.conditions().size());
            std::printf(" = %d rows", study.rowCount());
            if (n > 1) std::printf("; shard %d/%d", k, n);
            std::printf("; %zu to run, %zu already in %s\n", todo.size(), held, csv.c_str());
            std::fflush(stdout);
        }
        ProgressLine progress(!quiet);
        JobControl control([&progress](double f, const std::string &m) { progress.update(f, m); });
        cancelOnSignals(&control);
        StudyEvents events;
        events.onRow = [&](const StudyResult &r) {
            file->add(r);
            progress.clear();
            if (!quiet) printRow(stdout, r);
        };
        events.onBaseline = [&](const std::string &what) {
            progress.clear();
            if (!quiet) std::printf("%s\n", what.c_str());
        };
        const std::string baselines = p.value("baselines").toStdString();
        const StudyOutcome out = asUsage(flags, [&] { return runStudy(study, todo, baselines, &control, events); });
        cancelOnSignals(nullptr);
        progress.clear();
        if (file->rows().empty() && !QFileInfo::exists(QString::fromStdString(csv))) file->write(); // a header for an empty shard
        if (out.cancelled) {
            std::fprintf(stderr, "interrupted: %zu row(s) of this run are in %s; --resume continues\n", out.rows.size(), csv.c_str());
            return 130;
        }
        printSummary(stdout, file->rows());
        return 0;
    } catch (const UsageError &e) {
        std::fprintf(stderr, "twill-cli study: %s\n", e.what());
        return 2;
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-cli study: %s\n", e.what());
        return 1;
    }
}

} // namespace twill::cli
