#include "study/StudyTable.h"

#include "study/StudySpec.h"

#include "io/AtomicFile.h"
#include "util/Error.h"
#include "util/ShortestText.h"

#include <Eigen/Core>

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace twill {

namespace {

const std::vector<std::string> kColumns{"storage",         "bits",           "layers",         "cells_per_weight",
                                        "effective_capacity", "seed",        "baseline_accuracy", "encoded_accuracy",
                                        "final_accuracy",  "mean_pct_fs",    "seconds",        "mode",
                                        "row",             "study_rows",     "study",          "adc_bits",
                                        "ones_share",      "fault_rate",     "fault_aware"};
// Columns a file of an earlier release may lack (then 0, and fault_aware 1).
const std::vector<std::string> kLaterColumns{"adc_bits", "ones_share", "fault_rate", "fault_aware"};

bool sameCondition(const StudyResult &a, double rate, bool aware)
{
    return a.faultRate == rate && a.faultAware == aware;
}

std::vector<std::string> splitCsvLine(const std::string &line)
{
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') field += line[++i];
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(field);
            field.clear();
        } else {
            field += c;
        }
    }
    out.push_back(field);
    return out;
}

} // namespace

std::string faultConditionText(double rate, bool aware)
{
    if (rate <= 0) return aware ? "none" : "map, unaware";
    char b[48];
    std::snprintf(b, sizeof b, "%g%% %s", 100 * rate, aware ? "aware" : "unaware");
    return b;
}

bool hasFaultConditions(const std::vector<StudyResult> &rows)
{
    return std::any_of(rows.begin(), rows.end(), [](const StudyResult &r) { return r.faultRate > 0 || !r.faultAware; });
}

std::string studyCsv(const std::vector<StudyResult> &rows)
{
    std::ostringstream out;
    for (size_t i = 0; i < kColumns.size(); ++i) out << (i ? "," : "") << kColumns[i];
    out << '\n';
    // Shortest round-trip numbers: a resumed or merged study keeps every figure bit for bit.
    const auto num = shortestText;
    for (const StudyResult &r : rows)
        out << r.storage << ',' << r.bits << ',' << r.layers << ',' << num(r.cellsPerWeight) << ',' << num(r.effectiveCapacity)
            << ',' << r.seed << ',' << num(r.baselineAccuracy) << ',' << num(r.encodedAccuracy) << ',' << num(r.finalAccuracy)
            << ',' << num(r.meanPctFs) << ',' << num(r.seconds) << ',' << r.mode << ',' << r.row << ',' << r.studyRows << ','
            << r.study << ',' << r.adcBits << ',' << num(r.onesShare) << ',' << num(r.faultRate) << ','
            << (r.faultAware ? 1 : 0) << '\n';
    return out.str();
}

void writeStudyCsv(const std::string &path, const std::vector<StudyResult> &rows)
{
    writeFileAtomic(path, studyCsv(rows));
}

