#include "AdcCommand.h"

#include "CliOptions.h"
#include "CliStreams.h"

#include "encode/BitlineCounts.h"
#include "io/BitlineCsv.h"
#include "io/Npy.h"
#include "util/Error.h"

#include <QCommandLineParser>

#include <algorithm>
#include <cstdio>
#include <map>

namespace twill::cli {

namespace {

// The bit members of an encode or retrain .npz, counted.
std::vector<BitlineGroup> readGroups(const std::string &path)
{
    std::vector<BitlineGroup> groups;
    for (const auto &[name, a] : readNpz(path)) {
        const std::string tail = ".bits";
        std::string tensor;
        if (name == "bits") tensor = "codes";
        else if (name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0)
            tensor = name.substr(0, name.size() - tail.size());
        else continue;
        // A differential pair's bits are [arrays, 2, layers, rows, cols]: P and N are two physical
        // arrays each, counted as such.
        const bool pair = a.shape.size() == 5 && a.shape[1] == 2;
        if (a.dtype != "|u1" || (a.shape.size() != 4 && !pair))
            throw Error(path + ": member '" + name + "' is not uint8 [arrays, layers, rows, cols] (or [arrays, 2, "
                        "layers, rows, cols] for a differential pair); give an .npz of twill-cli encode --npz or "
                        "twill-cli retrain --npz");
        const std::vector<int64_t> shape = pair ? std::vector<int64_t>{a.shape[0] * 2, a.shape[2], a.shape[3], a.shape[4]}
                                                : a.shape;
        for (int64_t i = 0; i < a.size(); ++i)
            if (uint8_t(a.data[size_t(i)]) > 1)
                throw Error(path + ": member '" + name + "' holds " + std::to_string(int(uint8_t(a.data[size_t(i)])))
                            + " at position " + std::to_string(i) + "; cells hold 0 or 1");
        groups.push_back({tensor, countBitlines(reinterpret_cast<const uint8_t *>(a.data.data()), shape[0],
                                                int(shape[1]), int(shape[2]), int(shape[3]))});
    }
    if (groups.empty())
        throw Error(path + ": no 'bits' member (twill-cli encode --npz) and no '<tensor>.bits' members (twill-cli "
                    "retrain --npz)");
    return groups;
}

} // namespace

int runAdc(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Bitline ones counts and ADC resolution of encoded arrays: for every direction (rows, columns, pillars) "
        "the ones each line sums when the array computes in memory, and the ADC bits that read the largest sum, "
        "ceil(log2(max ones + 1)). Give the .npz of twill-cli encode --npz or twill-cli retrain --npz; plain "
        "storage's columns are its bit slices.");
    p.addHelpOption();
    p.addPositionalArgument("FILE.npz", "An encoding's or a network's .npz.");
    p.addOptions({
        {"csv", "One row per line: tensor,array,axis,line,cells,ones,adc_bits.", "FILE"},
    });
    if (int rc = parseOrExplain(p, args, true); rc >= 0) return rc;
    try {
        const QStringList inputs = p.positionalArguments();
        if (inputs.size() != 1) throw UsageError("give one .npz: twill-cli adc FILE.npz [--csv OUT.csv]");
        checkOutputs(p, {"csv"});
        FILE *const out = summaryStream(p, {"csv"});
        std::vector<BitlineGroup> groups;
        try {
            groups = readGroups(inputs.first().toStdString());
        } catch (const Error &e) {
            throw UsageError(e.what());
        }
        std::fprintf(out, "%-22s %-7s %7s %6s %9s %9s %9s  %s\n", "tensor", "axis", "arrays", "cells", "mean ones", "max ones",
                    "ADC bits", "lines by ADC bits");
        std::map<LineAxis, int32_t> worst;
        for (const BitlineGroup &g : groups) {
            const BitlineCounts &c = g.counts;
            for (size_t k = 0; k < c.axes.size(); ++k) {
                std::map<int, int64_t> byBits;
                for (int32_t x : c.ones[k]) ++byBits[adcBits(x)];
                std::string spread;
                for (const auto &[bits, n] : byBits) {
                    char b[48];
                    std::snprintf(b, sizeof b, "%s%d: %.1f%%", spread.empty() ? "" : ", ", bits,
                                  100.0 * double(n) / double(c.ones[k].size()));
                    spread += b;
                }
                std::fprintf(out, "%-22s %-7s %7lld %6d %9.3f %9d %9d  %s\n", g.tensor.c_str(), lineAxisName(c.axes[k]).c_str(),
                            (long long)c.arrays, c.cellsPerLine(k), c.meanOnes(k), c.maxOnes(k), adcBits(c.maxOnes(k)),
                            spread.c_str());
                worst[c.axes[k]] = std::max(worst[c.axes[k]], c.maxOnes(k));
            }
        }
        if (groups.size() > 1)
            for (const auto &[axis, mx] : worst)
                std::fprintf(out, "%-22s %-7s %7s %6s %9s %9d %9d\n", "all tensors", lineAxisName(axis).c_str(), "", "", "", mx,
                            adcBits(mx));
        if (p.isSet("csv")) writeBitlineCsv(p.value("csv").toStdString(), groups);
        return 0;
    } catch (const UsageError &e) {
        std::fprintf(stderr, "twill-cli adc: %s\n", e.what());
        return 2;
    } catch (const Error &e) {
        std::fprintf(stderr, "twill-cli adc: %s\n", e.what());
        return 1;
    }
}

} // namespace twill::cli
