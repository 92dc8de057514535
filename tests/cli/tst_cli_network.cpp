// twill-cli train / retrain end to end on a small part of the real Fashion-MNIST: the reports,
// the .npz rebuilt by NumPy alone, the state_dict evaluated by PyTorch, a TorchScript round
// trip, and the one-line messages for bad input.
#include "TestSupport.h"
#include "io/Npy.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QtTest>

#include <cmath>
#include <map>

using namespace twill::test;

namespace {

const QString kFashionMnist = "/usr/share/datasets/fashion-mnist";
const QStringList kLeNetWeights{"conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight", "fc3.weight"};

// The script goes in a file: torch.jit.script reads the source of the classes it compiles.
Run runPython(const QString &script, const QStringList &args)
{
    QTemporaryFile file(QDir::tempPath() + "/tst_cli_network_XXXXXX.py");
    if (!file.open()) return Run{-1, {}, "cannot write the Python script"};
    file.write(script.toUtf8());
    file.flush();
    return runProcess(TWILL_PYTHON, QStringList{file.fileName()} + args);
}

QString describe(const Run &r)
{
    return QString("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.code).arg(r.out, r.err);
}

// The PyTorch definition of the built-in LeNet-5 (the README's), shared by the scripts below.
const char *kLeNet5 = R"PY(
import torch, torch.nn as nn, torch.nn.functional as F
class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2); self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120); self.fc2 = nn.Linear(120, 84); self.fc3 = nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.reshape(x.size(0), 400)))
        return self.fc3(F.relu(self.fc2(x)))
)PY";

} // namespace

class TestCliNetwork : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void retrainReportsJson();
    void retrainReportsCsv();
    void npzRebuildsWeightsWithNumPy();
    void stateDictGivesSameAccuracyInPyTorch();
    void torchScriptRoundTrip();
    void pythonModelsKeepTheirAccuracy_data();
    void pythonModelsKeepTheirAccuracy();
    void badInput_data();
    void badInput();
    void trainingShowsProgressOnATerminalOnly();
    void retrainWritesOneMemoryImageOfEveryTensor();

private:
    QString path(const QString &name) const { return dir_.filePath(name); }

    QTemporaryDir dir_;
    QJsonObject report_;
};

