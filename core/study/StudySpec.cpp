#include "study/StudySpec.h"

#include "spec/SpecReader.h"
#include "util/Error.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>

namespace twill {

namespace {

const char *const kSchemes = "overlap:W (msb-lsb W x W), transpose:W, cube:W (Latin cube W x W x W), plain:B (no overlap) "
                             "or diffpair:W (a differential pair of two msb-lsb W x W arrays)";

std::string hashOf(const QJsonObject &o)
{
    const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(12).toStdString();
}

// The items of a list separated by commas, spaces (and semicolons when 'semicolons').
std::vector<std::string> listItems(const std::string &list, bool semicolons)
{
    std::vector<std::string> items{std::string()};
    for (char c : list) {
        if (c == ',' || (semicolons && c == ';') || std::isspace((unsigned char)c)) {
            if (!items.back().empty()) items.emplace_back();
        } else {
            items.back() += c;
        }
    }
    if (items.back().empty()) items.pop_back();
    return items;
}

} // namespace

StorageScheme StorageScheme::parse(const std::string &item)
{
    const size_t colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
        throw SpecError("storage", "'" + item + "' is not a storage item; use " + kSchemes);
    StorageScheme s;
    s.item = item;
    s.kind = item.substr(0, colon);
    const std::string width = item.substr(colon + 1);
    if (width.size() > 3 || !std::all_of(width.begin(), width.end(), [](char c) { return std::isdigit((unsigned char)c); }))
        throw SpecError("storage", "'" + item + "': the width after ':' must be a whole number of bits");
    s.bits = std::stoi(width);
    if (s.kind != "overlap" && s.kind != "transpose" && s.kind != "cube" && s.kind != "plain" && s.kind != "diffpair")
        throw SpecError("storage", "'" + item + "': '" + s.kind + "' is unknown; use " + kSchemes);
    try {
        s.array().validate();
    } catch (const SpecError &e) {
        throw SpecError("storage", "'" + item + "': " + e.what());
    }
    return s;
}

ArraySpec StorageScheme::array() const
{
    if (kind == "plain") return ArraySpec::plain(bits);
    if (kind == "transpose") return ArraySpec::square(Pattern::Transpose, bits);
    if (kind == "cube") return ArraySpec::square(Pattern::Latin, bits, true);
    return ArraySpec::square(Pattern::MsbLsb, bits);
}

std::vector<StorageScheme> parseStorageList(const std::string &list)
{
    std::vector<StorageScheme> out;
    for (const std::string &item : listItems(list, false)) out.push_back(StorageScheme::parse(item));
    return out;
}

bool readSeed(const std::string &text, uint64_t &seed)
{
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit((unsigned char)c); }))
        return false;
    errno = 0;
    char *end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) return false;
    seed = uint64_t(v);
    return true;
}

std::vector<uint64_t> parseSeedList(const std::string &list)
{
    std::vector<uint64_t> seeds;
    for (const std::string &item : listItems(list, true)) {
        uint64_t s = 0;
        if (!readSeed(item, s))
            throw SpecError("seeds", "'" + item + "' is not a seed (a whole number 0 to 2^64-1); give e.g. 1,2,3");
        seeds.push_back(s);
    }
    if (seeds.empty()) throw SpecError("seeds", "give one seed or more, e.g. 1,2,3");
    return seeds;
}

std::vector<FaultSpec> parseFaultRateList(const std::string &list)
{
    std::vector<FaultSpec> rates;
    for (const std::string &item : listItems(list, true)) {
        FaultSpec f;
        try {
            f = FaultSpec::parseMap(item);
        } catch (const SpecError &e) {
            throw SpecError("fault_rates", "'" + item + "': " + e.problem());
        }
        if (!f.file.empty())
            throw SpecError("fault_rates", "'" + item + "' is a map file; a study's fault rates are random maps "
                                           "(RATE[:SA1_SHARE], e.g. 0,1%,5%); give a measured map with --faults FILE.npy");
        for (const FaultSpec &o : rates)
            if (o.rate == f.rate && o.sa1Share == f.sa1Share) throw SpecError("fault_rates", "lists '" + item + "' twice");
        rates.push_back(f);
    }
    if (rates.empty()) throw SpecError("fault_rates", "give one rate or more, e.g. 0,1%,5%,10%");
    return rates;
}

std::vector<FaultCondition> StudySpec::conditions() const
{
    if (faultRates.empty()) return {FaultCondition{run.faults.rate, run.faults.sa1Share, run.faults.unaware}};
    std::vector<FaultCondition> out;
    for (const FaultSpec &f : faultRates) {
        out.push_back({f.rate, f.sa1Share, run.faults.unaware});
        if (faultCompare && f.rate > 0) out.push_back({f.rate, f.sa1Share, true});
    }
    return out;
}

