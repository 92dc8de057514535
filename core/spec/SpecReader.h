#pragma once
// Reads the values of a spec's JSON object by key, checking types (ranges are the spec's
// validate()). A key may have an older spelling that files of earlier versions used; a missing
// key gives the default. Wrong types throw SpecError naming the key.
#include "util/Error.h"

#include <QJsonObject>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace twill {

class SpecReader {
public:
    explicit SpecReader(const QJsonObject &object) : o_(object) {}

    bool has(const char *key) const { return o_.contains(key); }
    int integer(const char *key, int fallback, std::initializer_list<const char *> older = {}) const;
    int64_t integer64(const char *key, int64_t fallback, std::initializer_list<const char *> older = {}) const;
    double number(const char *key, double fallback, std::initializer_list<const char *> older = {}) const;
    bool flag(const char *key, bool fallback) const;
    std::string text(const char *key, const std::string &fallback, std::initializer_list<const char *> older = {}) const;
    // A non-negative integer written as a number or (before version 2) as a string.
    uint64_t seed(const char *key, uint64_t fallback) const;
    std::vector<double> numbers(const char *key, const std::vector<double> &fallback) const;
    std::vector<std::string> texts(const char *key, const std::vector<std::string> &fallback) const;
    QJsonObject object(const char *key) const; // empty when missing; SpecError when not an object

    // Reads an enum through its parser (which throws Error for unknown names).
    template <typename Parse>
    auto choice(const char *key, const std::string &fallback, Parse parse,
                std::initializer_list<const char *> older = {}) const
    {
        const std::string name = text(key, fallback, older);
        try {
            return parse(name);
        } catch (const Error &e) {
            throw SpecError(key, e.what());
        }
    }

private:
    QJsonValue find(const char *key, std::initializer_list<const char *> older) const;
    QJsonObject o_;
};

// A uint64 seed as JSON: a number while it is exact in a double (below 2^53), else a string.
QJsonValue seedJson(uint64_t seed);

} // namespace twill
