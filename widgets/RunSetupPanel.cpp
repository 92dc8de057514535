#include "RunSetupPanel.h"

#include "FormFields.h"
#include "ParametersPanel.h"
#include "util/Error.h"
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>

#include <algorithm>
#include <cmath>
#include <map>

namespace twill {

namespace {

// Selects the entry whose data is 'value', adding it (a file or folder) when it is not listed.
void selectData(QComboBox *box, const QString &value)
{
    int i = box->findData(value);
    if (i < 0) {
        box->insertItem(box->count() - 1, value, value); // before the "…" entry
        i = box->findData(value);
    }
    box->setCurrentIndex(i);
}

// The numbers of a field, separated by commas or spaces; 'problem' names the first that is not one.
std::vector<double> numbersOf(const QLineEdit *field, const QString &label, const QString &example, QString &problem)
{
    std::vector<double> out;
    for (const QString &f : field->text().split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = f.toDouble(&ok);
        if (!ok) {
            if (problem.isEmpty()) problem = label + ": '" + f + "' is not a number; give numbers such as " + example;
            return {};
        }
        out.push_back(v);
    }
    return out;
}

QString joined(const std::vector<double> &values)
{
    QStringList parts;
    for (double v : values) parts << QString::number(v);
    return parts.join(", ");
}

std::vector<std::string> globsOf(const QLineEdit *field)
{
    std::vector<std::string> out;
    for (const QString &g : field->text().split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts))
        out.push_back(g.toStdString());
    return out;
}

QString joined(const std::vector<std::string> &names)
{
    QStringList parts;
    for (const std::string &n : names) parts << QString::fromStdString(n);
    return parts.join(", ");
}

QLineEdit *textField(const char *name, const QString &text, const QString &placeholder, const QString &tip)
{
    auto *field = new QLineEdit(text);
    field->setObjectName(name);
    field->setPlaceholderText(placeholder);
    field->setToolTip(tip);
    return field;
}

} // namespace

RunSetupPanel::RunSetupPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName("runSetupPanel");
    buildChoices();
    buildNumbers();
    buildForm();
    connect(mode_, &QComboBox::currentIndexChanged, this, [this]() {
        partition_->setToolTip(mode_->currentText() == "inq" ? "INQ: which arrays are frozen first."
                                                             : "only INQ freezes portions");
        updateEnabled();
        Q_EMIT changed();
    });
    for (QComboBox *c : {unit_, baseline_}) connect(c, &QComboBox::currentIndexChanged, this, &RunSetupPanel::updateEnabled);
    // Every choice may change what the spec allows (unit weight with an offset, placement with a
    // model file...): the owner checks the whole spec again.
    for (QComboBox *c : {model_, baseline_, weights_, data_, partition_, storage_, unit_, quant_, fit_})
        connect(c, &QComboBox::currentIndexChanged, this, &RunSetupPanel::changed);
    for (QSpinBox *b : {epochs_, subset_, testSubset_, epochsPerStep_, steEvery_, placement_})
        connect(b, qOverload<int>(&QSpinBox::valueChanged), this, &RunSetupPanel::changed);
    for (QDoubleSpinBox *b : {lr_, laterWeight_, bitL1_}) connect(b, &QDoubleSpinBox::valueChanged, this, &RunSetupPanel::changed);
    for (QLineEdit *e : {schedule_, mean_, spread_, shape_, encodeTensors_, keepFloat_})
        connect(e, &QLineEdit::textChanged, this, &RunSetupPanel::changed);
    connect(shape_, &QLineEdit::textChanged, this, &RunSetupPanel::updateEnabled);
    connect(importance_, &QCheckBox::toggled, this, &RunSetupPanel::changed);
    updateEnabled();
    showProblem(QString());
}

void RunSetupPanel::chooseFileFor(QComboBox *box, const QString &title, bool folder, const QString &filter)
{
    // "…" entries ask for a file or folder and then stand in the list under their path.
    connect(box, &QComboBox::activated, this, [this, box, title, folder, filter](int index) {
        if (box->itemData(index).toString() != "choose") return;
        const QString path = folder ? QFileDialog::getExistingDirectory(this, title)
                                    : QFileDialog::getOpenFileName(this, title, QString(), filter);
        if (path.isEmpty()) {
            box->setCurrentIndex(0);
            return;
        }
        box->insertItem(index, path, path);
        box->setCurrentIndex(index);
    });
}