void TestCliNetwork::initTestCase()
{
    QVERIFY(dir_.isValid());
    if (!QFile::exists(kFashionMnist + "/t10k-images-idx3-ubyte.gz"))
        QSKIP("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    // LeNet-5 trains at about 200 samples/s with Debian's generic-BLAS LibTorch on two cores:
    // one epoch on 3000 images, then INQ with one epoch on 1000 images after each of 3 steps.
    const Run train = runCli({"train", "--model", "lenet5", "--epochs", "1", "--train-subset", "3000",
                              "--test-subset", "1000", "--threads", "2", "--out", path("lenet5.ckpt")});
    QVERIFY2(train.code == 0, qPrintable(describe(train)));
    QVERIFY2(train.out.contains("test accuracy"), qPrintable(train.out));
    QVERIFY(QFile::exists(path("lenet5.ckpt")));
    const Run retrain = runCli({"retrain", "--model", "lenet5", "--checkpoint", path("lenet5.ckpt"), "--mode", "inq",
                                "--bits", "8", "--train-subset", "1000", "--test-subset", "1000", "--epochs-per-step",
                                "1", "--threads", "2", "--restarts", "8", "--json", path("inq.json"), "--csv",
                                path("inq.csv"), "--npz", path("inq.npz"), "--state-dict", path("inq.sd.pt")});
    QVERIFY2(retrain.code == 0, qPrintable(describe(retrain)));
    report_ = readJsonFile(path("inq.json"));
    QVERIFY(!report_.isEmpty());
}

void TestCliNetwork::retrainReportsJson()
{
    const QJsonObject &r = report_;
    QCOMPARE(r.value("spec").toObject().value("mode").toString(), QString("inq"));
    QCOMPARE(r.value("test_samples").toInt(), 1000);
    for (const char *key : {"baseline_accuracy", "encoded_accuracy", "retrained_accuracy", "final_accuracy"}) {
        QVERIFY2(r.value(key).isDouble(), key);
        const double a = r.value(key).toDouble();
        QVERIFY2(a >= 0 && a <= 1, key);
        // A fraction of 1000 test images.
        QVERIFY2(std::abs(a * 1000 - std::round(a * 1000)) < 1e-6, key);
    }
    // Chance is 0.1: a trained LeNet-5 does better even after one short epoch.
    QVERIFY2(r.value("baseline_accuracy").toDouble() > 0.15, qPrintable(QString::number(r.value("baseline_accuracy").toDouble())));
    QVERIFY(r.value("final_accuracy").toDouble() >= r.value("encoded_accuracy").toDouble());
    const QString from = r.value("final_from").toString();
    QVERIFY2(from == "retrained" || from == "post", qPrintable(from));
    const QJsonArray steps = r.value("steps").toArray();
    QStringList labels;
    for (const QJsonValue &v : steps) labels << v.toObject().value("label").toString();
    QCOMPARE(labels, (QStringList{"baseline", "post", "inq 0.5", "inq 0.75", "inq 0.875", "inq 1"}));
    QCOMPARE(steps.at(0).toObject().value("accuracy").toDouble(), r.value("baseline_accuracy").toDouble());
    QCOMPARE(steps.at(1).toObject().value("accuracy").toDouble(), r.value("encoded_accuracy").toDouble());
    QCOMPARE(steps.last().toObject().value("accuracy").toDouble(), r.value("retrained_accuracy").toDouble());
    const double frac[] = {0, 1, 0.5, 0.75, 0.875, 1};
    for (int i = 0; i < steps.size(); ++i) {
        const QJsonObject s = steps.at(i).toObject();
        QCOMPARE(s.value("step").toInt(), i);
        QCOMPARE(s.value("fraction").toDouble(), frac[i]);
        const QJsonArray layers = s.value("layers").toArray();
        if (i == 0) {
            QVERIFY(layers.isEmpty());
            continue;
        }
        QStringList names;
        for (const QJsonValue &l : layers) {
            names << l.toObject().value("name").toString();
            QVERIFY(l.toObject().value("frozen_fraction").toDouble() >= frac[i] - 1e-9);
        }
        QCOMPARE(names, kLeNetWeights);
    }
    // fc1 holds 48000 weights: 3000 arrays of 16 words on 8x8 msb-lsb.
    const QJsonObject fc1 = steps.last().toObject().value("layers").toArray().at(2).toObject();
    QCOMPARE(fc1.value("tensor_weights").toInt(), 48000);
    QCOMPARE(fc1.value("arrays").toInt(), 3000);
}

void TestCliNetwork::retrainReportsCsv()
{
    QFile f(path("inq.csv"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    const QJsonArray steps = report_.value("steps").toArray();
    QCOMPARE(lines.size(), steps.size() + 1);
    const QStringList header = lines.first().split(',');
    QCOMPARE(header.mid(0, 8), (QStringList{"step", "label", "fraction", "accuracy", "loss", "train_loss", "seconds",
                                            "effective_capacity"}));
    QCOMPARE(header.size(), 8 + 6 * kLeNetWeights.size());
    for (const QString &layer : kLeNetWeights)
        for (const char *m : {"frozen_fraction", "mean_abs_lsb", "rms_lsb", "max_abs_lsb", "mean_pct_fs", "max_pct_fs"})
            QVERIFY2(header.contains(layer + "." + m), qPrintable(layer + "." + m));
    for (int i = 0; i < steps.size(); ++i) {
        const QStringList row = lines.at(i + 1).split(',');
        QCOMPARE(row.size(), header.size());
        QCOMPARE(row.at(0).toInt(), i);
        QCOMPARE(row.at(1), steps.at(i).toObject().value("label").toString());
        QVERIFY(std::abs(row.at(3).toDouble() - steps.at(i).toObject().value("accuracy").toDouble()) < 1e-9);
    }
}

void TestCliNetwork::npzRebuildsWeightsWithNumPy()
{
    // NumPy alone: bits + membership tables -> codes -> (code - zero_point) * scale, exactly.
    const QString script = R"PY(
import sys, numpy as np
z = np.load(sys.argv[1])
W = int(z['bits_per_word']); fmt = str(z['format']); top = 1 << (W - 1)
names = sorted(k[:-len('.bits')] for k in z.files if k.endswith('.bits'))
for n in names:
    bits = z[n + '.bits'].astype(np.int64); A = bits.shape[0]; nw = z[n + '.targets'].shape[1]
    raw = np.zeros((A, nw), dtype=np.int64)
    for d in ('row', 'column', 'pillar'):
        if 'word_of_' + d not in z: continue
        wo = z['word_of_' + d].ravel(); sg = z['sig_of_' + d].ravel()
        np.add.at(raw, (np.arange(A)[:, None], wo[None, :]), bits.reshape(A, -1) << sg[None, :])
    if fmt == 'twos': val = (raw & (top - 1)) - (raw & top)
    elif fmt == 'signmag': val = np.where(raw & top, -(raw & (top - 1)), raw & (top - 1))
    else: val = raw
    code = val * (1 << z[n + '.shift'].astype(np.int64)) + z[n + '.offset'][:, None]
    assert (code == z[n + '.codes']).all(), n + ': codes differ'
    shape = tuple(int(s) for s in z[n + '.shape']); size = int(np.prod(shape))
    scale = z[n + '.scale']; zp = z[n + '.zero_point']
    g = np.arange(size) // (size // scale.size)
    w = ((code.ravel()[:size] - zp[g]).astype(np.float64) * scale[g]).astype(np.float32).reshape(shape)
    dec = z[n + '.decoded']
    assert dec.dtype == np.float32 and dec.shape == shape, n + ': decoded has the wrong type or shape'
    assert np.array_equal(w, dec), n + ': %d weights differ' % int((w != dec).sum())
    assert len(np.unique(w)) <= 1 << W
print('ok', fmt, ' '.join(names))
)PY";
    const Run r = runPython(script, {path("inq.npz")});
    QVERIFY2(r.code == 0, qPrintable(describe(r)));
    QCOMPARE(r.out.trimmed(), "ok unsigned " + kLeNetWeights.join(' '));
}

void TestCliNetwork::stateDictGivesSameAccuracyInPyTorch()
{
    // The state_dict loads (strictly) into the plain PyTorch LeNet-5, holds the .npz's decoded
    // weights, and scores the first 1000 test images exactly as Twill reported.
    const QString script = QString(kLeNet5) + R"PY(
import sys, gzip, numpy as np
torch.set_num_threads(2)
sd = torch.load(sys.argv[1], weights_only=True); z = np.load(sys.argv[2]); data = sys.argv[3]
m = LeNet5(); m.load_state_dict(sd); m.eval()
for k in ('conv1.weight', 'conv2.weight', 'fc1.weight', 'fc2.weight', 'fc3.weight'):
    assert torch.equal(sd[k], torch.from_numpy(z[k + '.decoded'])), k
with gzip.open(data + '/t10k-images-idx3-ubyte.gz') as f:
    img = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)[:1000]
with gzip.open(data + '/t10k-labels-idx1-ubyte.gz') as f:
    lab = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:1000].astype(np.int64)
x = (torch.from_numpy(img.astype(np.float32)) / 255 - 0.5) / 0.5
with torch.no_grad():
    acc = (m(x).argmax(1) == torch.from_numpy(lab)).double().mean().item()
print('%.6f' % acc)
)PY";
    const Run r = runPython(script, {path("inq.sd.pt"), path("inq.npz"), kFashionMnist});
    QVERIFY2(r.code == 0, qPrintable(describe(r)));
    bool ok = false;
    const double acc = r.out.trimmed().toDouble(&ok);
    QVERIFY2(ok, qPrintable(r.out));
    const double twill = report_.value("final_accuracy").toDouble();
    qInfo("final accuracy on 1000 test images: PyTorch %.4f, Twill %.4f", acc, twill);
    QVERIFY2(std::abs(acc - twill) <= 0.001, qPrintable(QString("PyTorch %1, Twill %2").arg(acc).arg(twill)));
}

