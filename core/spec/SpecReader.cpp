#include "spec/SpecReader.h"

#include <QJsonArray>

#include <cmath>
#include <cstdio>

namespace twill {

namespace {

std::string typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return "null";
    case QJsonValue::Bool: return "true/false";
    case QJsonValue::Double: return "a number";
    case QJsonValue::String: return "text";
    case QJsonValue::Array: return "a list";
    case QJsonValue::Object: return "an object";
    case QJsonValue::Undefined: break;
    }
    return "nothing";
}

std::string shortNumber(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

} // namespace

QJsonValue SpecReader::find(const char *key, std::initializer_list<const char *> older) const
{
    if (o_.contains(key)) return o_.value(key);
    for (const char *k : older)
        if (o_.contains(k)) return o_.value(k);
    return QJsonValue(QJsonValue::Undefined);
}

int64_t SpecReader::integer64(const char *key, int64_t fallback, std::initializer_list<const char *> older) const
{
    const QJsonValue v = find(key, older);
    if (v.isUndefined()) return fallback;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d))
        throw SpecError(key, "must be a whole number, not " + (v.isDouble() ? shortNumber(d) : typeName(v)));
    if (std::fabs(d) > 9.0e15) throw SpecError(key, "is " + shortNumber(d) + ", far out of range");
    return int64_t(d);
}

int SpecReader::integer(const char *key, int fallback, std::initializer_list<const char *> older) const
{
    const int64_t v = integer64(key, fallback, older);
    if (v < -2147483647 || v > 2147483647) throw SpecError(key, "is " + shortNumber(double(v)) + ", far out of range");
    return int(v);
}

double SpecReader::number(const char *key, double fallback, std::initializer_list<const char *> older) const
{
    const QJsonValue v = find(key, older);
    if (v.isUndefined()) return fallback;
    if (!v.isDouble()) throw SpecError(key, "must be a number, not " + typeName(v));
    return v.toDouble();
}

bool SpecReader::flag(const char *key, bool fallback) const
{
    const QJsonValue v = o_.value(key);
    if (v.isUndefined()) return fallback;
    if (!v.isBool()) throw SpecError(key, "must be true or false, not " + typeName(v));
    return v.toBool();
}

std::string SpecReader::text(const char *key, const std::string &fallback, std::initializer_list<const char *> older) const
{
    const QJsonValue v = find(key, older);
    if (v.isUndefined()) return fallback;
    if (!v.isString()) throw SpecError(key, "must be text, not " + typeName(v));
    return v.toString().toStdString();
}

uint64_t SpecReader::seed(const char *key, uint64_t fallback) const
{
    const QJsonValue v = o_.value(key);
    if (v.isUndefined()) return fallback;
    if (v.isString()) {
        bool ok = false;
        const uint64_t s = v.toString().toULongLong(&ok);
        if (!ok) throw SpecError(key, "must be a non-negative whole number, not '" + v.toString().toStdString() + "'");
        return s;
    }
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d != std::floor(d) || d > 9007199254740992.0)
        throw SpecError(key, "must be a non-negative whole number (below 2^53; larger seeds are written as text)");
    return uint64_t(d);
}

std::vector<double> SpecReader::numbers(const char *key, const std::vector<double> &fallback) const
{
    const QJsonValue v = o_.value(key);
    if (v.isUndefined()) return fallback;
    if (!v.isArray()) throw SpecError(key, "must be a list of numbers, not " + typeName(v));
    std::vector<double> out;
    for (const QJsonValue &x : v.toArray()) {
        if (!x.isDouble()) throw SpecError(key, "must be a list of numbers; it holds " + typeName(x));
        out.push_back(x.toDouble());
    }
    return out;
}

std::vector<std::string> SpecReader::texts(const char *key, const std::vector<std::string> &fallback) const
{
    const QJsonValue v = o_.value(key);
    if (v.isUndefined()) return fallback;
    if (!v.isArray()) throw SpecError(key, "must be a list of names, not " + typeName(v));
    std::vector<std::string> out;
    for (const QJsonValue &x : v.toArray()) {
        if (!x.isString()) throw SpecError(key, "must be a list of names; it holds " + typeName(x));
        out.push_back(x.toString().toStdString());
    }
    return out;
}

QJsonObject SpecReader::object(const char *key) const
{
    const QJsonValue v = o_.value(key);
    if (v.isUndefined()) return {};
    if (!v.isObject()) throw SpecError(key, "must be an object, not " + typeName(v));
    return v.toObject();
}

QJsonValue seedJson(uint64_t seed)
{
    if (seed < (uint64_t(1) << 53)) return double(seed);
    return QString::number(qulonglong(seed));
}

} // namespace twill
