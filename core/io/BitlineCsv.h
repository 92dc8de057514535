#pragma once
// The one CSV of bitline ones counts (twill-cli adc --csv, the window's Bitlines export): one row
// per line, tensor,array,axis,line,cells,ones,adc_bits. Written atomically.
#include "encode/BitlineCounts.h"

#include <string>
#include <vector>

namespace twill {

struct BitlineGroup {
    std::string tensor; // "codes" for an encoding's arrays, a network's tensor, "overlapped", "plain"
    BitlineCounts counts;
};

std::string bitlineCsvHeader(); // "tensor,array,axis,line,cells,ones,adc_bits\n"
// Throws Error (WriteError) naming the file when it cannot be written; the old file stays.
void writeBitlineCsv(const std::string &path, const std::vector<BitlineGroup> &groups);

} // namespace twill
