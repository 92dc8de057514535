// Networks on the synthetic data set: training accuracy and determinism, the three retraining
// modes, the exported bits decoded by a plain reimplementation, INQ pinning, the quantiser and
// the error messages for bad data and bad models.
#include "TestSupport.h"
#include "io/Npy.h"
#include "layout/Layout.h"
#include "nn/Dataset.h"
#include "nn/Network.h"
#include "nn/NetworkEncoder.h"
#include "nn/NetworkExport.h"
#include "nn/NetworkPipeline.h"
#include "nn/Retrainer.h"
#include "nn/Trainer.h"
#include "quant/Quantizer.h"
#include "spec/NetworkRunSpec.h"
#include "util/Error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <map>

using namespace twill;

Q_DECLARE_METATYPE(twill::RetrainMode)
Q_DECLARE_METATYPE(twill::PortionUnit)
Q_DECLARE_METATYPE(twill::NumberFormat)
Q_DECLARE_METATYPE(twill::QuantGranularity)

namespace {

constexpr uint64_t kSeed = 7;
constexpr double kAccuracyFloor = 0.9; // observed 1.0 after 2 epochs (seed 7); chance is 0.1

TrainOptions trainOptions()
{
    TrainOptions o;
    o.seed = kSeed;
    o.threads = 1; // one thread: the same seed gives the same bits
    return o;
}

struct Trained {
    double accuracy = 0;
    WeightMap weights; // every parameter, biases included
};

Trained trainMlp(const DatasetPair &data, int epochs)
{
    Network net = Network::builtIn("mlp", kSeed);
    Trainer trainer(net, trainOptions());
    trainer.restartSchedule(epochs, (data.train.count + 63) / 64);
    for (int e = 0; e < epochs; ++e) trainer.trainEpoch(data.train);
    Trained t;
    t.accuracy = trainer.evaluate(data.test).accuracy;
    for (const ParameterInfo &p : net.parameters()) t.weights[p.name] = net.values(p.name);
    return t;
}

Network mlpWith(const WeightMap &weights)
{
    Network net = Network::builtIn("mlp", kSeed);
    for (const auto &[name, v] : weights) net.setValues(name, v);
    return net;
}

Layout msbLsb8()
{
    Geometry g;
    g.bits = g.rows = g.cols = 8;
    return Layout::msbLsb(g);
}

EncodeOptions encodeOptions(NumberFormat format = NumberFormat::Unsigned)
{
    EncodeOptions o;
    o.format = format;
    o.objective = Objective::L2;
    o.solver = SolverKind::Local;
    o.restarts = 0; // best responses only: the 16.6k arrays of the mlp take a fraction of a second
    o.threads = 2;
    o.seed = kSeed;
    return o;
}

bool sameBits(const std::vector<float> &a, const std::vector<float> &b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// The word value of raw bits (bit s = significance s) in a format, written out plainly.
int64_t plainDecode(NumberFormat f, int W, uint64_t raw)
{
    const uint64_t top = uint64_t(1) << (W - 1), low = raw & (top - 1);
    switch (f) {
    case NumberFormat::Unsigned: return int64_t(raw);
    case NumberFormat::TwosComplement: return int64_t(low) - int64_t(raw & top);
    case NumberFormat::SignMagnitude: return (raw & top) ? -int64_t(low) : int64_t(low);
    case NumberFormat::DifferentialPair: { // P in the low W bits, N in the next W
        const uint64_t mask = (uint64_t(1) << W) - 1;
        return int64_t(raw & mask) - int64_t((raw >> W) & mask);
    }
    }
    return 0;
}

QByteArray readPrefix(const QString &path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.read(bytes);
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

using test::errorOf;

} // namespace

class TestNetwork : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mlpLearnsSyntheticData();
    void demoSetIsFashionsFirstImagesAndLearns();
    void sameSeedSameNetwork();
    void retrainModes_data();
    void retrainModes();
    void exportedBitsDecodeToNetworkWeights_data();
    void exportedBitsDecodeToNetworkWeights();
    void inqFrozenWeightsStayPinned();
    void pinnedWordsSurviveReencoding();
    void quantizerRejectsNaN();
    void quantizerScalesPerChannel_data();
    void quantizerScalesPerChannel();
    void badData_data();
    void badData();
    void missingDirectoryNamesFile();
    void badModels();
    void placementKeepsFunction();
    void bitSliceL1LowersOnes();

private:
    QTemporaryDir dir_;
    DatasetPair data_;
    Trained trained_;
};

void TestNetwork::initTestCase()
{
    QVERIFY(dir_.isValid());
    data_ = syntheticDataset(2000, 500, kSeed);
    QCOMPARE(data_.train.count, int64_t(2000));
    QCOMPARE(data_.test.count, int64_t(500));
    trained_ = trainMlp(data_, 2);
}

void TestNetwork::mlpLearnsSyntheticData()
{
    // Chance is 0.1; two epochs reach 1.0 here (fixed seed); the floor leaves room.
    qInfo("mlp test accuracy after 2 epochs: %.4f", trained_.accuracy);
    QVERIFY2(trained_.accuracy > kAccuracyFloor, qPrintable(QString::number(trained_.accuracy)));
}

void TestNetwork::demoSetIsFashionsFirstImagesAndLearns()
{
    // The quick data choice: Fashion-MNIST's first 2000 training and 1000 test images, and a
    // network learns from them (chance is 0.1).
    NetworkRunSpec spec;
    spec.data = "fashion-demo";
    const DatasetPair demo = loadRunData(spec);
    const DatasetPair full = loadIdxDirectory(defaultFashionMnistDir());
    QCOMPARE(demo.train.count, int64_t(2000));
    QCOMPARE(demo.test.count, int64_t(1000));
    QVERIFY(std::equal(demo.train.images.begin(), demo.train.images.end(), full.train.images.begin()));
    QVERIFY(std::equal(demo.test.labels.begin(), demo.test.labels.end(), full.test.labels.begin()));
    const Trained t = trainMlp(demo, 2);
    qInfo("mlp on the demo set after 2 epochs: %.4f", t.accuracy);
    QVERIFY2(t.accuracy > 0.5, qPrintable(QString::number(t.accuracy)));
}

void TestNetwork::sameSeedSameNetwork()
{
    const Trained again = trainMlp(data_, 2);
    QCOMPARE(again.accuracy, trained_.accuracy);
    QCOMPARE(again.weights.size(), trained_.weights.size());
    for (const auto &[name, v] : trained_.weights) QVERIFY2(sameBits(again.weights.at(name), v), name.c_str());
}

void TestNetwork::retrainModes_data()
{
    QTest::addColumn<RetrainMode>("mode");
    QTest::addColumn<PortionUnit>("unit");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("post") << RetrainMode::Post << PortionUnit::Weight << QStringList{"baseline", "post"};
    const QStringList inq{"baseline", "post", "inq 0.5", "inq 0.75", "inq 0.875", "inq 1"};
    QTest::newRow("inq weight") << RetrainMode::Inq << PortionUnit::Weight << inq;
    QTest::newRow("inq array") << RetrainMode::Inq << PortionUnit::Array << inq;
    QTest::newRow("ste") << RetrainMode::Ste << PortionUnit::Weight
                         << QStringList{"baseline", "post", "ste epoch 1", "ste epoch 2"};
}

void TestNetwork::retrainModes()
{
    QFETCH(RetrainMode, mode);
    QFETCH(PortionUnit, unit);
    QFETCH(QStringList, labels);
    Network net = mlpWith(trained_.weights);
    const NetworkEncoder enc(msbLsb8(), encodeOptions(), QuantGranularity::PerTensor);
    NetworkRunSpec ro; // the retraining part of a run spec
    ro.mode = mode;
    ro.unit = unit;
    ro.seed = kSeed;
    if (mode == RetrainMode::Ste) {
        ro.schedule = {0.5, 1.0}; // two epochs
        ro.steEvery = 32; // once per epoch of 32 batches
    }
    Retrainer rt(net, data_, enc, trainOptions(), ro);
    int calls = 0;
    const RetrainResult r = rt.run(nullptr, [&](const StepReport &) { ++calls; });

    QStringList got;
    for (const StepReport &s : r.steps) got << QString::fromStdString(s.label);
    QCOMPARE(got, labels);
    QCOMPARE(calls, int(labels.size()));
    for (size_t i = 0; i < r.steps.size(); ++i) QCOMPARE(r.steps[i].step, int(i));
    QCOMPARE(r.baselineAccuracy, trained_.accuracy);
    QCOMPARE(r.steps.front().accuracy, r.baselineAccuracy);
    QCOMPARE(r.steps[1].accuracy, r.encodedAccuracy);
    QVERIFY(!r.cancelled);
    QVERIFY2(r.finalAccuracy >= r.encodedAccuracy,
             qPrintable(QString("final %1 < encoded %2").arg(r.finalAccuracy).arg(r.encodedAccuracy)));
    QVERIFY(r.finalFrom == "post" || r.finalFrom == "retrained");
    if (mode == RetrainMode::Post) QCOMPARE(QString::fromStdString(r.finalFrom), QString("post"));
    // 8-bit weights on 8x8 msb-lsb arrays keep the synthetic classes apart.
    QVERIFY2(r.encodedAccuracy > trained_.accuracy - 0.1, qPrintable(QString::number(r.encodedAccuracy)));

    // Every conv/linear weight is encoded and the network runs on exactly the decoded weights.
    std::vector<std::string> encodable;
    for (const ParameterInfo &p : net.parameters())
        if (p.encodable) encodable.push_back(p.name);
    QCOMPARE(r.tensors.size(), encodable.size());
    for (size_t i = 0; i < r.tensors.size(); ++i) {
        const EncodedTensor &t = r.tensors[i];
        QCOMPARE(t.name, encodable[i]);
        QCOMPARE(int64_t(t.decoded.size()), t.size());
        QCOMPARE(t.tiles.arrays, (t.size() + 15) / 16);
        QVERIFY2(sameBits(net.values(t.name), t.decoded), t.name.c_str());
        for (const ArrayResult &a : t.results) QCOMPARE(a.bits.size(), size_t(64));
    }
    // Layer figures: every step after the baseline reports every tensor.
    for (size_t i = 1; i < r.steps.size(); ++i) QCOMPARE(r.steps[i].layers.size(), encodable.size());
    QCOMPARE(r.steps.back().fraction, 1.0);
    QVERIFY(std::abs(r.steps.back().effectiveCapacity - 2.0) < 0.01); // padding of the last arrays only
}

void TestNetwork::exportedBitsDecodeToNetworkWeights_data()
{
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<QuantGranularity>("granularity");
    QTest::newRow("unsigned per-tensor") << NumberFormat::Unsigned << QuantGranularity::PerTensor;
    QTest::newRow("unsigned per-channel") << NumberFormat::Unsigned << QuantGranularity::PerChannel;
    QTest::newRow("twos per-channel") << NumberFormat::TwosComplement << QuantGranularity::PerChannel;
    QTest::newRow("signmag per-tensor") << NumberFormat::SignMagnitude << QuantGranularity::PerTensor;
}

void TestNetwork::exportedBitsDecodeToNetworkWeights()
{
    QFETCH(NumberFormat, format);
    QFETCH(QuantGranularity, granularity);
    Network net = mlpWith(trained_.weights);
    const NetworkEncoder enc(msbLsb8(), encodeOptions(format), granularity);
    NetworkRunSpec ro; // the retraining part of a run spec
    ro.mode = RetrainMode::Post;
    Retrainer rt(net, data_, enc, trainOptions(), ro);
    const RetrainResult r = rt.run();
    const QString path = dir_.filePath(QString("export_%1.npz").arg(QTest::currentDataTag()).replace(' ', '_'));
    writeNetworkNpz(enc, r.tensors, path.toStdString());

    const auto members = readNpz(path.toStdString());
    std::map<std::string, NpyArray> z(members.begin(), members.end());
    for (const char *key : {"word_of_row", "sig_of_row", "word_of_column", "sig_of_column", "format", "bits_per_word"})
        QVERIFY2(z.count(key), key);
    QCOMPARE(z["bits_per_word"].toInt64(), std::vector<int64_t>{8});
    const std::vector<int64_t> cellShape{1, 8, 8};
    QCOMPARE(z["word_of_row"].shape, cellShape);
    const auto wordRow = z["word_of_row"].toInt64(), sigRow = z["sig_of_row"].toInt64();
    const auto wordCol = z["word_of_column"].toInt64(), sigCol = z["sig_of_column"].toInt64();
    const int nw = 16, nc = 64, W = 8;

    int checked = 0;
    for (const ParameterInfo &p : net.parameters()) {
        if (!p.encodable) {
            QVERIFY(!z.count(p.name + ".bits"));
            continue;
        }
        const std::string n = p.name;
        for (const char *m : {".bits", ".scale", ".zero_point", ".codes", ".decoded", ".shape", ".shift", ".offset"})
            QVERIFY2(z.count(n + m), (n + m).c_str());
        const int64_t A = (p.size + nw - 1) / nw;
        QCOMPARE(z[n + ".bits"].dtype, std::string("|u1"));
        QCOMPARE(z[n + ".bits"].shape, (std::vector<int64_t>{A, 1, 8, 8}));
        QCOMPARE(z[n + ".shape"].toInt64(), p.shape);
        const auto bits = z[n + ".bits"].toInt64();
        const auto codes = z[n + ".codes"].toInt64();
        const auto shift = z[n + ".shift"].toInt64();
        const auto offset = z[n + ".offset"].toInt64();
        const auto zp = z[n + ".zero_point"].toInt64();
        const auto scale = z[n + ".scale"].toDouble();
        QCOMPARE(z[n + ".scale"].dtype, std::string("<f8"));
        const int64_t groups = int64_t(scale.size());
        QCOMPARE(groups, granularity == QuantGranularity::PerChannel ? p.shape[0] : int64_t(1));
        QCOMPARE(int64_t(zp.size()), groups);
        if (format != NumberFormat::Unsigned)
            for (int64_t g : zp) QCOMPARE(g, int64_t(0));
        const std::vector<float> used = net.values(n);
        std::vector<float> rebuilt(size_t(p.size));
        for (int64_t a = 0; a < A; ++a) {
            std::vector<uint64_t> raw(nw, 0);
            for (int c = 0; c < nc; ++c) {
                if (!bits[a * nc + c]) continue;
                raw[wordRow[c]] |= uint64_t(1) << sigRow[c];
                raw[wordCol[c]] |= uint64_t(1) << sigCol[c];
            }
            for (int w = 0; w < nw; ++w) {
                const int64_t i = a * nw + w;
                const int64_t code = plainDecode(format, W, raw[w]) * (int64_t(1) << shift[i]) + offset[a];
                QCOMPARE(code, codes[i]);
                if (i >= p.size) continue;
                const int64_t g = i / (p.size / groups);
                rebuilt[i] = float(double(code - zp[g]) * scale[g]);
            }
        }
        QVERIFY2(sameBits(rebuilt, used), n.c_str());
        const NpyArray &dec = z[n + ".decoded"];
        QCOMPARE(dec.dtype, std::string("<f4"));
        QCOMPARE(dec.shape, p.shape);
        QVERIFY(std::memcmp(dec.data.data(), used.data(), used.size() * sizeof(float)) == 0);
        ++checked;
    }
    QCOMPARE(checked, 3);

    // The same tensors as one memory image: one row per physical row, the tensors one after the
    // other in the address map, and NeuroSim CSVs (out channels as columns) of the deployed weights.
    MemoryImage image(enc.encoder());
    addNetworkTensors(image, r.tensors);
    const QJsonArray map = image.manifest()["tensors"].toArray();
    QCOMPARE(map.size(), int(r.tensors.size()));
    const auto files = image.neurosimFiles();
    QCOMPARE(files.size(), r.tensors.size() + 1);
    int64_t address = 0;
    for (size_t k = 0; k < r.tensors.size(); ++k) {
        const EncodedTensor &t = r.tensors[k];
        QCOMPARE(map[int(k)].toObject()["name"].toString(), QString::fromStdString(t.name));
        QCOMPARE(int64_t(map[int(k)].toObject()["first_address"].toDouble()), address);
        address += t.tiles.arrays * 8;
        QCOMPARE(files[k].first, "weight" + std::to_string(k) + ".csv");
        const std::vector<float> used = net.values(t.name);
        const int64_t out = t.shape[0], rest = t.size() / out;
        const QList<QByteArray> lines = QByteArray::fromStdString(files[k].second).trimmed().split('\n');
        QCOMPARE(int64_t(lines.size()), rest);
        for (int64_t row = 0; row < rest; ++row) {
            const QList<QByteArray> f = lines[int(row)].split(',');
            QCOMPARE(int64_t(f.size()), out);
            for (int64_t c = 0; c < out; ++c) QCOMPARE(f[int(c)].toFloat(), used[size_t(c * rest + row)]);
        }
    }
    QCOMPARE(image.rowCount(), address);
}

void TestNetwork::inqFrozenWeightsStayPinned()
{
    Network net = mlpWith(trained_.weights);
    const NetworkEncoder enc(msbLsb8(), encodeOptions(), QuantGranularity::PerTensor);
    NetworkRunSpec ro; // the retraining part of a run spec
    ro.mode = RetrainMode::Inq;
    ro.unit = PortionUnit::Weight;
    ro.partition = PartitionRule::Magnitude;
    ro.schedule = {0.5, 0.75, 1.0};
    ro.seed = kSeed;
    Retrainer rt(net, data_, enc, trainOptions(), ro);
    WeightMap atFirst, atLast;
    const RetrainResult r = rt.run(nullptr, [&](const StepReport &s) {
        WeightMap &m = s.label == "inq 0.5" ? atFirst : atLast;
        if (s.label != "inq 0.5" && s.label != "inq 1") return;
        for (const ParameterInfo &p : net.parameters())
            if (p.encodable) m[p.name] = net.values(p.name);
    });
    QCOMPARE(atFirst.size(), size_t(3));
    QCOMPARE(atLast.size(), size_t(3));

    // The first half by magnitude (of the trained weights) was frozen in step 1 and its decoded
    // values are held through the retraining that follows; the other half moved.
    for (const auto &[name, trained] : trained_.weights) {
        if (!atFirst.count(name)) continue;
        const auto &first = atFirst.at(name), &last = atLast.at(name);
        std::vector<int64_t> order(trained.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = int64_t(i);
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return std::fabs(trained[a]) > std::fabs(trained[b]); });
        const size_t half = size_t(std::ceil(0.5 * double(trained.size()) - 1e-9));
        std::vector<uint8_t> early(trained.size(), 0);
        for (size_t j = 0; j < half; ++j) early[order[j]] = 1;
        int64_t moved = 0;
        for (size_t i = 0; i < trained.size(); ++i) {
            if (early[i]) {
                if (std::memcmp(&first[i], &last[i], sizeof(float)) != 0)
                    QFAIL(qPrintable(QString("%1[%2] frozen in step 1 changed from %3 to %4")
                                         .arg(name.c_str()).arg(i).arg(first[i]).arg(last[i])));
            } else if (first[i] != last[i]) {
                ++moved;
            }
        }
        QVERIFY2(moved > 0, name.c_str());
    }