std::vector<StudyResult> parseStudyCsv(const std::string &text, const std::string &what)
{
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    std::map<std::string, size_t> column;
    std::vector<StudyResult> rows;
    auto fail = [&](const std::string &why) -> Error {
        return Error(what + " line " + std::to_string(lineNo) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::vector<std::string> f = splitCsvLine(line);
        if (column.empty()) {
            for (size_t i = 0; i < f.size(); ++i) column[f[i]] = i;
            for (const std::string &c : kColumns)
                if (!column.count(c) && std::find(kLaterColumns.begin(), kLaterColumns.end(), c) == kLaterColumns.end())
                    throw fail("no '" + c + "' column: not a study CSV of twill-cli study (its header starts storage,bits,layers)");
            continue;
        }
        auto text = [&](const char *c) -> const std::string & {
            const size_t i = column.at(c);
            if (i >= f.size()) throw fail(std::string("the row ends before its '") + c + "' value");
            return f[i];
        };
        auto number = [&](const char *c) {
            const std::string &s = text(c);
            errno = 0;
            char *end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
                throw fail(std::string("'") + c + "' is '" + s + "', not a number");
            return v;
        };
        auto whole = [&](const char *c, double lo, double hi) {
            const double v = number(c);
            if (v < lo || v > hi || v != std::floor(v)) // the range first: no conversion of a huge double
                throw fail(std::string("'") + c + "' is '" + text(c) + "', not a whole number in range");
            return v;
        };
        StudyResult r;
        r.storage = text("storage");
        r.bits = int(whole("bits", 1, 64));
        r.layers = int(whole("layers", 1, 1024));
        r.cellsPerWeight = number("cells_per_weight");
        r.effectiveCapacity = number("effective_capacity");
        if (!readSeed(text("seed"), r.seed)) throw fail("'seed' is '" + text("seed") + "', not a seed");
        r.baselineAccuracy = number("baseline_accuracy");
        r.encodedAccuracy = number("encoded_accuracy");
        r.finalAccuracy = number("final_accuracy");
        r.meanPctFs = number("mean_pct_fs");
        r.seconds = number("seconds");
        r.mode = text("mode");
        r.row = int(whole("row", 0, 1e9));
        r.studyRows = int(whole("study_rows", 1, 1e9));
        r.study = text("study");
        if (column.count("adc_bits")) r.adcBits = int(whole("adc_bits", 0, 64));
        if (column.count("ones_share")) r.onesShare = number("ones_share");
        if (column.count("fault_rate")) {
            r.faultRate = number("fault_rate");
            if (r.faultRate < 0 || r.faultRate > 1) throw fail("'fault_rate' is '" + text("fault_rate") + "', not a share 0 to 1");
        }
        if (column.count("fault_aware")) r.faultAware = whole("fault_aware", 0, 1) == 1;
        if (r.row >= r.studyRows) throw fail("row " + std::to_string(r.row) + " is beyond the study's " + std::to_string(r.studyRows) + " rows");
        if (!rows.empty() && (rows.front().study != r.study || rows.front().studyRows != r.studyRows))
            throw fail("this row is of study " + r.study + ", the rows before it of study " + rows.front().study
                       + ": a file holds one study");
        rows.push_back(r);
    }
    if (column.empty()) throw Error(what + " is empty: not a study CSV of twill-cli study");
    return rows;
}

std::vector<StudyResult> readStudyCsv(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) throw Error("cannot read " + path + ": " + f.errorString().toStdString());
    const QByteArray bytes = f.readAll();
    return parseStudyCsv(bytes.toStdString(), path);
}

StudyFile::StudyFile(std::string path, const std::string &studyId) : path_(std::move(path))
{
    if (QFileInfo(QString::fromStdString(path_)).size() <= 0) return;
    rows_ = readStudyCsv(path_);
    if (!rows_.empty() && rows_.front().study != studyId)
        throw Error(path_ + " holds rows of study " + rows_.front().study + ", these options make study " + studyId +
                    " (other options, storage or seeds); give the options it was started with, or another file");
}

std::vector<int> StudyFile::missing(const std::vector<int> &wanted) const
{
    std::set<int> held;
    for (const StudyResult &r : rows_) held.insert(r.row);
    std::vector<int> out;
    for (int i : wanted)
        if (!held.count(i)) out.push_back(i);
    return out;
}

void StudyFile::add(const StudyResult &row)
{
    rows_.push_back(row);
    std::stable_sort(rows_.begin(), rows_.end(), [](const StudyResult &a, const StudyResult &b) { return a.row < b.row; });
    write();
}

void StudyFile::write() const
{
    writeStudyCsv(path_, rows_);
}

StudyMerge mergeStudyRows(const std::vector<std::pair<std::string, std::vector<StudyResult>>> &files)
{
    StudyMerge m;
    std::map<int, std::pair<const StudyResult *, const std::string *>> byRow;
    const StudyResult *first = nullptr;
    const std::string *firstFile = nullptr;
    for (const auto &[name, rows] : files) {
        for (const StudyResult &r : rows) {
            if (!first) {
                first = &r;
                firstFile = &name;
            } else if (r.study != first->study || r.studyRows != first->studyRows) {
                throw Error(name + " holds study " + r.study + ", " + *firstFile + " study " + first->study
                            + ": only shards of one study merge (same options, storage and seeds)");
            }
            auto [it, added] = byRow.try_emplace(r.row, &r, &name);
            if (added) continue;
            const StudyResult &o = *it->second.first;
            if (o.storage != r.storage || o.seed != r.seed || o.mode != r.mode || !sameCondition(o, r.faultRate, r.faultAware))
                throw Error("row " + std::to_string(r.row) + " is " + o.storage + " seed " + std::to_string(o.seed) + " in "
                            + *it->second.second + " but " + r.storage + " seed " + std::to_string(r.seed) + " in " + name);
            ++m.duplicates;
        }
    }
    for (const auto &[row, r] : byRow) m.rows.push_back(*r.first);
    if (first)
        for (int i = 0; i < first->studyRows; ++i)
            if (!byRow.count(i)) m.missing.push_back(i);
    return m;
}

