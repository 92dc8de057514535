#pragma once
// The charts of network runs, one tab each: accuracy and loss by step with the INQ steps named
// on the axis (the float baseline as a dashed line, the post-encoding point), the per-layer
// weight error with the error histogram of any deployed tensor, and Compare, which overlays
// the kept runs (tick to show, untick to hide). Fed with the steps a run reports; redrawn on a
// 10 Hz timer, not on every step. Other tabs (the run's setup) may be inserted before these.
#include "RunRecord.h"
#include "TensorErrors.h"

#include <QList>
#include <QStringList>
#include <QTabWidget>
#include <QTimer>

class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QLineSeries;
class QListWidget;
class QScatterSeries;

namespace twill {

class RunChartsPanel : public QTabWidget {
    Q_OBJECT
public:
    explicit RunChartsPanel(QWidget *parent = nullptr);

    // A run begins: its steps replace the shown ones.
    void startRun(const QString &name);
    void addStep(const RunStep &step);
    void setTensorErrors(const QList<TensorErrors> &tensors); // the deployed encodings, at the end
    // The run that just ended joins Compare when it got past the baseline; false when it did not.
    bool keepRun(bool complete, const QString &baselineFrom = {});
    void setRunning(bool on); // Compare shows the run going now, too
    void clearRuns();

    const QList<RunStep> &steps() const { return steps_; }
    const QList<RunRecord> &runs() const { return runs_; }
    const QList<TensorErrors> &tensorErrors() const { return tensorErrors_; }
    void showTensor(const QString &name);

    // The charts, by name (chartNames()); nullptr for other names.
    QChart *chart(const QString &name) const;
    static QStringList chartNames() { return {"accuracy", "loss", "layers", "tensor", "compare"}; }
    void showSteps();   // the accuracy tab
    void showCompare(); // the Compare tab
    void refreshNow();  // redraw at once instead of at the next tick

private:
    void addPage(QWidget *page, const QString &name); // a tab, in a scroll area
    QChartView *addChart(const QString &objectName, const QString &title, const QString &tab);
    void buildStepCharts();
    void buildLayerPage();
    void buildComparePage();
    void redrawSteps();
    void redrawLayers();
    void redrawCompare();
    void redrawTensor();

    QString currentName_;
    QList<RunStep> steps_;
    QList<RunRecord> runs_;
    QList<TensorErrors> tensorErrors_;
    double baselineAccuracy_ = -1;
    bool running_ = false;
    bool dirty_ = false;
    QTimer redrawTimer_;
    QChartView *accuracyView_ = nullptr, *lossView_ = nullptr, *layerView_ = nullptr, *tensorView_ = nullptr,
               *compareView_ = nullptr;
    QComboBox *tensorChoice_ = nullptr;
    QListWidget *runList_ = nullptr;
    QLineSeries *accuracy_ = nullptr, *baselineLine_ = nullptr, *testLoss_ = nullptr, *trainLoss_ = nullptr;
    QScatterSeries *postPoint_ = nullptr, *stepPoints_ = nullptr, *lossPoints_ = nullptr;
};

} // namespace twill
