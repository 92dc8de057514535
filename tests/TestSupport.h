#pragma once
// Helpers shared by the test suites.
#include "util/Error.h"

#include <QString>

#include <functional>

namespace twill::test {

// The message of the twill::Error that f throws, or an empty string when it throws none.
inline QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

} // namespace twill::test