std::vector<StudyPoint> studyPoints(const std::vector<StudyResult> &rows, StudyAccuracy which)
{
    using Key = std::tuple<std::string, double, bool>;
    std::vector<Key> order;
    std::map<Key, std::vector<const StudyResult *>> groups;
    for (const StudyResult &r : rows) {
        const Key key{r.storage, r.faultRate, r.faultAware};
        if (!groups.count(key)) order.push_back(key);
        groups[key].push_back(&r);
    }
    std::vector<StudyPoint> points;
    for (const Key &key : order) {
        const auto &g = groups[key];
        Eigen::ArrayXd acc(Eigen::Index(g.size())), err(Eigen::Index(g.size())), cells(Eigen::Index(g.size()));
        for (size_t i = 0; i < g.size(); ++i) {
            acc[Eigen::Index(i)] = which == StudyAccuracy::Final ? g[i]->finalAccuracy : g[i]->encodedAccuracy;
            err[Eigen::Index(i)] = g[i]->meanPctFs;
            cells[Eigen::Index(i)] = g[i]->cellsPerWeight;
        }
        StudyPoint p;
        p.storage = std::get<0>(key);
        p.faultRate = std::get<1>(key);
        p.faultAware = std::get<2>(key);
        p.seeds = int(g.size());
        p.cellsPerWeight = cells.mean();
        p.mean = acc.mean();
        p.min = acc.minCoeff();
        p.max = acc.maxCoeff();
        p.stddev = g.size() > 1 ? std::sqrt((acc - p.mean).square().sum() / double(g.size() - 1)) : 0.0;
        p.meanPctFs = err.mean();
        points.push_back(p);
    }
    for (StudyPoint &p : points) {
        p.pareto = std::none_of(points.begin(), points.end(), [&](const StudyPoint &q) {
            if (q.faultRate != p.faultRate || q.faultAware != p.faultAware) return false;
            return (q.cellsPerWeight <= p.cellsPerWeight && q.mean > p.mean)
                   || (q.cellsPerWeight < p.cellsPerWeight && q.mean >= p.mean);
        });
    }
    return points;
}

std::vector<StudyPair> equalStoragePairs(const std::vector<StudyResult> &rows)
{
    const std::vector<StudyPoint> points = studyPoints(rows);
    auto isPlain = [](const std::string &item) { return item.rfind("plain:", 0) == 0; };
    std::vector<StudyPair> pairs;
    for (const StudyPoint &p : points) {
        if (isPlain(p.storage)) continue;
        const StudyPoint *best = nullptr;
        for (const StudyPoint &q : points)
            if (isPlain(q.storage) && q.faultRate == p.faultRate && q.faultAware == p.faultAware
                && q.cellsPerWeight >= p.cellsPerWeight * 0.99 && (!best || q.cellsPerWeight < best->cellsPerWeight))
                best = &q;
        if (!best) continue;
        std::map<uint64_t, const StudyResult *> mine, theirs;
        for (const StudyResult &r : rows) {
            if (!sameCondition(r, p.faultRate, p.faultAware)) continue;
            if (r.storage == p.storage) mine[r.seed] = &r;
            if (r.storage == best->storage) theirs[r.seed] = &r;
        }
        std::vector<double> enc, fin;
        for (const auto &[seed, r] : mine) {
            const auto it = theirs.find(seed);
            if (it == theirs.end()) continue;
            enc.push_back(r->encodedAccuracy - it->second->encodedAccuracy);
            fin.push_back(r->finalAccuracy - it->second->finalAccuracy);
        }
        if (enc.empty()) continue;
        StudyPair pair;
        pair.scheme = p.storage;
        pair.plain = best->storage;
        pair.faultRate = p.faultRate;
        pair.faultAware = p.faultAware;
        pair.cells = p.cellsPerWeight;
        pair.plainCells = best->cellsPerWeight;
        pair.seeds = int(enc.size());
        const Eigen::Map<const Eigen::ArrayXd> e(enc.data(), Eigen::Index(enc.size())), f(fin.data(), Eigen::Index(fin.size()));
        auto sd = [](const Eigen::ArrayXd &x) {
            return x.size() > 1 ? std::sqrt((x - x.mean()).square().sum() / double(x.size() - 1)) : 0.0;
        };
        pair.encodedDiff = e.mean();
        pair.finalDiff = f.mean();
        pair.encodedDiffSd = sd(e);
        pair.finalDiffSd = sd(f);
        pair.encodedWins = int((e > 0).count());
        pair.finalWins = int((f > 0).count());
        pairs.push_back(pair);
    }
    return pairs;
}

} // namespace twill
