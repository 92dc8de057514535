#include "io/BitlineCsv.h"

#include "io/AtomicFile.h"

namespace twill {

std::string bitlineCsvHeader()
{
    return "tensor,array,axis,line,cells,ones,adc_bits\n";
}

void writeBitlineCsv(const std::string &path, const std::vector<BitlineGroup> &groups)
{
    writeFileAtomic(path, [&](const ByteSink &write) {
        auto put = [&](const std::string &s) { write(s.data(), s.size()); };
        put(bitlineCsvHeader());
        for (const BitlineGroup &g : groups) {
            const BitlineCounts &c = g.counts;
            for (size_t k = 0; k < c.axes.size(); ++k) {
                const int lines = c.linesPerArray(k);
                const std::string axis = "," + lineAxisName(c.axes[k]) + ",";
                for (int64_t a = 0; a < c.arrays; ++a)
                    for (int l = 0; l < lines; ++l) {
                        const int32_t ones = c.ones[k][size_t(a * lines + l)];
                        put(g.tensor + "," + std::to_string(a) + axis + std::to_string(l) + ","
                            + std::to_string(c.cellsPerLine(k)) + "," + std::to_string(ones) + ","
                            + std::to_string(adcBits(ones)) + "\n");
                    }
            }
        }
    });
}

} // namespace twill
