#pragma once
// What one array (or 3D stack) is: the pattern, the word width, the shape, the directions that
// hold words, the pattern's rotation, and for a custom pattern its significance maps. The one
// place that turns those into a Layout; one JSON form (projects, encode and run reports) and one
// validation for the command line, the window and files.
//
// JSON keys: pattern, bits, rows, cols, layers, directions, rotation, custom_layout (a
// twill-layout object, pattern custom only).
#include "layout/Layout.h"

#include <QJsonObject>

#include <string>
#include <vector>

namespace twill {

struct ArraySpec {
    Pattern pattern = Pattern::MsbLsb;
    int bits = 16;
    int rows = 16;
    int cols = 16;
    int layers = 1;
    // Empty: row and column words, plus pillar words when layers > 1.
    std::vector<Direction> directions;
    int rotation = 0;         // the pattern offset k (msb-lsb, latin)
    std::string customLayout; // pattern custom: the layout as twill-layout JSON

    // W x W arrays (W x W x W with pillars) of a pattern, and plain storage: W-bit row words
    // only, one weight a line as in a conventional array (no overlap).
    static ArraySpec square(Pattern pattern, int bits, bool cube = false);
    static ArraySpec plain(int bits);
    // The spec of a layout (custom layouts carry their maps).
    static ArraySpec of(const Layout &layout);

    std::vector<Direction> effectiveDirections() const;
    bool isPlain() const { return effectiveDirections() == std::vector<Direction>{Direction::Row}; }
    Geometry geometry() const;
    // Throws SpecError naming the key: sizes, widths, lines the width does not fill, a custom
    // pattern without maps or with maps of another shape, a rotation out of range.
    void validate() const;
    Layout layout() const; // validates first
    std::string describe() const; // "msb-lsb 8x8 8-bit", "latin 8x8x8 8-bit", "plain 8-bit"

    QJsonObject toJson() const;
    // Reads the keys above from an object that may hold other keys too (a project's array, an
    // encode report's parameters); validates.
    static ArraySpec fromJson(const QJsonObject &o);
    bool operator==(const ArraySpec &other) const;

private:
    // 'given' as this spec stores it: empty when it is the default for this shape.
    std::vector<Direction> explicitDirections(const std::vector<Direction> &given) const;
};

} // namespace twill
