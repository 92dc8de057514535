#include "io/CodesFile.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <QFileInfo>

#include <sstream>

namespace twill {

namespace {

bool startsWith(const std::string &s, const char *prefix, size_t n)
{
    return s.size() >= n && s.compare(0, n, prefix, n) == 0;
}

// A token as it may be shown in a message: short, printable.
std::string shown(const std::string &t)
{
    std::string s;
    for (char c : t.substr(0, 24)) s.push_back(c >= 32 && c < 127 ? c : '?');
    return t.size() > 24 ? s + "..." : s;
}

std::vector<int64_t> codesOf(const NpyArray &a, const std::string &what, int words, int64_t &arrays, bool &tensor)
{
    tensor = !(a.shape.size() == 2 && a.shape[1] == words);
    if (a.size() == 0) throw Error(what + ": the array is empty; there is nothing to encode");
    arrays = tensor ? 0 : a.shape[0];
    try {
        return a.toInt64();
    } catch (const Error &e) {
        throw Error(what + ": " + e.what());
    }
}

std::vector<int64_t> codesOfCsv(const std::string &text, const std::string &what, int words, int64_t &arrays)
{
    std::istringstream in(text);
    std::vector<int64_t> out;
    std::string line;
    int64_t lineNo = 0;
    arrays = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        const size_t hash = line.find('#');
        if (hash != std::string::npos) line.resize(hash);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::stringstream ss(line);
        std::string item;
        int64_t count = 0;
        while (std::getline(ss, item, ',')) {
            const size_t b = item.find_first_not_of(" \t\r"), e = item.find_last_not_of(" \t\r");
            const std::string t = b == std::string::npos ? "" : item.substr(b, e - b + 1);
            size_t used = 0;
            long long v = 0;
            try {
                v = std::stoll(t, &used);
            } catch (const std::out_of_range &) {
                throw Error(what + ":" + std::to_string(lineNo) + ": value " + std::to_string(count + 1) + " '" + shown(t)
                            + "' is too large for a code");
            } catch (...) {
                used = 0;
            }
            if (t.empty() || used != t.size())
                throw Error(what + ":" + std::to_string(lineNo) + ": value " + std::to_string(count + 1) + " '" + shown(t)
                            + "' is not an integer code");
            out.push_back(v);
            ++count;
        }
        if (count != words)
            throw Error(what + ":" + std::to_string(lineNo) + ": " + std::to_string(count)
                        + " values, but an array of this layout has " + std::to_string(words)
                        + " words; put one array per line");
        ++arrays;
    }
    if (arrays == 0) throw Error(what + ": no arrays in the file; put one array of codes per line");
    return out;
}

} // namespace

std::vector<int64_t> parseCodes(const std::string &bytes, const std::string &what, const std::string &member, int words,
                                int64_t &arrays, bool &tensor)
{
    tensor = false;
    const bool npz = startsWith(bytes, "PK\x03\x04", 4) || startsWith(bytes, "PK\x05\x06", 4);
    if (!member.empty() && !npz) throw Error(what + ": not an .npz archive, so there is no member '" + member + "' to pick");
    if (npz) {
        const auto arraysIn = parseNpz(bytes, what);
        std::string names;
        for (const auto &[name, a] : arraysIn) {
            if (name == member || (member.empty() && (name == "targets" || arraysIn.size() == 1)))
                return codesOf(a, what + ":" + name, words, arrays, tensor);
            names += (names.empty() ? "" : ", ") + name;
        }
        if (!member.empty()) throw Error(what + ": has no array '" + member + "'; it holds " + names);
        throw Error(what + ": holds several arrays (" + names + "); pick one as " + what + ":NAME");
    }
    if (startsWith(bytes, "\x93NUMPY", 6) || (what.size() > 4 && what.compare(what.size() - 4, 4, ".npy") == 0))
        return codesOf(parseNpy(bytes, what), what, words, arrays, tensor);
    return codesOfCsv(bytes, what, words, arrays);
}

std::vector<int64_t> readCodes(const std::string &path, int words, int64_t &arrays, bool &tensor)
{
    // FILE.npz:NAME picks one array of an archive (unless a file has that whole name).
    std::string file = path, member;
    const size_t colon = path.rfind(".npz:");
    if (colon != std::string::npos && !QFileInfo::exists(QString::fromStdString(path))) {
        file = path.substr(0, colon + 4);
        member = path.substr(colon + 5);
        if (member.empty()) throw Error(path + ": give the array's name after the colon, e.g. " + file + ":targets");
    }
    return parseCodes(readFileBytes(file), file, member, words, arrays, tensor);
}

} // namespace twill