StudyRowKey StudySpec::row(int index) const
{
    if (storage.empty() || index < 0 || index >= rowCount()) throw Error("study row " + std::to_string(index) + " is out of range");
    const int schemes = int(storage.size()), conds = int(conditions().size());
    StudyRowKey k;
    k.index = index;
    k.scheme = index % schemes;
    k.condition = (index / schemes) % conds;
    k.seed = seeds[size_t(index / (schemes * conds))];
    return k;
}

std::vector<int> StudySpec::shard(int k, int n) const
{
    if (n < 1 || k < 1 || k > n) throw SpecError("shard", "must be K/N with 1 <= K <= N, e.g. 2/8");
    const int64_t rows = rowCount();
    std::vector<int> out;
    for (int64_t i = rows * (k - 1) / n; i < rows * k / n; ++i) out.push_back(int(i));
    return out;
}

NetworkRunSpec StudySpec::rowSpec(const StudyRowKey &row) const
{
    NetworkRunSpec s = run;
    s.array = storage.at(size_t(row.scheme)).array();
    s.seed = row.seed;
    s.encoder.seed = row.seed;
    if (storage.at(size_t(row.scheme)).kind == "diffpair") s.encoder.format = NumberFormat::DifferentialPair;
    if (!faultRates.empty()) {
        const FaultCondition c = conditions().at(size_t(row.condition));
        s.faults.file.clear();
        s.faults.rate = c.rate;
        s.faults.sa1Share = c.sa1Share;
        s.faults.unaware = c.unaware && c.rate > 0;
    }
    return s;
}

QJsonObject StudySpec::toJson() const
{
    QJsonObject o;
    QJsonObject r = run.toJson();
    r.remove("array"); // each row's scheme
    r.remove("seed");  // each row's seed
    o["run"] = r;
    QJsonArray items, s;
    for (const StorageScheme &x : storage) items.append(QString::fromStdString(x.item));
    for (uint64_t seed : seeds) s.append(seedJson(seed));
    o["storage"] = items;
    o["seeds"] = s;
    if (!faultRates.empty()) {
        QJsonArray rates;
        for (const FaultSpec &f : faultRates) rates.append(QJsonObject{{"rate", f.rate}, {"sa1_share", f.sa1Share}});
        o["fault_rates"] = rates;
        o["fault_compare"] = faultCompare;
    }
    return o;
}

std::string StudySpec::id() const
{
    QJsonObject o = toJson();
    QJsonObject r = o["run"].toObject();
    r.remove("threads");
    o["run"] = r;
    return hashOf(o);
}

std::string StudySpec::baselineId(uint64_t seed) const
{
    const QJsonObject r = run.toJson();
    QJsonObject b;
    for (const char *key : {"model", "checkpoint", "weights", "data", "train_subset", "epochs", "optimizer", "lr", "momentum",
                            "batch", "normalize_mean", "normalize_std", "input_shape", "input_fit"})
        b[key] = r[key];
    b["seed"] = seedJson(seed);
    return hashOf(b);
}

void StudySpec::checkSchemesAndSeeds() const
{
    if (storage.empty()) throw SpecError("storage", std::string("is empty; list the schemes to compare, e.g. overlap:8,plain:4"));
    if (seeds.empty()) throw SpecError("seeds", "is empty; give one seed or more, e.g. 1,2,3");
    std::set<std::string> items;
    for (const StorageScheme &s : storage)
        if (!items.insert(s.item).second) throw SpecError("storage", "lists '" + s.item + "' twice");
    std::set<uint64_t> seen;
    for (uint64_t s : seeds)
        if (!seen.insert(s).second) throw SpecError("seeds", "lists " + std::to_string(s) + " twice");
    if (!faultRates.empty() && run.faults.any())
        throw SpecError("fault_rates", "come with faults of their own (" + run.faults.describe()
                                           + "); give the rates, or one fault map, not both");
    if (faultCompare && faultRates.empty())
        throw SpecError("fault_compare", std::string("compares fault-aware with fault-unaware storage at each fault rate; "
                                                     "give the rates too, e.g. 0,1%,5%,10%"));
    if (faultCompare && run.faults.unaware)
        throw SpecError("fault_compare", std::string("runs every rate both aware and unaware; drop the unaware flag"));
}

void StudySpec::validate() const
{
    checkSchemesAndSeeds();
    for (size_t c = 0; c < conditions().size(); ++c)
        for (const StorageScheme &s : storage)
            rowSpec(StudyRowKey{0, int(&s - storage.data()), seeds.front(), int(c)}).validate();
    run.requireBaseline();
}

} // namespace twill
