#include "io/ProjectFile.h"

#include "io/LayoutFile.h"
#include "io/Npy.h"
#include "layout/Layout.h"
#include "util/Error.h"
#include "Version.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace twill {

std::string projectJson(const Project &p)
{
    QJsonObject o;
    o["format"] = "twill-project";
    o["version"] = 1;
    o["twill_version"] = TWILL_VERSION_STRING;
    o["libtorch_version"] = TWILL_LIBTORCH_VERSION;
    QJsonObject a;
    a["pattern"] = QString::fromStdString(p.pattern);
    if (p.pattern == "custom")
        a["custom_layout"] = QJsonDocument::fromJson(QByteArray::fromStdString(p.customLayout)).object();
    a["bits"] = p.bits;
    a["size"] = p.size;
    a["layers"] = p.layers;
    const EncodeOptions &e = p.encoder;
    a["number_format"] = QString::fromStdString(formatName(e.format));
    a["objective"] = QString::fromStdString(objectiveName(e.objective));
    a["solver"] = QString::fromStdString(solverName(e.solver));
    a["seed"] = QString::number(qulonglong(p.seed));
    a["bound"] = e.bound;
    a["shift"] = e.shift;
    a["max_shift"] = e.maxShift;
    a["offset"] = e.offset;
    a["offset_bits"] = e.offsetBits;
    a["time_limit"] = e.timeLimit;
    a["node_limit"] = double(e.nodeLimit);
    a["restarts"] = e.restarts;
    QJsonArray shifts;
    for (int8_t v : p.shifts) shifts.append(int(v));
    if (!p.shifts.empty()) a["shifts"] = shifts;
    a["offset_value"] = double(p.offsetValue);
    QJsonArray targets, pins;
    for (int64_t t : p.targets) targets.append(double(t));
    for (size_t c = 0; c < p.pins.size(); ++c)
        if (p.pins[c] >= 0) pins.append(QJsonArray{int(c), int(p.pins[c])});
    std::string bits;
    for (uint8_t b : p.cellBits) bits.push_back(b ? '1' : '0');
    a["targets"] = targets;
    a["pins"] = pins;
    a["cell_bits"] = QString::fromStdString(bits);
    o["array"] = a;
    QJsonObject n;
    n["dataset"] = QString::fromStdString(p.dataset);
    const NetworkSetup &ns = p.network;
    n["model"] = QString::fromStdString(ns.model);
    n["checkpoint"] = QString::fromStdString(ns.checkpoint);
    n["epochs"] = ns.epochs;
    n["train_subset"] = ns.trainSubset;
    n["test_subset"] = ns.testSubset;
    n["mode"] = QString::fromStdString(ns.mode);
    n["partition"] = QString::fromStdString(ns.partition);
    n["epochs_per_step"] = ns.epochsPerStep;
    n["lr"] = ns.lr;
    n["storage"] = QString::fromStdString(ns.storage);
    QJsonArray schedule;
    for (double f : ns.schedule) schedule.append(f);
    n["schedule"] = schedule;
    n["unit"] = QString::fromStdString(ns.unit);
    n["ste_every"] = ns.steEvery;
    n["importance"] = ns.importance;
    n["placement"] = ns.placement;
    n["later_weight"] = ns.laterWeight;
    n["quant"] = QString::fromStdString(ns.quant);
    o["network"] = n;
    return QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
}

