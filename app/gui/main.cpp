// twill: the desktop application.
//   twill [--screenshot FILE.png [--view window|subarray]]
#include "BitMapView.h"
#include "ErrorChartsPanel.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("Twill");
    QApplication::setOrganizationName("Twill");
    QApplication::setApplicationVersion(TWILL_VERSION);
    QCommandLineParser p;
    p.setApplicationDescription("Overlapped weights in transposable memory arrays.");
    p.addHelpOption();
    p.addVersionOption();
    p.addOption({"screenshot", "Render the window to FILE.png (no display needed) and exit.", "FILE"});
    p.addOption({"project", "Open this project first.", "FILE"});
    p.addOption({"view", "With --screenshot: window (default), subarray, charts or lecture (1280x720, halfway).", "NAME",
                 "window"});
    p.process(app);
    const QString view = p.value("view");
    if (view != "window" && view != "subarray" && view != "charts" && view != "lecture") {
        std::fprintf(stderr, "twill: --view '%s' is unknown; use window, subarray, charts or lecture\n", qPrintable(view));
        return 2;
    }

    if (p.isSet("screenshot")) app.setProperty("twill.screenshot", true);
    twill::MainWindow window;
    if (p.isSet("project")) {
        const QString problem = window.openProject(p.value("project"));
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "twill: %s\n", qPrintable(problem.section('\n', 0, 0)));
            if (p.isSet("screenshot")) return 2;
        }
    }
    if (p.isSet("screenshot")) {
        // Wait for the first encoding, then render without showing anything on a screen.
        QTimer::singleShot(0, [&]() {
            if (window.busy()) {
                QEventLoop loop;
                QObject::connect(&window, &twill::MainWindow::encoded, &loop, &QEventLoop::quit);
                QTimer::singleShot(60000, &loop, &QEventLoop::quit);
                loop.exec();
            }
            window.charts()->refreshNow();
            if (view == "lecture") {
                // A projector-sized window halfway through the greedy encoder.
                window.setLectureMode(true);
                window.resize(1280, 720);
                for (int i = 0; i < 128; ++i) window.lectureStep();
            }
            window.show();
            for (int i = 0; i < 3; ++i) QApplication::processEvents();
            QWidget *target = &window;
            if (view == "subarray") target = window.view();
            if (view == "charts") target = window.charts();
            const QImage img = target->grab().toImage();
            const bool ok = img.save(p.value("screenshot"));
            if (!ok) std::fprintf(stderr, "twill: cannot write %s\n", qPrintable(p.value("screenshot")));
            QApplication::exit(ok ? 0 : 1);
        });
        return app.exec();
    }
    window.show();
    return app.exec();
}
