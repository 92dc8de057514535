#include "ProgressLine.h"

#include "CliStreams.h"

#include <cmath>
#include <cstdio>

namespace twill::cli {

namespace {
constexpr int kWidth = 100; // characters of the line, erased with as many spaces
}

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled && stderrIsTerminal()), start_(std::chrono::steady_clock::now()), last_(start_)
{
}

void ProgressLine::update(double fraction, const std::string &message)
{
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_).count() < 1.0) return;
    last_ = now;
    std::string text = message;
    const std::string left = eta(std::chrono::duration<double>(now - start_).count(), fraction);
    if (!left.empty()) text += ", about " + left + " left";
    std::fprintf(stderr, "\r%5.1f%%  %-*.*s", 100.0 * fraction, kWidth - 8, kWidth - 8, text.c_str());
    std::fflush(stderr);
    shown_ = true;
}

void ProgressLine::clear()
{
    if (!shown_) return;
    std::fprintf(stderr, "\r%*s\r", kWidth, "");
    std::fflush(stderr);
    shown_ = false;
}

std::string ProgressLine::eta(double seconds, double fraction)
{
    if (fraction < 0.01 || fraction >= 1 || seconds < 1) return {};
    const long long left = std::llround(seconds * (1 - fraction) / fraction);
    char buf[32];
    if (left >= 3600) std::snprintf(buf, sizeof buf, "%lldh%02lldm", left / 3600, left / 60 % 60);
    else if (left >= 60) std::snprintf(buf, sizeof buf, "%lldm%02llds", left / 60, left % 60);
    else std::snprintf(buf, sizeof buf, "%llds", left);
    return buf;
}

} // namespace twill::cli
