#pragma once
// How the W bits of one word become an integer code.
#include <cstdint>
#include <string>

namespace twill {

enum class NumberFormat {
    Unsigned,       // 0 .. 2^W-1 (a zero point maps it to signed values)
    TwosComplement, // the MSB weighs -2^(W-1)
    SignMagnitude,  // the MSB is the sign, the other W-1 bits the magnitude
    // A differential pair: two W-bit unsigned words P and N, each in an array of its own
    // (two arrays of the same layout, so twice the cells), decoded as P - N: -(2^W-1) .. 2^W-1.
    DifferentialPair
};

std::string formatName(NumberFormat format);
NumberFormat parseFormat(const std::string &name); // throws Error on an unknown name

int64_t codeMin(NumberFormat format, int bits);
int64_t codeMax(NumberFormat format, int bits);

// The arrays that hold one weight: 2 for a differential pair, else 1.
int arraysPerWeight(NumberFormat format);
// The format of each array's words: unsigned for a differential pair (P and N), else itself.
NumberFormat arrayFormat(NumberFormat format);

// bitsBySignificance: bit s holds the cell of significance s. A differential pair's word is
// 2W bits: P in bits 0..W-1, N in bits W..2W-1.
int64_t decodeWord(NumberFormat format, int bits, uint64_t bitsBySignificance);
// The exact representation of a code in range (sign-magnitude zero is +0; a differential
// pair's is the naive split P = max(code, 0), N = max(-code, 0)).
uint64_t encodeWord(NumberFormat format, int bits, int64_t code);

} // namespace twill
