#include "SweepDock.h"

#include "io/Npy.h"
#include "util/Error.h"

#include "ChartAxes.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMessageBox>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

namespace twill {

// The worker writes progress here; the dock's 10 Hz timer reads it. Shared, so that nothing
// the worker touches belongs to the dock.
struct SweepDock::Job {
    Job()
        : control([this](double f, const std::string &m) {
              std::lock_guard<std::mutex> lock(mutex);
              // Worker threads may report slightly out of order: the bar never steps back.
              fraction = std::max(fraction, f);
              message = m;
          })
    {
    }
    std::mutex mutex;
    double fraction = 0;
    std::string message;
    std::string error; // written by the worker before its future finishes
    JobControl control;
};

namespace {

constexpr double kLogFloor = 1e-4; // % FS; a log axis cannot show an exact zero

// "4, 8, 12, 16" (commas and/or spaces); problem says what is wrong, in words.
std::vector<int> parseWidths(const QString &text, QString &problem)
{
    std::vector<int> widths;
    const QStringList items = text.split(QRegularExpression("[,;\\s]+"), Qt::SkipEmptyParts);
    for (const QString &item : items) {
        bool ok = false;
        const int W = item.toInt(&ok);
        if (!ok) {
            problem = QString("'%1' is not a whole number; list bit widths like 4, 8, 12, 16").arg(item);
            return {};
        }
        widths.push_back(W);
    }
    if (widths.empty()) problem = "list at least one bit width, e.g. 4, 8, 12, 16";
    return widths;
}

QString duration(double seconds)
{
    const int s = int(seconds + 0.5);
    if (s < 60) return QString("%1 s").arg(s);
    if (s < 3600) return QString("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QString("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

QString sizeText(const SweepPoint &p)
{
    QString s = QString("%1x%1").arg(p.rows);
    if (p.layers > 1) s += QString("x%1").arg(p.layers);
    return s;
}

QTableWidgetItem *cell(const QString &text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

} // namespace

SweepDock::SweepDock(std::function<void(SweepSpec &)> fillEncoder, QWidget *parent)
    : QDockWidget("Sweep", parent), fillEncoder_(std::move(fillEncoder))
{
    setObjectName("sweepDock");
    auto *panel = new QWidget;
    auto *layout = new QVBoxLayout(panel);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    widths_ = new QLineEdit("4, 8, 12, 16");
    widths_->setObjectName("sweepWidths");
    widths_->setToolTip("Bit widths W to sweep, 2..32 (3D: up to 16), separated by commas or spaces.");
    widthsError_ = new QLabel;
    widthsError_->setObjectName("sweepWidthsError");
    widthsError_->setWordWrap(true);
    widthsError_->setStyleSheet("color: #b3261e;");
    widthsError_->hide();
    auto *widthsBox = new QVBoxLayout;
    widthsBox->setSpacing(2);
    widthsBox->addWidget(widths_);
    widthsBox->addWidget(widthsError_);
    form->addRow("Bit widths", widthsBox);

    msbLsb_ = new QCheckBox("msb-lsb");
    msbLsb_->setObjectName("sweepMsbLsb");
    msbLsb_->setChecked(true);
    msbLsb_->setToolTip("Row MSBs overlap column LSBs (with 3D: the balanced Latin cube).");
    transpose_ = new QCheckBox("transpose");
    transpose_->setObjectName("sweepTranspose");
    transpose_->setChecked(true);
    transpose_->setToolTip("The naive pattern: high bits meet high bits.");
    cube_ = new QCheckBox("3D cube");
    cube_->setObjectName("sweepCube");
    cube_->setToolTip("W layers read along rows, columns and pillars (widths up to 16).");
    auto *patterns = new QHBoxLayout;
    patterns->addWidget(msbLsb_);
    patterns->addWidget(transpose_);
    patterns->addWidget(cube_);
    patterns->addStretch(1);
    form->addRow("Patterns", patterns);

    wordsPerSide_ = new QSpinBox;
    wordsPerSide_->setObjectName("sweepWordsPerSide");
    wordsPerSide_->setRange(1, 8);
    wordsPerSide_->setValue(2);
    wordsPerSide_->setToolTip("Words along each row and column: rows = columns = words per side x W.");
    arrays_ = new QSpinBox;
    arrays_->setObjectName("sweepArrays");
    arrays_->setRange(1, 100000);
    arrays_->setValue(200);
    arrays_->setSingleStep(100);
    arrays_->setToolTip("Random arrays encoded at every point (seeded: the same arrays every run).");
    auto *sizes = new QHBoxLayout;
    sizes->addWidget(wordsPerSide_);
    sizes->addSpacing(12);
    sizes->addWidget(new QLabel("Arrays per point"));
    sizes->addWidget(arrays_, 1);
    form->addRow("Words per side", sizes);
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    start_ = new QPushButton("Start");
    start_->setObjectName("sweepStart");
    start_->setToolTip("Encode with the format, objective and solver of Parameters.");
    cancel_ = new QPushButton("Cancel");
    cancel_->setObjectName("sweepCancel");
    cancel_->setEnabled(false);
    export_ = new QPushButton("Export CSV\u2026");
    export_->setObjectName("sweepExport");
    export_->setEnabled(false);
    buttons->addWidget(start_);
    buttons->addWidget(cancel_);
    buttons->addStretch(1);
    buttons->addWidget(export_);
    layout->addLayout(buttons);

    progress_ = new QProgressBar;
    progress_->setObjectName("sweepProgress");
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->setFormat("%p %");
    status_ = new QLabel("Encodes random arrays at every width and pattern; rows = columns = words per side x W.");
    status_->setObjectName("sweepStatus");
    status_->setWordWrap(true);
    layout->addWidget(progress_);
    layout->addWidget(status_);

    chart_ = new QChart;
    chart_->setTitle("mean per-array max |error| (% FS) by bit width");
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->setMargins(QMargins(4, 4, 4, 4));
    xAxis_ = new QValueAxis;
    xAxis_->setTitleText("bit width W");
    xAxis_->setLabelFormat("%d");
    xAxis_->setTickType(QValueAxis::TicksDynamic);
    xAxis_->setTickAnchor(0);
    // transpose is ~100x msb-lsb: a log axis keeps both lines readable.
    yAxis_ = new QLogValueAxis;
    yAxis_->setTitleText("% of full scale");
    yAxis_->setBase(10);
    yAxis_->setLabelFormat("%g");
    yAxis_->setMinorTickCount(8);
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    setCsvColumns(chart_, {"bits", "mean_array_max_error_pct_fs"});
    auto *view = new QChartView(chart_);
    view->setObjectName("sweepChart");
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    layout->addWidget(view, 3);

    table_ = new QTableWidget(0, 8);
    table_->setObjectName("sweepTable");
    // Short two-line headers (tooltips say the rest): the dock is narrow.
    const QStringList headers = {"pattern", "W", "size", "mean |e|\n% FS", "mean arr.\nmax % FS", "max\n% FS",
                                 "cert.\n%", "arrays\n/ s"};
    const QStringList tips = {"", "bit width", "rows x columns (x layers)", "mean |error|, % of full scale",
                              "mean over arrays of each array's max |error|, % of full scale",
                              "largest |error| of any word, % of full scale",
                              "arrays the solver proved optimal", "arrays encoded per second"};
    for (int c = 0; c < headers.size(); ++c) {
        auto *h = new QTableWidgetItem(headers[c]);
        h->setToolTip(tips[c]);
        table_->setHorizontalHeaderItem(c, h);
    }
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setStyleSheet("QTableView::item { padding: 0 2px; }");
    layout->addWidget(table_, 2);
    setWidget(panel);

    watcher_ = new QFutureWatcher<SweepPoint>(this);
    connect(watcher_, &QFutureWatcher<SweepPoint>::resultReadyAt, this, [this](int index) {
        points_.push_back(watcher_->resultAt(index));
        dirty_ = true;
    });
    connect(watcher_, &QFutureWatcher<SweepPoint>::finished, this, &SweepDock::finish);
    // Progress and the chart follow a 10 Hz timer, not every array or point.
    ticker_.setInterval(100);
    connect(&ticker_, &QTimer::timeout, this, &SweepDock::tick);

    connect(start_, &QPushButton::clicked, this, &SweepDock::start);
    connect(cancel_, &QPushButton::clicked, this, &SweepDock::cancel);
    connect(export_, &QPushButton::clicked, this, [this]() {
        const QString path = QFileDialog::getSaveFileName(this, "Export sweep", "sweep.csv", "CSV (*.csv)");
        if (path.isEmpty()) return;
        const QString problem = exportCsv(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Export sweep", problem);
    });
    connect(widths_, &QLineEdit::textChanged, this, &SweepDock::checkInput);
    for (QCheckBox *box : {msbLsb_, transpose_, cube_}) connect(box, &QCheckBox::toggled, this, &SweepDock::checkInput);
    for (QSpinBox *spin : {wordsPerSide_, arrays_})
        connect(spin, &QSpinBox::valueChanged, this, &SweepDock::checkInput);
    checkInput();
    redraw();
}

SweepDock::~SweepDock()
{
    // No worker outlives the dock: it stops between arrays, within a second.
    watcher_->disconnect(this);
    if (job_) job_->control.cancel();
    watcher_->waitForFinished();
}

SweepSpec SweepDock::specFromControls(QString &problem) const
{
    SweepSpec spec;
    problem.clear();
    spec.bits = parseWidths(widths_->text(), problem);
    if (!problem.isEmpty()) return spec;
    spec.patterns.clear();
    if (msbLsb_->isChecked()) spec.patterns.push_back("msb-lsb");
    if (transpose_->isChecked()) spec.patterns.push_back("transpose");
    spec.cube = cube_->isChecked();
    spec.wordsPerSide = wordsPerSide_->value();
    spec.arrays = arrays_->value();
    try {
        validateSweep(spec); // the core's words, so the dock and the CLI say the same
    } catch (const Error &e) {
        problem = QString::fromStdString(e.what());
    }
    return spec;
}

void SweepDock::checkInput()
{
    QString problem;
    specFromControls(problem);
    widthsError_->setText(problem);
    widthsError_->setVisible(!problem.isEmpty());
    start_->setEnabled(!running_ && problem.isEmpty());
}

void SweepDock::start()
{
    if (running_) return;
    QString problem;
    SweepSpec spec = specFromControls(problem);
    if (!problem.isEmpty()) {
        checkInput();
        return;
    }
    if (fillEncoder_) fillEncoder_(spec);
    // A sweep is a batch job: every core helps, and results do not depend on the thread count.
    spec.options.threads = std::max(1, QThread::idealThreadCount());
    spec_ = spec;

    points_.clear();
    table_->setRowCount(0);
    for (auto &[name, series] : series_) {
        chart_->removeSeries(series);
        delete series;
    }
    series_.clear();
    for (const std::string &pattern : spec.patterns) {
        auto *series = new QLineSeries;
        QString name = QString::fromStdString(pattern);
        if (spec.cube) name += pattern == "msb-lsb" ? " (Latin cube)" : " (3D)";
        series->setName(name);
        series->setPointsVisible(true);
        chart_->addSeries(series);
        series->attachAxis(xAxis_);
        series->attachAxis(yAxis_);
        series_[pattern] = series;
    }
    const auto [lo, hi] = std::minmax_element(spec.bits.begin(), spec.bits.end());
    const int span = *hi - *lo;
    xAxis_->setRange(*lo - 1, *hi + 1);
    xAxis_->setTickInterval(span <= 8 ? 1 : span <= 16 ? 2 : 4);

    job_ = std::make_shared<Job>();
    const std::shared_ptr<Job> job = job_;
    lastProgress_.clear();
    progress_->setValue(0);
    status_->setText("starting\u2026");
    clock_.start();
    setRunning(true);
    ticker_.start();
    watcher_->setFuture(QtConcurrent::run([spec, job](QPromise<SweepPoint> &promise) {
        try {
            runSweep(spec, &job->control, [&promise](const SweepPoint &p) { promise.addResult(p); });
        } catch (const std::exception &e) {
            job->error = e.what();
        }
    }));
    redraw();
}

void SweepDock::cancel()
{
    if (!running_ || !job_) return;
    job_->control.cancel();
    cancel_->setEnabled(false);
    status_->setText("cancelling\u2026");
}

void SweepDock::tick()
{
    if (job_ && running_ && !job_->control.cancelled()) {
        double f = 0;
        std::string message;
        {
            std::lock_guard<std::mutex> lock(job_->mutex);
            f = job_->fraction;
            message = job_->message;
        }
        if (!message.empty()) {
            const int permille = std::clamp(int(1000 * f), 0, 1000);
            const double secs = clock_.elapsed() / 1000.0;
            QString text = QString::fromStdString(message);
            if (f > 0.01 && secs > 1) text += QString(" \u2014 about %1 left").arg(duration(secs * (1 - f) / f));
            if (text != lastProgress_) {
                lastProgress_ = text;
                progress_->setValue(permille);
                status_->setText(text);
                Q_EMIT progressChanged(permille, text);
            }
        }
    }
    if (dirty_) redraw();
}

void SweepDock::redraw()
{
    dirty_ = false;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (auto &[pattern, series] : series_) {
        QList<QPointF> xy;
        for (const SweepPoint &p : points_) {
            if (p.pattern != pattern) continue;
            const double y = std::max(kLogFloor, p.summary.meanArrayMaxPctFs);
            xy << QPointF(p.bits, y);
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
        series->replace(xy);
    }
    if (hi > 0) {
        // Whole decades around the data, so that the labels read 0.1, 1, 10...
        const double a = std::pow(10.0, std::floor(std::log10(lo)));
        double b = std::pow(10.0, std::ceil(std::log10(hi)));
        if (b <= a) b = a * 10;
        yAxis_->setRange(a * (1 - 1e-9), b * (1 + 1e-9)); // a hair wider: Qt drops a decade tick on the edge
    } else {
        yAxis_->setRange(0.1, 100);
    }
    if (series_.empty()) { // before the first sweep: the default widths' range
        xAxis_->setRange(3, 17);
        xAxis_->setTickInterval(2);
    }

    for (int r = table_->rowCount(); r < int(points_.size()); ++r) {
        const SweepPoint &p = points_[size_t(r)];
        const EncodeSummary &s = p.summary;
        table_->insertRow(r);
        table_->setItem(r, 0, cell(QString::fromStdString(p.pattern), Qt::AlignLeft | Qt::AlignVCenter));
        table_->setItem(r, 1, cell(QString::number(p.bits)));
        table_->setItem(r, 2, cell(sizeText(p)));
        table_->setItem(r, 3, cell(QString::number(s.meanPctFs, 'g', 4)));
        table_->setItem(r, 4, cell(QString::number(s.meanArrayMaxPctFs, 'g', 4)));
        table_->setItem(r, 5, cell(QString::number(s.maxPctFs, 'g', 4)));
        table_->setItem(r, 6, cell(QString::number(100 * s.certifiedFraction, 'f', 1)));
        table_->setItem(r, 7, cell(QString::number(s.arraysPerSecond, 'f', s.arraysPerSecond < 10 ? 1 : 0)));
    }
    if (table_->rowCount() > 0) table_->scrollToBottom();
    export_->setEnabled(!points_.empty());
}

void SweepDock::finish()
{
    ticker_.stop();
    const std::shared_ptr<Job> job = job_;
    const size_t expected = spec_.bits.size() * spec_.patterns.size();
    const QString took = duration(clock_.elapsed() / 1000.0);
    QString how;
    if (!job->error.empty()) {
        how = "failed";
        status_->setText("failed: " + QString::fromStdString(job->error));
    } else if (job->control.cancelled() && points_.size() < expected) {
        how = "cancelled";
        status_->setText(QString("cancelled after %1: %2 of %3 points finished; they stay in the chart and table")
                             .arg(took)
                             .arg(points_.size())
                             .arg(expected));
    } else {
        how = "finished";
        progress_->setValue(1000);
        status_->setText(QString("finished: %1 points x %2 arrays in %3").arg(points_.size()).arg(spec_.arrays).arg(took));
    }
    setRunning(false);
    redraw();
    Q_EMIT progressChanged(progress_->value(), status_->text());
    Q_EMIT sweepEnded(how);
}

void SweepDock::setRunning(bool on)
{
    running_ = on;
    for (QWidget *w : std::initializer_list<QWidget *>{widths_, msbLsb_, transpose_, cube_, wordsPerSide_, arrays_})
        w->setEnabled(!on);
    cancel_->setEnabled(on);
    checkInput();
    Q_EMIT runningChanged(on);
}

QString SweepDock::exportCsv(const QString &path)
{
    if (points_.empty()) return "nothing to export yet: run a sweep first";
    const QFileInfo file(path);
    if (!QFileInfo(file.absolutePath()).isDir())
        return QString("cannot write %1: the folder %2 does not exist; choose an existing folder")
            .arg(path, file.absolutePath());
    try {
        writeFileAtomic(path.toStdString(), sweepCsv(points_));
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace twill
