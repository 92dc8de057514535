#include "NetworkRunDock.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace twill {

NetworkRunDock::NetworkRunDock(std::function<void(RunConfig &)> fillEncoding, QWidget *parent)
    : QDockWidget("Network run", parent), fillEncoding_(std::move(fillEncoding))
{
    setObjectName("networkRunDock");
    auto *panel = new QWidget;
    auto *layout = new QVBoxLayout(panel);
    auto *form = new QFormLayout;
    model_ = new QComboBox;
    model_->setObjectName("runModel");
    model_->addItems({"lenet5", "mlp"});
    data_ = new QComboBox;
    data_->setObjectName("runData");
    data_->addItem("Fashion-MNIST", "fashion");
    data_->addItem("synthetic (small, fast)", "synthetic");
    epochs_ = new QSpinBox;
    epochs_->setObjectName("runEpochs");
    epochs_->setRange(0, 200);
    epochs_->setValue(3);
    subset_ = new QSpinBox;
    subset_->setObjectName("runSubset");
    subset_->setRange(0, 60000);
    subset_->setSingleStep(1000);
    subset_->setValue(0);
    subset_->setSpecialValueText("all");
    mode_ = new QComboBox;
    mode_->setObjectName("runMode");
    mode_->addItems({"inq", "post", "ste"});
    form->addRow("Model", model_);
    form->addRow("Data", data_);
    form->addRow("Baseline epochs", epochs_);
    form->addRow("Training samples", subset_);
    form->addRow("Retraining", mode_);
    layout->addLayout(form);
    auto *buttons = new QHBoxLayout;
    start_ = new QPushButton("Start");
    start_->setObjectName("runStart");
    cancel_ = new QPushButton("Cancel");
    cancel_->setObjectName("runCancel");
    cancel_->setEnabled(false);
    buttons->addWidget(start_);
    buttons->addWidget(cancel_);
    layout->addLayout(buttons);
    progress_ = new QProgressBar;
    progress_->setObjectName("runProgress");
    progress_->setRange(0, 1000);
    status_ = new QLabel("Uses the bits, pattern, format and objective of Parameters (W x W arrays).");
    status_->setObjectName("runStatus");
    status_->setWordWrap(true);
    layout->addWidget(progress_);
    layout->addWidget(status_);

    auto *chart = new QChart;
    chart->setTitle("test accuracy by step");
    accuracy_ = new QLineSeries;
    accuracy_->setName("accuracy");
    baselineLine_ = new QLineSeries;
    baselineLine_->setName("float baseline");
    QPen dashed(Qt::DashLine);
    dashed.setColor(Qt::darkGray);
    baselineLine_->setPen(dashed);
    postPoint_ = new QScatterSeries;
    postPoint_->setName("after encoding");
    postPoint_->setMarkerSize(11);
    stepPoints_ = new QScatterSeries;
    stepPoints_->setName("steps");
    stepPoints_->setMarkerSize(7);
    for (QAbstractSeries *s : {static_cast<QAbstractSeries *>(accuracy_), static_cast<QAbstractSeries *>(baselineLine_),
                               static_cast<QAbstractSeries *>(postPoint_), static_cast<QAbstractSeries *>(stepPoints_)})
        chart->addSeries(s);
    auto *x = new QValueAxis;
    x->setTitleText("step");
    x->setLabelFormat("%d");
    auto *y = new QValueAxis;
    y->setTitleText("accuracy");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart_ = new QChartView(chart);
    chart_->setObjectName("runChart");
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(220);
    layout->addWidget(chart_, 1);
    setWidget(panel);

    runner_ = new NetworkRunner;
    runner_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, runner_, &QObject::deleteLater);
    thread_.start();
    connect(start_, &QPushButton::clicked, this, &NetworkRunDock::start);
    connect(cancel_, &QPushButton::clicked, this, &NetworkRunDock::cancel);
    connect(runner_, &NetworkRunner::progress, this, [this](double f, const QString &phase) {
        if (phase != lastPhase_) {
            lastPhase_ = phase;
            phaseClock_.start();
        }
        progress_->setValue(int(1000 * f));
        QString eta;
        if (f > 0.02 && phaseClock_.isValid())
            eta = QString(", about %1 s left in this phase").arg(int(phaseClock_.elapsed() / 1000.0 * (1 - f) / f + 0.5));
        status_->setText(QString("%1: %2 %%3").arg(phase).arg(int(100 * f)).arg(eta));
    });
    connect(runner_, &NetworkRunner::stepReported, this, [this](const RunStep &s) {
        steps_ << s;
        if (s.label == "baseline") baseline_ = s.accuracy;
        dirty_ = true;
    });
    connect(runner_, &NetworkRunner::finished, this,
            [this](double base, double encoded, double final, const QString &from) {
                setRunning(false);
                redraw();
                status_->setText(QString("done in %1 s: baseline %2 %, after encoding %3 %, final %4 % (%5)")
                                     .arg(clock_.elapsed() / 1000)
                                     .arg(100 * base, 0, 'f', 2)
                                     .arg(100 * encoded, 0, 'f', 2)
                                     .arg(100 * final, 0, 'f', 2)
                                     .arg(from));
                Q_EMIT runEnded("finished");
            });
    connect(runner_, &NetworkRunner::cancelled, this, [this]() {
        setRunning(false);
        redraw();
        status_->setText(QString("cancelled after %1 s; the steps so far stay in the chart").arg(clock_.elapsed() / 1000));
        Q_EMIT runEnded("cancelled");
    });
    connect(runner_, &NetworkRunner::failed, this, [this](const QString &why) {
        setRunning(false);
        status_->setText("failed: " + why);
        Q_EMIT runEnded("failed");
    });
    // Charts redraw on a timer (10 Hz), not on every point.
    redrawTimer_.setInterval(100);
    connect(&redrawTimer_, &QTimer::timeout, this, [this]() {
        if (dirty_) redraw();
    });
    redrawTimer_.start();
    redraw(); // empty axes with whole-step ticks until a run reports
}

