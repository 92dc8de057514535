#pragma once
// The arrays the bit map suites draw: a square msb-lsb array (a Latin cube with layers > 1)
// of seeded random unsigned targets, encoded by the greedy solver (fast, and not exact, so
// that the error bars have lengths to show).
#include "encode/EditableArray.h"
#include "encode/EncodeOptions.h"
#include "encode/RandomTargets.h"
#include "layout/Layout.h"

#include <cstdint>

namespace twill::test {

inline EditableArray greedyArray(int size, int bits, int layers, uint64_t seed)
{
    Geometry g;
    g.rows = g.cols = size;
    g.layers = layers;
    g.bits = bits;
    g.directions = layers > 1 ? std::vector<Direction>{Direction::Row, Direction::Column, Direction::Pillar}
                              : std::vector<Direction>{Direction::Row, Direction::Column};
    const Layout layout = Layout::msbLsb(g);
    EditableArray a(layout, NumberFormat::Unsigned, randomTargets(1, layout.wordCount(), NumberFormat::Unsigned, bits, seed));
    EncodeOptions o;
    o.solver = SolverKind::Greedy;
    a.encode(o);
    return a;
}

} // namespace twill::test