Project parseProject(const std::string &json, const std::string &what)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &perr);
    if (doc.isNull())
        throw Error(what + ": not valid JSON (" + perr.errorString().toStdString() + " at byte " + std::to_string(perr.offset)
                    + "); the project was not opened");
    const QJsonObject o = doc.object();
    if (o.value("format").toString() != "twill-project")
        throw Error(what + ": not a Twill project (no \"format\": \"twill-project\")");
    if (o.value("version").toInt() != 1)
        throw Error(what + ": project version " + std::to_string(o.value("version").toInt())
                    + " is not supported by this Twill; it reads version 1");
    const QJsonObject a = o.value("array").toObject();
    Project p;
    p.twillVersion = o.value("twill_version").toString().toStdString();
    p.libtorchVersion = o.value("libtorch_version").toString().toStdString();
    p.pattern = a.value("pattern").toString("msb-lsb").toStdString();
    if (p.pattern != "msb-lsb" && p.pattern != "transpose" && p.pattern != "custom")
        throw Error(what + ": unknown pattern '" + p.pattern + "'; use msb-lsb, transpose or custom");
    p.bits = a.value("bits").toInt(0);
    p.size = a.value("size").toInt(0);
    if (p.bits < 2 || p.bits > 16 || p.size < 2 || p.size > 128 || p.size % p.bits != 0)
        throw Error(what + ": array " + std::to_string(p.size) + "x" + std::to_string(p.size) + " of "
                    + std::to_string(p.bits) + "-bit words is not valid; bits 2..16, size a multiple of bits up to 128");
    p.layers = a.value("layers").toInt(1);
    if (p.layers < 1 || p.layers > 64 || (p.layers > 1 && p.layers % p.bits != 0))
        throw Error(what + ": " + std::to_string(p.layers) + " layers do not hold " + std::to_string(p.bits)
                    + "-bit pillar words; use 1 or a multiple of the width up to 64");
    if (p.pattern == "custom") {
        if (!a.value("custom_layout").isObject())
            throw Error(what + ": pattern custom needs \"custom_layout\", a twill-layout object");
        p.customLayout = QJsonDocument(a.value("custom_layout").toObject()).toJson(QJsonDocument::Compact).toStdString();
        const Geometry g = parseLayout(p.customLayout, what + " (custom_layout)").geometry();
        if (g.rows != p.size || g.cols != p.size || g.bits != p.bits || g.layers != p.layers
            || g.directions.size() != size_t(p.layers > 1 ? 3 : 2))
            throw Error(what + ": the custom layout is " + std::to_string(g.rows) + "x" + std::to_string(g.cols) + "x"
                        + std::to_string(g.layers) + " of " + std::to_string(g.bits) + "-bit words, but the array is "
                        + std::to_string(p.size) + "x" + std::to_string(p.size) + "x" + std::to_string(p.layers) + " of "
                        + std::to_string(p.bits) + "-bit words");
    }
    // Whole numbers stored as JSON doubles: out of the int64 range is an error, not undefined
    // behaviour (found by fuzz_project).
    auto int64Of = [&](const QJsonValue &v, double fallback, const char *key) {
        const double x = v.toDouble(fallback);
        if (!(x > -9.2e18 && x < 9.2e18))
            throw Error(what + ": \"" + key + "\" " + QString::number(x, 'g', 6).toStdString() + " is out of range");
        return int64_t(x);
    };
    EncodeOptions &e = p.encoder;
    try {
        e.format = parseFormat(a.value("number_format").toString("unsigned").toStdString());
        e.objective = parseObjective(a.value("objective").toString("max").toStdString());
        e.solver = parseSolver(a.value("solver").toString("auto").toStdString());
    } catch (const Error &err) {
        throw Error(what + ": " + err.what());
    }
    e.bound = a.value("bound").toDouble(-1);
    e.shift = a.value("shift").toBool(false);
    e.maxShift = a.value("max_shift").toInt(3);
    e.offset = a.value("offset").toBool(false);
    e.offsetBits = a.value("offset_bits").toInt(4);
    e.timeLimit = a.value("time_limit").toDouble(0);
    e.nodeLimit = int64Of(a.value("node_limit"), 5e6, "node_limit");
    if (e.nodeLimit < 1) throw Error(what + ": node_limit must be at least 1");
    e.restarts = a.value("restarts").toInt(-1);
    if (e.restarts < -1 || e.restarts > 100000) throw Error(what + ": restarts must be -1 (default) to 100000");
    if (e.maxShift < 0 || e.maxShift > 8 || e.offsetBits < 1 || e.offsetBits > 8 || e.timeLimit < 0)
        throw Error(what + ": max_shift must be 0..8, offset_bits 1..8 and time_limit >= 0");
    p.offsetValue = int64Of(a.value("offset_value"), 0, "offset_value");
    bool ok = false;
    p.seed = a.value("seed").toString().toULongLong(&ok);
    if (!ok) throw Error(what + ": \"seed\" must be a non-negative integer in a string");
    e.seed = p.seed;
    const int cells = p.size * p.size * p.layers;
    const int words = 2 * p.size * (p.size / p.bits) * p.layers + (p.layers > 1 ? p.size * p.size * (p.layers / p.bits) : 0);
    for (const QJsonValue &t : a.value("targets").toArray()) p.targets.push_back(int64Of(t, 0, "targets"));
    if (!p.targets.empty() && int(p.targets.size()) != words)
        throw Error(what + ": " + std::to_string(p.targets.size()) + " targets for " + std::to_string(words) + " words");
    const std::string bits = a.value("cell_bits").toString().toStdString();
    if (!bits.empty()) {
        if (int(bits.size()) != cells)
            throw Error(what + ": \"cell_bits\" has " + std::to_string(bits.size()) + " cells; the array has "
                        + std::to_string(cells));
        for (char c : bits) {
            if (c != '0' && c != '1') throw Error(what + ": \"cell_bits\" may hold only 0 and 1");
            p.cellBits.push_back(uint8_t(c == '1'));
        }
    }
    for (const QJsonValue &v : a.value("shifts").toArray()) {
        const int sh = v.toInt(-1);
        if (sh < 0 || sh > 8) throw Error(what + ": a shift must be 0..8");
        p.shifts.push_back(int8_t(sh));
    }
    if (!p.shifts.empty() && int(p.shifts.size()) != words)
        throw Error(what + ": " + std::to_string(p.shifts.size()) + " shifts for " + std::to_string(words) + " words");
    p.pins.assign(size_t(cells), -1);
    for (const QJsonValue &v : a.value("pins").toArray()) {
        const QJsonArray pin = v.toArray();
        const int c = pin.at(0).toInt(-1), value = pin.at(1).toInt(-1);
        if (c < 0 || c >= cells || (value != 0 && value != 1))
            throw Error(what + ": a pin must be [cell 0.." + std::to_string(cells - 1) + ", 0 or 1]");
        p.pins[size_t(c)] = int8_t(value);
    }
    const QJsonObject n = o.value("network").toObject();
    p.dataset = n.value("dataset").toString().toStdString();
    NetworkSetup &ns = p.network;
    ns.model = n.value("model").toString("lenet5").toStdString();
    ns.checkpoint = n.value("checkpoint").toString().toStdString();
    ns.epochs = n.value("epochs").toInt(3);
    ns.trainSubset = n.value("train_subset").toInt(0);
    ns.testSubset = n.value("test_subset").toInt(0);
    ns.mode = n.value("mode").toString("inq").toStdString();
    ns.partition = n.value("partition").toString("magnitude").toStdString();
    ns.epochsPerStep = n.value("epochs_per_step").toInt(1);
    ns.lr = n.value("lr").toDouble(0.01);
    ns.storage = n.value("storage").toString("parameters").toStdString();
    if (n.contains("schedule")) {
        ns.schedule.clear();
        for (const QJsonValue &f : n.value("schedule").toArray()) ns.schedule.push_back(f.toDouble(-1));
    }
    ns.unit = n.value("unit").toString("array").toStdString();
    ns.steEvery = n.value("ste_every").toInt(50);
    ns.importance = n.value("importance").toBool(false);
    ns.placement = n.value("placement").toInt(0);
    ns.laterWeight = n.value("later_weight").toDouble(0.25);
    if (!(ns.laterWeight >= 0 && ns.laterWeight <= 1)) throw Error(what + ": later_weight must be within 0..1");
    ns.quant = n.value("quant").toString("per-tensor").toStdString();
    if (ns.unit != "array" && ns.unit != "weight") throw Error(what + ": unit '" + ns.unit + "' is unknown; use array or weight");
    if (ns.quant != "per-tensor" && ns.quant != "per-channel")
        throw Error(what + ": quant '" + ns.quant + "' is unknown; use per-tensor or per-channel");
    if (ns.steEvery < 1 || ns.placement < 0) throw Error(what + ": ste_every must be >= 1 and placement >= 0");
    if (ns.model.empty() || ns.epochs < 0 || ns.epochs > 200 || ns.trainSubset < 0 || ns.testSubset < 0
        || ns.epochsPerStep < 1 || ns.epochsPerStep > 50 || !(ns.lr > 0 && ns.lr <= 1))
        throw Error(what + ": the network section is out of range (epochs 0..200, subsets >= 0, epochs_per_step 1..50, "
                           "lr in (0, 1])");
    if (ns.mode != "post" && ns.mode != "inq" && ns.mode != "ste")
        throw Error(what + ": network mode '" + ns.mode + "' is unknown; use post, inq or ste");
    if (ns.partition != "magnitude" && ns.partition != "random" && ns.partition != "importance")
        throw Error(what + ": partition '" + ns.partition + "' is unknown; use magnitude, random or importance");
    if (ns.storage != "parameters" && ns.storage != "none")
        throw Error(what + ": storage '" + ns.storage + "' is unknown; use parameters or none");
    return p;
}

Project loadProject(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) throw Error(path + ": cannot open the project (" + f.errorString().toStdString() + ")");
    return parseProject(f.readAll().toStdString(), path);
}

void saveProject(const Project &p, const std::string &path)
{
    writeFileAtomic(path, projectJson(p));
}

} // namespace twill
