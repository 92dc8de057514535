#pragma once
// The core's one error idiom: functions throw twill::Error with a message that says what is
// wrong and what to do; jobs and executables catch it at their boundary.
#include <stdexcept>
#include <string>

namespace twill {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string &message) : std::runtime_error(message) {}
};

} // namespace twill