void TestCliNetwork::torchScriptRoundTrip()
{
    const QString make = R"PY(
import sys, torch, torch.nn as nn
class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 64); self.fc2 = nn.Linear(64, 10)
    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x.reshape(x.size(0), 784))))
torch.manual_seed(3)
torch.jit.save(torch.jit.script(Mlp()), sys.argv[1])
)PY";
    const QString model = path("tiny.pt");
    const Run mk = runPython(make, {model});
    QVERIFY2(mk.code == 0, qPrintable(describe(mk)));
    const Run train = runCli({"train", "--model", model, "--epochs", "1", "--train-subset", "2000", "--test-subset",
                              "500", "--threads", "2", "--out", path("tiny.ckpt"), "--json", path("tiny-train.json")});
    QVERIFY2(train.code == 0, qPrintable(describe(train)));
    // A 784-64-10 MLP gets well past chance in one epoch on 2000 images.
    const double trained = readJsonFile(path("tiny-train.json")).value("test_accuracy").toDouble();
    QVERIFY2(trained > 0.5, qPrintable(QString::number(trained)));
    const Run post = runCli({"retrain", "--model", model, "--checkpoint", path("tiny.ckpt"), "--mode", "post", "--bits",
                             "8", "--train-subset", "2000", "--test-subset", "500", "--threads", "2", "--save-model",
                             path("tiny-out.pt"), "--state-dict", path("tiny.sd.pt"), "--json", path("tiny.json")});
    QVERIFY2(post.code == 0, qPrintable(describe(post)));
    QCOMPARE(readJsonFile(path("tiny.json")).value("final_from").toString(), QString("post"));

    const QString check = R"PY(
