#include "spec/ArraySpec.h"

#include "io/LayoutFile.h"
#include "spec/SpecReader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace twill {

ArraySpec ArraySpec::square(Pattern pattern, int bits, bool cube)
{
    ArraySpec s;
    s.pattern = pattern;
    s.bits = s.rows = s.cols = bits;
    s.layers = cube ? bits : 1;
    return s;
}

ArraySpec ArraySpec::plain(int bits)
{
    ArraySpec s = square(Pattern::MsbLsb, bits);
    s.directions = {Direction::Row};
    return s;
}

ArraySpec ArraySpec::of(const Layout &layout)
{
    const Geometry &g = layout.geometry();
    ArraySpec s;
    s.pattern = layout.pattern();
    s.bits = g.bits;
    s.rows = g.rows;
    s.cols = g.cols;
    s.layers = g.layers;
    s.rotation = layout.rotation();
    s.directions = s.explicitDirections(g.directions);
    if (s.pattern == Pattern::Custom) s.customLayout = layoutJson(layout);
    return s;
}

std::vector<Direction> ArraySpec::effectiveDirections() const
{
    if (!directions.empty()) return directions;
    std::vector<Direction> d{Direction::Row, Direction::Column};
    if (layers > 1) d.push_back(Direction::Pillar);
    return d;
}

std::vector<Direction> ArraySpec::explicitDirections(const std::vector<Direction> &given) const
{
    ArraySpec d = *this;
    d.directions.clear();
    return given == d.effectiveDirections() ? std::vector<Direction>{} : given;
}

Geometry ArraySpec::geometry() const
{
    Geometry g;
    g.bits = bits;
    g.rows = rows;
    g.cols = cols;
    g.layers = layers;
    g.directions = effectiveDirections();
    return g;
}

void ArraySpec::validate() const
{
    auto range = [](const char *key, int v, int lo, int hi) {
        if (v < lo || v > hi)
            throw SpecError(key, "must be " + std::to_string(lo) + " to " + std::to_string(hi) + ", not " + std::to_string(v));
    };
    range("bits", bits, 2, 32);
    range("rows", rows, 1, 4096);
    range("cols", cols, 1, 4096);
    range("layers", layers, 1, 256);
    range("rotation", rotation, 0, 1 << 20);
    const Geometry g = geometry();
    for (Direction d : g.directions) {
        const int len = g.lineLength(d);
        if (len % bits == 0) continue;
        const char *key = d == Direction::Row ? "cols" : d == Direction::Column ? "rows" : "layers";
        throw SpecError(key, std::string("is ") + std::to_string(len) + ", which " + std::to_string(bits)
                                 + "-bit " + directionName(d) + " words do not fill; make it a multiple of "
                                 + std::to_string(bits));
    }
    try {
        g.validate();
    } catch (const Error &e) {
        throw SpecError("directions", e.what());
    }
    if (pattern == Pattern::Custom) {
        if (customLayout.empty())
            throw SpecError("custom_layout", "is missing: a custom pattern needs its significance maps (a twill-layout "
                                             "file or the Pattern editor)");
        Geometry c;
        try {
            c = parseLayout(customLayout, "the custom layout").geometry();
        } catch (const Error &e) {
            throw SpecError("custom_layout", e.what());
        }
        if (c.rows != rows || c.cols != cols || c.layers != layers || c.bits != bits || c.directions != g.directions)
            throw SpecError("custom_layout", "is for " + std::to_string(c.rows) + "x" + std::to_string(c.cols) + "x"
                                                 + std::to_string(c.layers) + " arrays of " + std::to_string(c.bits)
                                                 + "-bit words, but the array is " + std::to_string(rows) + "x"
                                                 + std::to_string(cols) + "x" + std::to_string(layers) + " of "
                                                 + std::to_string(bits) + "-bit words");
    }
}

Layout ArraySpec::layout() const
{
    validate();
    if (pattern == Pattern::Custom) return parseLayout(customLayout, "the custom layout");
    return Layout::named(pattern, geometry(), rotation);
}

std::string ArraySpec::describe() const
{
    if (isPlain()) return "plain " + std::to_string(bits) + "-bit (no overlap)";
    std::string shape = std::to_string(rows) + "x" + std::to_string(cols);
    if (layers > 1) shape += "x" + std::to_string(layers);
    // msb-lsb with pillars is the Latin cube: say so.
    const bool latin = pattern == Pattern::Latin || (pattern == Pattern::MsbLsb && geometry().uses(Direction::Pillar));
    return (latin ? std::string("latin") : patternName(pattern)) + " " + shape + " " + std::to_string(bits) + "-bit";
}

QJsonObject ArraySpec::toJson() const
{
    QJsonObject o;
    o["pattern"] = QString::fromStdString(patternName(pattern));
    o["bits"] = bits;
    o["rows"] = rows;
    o["cols"] = cols;
    o["layers"] = layers;
    QJsonArray dirs;
    for (Direction d : effectiveDirections()) dirs.append(QString::fromStdString(directionName(d)));
    o["directions"] = dirs;
    o["rotation"] = rotation;
    if (pattern == Pattern::Custom)
        o["custom_layout"] = QJsonDocument::fromJson(QByteArray::fromStdString(customLayout)).object();
    return o;
}

ArraySpec ArraySpec::fromJson(const QJsonObject &o)
{
    const SpecReader r(o);
    ArraySpec s;
    s.pattern = r.choice("pattern", "msb-lsb", parsePattern);
    s.bits = r.integer("bits", 16);
    // Projects of version 1 give one "size" for rows and columns.
    s.rows = r.integer("rows", r.integer("size", s.bits));
    s.cols = r.integer("cols", r.integer("size", s.bits));
    s.layers = r.integer("layers", 1);
    for (const std::string &d : r.texts("directions", {})) {
        try {
            s.directions.push_back(parseDirection(d));
        } catch (const Error &e) {
            throw SpecError("directions", e.what());
        }
    }
    s.directions = s.explicitDirections(s.directions);
    s.rotation = r.integer("rotation", 0);
    if (s.pattern == Pattern::Custom) {
        const QJsonObject layout = r.object("custom_layout");
        if (!layout.isEmpty())
            s.customLayout = QJsonDocument(layout).toJson(QJsonDocument::Compact).toStdString();
    }
    s.validate();
    return s;
}

bool ArraySpec::operator==(const ArraySpec &o) const
{
    return pattern == o.pattern && bits == o.bits && rows == o.rows && cols == o.cols && layers == o.layers
           && effectiveDirections() == o.effectiveDirections() && rotation == o.rotation
           && customLayout == o.customLayout;
}

} // namespace twill