    // When the retrained encoding is deployed, every pinned cell holds its final bit and every
    // cell of an array of real weights is pinned (each word was frozen once).
    if (r.finalFrom != "retrained") QSKIP("retraining ended below the post encoding; its pins are not deployed");
    for (const EncodedTensor &t : r.tensors) {
        QCOMPARE(t.pins.size(), size_t(t.tiles.arrays) * 64);
        for (int64_t a = 0; a < t.tiles.arrays; ++a) {
            const bool full = (a + 1) * 16 <= t.size();
            for (int c = 0; c < 64; ++c) {
                const int8_t pin = t.pins[size_t(a * 64 + c)];
                if (full) QVERIFY2(pin >= 0, qPrintable(QString("%1 array %2 cell %3 free").arg(t.name.c_str()).arg(a).arg(c)));
                if (pin >= 0) QCOMPARE(int(t.results[a].bits[c]), int(pin));
            }
        }
        QVERIFY2(sameBits(atLast.at(t.name), t.decoded), t.name.c_str());
    }
}

void TestNetwork::pinnedWordsSurviveReencoding()
{
    // NetworkEncoder directly: encode, pin the first four row words of every array, move every
    // target, and encode again: the pinned words keep their cells and codes, the others follow.
    const NetworkEncoder enc(msbLsb8(), encodeOptions(), QuantGranularity::PerTensor);
    const std::vector<float> &w = trained_.weights.at("fc3.weight");
    EncodedTensor t = enc.quantizeTensor("fc3.weight", {10, 100}, w);
    QCOMPARE(t.tiles.arrays, int64_t(63));
    std::vector<uint8_t> fresh(w.size(), 0);
    for (size_t i = 0; i < w.size(); ++i) fresh[i] = (i % 16) < 4 ? 1 : 0; // rows 0..3 of every array
    enc.encode(t, fresh, {}, {}, nullptr);
    enc.pinWords(t, fresh);
    const EncodedTensor before = t;
    std::vector<float> shifted(w);
    for (float &v : shifted) v = -v;
    enc.requantize(t, shifted);
    enc.encode(t, {}, {}, {}, nullptr);
    int64_t changedFree = 0;
    for (int64_t a = 0; a < t.tiles.arrays; ++a)
        for (int c = 0; c < 64; ++c)
            if (before.pins[size_t(a * 64 + c)] >= 0)
                QCOMPARE(int(t.results[a].bits[c]), int(before.results[a].bits[c]));
    for (size_t i = 0; i < w.size(); ++i) {
        if (fresh[i]) QCOMPARE(t.decodedCodes[i], before.decodedCodes[i]);
        else if (t.decodedCodes[i] != before.decodedCodes[i]) ++changedFree;
    }
    QVERIFY(changedFree > 0);
    // Four row words of eight cells each: 32 pinned cells per array (the last array: 8 weights, 4 pinned).
    const int64_t pinned = int64_t(before.pins.size()) - std::count(before.pins.begin(), before.pins.end(), int8_t(-1));
    QCOMPARE(pinned, int64_t(63 * 32));
}