void RunSetupPanel::buildChoices()
{
    model_ = choiceField("runModel", {});
    model_->addItem("lenet5", "lenet5");
    model_->addItem("mlp", "mlp");
    model_->addItem("resnet20", "resnet20");
    model_->addItem("TorchScript file\u2026", "choose");
    model_->setToolTip("A built-in model (resnet20: the residual CNN of the README), or any TorchScript model (scripted "
                       "or traced) that returns logits [N, classes]; with its own weights it is its own baseline.");
    chooseFileFor(model_, "TorchScript model", false, "TorchScript (*.pt *.pth);;All files (*)");
    baseline_ = choiceField("runBaseline", {});
    baseline_->addItem("train it here", "");
    baseline_->addItem("checkpoint file\u2026", "choose");
    baseline_->setToolTip("Train the float baseline now, or start from a checkpoint written by twill-cli train --out.");
    chooseFileFor(baseline_, "Checkpoint (twill-cli train --out)", false, "Checkpoints (*.pt *.ckpt);;All files (*)");
    weights_ = choiceField("runWeights", {});
    weights_->addItem("the model's own", "");
    weights_->addItem("state_dict file\u2026", "choose");
    weights_->setToolTip("PyTorch weights saved in Python with torch.save(model.state_dict(), path), loaded into the "
                         "model by name (a built-in model's names are in the README).");
    chooseFileFor(weights_, "PyTorch state_dict (torch.save)", false, "PyTorch weights (*.pt *.pth);;All files (*)");
    fit_ = choiceField("runInputFit", {"pad", "resize"},
                       "How the images reach the input shape: pad (centred, black) or resize (bilinear).");
    data_ = choiceField("runData", {});
    data_->addItem("Fashion-MNIST", "fashion");
    data_->addItem("synthetic (small, fast)", "synthetic");
    data_->addItem("Fashion-MNIST demo (small)", "fashion-demo");
    data_->addItem("IDX folder\u2026", "choose");
    data_->setToolTip("Fashion-MNIST (Debian's), its demo (the first 2000 training and 1000 test images: a quick run that "
                      "learns), a generated set, or a folder with the four IDX files (train/t10k images and labels, "
                      ".gz or not), 28x28 images.");
    chooseFileFor(data_, "Folder with the four IDX files", true, QString());
    mode_ = choiceField("runMode", {"inq", "post", "ste"},
                   "post: encode once. inq: freeze the encoded weights portion by portion (50, 75, 87.5, 100 %) "
                   "and retrain the rest in between. ste: train through the encoding (straight-through).");
    partition_ = choiceField("runPartition", {"magnitude", "random", "importance"},
                        "INQ: which arrays are frozen first: the largest weights, a random choice, or the most "
                        "important by squared gradients.");
    storage_ = choiceField("runStorage", {});
    storage_->addItem("as in Parameters", "parameters");
    storage_->addItem("no overlap (plain W-bit)", "none");
    storage_->setToolTip("Parameters: the pattern, bits, format and objective set there, W x W arrays (W x W x W "
                         "stacks when Layers > 1). No overlap: every cell holds one bit of one weight.");
    unit_ = choiceField("runUnit", {"array", "weight"},
                   "INQ portions by whole arrays (measured better) or by single weights, whose words are pinned.");
    quant_ = choiceField("runQuant", {"per-tensor", "per-channel"});
    importance_ = new QCheckBox("weight the encoder by importance");
    importance_->setObjectName("runImportance");
    importance_->setToolTip("Squared gradients (a diagonal Fisher estimate) as the encoder's per-weight importance.");
}

