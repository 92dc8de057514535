#pragma once
// Twill's main window: it assembles the docks (the subarray, Parameters, charts, the Pattern
// editor, Network run, Sweep, the log), the menus and the toolbar, and owns the jobs. Encoding
// runs through the window's JobRunner and the result replaces the shown array when it arrives;
// flips and pins go through an undo stack.
#include "ChartExport.h"
#include "EncodeJob.h"
#include "JobRunner.h"
#include "encode/EditableArray.h"
#include "encode/EncodeOptions.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <string>
#include <vector>

class QAction;
class QChart;
class QLabel;
class QPlainTextEdit;
class QDockWidget;
class QUndoStack;

namespace twill {

class BitMapView;
class BitlinesPanel;
class ErrorChartsPanel;
class JobStatus;
class LectureView;
class NetworkRunDock;
class ParametersPanel;
class PatternEditor;
class RecentProjects;
class SubarrayPanel;
class SweepDock;
class StudyDock;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    const EditableArray &array() const { return array_; }
    BitMapView *view() const { return view_; }
    ErrorChartsPanel *charts() const { return charts_; }
    BitlinesPanel *bitlines() const { return bitlines_; }
    ParametersPanel *parameters() const { return parameters_; }
    NetworkRunDock *runDock() const { return runDock_; }
    PatternEditor *patternEditor() const { return patternEditor_; }
    SweepDock *sweepDock() const { return sweepDock_; }
    StudyDock *studyDock() const { return studyDock_; }
    // The custom pattern in use when Pattern is "custom" (accepted from the Pattern editor).
    bool hasCustomLayout() const;
    const Layout &customLayout() const;
    void useCustomLayout(const Layout &layout);
    QUndoStack *undoStack() const { return undo_; }
    bool busy() const { return encodeJobs_.running(); } // until the result is shown
    void cancelEncoding(); // the running search stops within a second and its best result is shown

    // Projects: an empty string on success, else what went wrong (the shown state is kept).
    QString openProject(const QString &path);
    QString saveProject(const QString &path);
    const QString &projectPath() const { return projectPath_; }
    // Whether the choices (parameters, network setup, targets, pins) or hand edits differ
    // from the project last opened or saved (or from the built-in default).
    bool hasUnsavedChanges() const;
    // Before unsaved changes would be lost (closing, opening another project): asks Save,
    // Discard or Cancel. True when going on is fine. Headless runs never ask.
    bool maySetAside();
    // Exports, by file suffix: the bit map or the charts as .png or .svg, the chart data as
    // .csv. Empty on success, else why it failed (nothing half-written is left behind).
    QString exportBitMap(const QString &path);
    QString exportCharts(const QString &path);
    // One chart by name (chartNames()) as .png at the chosen size and DPI, .svg, .pdf or .csv.
    QString exportChart(const QString &name, const QString &path, const ChartImageOptions &options = {});
    QStringList chartNames() const;
    QChart *chartByName(const QString &name) const;
    // The shown array as twill-cli encode writes it: .npz (bits, targets, decoded, layout
    // tables) or .json (parameters, summary, per-word figures).
    QString exportArray(const QString &path);
    // The Bitlines dock's lines, overlapped and plain, as twill-cli adc --csv writes them (.csv).
    QString exportBitlines(const QString &path);

    // A POSIX shell script that makes the shown array again with twill-cli encode (pattern or
    // layout, shape, format, objective, solver, bound, seed, shift, offset, limits, stuck cells,
    // the targets), and, when the Network run dock is in view or has run, its setup with
    // twill-cli retrain (cli::reproduceScript). Edit > Copy as twill-cli command puts it on the
    // clipboard. Empty while the Parameters cannot be encoded.
    QString cliCommand() const;
    void copyCliCommand();

    // Used by the undo commands.
    void applyFlip(int cell);
    void applyPin(int cell, int value);
    void clearPins(); // Array > Clear pins, one undoable step
    void applyArray(const EditableArray &array); // shows it as it is (an encoding undone or redone)
    // The flips and pins on top of the undo stack: the hand edits since the last encoding.
    int handEdits() const;