void TestNetwork::quantizerRejectsNaN()
{
    std::vector<float> v{0.5f, -0.25f, std::numeric_limits<float>::quiet_NaN(), 1.0f};
    const QString msg = errorOf([&] {
        quantize(v, 2, NumberFormat::Unsigned, 8, QuantGranularity::PerTensor, "fc9.weight");
    });
    QVERIFY2(msg.contains("NaN") && msg.contains("fc9.weight") && msg.contains("weight 2"), qPrintable(msg));
    v[2] = std::numeric_limits<float>::infinity();
    const QString inf = errorOf([&] {
        quantize(v, 2, NumberFormat::TwosComplement, 8, QuantGranularity::PerChannel, "fc9.weight");
    });
    QVERIFY2(inf.contains("infinite"), qPrintable(inf));
}

void TestNetwork::quantizerScalesPerChannel_data()
{
    QTest::addColumn<NumberFormat>("format");
    QTest::addColumn<int>("bits");
    QTest::newRow("unsigned 8") << NumberFormat::Unsigned << 8;
    QTest::newRow("twos 8") << NumberFormat::TwosComplement << 8;
    QTest::newRow("signmag 6") << NumberFormat::SignMagnitude << 6;
    QTest::newRow("unsigned 4") << NumberFormat::Unsigned << 4;
}