void RunSetupPanel::buildNumbers()
{
    epochs_ = spinField("runEpochs", 0, 200, 3);
    epochs_->setSpecialValueText("0 (as loaded)");
    subset_ = spinField("runSubset", 0, 60000, 0);
    subset_->setSingleStep(1000);
    subset_->setSpecialValueText("all");
    testSubset_ = spinField("runTestSubset", 0, 10000, 0);
    testSubset_->setSingleStep(1000);
    testSubset_->setSpecialValueText("all");
    epochsPerStep_ = spinField("runEpochsPerStep", 1, 50, 1);
    lr_ = new QDoubleSpinBox;
    lr_->setObjectName("runLr");
    lr_->setDecimals(4);
    lr_->setRange(0.0001, 1);
    lr_->setSingleStep(0.005);
    lr_->setValue(0.01);
    schedule_ = new QLineEdit("0.5, 0.75, 0.875, 1");
    schedule_->setObjectName("runSchedule");
    schedule_->setToolTip("INQ: the accumulated fractions frozen at each step, rising to 1.");
    laterWeight_ = new QDoubleSpinBox;
    laterWeight_->setObjectName("runLaterWeight");
    laterWeight_->setRange(0, 1);
    laterWeight_->setSingleStep(0.05);
    laterWeight_->setValue(0.25);
    laterWeight_->setToolTip("INQ by weight: how much the encoder cares about the words frozen in later steps "
                             "(0: not at all, 1: as much as the words frozen now).");
    bitL1_ = new QDoubleSpinBox;
    bitL1_->setObjectName("runBitL1");
    bitL1_->setRange(0, 1000000);
    bitL1_->setDecimals(2);
    bitL1_->setSingleStep(1);
    bitL1_->setSpecialValueText("off");
    bitL1_->setToolTip("Bit-slice L1: adds this weight x the ones per stored weight to the retraining loss, for "
                       "fewer ones on the bitlines and fewer ADC bits (at some accuracy); best with sign-magnitude "
                       "words, whose small weights have few ones.");
    steEvery_ = spinField("runSteEvery", 1, 100000, 50);
    steEvery_->setSuffix(" batches");
    placement_ = spinField("runPlacement", 0, 100000, 0);
    placement_->setSpecialValueText("off");
    placement_->setSuffix(" trials");
    placement_->setToolTip("Before encoding, try permutations of each layer's neurons (function unchanged) and keep "
                           "the one the encoder likes best; built-in models only.");
    const InputSpec input;
    mean_ = textField("runNormalizeMean", joined(input.mean), "one per channel",
                      "x = (pixel/255 - mean) / spread: one mean for all channels, or one per channel.");
    spread_ = textField("runNormalizeStd", joined(input.std), "one per channel",
                        "x = (pixel/255 - mean) / spread: one spread for all channels, or one per channel.");
    shape_ = textField("runInputShape", QString(), "as the data (C, H, W)",
                       "The input the model wants, C, H, W (e.g. 3, 32, 32); empty: the images as they are.");
    encodeTensors_ = textField("runEncodeTensors", QString(), "every conv and linear weight",
                               "Tensors encoded onto the arrays, by name with * and ? (e.g. conv*.weight, fc*).");
    keepFloat_ = textField("runKeepFloat", QString(), "none",
                           "Tensors kept in float although they match, by name with * and ? (e.g. fc3.*).");
    problem_ = noteLabel("runSetupProblem", "#b00020");
}

void RunSetupPanel::buildForm()
{
    auto *form = new QFormLayout(this);
    form->addRow("Model", model_);
    form->addRow("Baseline", baseline_);
    form->addRow("Weights", weights_);
    form->addRow("Data", data_);
    form->addRow("Input mean", mean_);
    form->addRow("Input spread", spread_);
    form->addRow("Input shape", shape_);
    form->addRow("Input fit", fit_);
    form->addRow("Baseline epochs", epochs_);
    form->addRow("Training samples", subset_);
    form->addRow("Test samples", testSubset_);
    form->addRow("Retraining", mode_);
    form->addRow("INQ partition", partition_);
    form->addRow("Epochs per step", epochsPerStep_);
    form->addRow("Retraining rate", lr_);
    form->addRow("Storage", storage_);
    form->addRow("INQ schedule", schedule_);
    form->addRow("INQ unit", unit_);
    form->addRow("Later-word weight", laterWeight_);
    form->addRow("STE re-encode every", steEvery_);
    form->addRow("Bit-slice L1", bitL1_);
    form->addRow("Quantisation", quant_);
    form->addRow("Placement search", placement_);
    form->addRow("Encoded tensors", encodeTensors_);
    form->addRow("Kept in float", keepFloat_);
    form->addRow(importance_);
    form->addRow(problem_);
}

