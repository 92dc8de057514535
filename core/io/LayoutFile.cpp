#include "io/LayoutFile.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace twill {

Layout loadLayout(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) throw Error(path + ": cannot open the layout file; check the path");
    return parseLayout(f.readAll().toStdString(), path);
}

Layout parseLayout(const std::string &json, const std::string &what)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &perr);
    if (doc.isNull())
        throw Error(what + ": not valid JSON (" + perr.errorString().toStdString() + " at byte "
                    + std::to_string(perr.offset) + ")");
    if (!doc.isObject()) throw Error(what + ": the layout must be a JSON object");
    const QJsonObject o = doc.object();
    auto intField = [&](const char *key, int fallback, bool required) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required) throw Error(what + ": missing \"" + key + "\"");
            return fallback;
        }
        if (!v.isDouble() || v.toDouble() != double(v.toInt()))
            throw Error(what + ": \"" + key + "\" must be an integer");
        return v.toInt();
    };
    Geometry g;
    g.rows = intField("rows", 0, true);
    g.cols = intField("cols", 0, true);
    g.layers = intField("layers", 1, false);
    g.bits = intField("bits", 0, true);
    const QJsonObject sig = o.value("significance").toObject();
    if (sig.isEmpty()) throw Error(what + ": missing \"significance\" maps (one per direction)");
    g.directions.clear();
    if (o.contains("directions")) {
        for (const QJsonValue &d : o.value("directions").toArray()) {
            try {
                g.directions.push_back(parseDirection(d.toString().toStdString()));
            } catch (const Error &e) {
                throw Error(what + ": " + e.what());
            }
        }
    } else {
        for (const char *d : {"row", "column", "pillar"})
            if (sig.contains(d)) g.directions.push_back(parseDirection(d));
    }
    try {
        g.validate();
    } catch (const Error &e) {
        throw Error(what + ": " + e.what());
    }
    std::vector<std::vector<int>> maps;
    for (Direction d : g.directions) {
        const std::string name = directionName(d);
        const QJsonValue v = sig.value(QString::fromStdString(name));
        if (!v.isArray()) throw Error(what + ": no \"" + name + "\" significance map");
        std::vector<int> m(g.cellCount(), -1);
        const QJsonArray top = v.toArray();
        auto readPlane = [&](const QJsonArray &rows, int layer) {
            if (rows.size() != g.rows)
                throw Error(what + ": the " + name + " map has " + std::to_string(rows.size()) + " rows in layer "
                            + std::to_string(layer) + "; expected " + std::to_string(g.rows));
            for (int i = 0; i < g.rows; ++i) {
                const QJsonArray row = rows.at(i).toArray();
                if (row.size() != g.cols)
                    throw Error(what + ": the " + name + " map, layer " + std::to_string(layer) + " row "
                                + std::to_string(i) + " has " + std::to_string(row.size()) + " entries; expected "
                                + std::to_string(g.cols));
                for (int j = 0; j < g.cols; ++j) {
                    const QJsonValue c = row.at(j);
                    if (!c.isDouble() || c.toDouble() != double(c.toInt()))
                        throw Error(what + ": the " + name + " map, layer " + std::to_string(layer) + " row "
                                    + std::to_string(i) + " column " + std::to_string(j)
                                    + " is not an integer significance");
                    m[g.cellIndex(layer, i, j)] = c.toInt();
                }
            }
        };
        if (g.layers == 1 && !top.isEmpty() && top.at(0).isArray() && !top.at(0).toArray().isEmpty()
            && top.at(0).toArray().at(0).isDouble()) {
            readPlane(top, 0);
        } else {
            if (top.size() != g.layers)
                throw Error(what + ": the " + name + " map has " + std::to_string(top.size()) + " layers; expected "
                            + std::to_string(g.layers));
            for (int l = 0; l < g.layers; ++l) readPlane(top.at(l).toArray(), l);
        }
        maps.push_back(std::move(m));
    }
    const int rotation = o.value("rotation").toInt(0);
    try {
        Layout layout(g, std::move(maps), Pattern::Custom, rotation);
        // A file that names a pattern keeps the name only when its maps are that pattern's: an
        // edited msb-lsb file is custom (a rotation would otherwise regenerate the original).
        Pattern named = Pattern::Custom;
        try {
            named = parsePattern(o.value("pattern").toString("custom").toStdString());
        } catch (const Error &) {
        }
        if (named != Pattern::Custom) {
            const Layout reference = Layout::named(named, g, rotation);
            bool same = true;
            for (int k = 0; k < layout.directionCount() && same; ++k)
                same = reference.significanceMap(k) == layout.significanceMap(k);
            if (same) return reference;
        }
        return layout;
    } catch (const Error &e) {
        throw Error(what + ": " + e.what());
    }
}

std::string layoutJson(const Layout &layout)
{
    const Geometry &g = layout.geometry();
    QJsonObject o;
    o["format"] = "twill-layout";
    o["version"] = 1;
    o["pattern"] = QString::fromStdString(layout.patternName());
    o["rotation"] = layout.rotation();
    o["rows"] = g.rows;
    o["cols"] = g.cols;
    o["layers"] = g.layers;
    o["bits"] = g.bits;
    QJsonArray dirs;
    QJsonObject sig;
    for (int k = 0; k < layout.directionCount(); ++k) {
        const Direction d = g.directions[k];
        dirs.append(QString::fromStdString(directionName(d)));
        QJsonArray layers;
        for (int l = 0; l < g.layers; ++l) {
            QJsonArray rows;
            for (int i = 0; i < g.rows; ++i) {
                QJsonArray row;
                for (int j = 0; j < g.cols; ++j) row.append(layout.significance(k, g.cellIndex(l, i, j)));
                rows.append(row);
            }
            layers.append(rows);
        }
        sig[QString::fromStdString(directionName(d))] = g.layers == 1 ? layers.at(0) : QJsonValue(layers);
    }
    o["directions"] = dirs;
    o["significance"] = sig;
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

void saveLayout(const Layout &layout, const std::string &path)
{
    writeFileAtomic(path, layoutJson(layout));
}

} // namespace twill
