#include "EncodeJob.h"

#include <chrono>

namespace twill {

bool sameTables(const Layout &a, const Layout &b)
{
    bool same = a.directionCount() == b.directionCount();
    for (int k = 0; same && k < a.directionCount(); ++k) same = a.significanceMap(k) == b.significanceMap(k);
    return same;
}

EditableArray withLayout(const EditableArray &array, const Layout &layout, bool keepPins)
{
    if (sameTables(layout, array.layout())) return array;
    EditableArray next(layout, array.format(), array.targets());
    const std::vector<int8_t> &pins = array.pins();
    if (keepPins && pins.size() == next.pins().size())
        for (size_t c = 0; c < pins.size(); ++c) next.setPin(int(c), pins[c]);
    return next;
}

EncodeJobResult encodeJob(const EditableArray &input, const EncodeOptions &options, int generation, JobControl &control)
{
    EncodeJobResult r;
    r.array = input;
    r.generation = generation;
    const auto t0 = std::chrono::steady_clock::now();
    try {
        const ArrayResult res = r.array.encode(options, &control);
        r.stopped = control.cancelled();
        r.certified = res.certified;
        r.feasible = res.feasible;
        r.infeasibleCertified = res.infeasibleCertified;
    } catch (const std::exception &e) {
        r.error = e.what();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

QString describe(const EncodeJobResult &r, const EncodeOptions &options)
{
    const EditableArray &a = r.array;
    return QString("encoded %1 %2x%3, %4-bit %5, %6/%7: max |e| %8 LSB (%9 % FS), rms %10 LSB%11, %12 ms")
        .arg(QString::fromStdString(a.layout().patternName()))
        .arg(a.layout().geometry().rows)
        .arg(a.layout().geometry().cols)
        .arg(a.layout().bits())
        .arg(QString::fromStdString(formatName(a.format())))
        .arg(QString::fromStdString(objectiveName(options.objective)))
        .arg(QString::fromStdString(solverName(options.solver)))
        .arg(a.maxAbsError())
        .arg(100.0 * a.maxAbsError() / a.fullScale(), 0, 'f', 4)
        .arg(a.rmsError(), 0, 'f', 2)
        .arg(r.certified ? ", certified optimal" : "")
        .arg(r.seconds * 1000.0, 0, 'f', 1)
           + (a.stuckCount() ? QString(", %1 cells stuck (fault-%2)").arg(a.stuckCount()).arg(a.faultUnaware() ? "unaware" : "aware")
                             : QString());
}

QString boundProblem(const EncodeJobResult &r, const EncodeOptions &options)
{
    if (r.feasible) return {};
    return QString("No encoding meets |error| <= %1 LSB%2; shown is the best found (max |e| %3 LSB). Raise the "
                   "bound, unpin cells, or allow shifts.")
        .arg(options.bound)
        .arg(r.infeasibleCertified ? " for these targets and pins (proven by the exact search)"
                                   : " within the search (not proven impossible: try the exact solver)")
        .arg(r.array.maxAbsError());
}

} // namespace twill
