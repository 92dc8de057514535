#pragma once
// The shortest text that reads back as the same double ("0.1", not "0.10000000000000001"):
// files that are read again keep every figure bit for bit.
#include <charconv>
#include <string>

namespace twill {

inline std::string shortestText(double v)
{
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

} // namespace twill
