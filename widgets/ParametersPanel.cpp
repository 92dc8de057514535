#include "ParametersPanel.h"

#include "FormFields.h"
#include "io/LayoutFile.h"
#include "util/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>
#include <map>

namespace twill {

namespace {

QHBoxLayout *pair(QWidget *a, QWidget *b)
{
    auto *row = new QHBoxLayout;
    row->addWidget(a);
    row->addWidget(b);
    return row;
}

} // namespace

ParametersPanel::ParametersPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName("parametersPanel");
    setMaximumWidth(340);
    build();
    connectChanges();
    explainCombination();
}

void ParametersPanel::build()
{
    pattern_ = choiceField("pattern", {});
    // Each item's data is the pattern's name; msb-lsb with pillar words is shown as what it is,
    // the Latin cube (see showPatternNames).
    for (Pattern p : {Pattern::MsbLsb, Pattern::Transpose, Pattern::Custom}) {
        const QString name = QString::fromStdString(patternName(p));
        pattern_->addItem(name, name);
    }
    pattern_->setToolTip("msb-lsb: a row's MSB shares its cell with a column's LSB (in a 3D stack the Latin cube: "
                         "row, column and pillar significances a Latin square in every layer). transpose: high bits "
                         "meet high bits. custom: the table made in the Pattern editor (Use this pattern).");
    bits_ = spinField("bits", 2, 32, 16);
    size_ = spinField("size", 2, 128, 16);
    size_->setToolTip("Rows = columns; a multiple of the weight width.");
    layers_ = spinField("layers", 1, 64, 1);
    layers_->setToolTip("1: a 2D subarray (rows and columns). More: a 3D stack read along rows, columns and pillars; "
                        "the number of layers must be a multiple of the weight width.");
    format_ = choiceField("format", {"unsigned", "twos", "signmag"});
    objective_ = choiceField("objective", {"max", "l2", "rel"});
    solver_ = choiceField("solver", {"auto", "exact", "local", "greedy"});
    seed_ = spinField("seed", 1, 1000000, 1);
    bound_ = new QDoubleSpinBox;
    bound_->setObjectName("bound");
    bound_->setRange(-1, 1e9);
    bound_->setDecimals(1);
    bound_->setValue(-1);
    bound_->setSpecialValueText("none");
    bound_->setSuffix(" LSB");
    bound_->setToolTip("A hard bound on every word's |error|: encodings that break it are infeasible, and the exact "
                       "search proves when none exists.");
    shift_ = new QCheckBox("per-word shift");
    shift_->setObjectName("shift");
    shift_->setToolTip("Every word may store its value shifted right by up to the maximum (decoded as stored << s); "
                       "costs metadata bits per word.");
    maxShift_ = spinField("maxShift", 1, 8, 3);
    maxShift_->setPrefix("up to ");
    offset_ = new QCheckBox("array offset");
    offset_->setObjectName("offset");
    offset_->setToolTip("One offset added to every decoded word of the array; costs its metadata bits once per array.");
    offsetBits_ = spinField("offsetBits", 1, 8, 4);
    offsetBits_->setSuffix(" bits");
    nodeLimit_ = spinField("nodeLimit", 1, 100000, 5);
    nodeLimit_->setSuffix(" M nodes");
    nodeLimit_->setToolTip("Branch-and-bound nodes for the exact search, in millions; more can certify more, and "
                           "Stop search keeps the best found.");
    restarts_ = spinField("restarts", -1, 100000, -1);
    restarts_->setSpecialValueText("auto (100 l2/rel, 8 max)");
    restarts_->setToolTip("Perturbations of the local search (solvers local and auto): more can lower the error, at "
                          "the cost of time.");
    timeLimit_ = new QDoubleSpinBox;
    timeLimit_->setObjectName("timeLimit");
    timeLimit_->setRange(0, 600);
    timeLimit_->setDecimals(1);
    timeLimit_->setSpecialValueText("none");
    timeLimit_->setSuffix(" s");
    timeLimit_->setToolTip("Seconds for the exact search of the array (solvers exact and auto); results then depend on speed.");
    faultRate_ = new QDoubleSpinBox;
    faultRate_->setObjectName("faultRate");
    faultRate_->setRange(0, 100);
    faultRate_->setDecimals(2);
    faultRate_->setSingleStep(0.5);
    faultRate_->setSpecialValueText("none");
    faultRate_->setSuffix(" %");
    faultRate_->setToolTip("The share of the array's cells stuck at 0 or 1 (test chips report up to ~10 %), drawn "
                           "from the fault seed as twill-cli encode --faults RATE --fault-seed S draws its first array.");
    sa1Share_ = new QDoubleSpinBox;
    sa1Share_->setObjectName("sa1Share");
    sa1Share_->setRange(0, 100);
    sa1Share_->setDecimals(1);
    sa1Share_->setValue(50);
    sa1Share_->setSuffix(" %");
    sa1Share_->setToolTip("Of the stuck cells, the share stuck at 1 (the rest are stuck at 0).");
    faultSeed_ = spinField("faultSeed", 1, 1000000, 1);
    faultSeed_->setToolTip("Seeds which cells are stuck: the same seed gives the same map.");
    faultMode_ = choiceField("faultMode", {"aware", "unaware"},
                             "aware: the encoder keeps the stuck cells as pins and encodes around them. unaware: it "
                             "encodes as if every cell were healthy, then the stuck cells overwrite (for comparison).");
    hint_ = noteLabel("hint", "#1a5fb4");
    problem_ = noteLabel("problem", "#b00020");
    encodeButton_ = new QPushButton("Encode");
    encodeButton_->setObjectName("encodeButton");
    auto *newButton = new QPushButton("New random example");
    newButton->setObjectName("newExampleButton");
    connect(encodeButton_, &QPushButton::clicked, this, &ParametersPanel::encodeRequested);
    connect(newButton, &QPushButton::clicked, this, &ParametersPanel::newExampleRequested);

    auto *form = new QFormLayout(this);
    form->addRow("Pattern", pattern_);
    form->addRow("Bits per weight", bits_);
    form->addRow("Rows = columns", size_);
    form->addRow("Layers (3D)", layers_);
    form->addRow("Number format", format_);
    form->addRow("Objective", objective_);
    form->addRow("Solver", solver_);
    form->addRow("Error bound", bound_);
    form->addRow("Shift", pair(shift_, maxShift_));
    form->addRow("Offset", pair(offset_, offsetBits_));
    form->addRow("Exact time limit", timeLimit_);
    form->addRow("Exact node limit", nodeLimit_);
    form->addRow("Local restarts", restarts_);
    form->addRow("Example seed", seed_);
    form->addRow("Stuck cells", faultRate_);
    form->addRow("Stuck at 1", sa1Share_);
    form->addRow("Fault seed", faultSeed_);
    form->addRow("Faults", faultMode_);
    form->addRow(hint_);
    form->addRow(problem_);
    form->addRow(encodeButton_);
    form->addRow(newButton);
}