import sys, torch
out = torch.jit.load(sys.argv[1]); orig = torch.jit.load(sys.argv[2]); sd = torch.load(sys.argv[3], weights_only=True)
params = dict(out.named_parameters())
assert sorted(params) == sorted(sd) == ['fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight'], sorted(sd)
for k, v in params.items():
    assert torch.equal(v.detach(), sd[k]), k
    assert not torch.equal(v.detach(), dict(orig.named_parameters())[k]), k + ' did not change'
for k in ('fc1.weight', 'fc2.weight'):
    assert len(torch.unique(sd[k])) <= 256, k + ' has more than 2^8 values'
y = out(torch.zeros(3, 1, 28, 28))
assert tuple(y.shape) == (3, 10)
print('ok')
)PY";
    const Run r = runPython(check, {path("tiny-out.pt"), model, path("tiny.sd.pt")});
    QVERIFY2(r.code == 0, qPrintable(describe(r)));
    QCOMPARE(r.out.trimmed(), QString("ok"));
}

void TestCliNetwork::pythonModelsKeepTheirAccuracy_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("TorchScript model, as loaded") << "script";
    QTest::newRow("LeNet-5 state_dict") << "state_dict";
}

void TestCliNetwork::pythonModelsKeepTheirAccuracy()
{
    // Trained in Python on inputs in [0, 1] (not Twill's default (p/255 - 0.5)/0.5): with
    // --normalize 0,1 Twill scores the first 1000 test images exactly as PyTorch does, and
    // 16-bit overlapped storage keeps that within 0.3 points.
    QFETCH(QString, kind);
    const QString train = QString(kLeNet5) + R"PY(
import sys, gzip, numpy as np
torch.manual_seed(5); torch.set_num_threads(2)
data, kind, out = sys.argv[1], sys.argv[2], sys.argv[3]
def load(prefix, n):
    with gzip.open(data + '/' + prefix + '-images-idx3-ubyte.gz') as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)[:n]
    with gzip.open(data + '/' + prefix + '-labels-idx1-ubyte.gz') as f:
        y = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:n].astype(np.int64)
    return torch.from_numpy(x.astype(np.float32) / 255), torch.from_numpy(y)
