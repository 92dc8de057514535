#include "io/MemoryImage.h"

#include "encode/Decode.h"
#include "encode/Encoder.h"
#include "io/Npy.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace twill {

namespace {

const char *kHexDigits = "0123456789abcdef";

// The cells of one physical row as hex digits: column 0 is the most significant bit and the
// padding bits (when cols is not a multiple of 4) are zeros on the left.
std::string rowHex(const uint8_t *cells, int cols)
{
    const int digits = (cols + 3) / 4, pad = 4 * digits - cols;
    std::string s(size_t(digits), '0');
    for (int d = 0; d < digits; ++d) {
        int nibble = 0;
        for (int b = 0; b < 4; ++b) {
            const int c = 4 * d + b - pad; // column of this bit, most significant first
            nibble = nibble << 1 | (c >= 0 && cells[c] ? 1 : 0);
        }
        s[size_t(d)] = kHexDigits[nibble];
    }
    return s;
}

std::string hex(int64_t v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%llx", (unsigned long long)v);
    return buf;
}

// A number as C and JSON read it back exactly.
std::string exact(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string csvNumber(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

QJsonArray intArray(const std::vector<int> &v)
{
    QJsonArray a;
    for (int x : v) a.append(x);
    return a;
}

template <typename T> std::string cList(const std::vector<T> &v, int perLine = 16)
{
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i % size_t(perLine) == 0) s += "\n    ";
        s += std::to_string(v[i]);
        if (i + 1 < v.size()) s += ", ";
    }
    return s;
}

std::string upper(std::string s)
{
    for (char &c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

int64_t product(const std::vector<int64_t> &shape)
{
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

} // namespace

MemoryImage::MemoryImage(const Encoder &encoder) : encoder_(&encoder)
{
    if (arraysPerWeight(encoder.options().format) > 1)
        throw Error("memory images describe one array a weight; a differential pair (diffpair) takes two, which they "
                    "do not lay out yet; write the pair's cells with --npz instead");
}

void MemoryImage::addTensor(MemoryTensor t)
{
    const int nw = encoder_->wordCount(), nc = encoder_->cellCount();
    if (!t.arrays) throw Error(t.name + ": no encoded arrays to write");
    const int64_t arrays = int64_t(t.arrays->size());
    if (t.values < 0 || t.values > arrays * nw)
        throw Error(t.name + ": " + std::to_string(t.values) + " values do not fit " + std::to_string(arrays)
                    + " arrays of " + std::to_string(nw) + " words");
    if (t.shape.empty()) t.shape = {t.values};
    if (product(t.shape) != t.values)
        throw Error(t.name + ": the shape holds " + std::to_string(product(t.shape)) + " values, not "
                    + std::to_string(t.values));
    for (const ArrayResult &r : *t.arrays)
        if (int(r.bits.size()) != nc || (!r.shift.empty() && int(r.shift.size()) != nw))
            throw Error(t.name + ": an encoded array does not match the layout (" + std::to_string(nc) + " cells)");
    if (!t.scale.empty()) {
        if (t.values % int64_t(t.scale.size()) != 0)
            throw Error(t.name + ": " + std::to_string(t.scale.size()) + " scale groups do not divide "
                        + std::to_string(t.values) + " values");
        if (t.zeroPoint.empty()) t.zeroPoint.assign(t.scale.size(), 0);
        if (t.zeroPoint.size() != t.scale.size()) throw Error(t.name + ": one zero point per scale group is needed");
    }
    for (const MemoryTensor &other : tensors_)
        if (other.name == t.name) throw Error(t.name + ": two tensors of the image have this name");
    tensors_.push_back(std::move(t));
}

int64_t MemoryImage::rowCount() const
{
    return tensors_.empty() ? 0 : firstRow(tensors_.size());
}

int64_t MemoryImage::firstRow(size_t tensor) const
{
    const Geometry &g = encoder_->layout().geometry();
    int64_t rows = 0;
    for (size_t i = 0; i < tensor && i < tensors_.size(); ++i)
        rows += int64_t(tensors_[i].arrays->size()) * g.layers * g.rows;
    return rows;
}

int MemoryImage::hexDigits() const
{
    return (encoder_->layout().geometry().cols + 3) / 4;
}

std::vector<int> MemoryImage::rotationsInUse() const
{
    std::set<int> used;
    for (const MemoryTensor &t : tensors_)
        for (const ArrayResult &r : *t.arrays) used.insert(encoder_->layoutFor(r.rotation).rotation());
    if (used.empty()) used.insert(encoder_->layout().rotation());
    return std::vector<int>(used.begin(), used.end());
}

bool MemoryImage::rotated() const
{
    return rotationsInUse().size() > 1;
}

std::vector<double> MemoryImage::weights(const MemoryTensor &t) const
{
    const int nw = encoder_->wordCount();
    const NumberFormat format = encoder_->options().format;
    std::vector<double> out(size_t(t.values));
    const int64_t groupSize = t.scale.empty() ? 1 : t.values / int64_t(t.scale.size());
    for (size_t a = 0; a < t.arrays->size(); ++a) {
        const ArrayResult &r = (*t.arrays)[a];
        const std::vector<int64_t> codes = decodeArray(encoder_->layoutFor(r.rotation), format, r.bits.data(),
                                                       r.shift.empty() ? nullptr : r.shift.data(), r.offset);
        for (int w = 0; w < nw; ++w) {
            const int64_t i = int64_t(a) * nw + w;
            if (i >= t.values) break;
            if (t.scale.empty()) {
                out[size_t(i)] = double(codes[size_t(w)]);
            } else {
                // float32, as a network deploys it (and as 9 digits print it exactly)
                const size_t g = size_t(i / groupSize);
                out[size_t(i)] = double(float(double(codes[size_t(w)] - t.zeroPoint[g]) * t.scale[g]));
            }
        }
    }
    return out;
}

std::string MemoryImage::memh(const std::string &manifestName) const
{
    const Geometry &g = encoder_->layout().geometry();
    std::string out = "// Twill memory image for $readmemh: " + std::to_string(rowCount()) + " rows of "
                      + std::to_string(g.cols) + " cells, " + std::to_string(hexDigits())
                      + " hex digits a row, column 0 = most significant bit\n";
    out += "// " + std::to_string(g.rows) + "x" + std::to_string(g.cols) + "x" + std::to_string(g.layers) + " "
           + encoder_->layout().patternName() + " arrays of " + std::to_string(g.bits) + "-bit "
           + formatName(encoder_->options().format) + " words; rows in tensor, array, layer, row order\n";
    if (!manifestName.empty()) out += "// word and significance maps, scales, addresses: " + manifestName + "\n";
    for (size_t ti = 0; ti < tensors_.size(); ++ti) {
        const MemoryTensor &t = tensors_[ti];
        out += "@" + hex(firstRow(ti)) + "\n";
        for (size_t a = 0; a < t.arrays->size(); ++a) {
            const ArrayResult &r = (*t.arrays)[a];
            for (int l = 0; l < g.layers; ++l) {
                out += "// " + t.name + " array " + std::to_string(a);
                if (g.layers > 1) out += " layer " + std::to_string(l);
                out += "\n";
                for (int row = 0; row < g.rows; ++row)
                    out += rowHex(r.bits.data() + size_t(g.cellIndex(l, row, 0)), g.cols) + "\n";
            }
        }
    }
    return out;
}

QJsonObject MemoryImage::manifest(const std::string &memName) const
{
    const Layout &base = encoder_->layout();
    const Geometry &g = base.geometry();
    const EncodeOptions &o = encoder_->options();
    QJsonObject m;
    m["file_format"] = "readmemh";
    if (!memName.empty()) m["memory_file"] = QString::fromStdString(memName);
    m["rows"] = double(rowCount());
    m["row_bits"] = g.cols;
    m["hex_digits"] = hexDigits();
    m["bit_order"] = "column 0 is the most significant bit of a row; padding bits on the left are 0";
    m["row_order"] = "tensor, array, layer, row: address = first_address + (array * layers + layer) * rows + row";
    QJsonObject geometry;
    geometry["rows"] = g.rows;
    geometry["cols"] = g.cols;
    geometry["layers"] = g.layers;
    geometry["bits"] = g.bits;
    QJsonArray dirs;
    for (Direction d : g.directions) dirs.append(QString::fromStdString(directionName(d)));
    geometry["directions"] = dirs;
    geometry["words_per_array"] = base.wordCount();
    geometry["cells_per_array"] = base.cellCount();
    m["geometry"] = geometry;
    m["pattern"] = QString::fromStdString(base.patternName());
    m["number_format"] = QString::fromStdString(formatName(o.format));
    m["cell_index"] = "(layer * rows + row) * cols + col";
    QJsonObject wordOf;
    for (int k = 0; k < base.directionCount(); ++k)
        wordOf[QString::fromStdString(directionName(g.directions[k]))] = intArray(base.wordMap(k));
    m["word_of"] = wordOf;
    QJsonObject sig;
    const std::vector<int> rotations = rotationsInUse();
    for (int rot : rotations) {
        const Layout &l = encoder_->layoutFor(rot);
        QJsonObject maps;
        for (int k = 0; k < l.directionCount(); ++k)
            maps[QString::fromStdString(directionName(g.directions[k]))] = intArray(l.significanceMap(k));
        sig[QString::number(rot)] = maps;
    }
    m["significance_of"] = sig;
    m["decode"] = "code of word w = format(sum over directions d and cells c with word_of[d][c] == w of "
                  "bit(c) << significance_of[rotation][d][c]) << shift[w] + offset; unsigned: the sum; twos: the "
                  "top bit weighs -2^(bits-1); signmag: the top bit is the sign. weight i of a tensor: array i / "
                  "words_per_array, word i % words_per_array, value (code - zero_point[g]) * scale[g], "
                  "g = i / (values / groups)";
    QJsonArray list;
    for (size_t ti = 0; ti < tensors_.size(); ++ti) {
        const MemoryTensor &t = tensors_[ti];
        QJsonObject e;
        e["name"] = QString::fromStdString(t.name);
        QJsonArray shape;
        for (int64_t d : t.shape) shape.append(double(d));
        e["shape"] = shape;
        e["values"] = double(t.values);
        e["arrays"] = double(t.arrays->size());
        e["first_address"] = double(firstRow(ti));
        e["rows"] = double(int64_t(t.arrays->size()) * g.layers * g.rows);
        if (rotations.size() > 1) {
            QJsonArray rot;
            for (const ArrayResult &r : *t.arrays) rot.append(r.rotation);
            e["array_rotation"] = rot;
        }
        if (o.offset) {
            QJsonArray off;
            for (const ArrayResult &r : *t.arrays) off.append(double(r.offset));
            e["array_offset"] = off;
        }
        if (o.shift) {
            QJsonArray shifts;
            for (const ArrayResult &r : *t.arrays) {
                QJsonArray s;
                for (int8_t x : r.shift) s.append(int(x));
                shifts.append(s);
            }
            e["word_shift"] = shifts;
        }
        if (!t.scale.empty()) {
            QJsonArray scale, zp;
            for (double s : t.scale) scale.append(s);
            for (int64_t z : t.zeroPoint) zp.append(double(z));
            e["scale"] = scale;
            e["zero_point"] = zp;
        }
        list.append(e);
    }
    m["tensors"] = list;
    return m;
}

std::string MemoryImage::cHeader(const std::string &prefix) const
{
    const Layout &base = encoder_->layout();
    const Geometry &g = base.geometry();
    const EncodeOptions &o = encoder_->options();
    const std::string P = prefix, M = upper(prefix);
    const int rowBytes = (hexDigits() + 1) / 2;
    const std::vector<int> rotations = rotationsInUse();
    int64_t totalArrays = 0;
    for (const MemoryTensor &t : tensors_) totalArrays += int64_t(t.arrays->size());

    std::string h = "/* Twill memory image: " + std::to_string(rowCount()) + " rows of " + std::to_string(g.cols)
                    + " cells, the same rows as the $readmemh image.\n"
                      " * A row is " + std::to_string(rowBytes) + " byte(s), most significant first: its hex digits two a byte;\n"
                      " * column 0 is the most significant bit of the row. Row of cell (layer, row) of global array a:\n"
                      " * a * LAYERS * ROWS + layer * ROWS + row. Cells: (layer * ROWS + row) * COLS + col. */\n";
    h += "#ifndef " + M + "MEMORY_IMAGE_H\n#define " + M + "MEMORY_IMAGE_H\n\n#include <stdint.h>\n\n";
    auto define = [&](const std::string &name, const std::string &value) { h += "#define " + M + name + " " + value + "\n"; };
    define("ROWS", std::to_string(g.rows));
    define("COLS", std::to_string(g.cols));
    define("LAYERS", std::to_string(g.layers));
    define("BITS", std::to_string(g.bits));
    define("DIRECTIONS", std::to_string(base.directionCount()));
    define("WORDS", std::to_string(base.wordCount()));
    define("CELLS", std::to_string(base.cellCount()));
    define("ROW_BYTES", std::to_string(rowBytes));
    define("ROW_COUNT", std::to_string(rowCount()) + "u");
    define("ARRAYS", std::to_string(totalArrays) + "u");
    define("TENSORS", std::to_string(tensors_.size()));
    define("ROTATIONS", std::to_string(rotations.size()));
    define("FORMAT", std::to_string(int(o.format)) + " /* 0 unsigned, 1 two's complement, 2 sign-magnitude: "
                                                     + formatName(o.format) + " */");
    h += "\n/* Directions, in the order of the maps below:";
    for (Direction d : g.directions) h += " " + directionName(d);
    h += ". */\n";

    h += "\nstatic const uint8_t " + P + "rows[" + M + "ROW_COUNT][" + M + "ROW_BYTES] = {\n";
    for (size_t ti = 0; ti < tensors_.size(); ++ti) {
        const MemoryTensor &t = tensors_[ti];
        for (size_t a = 0; a < t.arrays->size(); ++a)
            for (int l = 0; l < g.layers; ++l) {
                h += "    /* " + t.name + " array " + std::to_string(a);
                if (g.layers > 1) h += " layer " + std::to_string(l);
                h += " */\n";
                for (int row = 0; row < g.rows; ++row) {
                    std::string digits = rowHex((*t.arrays)[a].bits.data() + size_t(g.cellIndex(l, row, 0)), g.cols);
                    if (digits.size() % 2) digits.insert(digits.begin(), '0');
                    h += "    {";
                    for (size_t b = 0; b < digits.size(); b += 2) h += std::string(b ? ", " : "") + "0x" + digits.substr(b, 2);
                    h += "},\n";
                }
            }
    }
    h += "};\n";

    h += "\n/* word_of[direction][cell]: the word (0.." + M + "WORDS-1) the cell belongs to along that direction. */\n";
    h += "static const int32_t " + P + "word_of[" + M + "DIRECTIONS][" + M + "CELLS] = {";
    for (int k = 0; k < base.directionCount(); ++k)
        h += "\n  {" + cList(base.wordMap(k)) + "\n  }" + (k + 1 < base.directionCount() ? "," : "");
    h += "\n};\n";
    h += "\n/* rotation[r]: the pattern rotation of significance table r. */\n";
    h += "static const int32_t " + P + "rotation[" + M + "ROTATIONS] = {" + cList(rotations) + "\n};\n";
    h += "/* sig_of[r][direction][cell]: the cell's significance (0 = LSB) inside its word. */\n";
    h += "static const uint8_t " + P + "sig_of[" + M + "ROTATIONS][" + M + "DIRECTIONS][" + M + "CELLS] = {";
    for (size_t ri = 0; ri < rotations.size(); ++ri) {
        const Layout &l = encoder_->layoutFor(rotations[ri]);
        h += "\n {";
        for (int k = 0; k < l.directionCount(); ++k)
            h += "\n  {" + cList(l.significanceMap(k)) + "\n  }" + (k + 1 < l.directionCount() ? "," : "");
        h += "\n }" + std::string(ri + 1 < rotations.size() ? "," : "");
    }
    h += "\n};\n";

    // Per global array: its significance table, offset and word shifts.
    std::vector<int> arrayRotation;
    std::vector<long long> arrayOffset;
    std::vector<int> wordShift;
    for (const MemoryTensor &t : tensors_)
        for (const ArrayResult &r : *t.arrays) {
            const int rot = encoder_->layoutFor(r.rotation).rotation();
            arrayRotation.push_back(int(std::find(rotations.begin(), rotations.end(), rot) - rotations.begin()));
            arrayOffset.push_back((long long)r.offset);
            for (int w = 0; w < base.wordCount(); ++w) wordShift.push_back(r.shift.empty() ? 0 : r.shift[size_t(w)]);
        }
    h += "\n/* Per global array: the index of its table in sig_of. */\n";
    h += "static const uint16_t " + P + "array_rotation[" + M + "ARRAYS] = {" + cList(arrayRotation) + "\n};\n";
    define("HAS_OFFSET", o.offset ? "1" : "0");
    if (o.offset) h += "static const int64_t " + P + "array_offset[" + M + "ARRAYS] = {" + cList(arrayOffset, 8) + "\n};\n";
    define("HAS_SHIFT", o.shift ? "1" : "0");
    if (o.shift)
        h += "/* word_shift[array * WORDS + word]: decoded as stored << shift. */\n"
             "static const uint8_t " + P + "word_shift[" + M + "ARRAYS * " + M + "WORDS] = {" + cList(wordShift) + "\n};\n";

    // Tensors: address map and scales.
    std::vector<long long> firstArray, arraysOf, valuesOf, firstGroup, groupsOf;
    std::vector<std::string> scales, zeroPoints;
    long long arraysSoFar = 0, groupsSoFar = 0;
    for (const MemoryTensor &t : tensors_) {
        firstArray.push_back(arraysSoFar);
        arraysOf.push_back((long long)t.arrays->size());
        valuesOf.push_back((long long)t.values);
        firstGroup.push_back(groupsSoFar);
        groupsOf.push_back((long long)t.scale.size());
        arraysSoFar += (long long)t.arrays->size();
        groupsSoFar += (long long)t.scale.size();
        for (size_t i = 0; i < t.scale.size(); ++i) {
            scales.push_back(exact(t.scale[i]));
            zeroPoints.push_back(std::to_string(t.zeroPoint[i]));
        }
    }
    h += "\n/* Tensors: name, first global array, arrays, values (the rest of the last array is padding), and\n"
         " * the scale groups (none: the codes are the values). */\n";
    h += "static const char *const " + P + "tensor_name[" + M + "TENSORS] = {";
    for (size_t i = 0; i < tensors_.size(); ++i) h += std::string(i ? ", " : "") + "\"" + tensors_[i].name + "\"";
    h += "};\n";
    h += "static const uint32_t " + P + "tensor_first_array[" + M + "TENSORS] = {" + cList(firstArray) + "\n};\n";
    h += "static const uint32_t " + P + "tensor_arrays[" + M + "TENSORS] = {" + cList(arraysOf) + "\n};\n";
    h += "static const uint64_t " + P + "tensor_values[" + M + "TENSORS] = {" + cList(valuesOf) + "\n};\n";
    h += "static const uint32_t " + P + "tensor_first_group[" + M + "TENSORS] = {" + cList(firstGroup) + "\n};\n";
    h += "static const uint32_t " + P + "tensor_groups[" + M + "TENSORS] = {" + cList(groupsOf) + "\n};\n";
    define("GROUPS", std::to_string(std::max<long long>(1, groupsSoFar)));
    h += "static const double " + P + "scale[" + M + "GROUPS] = {";
    for (size_t i = 0; i < scales.size(); ++i) h += std::string(i ? ", " : "") + scales[i];
    if (scales.empty()) h += "0";
    h += "};\n";
    h += "static const int64_t " + P + "zero_point[" + M + "GROUPS] = {";
    for (size_t i = 0; i < zeroPoints.size(); ++i) h += std::string(i ? ", " : "") + zeroPoints[i];
    if (zeroPoints.empty()) h += "0";
    h += "};\n";

    h += "\n/* The cell at column 'col' of row 'row'. */\n"
         "static inline int " + P + "cell(uint32_t row, int col)\n{\n"
         "    const int bit = " + M + "COLS - 1 - col;\n"
         "    return (" + P + "rows[row][" + M + "ROW_BYTES - 1 - bit / 8] >> (bit % 8)) & 1;\n}\n";
    h += "\n/* The code of word 'word' of global array 'array', decoded from its cells. */\n"
         "static inline int64_t " + P + "code(uint32_t array, int word)\n{\n"
         "    const uint32_t first = array * " + M + "LAYERS * " + M + "ROWS;\n"
         "    const uint8_t (*sig)[" + M + "CELLS] = " + P + "sig_of[" + P + "array_rotation[array]];\n"
         "    uint64_t raw = 0;\n"
         "    for (int d = 0; d < " + M + "DIRECTIONS; ++d)\n"
         "        for (int c = 0; c < " + M + "CELLS; ++c)\n"
         "            if (" + P + "word_of[d][c] == word)\n"
         "                raw |= (uint64_t)" + P + "cell(first + (uint32_t)(c / " + M + "COLS), c % " + M + "COLS) << sig[d][c];\n"
         "    const uint64_t top = (uint64_t)1 << (" + M + "BITS - 1);\n"
         "    int64_t code = (int64_t)raw;\n"
         "    if (" + M + "FORMAT == 1) code = (int64_t)(raw & (top - 1)) - ((raw & top) ? (int64_t)top : 0);\n"
         "    if (" + M + "FORMAT == 2) code = (raw & top) ? -(int64_t)(raw & (top - 1)) : (int64_t)(raw & (top - 1));\n";
    if (o.shift) h += "    code *= (int64_t)1 << " + P + "word_shift[(uint64_t)array * " + M + "WORDS + (uint64_t)word];\n";
    if (o.offset) h += "    code += " + P + "array_offset[array];\n";
    h += "    return code;\n}\n";
    h += "\n/* Value 'index' of tensor 'tensor' (C order of its shape): the code, or (code - zero point) * scale. */\n"
         "static inline double " + P + "weight(int tensor, uint64_t index)\n{\n"
         "    const int64_t code = " + P + "code(" + P + "tensor_first_array[tensor] + (uint32_t)(index / " + M
         + "WORDS), (int)(index % " + M + "WORDS));\n"
         "    if (" + P + "tensor_groups[tensor] == 0) return (double)code;\n"
         "    const uint32_t g = " + P + "tensor_first_group[tensor] + (uint32_t)(index / (" + P + "tensor_values[tensor] / "
         + P + "tensor_groups[tensor]));\n"
         "    return (double)(code - " + P + "zero_point[g]) * " + P + "scale[g];\n}\n";
    h += "\n#endif\n";
    return h;
}

std::vector<std::pair<std::string, std::string>> MemoryImage::neurosimFiles() const
{
    std::vector<std::pair<std::string, std::string>> files;
    std::string index = "file,tensor,rows,columns,shape\n";
    for (size_t k = 0; k < tensors_.size(); ++k) {
        const MemoryTensor &t = tensors_[k];
        const std::vector<double> w = weights(t);
        // NeuroSim's weight files: the tensor as [out channels, rest], transposed.
        const int64_t cols = t.shape.front(), rows = cols > 0 ? t.values / cols : 0;
        std::string csv;
        for (int64_t r = 0; r < rows; ++r) {
            for (int64_t c = 0; c < cols; ++c) {
                if (c) csv += ',';
                csv += csvNumber(w[size_t(c * rows + r)]);
            }
            csv += '\n';
        }
        const std::string name = "weight" + std::to_string(k) + ".csv";
        files.emplace_back(name, csv);
        std::string shape;
        for (size_t i = 0; i < t.shape.size(); ++i) shape += (i ? "x" : "") + std::to_string(t.shape[i]);
        index += name + "," + t.name + "," + std::to_string(rows) + "," + std::to_string(cols) + "," + shape + "\n";
    }
    files.emplace_back("layers.csv", index);
    return files;
}

void MemoryImage::writeNeurosim(const std::string &dir) const
{
    const QString d = QString::fromStdString(dir);
    if (!QDir().mkpath(d)) throw Error(dir + ": cannot make the folder; check the path and its permissions");
    for (const auto &[name, bytes] : neurosimFiles())
        writeFileAtomic(QDir(d).filePath(QString::fromStdString(name)).toStdString(), bytes);
}

std::string MemoryImage::identifierPrefix(const std::string &path)
{
    std::string base = QFileInfo(QString::fromStdString(path)).completeBaseName().toStdString();
    std::string id;
    for (char c : base) id += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(static_cast<unsigned char>(c))) : '_';
    if (id.find_first_not_of('_') == std::string::npos) id.clear(); // "-" (stdout) and the like
    if (id.empty() || std::isdigit(static_cast<unsigned char>(id.front()))) id = "twill_" + id;
    if (id.back() != '_') id += '_';
    return id;
}

} // namespace twill
