#include "SpecFlags.h"

#include "CliOptions.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QLocale>

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

namespace {

// The value at a key path ("array.bits") of 'root'; undefined when it is absent.
QJsonValue valueAt(const QJsonObject &root, const QString &path)
{
    const int dot = path.indexOf('.');
    if (dot < 0) return root.value(path);
    return valueAt(root.value(path.left(dot)).toObject(), path.mid(dot + 1));
}

void keyPaths(const QJsonObject &o, const QString &prefix, QStringList &out)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it->isObject()) keyPaths(it->toObject(), prefix + it.key() + '.', out);
        else out << prefix + it.key();
    }
}

// The shortest text that reads back as the same double.
QString numberText(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

// The text of a flag that valueOf() reads back as 'v' (switches aside); empty says nothing.
QString textOf(const SpecFlag &f, const QJsonValue &v)
{
    QStringList items;
    switch (f.kind) {
    case FlagKind::Integer: return QString::number(qint64(v.toDouble()));
    case FlagKind::Number: return numberText(v.toDouble());
    case FlagKind::Text: return v.toString();
    case FlagKind::Switch: return {};
    case FlagKind::Seed: return v.isString() ? v.toString() : QString::number(quint64(v.toDouble()));
    case FlagKind::Numbers:
        for (const QJsonValue &x : v.toArray()) items << numberText(x.toDouble());
        return items.join(',');
    case FlagKind::Names:
        for (const QJsonValue &x : v.toArray()) items << x.toString();
        return items.join(',');
    }
    return {};
}

} // namespace

QStringList SpecFlags::arguments(const QJsonObject &json, QStringList *unset) const
{
    QStringList args, said;
    for (const SpecFlag &f : flags_) {
        const QJsonValue v = valueAt(json, f.key);
        if (v.isUndefined()) continue;
        said << f.key;
        if (f.kind == FlagKind::Switch) {
            if (v.toBool()) args << "--" + f.name;
            continue;
        }
        const QString text = textOf(f, v);
        if (text.isEmpty()) continue;
        // Joined to its flag, a value such as -1 is not read as a flag of its own.
        if (text.startsWith('-')) args << "--" + f.name + "=" + text;
        else args << "--" + f.name << text;
    }
    if (unset) {
        QStringList keys;
        keyPaths(json, QString(), keys);
        for (const QString &k : keys)
            if (!said.contains(k)) *unset << k;
    }
    return args;
}

QJsonObject withoutDefaults(const QJsonObject &json, const QJsonObject &defaults)
{
    QJsonObject out;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QJsonValue d = defaults.value(it.key());
        if (it->isObject() && d.isObject()) {
            const QJsonObject inner = withoutDefaults(it->toObject(), d.toObject());
            if (!inner.isEmpty()) out[it.key()] = inner;
        } else if (*it != d) {
            out[it.key()] = *it;
        }
    }
    return out;
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

// The model, data and optimizer flags of train and retrain ('lrKey': what --lr sets).
std::vector<SpecFlag> networkFlags(const QString &lrKey, const QString &lrDefault)
{
    return {
        {"model", "model", FlagKind::Text,
         "mlp, lenet5, resnet20, or a TorchScript model FILE.pt (its own weights are the baseline).", "MODEL"},
        {"weights", "weights", FlagKind::Text,
         "A state_dict saved by Python's torch.save(model.state_dict(), FILE.pt): the baseline's weights.", "FILE"},
        {"normalize", "normalize", FlagKind::Numbers,
         "Inputs x = (pixel/255 - MEAN)/STD: MEAN,STD, or per channel M1,..,Mc,S1,..,Sc (default 0.5,0.5).",
         "MEAN,STD"},
        {"input-shape", "input_shape", FlagKind::Numbers,
         "C,H,W the model expects (default: the data's, 1,28,28); grey images are replicated to C channels.",
         "C,H,W"},
        {"input-fit", "input_fit", FlagKind::Text, "With --input-shape: pad (default; centred, black) or resize.", "HOW"},
        {"data", "data", FlagKind::Text, "Folder with the four IDX files (default: Debian's Fashion-MNIST), 'fashion-demo' (its first 2000 / 1000 images), or 'synthetic'.",
         "DIR"},
        {"batch", "batch", FlagKind::Integer, "Batch size (default 64).", "B"},
        {"lr", lrKey, FlagKind::Number, "Learning rate (default " + lrDefault + ").", "X"},
        {"momentum", "momentum", FlagKind::Number, "SGD momentum (default 0.9).", "M"},
        {"optimizer", "optimizer", FlagKind::Text, "sgd (default) or adam.", "NAME"},
        {"train-subset", "train_subset", FlagKind::Integer, "Train on the first N training samples only.", "N"},
        {"test-subset", "test_subset", FlagKind::Integer,
         "Evaluate on the first N test samples only (default: the full test set).", "N"},
        {"seed", "seed", FlagKind::Seed, "Seed for initialisation, shuffling and the encoder (default 1).", "S"},
        {"threads", "threads", FlagKind::Integer, "LibTorch and encoder threads (default: all cores).", "T"},
    };
}