void ParametersPanel::showPatternNames()
{
    // The name the run, the log and twill-cli give the pattern: msb-lsb read along pillars too
    // is the Latin cube.
    pattern_->setItemText(0, layers_->value() > 1 ? "latin (msb-lsb in 3D)" : "msb-lsb");
}

void ParametersPanel::connectChanges()
{
    // The shape, width, format and seed need new targets; the rest re-encodes the same ones.
    connect(layers_, qOverload<int>(&QSpinBox::valueChanged), this, &ParametersPanel::showPatternNames);
    for (QSpinBox *s : {bits_, size_, seed_, layers_})
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, [this]() { changed(true); });
    connect(format_, &QComboBox::currentIndexChanged, this, [this]() { changed(true); });
    for (QComboBox *c : {pattern_, objective_, solver_, faultMode_})
        connect(c, &QComboBox::currentIndexChanged, this, [this]() { changed(false); });
    for (QDoubleSpinBox *b : {bound_, timeLimit_, faultRate_, sa1Share_})
        connect(b, &QDoubleSpinBox::valueChanged, this, [this]() { changed(false); });
    for (QSpinBox *s : {maxShift_, offsetBits_, nodeLimit_, restarts_, faultSeed_})
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, [this]() { changed(false); });
    for (QCheckBox *c : {shift_, offset_}) connect(c, &QCheckBox::toggled, this, [this]() { changed(false); });
}