NetworkRunSpec RunSetupPanel::spec() const
{
    NetworkRunSpec s;
    s.model = model_->currentData().toString().toStdString();
    s.checkpoint = baseline_->currentData().toString().toStdString();
    s.weights = weights_->currentData().toString().toStdString();
    QString unread; // textProblem() says it; the spec keeps its defaults for fields that do not read
    if (const std::vector<double> m = numbersOf(mean_, "Input mean", "0.5", unread); !m.empty()) s.input.mean = m;
    if (const std::vector<double> d = numbersOf(spread_, "Input spread", "0.5", unread); !d.empty()) s.input.std = d;
    const std::vector<double> shape = numbersOf(shape_, "Input shape", "3, 32, 32", unread);
    if (shape.size() == 3) {
        s.input.channels = int(shape[0]);
        s.input.rows = int(shape[1]);
        s.input.cols = int(shape[2]);
    }
    s.input.fit = fit_->currentText().toStdString();
    s.encodeTensors = globsOf(encodeTensors_);
    s.keepFloat = globsOf(keepFloat_);
    s.data = data_->currentData().toString().toStdString();
    s.epochs = epochs_->value();
    s.trainSubset = subset_->value();
    s.testSubset = testSubset_->value();
    s.mode = parseRetrainMode(mode_->currentText().toStdString());
    s.partition = parsePartition(partition_->currentText().toStdString());
    s.epochsPerStep = epochsPerStep_->value();
    s.retrainLr = lr_->value();
    QString problem;
    const std::vector<double> fractions = schedule(problem);
    // Only INQ reads the field: in the other modes a schedule that cannot run is the default.
    NetworkRunSpec check;
    check.schedule = fractions;
    bool runs = problem.isEmpty();
    try {
        if (runs) check.validate();
    } catch (const SpecError &e) {
        runs = e.key() != "schedule";
    }
    if (runs || s.mode == RetrainMode::Inq) s.schedule = fractions;
    s.unit = parseUnit(unit_->currentText().toStdString());
    s.laterWeight = laterWeight_->value();
    s.bitL1 = s.mode == RetrainMode::Post ? 0.0 : bitL1_->value();
    s.steEvery = steEvery_->value();
    s.importance = importance_->isChecked();
    s.placement = placement_->value();
    s.quant = parseGranularity(quant_->currentText().toStdString());
    if (storage_->currentData().toString() == "none") s.array = ArraySpec::plain(s.array.bits);
    return s;
}

void RunSetupPanel::setSpec(const NetworkRunSpec &s)
{
    selectData(model_, QString::fromStdString(s.model));
    selectData(baseline_, QString::fromStdString(s.checkpoint));
    selectData(weights_, QString::fromStdString(s.weights));
    mean_->setText(joined(s.input.mean));
    spread_->setText(joined(s.input.std));
    shape_->setText(s.input.reshapes() ? QString("%1, %2, %3").arg(s.input.channels).arg(s.input.rows).arg(s.input.cols)
                                       : QString());
    fit_->setCurrentText(QString::fromStdString(s.input.fit));
    encodeTensors_->setText(joined(s.encodeTensors));
    keepFloat_->setText(joined(s.keepFloat));
    selectData(data_, QString::fromStdString(s.data));
    epochs_->setValue(s.epochs);
    subset_->setValue(int(s.trainSubset));
    testSubset_->setValue(int(s.testSubset));
    mode_->setCurrentText(QString::fromStdString(retrainModeName(s.mode)));
    partition_->setCurrentText(QString::fromStdString(partitionName(s.partition)));
    epochsPerStep_->setValue(s.epochsPerStep);
    lr_->setValue(s.retrainLr);
    // The window stores a run's weights as Parameters say, or plain (no overlap).
    storage_->setCurrentIndex(std::max(0, storage_->findData(s.array.isPlain() ? "none" : "parameters")));
    QStringList fractions;
    for (double f : s.schedule) fractions << QString::number(f);
    schedule_->setText(fractions.join(", "));
    unit_->setCurrentText(QString::fromStdString(unitName(s.unit)));
    laterWeight_->setValue(s.laterWeight);
    bitL1_->setValue(s.bitL1);
    steEvery_->setValue(s.steEvery);
    importance_->setChecked(s.importance);
    placement_->setValue(s.placement);
    quant_->setCurrentText(QString::fromStdString(granularityName(s.quant)));
    Q_EMIT changed();
}