void TestNetwork::quantizerScalesPerChannel()
{
    QFETCH(NumberFormat, format);
    QFETCH(int, bits);
    // Three output channels of 50 values spanning 0.01, 1 and 100.
    std::vector<float> v;
    const double span[3] = {0.01, 1.0, 100.0};
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < 50; ++i) v.push_back(float(span[c] * std::sin(0.7 * i + c)));
    const QuantizedTensor q = quantize(v, 3, format, bits, QuantGranularity::PerChannel, "w");
    QCOMPARE(q.channels, int64_t(3));
    QCOMPARE(q.channelSize, int64_t(50));
    QCOMPARE(q.scale.size(), size_t(3));
    QVERIFY2(q.scale[1] > 50 * q.scale[0] && q.scale[2] > 50 * q.scale[1],
             qPrintable(QString("%1 %2 %3").arg(q.scale[0]).arg(q.scale[1]).arg(q.scale[2])));
    const int64_t lo = codeMin(format, bits), hi = codeMax(format, bits);
    QCOMPARE(q.codes.size(), v.size());
    for (int64_t c : q.codes) QVERIFY2(c >= lo && c <= hi, qPrintable(QString::number(c)));
    // Each channel is reproduced to within a few steps of its own scale, not the largest one's.
    const std::vector<float> back = q.dequantize(q.codes);
    for (size_t i = 0; i < v.size(); ++i) {
        const double s = q.scale[i / 50];
        QVERIFY2(std::fabs(back[i] - v[i]) <= 0.5 * span[i / 50] + 1e-9 && std::fabs(back[i] - v[i]) < 40 * s,
                 qPrintable(QString("value %1: %2 vs %3").arg(i).arg(back[i]).arg(v[i])));
    }
    const QuantizedTensor one = quantize(v, 3, format, bits, QuantGranularity::PerTensor, "w");
    QCOMPARE(one.scale.size(), size_t(1));
    QVERIFY(one.scale[0] > q.scale[1]);
    for (int64_t c : one.codes) QVERIFY(c >= lo && c <= hi);
}

