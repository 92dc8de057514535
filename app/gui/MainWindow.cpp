#include "MainWindow.h"

#include "BitMapView.h"
#include "ErrorChartsPanel.h"
#include "NetworkRunDock.h"
#include "PatternEditor.h"
#include "SweepDock.h"
#include "io/LayoutFile.h"
#include "encode/RandomTargets.h"
#include "encode/Encoder.h"
#include "io/EncodeExport.h"
#include "io/Npy.h"
#include "io/ProjectFile.h"
#include "util/Error.h"

#include <QAction>
#include <QCloseEvent>
#include <QStyle>
#include <QBuffer>
#include <QSvgGenerator>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDockWidget>
#include <QFormLayout>
#include <QLabel>
#include <QFileDialog>
#include <QFileInfo>
#include <QPainter>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QChart>
#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QStatusBar>
#include <QTime>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <chrono>
#include <cmath>

namespace twill {

namespace {

class FlipCommand : public QUndoCommand {
public:
    FlipCommand(MainWindow *w, int cell) : w_(w), cell_(cell) { setText(QString("flip cell %1").arg(cell)); }
    void redo() override { w_->applyFlip(cell_); }
    void undo() override { w_->applyFlip(cell_); }

private:
    MainWindow *w_;
    int cell_;
};

class PinCommand : public QUndoCommand {
public:
    PinCommand(MainWindow *w, int cell, int before, int after) : w_(w), cell_(cell), before_(before), after_(after)
    {
        setText(after >= 0 ? QString("pin cell %1").arg(cell) : QString("unpin cell %1").arg(cell));
    }
    void redo() override { w_->applyPin(cell_, after_); }
    void undo() override { w_->applyPin(cell_, before_); }

private:
    MainWindow *w_;
    int cell_, before_, after_;
};

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName("mainWindow");
    setWindowTitle("Twill \u2014 overlapped weights in transposable arrays");
    undo_ = new QUndoStack(this);
    view_ = new BitMapView;
    auto *scroll = new QScrollArea;
    scroll->setObjectName("subarrayScroll");
    scroll->setWidget(view_);
    scroll->setWidgetResizable(false);
    layerShown_ = new QSpinBox;
    layerShown_->setObjectName("layerShown");
    layerShown_->setPrefix("layer ");
    layerShown_->setRange(0, 0);
    layerShown_->setToolTip("3D stacks: the layer shown (green in the colours marks pillar significance)");
    connect(layerShown_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int l) { view_->setLayer(l); });
    allLayers_ = new QCheckBox("all layers side by side");
    allLayers_->setObjectName("allLayers");
    allLayers_->setToolTip("3D stacks: every layer at once; hover a cell to ring its pillar word in every layer "
                           "(middle click keeps it)");
    connect(allLayers_, &QCheckBox::toggled, this, [this](bool on) {
        view_->setAllLayers(on);
        layerShown_->setEnabled(!on);
        view_->adjustSize();
    });
    auto *subarrayPanel = new QWidget;
    auto *subarrayLayout = new QVBoxLayout(subarrayPanel);
    subarrayLayout->setContentsMargins(0, 0, 0, 0);
    auto *layerRow = new QHBoxLayout;
    layerRow->addWidget(layerShown_);
    layerRow->addWidget(allLayers_);
    layerRow->addStretch(1);
    subarrayLayout->addLayout(layerRow);
    subarrayLayout->addWidget(scroll);
    auto *subarrayDock = new QDockWidget("Subarray", this);
    subarrayDock->setObjectName("subarrayDock");
    subarrayDock->setWidget(subarrayPanel);
    setCentralWidget(new QWidget);
    centralWidget()->hide();
    addDockWidget(Qt::RightDockWidgetArea, subarrayDock);
    buildParameters();
    charts_ = new ErrorChartsPanel;
    auto *chartsDock = new QDockWidget("Charts", this);
    chartsDock->setObjectName("chartsDock");
    chartsDock->setWidget(charts_);
    splitDockWidget(subarrayDock, chartsDock, Qt::Horizontal);
    // The pattern editor shares the right column with the charts.
    Geometry start;
    start.bits = start.rows = start.cols = 16;
    patternEditor_ = new PatternEditor(start);
    auto *patternDock = new QDockWidget("Pattern editor", this);
    patternDock->setObjectName("patternDock");
    patternDock->setWidget(patternEditor_);
    tabifyDockWidget(chartsDock, patternDock);
    chartsDock->raise();
    connect(patternEditor_, &PatternEditor::layoutAccepted, this, &MainWindow::useCustomLayout);
    runDock_ = new NetworkRunDock([this](NetworkRunSpec &c) {
        // A run stores its weights on W x W arrays (W x W x W stacks with Layers > 1) of the
        // pattern of Parameters, or on the custom pattern itself, with the encoder of Parameters.
        const ArraySpec shown = arraySpec();
        c.array = shown.pattern == Pattern::Custom ? shown : ArraySpec::square(shown.pattern, shown.bits, shown.layers > 1);
        c.encoder = encoderOptions();
        c.seed = quint64(seed_->value());
    }, this);
    addDockWidget(Qt::LeftDockWidgetArea, runDock_);
    connect(runDock_, &NetworkRunDock::exported, this, &MainWindow::log);
    connect(runDock_, &NetworkRunDock::runEnded, this, [this](const QString &how) { log("network run " + how + ": " + runDock_->status()); });
    log_ = new QPlainTextEdit;
    log_->setObjectName("log");
    log_->setReadOnly(true);
    auto *logDock = new QDockWidget("Log", this);
    logDock->setObjectName("logDock");
    logDock->setWidget(log_);
    addDockWidget(Qt::LeftDockWidgetArea, logDock);
    tabifyDockWidget(runDock_, logDock);
    sweepDock_ = new SweepDock([this](SweepSpec &spec) {
        // The sweep encodes with the encoder options of Parameters.
        spec.options = encoderOptions();
    }, this);
    addDockWidget(Qt::LeftDockWidgetArea, sweepDock_);
    tabifyDockWidget(runDock_, sweepDock_);
    connect(sweepDock_, &SweepDock::sweepEnded, this, [this](const QString &how) {
        log(QString("sweep %1: %2 points").arg(how).arg(sweepDock_->points().size()));
    });
    runDock_->raise();
    summary_ = new QLabel;
    summary_->setObjectName("summary");
    statusBar()->addPermanentWidget(summary_);
    // Long work shows in the status bar wherever the user looks: progress, ETA, Cancel. Each
    // kind of job (network run, sweep) has its own group, shown while it runs.
    auto jobStatus = [this](auto *dock, const QString &text, const QString &bar, const QString &cancel) {
        auto *label = new QLabel;
        label->setObjectName(text);
        auto *progress = new QProgressBar;
        progress->setObjectName(bar);
        progress->setRange(0, 1000);
        progress->setMaximumWidth(160);
        auto *button = new QPushButton("Cancel");
        button->setObjectName(cancel);
        for (QWidget *wdg : {static_cast<QWidget *>(label), static_cast<QWidget *>(progress), static_cast<QWidget *>(button)}) {
            statusBar()->addWidget(wdg);
            wdg->hide();
        }
        using Dock = std::remove_pointer_t<decltype(dock)>;
        connect(button, &QPushButton::clicked, dock, &Dock::cancel);
        connect(dock, &Dock::runningChanged, this, [label, progress, button](bool on) {
            for (QWidget *wdg : {static_cast<QWidget *>(label), static_cast<QWidget *>(progress), static_cast<QWidget *>(button)})
                wdg->setVisible(on);
            progress->setValue(0);
        });
        connect(dock, &Dock::progressChanged, this, [label, progress](int permille, const QString &t) {
            progress->setValue(permille);
            label->setText(t.size() > 90 ? t.left(88) + "\u2026" : t);
        });
    };
    jobStatus(runDock_, "statusRunText", "statusProgress", "statusCancel");
    jobStatus(sweepDock_, "sweepStatusText", "sweepStatusProgress", "sweepStatusCancel");
    // Encoding searches that take long show the same way, with their own Cancel.
    encodeStatus_ = new QLabel;
    encodeStatus_->setObjectName("encodeStatus");
    encodeProgress_ = new QProgressBar;
    encodeProgress_->setObjectName("encodeProgress");
    encodeProgress_->setMaximumWidth(120);
    encodeCancel_ = new QPushButton("Stop search");
    encodeCancel_->setObjectName("encodeCancel");
    encodeCancel_->setToolTip("Stop the encoder now and show the best encoding it has found");
    for (QWidget *wdg : {static_cast<QWidget *>(encodeStatus_), static_cast<QWidget *>(encodeProgress_),
                         static_cast<QWidget *>(encodeCancel_)}) {
        statusBar()->addWidget(wdg);
        wdg->hide();
    }
    connect(encodeCancel_, &QPushButton::clicked, this, &MainWindow::cancelEncoding);
    encodeTicker_.setInterval(200);
    connect(&encodeTicker_, &QTimer::timeout, this, [this]() {
        if (!outstanding_ || encodeClock_.elapsed() < 300) return; // short searches stay quiet
        const double secs = encodeClock_.elapsed() / 1000.0, limit = options_.timeLimit;
        if (limit > 0) {
            encodeProgress_->setRange(0, 1000);
            encodeProgress_->setValue(int(std::min(1.0, secs / limit) * 1000));
            encodeStatus_->setText(QString("searching: %1 s, at most %2 s left").arg(secs, 0, 'f', 1).arg(std::max(0.0, limit - secs), 0, 'f', 1));
        } else {
            encodeProgress_->setRange(0, 0); // no estimate without a time limit: busy
            encodeStatus_->setText(QString("searching: %1 s (up to %2 M nodes)").arg(secs, 0, 'f', 1).arg(nodeLimit_->value()));
        }
        for (QWidget *wdg : {static_cast<QWidget *>(encodeStatus_), static_cast<QWidget *>(encodeProgress_),
                             static_cast<QWidget *>(encodeCancel_)})
            wdg->show();
    });
    buildMenus();