x, y = load('train', 3000); tx, ty = load('t10k', 1000)
m = LeNet5()
opt = torch.optim.Adam(m.parameters(), lr=0.002)
for epoch in range(3):
    for i in range(0, len(x), 64):
        opt.zero_grad(); torch.nn.functional.cross_entropy(m(x[i:i + 64]), y[i:i + 64]).backward(); opt.step()
m.eval()
with torch.no_grad():
    acc = (m(tx).argmax(1) == ty).double().mean().item()
if kind == 'script': torch.jit.save(torch.jit.script(m), out)
else: torch.save(m.state_dict(), out)
print('%.6f' % acc)
)PY";
    const QString file = path(kind == "script" ? "python-lenet.pt" : "python-lenet-sd.pt");
    const Run py = runPython(train, {kFashionMnist, kind, file});
    QVERIFY2(py.code == 0, qPrintable(describe(py)));
    const double pyAcc = py.out.trimmed().toDouble();
    QVERIFY2(pyAcc > 0.6, qPrintable(py.out)); // well past chance (0.1): the checks below mean something
    const QStringList model = kind == "script" ? QStringList{"retrain", "--model", file}
                                               : QStringList{"retrain", "--model", "lenet5", "--weights", file};
    // Local search without restarts keeps the test quick; at 16 bits its error is a few LSB.
    const Run r = runCli(model + QStringList{"--normalize", "0,1", "--mode", "post", "--bits", "16", "--restarts", "0", "--train-subset",
                                            "1000", "--test-subset", "1000", "--threads", "2", "--json",
                                            path(kind + ".json")});
    QVERIFY2(r.code == 0, qPrintable(describe(r)));
    const QJsonObject report = readJsonFile(path(kind + ".json"));
    QCOMPARE(report.value("baseline_from").toString(), kind == "script" ? QString("as loaded") : QString("weights"));
    const double base = report.value("baseline_accuracy").toDouble(), enc = report.value("encoded_accuracy").toDouble();
    qInfo("%s: PyTorch %.4f, Twill as loaded %.4f, after 16-bit encoding %.4f", qPrintable(kind), pyAcc, base, enc);
    QVERIFY2(std::abs(base - pyAcc) <= 0.002, qPrintable(QString("PyTorch %1, Twill %2").arg(pyAcc).arg(base)));
    QVERIFY2(std::abs(enc - pyAcc) <= 0.003, qPrintable(QString("PyTorch %1, encoded %2").arg(pyAcc).arg(enc)));
    const QJsonObject spec = report.value("spec").toObject();
    QCOMPARE(spec.value("normalize_mean").toArray(), (QJsonArray{0.0}));
    QCOMPARE(spec.value("normalize_std").toArray(), (QJsonArray{1.0}));
    QCOMPARE(report.value("encoded_tensors").toArray().size(), 5);
    // Without --normalize the model sees other inputs, and its accuracy says so.
    const Run plain = runCli(model + QStringList{"--mode", "post", "--bits", "16", "--restarts", "0", "--train-subset", "1000",
                                                "--test-subset", "1000", "--threads", "2", "--json", path(kind + "-d.json")});
    QVERIFY2(plain.code == 0, qPrintable(describe(plain)));
    QVERIFY(readJsonFile(path(kind + "-d.json")).value("baseline_accuracy").toDouble() < pyAcc - 0.02);
}

