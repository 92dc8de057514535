#include "WindowProject.h"

#include "encode/RandomTargets.h"
#include "io/LayoutFile.h"
#include "util/Error.h"

namespace twill {

Project projectOf(const ArrayParameters &a, const Layout *custom, const EditableArray &array,
                  const NetworkSetup &network, const std::string &dataset)
{
    Project p;
    p.pattern = a.pattern;
    if (p.pattern == "custom") {
        if (!custom) throw Error("there is no custom pattern to save: choose another pattern or make one");
        p.customLayout = layoutJson(*custom);
    }
    p.bits = a.bits;
    p.size = a.size;
    p.layers = a.layers;
    p.seed = a.encoder.seed;
    p.encoder = a.encoder;
    p.shifts = array.shifts();
    p.offsetValue = array.offset();
    p.targets = array.targets();
    p.network = network;
    p.dataset = dataset;
    p.cellBits = array.bits();
    p.pins = array.pins();
    return p;
}

ArrayParameters parametersOf(const Project &p)
{
    ArrayParameters a;
    a.pattern = p.pattern;
    a.bits = p.bits;
    a.size = p.size;
    a.layers = p.layers;
    a.encoder = p.encoder;
    a.encoder.seed = p.seed;
    return a;
}

EditableArray arrayOf(const Project &p, const std::string &path)
{
    Geometry g;
    g.bits = p.bits;
    g.rows = g.cols = p.size;
    g.layers = p.layers;
    if (g.layers > 1) g.directions.push_back(Direction::Pillar);
    g.validate();
    const NumberFormat f = p.encoder.format;
    const Layout layout = p.pattern == "custom"      ? parseLayout(p.customLayout, path)
                          : p.pattern == "transpose" ? Layout::transpose(g)
                                                     : Layout::msbLsb(g);
    std::vector<int64_t> targets = p.targets.empty() ? randomTargets(1, layout.wordCount(), f, g.bits, p.seed) : p.targets;
    EditableArray next(layout, f, targets);
    for (size_t c = 0; c < p.pins.size(); ++c)
        if (p.pins[c] >= 0) next.setPin(int(c), p.pins[c]);
    if (!p.shifts.empty()) next.setShifts(p.shifts, p.offsetValue);
    if (!p.cellBits.empty()) next.setBits(p.cellBits, true);
    return next;
}

} // namespace twill
