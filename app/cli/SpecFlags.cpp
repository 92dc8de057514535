#include "SpecFlags.h"

#include "CliOptions.h"
#include "util/Error.h"

#include <QJsonArray>

#include <cmath>

namespace twill::cli {

SpecFlags &SpecFlags::add(const std::vector<SpecFlag> &flags)
{
    flags_.insert(flags_.end(), flags.begin(), flags.end());
    return *this;
}

void SpecFlags::addTo(QCommandLineParser &p) const
{
    for (const SpecFlag &f : flags_) {
        if (f.kind == FlagKind::Switch) p.addOption({f.name, f.help});
        else p.addOption({f.name, f.help, f.valueName});
    }
}

namespace {

QJsonValue valueOf(const SpecFlag &f, const QString &text)
{
    const std::string flag = "--" + f.name.toStdString() + " '" + text.toStdString() + "'";
    auto number = [&](const QString &t, bool whole) {
        bool ok = false;
        const double v = t.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v)) throw UsageError(flag + " is not a number");
        if (whole && v != std::floor(v)) throw UsageError(flag + " is not a whole number");
        return v;
    };
    switch (f.kind) {
    case FlagKind::Integer: return number(text, true);
    case FlagKind::Number: return number(text, false);
    case FlagKind::Text: return text;
    case FlagKind::Switch: return true;
    case FlagKind::Seed: {
        bool ok = false;
        text.toULongLong(&ok);
        if (!ok) throw UsageError(flag + " must be a non-negative whole number");
        return text;
    }
    case FlagKind::Numbers: {
        QJsonArray a;
        for (const QString &item : text.split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const double v = item.trimmed().toDouble(&ok);
            if (!ok) throw UsageError("--" + f.name.toStdString() + ": '" + item.trimmed().toStdString() + "' is not a number");
            a.append(v);
        }
        return a;
    }
    case FlagKind::Names: {
        QJsonArray a;
        for (const QString &item : text.split(',', Qt::SkipEmptyParts)) a.append(item.trimmed());
        return a;
    }
    }
    return {};
}

void setPath(QJsonObject &root, const QString &path, const QJsonValue &v)
{
    const int dot = path.indexOf('.');
    if (dot < 0) {
        root[path] = v;
        return;
    }
    QJsonObject child = root.value(path.left(dot)).toObject();
    setPath(child, path.mid(dot + 1), v);
    root[path.left(dot)] = child;
}

} // namespace

QJsonObject SpecFlags::json(const QCommandLineParser &p) const
{
    QJsonObject root;
    for (const SpecFlag &f : flags_)
        if (p.isSet(f.name)) setPath(root, f.key, valueOf(f, p.value(f.name)));
    return root;
}

bool SpecFlags::set(const QCommandLineParser &p, const QString &key) const
{
    for (const SpecFlag &f : flags_)
        if (f.key == key) return p.isSet(f.name);
    return false;
}

const SpecFlag *SpecFlags::forKey(const std::string &leaf) const
{
    for (const SpecFlag &f : flags_) {
        const QString k = f.key.section('.', -1);
        if (k.toStdString() == leaf) return &f;
    }
    return nullptr;
}

SpecFlags &SpecFlags::alias(const std::string &key, const std::string &flagKey)
{
    aliases_.emplace_back(key, flagKey);
    return *this;
}

std::string SpecFlags::message(const SpecError &e) const
{
    const SpecFlag *f = forKey(e.key());
    for (const auto &[key, flagKey] : aliases_)
        if (!f && key == e.key()) f = forKey(flagKey);
    if (!f) return e.what();
    return "--" + f->name.toStdString() + ": " + e.problem();
}

std::vector<SpecFlag> arrayFlags(const QString &prefix)
{
    return {
        {"pattern", prefix + "pattern", FlagKind::Text,
         "msb-lsb (default), transpose, latin, latin-search (a seeded search over Latin cubes), or a layout "
         "FILE.json.",
         "PATTERN"},
        {"bits", prefix + "bits", FlagKind::Integer, "Weight width W, 2..32 (default 16).", "W"},
        {"rows", prefix + "rows", FlagKind::Integer, "Rows per array (default W).", "R"},
        {"cols", prefix + "cols", FlagKind::Integer, "Columns per array (default W).", "C"},
        {"layers", prefix + "layers", FlagKind::Integer, "Layers of a 3D stack (default 1).", "D"},
        {"directions", prefix + "directions", FlagKind::Names,
         "Access directions holding words: row,column[,pillar] (default row,column; with layers > 1: "
         "row,column,pillar).",
         "LIST"},
        {"rotation", prefix + "rotation", FlagKind::Integer, "Pattern offset k of msb-lsb/latin (default 0).", "K"},
    };
}