    watcher_ = new QFutureWatcher<EncodeJobResult>(this);
    connect(watcher_, &QFutureWatcher<EncodeJobResult>::finished, this, [this]() {
        const EncodeJobResult r = watcher_->result();
        outstanding_ = false;
        encodeTicker_.stop();
        for (QWidget *wdg : {static_cast<QWidget *>(encodeStatus_), static_cast<QWidget *>(encodeProgress_),
                             static_cast<QWidget *>(encodeCancel_)})
            wdg->hide();
        const bool stoppedByUser = r.stopped && userCancelled_;
        userCancelled_ = false;
        encodeButton_->setEnabled(true);
        if (r.generation != generation_ || pending_ || lecture_) {
            // The parameters or the example changed meanwhile, or a lecture began: stale.
            pending_ = false;
            encode();
            return;
        }
        if (!r.error.empty()) {
            log("encoding failed: " + QString::fromStdString(r.error));
            statusBar()->showMessage("encoding failed: " + QString::fromStdString(r.error));
            return;
        }
        array_ = r.array;
        undo_->clear();
        showArray();
        if (!r.feasible) {
            // The bound cannot be met: say so in words, keep the best encoding found on show.
            problem_->setText(
                QString("No encoding meets |error| <= %1 LSB%2; shown is the best found (max |e| %3 LSB). Raise the "
                        "bound, unpin cells, or allow shifts.")
                    .arg(options_.bound)
                    .arg(r.infeasibleCertified ? " for these targets and pins (proven by the exact search)"
                                               : " within the search (not proven impossible: try the exact solver)")
                    .arg(array_.maxAbsError()));
        }
        log(QString("encoded %1 %2x%3, %4-bit %5, %6/%7: max |e| %8 LSB (%9 % FS), rms %10 LSB%11, %12 ms")
                .arg(QString::fromStdString(array_.layout().patternName()))
                .arg(array_.layout().geometry().rows)
                .arg(array_.layout().geometry().cols)
                .arg(array_.layout().bits())
                .arg(QString::fromStdString(formatName(array_.format())))
                .arg(QString::fromStdString(objectiveName(options_.objective)))
                .arg(QString::fromStdString(solverName(options_.solver)))
                .arg(array_.maxAbsError())
                .arg(100.0 * array_.maxAbsError() / array_.fullScale(), 0, 'f', 4)
                .arg(array_.rmsError(), 0, 'f', 2)
                .arg(r.certified ? ", certified optimal" : "")
                .arg(r.seconds * 1000.0, 0, 'f', 1));
        if (stoppedByUser) {
            pending_ = false;
            log(QString("search stopped after %1 s: the best encoding found so far is shown (not certified)")
                    .arg(r.seconds, 0, 'f', 2));
            statusBar()->showMessage("search stopped: best encoding so far", 6000);
        }
        Q_EMIT encoded();
    });
    connect(view_, &BitMapView::flipRequested, this, [this](int cell) { undo_->push(new FlipCommand(this, cell)); });
    connect(view_, &BitMapView::pinRequested, this, [this](int cell) {
        const int before = array_.pins()[cell];
        undo_->push(new PinCommand(this, cell, before, before >= 0 ? -1 : array_.bits()[cell]));
    });
    resize(1600, 900);
    if (!qApp->property("twill.screenshot").toBool() && QSettings().value("window/dark", false).toBool())
        setDarkTheme(true);
    newExample();
}