void TestNetwork::badData_data()
{
    QTest::addColumn<QByteArray>("images");
    QTest::addColumn<QString>("message");
    const QByteArray gz = readPrefix(defaultFashionMnistDir().c_str() + QString("/train-images-idx3-ubyte.gz"), 8192);
    QVERIFY(gz.size() == 8192);
    QTest::newRow("truncated gzip") << gz << "the file is corrupt or truncated";
    QByteArray header("\x00\x00\x08\x03\x00\x00\x00\x64\x00\x00\x00\x1c\x00\x00\x00\x1c", 16); // 100 images 28x28
    QTest::newRow("short IDX") << header + QByteArray(1000, '\x7f') << "truncated: 1000 pixel bytes for 100 images";
    QTest::newRow("not IDX") << QByteArray("hello, this is not an image file at all") << "not an IDX image file";
    QTest::newRow("bad gzip body") << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-garbage", 25)
                                   << "corrupt or truncated";
}

void TestNetwork::badData()
{
    QFETCH(QByteArray, images);
    QFETCH(QString, message);
    const QString d = dir_.filePath(QString("data_%1").arg(QTest::currentDataTag()).replace(' ', '_'));
    QVERIFY(QDir().mkpath(d));
    const QString real = QString::fromStdString(defaultFashionMnistDir());
    for (const char *f : {"train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"})
        QVERIFY(QFile::link(real + "/" + f, d + "/" + f));
    const QString bad = d + "/train-images-idx3-ubyte.gz";
    QVERIFY(writeBytes(bad, images));
    const QString msg = errorOf([&] { loadIdxDirectory(d.toStdString()); });
    QVERIFY2(msg.contains(bad), qPrintable(msg));
    QVERIFY2(msg.contains(message), qPrintable(msg));
    QVERIFY2(!msg.contains('\n'), qPrintable(msg));
}

