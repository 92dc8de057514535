#include "CommandLine.h"

#include "SpecFlags.h"
#include "encode/RandomTargets.h"
#include "io/LayoutFile.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace twill::cli {

QString shellQuoted(const QString &word)
{
    static const QRegularExpression safe("^[A-Za-z0-9_@%+=:,./-]+$");
    if (safe.match(word).hasMatch()) return word;
    QString quoted = word;
    quoted.replace('\'', "'\\''");
    return '\'' + quoted + '\'';
}

QString shellLine(const QStringList &words)
{
    QStringList quoted;
    for (const QString &w : words) quoted << shellQuoted(w);
    return quoted.join(' ');
}

namespace {

// The array keys as the commands read them: a custom pattern is its layout file (which defines
// the shape); otherwise the pattern and shape are always said, and the layers, directions and
// rotation when they are not the shape's default.
QJsonObject arrayJson(const ArraySpec &array, const QString &layoutFile)
{
    QJsonObject a = array.toJson();
    if (array.pattern == Pattern::Custom) {
        QJsonObject file{{"pattern", layoutFile}};
        if (array.rotation != 0) file["rotation"] = array.rotation;
        return file;
    }
    ArraySpec shape = array;
    shape.directions.clear();
    return withoutDefaults(a, QJsonObject{{"layers", 1}, {"rotation", 0}, {"directions", shape.toJson()["directions"]}});
}

// The fault keys as the flags take them: --faults RATE[:SA1_SHARE] or FILE, its seed, unaware.
QJsonObject faultJson(const FaultSpec &faults)
{
    if (!faults.any()) return {};
    QJsonObject f{{"map", QString::fromStdString(faults.mapText())}};
    if (faults.file.empty()) f["seed"] = faults.toJson()["seed"];
    if (faults.unaware) f["unaware"] = true;
    return f;
}

// The encoder's keys that differ from 'defaults', and those said always.
QJsonObject encoderJson(const EncodeOptions &o, const EncodeOptions &defaults, const QStringList &always)
{
    QJsonObject d = defaults.toJson();
    for (const QString &key : always) d.remove(key);
    QJsonObject e = o.toJson();
    e.remove("threads");
    return withoutDefaults(e, d);
}

} // namespace

QStringList encodeArguments(const ArraySpec &array, const EncodeOptions &encoder, const FaultSpec &faults,
                            const QString &layoutFile, QStringList *unset)
{
    QJsonObject json{{"array", arrayJson(array, layoutFile)},
                     {"encoder", encoderJson(encoder, EncodeOptions(), {"number_format", "objective", "solver", "seed"})}};
    if (faults.any()) json["faults"] = faultJson(faults);
    return encodeCommandFlags().arguments(json, unset);
}

QStringList retrainArguments(const NetworkRunSpec &run, const QString &layoutFile, QStringList *unset)
{
    NetworkRunSpec d; // what twill-cli retrain assumes
    d.epochs = 0;
    QJsonObject defaults = d.toJson();
    for (const char *key : {"model", "epochs", "mode", "seed", "array", "encoder", "faults", "threads"}) defaults.remove(key);
    QJsonObject json = run.toJson();
    json.remove("threads"); // the command's own (all cores); LibTorch's results may depend on it
    json["array"] = arrayJson(run.array, layoutFile);
    QJsonObject encoder = encoderJson(run.encoder, d.encoder, {"number_format", "objective", "solver"});
    encoder.remove("seed"); // the run's seed is the encoder's
    json["encoder"] = encoder;
    if (run.faults.any()) json["faults"] = faultJson(run.faults);
    else json.remove("faults");
    // One flag for the input's means and spreads.
    QJsonArray normalize = json.take("normalize_mean").toArray();
    for (const QJsonValue &v : json.take("normalize_std").toArray()) normalize.append(v);
    QJsonArray defaultNormalize = defaults.take("normalize_mean").toArray();
    for (const QJsonValue &v : defaults.take("normalize_std").toArray()) defaultNormalize.append(v);
    if (normalize != defaultNormalize) json["normalize"] = normalize;
    return retrainCommandFlags().arguments(withoutDefaults(json, defaults), unset);
}

namespace {

// cat > FILE <<'TWILL_EOF' ... TWILL_EOF: the text as it is (the quoted delimiter expands nothing).
QString hereDocument(const QString &file, const QString &text)
{
    return "cat > " + shellQuoted(file) + " <<'TWILL_EOF'\n" + text + "\nTWILL_EOF\n";
}

QString csvLine(const std::vector<int64_t> &codes)
{
    QStringList items;
    for (int64_t c : codes) items << QString::number(qlonglong(c));
    return items.join(',');
}

QString unsetNote(const char *command, const QStringList &unset)
{
    if (unset.isEmpty()) return {};
    return QString("# twill-cli %1 has no flag for %2: it uses its default there\n").arg(command, unset.join(", "));
}

} // namespace

QString reproduceScript(const ShownArray &shown, const NetworkRunSpec *run)
{
    QString script;
    const ArraySpec &a = shown.array;
    const Layout layout = a.layout();
    const bool custom = a.pattern == Pattern::Custom || (run && run->array.pattern == Pattern::Custom);
    script += QString("# The array shown in Twill (%1), encoded again by twill-cli encode; it writes %2 and %3 here.\n")
                  .arg(QString::fromStdString(a.describe()), kScriptArrayNpz, kScriptArrayJson);
    if (custom) {
        const Layout &customLayout = a.pattern == Pattern::Custom ? layout : run->array.layout();
        script += hereDocument(kScriptLayoutFile, QString::fromStdString(layoutJson(customLayout)));
    }
    QStringList words{"twill-cli", "encode"};
    const EncodeOptions &o = shown.encoder;
    if (shown.targets == randomTargets(1, layout.wordCount(), o.format, layout.bits(), o.seed)) {
        words << "--random" << "1";
    } else {
        script += hereDocument(kScriptTargetsFile, csvLine(shown.targets));
        words << "--input" << kScriptTargetsFile;
    }
    QStringList unset;
    words << encodeArguments(a, o, shown.faults, kScriptLayoutFile, &unset);
    words << "--npz" << kScriptArrayNpz << "--json" << kScriptArrayJson;
    script += unsetNote("encode", unset);
    script += shellLine(words) + "\n";
    QStringList missing;
    if (shown.pinned > 0) missing << QString("%1 pinned cell%2 (twill-cli encode has no pins)").arg(shown.pinned).arg(shown.pinned == 1 ? "" : "s");
    if (shown.handEdits > 0)
        missing << QString("%1 hand edit%2 made after the encoding").arg(shown.handEdits).arg(shown.handEdits == 1 ? "" : "s");
    if (!missing.isEmpty()) script += "# Not in this command: " + missing.join("; ") + ".\n";
    if (run) {
        script += QString("# The network run set up in Twill (%1) by twill-cli retrain; it writes %2 here.\n")
                      .arg(QString::fromStdString(run->name()), kScriptRunJson);
        QStringList runUnset;
        QStringList runWords = QStringList{"twill-cli", "retrain"} + retrainArguments(*run, kScriptLayoutFile, &runUnset);
        runWords << "--json" << kScriptRunJson;
        script += unsetNote("retrain", runUnset);
        script += shellLine(runWords) + "\n";
    }
    return script;
}

} // namespace twill::cli
