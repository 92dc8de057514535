#pragma once
// How the W bits of one word become an integer code.
#include <cstdint>
#include <string>

namespace twill {

enum class NumberFormat {
    Unsigned,       // 0 .. 2^W-1 (a zero point maps it to signed values)
    TwosComplement, // the MSB weighs -2^(W-1)
    SignMagnitude   // the MSB is the sign, the other W-1 bits the magnitude
};

std::string formatName(NumberFormat format);
NumberFormat parseFormat(const std::string &name); // throws Error on an unknown name

int64_t codeMin(NumberFormat format, int bits);
int64_t codeMax(NumberFormat format, int bits);

// bitsBySignificance: bit s holds the cell of significance s.
int64_t decodeWord(NumberFormat format, int bits, uint64_t bitsBySignificance);
// The exact representation of a code in range (sign-magnitude zero is +0).
uint64_t encodeWord(NumberFormat format, int bits, int64_t code);

} // namespace twill