void TestNetwork::missingDirectoryNamesFile()
{
    const QString msg = errorOf([] { loadIdxDirectory("/nonexistent/fashion"); });
    QVERIFY2(msg.contains("/nonexistent/fashion/train-") && msg.contains("-ubyte[.gz]: not found"), qPrintable(msg));
    QVERIFY2(msg.contains("--data"), qPrintable(msg)); // says what to do
    // A folder with only the images names the first missing file.
    const QString d = dir_.filePath("only_images");
    QVERIFY(QDir().mkpath(d));
    QVERIFY(QFile::link(QString::fromStdString(defaultFashionMnistDir()) + "/train-images-idx3-ubyte.gz",
                        d + "/train-images-idx3-ubyte.gz"));
    const QString one = errorOf([&] { loadIdxDirectory(d.toStdString()); });
    QVERIFY2(one.contains(d + "/train-labels-idx1-ubyte[.gz]: not found"), qPrintable(one));
}

void TestNetwork::badModels()
{
    const QString garbage = dir_.filePath("garbage.pt");
    QVERIFY(writeBytes(garbage, QByteArray("this is not a zip archive, let alone a TorchScript model\n")));
    const QString msg = errorOf([&] { Network::loadTorchScript(garbage.toStdString()); });
    QVERIFY2(msg.contains("not a TorchScript model") && msg.contains(garbage), qPrintable(msg));
    QVERIFY2(!msg.contains('\n'), qPrintable(msg));
    const QString viaCreate = errorOf([&] { Network::create(garbage.toStdString(), 1); });
    QVERIFY2(viaCreate.contains("not a TorchScript model"), qPrintable(viaCreate));
    const QString missing = errorOf([&] { Network::loadTorchScript(dir_.filePath("nope.pt").toStdString()); });
    QVERIFY2(missing.contains("no such file"), qPrintable(missing));
    const QString unknown = errorOf([] { Network::create("resnet", 1); });
    QVERIFY2(unknown.contains("unknown model 'resnet'"), qPrintable(unknown));
}