MainWindow::~MainWindow()
{
    // No worker outlives the window.
    watcher_->waitForFinished();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // The dock layout and theme come back next time.
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    s.setValue("window/dark", dark_);
    QMainWindow::closeEvent(event);
}

void MainWindow::setDarkTheme(bool dark)
{
    dark_ = dark;
    QPalette p = QApplication::style()->standardPalette();
    if (dark) {
        p.setColor(QPalette::Window, QColor(45, 45, 48));
        p.setColor(QPalette::WindowText, QColor(230, 230, 230));
        p.setColor(QPalette::Base, QColor(30, 30, 32));
        p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
        p.setColor(QPalette::Text, QColor(230, 230, 230));
        p.setColor(QPalette::Button, QColor(55, 55, 58));
        p.setColor(QPalette::ButtonText, QColor(230, 230, 230));
        p.setColor(QPalette::Highlight, QColor(70, 110, 200));
        p.setColor(QPalette::HighlightedText, Qt::white);
    }
    QApplication::setPalette(p);
    if (auto *a = findChild<QAction *>("darkThemeAction")) a->setChecked(dark);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (sized_) return;
    sized_ = true;
    QSettings s;
    // Screenshots are for documentation: always the default layout and theme.
    const bool screenshot = qApp->property("twill.screenshot").toBool();
    if (!screenshot && s.contains("window/state")) {
        restoreGeometry(s.value("window/geometry").toByteArray());
        restoreState(s.value("window/state").toByteArray());
        return;
    }
    // First show: the subarray gets the room; parameters and log share a column on the left.
    resizeDocks({findChild<QDockWidget *>("parametersDock")}, {330}, Qt::Horizontal);
    resizeDocks({findChild<QDockWidget *>("parametersDock")}, {520}, Qt::Vertical);
    resizeDocks({findChild<QDockWidget *>("subarrayDock"), findChild<QDockWidget *>("chartsDock")}, {810, 440}, Qt::Horizontal);
}

void MainWindow::cancelEncoding()
{
    if (!outstanding_ || !encodeControl_) return;
    userCancelled_ = true;
    encodeControl_->cancel();
}

bool MainWindow::busy() const
{
    // Until the finished handler has shown the result, not only while the worker runs.
    return outstanding_;
}

