#include "nn/Dataset.h"

#include "util/Error.h"

#include <zlib.h>

#include <QFileInfo>

#include <cmath>

namespace twill {

namespace {

std::string readMaybeGzip(const std::string &path)
{
    gzFile f = gzopen(path.c_str(), "rb"); // reads plain files too
    if (!f) throw Error(path + ": cannot open the file");
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
    int err = 0;
    const char *msg = gzerror(f, &err);
    const std::string why = msg ? msg : "";
    gzclose(f);
    if (n < 0 || (err != Z_OK && err != Z_STREAM_END))
        throw Error(path + ": the file is corrupt or truncated (" + why + ")");
    return out;
}

uint32_t be32(const std::string &s, size_t at)
{
    return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) | (uint32_t(uint8_t(s[at + 2])) << 8)
           | uint32_t(uint8_t(s[at + 3]));
}

std::string findFile(const std::string &dir, const std::string &base)
{
    for (const std::string &candidate : {dir + "/" + base + ".gz", dir + "/" + base})
        if (QFileInfo::exists(QString::fromStdString(candidate))) return candidate;
    std::string hint = "; point --data at a folder with the four IDX files (MNIST layout)";
    if (dir == defaultFashionMnistDir()) hint = "; install it with: apt-get install dataset-fashion-mnist";
    throw Error(dir + "/" + base + "[.gz]: not found" + hint);
}

} // namespace

Dataset Dataset::subset(int64_t n) const
{
    if (n <= 0 || n >= count) return *this;
    Dataset d = *this;
    d.count = n;
    d.images.resize(size_t(n) * rows * cols);
    d.labels.resize(size_t(n));
    return d;
}

std::string defaultFashionMnistDir()
{
    return "/usr/share/datasets/fashion-mnist";
}

Dataset parseIdxPair(const std::string &img, const std::string &lab, const std::string &imagesName,
                     const std::string &labelsName)
{
    if (img.size() < 16 || be32(img, 0) != 0x00000803)
        throw Error(imagesName + ": not an IDX image file (magic 0x00000803 expected)");
    if (lab.size() < 8 || be32(lab, 0) != 0x00000801)
        throw Error(labelsName + ": not an IDX label file (magic 0x00000801 expected)");
    Dataset d;
    d.count = be32(img, 4);
    const uint32_t rows = be32(img, 8), cols = be32(img, 12);
    if (d.count == 0) throw Error(imagesName + ": holds no images; give a data set with at least one image");
    if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
        throw Error(imagesName + ": implausible image size " + std::to_string(rows) + "x" + std::to_string(cols)
                    + "; images must be 1..4096 pixels a side");
    d.rows = int(rows);
    d.cols = int(cols);
    const uint64_t pixels = uint64_t(d.count) * rows * cols; // < 2^56: no overflow
    if (img.size() - 16 < pixels)
        throw Error(imagesName + ": truncated: " + std::to_string(img.size() - 16) + " pixel bytes for "
                    + std::to_string(d.count) + " images of " + std::to_string(rows) + "x" + std::to_string(cols) + " ("
                    + std::to_string(pixels) + " needed)");
    if (img.size() - 16 > pixels)
        throw Error(imagesName + ": " + std::to_string(img.size() - 16 - pixels) + " bytes after the "
                    + std::to_string(d.count) + " images the header announces; the count or the size is wrong");
    if (int64_t(be32(lab, 4)) != d.count)
        throw Error(labelsName + ": " + std::to_string(be32(lab, 4)) + " labels for " + std::to_string(d.count)
                    + " images in " + imagesName);
    if (lab.size() - 8 != uint64_t(d.count))
        throw Error(labelsName + ": " + std::to_string(lab.size() - 8) + " label bytes for the " + std::to_string(d.count)
                    + " labels the header announces; the file is truncated or damaged");
    d.images.assign(img.begin() + 16, img.end());
    d.labels.assign(lab.begin() + 8, lab.end());
    int maxLabel = 0;
    for (uint8_t l : d.labels) maxLabel = std::max(maxLabel, int(l));
    d.classes = std::max(10, maxLabel + 1);
    d.name = imagesName;
    return d;
}

Dataset loadIdxPair(const std::string &imagesPath, const std::string &labelsPath)
{
    return parseIdxPair(readMaybeGzip(imagesPath), readMaybeGzip(labelsPath), imagesPath, labelsPath);
}

DatasetPair loadIdxDirectory(const std::string &dir)
{
    DatasetPair p;
    // Look the files up in order, so that the first missing one is the one named.
    const std::string trainImages = findFile(dir, "train-images-idx3-ubyte");
    const std::string trainLabels = findFile(dir, "train-labels-idx1-ubyte");
    const std::string testImages = findFile(dir, "t10k-images-idx3-ubyte");
    const std::string testLabels = findFile(dir, "t10k-labels-idx1-ubyte");
    p.train = loadIdxPair(trainImages, trainLabels);
    p.test = loadIdxPair(testImages, testLabels);
    if (p.train.rows != p.test.rows || p.train.cols != p.test.cols)
        throw Error(dir + ": training and test images differ in size");
    p.train.name = dir + " (train)";
    p.test.name = dir + " (test)";
    p.train.classes = p.test.classes = std::max(p.train.classes, p.test.classes);
    return p;
}

DatasetPair syntheticDataset(int64_t trainCount, int64_t testCount, uint64_t seed)
{
    uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
    auto next = [&]() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    const int px = 28 * 28;
    std::vector<std::vector<float>> patterns(10, std::vector<float>(px));
    for (auto &p : patterns)
        for (auto &v : p) v = float(next() % 256);
    auto make = [&](int64_t n, const std::string &name) {
        Dataset d;
        d.name = name;
        d.count = n;
        d.images.resize(size_t(n) * px);
        d.labels.resize(size_t(n));
        for (int64_t i = 0; i < n; ++i) {
            const int label = int(next() % 10);
            d.labels[i] = uint8_t(label);
            for (int k = 0; k < px; ++k) {
                const double noise = double(int(next() % 201) - 100) * 1.2;
                d.images[size_t(i) * px + k] = uint8_t(std::clamp(patterns[label][k] + noise, 0.0, 255.0));
            }
        }
        return d;
    };
    DatasetPair p;
    p.train = make(trainCount, "synthetic (train)");
    p.test = make(testCount, "synthetic (test)");
    return p;
}

} // namespace twill