void ParametersPanel::changed(bool targets)
{
    explainCombination();
    if (applying_) return;
    if (targets) Q_EMIT targetsChanged();
    else Q_EMIT optionsChanged();
}

ArrayParameters ParametersPanel::parameters() const
{
    ArrayParameters p;
    ArraySpec &a = p.array;
    a.pattern = parsePattern(pattern_->currentData().toString().toStdString());
    a.bits = bits_->value();
    a.rows = a.cols = size_->value();
    a.layers = layers_->value();
    a.rotation = rotation_;
    if (a.pattern == Pattern::Custom && hasCustom_) a.customLayout = layoutJson(custom_);
    EncodeOptions &o = p.encoder;
    o.format = parseFormat(format_->currentText().toStdString());
    o.objective = parseObjective(objective_->currentText().toStdString());
    o.solver = parseSolver(solver_->currentText().toStdString());
    o.bound = bound_->value() < 0 ? -1 : bound_->value();
    o.shift = shift_->isChecked();
    o.maxShift = maxShift_->value();
    o.offset = offset_->isChecked();
    o.offsetBits = offsetBits_->value();
    o.timeLimit = timeLimit_->value();
    o.nodeLimit = int64_t(nodeLimit_->value()) * 1'000'000;
    o.restarts = restarts_->value();
    o.seed = uint64_t(seed_->value());
    o.threads = 1;
    FaultSpec &f = p.faults;
    f.rate = faultRate_->value() / 100;
    f.sa1Share = sa1Share_->value() / 100;
    f.seed = uint64_t(faultSeed_->value());
    f.unaware = faultMode_->currentText() == "unaware";
    if (f.rate == 0) f.file = faultFile_; // a rate typed in replaces the project's map
    return p;
}

void ParametersPanel::setParameters(const ArrayParameters &p)
{
    applying_ = true;
    const ArraySpec &a = p.array;
    if (a.pattern == Pattern::Custom && !a.customLayout.empty()) {
        try {
            setCustomLayout(parseLayout(a.customLayout, "the custom pattern"));
        } catch (const Error &) {
            // problem() says what is wrong with it
        }
    }
    // msb-lsb with pillar words is the Latin cube: the form calls both msb-lsb.
    const Pattern shown = a.pattern == Pattern::Latin ? Pattern::MsbLsb : a.pattern;
    pattern_->setCurrentIndex(std::max(0, pattern_->findData(QString::fromStdString(patternName(shown)))));
    bits_->setValue(a.bits);
    size_->setValue(a.rows);
    layers_->setValue(a.layers);
    rotation_ = a.rotation;
    const EncodeOptions &o = p.encoder;
    seed_->setValue(int(o.seed));
    format_->setCurrentText(QString::fromStdString(formatName(o.format)));
    objective_->setCurrentText(QString::fromStdString(objectiveName(o.objective)));
    solver_->setCurrentText(QString::fromStdString(solverName(o.solver)));
    bound_->setValue(o.bound);
    shift_->setChecked(o.shift);
    maxShift_->setValue(std::max(1, o.maxShift));
    offset_->setChecked(o.offset);
    offsetBits_->setValue(o.offsetBits);
    timeLimit_->setValue(o.timeLimit);
    nodeLimit_->setValue(int(std::clamp<int64_t>(o.nodeLimit / 1'000'000, 1, 100000)));
    restarts_->setValue(o.restarts);
    const FaultSpec &f = p.faults;
    faultRate_->setValue(100 * f.rate);
    sa1Share_->setValue(100 * f.sa1Share);
    faultSeed_->setValue(int(std::clamp<uint64_t>(f.seed, 1, 1000000)));
    faultMode_->setCurrentText(f.unaware ? "unaware" : "aware");
    faultFile_ = f.file;
    applying_ = false;
    explainCombination();
}

void ParametersPanel::setCustomLayout(const Layout &layout)
{
    custom_ = layout;
    hasCustom_ = true;
}

Geometry ParametersPanel::geometry() const
{
    return parameters().array.geometry();
}