void TestCliNetwork::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList retrain{"retrain", "--model", "mlp", "--data", "synthetic", "--checkpoint", "@CKPT", "--bits", "8"};
    QTest::newRow("unknown model") << QStringList{"train", "--model", "nonsense", "--out", "@OUT"}
                                   << "unknown model 'nonsense'";
    QTest::newRow("garbage model") << QStringList{"train", "--model", "@GARBAGE", "--out", "@OUT"}
                                   << "not a TorchScript model";
    QTest::newRow("missing data") << QStringList{"train", "--model", "mlp", "--data", "/nonexistent", "--out", "@OUT"}
                                  << "/nonexistent/train-";
    QTest::newRow("no baseline") << QStringList{"retrain", "--model", "mlp", "--data", "synthetic"}
                                 << "--epochs: is 0, but mlp has no trained weights";
    QTest::newRow("tuple output") << QStringList{"retrain", "--model", "@TUPLE", "--data", "synthetic"}
                                  << "returns Tuple for inputs [1, 1, 28, 28]; a classifier must return one tensor";
    QTest::newRow("scalar output") << QStringList{"retrain", "--model", "@SCALAR", "--data", "synthetic"}
                                   << "returns a tensor of shape [] for inputs [1, 1, 28, 28]";
    QTest::newRow("input size") << QStringList{"retrain", "--model", "@TUPLE", "--data", "synthetic", "--input-shape",
                                               "1,16,16"}
                                << "cannot take the inputs [1, 1, 16, 16]";
    QTest::newRow("wrong weights") << QStringList{"retrain", "--model", "lenet5", "--weights", "@MLPSD", "--data", "synthetic"}
                                   << "these weights are not lenet5's (fc1.weight is [300, 784], lenet5 expects [120, 400]";
    QTest::newRow("weights and checkpoint") << retrain + QStringList{"--weights", "@MLPSD"} << "--weights: and a checkpoint";
    QTest::newRow("normalize count") << retrain + QStringList{"--normalize", "0.5,0.5,0.5"} << "--normalize: give MEAN,STD";
    QTest::newRow("normalize channels") << retrain + QStringList{"--normalize", "0.1,0.2,0.3,0.4"}
                                        << "--normalize: gives 2 values; give one, or one per input channel (1)";
    QTest::newRow("schedule falls") << retrain + QStringList{"--schedule", "0.5,0.4,1"} << "rise strictly";
    QTest::newRow("schedule short") << retrain + QStringList{"--schedule", "0.5,0.75"} << "must end at 1";
    QTest::newRow("rotate per word") << retrain + QStringList{"--mode", "inq", "--unit", "weight", "--rotate"}
                                     << "per-array choices";
}

