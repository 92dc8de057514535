#pragma once
// One equal-storage study: a network run (every option of `retrain`), a list of storage
// schemes and a list of seeds. Each (scheme, seed) is a row; rows go seed by seed (the baseline
// of a seed is trained once and shared by its rows), schemes in the order given. A shard K/N
// is the K-th of N contiguous blocks of rows, so every row belongs to exactly one shard and
// shards of one seed share its baseline.
//
// Storage items: overlap:W (msb-lsb W x W), transpose:W (the naive pattern), cube:W (the Latin
// cube W x W x W, three directions), plain:B (B-bit words, no overlap), diffpair:W (a
// differential pair, w = P - N, of two msb-lsb W x W arrays: the row's number format is
// diffpair whatever the run's, and it takes twice the cells of overlap:W). A study's id is a hash
// of everything that changes its figures (not the threads, not the shard), so that rows of
// different studies are never mixed.
//
// Fault rates make a third axis: each rate (a random stuck-at map, FaultSpec's RATE[:SA1_SHARE]
// drawn from the run's fault seed) is a condition, and with 'faultCompare' every nonzero rate
// is run twice, fault-aware and fault-unaware. Rows then go seed by seed, condition by
// condition, scheme by scheme; without rates there is one condition, the run's own faults.
#include "spec/NetworkRunSpec.h"

#include <QJsonObject>

#include <cstdint>
#include <string>
#include <vector>

namespace twill {

struct StorageScheme {
    std::string item;  // as given: "overlap:8"
    std::string kind;  // overlap | transpose | cube | plain | diffpair
    int bits = 0;
    ArraySpec array() const;
    // Throws SpecError("storage", ...) saying which items exist.
    static StorageScheme parse(const std::string &item);
};

// "overlap:8,plain:4" (commas or spaces between items).
std::vector<StorageScheme> parseStorageList(const std::string &list);
// A seed written in decimal, 0 to 2^64-1; false for anything else (a sign, a fraction, a word).
bool readSeed(const std::string &text, uint64_t &seed);
// "1,2,3" (commas or spaces); throws SpecError("seeds", ...) naming the item that is no seed.
std::vector<uint64_t> parseSeedList(const std::string &list);

struct StudyRowKey {
    int index = 0;     // 0-based, seed-major
    int scheme = 0;    // into StudySpec::storage
    uint64_t seed = 0;
    int condition = 0; // into StudySpec::conditions()
};

// One fault condition of a study: the share of stuck cells, the share of those at 1, and
// whether the encoder knows them.
struct FaultCondition {
    double rate = 0;
    double sa1Share = 0.5;
    bool unaware = false;
};

// "0,1%,5%:0.3,10%" (commas or spaces; each RATE[:SA1_SHARE] as --faults takes it); throws
// SpecError("fault_rates", ...) for a map file, a rate listed twice or one that does not read.
std::vector<FaultSpec> parseFaultRateList(const std::string &list);

struct StudySpec {
    NetworkRunSpec run; // every row's options; each row sets its own array and seed
    std::vector<StorageScheme> storage;
    std::vector<uint64_t> seeds{1};
    std::vector<FaultSpec> faultRates; // empty: one condition, run.faults
    bool faultCompare = false;         // each nonzero rate also fault-unaware

    // The run's faults alone, or per rate: aware (or the run's unaware), then unaware with
    // 'faultCompare' when the rate is not 0.
    std::vector<FaultCondition> conditions() const;
    int rowCount() const { return int(storage.size() * seeds.size() * conditions().size()); }
    StudyRowKey row(int index) const;
    // The rows of shard k of n (1 <= k <= n): a contiguous block, possibly empty when n > rows.
    std::vector<int> shard(int k, int n) const;
    // The run of one row: 'run' with the scheme's array, the row's seed and its condition's
    // faults (a random map from the run's fault seed).
    NetworkRunSpec rowSpec(const StudyRowKey &row) const;
    // 12 hex digits; equal for equal studies (whatever the threads).
    std::string id() const;
    // The same for the float baseline of one seed (model, data, training, the seed): two studies
    // that agree on it can share a saved baseline.
    std::string baselineId(uint64_t seed) const;
    // Throws SpecError naming the key: no storage, no seeds, a scheme or a seed listed twice;
    // fault rates with the run's own faults (a map or a rate: give one or the other), or
    // faultCompare without rates or with the run unaware.
    void checkSchemesAndSeeds() const;
    // The same, then a built-in model with nothing to start from (no epochs, checkpoint or
    // weights), and whatever the run spec refuses.
    void validate() const;
    // "run", "storage" (items), "seeds"; "fault_rates" ([{rate, sa1_share}]) and
    // "fault_compare" only when rates are given, so that the ids of earlier studies stay.
    QJsonObject toJson() const;
};

} // namespace twill