std::vector<double> RunSetupPanel::schedule(QString &problem) const
{
    std::vector<double> out;
    problem.clear();
    for (const QString &f : schedule_->text().split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = f.trimmed().toDouble(&ok);
        if (!ok) {
            problem = "INQ schedule: '" + f.trimmed() + "' is not a number; give fractions such as 0.5, 0.75, 0.875, 1";
            return out;
        }
        out.push_back(v);
    }
    return out;
}

QString RunSetupPanel::label(const std::string &key)
{
    static const std::map<std::string, QString> labels = {
        {"model", "Model"}, {"checkpoint", "Baseline"}, {"data", "Data"}, {"train_subset", "Training samples"},
        {"test_subset", "Test samples"}, {"epochs", "Baseline epochs"}, {"mode", "Retraining"},
        {"partition", "INQ partition"}, {"epochs_per_step", "Epochs per step"}, {"retrain_lr", "Retraining rate"},
        {"schedule", "INQ schedule"}, {"unit", "INQ unit"}, {"later_weight", "Later-word weight"},
        {"ste_every", "STE re-encode every"}, {"quant", "Quantisation"}, {"placement", "Placement search"},
        {"importance", "Importance"}, {"weights", "Weights"}, {"normalize_mean", "Input mean"},
        {"normalize_std", "Input spread"}, {"input_shape", "Input shape"}, {"input_fit", "Input fit"},
        {"encode_tensors", "Encoded tensors"}, {"keep_float", "Kept in float"}};
    const auto it = labels.find(key);
    // The storage's keys (the array and the encoder) are set in Parameters.
    return it != labels.end() ? it->second : "Parameters: " + ParametersPanel::label(key);
}

QString RunSetupPanel::problemOf(const NetworkRunSpec &run) const
{
    QString notNumbers;
    schedule(notNumbers);
    if (run.mode == RetrainMode::Inq && !notNumbers.isEmpty()) return notNumbers;
    if (const QString text = textProblem(); !text.isEmpty()) return text;
    try {
        run.validate();
    } catch (const SpecError &e) {
        return label(e.key()) + " " + QString::fromStdString(e.problem());
    }
    return {};
}

QString RunSetupPanel::textProblem() const
{
    QString problem;
    numbersOf(mean_, "Input mean", "0.5 or 0.485, 0.456, 0.406", problem);
    numbersOf(spread_, "Input spread", "0.5 or 0.229, 0.224, 0.225", problem);
    const std::vector<double> shape = numbersOf(shape_, "Input shape", "3, 32, 32", problem);
    if (problem.isEmpty() && !shape.empty()) {
        bool whole = shape.size() == 3;
        for (double v : shape) whole = whole && v == std::floor(v);
        if (!whole) problem = "Input shape: give three whole numbers C, H, W (e.g. 3, 32, 32), or leave it empty";
    }
    return problem;
}

void RunSetupPanel::showProblem(const QString &text)
{
    problem_->setText(text);
    problem_->setVisible(!text.isEmpty());
}

void RunSetupPanel::setRunning(bool on)
{
    running_ = on;
    updateEnabled();
}

void RunSetupPanel::updateEnabled()
{
    const bool idle = !running_;
    const QString mode = mode_->currentText();
    const bool inq = mode == "inq";
    for (QWidget *w : std::initializer_list<QWidget *>{model_, baseline_, weights_, data_, subset_, testSubset_, mode_,
                                                        storage_, importance_, placement_, quant_, mean_, spread_,
                                                        shape_, encodeTensors_, keepFloat_})
        w->setEnabled(idle);
    fit_->setEnabled(idle && !shape_->text().trimmed().isEmpty());
    epochs_->setEnabled(idle && baseline_->currentData().toString().isEmpty()); // a checkpoint needs no epochs
    for (QWidget *w : std::initializer_list<QWidget *>{partition_, schedule_, unit_}) w->setEnabled(idle && inq);
    laterWeight_->setEnabled(idle && inq && unit_->currentText() == "weight");
    steEvery_->setEnabled(idle && mode == "ste");
    epochsPerStep_->setEnabled(idle && mode != "post");
    lr_->setEnabled(idle && mode != "post");
    bitL1_->setEnabled(idle && mode != "post");
}

} // namespace twill