void TestNetwork::placementKeepsFunction()
{
    // Permuting neurons changes which weights share arrays but not what the network computes.
    Network net = mlpWith(trained_.weights);
    const Evaluation before = Trainer(net, trainOptions()).evaluate(data_.test);
    const NetworkEncoder enc(msbLsb8(), encodeOptions(), QuantGranularity::PerTensor);
    const auto reports = optimizePlacement(net, enc, 6, kSeed);
    QCOMPARE(int(reports.size()), 2); // fc1 -> fc2, fc2 -> fc3
    for (const PlacementReport &r : reports) {
        QVERIFY(r.errorAfter <= r.errorBefore);
        QCOMPARE(r.trials, 6);
    }
    const Evaluation after = Trainer(net, trainOptions()).evaluate(data_.test);
    QCOMPARE(after.accuracy, before.accuracy);
    QVERIFY(std::fabs(after.loss - before.loss) < 1e-4);
    // A permutation and its inverse restore the weights exactly.
    const auto links = placementLinks(net);
    const std::vector<float> w0 = net.values("fc1.weight"), v0 = net.values("fc2.weight");
    std::vector<int64_t> perm(300), inverse(300);
    for (int64_t i = 0; i < 300; ++i) perm[size_t(i)] = (i * 7 + 3) % 300;
    for (int64_t i = 0; i < 300; ++i) inverse[size_t(perm[size_t(i)])] = i;
    permuteLink(net, links[0], perm);
    QVERIFY(net.values("fc1.weight") != w0);
    QCOMPARE(net.values("fc1.weight")[0], w0[size_t(perm[0]) * 784]);
    permuteLink(net, links[0], inverse);
    QVERIFY(net.values("fc1.weight") == w0);
    QVERIFY(net.values("fc2.weight") == v0);
}