NetworkRunDock::~NetworkRunDock()
{
    runner_->cancel(); // stops within a batch
    thread_.quit();
    thread_.wait();
}

QString NetworkRunDock::status() const
{
    return status_->text();
}

void NetworkRunDock::setRunning(bool on)
{
    running_ = on;
    start_->setEnabled(!on);
    cancel_->setEnabled(on);
    for (QWidget *w : {static_cast<QWidget *>(model_), static_cast<QWidget *>(data_), static_cast<QWidget *>(epochs_),
                       static_cast<QWidget *>(subset_), static_cast<QWidget *>(mode_)})
        w->setEnabled(!on);
}

void NetworkRunDock::start()
{
    if (running_) return;
    RunConfig c;
    c.model = model_->currentText();
    c.data = data_->currentData().toString();
    c.epochs = epochs_->value();
    c.trainSubset = subset_->value();
    c.mode = mode_->currentText();
    if (fillEncoding_) fillEncoding_(c);
    steps_.clear();
    baseline_ = -1;
    dirty_ = true;
    redraw();
    setRunning(true);
    clock_.start();
    lastPhase_.clear();
    status_->setText("starting\u2026");
    QMetaObject::invokeMethod(runner_, "run", Qt::QueuedConnection, Q_ARG(twill::RunConfig, c));
}

void NetworkRunDock::cancel()
{
    if (!running_) return;
    status_->setText("cancelling\u2026");
    runner_->cancel();
}

void NetworkRunDock::redraw()
{
    dirty_ = false;
    QList<QPointF> acc, marks, post, base;
    double lo = 1, hi = 0;
    for (const RunStep &s : steps_) {
        acc << QPointF(s.step, s.accuracy);
        if (s.label == "post") post << QPointF(s.step, s.accuracy);
        else if (s.label != "baseline") marks << QPointF(s.step, s.accuracy);
        lo = std::min(lo, s.accuracy);
        hi = std::max(hi, s.accuracy);
    }
    const int last = steps_.isEmpty() ? 1 : std::max(1, steps_.back().step);
    if (baseline_ >= 0) base << QPointF(0, baseline_) << QPointF(last, baseline_);
    accuracy_->replace(acc);
    stepPoints_->replace(marks);
    postPoint_->replace(post);
    baselineLine_->replace(base);
    auto axes = chart_->chart()->axes();
    for (QAbstractAxis *a : axes) {
        auto *v = qobject_cast<QValueAxis *>(a);
        if (!v) continue;
        if (a->alignment() == Qt::AlignBottom) {
            v->setRange(0, last);
            v->setTickCount(std::min(last, 10) + 1);
        } else {
            v->setRange(steps_.isEmpty() ? 0 : std::max(0.0, lo - 0.01), steps_.isEmpty() ? 1 : std::min(1.0, hi + 0.01));
        }
    }
}

} // namespace twill
