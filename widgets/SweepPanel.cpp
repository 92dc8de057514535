#include "SweepPanel.h"

#include "ChartAxes.h"
#include "FormFields.h"
#include "JobProgressView.h"
#include "io/Npy.h"
#include "util/Error.h"

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
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace twill {

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

QString sizeText(const SweepPoint &p)
{
    QString s = QString("%1x%1").arg(p.rows);
    if (p.layers > 1) s += QString("x%1").arg(p.layers);
    return s;
}

QCheckBox *check(const char *name, const QString &text, bool on, const QString &tip)
{
    auto *box = new QCheckBox(text);
    box->setObjectName(name);
    box->setChecked(on);
    box->setToolTip(tip);
    return box;
}

} // namespace

SweepPanel::SweepPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName("sweepPanel");
    buildForm();
    buildResults();
    // The chart and table follow a 10 Hz timer, not every point.
    redrawTimer_.setInterval(100);
    connect(&redrawTimer_, &QTimer::timeout, this, [this]() {
        if (dirty_) refreshNow();
    });
    redrawTimer_.start();
    connect(start_, &QPushButton::clicked, this, &SweepPanel::startRequested);
    connect(cancel_, &QPushButton::clicked, this, &SweepPanel::cancelRequested);
    connect(export_, &QPushButton::clicked, this, [this]() {
        const QString path = QFileDialog::getSaveFileName(this, "Export sweep", "sweep.csv", "CSV (*.csv)");
        if (path.isEmpty()) return;
        const QString problem = exportCsv(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Export sweep", problem);
    });
    connect(widths_, &QLineEdit::textChanged, this, &SweepPanel::checkInput);
    for (QCheckBox *box : {msbLsb_, transpose_, cube_}) connect(box, &QCheckBox::toggled, this, &SweepPanel::checkInput);
    for (QSpinBox *spin : {wordsPerSide_, arrays_}) connect(spin, &QSpinBox::valueChanged, this, &SweepPanel::checkInput);
    checkInput();
    refreshNow();
}

void SweepPanel::buildForm()
{
    auto *layout = new QVBoxLayout(this);
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

    msbLsb_ = check("sweepMsbLsb", "msb-lsb", true, "Row MSBs overlap column LSBs (with 3D: the balanced Latin cube).");
    transpose_ = check("sweepTranspose", "transpose", true, "The naive pattern: high bits meet high bits.");
    cube_ = check("sweepCube", "3D cube", false, "W layers read along rows, columns and pillars (widths up to 16).");
    auto *patterns = new QHBoxLayout;
    for (QCheckBox *box : {msbLsb_, transpose_, cube_}) patterns->addWidget(box);
    patterns->addStretch(1);
    form->addRow("Patterns", patterns);

    wordsPerSide_ = spinField("sweepWordsPerSide", 1, 8, 2);
    wordsPerSide_->setToolTip("Words along each row and column: rows = columns = words per side x W.");
    arrays_ = spinField("sweepArrays", 1, 100000, 200);
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

    progress_ = new JobProgressView("sweepProgress", "sweepStatus",
                                    "Encodes random arrays at every width and pattern; rows = columns = words per side x W.");
    layout->addWidget(progress_);
}

void SweepPanel::buildResults()
{
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
    auto *layout = static_cast<QVBoxLayout *>(this->layout());
    layout->addWidget(view, 3);

    // Short two-line headers (tooltips say the rest): the dock is narrow.
    const QStringList headers = {"pattern", "W", "size", "mean |e|\n% FS", "mean arr.\nmax % FS", "max\n% FS",
                                 "cert.\n%", "arrays\n/ s"};
    const QStringList tips = {"", "bit width", "rows x columns (x layers)", "mean |error|, % of full scale",
                              "mean over arrays of each array's max |error|, % of full scale",
                              "largest |error| of any word, % of full scale",
                              "arrays the solver proved optimal", "arrays encoded per second"};
    table_ = resultsTable("sweepTable", headers, tips);
    table_->setStyleSheet("QTableView::item { padding: 0 2px; }");
    layout->addWidget(table_, 2);
}

