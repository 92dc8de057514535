#include "MainWindow.h"

#include "About.h"
#include "BitMapOverview.h"
#include "BitMapView.h"
#include "BitlinesPanel.h"
#include "CellEditCommand.h"
#include "ChartExportDialog.h"
#include "CommandLine.h"
#include "EncodeEditCommand.h"
#include "ErrorChartsPanel.h"
#include "JobStatus.h"
#include "LectureView.h"
#include "NetworkRunDock.h"
#include "ParametersPanel.h"
#include "PatternEditor.h"
#include "RecentProjects.h"
#include "SubarrayPanel.h"
#include "StudyDock.h"
#include "SweepDock.h"
#include "Theme.h"
#include "WindowExports.h"
#include "WindowProject.h"
#include "encode/RandomTargets.h"
#include "io/FaultFile.h"
#include "io/ProjectFile.h"
#include "util/Error.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTime>
#include <QToolBar>
#include <QUndoStack>

#include <algorithm>

namespace twill {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName("mainWindow");
    setWindowTitle("Twill \u2014 overlapped weights in transposable arrays[*]");
    undo_ = new QUndoStack(this);
    // The title's [*]: hand edits count once on the stack (after the edit is shown).
    connect(undo_, &QUndoStack::indexChanged, this, [this]() { setWindowModified(hasUnsavedChanges()); });
    buildDocks();
    buildStatusBar();
    buildMenus();
    connect(lectureView_, &LectureView::seekRequested, this, &MainWindow::lectureSeek);
    connect(lectureView_, &LectureView::newExampleRequested, parameters_, &ParametersPanel::nextSeed);
    connect(lectureView_, &LectureView::sideBySideRequested, this, &MainWindow::setLectureSideBySide);
    connect(lectureView_, &LectureView::leaveRequested, this, [this]() { setLectureMode(false); });
    // A stuck cell keeps its value: the edit is refused and the status bar says why.
    auto refused = [this](int cell) {
        const std::string why = array_.editRefusal(cell);
        if (!why.empty()) statusBar()->showMessage(QString::fromStdString(why), 6000);
        return !why.empty();
    };
    connect(view_, &BitMapView::flipRequested, this, [this, refused](int cell) {
        if (!refused(cell)) undo_->push(CellEditCommand::flip(this, cell));
    });
    connect(view_, &BitMapView::pinRequested, this, [this, refused](int cell) {
        if (refused(cell)) return;
        const int before = array_.pins()[cell];
        undo_->push(CellEditCommand::pin(this, cell, before, before >= 0 ? -1 : array_.bits()[cell]));
    });
    // Small enough for a 1280x720 projector (title bar and panel included); larger screens get
    // the same, the docks share whatever the user makes of it.
    QSize start(1260, 680);
    if (const QScreen *s = screen()) start = start.boundedTo(s->availableGeometry().size());
    resize(start);
    if (!qApp->property("twill.screenshot").toBool() && QSettings().value("window/dark", false).toBool())
        setDarkTheme(true);
    newExample();
    markSaved(); // the built-in default is nothing to lose
}

std::string MainWindow::settingsJson() const
{
    // The small part of a project: no targets, pins or cells (those are compared as vectors,
    // which is cheap enough for every shown edit).
    if (!parameters_ || !runDock_) return {}; // still being built
    Project p;
    const ArrayParameters a = parameters_->parameters();
    p.array = a.array;
    p.encoder = a.encoder;
    p.faults = a.faults;
    p.network = runDock_->spec();
    return projectJson(p);
}

bool MainWindow::hasUnsavedChanges() const
{
    return !undo_->isClean() || array_.targets() != savedTargets_ || array_.pins() != savedPins_
           || settingsJson() != savedSettings_;
}

void MainWindow::markSaved()
{
    savedSettings_ = settingsJson();
    savedTargets_ = array_.targets();
    savedPins_ = array_.pins();
    undo_->setClean();
    setWindowModified(false);
}