void TestCliNetwork::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const QString ckpt = path("mlp-synthetic.ckpt");
    if (!QFile::exists(ckpt)) {
        const Run r = runCli({"train", "--model", "mlp", "--data", "synthetic", "--epochs", "0", "--out", ckpt});
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
    }
    const QString models = path("odd-models");
    if (!QFile::exists(models + "/tuple.pt")) {
        QDir().mkpath(models);
        const Run mk = runPython(R"PY(
import sys, torch, torch.nn as nn
class Tup(nn.Module):
    def __init__(s):
        super().__init__(); s.fc = nn.Linear(784, 10)
    def forward(s, x):
        y = s.fc(x.reshape(x.size(0), 784)); return y, y
class Scal(nn.Module):
    def __init__(s):
        super().__init__(); s.fc = nn.Linear(784, 10)
    def forward(s, x):
        return s.fc(x.reshape(x.size(0), 784)).sum()
torch.jit.save(torch.jit.script(Tup()), sys.argv[1] + '/tuple.pt')
torch.jit.save(torch.jit.script(Scal()), sys.argv[1] + '/scalar.pt')
sd = {'fc1.weight': torch.zeros(300, 784), 'fc1.bias': torch.zeros(300)}
torch.save(sd, sys.argv[1] + '/mlp-part.pt')
)PY",
                                 {models});
        QVERIFY2(mk.code == 0, qPrintable(describe(mk)));
    }
    const QString garbage = path("garbage.pt");
    if (!QFile::exists(garbage)) {
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a TorchScript archive\n");
    }
    for (QString &a : args) {
        if (a == "@CKPT") a = ckpt;
        else if (a == "@TUPLE") a = models + "/tuple.pt";
        else if (a == "@SCALAR") a = models + "/scalar.pt";
        else if (a == "@MLPSD") a = models + "/mlp-part.pt";
        else if (a == "@GARBAGE") a = garbage;
        else if (a == "@OUT") a = path("never-written.ckpt");
    }
    const Run r = runCli(args);
    QVERIFY2(r.code == 2, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    if (QTest::currentDataTag() == QLatin1String("missing data")) QVERIFY2(r.err.contains("not found"), qPrintable(r.err));
    QCOMPARE(r.err.count('\n'), 1); // one line
    QVERIFY(!QFile::exists(path("never-written.ckpt")));
}

void TestCliNetwork::trainingShowsProgressOnATerminalOnly()
{
    // Batches of 4: an epoch of 3000 samples lasts well over the second between redraws even on
    // a quiet machine (at 64 it took under a second, and no progress line came).
    const QStringList train{"train", "--model", "mlp", "--data", "synthetic", "--train-subset", "3000", "--epochs", "3",
                            "--batch", "4", "--threads", "1", "--out", path("progress.ckpt")};
    // Redirected: the epoch lines, no progress line.
    const Run piped = runCli(train);
    QVERIFY2(piped.code == 0, qPrintable(describe(piped)));
    QVERIFY(piped.out.contains("epoch   3"));
    QVERIFY2(!piped.err.contains('\r') && !piped.out.contains('\r'), qPrintable(describe(piped)));
    // On a terminal (script gives it one): within each epoch (about a second here; the line is
    // redrawn once a second), batch by batch, with the time left;
    // retrain too, through its encoding and INQ steps.
    if (QStandardPaths::findExecutable("script").isEmpty()) QSKIP("script (bsdutils) is not installed");
    auto onTerminal = [](const QStringList &args) {
        QStringList quoted;
        for (const QString &a : QStringList{TWILL_CLI_PATH} + args) quoted << "'" + a + "'";
        return runProcess("script", {"-qefc", quoted.join(' '), "/dev/null"});
    };
    const Run tty = onTerminal(train);
    QVERIFY2(tty.code == 0, qPrintable(describe(tty)));
    QVERIFY2(tty.out.contains("\r") && tty.out.contains("baseline epoch ") && tty.out.contains(" of 3: training: ")
                 && tty.out.contains(" of 3000 samples") && tty.out.contains(" left"),
             qPrintable(describe(tty)));
    const Run retrain = onTerminal({"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "3000",
                                    "--checkpoint", path("progress.ckpt"), "--threads", "1", "--bits", "4"});
    QVERIFY2(retrain.code == 0, qPrintable(describe(retrain)));
    QVERIFY2(retrain.out.contains("inq 0.5: retraining epoch 1 of 1") && retrain.out.contains("\r"),
             qPrintable(describe(retrain)));
}