void MainWindow::buildParameters()
{
    auto *panel = new QWidget;
    panel->setObjectName("parametersPanel");
    panel->setMaximumWidth(340);
    auto *form = new QFormLayout(panel);
    pattern_ = new QComboBox;
    pattern_->setObjectName("pattern");
    for (Pattern p : {Pattern::MsbLsb, Pattern::Transpose, Pattern::Custom})
        pattern_->addItem(QString::fromStdString(patternName(p)));
    pattern_->setToolTip("msb-lsb: a row's MSB shares its cell with a column's LSB. transpose: high bits meet high bits. "
                         "custom: the table made in the Pattern editor (Use this pattern).");
    bits_ = new QSpinBox;
    bits_->setObjectName("bits");
    bits_->setRange(2, 32);
    bits_->setValue(16);
    size_ = new QSpinBox;
    size_->setObjectName("size");
    size_->setRange(2, 128);
    size_->setValue(16);
    size_->setToolTip("Rows = columns; a multiple of the weight width.");
    layers_ = new QSpinBox;
    layers_->setObjectName("layers");
    layers_->setRange(1, 64);
    layers_->setValue(1);
    layers_->setToolTip("1: a 2D subarray (rows and columns). More: a 3D stack read along rows, columns and pillars; "
                        "the number of layers must be a multiple of the weight width.");
    format_ = new QComboBox;
    format_->setObjectName("format");
    format_->addItems({"unsigned", "twos", "signmag"});
    objective_ = new QComboBox;
    objective_->setObjectName("objective");
    objective_->addItems({"max", "l2", "rel"});
    solver_ = new QComboBox;
    solver_->setObjectName("solver");
    solver_->addItems({"auto", "exact", "local", "greedy"});
    seed_ = new QSpinBox;
    seed_->setObjectName("seed");
    seed_->setRange(1, 1000000);
    seed_->setValue(1);
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
    maxShift_ = new QSpinBox;
    maxShift_->setObjectName("maxShift");
    maxShift_->setRange(1, 8);
    maxShift_->setValue(3);
    maxShift_->setPrefix("up to ");
    offset_ = new QCheckBox("array offset");
    offset_->setObjectName("offset");
    offset_->setToolTip("One offset added to every decoded word of the array; costs its metadata bits once per array.");
    offsetBits_ = new QSpinBox;
    offsetBits_->setObjectName("offsetBits");
    offsetBits_->setRange(1, 8);
    offsetBits_->setValue(4);
    offsetBits_->setSuffix(" bits");
    nodeLimit_ = new QSpinBox;
    nodeLimit_->setObjectName("nodeLimit");
    nodeLimit_->setRange(1, 100000);
    nodeLimit_->setValue(5);
    nodeLimit_->setSuffix(" M nodes");
    nodeLimit_->setToolTip("Branch-and-bound nodes for the exact search, in millions; more can certify more, and "
                           "Stop search keeps the best found.");
    restarts_ = new QSpinBox;
    restarts_->setObjectName("restarts");
    restarts_->setRange(-1, 100000);
    restarts_->setValue(-1);
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
    hint_ = new QLabel;
    hint_->setObjectName("hint");
    hint_->setWordWrap(true);
    hint_->setStyleSheet("color: #1a5fb4");
    problem_ = new QLabel;
    problem_->setObjectName("problem");
    problem_->setWordWrap(true);
    problem_->setStyleSheet("color: #b00020");
    encodeButton_ = new QPushButton("Encode");
    encodeButton_->setObjectName("encodeButton");
    auto *newButton = new QPushButton("New random example");
    newButton->setObjectName("newExampleButton");
    form->addRow("Pattern", pattern_);
    form->addRow("Bits per weight", bits_);
    form->addRow("Rows = columns", size_);
    form->addRow("Layers (3D)", layers_);
    form->addRow("Number format", format_);
    form->addRow("Objective", objective_);
    form->addRow("Solver", solver_);
    form->addRow("Error bound", bound_);
    auto *shiftRow = new QHBoxLayout;
    shiftRow->addWidget(shift_);
    shiftRow->addWidget(maxShift_);
    form->addRow("Shift", shiftRow);
    auto *offsetRow = new QHBoxLayout;
    offsetRow->addWidget(offset_);
    offsetRow->addWidget(offsetBits_);
    form->addRow("Offset", offsetRow);
    form->addRow("Exact time limit", timeLimit_);
    form->addRow("Exact node limit", nodeLimit_);
    form->addRow("Local restarts", restarts_);
    form->addRow("Example seed", seed_);
    form->addRow(hint_);
    form->addRow(problem_);
    form->addRow(encodeButton_);
    form->addRow(newButton);
    auto *dock = new QDockWidget("Parameters", this);
    dock->setObjectName("parametersDock");
    // The form scrolls rather than making the window taller than a laptop screen.
    auto *scroll = new QScrollArea;
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    dock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(encodeButton_, &QPushButton::clicked, this, &MainWindow::encode);
    connect(newButton, &QPushButton::clicked, this, &MainWindow::newExample);
    // Changing the shape, width or format needs new targets; the rest re-encodes the same ones.
    for (QSpinBox *s : {bits_, size_, seed_, layers_})
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &MainWindow::newExample);
    connect(format_, &QComboBox::currentIndexChanged, this, &MainWindow::newExample);
    // Choosing custom before any table was accepted takes the editor's table when it fits.
    connect(pattern_, &QComboBox::currentIndexChanged, this, [this]() {
        if (pattern_->currentText() != "custom" || hasCustom_ || !patternEditor_ || !patternEditor_->valid()) return;
        const Geometry &e = patternEditor_->arrayGeometry();
        if (e.bits == bits_->value() && e.rows == size_->value() && e.layers == layers_->value()) {
            custom_ = patternEditor_->layout();
            hasCustom_ = true;
        }
    });
    for (QComboBox *c : {pattern_, objective_, solver_}) connect(c, &QComboBox::currentIndexChanged, this, &MainWindow::encode);
    for (QDoubleSpinBox *b : {bound_, timeLimit_}) connect(b, &QDoubleSpinBox::valueChanged, this, &MainWindow::encode);
    for (QSpinBox *b : {maxShift_, offsetBits_, nodeLimit_, restarts_})
        connect(b, qOverload<int>(&QSpinBox::valueChanged), this, &MainWindow::encode);
    connect(restarts_, qOverload<int>(&QSpinBox::valueChanged), this, &MainWindow::explainCombination);
    for (QCheckBox *c : {shift_, offset_}) connect(c, &QCheckBox::toggled, this, &MainWindow::encode);
    for (QComboBox *c : {pattern_, objective_, solver_, format_})
        connect(c, &QComboBox::currentIndexChanged, this, &MainWindow::explainCombination);
    for (QDoubleSpinBox *b : {bound_, timeLimit_}) connect(b, &QDoubleSpinBox::valueChanged, this, &MainWindow::explainCombination);
    for (QCheckBox *c : {shift_, offset_}) connect(c, &QCheckBox::toggled, this, &MainWindow::explainCombination);
    explainCombination();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu("&File");
    QAction *open = file->addAction("&Open project…", this, [this]() {
        const QString path = QFileDialog::getOpenFileName(this, "Open project", QString(), "Twill projects (*.twill.json *.json)");
        if (path.isEmpty()) return;
        const QString problem = openProject(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Open project", problem);
    });
    open->setShortcut(QKeySequence::Open);
    auto saveTo = [this](QString path) {
        if (path.isEmpty())
            path = QFileDialog::getSaveFileName(this, "Save project", "project.twill.json", "Twill projects (*.twill.json *.json)");
        if (path.isEmpty()) return;
        const QString problem = saveProject(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Save project", problem);
    };
    QAction *save = file->addAction("&Save project", this, [this, saveTo]() { saveTo(projectPath_); });
    save->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction("Save project &as…", this, [saveTo]() { saveTo(QString()); });
    saveAs->setShortcut(QKeySequence::SaveAs);
    auto exportTo = [this](const QString &title, const QString &name, auto fn) {
        const QString path = QFileDialog::getSaveFileName(this, title, name, "PNG (*.png);;SVG (*.svg);;CSV (*.csv)");
        if (path.isEmpty()) return;
        const QString problem = (this->*fn)(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, title, problem);
    };
    file->addSeparator();
    file->addAction("Export &bit map…", this, [exportTo]() { exportTo("Export bit map", "bitmap.png", &MainWindow::exportBitMap); });
    file->addAction("Export &charts…", this, [exportTo]() { exportTo("Export charts", "charts.png", &MainWindow::exportCharts); });
    QAction *oneChart = file->addAction("Export one c&hart (PNG size and DPI, SVG, PDF, CSV)…", this, &MainWindow::chooseChartExport);
    oneChart->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    file->addAction("Export encoded &array (.npz, .json)…", this, [this]() {
        const QString path = QFileDialog::getSaveFileName(this, "Export encoded array", "array.npz",
                                                          "NumPy archive (*.npz);;JSON report (*.json)");
        if (path.isEmpty()) return;
        const QString problem = exportArray(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Export encoded array", problem);
    });
    file->addMenu(runDock_->exportMenu());
    file->addSeparator();
    recentMenu_ = file->addMenu("&Recent projects");
    refreshRecentMenu();
    file->addSeparator();
    QAction *quit = file->addAction("&Quit", this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *edit = menuBar()->addMenu("&Edit");
    QAction *undo = undo_->createUndoAction(this, "&Undo");
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = undo_->createRedoAction(this, "&Redo");
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    QMenu *arrayMenu = menuBar()->addMenu("&Array");
    QAction *enc = arrayMenu->addAction("&Encode", this, &MainWindow::encode);
    enc->setShortcut(Qt::Key_F5);
    QAction *fresh = arrayMenu->addAction("&New random example", this, &MainWindow::newExample);
    fresh->setShortcut(Qt::Key_N | Qt::CTRL);
    QMenu *viewMenu = menuBar()->addMenu("&View");
    QAction *zoomIn = viewMenu->addAction("Zoom &in", this, [this]() { view_->setCellSize(view_->cellSize() + 4); });
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction *zoomOut = viewMenu->addAction("Zoom &out", this, [this]() { view_->setCellSize(view_->cellSize() - 4); });
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    viewMenu->addSeparator();
    QAction *dark = viewMenu->addAction("&Dark theme", this, [this](bool on) { setDarkTheme(on); });
    dark->setObjectName("darkThemeAction");
    dark->setCheckable(true);
    lectureAction_ = viewMenu->addAction("&Lecture mode", this, [this](bool on) { setLectureMode(on); });
    lectureAction_->setCheckable(true);
    lectureAction_->setShortcut(Qt::Key_F11);
    // Docks hidden by the user come back from the View menu.
    viewMenu->addSeparator();
    for (QDockWidget *d : findChildren<QDockWidget *>()) viewMenu->addAction(d->toggleViewAction());
    // The toolbar: the actions used most, with the style's standard icons.
    QToolBar *bar = addToolBar("Main");
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    open->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    save->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    enc->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    fresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    for (QAction *a : {open, save}) bar->addAction(a);
    bar->addSeparator();
    for (QAction *a : {undo, redo}) bar->addAction(a);
    bar->addSeparator();
    for (QAction *a : {enc, fresh}) bar->addAction(a);
    bar->addSeparator();
    for (QAction *a : {zoomIn, zoomOut, lectureAction_}) bar->addAction(a);
    // Keys that only act during a lecture.
    auto key = [this](QKeySequence seq, std::function<void()> fn) {
        auto *s = new QShortcut(seq, this);
        s->setEnabled(false);
        connect(s, &QShortcut::activated, this, fn);
        lectureKeys_ << s;
    };
    key(Qt::Key_Space, [this]() { lectureStep(); });
    key(Qt::Key_N, [this]() { seed_->setValue(seed_->value() + 1); });
    key(Qt::Key_Escape, [this]() { setLectureMode(false); });
}

bool MainWindow::readParameters(Geometry &g, QString &problem) const
{
    g.bits = bits_->value();
    g.rows = g.cols = size_->value();
    g.layers = layers_->value();
    g.directions = {Direction::Row, Direction::Column};
    if (g.layers > 1) g.directions.push_back(Direction::Pillar);
    try {
        g.validate();
    } catch (const Error &e) {
        problem = QString::fromStdString(e.what());
        return false;
    }
    if (g.bits > 16) {
        problem = "the view shows up to 16-bit weights (wider ones need the command line)";
        return false;
    }
    if (pattern_->currentText() == "custom") {
        const Geometry &c = custom_.geometry();
        if (!hasCustom_) {
            problem = "there is no custom pattern yet: make one in the Pattern editor and press Use this pattern";
            return false;
        }
        if (c.rows != g.rows || c.cols != g.cols || c.layers != g.layers || c.bits != g.bits) {
            problem = QString("the custom pattern is for %1x%2%3 arrays of %4-bit words: set those here, or make one "
                              "for this shape in the Pattern editor")
                          .arg(c.rows)
                          .arg(c.cols)
                          .arg(c.layers > 1 ? QString("x%1").arg(c.layers) : QString())
                          .arg(c.bits);
            return false;
        }
    }
    return true;
}

QString MainWindow::saveProject(const QString &path)
{
    Project p;
    if (pattern_->currentText() == "custom" && !hasCustom_)
        return "there is no custom pattern to save: choose another pattern or make one";
    p.array = arraySpec();
    p.encoder = encoderOptions();
    p.encoder.seed = uint64_t(seed_->value());
    p.shifts = array_.shifts();
    p.offsetValue = array_.offset();
    p.targets = array_.targets();
    p.network = runDock_->spec();
    p.cellBits = array_.bits();
    p.pins = array_.pins();
    try {
        twill::saveProject(p, path.toStdString());
    } catch (const Error &e) {
        log(QString::fromStdString(e.what()));
        return QString::fromStdString(e.what());
    }
    projectPath_ = path;
    rememberRecent(path);
    log("saved " + path);
    return {};
}

QString MainWindow::openProject(const QString &path)
{
    Project p;
    EditableArray next;
    try {
        p = loadProject(path.toStdString());
        const ArraySpec &a = p.array;
        if (a.rows != a.cols || a.bits > 16 || a.rows > 128 || a.layers > 64 || a.directions.size() > 0)
            throw Error(path.toStdString() + ": the window shows square arrays up to 128x128x64 of up to 16-bit words with "
                        "row and column words (and pillar words in 3D); open this one with twill-cli");
        const NumberFormat f = p.encoder.format;
        const Layout layout = a.layout();
        std::vector<int64_t> targets =
            p.targets.empty() ? randomTargets(1, layout.wordCount(), f, a.bits, p.encoder.seed) : p.targets;
        next = EditableArray(layout, f, targets);
        for (size_t c = 0; c < p.pins.size(); ++c)
            if (p.pins[c] >= 0) next.setPin(int(c), p.pins[c]);
        if (!p.shifts.empty()) next.setShifts(p.shifts, p.offsetValue);
        if (!p.cellBits.empty()) next.setBits(p.cellBits, true);
    } catch (const Error &e) {
        log(QString::fromStdString(e.what()));
        return QString::fromStdString(e.what()) + "\nThe project shown before is unchanged.";
    }
    // Apply without triggering re-encodes, then show exactly the saved bits.
    loading_ = true;
    if (p.array.pattern == Pattern::Custom) {
        custom_ = next.layout();
        hasCustom_ = true;
        patternEditor_->setLayout(custom_);
    }
    pattern_->setCurrentText(QString::fromStdString(patternName(p.array.pattern)));
    bits_->setValue(p.array.bits);
    size_->setValue(p.array.rows);
    layers_->setValue(p.array.layers);
    seed_->setValue(int(p.encoder.seed));
    setEncoderOptions(p.encoder);
    loading_ = false;
    explainCombination();
    if (!runDock_->running()) runDock_->setSpec(p.network);
    problem_->clear();
    encodeButton_->setEnabled(true);
    array_ = next;
    if (p.cellBits.empty()) {
        encode();
    } else {
        undo_->clear();
        showArray();
        Q_EMIT encoded();
    }
    projectPath_ = path;
    rememberRecent(path);
    log("opened " + path + " (written by Twill " + QString::fromStdString(p.twillVersion) + ")");
    return {};
}

namespace {

// Renders a widget to PNG or SVG bytes.
QString renderWidget(QWidget *w, const QString &path, std::string &bytes)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (suffix == "png") {
        if (!w->grab().toImage().save(&buffer, "PNG")) return "could not render the PNG";
    } else if (suffix == "svg") {
        QSvgGenerator gen;
        gen.setOutputDevice(&buffer);
        gen.setSize(w->size());
        gen.setViewBox(QRect(QPoint(0, 0), w->size()));
        gen.setTitle("Twill");
        QPainter painter(&gen);
        w->render(&painter);
    } else {
        return path + ": use a .png or .svg file name";
    }
    bytes = buffer.data().toStdString();
    return {};
}

// Writes bytes atomically unless an earlier step failed; returns the problem, if any.
QString writeExport(const QString &path, const std::string &bytes, QString problem)
{
    if (!problem.isEmpty()) return problem;
    try {
        writeFileAtomic(path.toStdString(), bytes);
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

QString MainWindow::exportBitMap(const QString &path)
{
    std::string bytes;
    const QString rendered = renderWidget(view_, path, bytes);
    const QString problem = writeExport(path, bytes, rendered);
    log(problem.isEmpty() ? "exported the bit map to " + path : problem);
    return problem;
}

QString MainWindow::exportCharts(const QString &path)
{
    charts_->refreshNow();
    std::string bytes;
    QString problem;
    if (QFileInfo(path).suffix().toLower() == "csv") {
        // The plotted data: one row per histogram bin, then one per significance.
        std::string csv = "chart,x_low,x_high,value\n";
        const auto &edges = charts_->histogramEdges();
        const auto &counts = charts_->histogramCounts();
        for (size_t b = 0; b < counts.size(); ++b)
            csv += "error_histogram," + std::to_string(edges[b]) + "," + std::to_string(edges[b + 1]) + ","
                   + std::to_string(int64_t(counts[b])) + "\n";
        const auto &m = charts_->mismatchBySignificance();
        for (size_t s = 0; s < m.size(); ++s)
            csv += "bit_mismatch," + std::to_string(s) + "," + std::to_string(s) + "," + std::to_string(m[s]) + "\n";
        bytes = csv;
    } else {
        problem = renderWidget(charts_, path, bytes);
    }
    problem = writeExport(path, bytes, problem);
    log(problem.isEmpty() ? "exported the charts to " + path : problem);
    return problem;
}

QStringList MainWindow::chartNames() const
{
    return QStringList{"histogram", "significance"} + NetworkRunDock::chartNames() + QStringList{"sweep"};
}

QChart *MainWindow::chartByName(const QString &name) const
{
    if (name == "histogram") return charts_->histogramChart();
    if (name == "significance") return charts_->significanceChart();
    if (name == "sweep") return sweepDock_->chart();
    return runDock_->chart(name);
}

QString MainWindow::exportChart(const QString &name, const QString &path, const ChartImageOptions &options)
{
    charts_->refreshNow();
    QChart *chart = chartByName(name);
    QString problem;
    if (!chart) problem = "there is no chart '" + name + "'; use one of " + chartNames().join(", ");
    QByteArray bytes;
    if (problem.isEmpty()) bytes = renderChart(chart, path, options, problem);
    problem = writeExport(path, bytes.toStdString(), problem);
    log(problem.isEmpty() ? "exported the " + name + " chart to " + path : problem);
    return problem;
}

void MainWindow::chooseChartExport()
{
    // Which chart and how big: the figure's size in pixels and its DPI (fonts scale with it).
    QDialog dialog(this);
    dialog.setWindowTitle("Export one chart");
    auto *form = new QFormLayout(&dialog);
    auto *which = new QComboBox;
    const QStringList titles = {"Word-error histogram", "Bit mismatch by significance", "Accuracy by step",
                                "Loss by step", "Per-layer weight error", "Weight errors of one tensor", "Compare runs",
                                "Sweep: error by bit width"};
    const QStringList names = chartNames();
    for (int i = 0; i < names.size(); ++i) which->addItem(i < titles.size() ? titles[i] : names[i], names[i]);
    auto *width = new QSpinBox, *height = new QSpinBox, *dpi = new QSpinBox;
    width->setRange(100, 20000);
    height->setRange(100, 20000);
    dpi->setRange(50, 1200);
    const ChartImageOptions defaults;
    width->setValue(defaults.pixels.width());
    height->setValue(defaults.pixels.height());
    dpi->setValue(defaults.dpi);
    width->setSuffix(" px");
    height->setSuffix(" px");
    auto *hint = new QLabel;
    auto updateHint = [=]() {
        hint->setText(QString("%1 x %2 cm when printed at %3 DPI")
                          .arg(width->value() * 2.54 / dpi->value(), 0, 'f', 1)
                          .arg(height->value() * 2.54 / dpi->value(), 0, 'f', 1)
                          .arg(dpi->value()));
    };
    for (QSpinBox *b : {width, height, dpi}) connect(b, qOverload<int>(&QSpinBox::valueChanged), &dialog, updateHint);
    updateHint();
    form->addRow("Chart", which);
    form->addRow("Width", width);
    form->addRow("Height", height);
    form->addRow("DPI", dpi);
    form->addRow(hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString name = which->currentData().toString();
    const QString path = QFileDialog::getSaveFileName(this, "Export chart", name + ".png",
                                                      "PNG (*.png);;SVG (*.svg);;PDF (*.pdf);;CSV (*.csv)");
    if (path.isEmpty()) return;
    const QString problem = exportChart(name, path, {QSize(width->value(), height->value()), dpi->value()});
    if (!problem.isEmpty()) QMessageBox::warning(this, "Export chart", problem);
}

QString MainWindow::exportArray(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QString problem;
    if (suffix != "npz" && suffix != "json") problem = path + ": use a .npz or .json file name";
    if (problem.isEmpty() && array_.lectureActive()) problem = "a lecture is showing partial bits: leave it (Esc) first";
    if (problem.isEmpty()) {
        try {
            // The same files as twill-cli encode, from the shown bits (hand edits included).
            EncodeOptions o = options_;
            o.format = array_.format();
            const Encoder encoder(array_.layout(), o);
            ArrayResult r;
            r.bits = array_.bits();
            r.decoded = array_.decoded();
            r.shift = array_.shifts();
            r.offset = array_.offset();
            r.rotation = array_.layout().rotation();
            const std::vector<ArrayResult> results{r};
            if (suffix == "npz") {
                writeEncodeNpz(encoder, array_.targets(), results, path.toStdString());
            } else {
                const EncodeSummary summary = summarize(encoder, array_.targets(), results, 0);
                writeJsonFile(encodeReportJson(encoder, array_.targets(), results, summary), path.toStdString());
            }
        } catch (const std::exception &e) {
            problem = QString::fromStdString(e.what());
        }
    }
    log(problem.isEmpty() ? "exported the encoded array to " + path : problem);
    return problem;
}

void MainWindow::explainCombination()
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
    if (pattern_->currentText() == "transpose")
        notes << "transpose puts row and column MSBs in the same cells: expect large errors (the naive baseline).";
    hint_->setText(notes.join("\n"));
    hint_->setVisible(!notes.isEmpty());
}

EncodeOptions MainWindow::encoderOptions() const
{
    EncodeOptions o;
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
    return o;
}

void MainWindow::setEncoderOptions(const EncodeOptions &o)
{
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
}

Layout MainWindow::layoutFor(const Geometry &g) const
{
    if (pattern_->currentText() == "custom" && hasCustom_) return custom_; // readParameters checked the shape
    return Layout::named(parsePattern(pattern_->currentText().toStdString()), g);
}

ArraySpec MainWindow::arraySpec() const
{
    if (pattern_->currentText() == "custom" && hasCustom_) return ArraySpec::of(custom_);
    ArraySpec a;
    a.pattern = pattern_->currentText() == "custom" ? Pattern::MsbLsb : parsePattern(pattern_->currentText().toStdString());
    a.bits = bits_->value();
    a.rows = a.cols = size_->value();
    a.layers = layers_->value();
    return a;
}

void MainWindow::useCustomLayout(const Layout &layout)
{
    const Geometry &g = layout.geometry();
    if (g.rows != g.cols || g.directions.size() != size_t(g.layers > 1 ? 3 : 2)) {
        log("the custom pattern needs square layers with row and column words (and pillar words in 3D)");
        return;
    }
    custom_ = layout;
    hasCustom_ = true;
    log(QString("custom pattern in use: %1x%2x%3, %4-bit").arg(g.rows).arg(g.cols).arg(g.layers).arg(g.bits));
    // Take the pattern's shape, then encode the same targets with it when the shape is unchanged.
    loading_ = true;
    const bool reshaped = bits_->value() != g.bits || size_->value() != g.rows || layers_->value() != g.layers;
    bits_->setValue(g.bits);
    size_->setValue(g.rows);
    layers_->setValue(g.layers);
    pattern_->setCurrentText("custom");
    loading_ = false;
    if (reshaped) newExample();
    else encode();
}

void MainWindow::rememberRecent(const QString &path)
{
    QSettings s;
    QStringList recent = s.value("recentProjects").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8) recent.removeLast();
    s.setValue("recentProjects", recent);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu()
{
    if (!recentMenu_) return;
    recentMenu_->clear();
    for (const QString &path : QSettings().value("recentProjects").toStringList())
        recentMenu_->addAction(path, this, [this, path]() {
            const QString problem = openProject(path);
            if (!problem.isEmpty()) QMessageBox::warning(this, "Open project", problem);
        });
    recentMenu_->setEnabled(!recentMenu_->isEmpty());
}

void MainWindow::setLectureMode(bool on)
{
    if (on == lecture_) return;
    lecture_ = on;
    lectureAction_->setChecked(on);
    for (QShortcut *s : lectureKeys_) s->setEnabled(on);
    for (const char *dock : {"parametersDock", "logDock", "chartsDock", "networkRunDock"})
        if (auto *d = findChild<QDockWidget *>(dock)) d->setVisible(!on);
    if (on) {
        QFont big = font();
        big.setPointSize(15);
        big.setBold(true);
        view_->setFont(big);
        QPalette pal = view_->palette();
        pal.setColor(QPalette::Window, Qt::black);
        pal.setColor(QPalette::WindowText, Qt::white);
        view_->setPalette(pal);
        view_->setCellSize(34);
        if (QGuiApplication::platformName() != "offscreen") showFullScreen();
        options_.objective = parseObjective(objective_->currentText().toStdString());
        array_.startLecture(options_);
        statusBar()->showMessage("Lecture: Space = next cell (MSB first), N = new example, Esc = leave");
        log("lecture: the greedy encoder, one cell at a time, most significant first");
    } else {
        view_->setFont(font());
        view_->setPalette(palette());
        view_->setCellSize(28);
        if (isFullScreen()) showNormal();
        array_.endLecture();
        encode(); // back to the chosen solver's result
    }
    showArray();
}

void MainWindow::lectureStep()
{
    if (!lecture_) return;
    if (array_.stepLecture()) {
        showArray();
        statusBar()->showMessage(QString("Lecture: step %1 of %2 \u2014 Space = next, N = new example, Esc = leave")
                                     .arg(array_.lectureStep())
                                     .arg(array_.lectureSteps()));
    } else {
        statusBar()->showMessage("Lecture: every cell is decided; Esc shows the full solver's result");
    }
}

void MainWindow::newExample()
{
    if (loading_) return;
    Geometry g;
    QString problem;
    if (!readParameters(g, problem)) {
        problem_->setText(problem);
        encodeButton_->setEnabled(false);
        return;
    }
    problem_->clear();
    encodeButton_->setEnabled(true);
    exampleSeed_ = uint64_t(seed_->value());
    if (patternEditor_) {
        // The editor follows the array's shape (starting from msb-lsb); an accepted custom
        // pattern is kept aside and comes back when its shape does.
        const Geometry &e = patternEditor_->arrayGeometry();
        if (e.bits != g.bits || e.rows != g.rows || e.cols != g.cols || e.layers != g.layers)
            patternEditor_->setLayout(Layout::msbLsb(g));
    }
    const NumberFormat f = parseFormat(format_->currentText().toStdString());
    const Layout layout = layoutFor(g);
    array_ = EditableArray(layout, f, randomTargets(1, layout.wordCount(), f, g.bits, exampleSeed_));
    ++generation_; // a running job encodes the old example
    if (lecture_) {
        array_.startLecture(options_);
        undo_->clear();
        showArray();
        return;
    }
    encode();
}

void MainWindow::encode()
{
    if (loading_ || lecture_) return; // a lecture shows its own steps
    if (busy()) {
        // The running search works on stale input: stop it, then encode again when it returns.
        pending_ = true;
        if (encodeControl_) encodeControl_->cancel();
        return;
    }
    Geometry g;
    QString problem;
    if (!readParameters(g, problem)) {
        problem_->setText(problem);
        return;
    }
    problem_->clear();
    encodeButton_->setEnabled(true);
    // A shape change that waited for a fitting pattern needs new targets first.
    if (layoutFor(g).wordCount() != int(array_.targets().size())) {
        newExample();
        return;
    }
    // The pattern may have changed: keep the targets, rebuild the layout.
    const Layout layout = layoutFor(g);
    bool same = layout.wordCount() == int(array_.targets().size()) && layout.directionCount() == array_.layout().directionCount();
    for (int k = 0; same && k < layout.directionCount(); ++k)
        same = layout.significanceMap(k) == array_.layout().significanceMap(k); // custom tables differ by content
    if (!same) {
        std::vector<int8_t> pins = array_.pins();
        array_ = EditableArray(layout, array_.format(), array_.targets());
        if (pins.size() == array_.pins().size())
            for (size_t c = 0; c < pins.size(); ++c) array_.setPin(int(c), pins[c]);
    }
    options_ = encoderOptions();
    options_.format = array_.format(); // the shown targets' format
    encodeButton_->setEnabled(false);
    statusBar()->showMessage("encoding\u2026");
    const EditableArray input = array_;
    const EncodeOptions opts = options_;
    const int generation = ++generation_;
    outstanding_ = true;
    userCancelled_ = false;
    encodeControl_ = std::make_shared<JobControl>();
    const std::shared_ptr<JobControl> control = encodeControl_;
    encodeClock_.start();
    encodeTicker_.start();
    watcher_->setFuture(QtConcurrent::run([input, opts, generation, control]() {
        EncodeJobResult r;
        r.array = input;
        r.generation = generation;
        const auto t0 = std::chrono::steady_clock::now();
        try {
            const ArrayResult res = r.array.encode(opts, control.get());
            r.stopped = control->cancelled();
            r.certified = res.certified;
            r.feasible = res.feasible;
            r.infeasibleCertified = res.infeasibleCertified;
        } catch (const std::exception &e) {
            r.error = e.what();
        }
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return r;
    }));
}

void MainWindow::applyFlip(int cell)
{
    array_.flip(cell);
    showArray();
}

void MainWindow::applyPin(int cell, int value)
{
    array_.setPin(cell, value);
    showArray();
}

void MainWindow::showArray()
{
    const int layers = array_.layout().geometry().layers;
    const int layer = std::min(layerShown_->value(), layers - 1);
    layerShown_->blockSignals(true);
    layerShown_->setRange(0, layers - 1);
    layerShown_->setValue(layer);
    layerShown_->blockSignals(false);
    layerShown_->setVisible(layers > 1);
    allLayers_->setVisible(layers > 1);
    view_->setArray(&array_);
    view_->setLayer(layer);
    charts_->setArray(&array_);
    const double fs = array_.fullScale();
    if (array_.lectureActive()) {
        double still = 0;
        for (int w = 0; w < array_.layout().wordCount(); ++w) still = std::max(still, double(array_.reachDistance(w)));
        summary_->setText(QString("step %1 of %2   largest distance still to go %3 LSB (%4 % FS)")
                              .arg(array_.lectureStep())
                              .arg(array_.lectureSteps())
                              .arg(still)
                              .arg(100.0 * still / fs, 0, 'f', 4));
        return;
    }
    summary_->setText(QString("max |e| %1 LSB (%2 % FS)   rms %3 LSB   %4 pinned")
                          .arg(array_.maxAbsError())
                          .arg(100.0 * array_.maxAbsError() / fs, 0, 'f', 4)
                          .arg(array_.rmsError(), 0, 'f', 2)
                          .arg(std::count_if(array_.pins().begin(), array_.pins().end(), [](int8_t p) { return p >= 0; })));
    statusBar()->showMessage(undo_->count() ? "what-if: bits edited by hand (Ctrl+Z undoes)" : "encoded", 4000);
}

void MainWindow::log(const QString &line)
{
    log_->appendPlainText(QTime::currentTime().toString("HH:mm:ss  ") + line);
}

} // namespace twill
