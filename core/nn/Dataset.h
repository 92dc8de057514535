#pragma once
// Image classification data as plain bytes: IDX files (MNIST, Fashion-MNIST), gzipped or not,
// and a small synthetic set for fast tests.
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

struct Dataset {
    std::string name;
    int64_t count = 0;
    int rows = 28, cols = 28;
    int classes = 10;
    std::vector<uint8_t> images; // count x rows x cols, 0..255
    std::vector<uint8_t> labels; // count

    Dataset subset(int64_t n) const; // the first n samples (all when n <= 0 or n >= count)
};

struct DatasetPair {
    Dataset train, test;
};

// The Debian package dataset-fashion-mnist installs the files here.
std::string defaultFashionMnistDir();
// Reads train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-* from dir.
// Missing or corrupt files: Error naming the file (and the package for the default dir).
DatasetPair loadIdxDirectory(const std::string &dir);
Dataset loadIdxPair(const std::string &imagesPath, const std::string &labelsPath);
// The same from the files' (uncompressed) bytes; the names are for the messages. Refuses no
// images, sizes beyond 4096 pixels a side, counts that disagree with each other or the bytes.
Dataset parseIdxPair(const std::string &images, const std::string &labels, const std::string &imagesName,
                     const std::string &labelsName);
// Ten classes of 28x28 images, each a noisy copy of its class's fixed random pattern: separable
// enough that a small network learns it in seconds.
DatasetPair syntheticDataset(int64_t trainCount, int64_t testCount, uint64_t seed);

} // namespace twill