bool MainWindow::maySetAside()
{
    if (!hasUnsavedChanges() || qApp->property("twill.screenshot").toBool()) return true;
    const QString where = projectPath_.isEmpty() ? QString("a project") : QFileInfo(projectPath_).fileName();
    const QMessageBox::StandardButton b = QMessageBox::question(
        this, "Unsaved changes",
        QString("The array, its parameters or the network run setup changed since %1. Save them to %2 first?")
            .arg(projectPath_.isEmpty() ? "the window opened" : "the project was saved", where),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (b == QMessageBox::Discard) return true;
    if (b == QMessageBox::Save) return saveWithDialog(projectPath_);
    return false;
}

bool MainWindow::saveWithDialog(QString path)
{
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(this, "Save project", "project.twill.json", "Twill projects (*.twill.json *.json)");
    if (path.isEmpty()) return false;
    const QString problem = saveProject(path);
    if (!problem.isEmpty()) QMessageBox::warning(this, "Save project", problem);
    return problem.isEmpty();
}

MainWindow::~MainWindow() = default; // encodeJobs_ cancels the search and waits for it

void MainWindow::buildDocks()
{
    auto dock = [this](const QString &title, const char *name, QWidget *content) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        return d;
    };
    subarray_ = new SubarrayPanel;
    view_ = subarray_->view();
    QDockWidget *subarrayDock = dock("Subarray", "subarrayDock", subarray_);
    setCentralWidget(new QWidget);
    centralWidget()->hide();
    // The lecture screen is a window of its own: the docks, bars and their layout are left as
    // they are, hidden behind it, and come back unchanged.
    lectureView_ = new LectureView(this);
    lectureView_->setWindowFlags(Qt::Window);
    lectureView_->setWindowTitle("Twill — lecture");
    addDockWidget(Qt::RightDockWidgetArea, subarrayDock);
    // The form scrolls rather than making the window taller than a laptop screen.
    parameters_ = new ParametersPanel;
    auto *scroll = new QScrollArea;
    scroll->setWidget(parameters_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    addDockWidget(Qt::LeftDockWidgetArea, dock("Parameters", "parametersDock", scroll));
    connect(parameters_, &ParametersPanel::targetsChanged, this, &MainWindow::newExample);
    connect(parameters_, &ParametersPanel::optionsChanged, this, &MainWindow::optionsChanged);
    connect(parameters_, &ParametersPanel::encodeRequested, this, &MainWindow::encode);
    connect(parameters_, &ParametersPanel::newExampleRequested, this, &MainWindow::newExample);
    charts_ = new ErrorChartsPanel;
    QDockWidget *chartsDock = dock("Charts", "chartsDock", charts_);
    splitDockWidget(subarrayDock, chartsDock, Qt::Horizontal);
    // The pattern editor shares the right column with the charts.
    Geometry start;
    start.bits = start.rows = start.cols = 16;
    patternEditor_ = new PatternEditor(start);
    // Its row of controls scrolls rather than holding the right column (and so the whole
    // window) wider than a 1280x720 screen leaves for it.
    auto *patternScroll = new QScrollArea;
    patternScroll->setWidget(patternEditor_);
    patternScroll->setWidgetResizable(true);
    patternScroll->setFrameShape(QFrame::NoFrame);
    tabifyDockWidget(chartsDock, dock("Pattern editor", "patternDock", patternScroll));
    // The bitlines of the shown array (ones a line, ADC bits) against plain storage, beside its charts.
    bitlines_ = new BitlinesPanel;
    auto *bitlinesScroll = new QScrollArea;
    bitlinesScroll->setWidget(bitlines_);
    bitlinesScroll->setWidgetResizable(true);
    bitlinesScroll->setFrameShape(QFrame::NoFrame);
    tabifyDockWidget(chartsDock, dock("Bitlines", "bitlinesDock", bitlinesScroll));
    chartsDock->raise();
    connect(patternEditor_, &PatternEditor::layoutAccepted, this, &MainWindow::useCustomLayout);
    // Network runs and sweeps encode with the bits, pattern and encoder options of Parameters.
    runDock_ = new NetworkRunDock([this](NetworkRunSpec &run) { NetworkRunDock::storeAs(run, parameters_->parameters()); }, this);
    addDockWidget(Qt::LeftDockWidgetArea, runDock_);
    connect(runDock_, &NetworkRunDock::exported, this, &MainWindow::log);
    connect(runDock_, &NetworkRunDock::runEnded, this, [this](const QString &how) { log("network run " + how + ": " + runDock_->status()); });
    log_ = new QPlainTextEdit;
    log_->setObjectName("log");
    log_->setReadOnly(true);
    QDockWidget *logDock = dock("Log", "logDock", log_);
    addDockWidget(Qt::LeftDockWidgetArea, logDock);
    tabifyDockWidget(runDock_, logDock);
    // What Parameters say may make a run's setup impossible (shift with INQ by weight).
    for (auto changed : {&ParametersPanel::targetsChanged, &ParametersPanel::optionsChanged})
        connect(parameters_, changed, runDock_, &NetworkRunDock::checkSetup);
    // Tabbed docks hide nothing (isVisible stays true behind another tab): the dock says when it is in front.
    connect(runDock_, &QDockWidget::visibilityChanged, this, [this](bool shown) { runDockInFront_ = shown; });
    sweepDock_ = new SweepDock([this](SweepSpec &spec) { spec.options = parameters_->parameters().encoder; }, this);
    addDockWidget(Qt::LeftDockWidgetArea, sweepDock_);
    tabifyDockWidget(runDock_, sweepDock_);
    connect(sweepDock_, &SweepDock::sweepEnded, this, [this](const QString &how) {
        log(QString("sweep %1: %2 points").arg(how).arg(sweepDock_->points().size()));
    });
    // Studies run the Network run dock's setup in every storage scheme of the Study form.
    studyDock_ = new StudyDock([this]() { return runDock_->spec(); }, this);
    // Beside the Charts: its chart and table need the width of the right column.
    addDockWidget(Qt::RightDockWidgetArea, studyDock_);
    tabifyDockWidget(findChild<QDockWidget *>("chartsDock"), studyDock_);
    connect(studyDock_, &StudyDock::studyEnded, this, [this](const QString &how) {
        log(QString("study %1: %2").arg(how, studyDock_->panel()->status()));
    });
    runDock_->raise();
    findChild<QDockWidget *>("chartsDock")->raise();
}

void MainWindow::buildStatusBar()
{
    summary_ = new QLabel;
    summary_->setObjectName("summary");
    statusBar()->addPermanentWidget(summary_);
    // Long work shows in the status bar wherever the user looks: progress, ETA, Cancel. Each
    // kind of job (network run, sweep) has its own group, shown while it runs.
    auto follow = [this](auto *dock, JobStatus *status) {
        using Dock = std::remove_pointer_t<decltype(dock)>;
        connect(status->button(), &QPushButton::clicked, dock, &Dock::cancel);
        connect(dock, &Dock::runningChanged, status, &JobStatus::show);
        connect(dock, &Dock::progressChanged, status, &JobStatus::setProgress);
    };
    follow(runDock_, new JobStatus(statusBar(), "statusRunText", "statusProgress", "statusCancel", "Cancel", 160));
    follow(sweepDock_, new JobStatus(statusBar(), "sweepStatusText", "sweepStatusProgress", "sweepStatusCancel", "Cancel", 160));
    follow(studyDock_, new JobStatus(statusBar(), "studyStatusText", "studyStatusProgress", "studyStatusCancel", "Cancel", 160));
    // Encoding searches that take long show the same way, with their own Stop.
    searchStatus_ = new JobStatus(statusBar(), "encodeStatus", "encodeProgress", "encodeCancel", "Stop search", 120);
    searchStatus_->button()->setToolTip("Stop the encoder now and show the best encoding it has found");
    connect(searchStatus_->button(), &QPushButton::clicked, this, &MainWindow::cancelEncoding);
    encodeTicker_.setInterval(200);
    connect(&encodeTicker_, &QTimer::timeout, this, &MainWindow::showSearchStatus);
}

void MainWindow::showSearchStatus()
{
    if (!busy() || encodeClock_.elapsed() < 300) return; // short searches stay quiet
    const double secs = encodeClock_.elapsed() / 1000.0, limit = options_.timeLimit;
    if (limit > 0)
        searchStatus_->setProgress(int(std::min(1.0, secs / limit) * 1000),
                                   QString("searching: %1 s, at most %2 s left")
                                       .arg(secs, 0, 'f', 1)
                                       .arg(std::max(0.0, limit - secs), 0, 'f', 1));
    else // no estimate without a time limit: busy
        searchStatus_->setBusy(QString("searching: %1 s (up to %2 M nodes)").arg(secs, 0, 'f', 1).arg(options_.nodeLimit / 1'000'000));
    searchStatus_->show(true);
}

void MainWindow::buildFileMenu()
{
    QMenu *file = menuBar()->addMenu("&File");
    auto openFrom = [this](const QString &path) {
        if (path.isEmpty() || !maySetAside()) return;
        const QString problem = openProject(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Open project", problem);
    };
    QAction *open = file->addAction("&Open project…", this, [this, openFrom]() {
        openFrom(QFileDialog::getOpenFileName(this, "Open project", QString(), "Twill projects (*.twill.json *.json)"));
    });
    open->setObjectName("openAction");
    open->setShortcut(QKeySequence::Open);
    QAction *save = file->addAction("&Save project", this, [this]() { saveWithDialog(projectPath_); });
    save->setObjectName("saveAction");
    save->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction("Save project &as…", this, [this]() { saveWithDialog(QString()); });
    saveAs->setShortcut(QKeySequence::SaveAs);
    // Each export asks for a file, then says why it failed, if it did.
    auto exportTo = [this](const QString &title, const QString &name, const QString &filter, auto fn) {
        const QString path = QFileDialog::getSaveFileName(this, title, name, filter);
        if (path.isEmpty()) return;
        const QString problem = (this->*fn)(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, title, problem);
    };
    const QString images = "PNG (*.png);;SVG (*.svg);;CSV (*.csv)";
    file->addSeparator();
    file->addAction("Export &bit map…", this, [=]() { exportTo("Export bit map", "bitmap.png", images, &MainWindow::exportBitMap); });
    file->addAction("Export &charts…", this, [=]() { exportTo("Export charts", "charts.png", images, &MainWindow::exportCharts); });
    QAction *oneChart = file->addAction("Export one c&hart (PNG size and DPI, SVG, PDF, CSV)…", this, &MainWindow::chooseChartExport);
    oneChart->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    file->addAction("Export encoded &array (.npz, .json)…", this, [=]() {
        exportTo("Export encoded array", "array.npz", "NumPy archive (*.npz);;JSON report (*.json)", &MainWindow::exportArray);
    });
    QAction *exportLines = file->addAction("Export b&itlines (.csv)…", this, [=]() {
        exportTo("Export bitlines", "bitlines.csv", "CSV (*.csv)", &MainWindow::exportBitlines);
    });
    connect(bitlines_, &BitlinesPanel::exportRequested, exportLines, &QAction::trigger); // the dock's button: the same export
    file->addMenu(runDock_->exportMenu());
    file->addSeparator();
    recent_ = new RecentProjects(file->addMenu("&Recent projects"), openFrom);
    file->addSeparator();
    QAction *quit = file->addAction("&Quit", this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::buildMenus()
{
    buildFileMenu();
    QMenu *edit = menuBar()->addMenu("&Edit");
    QAction *undo = undo_->createUndoAction(this, "&Undo");
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = undo_->createRedoAction(this, "&Redo");
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *copyCommand = edit->addAction("Copy as twill-cli &command", this, &MainWindow::copyCliCommand);
    copyCommand->setObjectName("copyCliCommandAction");
    copyCommand->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
    copyCommand->setToolTip("Put on the clipboard a shell command that makes this array again with twill-cli encode (and, "
                            "with the Network run dock in view, its run with twill-cli retrain)");
    edit->setToolTipsVisible(true);
    QMenu *arrayMenu = menuBar()->addMenu("&Array");
    QAction *enc = arrayMenu->addAction("&Encode", this, &MainWindow::encode);
    enc->setShortcut(Qt::Key_F5);
    QAction *fresh = arrayMenu->addAction("&New random example", this, &MainWindow::newExample);
    fresh->setShortcut(Qt::Key_N | Qt::CTRL);
    arrayMenu->addSeparator();
    arrayMenu->addAction("&Clear pins", this, &MainWindow::clearPins);
    keepPins_ = arrayMenu->addAction("&Keep pins when the pattern changes");
    keepPins_->setObjectName("keepPins");
    keepPins_->setCheckable(true);
    keepPins_->setChecked(QSettings().value("array/keepPins", true).toBool());
    keepPins_->setToolTip("On: a new pattern keeps the pinned cells where they are. Off: it starts without pins.");
    connect(keepPins_, &QAction::toggled, this, [](bool on) { QSettings().setValue("array/keepPins", on); });
    arrayMenu->setToolTipsVisible(true);
    QMenu *viewMenu = menuBar()->addMenu("&View");
    QAction *zoomIn = viewMenu->addAction("Zoom &in", this, [this]() { view_->setCellSize(view_->cellSize() + 4); });
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction *zoomOut = viewMenu->addAction("Zoom &out", this, [this]() { view_->setCellSize(view_->cellSize() - 4); });
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction *fit = viewMenu->addAction("&Fit", this, [this]() { view_->fitToView(); });
    fit->setObjectName("fitAction");
    fit->setShortcut(Qt::CTRL | Qt::Key_0);
    fit->setToolTip("Cells sized to show the whole array in the Subarray dock (Zoom in / out override it)");
    QAction *overview = viewMenu->addAction("Bit map &overview", this,
                                            [this](bool on) { subarray_->overview()->setEnabledByUser(on); });
    overview->setObjectName("overviewAction");
    overview->setCheckable(true);
    overview->setChecked(true);
    overview->setToolTip("When the bit map does not fit: the whole of it in small in a corner, the part in view framed");
    viewMenu->addSeparator();
    QAction *dark = viewMenu->addAction("&Dark theme", this, [this](bool on) { setDarkTheme(on); });
    dark->setObjectName("darkThemeAction");
    dark->setCheckable(true);
    lectureAction_ = viewMenu->addAction("&Lecture mode", this, [this](bool on) { setLectureMode(on); });
    lectureAction_->setCheckable(true);
    lectureAction_->setShortcut(Qt::Key_F11);
    addAction(lectureAction_); // F11 still acts while the menu bar and toolbar are hidden
    // Docks hidden by the user come back from the View menu.
    viewMenu->addSeparator();
    for (QDockWidget *d : findChildren<QDockWidget *>()) viewMenu->addAction(d->toggleViewAction());
    QMenu *help = menuBar()->addMenu("&Help");
    help->addAction("&About Twill", this, [this]() { QMessageBox::about(this, "About Twill", aboutText()); })
        ->setObjectName("aboutAction");
    help->addAction("About &Qt", qApp, &QApplication::aboutQt);
    // The toolbar: the actions used most, with the style's standard icons.
    QToolBar *bar = addToolBar("Main");
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction *open = findChild<QAction *>("openAction"), *save = findChild<QAction *>("saveAction");
    open->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    save->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    enc->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    fresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    const QList<QList<QAction *>> groups = {{open, save}, {undo, redo}, {enc, fresh}, {zoomIn, zoomOut, fit, lectureAction_}};
    for (const QList<QAction *> &group : groups) {
        if (group.first() != open) bar->addSeparator();
        for (QAction *a : group) bar->addAction(a);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maySetAside()) {
        event->ignore();
        return;
    }
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
    applyTheme(dark);
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
    // The subarray takes about three fifths of what the left column leaves.
    const int rest = std::max(600, width() - 400);
    resizeDocks({findChild<QDockWidget *>("subarrayDock"), findChild<QDockWidget *>("chartsDock")},
                {rest * 3 / 5, rest * 2 / 5}, Qt::Horizontal);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A wider window widens the bit map and the charts beside it, not the left column (there
    // is no central widget to take the difference); a narrower one takes it back from them.
    auto *d = findChild<QDockWidget *>("subarrayDock"), *charts = findChild<QDockWidget *>("chartsDock");
    // The right column is resized through the dock in front of its tabs.
    if (charts)
        for (QDockWidget *t : tabifiedDockWidgets(charts))
            if (t->isVisible() && !t->visibleRegion().isEmpty()) charts = t;
    const int delta = event->size().width() - event->oldSize().width();
    if (!sized_ || !d || !charts || !d->isVisible() || d->isFloating() || !event->oldSize().isValid() || delta == 0) return;
    if (charts->isVisible() && !charts->isFloating()) // the charts keep their two fifths
        resizeDocks({d, charts}, {std::max(0, d->width() + delta * 3 / 5), std::max(0, charts->width() + delta * 2 / 5)},
                    Qt::Horizontal);
    else
        resizeDocks({d}, {std::max(0, d->width() + delta)}, Qt::Horizontal);
}

QString MainWindow::saveProject(const QString &path)
{
    try {
        twill::saveProject(projectOf(parameters_->parameters(), array_, runDock_->spec()), path.toStdString());
    } catch (const Error &e) {
        log(QString::fromStdString(e.what()));
        return QString::fromStdString(e.what());
    }
    projectPath_ = path;
    markSaved();
    recent_->remember(path);
    log("saved " + path);
    return {};
}

QString MainWindow::openProject(const QString &path)
{
    Project p;
    EditableArray next;
    try {
        p = loadProject(path.toStdString());
        next = arrayOf(p, path.toStdString());
    } catch (const Error &e) {
        log(QString::fromStdString(e.what()));
        return QString::fromStdString(e.what()) + "\nThe project shown before is unchanged.";
    }
    // Apply without triggering re-encodes, then show exactly the saved bits.
    if (p.array.pattern == Pattern::Custom) patternEditor_->setLayout(next.layout());
    parameters_->setParameters(parametersOf(p));
    if (!runDock_->running()) runDock_->setSpec(p.network);
    showFormProblem(QString());
    parameters_->setEncodeEnabled(true);
    array_ = next;
    ++generation_; // an encoding still running is for the array shown before
    if (p.cellBits.empty()) {
        startEncoding(false);
    } else {
        undo_->clear();
        showArray();
        view_->holdBarScale();
        Q_EMIT encoded();
    }
    projectPath_ = path;
    markSaved();
    recent_->remember(path);
    log("opened " + path + " (written by Twill " + QString::fromStdString(p.twillVersion) + ")");
    return {};
}

QString MainWindow::exportBitMap(const QString &path)
{
    return logged(exportWidget(view_, path), "exported the bit map to " + path);
}

QString MainWindow::exportCharts(const QString &path)
{
    return logged(exportErrorCharts(charts_, path), "exported the charts to " + path);
}

QStringList MainWindow::chartNames() const
{
    return QStringList{"histogram", "significance"} + NetworkRunDock::chartNames() + QStringList{"sweep", "study", "study-faults"};
}

QChart *MainWindow::chartByName(const QString &name) const
{
    if (name == "histogram") return charts_->histogramChart();
    if (name == "significance") return charts_->significanceChart();
    if (name == "sweep") return sweepDock_->chart();
    if (name == "study") return studyDock_->chart();
    if (name == "study-faults") return studyDock_->faultChart();
    return runDock_->chart(name);
}

QString MainWindow::exportChart(const QString &name, const QString &path, const ChartImageOptions &options)
{
    charts_->refreshNow();
    QChart *chart = chartByName(name);
    return logged(chart ? twill::exportChart(chart, path, options)
                        : "there is no chart '" + name + "'; use one of " + chartNames().join(", "),
                  "exported the " + name + " chart to " + path);
}

void MainWindow::chooseChartExport()
{
    QString name, path;
    ChartImageOptions options;
    if (!ChartExportDialog::ask(chartNames(), this, name, path, options)) return;
    const QString problem = exportChart(name, path, options);
    if (!problem.isEmpty()) QMessageBox::warning(this, "Export chart", problem);
}

QString MainWindow::exportArray(const QString &path)
{
    return logged(exportEncodedArray(array_, options_, path), "exported the encoded array to " + path);
}

QString MainWindow::exportBitlines(const QString &path)
{
    bitlines_->refreshNow();
    return logged(exportBitlineCsv(bitlines_->bitlines(), path), "exported the bitlines to " + path);
}

QString MainWindow::cliCommand() const
{
    if (!parameters_->problem().isEmpty() || array_.targets().empty()) return {};
    const ArrayParameters p = parameters_->parameters();
    cli::ShownArray shown;
    shown.array = p.array;
    shown.encoder = p.encoder;
    shown.encoder.format = array_.format();
    shown.faults = p.faults;
    shown.targets = array_.targets();
    shown.pinned = array_.pinCount();
    shown.handEdits = handEdits();
    // The run when the Network run dock is open in front, or has run.
    const bool runInView = (runDock_->isVisibleTo(this) && runDockInFront_ && !lecture_) || !runDock_->runs().isEmpty();
    const NetworkRunSpec run = runDock_->spec();
    return cli::reproduceScript(shown, runInView ? &run : nullptr);
}

void MainWindow::copyCliCommand()
{
    const QString script = cliCommand();
    if (script.isEmpty()) {
        statusBar()->showMessage("nothing to copy: " + parameters_->problem(), 6000);
        return;
    }
    QGuiApplication::clipboard()->setText(script);
    const bool run = script.contains("twill-cli retrain");
    statusBar()->showMessage(QString("copied the twill-cli encode%1 command to the clipboard").arg(run ? " and retrain" : ""), 6000);
    log(QString("copied as twill-cli command (%1 lines)").arg(script.count('\n')));
}

bool MainWindow::hasCustomLayout() const
{
    return parameters_->hasCustomLayout();
}

const Layout &MainWindow::customLayout() const
{
    return parameters_->customLayout();
}

void MainWindow::useCustomLayout(const Layout &layout)
{
    const Geometry &g = layout.geometry();
    if (g.rows != g.cols || g.directions.size() != size_t(g.layers > 1 ? 3 : 2)) {
        log("the custom pattern needs square layers with row and column words (and pillar words in 3D)");
        return;
    }
    parameters_->setCustomLayout(layout);
    log(QString("custom pattern in use: %1x%2x%3, %4-bit").arg(g.rows).arg(g.cols).arg(g.layers).arg(g.bits));
    // Take the pattern's shape, then encode the same targets with it when the shape is unchanged.
    ArrayParameters p = parameters_->parameters();
    const ArraySpec shown = p.array;
    p.array = ArraySpec::of(layout);
    const bool reshaped = shown.bits != g.bits || shown.rows != g.rows || shown.layers != g.layers;
    parameters_->setParameters(p);
    if (reshaped) newExample();
    else startEncoding(false);
}

void MainWindow::optionsChanged()
{
    // Choosing custom before any table was accepted takes the editor's table when it fits.
    const ArraySpec a = parameters_->parameters().array;
    if (a.pattern == Pattern::Custom && !hasCustomLayout() && patternEditor_->valid()) {
        const Geometry &e = patternEditor_->arrayGeometry();
        if (e.bits == a.bits && e.rows == a.rows && e.layers == a.layers) parameters_->setCustomLayout(patternEditor_->layout());
    }
    startEncoding(false);
}

void MainWindow::setLectureMode(bool on)
{
    if (on == lecture_) return;
    lecture_ = on;
    lectureAction_->setChecked(on);
    if (on) {
        // The lecture window alone on the screen: the main window (docks, menus, toolbar, status
        // bar) and the floating docks hide as they are, without a change to their layout.
        floatingBeforeLecture_.clear();
        for (QDockWidget *d : findChildren<QDockWidget *>())
            if (d->isFloating() && d->isVisible()) floatingBeforeLecture_.push_back(d);
        shownBeforeLecture_ = isVisible();
        lectureView_->setActive(true);
        const QRect place = geometry();
        const QScreen *shown = screen();
        for (QDockWidget *d : floatingBeforeLecture_) d->hide();
        hide(); // first: the lecture window, shown after, is the active one
        if (QGuiApplication::platformName() == "offscreen") {
            lectureView_->setGeometry(place); // no screen to fill: the window's place
            lectureView_->show();
        } else {
            if (shown) lectureView_->setGeometry(shown->geometry());
            lectureView_->showFullScreen();
        }
        lectureView_->activateWindow();
        lectureView_->setFocus();
        options_.objective = parameters_->parameters().encoder.objective;
        array_.startLecture(options_);
        startOptimum();
        log("lecture: the greedy encoder, one cell at a time, most significant first");
    } else {
        lectureView_->hide();
        if (shownBeforeLecture_) show();
        for (QDockWidget *d : floatingBeforeLecture_) d->show();
        lectureView_->setActive(false);
        activateWindow();
        array_.endLecture();
        lectureSideBySide_ = false;
        lectureView_->setArray(nullptr);
        startEncoding(false); // back to the chosen solver's result
    }
    showArray();
}

void MainWindow::lectureStep()
{
    if (!lecture_) return;
    const bool advanced = array_.lectureStep() < array_.lectureSteps();
    lectureSeek(array_.lectureStep() + 1);
    statusBar()->showMessage(LectureView::stepMessage(array_, advanced));
}

void MainWindow::lectureSeek(int step)
{
    if (!lecture_) return;
    step = std::clamp(step, 0, array_.lectureSteps());
    if (step == array_.lectureStep()) return;
    if (step < array_.lectureStep()) array_.startLecture(options_); // replayed from the start
    while (array_.lectureStep() < step) array_.stepLecture();
    if (lectureSideBySide_) startLecturePeer();
    showArray();
}

void MainWindow::setLectureSideBySide(bool on)
{
    on = on && lecture_;
    if (on == lectureSideBySide_) return;
    lectureSideBySide_ = on;
    if (on) {
        startLecturePeer();
        log(QString("lecture: %1 beside %2 on the same targets")
                .arg(QString::fromStdString(lecturePeer_.layout().patternName()),
                     QString::fromStdString(array_.layout().patternName())));
    }
    showArray();
}

void MainWindow::startLecturePeer()
{
    // Restarted when the array went back (the greedy encoder replays from the start) or is
    // another one. The peer holds the same cells: stuck and pinned alike, so that both
    // lectures decide the same number of cells.
    const Layout &l = array_.layout();
    const bool same = lecturePeer_.lectureActive() && lecturePeerFor_ == l.pattern()
                      && lecturePeer_.targets() == array_.targets() && lecturePeer_.pins() == array_.pins()
                      && lecturePeer_.stuck() == array_.stuck()
                      && lecturePeer_.layout().geometry().cellCount() == l.geometry().cellCount()
                      && lecturePeer_.lectureStep() <= array_.lectureStep();
    if (!same) {
        lecturePeer_ = EditableArray(Layout::named(LectureView::peerPattern(l), l.geometry()), array_.format(), array_.targets());
        lecturePeer_.setStuck(array_.stuck(), array_.faultUnaware());
        for (int c = 0; c < l.cellCount(); ++c)
            if (array_.pins()[c] >= 0 && !lecturePeer_.isStuck(c)) lecturePeer_.setPin(c, array_.pins()[c]);
        lecturePeer_.startLecture(options_);
        lecturePeerFor_ = l.pattern();
    }
    while (lecturePeer_.lectureStep() < array_.lectureStep() && lecturePeer_.stepLecture()) {
    }
}

void MainWindow::startOptimum()
{
    lectureView_->clearOptimum();
    if (optimumJobs_.running()) {
        // It searches for the example before: stop it, then search again when it returns.
        optimumPending_ = true;
        optimumJobs_.cancel();
        return;
    }
    optimumPending_ = false;
    EditableArray input = array_;
    input.endLecture();
    // The optimum of the greedy encoder's own measure in this view: the max |error|.
    EncodeOptions options = parameters_->parameters().encoder;
    options.format = array_.format();
    options.objective = Objective::Max;
    options.solver = SolverKind::Auto;
    optimumJobs_.start([input, options](JobControl &control) { return encodeJob(input, options, 0, control); },
                       [this](const EncodeJobResult &r) {
                           if (optimumPending_) {
                               if (lecture_) startOptimum();
                               else optimumPending_ = false;
                               return;
                           }
                           if (!lecture_ || r.array.targets() != array_.targets() || !r.error.empty()) return;
                           lectureView_->setOptimum(r.array.maxAbsError(), r.certified && !r.stopped);
                           log(QString("lecture: the auto solver's optimum on these targets: max |e| %1 LSB%2")
                                   .arg(r.array.maxAbsError())
                                   .arg(r.certified ? " (certified)" : " (not certified)"));
                       });
}

void MainWindow::showFormProblem(const QString &problem)
{
    parameters_->showProblem(problem);
    view_->setStale(problem);
    charts_->setStale(problem);
    bitlines_->setStale(problem);
    showSummary();
}

void MainWindow::newExample()
{
    const QString problem = parameters_->problem();
    showFormProblem(problem);
    parameters_->setEncodeEnabled(problem.isEmpty());
    if (!problem.isEmpty()) return;
    const ArrayParameters p = parameters_->parameters();
    const Geometry g = parameters_->geometry();
    // The editor follows the array's shape (starting from msb-lsb); an accepted custom pattern
    // is kept aside and comes back when its shape does.
    const Geometry &e = patternEditor_->arrayGeometry();
    if (e.bits != g.bits || e.rows != g.rows || e.cols != g.cols || e.layers != g.layers)
        patternEditor_->setLayout(Layout::msbLsb(g));
    const Layout layout = parameters_->layout();
    const NumberFormat f = p.encoder.format;
    array_ = EditableArray(layout, f, randomTargets(1, layout.wordCount(), f, g.bits, p.encoder.seed));
    if (!applyFaults()) return;
    arrayReplaced();
    ++generation_; // a running job encodes the old example
    if (lecture_) {
        array_.startLecture(options_);
        if (lectureSideBySide_) startLecturePeer();
        undo_->clear();
        startOptimum();
        showArray();
        return;
    }
    startEncoding(false);
}

void MainWindow::encode()
{
    startEncoding(true);
}

void MainWindow::startEncoding(bool undoable)
{
    if (lecture_) return; // a lecture shows its own steps
    if (busy()) {
        // The running search works on stale input: stop it, then encode again when it returns.
        pending_ = true;
        pendingUndoable_ = pendingUndoable_ || undoable;
        encodeJobs_.cancel();
        return;
    }
    const QString problem = parameters_->problem();
    showFormProblem(problem);
    if (!problem.isEmpty()) return;
    parameters_->setEncodeEnabled(true);
    const Layout layout = parameters_->layout();
    // A shape change that waited for a fitting pattern needs new targets first.
    if (layout.wordCount() != int(array_.targets().size())) {
        newExample();
        return;
    }
    const EditableArray shown = array_;
    // The pattern may have changed: the same targets, and the pins as Array > Keep pins says.
    const int pins = array_.pinCount();
    const bool keep = !keepPins_ || keepPins_->isChecked();
    array_ = withLayout(array_, layout, keep);
    if (pins > 0 && !sameTables(shown.layout(), layout))
        log(keep ? QString("kept %1 pin(s) on the new pattern (Array > Clear pins removes them; Array > Keep pins when "
                           "the pattern changes decides)").arg(pins)
                 : QString("cleared %1 pin(s): the pattern changed (Array > Keep pins when the pattern changes keeps them)")
                       .arg(pins));
    if (!applyFaults()) return;
    arrayReplaced();
    options_ = parameters_->parameters().encoder;
    options_.format = array_.format(); // the shown targets' format
    parameters_->setEncodeEnabled(false);
    statusBar()->showMessage("encoding\u2026");
    userCancelled_ = false;
    encodeClock_.start();
    encodeTicker_.start();
    const EditableArray input = array_;
    const EncodeOptions options = options_;
    const int generation = ++generation_;
    // Undo can show the array again when it is the one encoded (pattern and targets unchanged).
    undoableGeneration_ = undoable && sameTables(shown.layout(), layout) ? generation : -1;
    beforeEncode_ = undoableGeneration_ >= 0 ? shown : EditableArray();
    encodeJobs_.start([input, options, generation](JobControl &control) { return encodeJob(input, options, generation, control); },
                      [this](const EncodeJobResult &r) { encodeReturned(r); });
}

void MainWindow::encodeReturned(const EncodeJobResult &r)
{
    encodeTicker_.stop();
    searchStatus_->show(false);
    const bool stoppedByUser = r.stopped && userCancelled_;
    userCancelled_ = false;
    parameters_->setEncodeEnabled(true);
    if (r.generation != generation_ && !pending_ && !lecture_) return; // a project opened meanwhile shows its saved bits
    if (r.generation != generation_ || pending_ || lecture_) {
        // The parameters or the example changed meanwhile, or a lecture began: stale.
        pending_ = false;
        const bool undoable = pendingUndoable_;
        pendingUndoable_ = false;
        startEncoding(undoable);
        return;
    }
    if (!r.error.empty()) {
        log("encoding failed: " + QString::fromStdString(r.error));
        statusBar()->showMessage("encoding failed: " + QString::fromStdString(r.error));
        return;
    }
    if (r.generation == undoableGeneration_) {
        // The user's Encode: one step back shows the bits and pins as they were.
        undo_->push(new EncodeEditCommand(this, beforeEncode_, r.array,
                                          QString("encode (%1 solver)").arg(QString::fromStdString(solverName(options_.solver)))));
        statusBar()->showMessage("encoded (Ctrl+Z shows the bits from before)", 4000); // redo() ran before the push
    } else {
        array_ = r.array;
        undo_->clear();
        showArray();
    }
    view_->holdBarScale(); // one scale for the bars of this encoding, whatever the edits do
    undoableGeneration_ = -1;
    beforeEncode_ = EditableArray();
    // A bound that cannot be met is said in words; the best encoding found stays on show.
    if (!r.feasible) parameters_->showProblem(boundProblem(r, options_));
    log(describe(r, options_));
    if (stoppedByUser) {
        log(QString("search stopped after %1 s: the best encoding found so far is shown (not certified)").arg(r.seconds, 0, 'f', 2));
        statusBar()->showMessage("search stopped: best encoding so far", 6000);
    }
    Q_EMIT encoded();
}

bool MainWindow::applyFaults()
{
    const FaultSpec faults = parameters_->parameters().faults;
    try {
        array_.setStuck(stuckCellsFor(faults, array_.layout().geometry()), faults.unaware);
    } catch (const Error &e) {
        arrayReplaced();
        parameters_->showProblem(QString("Stuck cells: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    return true;
}

void MainWindow::cancelEncoding()
{
    if (!busy()) return;
    userCancelled_ = true;
    encodeJobs_.cancel();
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

void MainWindow::clearPins()
{
    const int pins = array_.pinCount();
    if (pins == 0) {
        statusBar()->showMessage("no pinned cells to clear", 4000);
        return;
    }
    EditableArray cleared = array_;
    for (int c = 0; c < int(cleared.pins().size()); ++c)
        if (cleared.pins()[size_t(c)] >= 0) cleared.setPin(c, -1);
    undo_->push(new EncodeEditCommand(this, array_, cleared, QString("clear %1 pin(s)").arg(pins)));
}

void MainWindow::applyArray(const EditableArray &array)
{
    array_ = array;
    showArray();
    view_->holdBarScale();
}

int MainWindow::handEdits() const
{
    int edits = 0;
    for (int i = undo_->index() - 1; i >= 0 && dynamic_cast<const CellEditCommand *>(undo_->command(i)); --i) ++edits;
    return edits;
}

void MainWindow::arrayReplaced()
{
    // The views keep a pointer to array_ and what they made of its shape (the layer images, the
    // hovered and selected cells): they learn of a new array at once, not when its encoding
    // returns, so that no paint or mouse event meets an array of another shape.
    subarray_->setArray(&array_);
    if (lecture_) {
        lectureView_->setArray(&array_);
        lectureView_->setPeer(lecturePeer());
    }
    charts_->setArray(&array_);
    bitlines_->setArray(&array_);
}

void MainWindow::showArray()
{
    setWindowModified(hasUnsavedChanges());
    arrayReplaced();
    showSummary();
    if (array_.lectureActive()) return;
    statusBar()->showMessage(handEdits() ? "what-if: bits edited by hand (Ctrl+Z undoes)" : "encoded", 4000);
}

void MainWindow::showSummary()
{
    if (array_.targets().empty()) return; // still being built
    if (array_.lectureActive()) {
        summary_->setText(LectureView::summary(array_));
        return;
    }
    const double fs = array_.fullScale();
    const int stuck = array_.stuckCount();
    summary_->setText(QString("%6max |e| %1 LSB (%2 % FS)   rms %3 LSB   %4 pinned%5")
                          .arg(array_.maxAbsError())
                          .arg(100.0 * array_.maxAbsError() / fs, 0, 'f', 4)
                          .arg(array_.rmsError(), 0, 'f', 2)
                          .arg(array_.pinCount())
                          .arg(stuck ? QString("   %1 stuck (%2)").arg(stuck).arg(array_.faultUnaware() ? "unaware" : "aware")
                                     : QString())
                          .arg(view_->stale() ? "last valid array: " : ""));
}

void MainWindow::log(const QString &line)
{
    log_->appendPlainText(QTime::currentTime().toString("HH:mm:ss  ") + line);
}

QString MainWindow::logged(const QString &problem, const QString &done)
{
    log(problem.isEmpty() ? done : problem);
    return problem;
}

} // namespace twill
