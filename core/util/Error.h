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

// A file that could not be written (no space, no permission, a failed rename): the input was
// fine, so the command line exits 1 for it, not 2.
class WriteError : public Error {
public:
    using Error::Error;
};

// A spec option that is out of range or malformed. 'key' is the option's spec name (its JSON
// key, e.g. "epochs_per_step"); 'problem' says what is wrong without naming it, so that the
// command line can put its flag in front and the window its label.
class SpecError : public Error {
public:
    SpecError(std::string key, std::string problem)
        : Error(key + ": " + problem), key_(std::move(key)), problem_(std::move(problem))
    {
    }
    const std::string &key() const { return key_; }
    const std::string &problem() const { return problem_; }

private:
    std::string key_, problem_;
};

} // namespace twill
