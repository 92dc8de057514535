#include "io/CodesFile.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <fstream>
#include <sstream>

namespace twill {

namespace {

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

std::vector<int64_t> readCodes(const std::string &path, int words, int64_t &arrays, bool &tensor)
{
    tensor = false;
    if (endsWith(path, ".npy")) {
        const NpyArray a = readNpy(path);
        tensor = !(a.shape.size() == 2 && a.shape[1] == words);
        if (a.size() == 0) throw Error(path + ": the array is empty; there is nothing to encode");
        arrays = tensor ? 0 : a.shape[0];
        std::vector<int64_t> codes;
        try {
            codes = a.toInt64();
        } catch (const Error &e) {
            throw Error(path + ": " + e.what());
        }
        return codes;
    }
    std::ifstream in(path);
    if (!in) throw Error(path + ": cannot open the file; check the path");
    std::vector<int64_t> out;
    std::string line;
    int lineNo = 0;
    arrays = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        const size_t hash = line.find('#');
        if (hash != std::string::npos) line.resize(hash);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::stringstream ss(line);
        std::string item;
        int count = 0;
        while (std::getline(ss, item, ',')) {
            const size_t b = item.find_first_not_of(" \t\r"), e = item.find_last_not_of(" \t\r");
            const std::string t = b == std::string::npos ? "" : item.substr(b, e - b + 1);
            size_t used = 0;
            long long v = 0;
            try {
                v = std::stoll(t, &used);
            } catch (...) {
                used = 0;
            }
            if (t.empty() || used != t.size())
                throw Error(path + ":" + std::to_string(lineNo) + ": value " + std::to_string(count + 1) + " '" + t
                            + "' is not an integer code");
            out.push_back(v);
            ++count;
        }
        if (count != words)
            throw Error(path + ":" + std::to_string(lineNo) + ": " + std::to_string(count) + " values, but an array of this layout has "
                        + std::to_string(words) + " words; put one array per line");
        ++arrays;
    }
    if (arrays == 0) throw Error(path + ": no arrays in the file; put one array of codes per line");
    return out;
}

} // namespace twill
