#pragma once
// The rows a study writes, one per (storage scheme, seed), as CSV that spreadsheets, pandas and
// R read: the file a study grows row by row (rewritten atomically after each), that its shards
// write on a cluster and that --merge joins; and the statistics the window draws from them
// (accuracy over the seeds of each scheme, and the Pareto front: the schemes no other beats on
// both cells per weight and accuracy).
//
// Columns: storage, bits, layers, cells_per_weight (cells plus metadata bits a weight, padding
// included), effective_capacity, seed, baseline_accuracy, encoded_accuracy (right after
// encoding), final_accuracy (the deployed weights), mean_pct_fs (mean |error| of the deployed
// encoding, % of full scale), seconds, mode, row, study_rows, study (the study's id), adc_bits
// (the ADC bits the deployed encoding's fullest bitline needs, any direction), ones_share
// (of its cells), fault_rate (the share of stuck cells of the row's random fault map; 0 for a
// map file or none) and fault_aware (1, or 0 when the encoder did not know the stuck cells).
// Files of earlier releases lack the last four: they read as 0, 0, 0 and 1.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace twill {

struct StudyResult {
    std::string storage;
    int bits = 0;
    int layers = 1;
    double cellsPerWeight = 0;
    double effectiveCapacity = 0;
    uint64_t seed = 0;
    double baselineAccuracy = 0;
    double encodedAccuracy = 0;
    double finalAccuracy = 0;
    double meanPctFs = 0;
    double seconds = 0;
    std::string mode;
    int row = 0;       // 0-based, seed-major
    int studyRows = 0; // rows of the whole study
    std::string study; // StudySpec::id()
    int adcBits = 0;
    double onesShare = 0;
    double faultRate = 0;
    bool faultAware = true;
};

// A row's fault condition in words: "none", "2% aware", "0.5% unaware" ("map, unaware" for the
// unaware rows of a map file, whose rate the CSV does not hold).
std::string faultConditionText(double rate, bool aware);
// Whether any row has stuck cells that the CSV tells (a rate, or fault-unaware).
bool hasFaultConditions(const std::vector<StudyResult> &rows);

std::string studyCsv(const std::vector<StudyResult> &rows);
void writeStudyCsv(const std::string &path, const std::vector<StudyResult> &rows); // atomically
// Throws Error naming the file and line: a missing column, a value that does not read, a row
// of a different study than the rows before it.
std::vector<StudyResult> parseStudyCsv(const std::string &text, const std::string &what);
std::vector<StudyResult> readStudyCsv(const std::string &path);

// The rows of several files (name, rows) as one study, ordered by row; a row found twice
// (shards run twice) keeps its first copy. Throws Error naming the two files when they hold
// different studies or disagree on what a row is.
struct StudyMerge {
    std::vector<StudyResult> rows;
    int duplicates = 0;
    std::vector<int> missing; // rows of the study no file holds
};
StudyMerge mergeStudyRows(const std::vector<std::pair<std::string, std::vector<StudyResult>>> &files);

// A study's CSV as it grows: the rows it holds (read when the file exists and is not empty),
// and each new row added in row order with the file rewritten atomically, so that an
// interrupted study keeps every finished row and continues from them.
class StudyFile {
public:
    // Throws Error when the file does not read as a study CSV, or holds rows of another study
    // than 'studyId' (saying both ids); nothing is written then.
    StudyFile(std::string path, const std::string &studyId);
    const std::string &path() const { return path_; }
    const std::vector<StudyResult> &rows() const { return rows_; }
    // Of 'wanted', the rows the file does not hold yet, in order.
    std::vector<int> missing(const std::vector<int> &wanted) const;
    void add(const StudyResult &row);
    void write() const; // the rows as they are (a header only when there are none)

private:
    std::string path_;
    std::vector<StudyResult> rows_;
};

// One scheme over its seeds, at one fault condition.
struct StudyPoint {
    std::string storage;
    double faultRate = 0;
    bool faultAware = true;
    double cellsPerWeight = 0;
    int seeds = 0;
    double mean = 0, min = 0, max = 0, stddev = 0; // of the accuracy chosen (stddev: sample, 0 for one seed)
    double meanPctFs = 0;
    bool pareto = false; // no other scheme has at most its cells a weight and a higher mean, or fewer cells and as high
};
enum class StudyAccuracy { Encoded, Final };
// (scheme, fault condition) in the order they first appear; the Pareto front is taken within
// each condition.
std::vector<StudyPoint> studyPoints(const std::vector<StudyResult> &rows, StudyAccuracy which = StudyAccuracy::Final);

// The equal-storage answer: each overlapped scheme against the plain scheme that uses the
// fewest cells a weight among those using at least as many (within 1 %, the padding of the
// last arrays): overlap:8 (4 cells) against plain:4, cube:8 (8/3) against plain:3, both at the
// same fault condition. Seeds pair up (a seed's rows share their baseline), so the differences
// are taken seed by seed.
struct StudyPair {
    std::string scheme, plain;
    double faultRate = 0;
    bool faultAware = true;
    double cells = 0, plainCells = 0;
    int seeds = 0;                            // seeds both schemes have
    double encodedDiff = 0, encodedDiffSd = 0; // mean and sample sd of (scheme - plain), accuracy
    double finalDiff = 0, finalDiffSd = 0;
    int encodedWins = 0, finalWins = 0;       // seeds where the scheme is strictly ahead
};
std::vector<StudyPair> equalStoragePairs(const std::vector<StudyResult> &rows);

} // namespace twill
