#include "encode/Sweep.h"

#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "layout/Layout.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <locale>
#include <memory>
#include <sstream>

namespace twill {

namespace {

constexpr int kMaxCubeBits = 16;
constexpr int kMaxWordsPerSide = 16;
constexpr double kMaxCellsPerPoint = 200e6; // cell bits held at once (one byte each) plus targets

Geometry sweepGeometry(const SweepSpec &spec, int bits)
{
    Geometry g;
    g.bits = bits;
    g.rows = g.cols = spec.wordsPerSide * bits;
    g.directions = {Direction::Row, Direction::Column};
    if (spec.cube) {
        g.layers = bits;
        g.directions.push_back(Direction::Pillar);
    }
    return g;
}

Layout sweepLayout(Pattern pattern, const Geometry &g)
{
    // msb-lsb picks the balanced Latin cube itself when a pillar direction is in use.
    return Layout::named(pattern, g);
}

std::string sizeText(const Geometry &g)
{
    std::string s = std::to_string(g.rows) + "x" + std::to_string(g.cols);
    if (g.layers > 1) s += "x" + std::to_string(g.layers);
    return s;
}

// The control handed to encodeMany for one point: its progress maps into the fraction of the
// whole grid, and it is cancelled whenever the whole sweep is.
JobControl pointControl(JobControl *parent, double done, double work, double total, const std::string &label)
{
    return JobControl(
        [=](double f, const std::string &message) {
            // (done + work * f) / total rather than a base plus a share: at f = 1 this is exactly the
            // fraction reported after the point, so progress never steps back.
            if (parent) parent->report((done + work * f) / total, label + ": " + message);
        },
        parent);
}

// The shortest text that reads back as the same double, in the C locale whatever the user's.
std::string exactNumber(double v)
{
    for (int precision = 15; precision <= 17; ++precision) {
        std::ostringstream out;
        out.imbue(std::locale::classic());
        out.precision(precision);
        out << v;
        std::istringstream in(out.str());
        in.imbue(std::locale::classic());
        double back = 0;
        in >> back;
        if (back == v || precision == 17) return out.str();
    }
    return {};
}

} // namespace

void validateSweep(const SweepSpec &spec)
{
    if (spec.bits.empty()) throw Error("no bit width to sweep; list at least one, e.g. 4, 8, 12, 16");
    if (spec.patterns.empty()) throw Error("no pattern to sweep; choose msb-lsb, transpose or both");
    for (size_t i = 0; i < spec.bits.size(); ++i) {
        const int W = spec.bits[i];
        if (W < 2 || W > 32)
            throw Error("bit width " + std::to_string(W) + " is out of range; use widths from 2 to 32");
        if (std::count(spec.bits.begin(), spec.bits.begin() + long(i), W))
            throw Error("bit width " + std::to_string(W) + " is listed twice; list each width once");
        if (spec.cube && W > kMaxCubeBits)
            throw Error("a " + std::to_string(W) + "-bit 3D cube is too big to sweep (" + std::to_string(W)
                        + " layers of " + std::to_string(spec.wordsPerSide * W) + "x"
                        + std::to_string(spec.wordsPerSide * W) + " cells per array); use widths up to "
                        + std::to_string(kMaxCubeBits) + " for 3D, or sweep 2D");
    }
    for (size_t i = 0; i < spec.patterns.size(); ++i) {
        const Pattern p = spec.patterns[i];
        if (p != Pattern::MsbLsb && p != Pattern::Transpose)
            throw Error("pattern " + patternName(p) + " cannot be swept; the sweep compares msb-lsb and transpose");
        if (std::count(spec.patterns.begin(), spec.patterns.begin() + long(i), p))
            throw Error("pattern " + patternName(p) + " is listed twice; list each pattern once");
    }
    if (spec.arrays < 1)
        throw Error("arrays per point is " + std::to_string(spec.arrays) + "; encode at least 1 array per point");
    if (spec.wordsPerSide < 1 || spec.wordsPerSide > kMaxWordsPerSide)
        throw Error("words per side " + std::to_string(spec.wordsPerSide) + " is out of range; use 1 to "
                    + std::to_string(kMaxWordsPerSide) + " (rows = columns = words per side x W)");
    for (int W : spec.bits) {
        const Geometry g = sweepGeometry(spec, W);
        const double cells = double(spec.arrays) * g.cellCount();
        if (cells > kMaxCellsPerPoint)
            throw Error("W = " + std::to_string(W) + " needs " + std::to_string(int64_t(cells / 1e6))
                        + " million cells per point (" + std::to_string(spec.arrays) + " arrays of " + sizeText(g)
                        + "); use fewer arrays or fewer words per side to stay under "
                        + std::to_string(int64_t(kMaxCellsPerPoint / 1e6)) + " million");
    }
}

std::vector<SweepPoint> runSweep(const SweepSpec &spec, JobControl *control,
                                 const std::function<void(const SweepPoint &)> &onPoint)
{
    validateSweep(spec);

    // Every layout and encoder first, so that bad encoder options fail before any work.
    struct Planned {
        Pattern pattern;
        std::unique_ptr<Encoder> encoder;
        double work = 0;
    };
    std::vector<Planned> plan;
    double totalWork = 0;
    for (int W : spec.bits) {
        for (const Pattern pattern : spec.patterns) {
            const Layout layout = sweepLayout(pattern, sweepGeometry(spec, W));
            Planned p{pattern, std::make_unique<Encoder>(layout, spec.options), 0};
            // Time grows with the cells encoded: weight the progress of each point by them.
            p.work = double(spec.arrays) * layout.cellCount();
            totalWork += p.work;
            plan.push_back(std::move(p));
        }
    }

    std::vector<SweepPoint> points;
    double doneWork = 0;
    for (size_t k = 0; k < plan.size(); ++k) {
        if (control && control->cancelled()) break;
        const Encoder &encoder = *plan[k].encoder;
        const Geometry &g = encoder.layout().geometry();
        const std::string label = patternName(plan[k].pattern) + " W=" + std::to_string(g.bits) + " (" + sizeText(g) + "), point "
                                  + std::to_string(k + 1) + " of " + std::to_string(plan.size());
        if (control) control->report(doneWork / totalWork, label);

        const std::vector<int64_t> targets =
            randomTargets(spec.arrays, encoder.wordCount(), spec.options.format, g.bits, spec.options.seed);
        std::vector<ArrayResult> results;
        const auto t0 = std::chrono::steady_clock::now();
        JobControl child = pointControl(control, doneWork, plan[k].work, totalWork, label);
        results = encoder.encodeMany(targets, {}, {}, &child);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        // A point cut short by a cancel is dropped: its figures would cover other arrays.
        if (int64_t(results.size()) < spec.arrays) break;

        SweepPoint point;
        point.pattern = plan[k].pattern;
        point.bits = g.bits;
        point.rows = g.rows;
        point.layers = g.layers;
        point.summary = summarize(encoder, targets, results, seconds);
        points.push_back(point);
        doneWork += plan[k].work;
        if (control) control->report(doneWork / totalWork, label + " done");
        if (onPoint) onPoint(points.back());
    }
    return points;
}

std::string sweepCsv(const std::vector<SweepPoint> &points)
{
    std::string out = "pattern,bits,rows,layers,arrays,mean_abs_lsb,rms_lsb,max_abs_lsb,mean_pct_fs,"
                      "mean_array_max_pct_fs,max_pct_fs,certified_fraction,arrays_per_second\n";
    for (const SweepPoint &p : points) {
        const EncodeSummary &s = p.summary;
        out += patternName(p.pattern) + "," + std::to_string(p.bits) + "," + std::to_string(p.rows) + ","
               + std::to_string(p.layers) + "," + std::to_string(s.arrays);
        for (double v : {s.meanAbsLsb, s.rmsLsb, s.maxAbsLsb, s.meanPctFs, s.meanArrayMaxPctFs, s.maxPctFs,
                         s.certifiedFraction, s.arraysPerSecond})
            out += "," + exactNumber(v);
        out += "\n";
    }
    return out;
}

} // namespace twill
