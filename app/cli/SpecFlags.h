#pragma once
// The command line's words for spec options: each flag names the spec key it sets (a path such
// as "array.bits" or "epochs") and how its text reads. The flags' values become the spec's JSON,
// which the spec reads and validates as it reads a project or a report; a SpecError from the
// spec comes back naming the flag. A new option is one row here.
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>

#include <string>
#include <vector>

namespace twill {
class SpecError;
}

namespace twill::cli {

enum class FlagKind {
    Integer, // a whole number
    Number,  // a real number
    Text,    // a name or a path
    Switch,  // present: true
    Numbers, // comma-separated real numbers
    Names,   // comma-separated names
    Seed     // a non-negative integer up to 2^64-1
};

struct SpecFlag {
    QString name;        // without the dashes
    QString key;         // spec key path: "epochs", "array.bits", "encoder.solver"
    FlagKind kind;
    QString help;        // with the default in words
    QString valueName;   // for --help; empty for switches
};

class SpecFlags {
public:
    SpecFlags &add(const std::vector<SpecFlag> &flags);
    void addTo(QCommandLineParser &p) const;
    // The flags that are set, as the spec's JSON (nested by key path); a value that does not
    // read as its kind throws UsageError naming the flag.
    QJsonObject json(const QCommandLineParser &p) const;
    // The other way: the flags that give the keys of 'json' (nested by key path, as json()
    // writes it), in table order: "--bits 8", a switch when true; empty texts and lists say
    // nothing. Keys no flag sets are added to 'unset' (as key paths) when it is given.
    QStringList arguments(const QJsonObject &json, QStringList *unset = nullptr) const;
    // A SpecError in the command line's words: "--epochs-per-step: must be 0 to 10000".
    std::string message(const SpecError &e) const;
    bool set(const QCommandLineParser &p, const QString &key) const; // the flag for key is given
    // Errors about spec key 'key' name the flag of 'flagKey' (one flag that sets two keys).
    SpecFlags &alias(const std::string &key, const std::string &flagKey);

private:
    const SpecFlag *forKey(const std::string &leafKey) const;
    std::vector<SpecFlag> flags_;
    std::vector<std::pair<std::string, std::string>> aliases_{{"custom_layout", "pattern"}};
};

// The keys of 'json' whose values differ from those at the same path in 'defaults' (objects
// compared key by key): what a command line has to say when the command assumes 'defaults'.
QJsonObject withoutDefaults(const QJsonObject &json, const QJsonObject &defaults);

// The flags of an array spec (under 'prefix', e.g. "array."), without --pattern FILE.json handling.
std::vector<SpecFlag> arrayFlags(const QString &prefix);
// The options of --pattern latin-search (under 'prefix', e.g. "pattern_search."); add them after
// the encoder's flags (their seed is not the encoder's).
std::vector<SpecFlag> patternSearchFlags(const QString &prefix);
// The flags of the encoder's options (under 'prefix'); threads and seed only when asked.
std::vector<SpecFlag> encoderFlags(const QString &prefix, const QString &defaultObjective, bool threadsAndSeed);

// The stuck-at fault flags (under 'prefix', e.g. "faults."): --faults, --fault-seed, --fault-unaware.
std::vector<SpecFlag> faultFlags(const QString &prefix);

// The model, data and optimizer flags of train, retrain and study ('lrKey': the spec key --lr
// sets, with its default in words), and the retraining flags of retrain and study.
std::vector<SpecFlag> networkFlags(const QString &lrKey, const QString &lrDefault);
std::vector<SpecFlag> retrainFlags();

// The spec flags of twill-cli encode and of twill-cli retrain: what the commands read, and what
// CommandLine writes to reproduce a spec.
SpecFlags encodeCommandFlags();
SpecFlags retrainCommandFlags();

} // namespace twill::cli