    // Lecture mode, a presentation: the lecture view full screen in a window of its own, the
    // main window and its floating docks hidden meanwhile (so no docks, menus, toolbar or status
    // bar, whatever the layout, and the layout comes back untouched on leaving), the
    // greedy encoder one cell per Space, stepped both ways, and at the end the auto solver's
    // optimum next to the greedy result.
    void setLectureMode(bool on);
    bool lectureMode() const { return lecture_; }
    LectureView *lectureView() const { return lectureView_; }
    void lectureStep(); // the next cell
    // The array after 'step' greedy decisions (clamped to 0..lectureSteps()). Going back replays
    // the decisions from the start: the greedy encoder is deterministic, so each step undone
    // gives back exactly the bits from before it.
    void lectureSeek(int step);
    bool lectureSearching() const { return optimumJobs_.running(); } // the optimum for the end is being searched
    // Side by side (T in the lecture): the same targets in the other pattern
    // (LectureView::peerPattern), stepped with the array.
    void setLectureSideBySide(bool on);
    const EditableArray *lecturePeer() const { return lectureSideBySide_ ? &lecturePeer_ : nullptr; }
    void setDarkTheme(bool dark);
    bool darkTheme() const { return dark_; }

public Q_SLOTS:
    void newExample();   // new seeded random targets, then encode
    // The user's Encode: the current targets with the current parameters, one step on the undo
    // stack ("encode (auto solver)") that gives back the bits and pins shown before.
    void encode();

Q_SIGNALS:
    void encoded();      // a new encoding is shown

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildDocks();
    std::string settingsJson() const; // parameters and network setup as a project file holds them
    void markSaved();                // after open and save
    bool saveWithDialog(QString path); // asks for a file when path is empty; false when not saved
    void buildStatusBar();
    void buildFileMenu();
    void buildMenus();
    void optionsChanged();
    // Encodes the current targets; 'undoable': the user asked (Encode), so the result goes on the
    // undo stack when the array shown keeps its pattern; otherwise the stack starts afresh.
    void startEncoding(bool undoable);
    void encodeReturned(const EncodeJobResult &r);
    void showSearchStatus();
    void chooseChartExport();
    bool applyFaults(); // the Parameters' stuck cells on array_; false (and the problem shown) when they cannot be
    void arrayReplaced(); // array_ was assigned: the views take it before the next event
    void showArray();
    void showSummary(); // the status bar's figures of the shown array
    // The Parameters' problem under the form and, while there is one, on the bit map and the
    // figures, which keep the last valid array (greyed, "Showing the last valid array").
    void showFormProblem(const QString &problem);
    void startOptimum(); // the lecture's auto-solver encoding of the same targets, for the end
    void startLecturePeer(); // lecturePeer_ from array_'s targets, at array_'s step
    void log(const QString &line);
    QString logged(const QString &problem, const QString &done); // logs one of them, returns problem

    EditableArray array_;
    EncodeOptions options_; // of the shown (or running) encoding
    bool sized_ = false;
    bool dark_ = false;
    bool lecture_ = false;
    bool lectureSideBySide_ = false;
    EditableArray lecturePeer_; // side by side: the same targets in the other pattern
    Pattern lecturePeerFor_ = Pattern::Custom; // the pattern of the array it was made beside
    bool shownBeforeLecture_ = false;
    std::vector<QDockWidget *> floatingBeforeLecture_; // hidden during a lecture, shown again after
    bool optimumPending_ = false; // the example changed while the optimum was searched
    bool pending_ = false;       // parameters changed while a job ran: encode again when it ends
    bool pendingUndoable_ = false; // ... and the user pressed Encode meanwhile
    int undoableGeneration_ = -1;  // the request whose result goes on the undo stack
    EditableArray beforeEncode_;   // what that request's undo shows again
    bool userCancelled_ = false; // Stop search
    bool runDockInFront_ = true; // the Network run dock's tab is the one shown (not Sweep's)
    int generation_ = 0;         // results of older requests are dropped
    QString projectPath_;
    // What was last opened or saved (the cells are the encoder's; hand edits are on the undo stack).
    std::string savedSettings_;
    std::vector<int64_t> savedTargets_;
    std::vector<int8_t> savedPins_;
    RecentProjects *recent_ = nullptr;
    QAction *lectureAction_ = nullptr;
    QAction *keepPins_ = nullptr; // Array > Keep pins when the pattern changes
    BitMapView *view_ = nullptr;
    SubarrayPanel *subarray_ = nullptr;
    ParametersPanel *parameters_ = nullptr;
    ErrorChartsPanel *charts_ = nullptr;
    BitlinesPanel *bitlines_ = nullptr;
    NetworkRunDock *runDock_ = nullptr;
    PatternEditor *patternEditor_ = nullptr;
    SweepDock *sweepDock_ = nullptr;
    StudyDock *studyDock_ = nullptr;
    LectureView *lectureView_ = nullptr;
    QPlainTextEdit *log_ = nullptr;
    QUndoStack *undo_ = nullptr;
    QLabel *summary_ = nullptr;
    JobStatus *searchStatus_ = nullptr;
    QElapsedTimer encodeClock_;
    QTimer encodeTicker_; // status-bar updates while a long search runs
    JobRunner optimumJobs_; // the lecture's optimum
    JobRunner encodeJobs_; // last: cancelled and waited for first, so no worker outlives the window
};

} // namespace twill
