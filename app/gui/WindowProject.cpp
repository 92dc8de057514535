#include "WindowProject.h"

#include "encode/RandomTargets.h"
#include "io/FaultFile.h"
#include "util/Error.h"

namespace twill {

Project projectOf(const ArrayParameters &a, const EditableArray &array, const NetworkRunSpec &network)
{
    if (a.array.pattern == Pattern::Custom && a.array.customLayout.empty())
        throw Error("there is no custom pattern to save: choose another pattern or make one");
    Project p;
    p.array = a.array;
    p.encoder = a.encoder;
    p.faults = a.faults;
    p.network = network;
    p.shifts = array.shifts();
    p.offsetValue = array.offset();
    p.targets = array.targets();
    p.cellBits = array.bits();
    p.pins = array.pins();
    return p;
}

ArrayParameters parametersOf(const Project &p)
{
    ArrayParameters a;
    a.array = p.array;
    a.encoder = p.encoder;
    a.faults = p.faults;
    return a;
}

EditableArray arrayOf(const Project &p, const std::string &path)
{
    const ArraySpec &a = p.array;
    if (a.rows != a.cols || a.bits > 16 || a.rows > 128 || a.layers > 64 || !a.directions.empty())
        throw Error(path + ": the window shows square arrays up to 128x128x64 of up to 16-bit words with row and "
                           "column words (and pillar words in 3D); open this one with twill-cli");
    const NumberFormat f = p.encoder.format;
    const Layout layout = a.layout();
    const std::vector<int64_t> targets =
        p.targets.empty() ? randomTargets(1, layout.wordCount(), f, a.bits, p.encoder.seed) : p.targets;
    EditableArray next(layout, f, targets);
    for (size_t c = 0; c < p.pins.size(); ++c)
        if (p.pins[c] >= 0) next.setPin(int(c), p.pins[c]);
    next.setStuck(stuckCellsFor(p.faults, layout.geometry()), p.faults.unaware);
    if (!p.shifts.empty()) next.setShifts(p.shifts, p.offsetValue);
    if (!p.cellBits.empty()) {
        try {
            next.setBits(p.cellBits, true);
        } catch (const Error &e) {
            throw Error(path + ": cell_bits: " + e.what() + " (the project's faults say so)");
        }
    }
    return next;
}

} // namespace twill