SweepSpec SweepPanel::spec(QString &problem) const
{
    SweepSpec spec;
    problem.clear();
    spec.bits = parseWidths(widths_->text(), problem);
    if (!problem.isEmpty()) return spec;
    spec.patterns.clear();
    if (msbLsb_->isChecked()) spec.patterns.push_back(Pattern::MsbLsb);
    if (transpose_->isChecked()) spec.patterns.push_back(Pattern::Transpose);
    spec.cube = cube_->isChecked();
    spec.wordsPerSide = wordsPerSide_->value();
    spec.arrays = arrays_->value();
    try {
        validateSweep(spec); // the core's words, so the panel and the CLI say the same
    } catch (const Error &e) {
        problem = QString::fromStdString(e.what());
    }
    return spec;
}

void SweepPanel::setSpec(const SweepSpec &spec)
{
    QStringList widths;
    for (int W : spec.bits) widths << QString::number(W);
    widths_->setText(widths.join(", "));
    const auto has = [&](Pattern p) { return std::find(spec.patterns.begin(), spec.patterns.end(), p) != spec.patterns.end(); };
    msbLsb_->setChecked(has(Pattern::MsbLsb));
    transpose_->setChecked(has(Pattern::Transpose));
    cube_->setChecked(spec.cube);
    wordsPerSide_->setValue(spec.wordsPerSide);
    arrays_->setValue(spec.arrays);
    checkInput();
}

void SweepPanel::checkInput()
{
    QString problem;
    spec(problem);
    widthsError_->setText(problem);
    widthsError_->setVisible(!problem.isEmpty());
    start_->setEnabled(!running_ && problem.isEmpty());
}

void SweepPanel::beginSweep(const SweepSpec &spec)
{
    points_.clear();
    table_->setRowCount(0);
    for (auto &[name, series] : series_) {
        chart_->removeSeries(series);
        delete series;
    }
    series_.clear();
    for (const Pattern pattern : spec.patterns) {
        auto *series = new QLineSeries;
        QString name = QString::fromStdString(patternName(pattern));
        if (spec.cube) name += pattern == Pattern::MsbLsb ? " (Latin cube)" : " (3D)";
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
    setProgress(0, "starting\u2026");
    refreshNow();
}

void SweepPanel::addPoint(const SweepPoint &point)
{
    points_.push_back(point);
    dirty_ = true;
}

void SweepPanel::setProgress(int permille, const QString &text)
{
    progress_->setProgress(permille, text);
}

void SweepPanel::setStatus(const QString &text)
{
    progress_->setStatus(text);
}

int SweepPanel::progress() const
{
    return progress_->progress();
}

QString SweepPanel::status() const
{
    return progress_->status();
}

void SweepPanel::setRunning(bool on)
{
    running_ = on;
    for (QWidget *w : std::initializer_list<QWidget *>{widths_, msbLsb_, transpose_, cube_, wordsPerSide_, arrays_})
        w->setEnabled(!on);
    cancel_->setEnabled(on);
    checkInput();
}

void SweepPanel::setCancelling()
{
    cancel_->setEnabled(false);
    progress_->setStatus("cancelling\u2026");
}

void SweepPanel::refreshNow()
{
    dirty_ = false;
    redrawChart();
    redrawTable();
}

void SweepPanel::redrawChart()
{
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
}

void SweepPanel::redrawTable()
{
    for (int r = table_->rowCount(); r < int(points_.size()); ++r) {
        const SweepPoint &p = points_[size_t(r)];
        const EncodeSummary &s = p.summary;
        table_->insertRow(r);
        table_->setItem(r, 0, tableCell(QString::fromStdString(patternName(p.pattern)), Qt::AlignLeft | Qt::AlignVCenter));
        table_->setItem(r, 1, tableCell(QString::number(p.bits)));
        table_->setItem(r, 2, tableCell(sizeText(p)));
        table_->setItem(r, 3, tableCell(QString::number(s.meanPctFs, 'g', 4)));
        table_->setItem(r, 4, tableCell(QString::number(s.meanArrayMaxPctFs, 'g', 4)));
        table_->setItem(r, 5, tableCell(QString::number(s.maxPctFs, 'g', 4)));
        table_->setItem(r, 6, tableCell(QString::number(100 * s.certifiedFraction, 'f', 1)));
        table_->setItem(r, 7, tableCell(QString::number(s.arraysPerSecond, 'f', s.arraysPerSecond < 10 ? 1 : 0)));
    }
    if (table_->rowCount() > 0) table_->scrollToBottom();
    export_->setEnabled(!points_.empty());
}

QString SweepPanel::exportCsv(const QString &path) const
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