std::vector<SpecFlag> retrainFlags()
{
    return {
        {"checkpoint", "checkpoint", FlagKind::Text, "The trained checkpoint (twill-cli train --out).", "FILE"},
        {"mode", "mode", FlagKind::Text, "post, inq (default) or ste.", "MODE"},
        {"schedule", "schedule", FlagKind::Numbers, "Accumulated fractions for inq (default 0.5,0.75,0.875,1).", "LIST"},
        {"partition", "partition", FlagKind::Text, "Which weights go first: magnitude (default), random or importance.",
         "RULE"},
        {"unit", "unit", FlagKind::Text, "Portion unit: array (default) or weight.", "UNIT"},
        {"epochs-per-step", "epochs_per_step", FlagKind::Integer,
         "Retraining epochs after each inq step (ste: epochs per schedule entry); default 1.", "N"},
        {"ste-every", "ste_every", FlagKind::Integer, "ste: batches between re-encodings (default 50).", "K"},
        {"later-weight", "later_weight", FlagKind::Number,
         "inq, unit weight: encoder weight of the words not yet frozen (default 0.25).", "X"},
        {"bit-l1", "bit_l1", FlagKind::Number,
         "inq, ste: add LAMBDA x (ones per encoded weight) to the retraining loss (bit-slice L1), for fewer ones on "
         "the bitlines and fewer ADC bits; default 0 (off).",
         "LAMBDA"},
        {"placement", "placement", FlagKind::Integer,
         "Before encoding, try N permutations of each layer's neurons (built-in models) and keep the one with the "
         "least encoding error; the network's function does not change.",
         "N"},
        {"importance", "importance", FlagKind::Switch,
         "Use squared gradients (diagonal Fisher) as the encoder's per-weight importance.", {}},
        {"quant", "quant", FlagKind::Text, "Scale groups: per-tensor (default) or per-channel.", "G"},
        {"encode-tensors", "encode_tensors", FlagKind::Names,
         "Tensors to encode, by name with * and ? (default: every conv and linear weight).", "GLOBS"},
        {"keep-float", "keep_float", FlagKind::Names, "Tensors to keep in float, by name with * and ?.", "GLOBS"},
        {"epochs", "epochs", FlagKind::Integer,
         "Train (or fine-tune) the baseline here for N epochs first (default 0: the model, weights or checkpoint as "
         "given).",
         "N"},
    };
}

SpecFlags encodeCommandFlags()
{
    SpecFlags flags;
    flags.add(arrayFlags("array.")).add(encoderFlags("encoder.", "max", true)).add(patternSearchFlags("pattern_search."));
    flags.add(faultFlags("faults.")).alias("rate", "map").alias("sa1_share", "map").alias("file", "map");
    return flags;
}

SpecFlags retrainCommandFlags()
{
    SpecFlags flags;
    flags.add(networkFlags("retrain_lr", "0.01")).add(retrainFlags());
    flags.alias("normalize_mean", "normalize").alias("normalize_std", "normalize");
    flags.add(faultFlags("faults.")).alias("rate", "map").alias("sa1_share", "map").alias("file", "map");
    flags.add(arrayFlags("array.")).add(encoderFlags("encoder.", "l2", false)).add(patternSearchFlags("pattern_search."));
    return flags;
}

} // namespace twill::cli
