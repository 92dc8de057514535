#pragma once
// Twill's main window: the subarray (bit map with word errors), the parameters that define
// it, a log. Encoding runs on a worker thread (QtConcurrent) and the result replaces the
// shown array when it arrives; flips and pins go through an undo stack.
#include "ChartExport.h"
#include "encode/EditableArray.h"
#include "encode/EncodeOptions.h"
#include "spec/ArraySpec.h"

#include "job/JobControl.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMainWindow>
#include <QTimer>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QShortcut;
class QAction;
class QMenu;
class QLabel;
class QChart;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QUndoStack;

namespace twill {

class BitMapView;
class ErrorChartsPanel;
class NetworkRunDock;
class PatternEditor;
class SweepDock;

struct EncodeJobResult {
    EditableArray array;
    int generation = 0;
    double seconds = 0;
    bool certified = false;
    bool feasible = true;            // every |error| within the bound (true without one)
    bool infeasibleCertified = false; // proven: no encoding meets the bound
    bool stopped = false;            // cancelled: the best encoding found so far
    std::string error;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    const EditableArray &array() const { return array_; }
    BitMapView *view() const { return view_; }
    ErrorChartsPanel *charts() const { return charts_; }
    NetworkRunDock *runDock() const { return runDock_; }
    PatternEditor *patternEditor() const { return patternEditor_; }
    SweepDock *sweepDock() const { return sweepDock_; }
    // The custom pattern in use when Pattern is "custom" (accepted from the Pattern editor).
    bool hasCustomLayout() const { return hasCustom_; }
    const Layout &customLayout() const { return custom_; }
    void useCustomLayout(const Layout &layout);
    QUndoStack *undoStack() const { return undo_; }
    bool busy() const;
    void cancelEncoding(); // the running search stops within a second and its best result is shown

    // Projects: an empty string on success, else what went wrong (the shown state is kept).
    QString openProject(const QString &path);
    QString saveProject(const QString &path);
    const QString &projectPath() const { return projectPath_; }
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

    // Used by the undo commands.
    void applyFlip(int cell);
    void applyPin(int cell, int value);

    // Lecture mode: large type, high contrast, the greedy encoder one cell per Space.
    void setLectureMode(bool on);
    bool lectureMode() const { return lecture_; }
    void lectureStep();
    void setDarkTheme(bool dark);
    bool darkTheme() const { return dark_; }

public Q_SLOTS:
    void newExample();   // new seeded random targets, then encode
    void encode();       // encode the current targets with the current parameters

Q_SIGNALS:
    void encoded();      // a new encoding is shown

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildParameters();
    void buildMenus();
    void rememberRecent(const QString &path);
    void refreshRecentMenu();
    bool readParameters(Geometry &geometry, QString &problem) const;
    Layout layoutFor(const Geometry &geometry) const; // the chosen pattern on that geometry
    ArraySpec arraySpec() const;                      // the shown array's spec (pattern, shape)
    EncodeOptions encoderOptions() const;             // what Parameters set (one thread)
    void setEncoderOptions(const EncodeOptions &o);   // the inverse (seed and threads aside)
    void chooseChartExport();
    void explainCombination(); // inline notes on options that do nothing in this combination
    void showArray();
    void log(const QString &line);

    EditableArray array_;
    EncodeOptions options_;
    uint64_t exampleSeed_ = 1;
    bool sized_ = false;
    bool dark_ = false;
    bool loading_ = false;
    bool lecture_ = false;
    QList<QShortcut *> lectureKeys_;
    QAction *lectureAction_ = nullptr;
    bool pending_ = false;
    bool outstanding_ = false; // a job was started and its result is not shown yet   // parameters changed while a job ran: encode again when it ends
    int generation_ = 0;     // results of older requests are dropped
    QString projectPath_;
    QMenu *recentMenu_ = nullptr;
    BitMapView *view_ = nullptr;
    ErrorChartsPanel *charts_ = nullptr;
    NetworkRunDock *runDock_ = nullptr;
    PatternEditor *patternEditor_ = nullptr;
    SweepDock *sweepDock_ = nullptr;
    Layout custom_;
    bool hasCustom_ = false;
    QPlainTextEdit *log_ = nullptr;
    QUndoStack *undo_ = nullptr;
    QComboBox *pattern_ = nullptr, *format_ = nullptr, *objective_ = nullptr, *solver_ = nullptr;
    QSpinBox *bits_ = nullptr, *size_ = nullptr, *seed_ = nullptr, *layers_ = nullptr, *layerShown_ = nullptr;
    QDoubleSpinBox *bound_ = nullptr, *timeLimit_ = nullptr;
    QCheckBox *shift_ = nullptr, *offset_ = nullptr, *allLayers_ = nullptr;
    QSpinBox *maxShift_ = nullptr, *offsetBits_ = nullptr;
    QLabel *hint_ = nullptr;
    QLabel *problem_ = nullptr, *summary_ = nullptr;
    QProgressBar *encodeProgress_ = nullptr;
    QPushButton *encodeCancel_ = nullptr;
    QLabel *encodeStatus_ = nullptr;
    QSpinBox *nodeLimit_ = nullptr, *restarts_ = nullptr;
    std::shared_ptr<JobControl> encodeControl_;
    bool userCancelled_ = false;
    QElapsedTimer encodeClock_;
    QTimer encodeTicker_; // status-bar updates while a long search runs
    QPushButton *encodeButton_ = nullptr;
    QFutureWatcher<EncodeJobResult> *watcher_ = nullptr;
};

} // namespace twill