std::vector<SpecFlag> patternSearchFlags(const QString &prefix)
{
    return {
        {"search-trials", prefix + "trials", FlagKind::Integer, "latin-search: candidate patterns measured (default 100).",
         "N"},
        {"search-arrays", prefix + "arrays", FlagKind::Integer,
         "latin-search: random cubes each candidate is measured on (default 8).", "N"},
        {"search-seed", prefix + "seed", FlagKind::Seed, "latin-search: seed of the swaps and of the cubes (default 1).",
         "S"},
        {"search-score", prefix + "score", FlagKind::Text,
         "latin-search: what a candidate is scored by: max (mean per-array max error, default), bound (mean proven "
         "lower bound on it) or l2 (mean error).",
         "SCORE"},
    };
}

std::vector<SpecFlag> encoderFlags(const QString &prefix, const QString &defaultObjective, bool threadsAndSeed)
{
    std::vector<SpecFlag> f{
        {"format", prefix + "number_format", FlagKind::Text, "Number format: unsigned (default), twos, signmag, or diffpair (a differential pair: P - N, two "
         "unsigned arrays a weight, twice the cells).",
         "FORMAT"},
        {"objective", prefix + "objective", FlagKind::Text,
         "l2, max or rel (relative to the target); default " + defaultObjective + ".", "OBJ"},
        {"bound", prefix + "bound_lsb", FlagKind::Number,
         "Hard bound on |error| in LSB; arrays that cannot meet it are reported infeasible.", "LSB"},
        {"solver", prefix + "solver", FlagKind::Text, "greedy, local, exact or auto (default).", "SOLVER"},
        {"time-limit", prefix + "time_limit_s", FlagKind::Number,
         "Seconds per array for the exact search (default: none; results then depend on speed).", "S"},
        {"node-limit", prefix + "node_limit", FlagKind::Integer,
         "Branch-and-bound nodes per array (default 50M exact, 200k auto).", "N"},
        {"restarts", prefix + "restarts", FlagKind::Integer,
         "Local search perturbations (default 100 for l2/rel, 8 for max).", "N"},
        {"shift", prefix + "shift", FlagKind::Switch, "Let every word store its value shifted right (decoded as stored << s).", {}},
        {"max-shift", prefix + "max_shift", FlagKind::Integer, "Largest shift with --shift (default 3).", "S"},
        {"rotate", prefix + "rotate", FlagKind::Switch, "Let every array choose its pattern rotation.", {}},
        {"offset", prefix + "offset", FlagKind::Switch, "Let every array choose an offset added to all its words.", {}},
        {"offset-bits", prefix + "offset_bits", FlagKind::Integer, "Metadata bits of the offset (default 4).", "B"},
    };
    if (threadsAndSeed) {
        f.push_back({"threads", prefix + "threads", FlagKind::Integer,
                     "Worker threads (default: all cores); results do not depend on it.", "T"});
        f.push_back({"seed", prefix + "seed", FlagKind::Seed, "Seed (default 1).", "S"});
    }
    return f;
}

std::vector<SpecFlag> faultFlags(const QString &prefix)
{
    return {
        {"faults", prefix + "map", FlagKind::Text,
         "Stuck-at faults: RATE[:SA1_SHARE] stuck cells at random (0.02 or 2%; SA1_SHARE the share stuck at 1, "
         "default 0.5), or a map FILE.npy (int8 [arrays, layers, rows, cols]: -1 healthy, 0 or 1 stuck). Stuck "
         "cells are pins no solver moves.",
         "RATE|FILE"},
        {"fault-seed", prefix + "seed", FlagKind::Seed, "Seed of the random fault map (default 1).", "S"},
        {"fault-unaware", prefix + "unaware", FlagKind::Switch,
         "Encode as if every cell were healthy, then let the stuck cells overwrite (for comparison).", {}},
    };
}

} // namespace twill::cli
