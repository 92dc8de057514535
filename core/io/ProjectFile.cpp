#include "io/ProjectFile.h"

#include "io/Npy.h"
#include "spec/SpecReader.h"
#include "util/Error.h"
#include "Version.h"

#include <cmath>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace twill {

namespace {

QJsonObject exampleJson(const Project &p)
{
    QJsonObject a;
    QJsonArray targets, pins, shifts;
    for (int64_t t : p.targets) targets.append(double(t));
    for (size_t c = 0; c < p.pins.size(); ++c)
        if (p.pins[c] >= 0) pins.append(QJsonArray{int(c), int(p.pins[c])});
    for (int8_t v : p.shifts) shifts.append(int(v));
    std::string bits;
    for (uint8_t b : p.cellBits) bits.push_back(b ? '1' : '0');
    a["targets"] = targets;
    a["pins"] = pins;
    a["cell_bits"] = QString::fromStdString(bits);
    if (!p.shifts.empty()) a["shifts"] = shifts;
    a["offset_value"] = double(p.offsetValue);
    return a;
}

// The example's state, checked against the array it belongs to.
void readExample(const QJsonObject &a, const Layout &layout, NumberFormat format, Project &p)
{
    if (arraysPerWeight(format) > 1)
        throw SpecError("number_format", formatName(format) + " (a differential pair, two arrays a weight) is encoded "
                                         "by twill-cli; the window's example is one array: use unsigned, twos or signmag");
    const SpecReader r(a);
    const int words = layout.wordCount(), cells = layout.cellCount(), W = layout.bits();
    const int64_t lo = codeMin(format, W), hi = codeMax(format, W);
    for (const QJsonValue &t : a.value("targets").toArray()) {
        const double v = t.toDouble(1e300);
        // The range first: a double beyond int64 does not convert (std::floor needs no conversion).
        if (!t.isDouble() || v < double(lo) || v > double(hi) || v != std::floor(v))
            throw SpecError("targets", "must be whole numbers within " + std::to_string(lo) + ".." + std::to_string(hi)
                                           + ", the range of " + std::to_string(W) + "-bit " + formatName(format)
                                           + " codes");
        p.targets.push_back(int64_t(v));
    }
    if (!p.targets.empty() && int(p.targets.size()) != words)
        throw SpecError("targets", "holds " + std::to_string(p.targets.size()) + " values for " + std::to_string(words)
                                       + " words");
    const std::string bits = r.text("cell_bits", "");
    if (!bits.empty()) {
        if (int(bits.size()) != cells)
            throw SpecError("cell_bits", "has " + std::to_string(bits.size()) + " cells; the array has "
                                             + std::to_string(cells));
        for (char c : bits) {
            if (c != '0' && c != '1') throw SpecError("cell_bits", "may hold only 0 and 1");
            p.cellBits.push_back(uint8_t(c == '1'));
        }
    }
    for (const QJsonValue &v : a.value("shifts").toArray()) {
        const int sh = v.toInt(-1);
        if (sh < 0 || sh > 8) throw SpecError("shifts", "must be 0..8");
        p.shifts.push_back(int8_t(sh));
    }
    if (!p.shifts.empty() && int(p.shifts.size()) != words)
        throw SpecError("shifts", "holds " + std::to_string(p.shifts.size()) + " values for " + std::to_string(words)
                                      + " words");
    p.pins.assign(size_t(cells), -1);
    for (const QJsonValue &v : a.value("pins").toArray()) {
        const QJsonArray pin = v.toArray();
        const int c = pin.at(0).toInt(-1), value = pin.at(1).toInt(-1);
        if (pin.size() != 2 || c < 0 || c >= cells || (value != 0 && value != 1))
            throw SpecError("pins", "each pin must be [cell 0.." + std::to_string(cells - 1) + ", 0 or 1]");
        p.pins[size_t(c)] = int8_t(value);
    }
    p.offsetValue = r.integer64("offset_value", 0);
}

// Version 1 (Twill 0.1.0): one "array" section with the encoder options beside the shape and
// the example, and a "network" section whose storage followed the array ("parameters") or
// was plain ("none").
void readVersion1(const QJsonObject &o, Project &p)
{
    const QJsonObject a = o.value("array").toObject();
    p.array = ArraySpec::fromJson(a);
    p.encoder = EncodeOptions::fromJson(a, Project::defaultEncoder());
    readExample(a, p.array.layout(), p.encoder.format, p);

    const QJsonObject n = o.value("network").toObject();
    const SpecReader r(n);
    QJsonObject v2 = n;
    v2.remove("dataset");
    v2.remove("lr");
    v2.remove("storage");
    const std::string dataset = r.text("dataset", "");
    v2["data"] = QString::fromStdString(dataset.empty() ? "fashion" : dataset);
    v2["retrain_lr"] = r.number("lr", 0.01);
    v2["seed"] = seedJson(p.encoder.seed);
    NetworkRunSpec &s = p.network;
    s = NetworkRunSpec::fromJson(v2);
    const std::string storage = r.text("storage", "parameters");
    if (storage == "none") s.array = ArraySpec::plain(p.array.bits);
    else if (storage != "parameters") throw SpecError("storage", "'" + storage + "' is unknown; use parameters or none");
    else if (p.array.pattern == Pattern::Custom) s.array = p.array;
    else s.array = ArraySpec::square(p.array.pattern, p.array.bits, p.array.layers > 1);
    s.encoder = p.encoder; // version 1 runs used the array's encoder options
    s.encoder.seed = s.seed;
    s.validate();
}

void readVersion2(const QJsonObject &o, Project &p)
{
    const SpecReader r(o);
    p.array = ArraySpec::fromJson(r.object("array"));
    p.encoder = EncodeOptions::fromJson(r.object("encoder"), Project::defaultEncoder());
    readExample(r.object("example"), p.array.layout(), p.encoder.format, p);
    if (r.has("faults")) p.faults = FaultSpec::fromJson(r.object("faults"));
    if (r.has("network")) p.network = NetworkRunSpec::fromJson(r.object("network"));
}

} // namespace

std::string projectJson(const Project &p)
{
    QJsonObject o;
    o["format"] = "twill-project";
    o["version"] = Project::version;
    o["twill_version"] = TWILL_VERSION_STRING;
    o["libtorch_version"] = TWILL_LIBTORCH_VERSION;
    o["array"] = p.array.toJson();
    o["encoder"] = p.encoder.toJson();
    o["example"] = exampleJson(p);
    if (p.faults.any() || p.faults.unaware) o["faults"] = p.faults.toJson();
    o["network"] = p.network.toJson();
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
    Project p;
    p.fileVersion = o.value("version").toInt(0);
    p.twillVersion = o.value("twill_version").toString().toStdString();
    p.libtorchVersion = o.value("libtorch_version").toString().toStdString();
    try {
        if (p.fileVersion == 1) readVersion1(o, p);
        else if (p.fileVersion == 2) readVersion2(o, p);
        else
            throw Error("project version " + std::to_string(o.value("version").toInt()) + " is not supported by this Twill "
                        + TWILL_VERSION_STRING + "; it reads versions 1 and 2");
    } catch (const Error &e) {
        throw Error(what + ": " + e.what());
    }
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