void TestNetwork::bitSliceL1LowersOnes()
{
    // INQ in sign-magnitude words with and without the bit-slice L1 term, the same seed: the
    // term's run stores fewer ones, deploys its retrained weights, and its bitline figures equal
    // a recount of the deployed arrays' bits.
    double share[2] = {0, 0};
    for (const double lambda : {0.0, 10.0}) {
        Network net = mlpWith(trained_.weights);
        const NetworkEncoder enc(msbLsb8(), encodeOptions(NumberFormat::SignMagnitude), QuantGranularity::PerTensor);
        NetworkRunSpec ro;
        ro.mode = RetrainMode::Inq;
        ro.schedule = {0.5, 1.0};
        ro.seed = kSeed;
        ro.bitL1 = lambda;
        Retrainer rt(net, data_, enc, trainOptions(), ro);
        const RetrainResult r = rt.run();
        QVERIFY(!r.cancelled);
        if (lambda > 0) QCOMPARE(QString::fromStdString(r.finalFrom), QString("retrained"));
        int64_t ones = 0, cells = 0;
        int32_t rowMax = 0, colMax = 0;
        double rowSum = 0, lines = 0;
        for (const EncodedTensor &t : r.tensors)
            for (const ArrayResult &a : t.results) {
                for (int i = 0; i < 8; ++i) {
                    int row = 0, col = 0;
                    for (int j = 0; j < 8; ++j) {
                        row += a.bits[size_t(i * 8 + j)];
                        col += a.bits[size_t(j * 8 + i)];
                    }
                    rowMax = std::max(rowMax, row);
                    colMax = std::max(colMax, col);
                    rowSum += row;
                    lines += 1;
                    ones += row;
                }
                cells += 64;
            }
        QCOMPARE(r.bitlines.size(), size_t(2));
        QCOMPARE(QString::fromStdString(r.bitlines[0].axis), QString("row"));
        QCOMPARE(r.bitlines[0].maxOnes, rowMax);
        QCOMPARE(r.bitlines[1].maxOnes, colMax);
        QVERIFY(std::fabs(r.bitlines[0].meanOnes - rowSum / lines) < 1e-9);
        int adc = 0;
        while ((1 << adc) - 1 < rowMax) ++adc;
        QCOMPARE(r.bitlines[0].adcBits, adc);
        QCOMPARE(r.onesShare, double(ones) / double(cells));
        share[lambda > 0] = r.onesShare;
        qInfo("bit_l1 %g: %.4f of cells hold 1, final accuracy %.4f", lambda, r.onesShare, r.finalAccuracy);
        if (lambda > 0) QVERIFY2(r.finalAccuracy > kAccuracyFloor - 0.1, qPrintable(QString::number(r.finalAccuracy)));
    }
    QVERIFY2(share[1] < 0.9 * share[0], qPrintable(QString("%1 vs %2").arg(share[1]).arg(share[0])));
}

QTEST_GUILESS_MAIN(TestNetwork)
#include "tst_network.moc"