QString ParametersPanel::label(const std::string &key)
{
    static const std::map<std::string, QString> labels = {
        {"pattern", "Pattern"}, {"bits", "Bits per weight"}, {"rows", "Rows = columns"}, {"cols", "Rows = columns"},
        {"layers", "Layers (3D)"}, {"directions", "Layers (3D)"}, {"custom_layout", "The custom pattern"},
        {"rotation", "The pattern's rotation"}, {"number_format", "Number format"}, {"objective", "Objective"},
        {"solver", "Solver"}, {"bound_lsb", "Error bound"}, {"time_limit_s", "Exact time limit"},
        {"node_limit", "Exact node limit"}, {"restarts", "Local restarts"}, {"shift", "Shift"}, {"max_shift", "Shift"},
        {"rotate", "Rotation"}, {"offset", "Offset"}, {"offset_bits", "Offset"}, {"seed", "Example seed"},
        {"threads", "Threads"}, {"rate", "Stuck cells"}, {"sa1_share", "Stuck at 1"}, {"file", "The fault map"},
        {"unaware", "Faults"}};
    const auto it = labels.find(key);
    return it != labels.end() ? it->second : QString::fromStdString(key);
}

QString ParametersPanel::problem() const
{
    const ArrayParameters p = parameters();
    // The window's own advice first: where a custom pattern comes from.
    if (p.array.pattern == Pattern::Custom && !hasCustom_)
        return "there is no custom pattern yet: make one in the Pattern editor and press Use this pattern";
    try {
        p.array.validate();
        p.encoder.validateFor(p.array.pattern);
        p.faults.validate();
    } catch (const SpecError &e) {
        return label(e.key()) + " " + QString::fromStdString(e.problem());
    }
    if (p.array.bits > 16) return "the view shows up to 16-bit weights (wider ones need the command line)";
    return {};
}

Layout ParametersPanel::layout() const
{
    return parameters().array.layout();
}

void ParametersPanel::showProblem(const QString &text)
{
    problem_->setText(text);
}

void ParametersPanel::setEncodeEnabled(bool on)
{
    encodeButton_->setEnabled(on);
}

void ParametersPanel::nextSeed()
{
    seed_->setValue(seed_->value() + 1);
}

void ParametersPanel::explainCombination()
{
    QStringList notes;
    const QString solver = solver_->currentText();
    const bool exactSearch = solver == "exact" || solver == "auto";
    maxShift_->setEnabled(shift_->isChecked());
    offsetBits_->setEnabled(offset_->isChecked());
    if (timeLimit_->value() > 0 && !exactSearch)
        notes << "The time limit is for the exact search only: solver " + solver + " ignores it (choose exact or auto).";
    if (restarts_->value() >= 0 && (solver == "exact" || solver == "greedy"))
        notes << "Local restarts are for solvers local and auto: " + solver + " does not use them.";
    if (bound_->value() >= 0 && !exactSearch)
        notes << "Solver " + solver + " can miss the bound without proving it impossible; exact and auto prove it.";
    if (shift_->isChecked()) {
        int bits = 0;
        while ((1 << bits) <= maxShift_->value()) ++bits;
        notes << QString("Shifts cost %1 metadata bit%2 per word beside its %3 bits.")
                     .arg(bits)
                     .arg(bits == 1 ? "" : "s")
                     .arg(bits_->value());
    }
    if (offset_->isChecked())
        notes << QString("The offset costs %1 bits per array and moves every word of it alike.").arg(offsetBits_->value());
    const bool faulty = faultRate_->value() > 0 || !faultFile_.empty();
    for (QWidget *w : {static_cast<QWidget *>(sa1Share_), static_cast<QWidget *>(faultSeed_)})
        w->setEnabled(faultRate_->value() > 0);
    faultMode_->setEnabled(faulty);
    if (faultRate_->value() == 0 && !faultFile_.empty())
        notes << QString("Stuck cells from the project's fault map %1; a rate replaces it.").arg(QString::fromStdString(faultFile_));
    if (faulty && faultMode_->currentText() == "unaware")
        notes << "Fault-unaware: encoded as if every cell were healthy, then the stuck cells overwrite their bits.";
    if (pattern_->currentData().toString() == "transpose")
        notes << "transpose puts row and column MSBs in the same cells: expect large errors (the naive baseline).";
    hint_->setText(notes.join("\n"));
    hint_->setVisible(!notes.isEmpty());
}

} // namespace twill
