// twill: the desktop application. Without a display it still renders and exports:
//   twill [FILE | --project FILE]            opens the project
//   twill [--project P] [--study CSV] --screenshot FILE.png [--view window|subarray|charts|bitlines|run|study|lecture]
//   twill [--project P] [--run | --compare] --export-chart NAME --to FILE [--size WxH] [--dpi N]
//         [--preset column|page] [--font-size PT]
//   twill [--project P] --export-array FILE.npz|FILE.json
#include "About.h"
#include "BitMapView.h"
#include "BitlinesPanel.h"
#include "ErrorChartsPanel.h"
#include "LectureView.h"
#include "MainWindow.h"
#include "NetworkRunDock.h"
#include "PatternEditor.h"
#include "StudyDock.h"

#include "io/AtomicFile.h"
#include "util/Error.h"

#include <QApplication>
#include <QBuffer>
#include <QFileInfo>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <cstring>

#include <unistd.h> // isatty

namespace {

// Headless work needs no display: pick the offscreen platform unless the user chose one.
void offscreenWhenHeadless(int argc, char **argv)
{
    bool headless = false;
    for (int i = 1; i < argc; ++i)
        for (const char *opt : {"--screenshot", "--export-chart", "--export-array"})
            if (std::strncmp(argv[i], opt, std::strlen(opt)) == 0) headless = true;
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

int fail(const QString &message, int code = 2)
{
    std::fprintf(stderr, "twill: %s\n", qPrintable(message));
    return code;
}

// --run / --compare: the Network run dock's spec with what the command line overrides, run
// to the end with its progress on stderr. False when the run did not finish.
bool runNetwork(twill::MainWindow &window, const QCommandLineParser &p)
{
    twill::NetworkRunDock *dock = window.runDock();
    twill::NetworkRunSpec spec = dock->spec();
    if (p.isSet("run-model")) spec.model = p.value("run-model").toStdString();
    if (p.isSet("run-checkpoint")) spec.checkpoint = p.value("run-checkpoint").toStdString();
    if (p.isSet("run-data")) spec.data = p.value("run-data").toStdString();
    if (p.isSet("run-epochs")) spec.epochs = p.value("run-epochs").toInt();
    if (p.isSet("run-samples")) spec.trainSubset = p.value("run-samples").toInt();
    dock->setSpec(spec);
    QEventLoop loop;
    QString how;
    QObject::connect(dock, &twill::NetworkRunDock::runEnded, &loop, [&](const QString &h) {
        how = h;
        loop.quit();
    });
    // Progress redrawn in place on a terminal; into a file, a line at every tenth of the run.
    const bool terminal = isatty(fileno(stderr));
    int lastTenth = -1;
    QObject::connect(dock, &twill::NetworkRunDock::progressChanged, &loop, [terminal, &lastTenth](int permille, const QString &text) {
        if (terminal) {
            std::fprintf(stderr, "\r%-100s", qPrintable(text.left(100)));
        } else if (permille / 100 != lastTenth) {
            lastTenth = permille / 100;
            std::fprintf(stderr, "%s\n", qPrintable(text));
        }
    });
    if (p.isSet("compare")) dock->compareStorage();
    else dock->start();
    loop.exec();
    std::fprintf(stderr, terminal ? "\n%s\n" : "%s\n", qPrintable(dock->status()));
    return how == "finished";
}

// --screenshot: the window or one of its views, as it would show on a screen. Encoded in
// memory, then written atomically: a failed write keeps the old picture. Empty on success.
QString screenshot(twill::MainWindow &window, const QString &view, const QString &path, const QString &lectureStep,
                   const QString &lectureRead)
{
    if (view == "lecture") {
        // Full screen on a display (xvfb-run -s "-screen 0 1280x720x24"), else a projector-sized
        // window; halfway through the greedy encoder unless --lecture-step says otherwise.
        if (QGuiApplication::platformName() == "offscreen") window.resize(1280, 720);
        window.setLectureMode(true);
        const int steps = window.array().lectureSteps();
        window.lectureSeek(lectureStep == "end" ? steps : lectureStep.isEmpty() ? steps / 2 : lectureStep.toInt());
        QElapsedTimer clock; // the end compares with the optimum: wait for its search (a minute at most)
        clock.start();
        while (window.lectureSearching() && clock.elapsed() < 60000) QApplication::processEvents(QEventLoop::AllEvents, 50);
        if (!lectureRead.isEmpty()) {
            // Access: the word through cell (9, 7) (or the first cell), its five most significant bits read.
            twill::LectureView *lecture = window.lectureView();
            const twill::Geometry &g = window.array().layout().geometry();
            lecture->setChosenCell(g.rows > 9 && g.cols > 7 ? 9 * g.cols + 7 : 0);
            lecture->startReading(lectureRead == "column" ? twill::Direction::Column : twill::Direction::Row);
            lecture->readBits(5);
        }
        QEventLoop settle;
        QTimer::singleShot(300, &settle, &QEventLoop::quit);
        settle.exec();
    }
    if (view == "stack") {
        window.view()->setAllLayers(true);
        for (int i = 0; i < 3; ++i) QApplication::processEvents(); // the scroll area lays the view out
    }
    if (view == "bitlines") {
        // The window with the Bitlines tab in front of the Charts.
        if (auto *d = window.findChild<QDockWidget *>("bitlinesDock")) d->raise();
        window.bitlines()->refreshNow();
        for (int i = 0; i < 3; ++i) QApplication::processEvents();
    }
    QWidget *target = &window;
    if (view == "lecture") target = window.lectureView();
    if (view == "subarray" || view == "stack") target = window.view();
    if (view == "run") {
        window.runDock()->setFloating(true); // its own size, not the main window's column
        target = window.runDock();
        target->resize(480, 820);
        // Let the charts lay out at the new size and redraw on their timer before the grab.
        QEventLoop settle;
        QTimer::singleShot(400, &settle, &QEventLoop::quit);
        settle.exec();
    }
    if (view == "pattern") {
        target = window.patternEditor();
        target->resize(760, 900);
        for (int i = 0; i < 3; ++i) QApplication::processEvents();
    }
    if (view == "charts") target = window.charts();
    if (view == "study" || view == "study-faults") {
        window.studyDock()->setFloating(true);
        target = window.studyDock();
        if (view == "study-faults")
            if (auto *tabs = target->findChild<QTabWidget *>("studyTabs")) tabs->setCurrentIndex(2);
        target->resize(560, 900);
        QEventLoop settle;
        QTimer::singleShot(400, &settle, &QEventLoop::quit);
        settle.exec();
    }
    QBuffer png;
    png.open(QIODevice::WriteOnly);
    const QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (!target->grab().toImage().save(&png, format.isEmpty() ? "PNG" : format.constData()))
        return "cannot render " + path + " (use a .png file name)";
    try {
        twill::writeFileAtomic(path.toStdString(), png.data().toStdString());
    } catch (const twill::Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Everything the window does without a screen, once the first encoding is shown.
int runHeadless(twill::MainWindow &window, const QCommandLineParser &p, const twill::ChartImageOptions &chartOptions)
{
    if (window.busy()) {
        QEventLoop loop;
        QObject::connect(&window, &twill::MainWindow::encoded, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    window.charts()->refreshNow();
    int rc = 0;
    if (p.isSet("export-array")) {
        const QString problem = window.exportArray(p.value("export-array"));
        if (!problem.isEmpty()) rc = fail(problem, 1);
    }
    if ((p.isSet("run") || p.isSet("compare")) && !runNetwork(window, p)) rc = 1;
    // Offscreen there is no screen to bound the window: the size a 1280x720 screen gives it.
    if (p.isSet("screenshot") && QGuiApplication::platformName() == "offscreen") window.resize(1260, 680);
    window.show();
    for (int i = 0; i < 3; ++i) QApplication::processEvents();
    if (p.isSet("study")) window.studyDock()->raise(); // once the window has laid its docks out
    if (p.isSet("export-chart") && rc == 0) {
        const QString problem = window.exportChart(p.value("export-chart"), p.value("to"), chartOptions);
        if (!problem.isEmpty()) rc = fail(problem, 1);
    }
    if (p.isSet("screenshot")) {
        const QString problem = screenshot(window, p.value("view"), p.value("screenshot"), p.value("lecture-step"), p.value("lecture-read"));
        if (!problem.isEmpty()) rc = fail(problem, 1);
    }
    return rc;
}

} // namespace

int main(int argc, char **argv)
{
    offscreenWhenHeadless(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName("Twill");
    QApplication::setOrganizationName("Twill");
    QApplication::setApplicationVersion(twill::versionLine());
    QCommandLineParser p;
    p.setApplicationDescription("Overlapped weights in transposable memory arrays.");
    p.addHelpOption();
    p.addVersionOption();
    p.addOptions({
        {"screenshot", "Render the window to FILE.png (no display needed) and exit.", "FILE"},
        {"project", "Open this project first.", "FILE"},
        {"view", "With --screenshot: window (default), subarray, stack (all layers of a 3D project), charts, "
                 "bitlines (the window with the Bitlines dock in front), pattern (the Pattern editor), run (the "
                 "Network run dock), study (the Study dock), study-faults (its Fault rate tab) or lecture (1280x720, "
                 "full screen on a display, else 1280x720; halfway unless --lecture-step).",
         "NAME", "window"},
        {"lecture-step", "With --view lecture: the step shown (0 .. the number of cells, or end).", "N"},
        {"lecture-read", "With --view lecture: read the row or column word through cell (9, 7), five bits in.", "row|column"},
        {"export-chart", "Write one chart and exit: histogram, significance, accuracy, loss, layers, compare, sweep, "
                         "study or study-faults (accuracy against stuck cells).", "NAME"},
        {"study", "Open a study CSV (twill-cli study) into the Study dock.", "FILE"},
        {"to", "With --export-chart: the file (.png, .svg, .pdf, .csv or a pgfplots .dat).", "FILE"},
        {"size", "With --export-chart: pixels, WIDTHxHEIGHT (default 1600x1000); inches = pixels / DPI.", "WxH",
         "1600x1000"},
        {"dpi", "With --export-chart: dots per inch (default 200).", "N", "200"},
        {"preset", "With --export-chart: a paper size at 300 DPI, column (3.5 x 2.5 in) or page (7 x 4 in); "
                   "--dpi keeps its inches, --size replaces them.", "NAME"},
        {"font-size", "With --export-chart: tick labels and legend in points (default 8; axis titles +1, the "
                      "title +2), the same in PNG, SVG and PDF.", "PT", "8"},
        {"export-array", "Write the encoded array (.npz or .json, as twill-cli encode) and exit.", "FILE"},
        {"run", "Before exporting: run the network of the Network run dock (its defaults, or the options below)."},
        {"compare", "Before exporting: run it with msb-lsb, transpose and no overlap (Compare storage)."},
        {"run-data", "fashion (default), synthetic, or an IDX folder.", "DATA"},
        {"run-epochs", "Baseline epochs of the run.", "N"},
        {"run-samples", "Training samples of the run (default: all).", "N"},
        {"run-model", "lenet5 (default), mlp, or a TorchScript FILE.pt.", "MODEL"},
        {"run-checkpoint", "Start from this checkpoint (twill-cli train --out) instead of training.", "FILE"},
    });
    p.addPositionalArgument("project", "A project to open (the same as --project FILE).", "[FILE]");
    p.process(app);
    const QStringList files = p.positionalArguments();
    if (files.size() > 1 || (files.size() == 1 && p.isSet("project")))
        return fail("give one project, as FILE or as --project FILE");
    const QString projectFile = files.isEmpty() ? p.value("project") : files.first();
    const QString view = p.value("view");
    const QStringList views{"window", "subarray", "stack", "charts", "bitlines", "pattern", "run", "study", "study-faults", "lecture"};
    if (!views.contains(view)) return fail(QString("--view '%1' is unknown; use %2").arg(view, views.join(", ")));
    twill::ChartImageOptions chartOptions;
    if (p.isSet("export-chart")) {
        if (!p.isSet("to")) return fail("--export-chart needs --to FILE (.png, .svg, .pdf or .csv)");
        if (p.isSet("preset") && !twill::ChartImageOptions::preset(p.value("preset"), chartOptions))
            return fail(QString("--preset '%1' is unknown; use %2")
                            .arg(p.value("preset"), twill::ChartImageOptions::presetNames().join(" or ")));
        const QRegularExpressionMatch m = QRegularExpression("^(\\d+)x(\\d+)$").match(p.value("size"));
        bool ok = true, fontOk = false;
        const int presetDpi = chartOptions.dpi;
        if (p.isSet("dpi") || !p.isSet("preset")) chartOptions.dpi = p.value("dpi").toInt(&ok);
        if (!m.hasMatch() || !ok || chartOptions.dpi <= 0)
            return fail("--size is WIDTHxHEIGHT in pixels (e.g. 2400x1500) and --dpi a whole number");
        if (p.isSet("size") || !p.isSet("preset")) chartOptions.pixels = QSize(m.captured(1).toInt(), m.captured(2).toInt());
        else chartOptions.pixels = chartOptions.pixels * chartOptions.dpi / presetDpi; // the preset's inches at --dpi
        chartOptions.fontPoints = p.value("font-size").toDouble(&fontOk);
        if (!fontOk) return fail("--font-size is a number of points, e.g. 8");
    }
    const bool headless = p.isSet("screenshot") || p.isSet("export-chart") || p.isSet("export-array");
    if ((p.isSet("run") || p.isSet("compare")) && !p.isSet("export-chart") && !p.isSet("screenshot"))
        return fail("--run and --compare go with --export-chart or --screenshot (twill-cli retrain runs networks "
                    "without the window)");

    if (headless) app.setProperty("twill.screenshot", true);
    twill::MainWindow window;
    if (!projectFile.isEmpty()) {
        const QString problem = window.openProject(projectFile);
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "twill: %s\n", qPrintable(problem.section('\n', 0, 0)));
            if (headless) return 2;
        }
    }
    if (p.isSet("study")) {
        const QString problem = window.studyDock()->panel()->openCsv(p.value("study"));
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "twill: --study: %s\n", qPrintable(problem));
            if (headless) return 2;
        }
    }
    if (!headless) {
        window.show();
        if (p.isSet("study")) window.studyDock()->raise(); // once the window has laid its docks out
        return app.exec();
    }
    QTimer::singleShot(0, [&]() { QApplication::exit(runHeadless(window, p, chartOptions)); });
    return app.exec();
}
