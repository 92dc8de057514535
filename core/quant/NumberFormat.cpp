#include "quant/NumberFormat.h"

#include "util/Error.h"

namespace twill {

std::string formatName(NumberFormat format)
{
    switch (format) {
    case NumberFormat::Unsigned: return "unsigned";
    case NumberFormat::TwosComplement: return "twos";
    case NumberFormat::SignMagnitude: return "signmag";
    case NumberFormat::DifferentialPair: return "diffpair";
    }
    return "unsigned";
}

NumberFormat parseFormat(const std::string &name)
{
    if (name == "unsigned") return NumberFormat::Unsigned;
    if (name == "twos" || name == "twos-complement") return NumberFormat::TwosComplement;
    if (name == "signmag" || name == "sign-magnitude") return NumberFormat::SignMagnitude;
    if (name == "diffpair" || name == "differential-pair") return NumberFormat::DifferentialPair;
    throw Error("unknown number format '" + name + "'; use unsigned, twos, signmag or diffpair");
}

int64_t codeMin(NumberFormat format, int bits)
{
    switch (format) {
    case NumberFormat::Unsigned: return 0;
    case NumberFormat::TwosComplement: return -(int64_t(1) << (bits - 1));
    case NumberFormat::SignMagnitude: return -((int64_t(1) << (bits - 1)) - 1);
    case NumberFormat::DifferentialPair: return -((int64_t(1) << bits) - 1);
    }
    return 0;
}

int64_t codeMax(NumberFormat format, int bits)
{
    if (format == NumberFormat::Unsigned || format == NumberFormat::DifferentialPair) return (int64_t(1) << bits) - 1;
    return (int64_t(1) << (bits - 1)) - 1;
}

int arraysPerWeight(NumberFormat format)
{
    return format == NumberFormat::DifferentialPair ? 2 : 1;
}

NumberFormat arrayFormat(NumberFormat format)
{
    return format == NumberFormat::DifferentialPair ? NumberFormat::Unsigned : format;
}

int64_t decodeWord(NumberFormat format, int bits, uint64_t v)
{
    const uint64_t top = uint64_t(1) << (bits - 1);
    switch (format) {
    case NumberFormat::Unsigned: return int64_t(v);
    case NumberFormat::TwosComplement: return int64_t(v & (top - 1)) - ((v & top) ? int64_t(top) : 0);
    case NumberFormat::SignMagnitude: {
        const int64_t magnitude = int64_t(v & (top - 1));
        return (v & top) ? -magnitude : magnitude;
    }
    case NumberFormat::DifferentialPair: {
        const uint64_t mask = (top << 1) - 1; // W <= 32: the pair's 2W bits fit
        return int64_t(v & mask) - int64_t((v >> bits) & mask);
    }
    }
    return 0;
}

uint64_t encodeWord(NumberFormat format, int bits, int64_t code)
{
    if (code < codeMin(format, bits) || code > codeMax(format, bits))
        throw Error("code " + std::to_string(code) + " does not fit " + std::to_string(bits) + "-bit "
                    + formatName(format));
    const uint64_t mask = bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
    switch (format) {
    case NumberFormat::Unsigned: return uint64_t(code);
    case NumberFormat::TwosComplement: return uint64_t(code) & mask;
    case NumberFormat::SignMagnitude:
        return code < 0 ? (uint64_t(-code) | (uint64_t(1) << (bits - 1))) : uint64_t(code);
    case NumberFormat::DifferentialPair: return code < 0 ? uint64_t(-code) << bits : uint64_t(code);
    }
    return 0;
}

} // namespace twill