void TestCliNetwork::retrainWritesOneMemoryImageOfEveryTensor()
{
    const QString mem = path("net.mem"), npz = path("net.npz"), header = path("net.h"), neurosim = path("neurosim");
    const Run r = runCli({"retrain", "--model", "mlp", "--data", "synthetic", "--train-subset", "1000", "--epochs", "1",
                          "--mode", "post", "--bits", "8", "--threads", "1", "--npz", npz, "--mem", mem, "--c-header",
                          header, "--neurosim", neurosim});
    QVERIFY2(r.code == 0, qPrintable(describe(r)));
    // The manifest beside the image: every tensor of the .npz, in order, with its address range.
    const QJsonObject manifest = readJsonFile(mem + ".json");
    QCOMPARE(manifest.value("tool").toString(), QString("twill-cli retrain"));
    QCOMPARE(manifest.value("memory_file").toString(), QString("net.mem"));
    const int cols = manifest.value("row_bits").toInt();
    const QJsonArray tensors = manifest.value("tensors").toArray();
    int inNpz = 0;
    for (const auto &[name, a] : twill::readNpz(npz.toStdString())) inNpz += QString::fromStdString(name).endsWith(".bits");
    QCOMPARE(int(tensors.size()), inNpz); // every encoded weight tensor of the MLP
    QVERIFY(tensors.size() >= 2);
    // The image read as $readmemh reads it: @ sets the address, // starts a comment.
    QFile f(mem);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    std::map<int64_t, QString> rows;
    int64_t at = 0;
    for (const QString &line : QString(f.readAll()).split('\n')) {
        for (const QString &token : line.section("//", 0, 0).split(' ', Qt::SkipEmptyParts)) {
            if (token.startsWith('@')) {
                at = token.mid(1).toLongLong(nullptr, 16);
                continue;
            }
            QCOMPARE(int(token.size()), (cols + 3) / 4);
            rows[at++] = token;
        }
    }
    QCOMPARE(int64_t(rows.size()), int64_t(manifest.value("rows").toDouble()));
    std::map<std::string, twill::NpyArray> z;
    for (auto &[name, a] : twill::readNpz(npz.toStdString())) z[name] = a;
    int64_t expectedFirst = 0;
    for (const QJsonValue &v : tensors) {
        const QJsonObject t = v.toObject();
        const std::string name = t.value("name").toString().toStdString();
        QVERIFY2(z.count(name + ".bits"), name.c_str());
        const twill::NpyArray &bits = z[name + ".bits"]; // uint8 [arrays, layers, rows, cols]
        QCOMPARE(bits.shape.size(), size_t(4));
        QCOMPARE(bits.shape[3], int64_t(cols));
        const int64_t first = int64_t(t.value("first_address").toDouble());
        QCOMPARE(first, expectedFirst); // tensors follow each other
        const int64_t physicalRows = bits.shape[0] * bits.shape[1] * bits.shape[2];
        QCOMPARE(int64_t(t.value("rows").toDouble()), physicalRows);
        for (int64_t row = 0; row < physicalRows; ++row) {
            const QString hex = rows.at(first + row);
            const unsigned long long value = hex.toULongLong(nullptr, 16);
            for (int c = 0; c < cols; ++c) {
                const int cell = int((value >> (cols - 1 - c)) & 1);
                if (cell != bits.data[size_t(row * cols + c)])
                    QFAIL(qPrintable(QString("%1 row %2 column %3 differs from the .npz").arg(name.c_str()).arg(row).arg(c)));
            }
        }
        expectedFirst = first + physicalRows;
    }
    // The C header and one NeuroSim CSV per tensor came with it.
    QVERIFY(QFile(header).size() > 0);
    for (int k = 0; k < tensors.size(); ++k) QVERIFY(QFile::exists(neurosim + QString("/weight%1.csv").arg(k)));
    QVERIFY(QFile::exists(neurosim + "/layers.csv"));
    // --manifest alone is refused before anything runs.
    const Run bad = runCli({"retrain", "--model", "mlp", "--data", "synthetic", "--manifest", path("m.json")});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("--manifest goes with --mem"), qPrintable(describe(bad)));
}

QTEST_GUILESS_MAIN(TestCliNetwork)
#include "tst_cli_network.moc"
