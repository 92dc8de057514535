#include "StudyPanel.h"

#include "ChartAxes.h"
#include "ChartFit.h"
#include "FormFields.h"
#include "JobProgressView.h"
#include "util/Error.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFontMetricsF>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPen>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace twill {

namespace {

// Each kind of storage its colour and marker, so that overlap and plain read apart at a glance.
struct KindLook {
    QColor color;
    QScatterSeries::MarkerShape shape;
};

// A chart tab: the chart, its wrapping legend under it.
QWidget *withLegend(QChartView *view, QLabel *legend)
{
    auto *page = new QWidget;
    auto *column = new QVBoxLayout(page);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(view, 1);
    column->addWidget(legend);
    return page;
}

KindLook lookOf(const std::string &storage)
{
    const std::string kind = storage.substr(0, storage.find(':'));
    if (kind == "plain") return {QColor("#5f6368"), QScatterSeries::MarkerShapeRectangle};
    if (kind == "cube") return {QColor("#188038"), QScatterSeries::MarkerShapeTriangle};
    if (kind == "transpose") return {QColor("#e37400"), QScatterSeries::MarkerShapeRotatedRectangle};
    if (kind == "diffpair") return {QColor("#8e24aa"), QScatterSeries::MarkerShapePentagon};
    return {QColor("#1a73e8"), QScatterSeries::MarkerShapeCircle};
}

QString pct(double accuracy, int decimals = 2)
{
    return QString::number(100.0 * accuracy, 'f', decimals);
}

QString conditionText(double rate, bool aware)
{
    return QString::fromStdString(faultConditionText(rate, aware));
}

// The condition the cells chart shows: the lowest rate, aware when the study has it.
std::pair<double, bool> baseCondition(const std::vector<StudyPoint> &points)
{
    std::pair<double, bool> best{1e300, false};
    for (const StudyPoint &p : points)
        if (p.faultRate < best.first || (p.faultRate == best.first && p.faultAware && !best.second))
            best = {p.faultRate, p.faultAware};
    return best;
}

// A line per scheme and awareness in the fault chart: the schemes' colours in turn.
QColor lineColor(size_t i)
{
    static const char *const colors[] = {"#1a73e8", "#5f6368", "#188038", "#e37400", "#8e24aa", "#b3261e", "#00838f", "#795548"};
    return QColor(colors[i % 8]);
}

} // namespace

StudyPanel::StudyPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName("studyPanel");
    buildForm();
    buildResults();
    connect(start_, &QPushButton::clicked, this, &StudyPanel::startRequested);
    connect(cancel_, &QPushButton::clicked, this, &StudyPanel::cancelRequested);
    connect(open_, &QPushButton::clicked, this, [this]() {
        const QString path = QFileDialog::getOpenFileName(this, "Open study", {}, "Study CSV (*.csv);;All files (*)");
        if (path.isEmpty()) return;
        const QString problem = openCsv(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Open study", problem);
    });
    connect(export_, &QPushButton::clicked, this, [this]() {
        const QString path = QFileDialog::getSaveFileName(this, "Save study rows", "study.csv", "CSV (*.csv)");
        if (path.isEmpty()) return;
        const QString problem = exportCsv(path);
        if (!problem.isEmpty()) QMessageBox::warning(this, "Save study rows", problem);
    });
    connect(storage_, &QLineEdit::textChanged, this, &StudyPanel::checkInput);
    connect(seeds_, &QLineEdit::textChanged, this, &StudyPanel::checkInput);
    connect(faultRates_, &QLineEdit::textChanged, this, &StudyPanel::checkInput);
    connect(faultCompare_, &QCheckBox::toggled, this, &StudyPanel::checkInput);
    connect(which_, &QComboBox::currentIndexChanged, this, &StudyPanel::redraw);
    checkInput();
    redraw();
}

void StudyPanel::buildForm()
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    storage_ = new QLineEdit("overlap:8, plain:4, overlap:6, plain:3");
    storage_->setObjectName("studyStorage");
    storage_->setToolTip("overlap:W (msb-lsb W x W), transpose:W, cube:W (Latin cube W x W x W, three directions), "
                         "plain:B (B-bit words, no overlap), diffpair:W (a differential pair of two msb-lsb W x W arrays)");
    seeds_ = new QLineEdit("1, 2, 3");
    seeds_->setObjectName("studySeeds");
    seeds_->setToolTip("Each seed trains its own baseline, shared by every scheme of that seed.");
    faultRates_ = new QLineEdit;
    faultRates_->setObjectName("studyFaultRates");
    faultRates_->setPlaceholderText("none, e.g. 0, 1%, 5%, 10%");
    faultRates_->setToolTip("Run every scheme and seed at each share of stuck cells (RATE[:SHARE AT 1], random maps "
                            "from the Setup's fault seed): the Fault rate tab draws accuracy against it.");
    faultCompare_ = new QCheckBox("also fault-unaware");
    faultCompare_->setObjectName("studyFaultCompare");
    faultCompare_->setToolTip("Run each nonzero rate twice: the encoder keeping the stuck cells as pins (aware), and "
                              "encoding as if healthy, then overwritten (unaware).");
    form->addRow("Storage", storage_);
    form->addRow("Seeds", seeds_);
    form->addRow("Fault rates", faultRates_);
    form->addRow("", faultCompare_);
    inputError_ = noteLabel("studyInputError", "#b3261e");
    inputError_->hide();
    form->addRow(inputError_);
    which_ = choiceField("studyAccuracy", {"final (after retraining)", "right after encoding"},
                         "Which accuracy the chart and table show.");
    form->addRow("Accuracy", which_);
    layout->addLayout(form);
    auto *network = new QLabel("The network, data and retraining are those of the Network run dock's Setup.");
    network->setObjectName("studyNote");
    network->setWordWrap(true);
    layout->addWidget(network);

    auto *buttons = new QHBoxLayout;
    start_ = new QPushButton("Start\u2026");
    start_->setObjectName("studyStart");
    start_->setToolTip("Choose the CSV for the rows (a file of the same study is continued), then run.");
    cancel_ = new QPushButton("Cancel");
    cancel_->setObjectName("studyCancel");
    cancel_->setEnabled(false);
    open_ = new QPushButton("Open CSV\u2026");
    open_->setObjectName("studyOpen");
    open_->setToolTip("Show a study made elsewhere (twill-cli study, merged shards).");
    export_ = new QPushButton("Save CSV\u2026");
    export_->setObjectName("studyExport");
    export_->setEnabled(false);
    buttons->addWidget(start_);
    buttons->addWidget(cancel_);
    buttons->addStretch(1);
    buttons->addWidget(open_);
    buttons->addWidget(export_);
    layout->addLayout(buttons);

    progress_ = new JobProgressView("studyProgress", "studyStatus",
                                    "At the same cells per weight, does overlap keep more accuracy than plain quantization?");
    layout->addWidget(progress_);
}

void StudyPanel::buildResults()
{
    chart_ = new QChart;
    chart_->setTitle("accuracy against cells per weight");
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries); // circles, squares, triangles as drawn
    chart_->setMargins(QMargins(4, 4, 4, 4));
    xAxis_ = new QValueAxis;
    xAxis_->setTitleText("cells per weight");
    yAxis_ = new QValueAxis;
    yAxis_->setTitleText("accuracy (%)");
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    setCsvColumns(chart_, {"cells_per_weight", "accuracy_pct"});
    auto *view = new QChartView(chart_);
    view->setObjectName("studyChart");
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    keepTextWhole(view);
    legend_ = wrappedLegend(chart_); // five kinds of storage do not fit side by side in a dock
    legend_->setObjectName("studyLegend");
    auto *layout = static_cast<QVBoxLayout *>(this->layout());
    // Chart and table in tabs: each gets the dock's full height, even on a 720-line screen.
    auto *tabs = new QTabWidget;
    tabs_ = tabs;
    tabs->setObjectName("studyTabs");
    tabs->addTab(withLegend(view, legend_), "Chart");
    layout->addWidget(tabs, 1);

    const QStringList headers = {"storage", "cells /\nweight", "seeds", "encoded\n% (sd)", "final\n% (sd)", "mean |e|\n% FS",
                                 "Pareto"};
    const QStringList tips = {"", "cells plus metadata bits per weight, padding included", "seeds run",
                              "accuracy right after encoding: mean (standard deviation) over the seeds",
                              "accuracy of the deployed weights (after retraining): mean (standard deviation)",
                              "mean |error| of the deployed encoding, % of full scale",
                              "on the front: no other scheme has as few cells and more accuracy (by the accuracy shown)"};
    table_ = resultsTable("studyTable", headers + QStringList{"stuck\ncells"},
                          tips + QStringList{"the share of stuck cells, and whether the encoder knew them (aware)"});
    tabs->addTab(table_, "Table");

    faultChart_ = new QChart;
    faultChart_->legend()->setAlignment(Qt::AlignBottom);
    faultChart_->setMargins(QMargins(4, 4, 4, 4));
    faultX_ = new QValueAxis;
    faultX_->setTitleText("stuck cells (%)");
    faultY_ = new QValueAxis;
    faultY_->setTitleText("accuracy (%)");
    faultChart_->addAxis(faultX_, Qt::AlignBottom);
    faultChart_->addAxis(faultY_, Qt::AlignLeft);
    setCsvColumns(faultChart_, {"stuck_pct", "accuracy_pct"});
    auto *faultView = new QChartView(faultChart_);
    faultView->setObjectName("studyFaultChart");
    faultView->setRenderHint(QPainter::Antialiasing);
    faultView->setMinimumHeight(200);
    keepTextWhole(faultView);
    faultLegend_ = wrappedLegend(faultChart_);
    faultLegend_->setObjectName("studyFaultLegend");
    tabs->addTab(withLegend(faultView, faultLegend_), "Fault rate");
    answer_ = new QLabel;
    answer_->setObjectName("studyAnswer");
    answer_->setWordWrap(true);
    answer_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    answer_->setToolTip("Accuracy differences in points, scheme minus plain, taken seed by seed (a seed's rows share "
                        "their baseline): mean (standard deviation), and the seeds where the scheme is ahead.");
    // A long answer (many fault conditions) scrolls after about six lines, so that the chart
    // keeps its room on a 720-line screen.
    answerScroll_ = new QScrollArea;
    answerScroll_->setObjectName("studyAnswerScroll");
    answerScroll_->setWidget(answer_);
    answerScroll_->setWidgetResizable(true);
    answerScroll_->setFrameShape(QFrame::NoFrame);
    answerScroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    answerScroll_->setMaximumHeight(6 * answer_->fontMetrics().lineSpacing() + 6);
    layout->addWidget(answerScroll_);
}

QString StudyPanel::status() const
{
    return progress_->status();
}

QString StudyPanel::answer() const
{
    return answer_->text();
}

void StudyPanel::studyParts(std::vector<StorageScheme> &storage, std::vector<uint64_t> &seeds, QString &problem) const
{
    problem.clear();
    storage.clear();
    seeds.clear();
    // The core's words, so that the panel and the command line say the same.
    StudySpec parts;
    try {
        parts.storage = parseStorageList(storage_->text().toStdString());
        parts.seeds = parseSeedList(seeds_->text().toStdString());
        parts.checkSchemesAndSeeds();
    } catch (const SpecError &e) {
        problem = QString(e.key() == "storage" ? "Storage: " : "Seeds: ") + QString::fromStdString(e.problem());
        return;
    }
    storage = parts.storage;
    seeds = parts.seeds;
}

void StudyPanel::setStudyParts(const QString &storage, const QString &seeds)
{
    storage_->setText(storage);
    seeds_->setText(seeds);
}

void StudyPanel::faultParts(std::vector<FaultSpec> &rates, bool &compare, QString &problem) const
{
    problem.clear();
    rates.clear();
    compare = false;
    const std::string text = faultRates_->text().trimmed().toStdString();
    if (text.empty()) {
        if (faultCompare_->isChecked()) problem = "Fault rates: give the rates to compare aware and unaware at, e.g. 0, 1%, 5%";
        return;
    }
    try {
        rates = parseFaultRateList(text);
    } catch (const SpecError &e) {
        problem = "Fault rates: " + QString::fromStdString(e.problem());
        return;
    }
    compare = faultCompare_->isChecked();
}

void StudyPanel::setFaultParts(const QString &rates, bool compare)
{
    faultRates_->setText(rates);
    faultCompare_->setChecked(compare);
}

void StudyPanel::checkInput()
{
    std::vector<StorageScheme> storage;
    std::vector<uint64_t> seeds;
    QString problem;
    studyParts(storage, seeds, problem);
    if (problem.isEmpty()) {
        std::vector<FaultSpec> rates;
        bool compare = false;
        faultParts(rates, compare, problem);
    }
    inputError_->setText(problem);
    inputError_->setVisible(!problem.isEmpty());
    start_->setEnabled(!running_ && problem.isEmpty());
}

void StudyPanel::setRows(const std::vector<StudyResult> &rows, const QString &source)
{
    rows_ = rows;
    source_ = source;
    redraw();
}

void StudyPanel::addRow(const StudyResult &row)
{
    rows_.push_back(row);
    redraw();
}

void StudyPanel::setAccuracy(StudyAccuracy which)
{
    which_->setCurrentIndex(which == StudyAccuracy::Final ? 0 : 1);
}

StudyAccuracy StudyPanel::accuracy() const
{
    return which_->currentIndex() == 0 ? StudyAccuracy::Final : StudyAccuracy::Encoded;
}

void StudyPanel::redraw()
{
    chart_->removeAllSeries();
    points_ = studyPoints(rows_, accuracy());
    export_->setEnabled(!rows_.empty());
    // The cells chart shows one fault condition (the lowest rate); the Fault rate tab all.
    const auto [baseRate, baseAware] = baseCondition(points_);
    std::vector<StudyPoint> drawn;
    for (const StudyPoint &p : points_)
        if (p.faultRate == baseRate && p.faultAware == baseAware) drawn.push_back(p);
    double xLo = 1e300, xHi = -1e300, yLo = 1e300, yHi = -1e300;
    // One legend entry per kind of storage (its colour and marker); each scheme's marker is
    // labelled with its item, so that the legend stays short in a narrow dock.
    std::vector<std::string> kinds;
    for (const StudyPoint &p : drawn) {
        const std::string kind = p.storage.substr(0, p.storage.find(':'));
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
    }
    for (const std::string &kind : kinds) {
        const KindLook look = lookOf(kind);
        auto *entry = new QScatterSeries;
        entry->setName(kind == "overlap" ? "overlap (msb-lsb)" : kind == "cube" ? "cube (Latin)" : kind == "plain" ? "plain (no overlap)" : QString::fromStdString(kind));
        entry->setMarkerShape(look.shape);
        entry->setMarkerSize(11);
        entry->setColor(look.color);
        entry->setBorderColor(look.color.darker(140));
        chart_->addSeries(entry);
        entry->attachAxis(xAxis_);
        entry->attachAxis(yAxis_);
    }
    // Schemes that land on (nearly) the same spot share one label: at the same cells a weight
    // (within the padding of the last arrays) and closer than about a label's height (in the
    // plot as it is now; before the first layout, a twelfth of its height).
    double xr = 1, yr = 1;
    if (!drawn.empty()) {
        double lo = 1e300, hi = -1e300, ylo = 1e300, yhi = -1e300;
        for (const StudyPoint &p : drawn) {
            lo = std::min(lo, p.cellsPerWeight);
            hi = std::max(hi, p.cellsPerWeight);
            ylo = std::min(ylo, 100 * p.min);
            yhi = std::max(yhi, 100 * p.max);
        }
        xr = (hi - lo) + 2 * std::max(0.4, 0.12 * (hi - lo));
        yr = ((yhi - ylo) + 2 * std::max(0.5, 0.08 * (yhi - ylo))) / 100;
    }
    const double plotHeight = chart_->plotArea().height();
    const double labelShare = plotHeight > 40 ? 1.6 * QFontMetricsF(chart_->font()).height() / plotHeight : 1.0 / 12;
    std::vector<QString> labels(drawn.size());
    std::vector<size_t> owner(drawn.size());
    for (size_t i = 0; i < drawn.size(); ++i) {
        owner[i] = i;
        for (size_t j = 0; j < i && owner[i] == i; ++j)
            if (std::abs(drawn[j].cellsPerWeight - drawn[i].cellsPerWeight) < 0.01 * xr &&
                std::abs(drawn[j].mean - drawn[i].mean) < labelShare * yr)
                owner[i] = owner[j];
        QString &l = labels[owner[i]];
        l += (l.isEmpty() ? "" : " / ") + QString::fromStdString(drawn[i].storage);
    }
    for (size_t i = 0; i < drawn.size(); ++i) {
        const StudyPoint &p = drawn[i];
        const KindLook look = lookOf(p.storage);
        // The spread over the seeds: lowest to highest, a bar without a legend entry.
        if (p.seeds > 1) {
            auto *bar = new QLineSeries;
            bar->setName(QString::fromStdString(p.storage) + " seeds");
            bar->append(p.cellsPerWeight, 100 * p.min);
            bar->append(p.cellsPerWeight, 100 * p.max);
            bar->setPen(QPen(look.color, 2));
            chart_->addSeries(bar);
            bar->attachAxis(xAxis_);
            bar->attachAxis(yAxis_);
            hideFromLegend(chart_, bar);
        }
        auto *marker = new QScatterSeries;
        marker->setName(QString::fromStdString(p.storage));
        marker->setMarkerShape(look.shape);
        // Plain storage hollow and smaller: an overlapped scheme at the same point shows around it.
        const bool plain = p.storage.rfind("plain", 0) == 0;
        marker->setMarkerSize(plain ? 9 : 12);
        marker->setColor(plain ? QColor(Qt::white) : look.color);
        QPen border(plain ? look.color : look.color.darker(140), plain ? 2 : 1);
        marker->setPen(border);
        marker->append(p.cellsPerWeight, 100 * p.mean);
        marker->setPointLabelsFormat(labels[i]);
        marker->setPointLabelsVisible(!labels[i].isEmpty());
        marker->setPointLabelsClipping(false);
        marker->setPointLabelsColor(look.color.darker(160));
        QFont labelFont = marker->pointLabelsFont();
        labelFont.setPointSizeF(labelFont.pointSizeF() * 0.85);
        marker->setPointLabelsFont(labelFont);
        chart_->addSeries(marker);
        marker->attachAxis(xAxis_);
        marker->attachAxis(yAxis_);
        hideFromLegend(chart_, marker);
        xLo = std::min(xLo, p.cellsPerWeight);
        xHi = std::max(xHi, p.cellsPerWeight);
        yLo = std::min(yLo, 100 * p.min);
        yHi = std::max(yHi, 100 * p.max);
    }
    std::vector<StudyPoint> front;
    for (const StudyPoint &p : drawn)
        if (p.pareto) front.push_back(p);
    std::sort(front.begin(), front.end(), [](const StudyPoint &a, const StudyPoint &b) { return a.cellsPerWeight < b.cellsPerWeight; });
    if (front.size() > 1) {
        auto *line = new QLineSeries;
        line->setName("Pareto front");
        QPen pen(QColor("#b3261e"), 1.5, Qt::DashLine);
        line->setPen(pen);
        for (const StudyPoint &p : front) line->append(p.cellsPerWeight, 100 * p.mean);
        chart_->addSeries(line);
        line->attachAxis(xAxis_);
        line->attachAxis(yAxis_);
    }
    if (drawn.empty()) {
        setNiceTicks(xAxis_, 0, 8);
        setNiceTicks(yAxis_, 0, 100);
    } else {
        const double xPad = std::max(0.4, 0.12 * (xHi - xLo)), yPad = std::max(0.5, 0.08 * (yHi - yLo));
        setNiceTicks(xAxis_, std::max(0.0, xLo - xPad), xHi + xPad);
        setNiceTicks(yAxis_, std::max(0.0, yLo - yPad), std::min(100.0, yHi + yPad));
    }
    const bool faults = hasFaultConditions(rows_);
    chart_->setTitle(QString("%1 accuracy against cells per weight").arg(accuracy() == StudyAccuracy::Final ? "final" : "post-encoding"));
    // With fault rates, the axis says which condition is drawn (the title has no room to spare).
    xAxis_->setTitleText(faults && !drawn.empty() ? "cells per weight (stuck cells: " + conditionText(baseRate, baseAware) + ")"
                                                  : QString("cells per weight"));

    QStringList lines;
    const bool fin = accuracy() == StudyAccuracy::Final;
    if (!faults) {
        for (const StudyPair &p : equalStoragePairs(rows_))
            lines << QString::asprintf("%s vs %s: %s %+.2f points (sd %.2f), ahead in %d of %d", p.scheme.c_str(),
                                       p.plain.c_str(), fin ? "final" : "encoded", 100 * (fin ? p.finalDiff : p.encodedDiff),
                                       100 * (fin ? p.finalDiffSd : p.encodedDiffSd), fin ? p.finalWins : p.encodedWins,
                                       p.seeds);
    } else {
        // One paragraph per scheme and plain scheme, its conditions in a row, so that six rates
        // aware and unaware stay a few lines in a narrow dock.
        std::vector<std::pair<std::string, std::string>> order;
        std::map<std::pair<std::string, std::string>, QStringList> by;
        for (const StudyPair &p : equalStoragePairs(rows_)) {
            const auto key = std::make_pair(p.scheme, p.plain);
            if (!by.count(key)) order.push_back(key);
            by[key] << QString::asprintf("%s %+.2f (%.2f) %d/%d", conditionText(p.faultRate, p.faultAware).toUtf8().constData(),
                                         100 * (fin ? p.finalDiff : p.encodedDiff), 100 * (fin ? p.finalDiffSd : p.encodedDiffSd),
                                         fin ? p.finalWins : p.encodedWins, p.seeds);
        }
        for (const auto &key : order)
            lines << QString("%1 vs %2, %3 accuracy, points (sd) and seeds ahead: %4")
                         .arg(QString::fromStdString(key.first), QString::fromStdString(key.second), fin ? "final" : "encoded",
                              by[key].join("; "));
    }
    answer_->setText(lines.isEmpty() ? QString() : "At equal storage, seed by seed:\n" + lines.join("\n"));
    answer_->setVisible(!lines.isEmpty());
    answerScroll_->setVisible(!lines.isEmpty());
    // As tall as the text, up to the maximum (a label in a scroll area asks for no height itself).
    answerScroll_->setMinimumHeight(std::min(answerScroll_->maximumHeight(), answer_->heightForWidth(std::max(200, answerScroll_->viewport()->width())) + 2));
    const std::vector<StudyPoint> encoded = studyPoints(rows_, StudyAccuracy::Encoded);
    const std::vector<StudyPoint> final = studyPoints(rows_, StudyAccuracy::Final);
    table_->setRowCount(int(points_.size()));
    for (size_t i = 0; i < points_.size(); ++i) {
        const int r = int(i);
        table_->setItem(r, 0, tableCell(QString::fromStdString(points_[i].storage), Qt::AlignLeft | Qt::AlignVCenter));
        table_->setItem(r, 1, tableCell(QString::number(points_[i].cellsPerWeight, 'f', 3)));
        table_->setItem(r, 2, tableCell(QString::number(points_[i].seeds)));
        table_->setItem(r, 3, tableCell(pct(encoded[i].mean) + " (" + pct(encoded[i].stddev) + ")"));
        table_->setItem(r, 4, tableCell(pct(final[i].mean) + " (" + pct(final[i].stddev) + ")"));
        table_->setItem(r, 5, tableCell(QString::number(points_[i].meanPctFs, 'f', 3)));
        table_->setItem(r, 6, tableCell(points_[i].pareto ? "yes" : "", Qt::AlignCenter));
        table_->setItem(r, 7, tableCell(conditionText(points_[i].faultRate, points_[i].faultAware)));
    }
    refreshWrappedLegend(legend_, chart_);
    redrawFaults();
    refreshWrappedLegend(faultLegend_, faultChart_); // empty while the tab is away
}

void StudyPanel::redrawFaults()
{
    faultChart_->removeAllSeries();
    std::vector<double> rates;
    for (const StudyPoint &p : points_)
        if (std::find(rates.begin(), rates.end(), p.faultRate) == rates.end()) rates.push_back(p.faultRate);
    // The tab is there when the study has rates to draw along.
    tabs_->setTabVisible(2, rates.size() > 1);
    if (rates.size() <= 1) return;
    // One line per scheme and awareness, through its rates in order; a rate's aware point also
    // starts the unaware line at 0 % (no stuck cells: nothing to be unaware of).
    std::vector<std::pair<std::string, bool>> lines;
    for (const StudyPoint &p : points_)
        if (std::find(lines.begin(), lines.end(), std::make_pair(p.storage, p.faultAware)) == lines.end())
            lines.emplace_back(p.storage, p.faultAware);
    std::vector<std::string> schemes;
    for (const auto &[storage, aware] : lines)
        if (std::find(schemes.begin(), schemes.end(), storage) == schemes.end()) schemes.push_back(storage);
    double yLo = 100, yHi = 0, xHi = 0;
    for (const auto &[storage, aware] : lines) {
        std::vector<const StudyPoint *> along;
        for (const StudyPoint &p : points_)
            if (p.storage == storage && (p.faultAware == aware || (!aware && p.faultRate == 0 && p.faultAware))) along.push_back(&p);
        std::sort(along.begin(), along.end(), [](const StudyPoint *a, const StudyPoint *b) { return a->faultRate < b->faultRate; });
        const QColor color = lineColor(size_t(std::find(schemes.begin(), schemes.end(), storage) - schemes.begin()));
        auto *line = new QLineSeries;
        line->setName(QString::fromStdString(storage) + (aware ? "" : " unaware"));
        QPen pen(color, 2, aware ? Qt::SolidLine : Qt::DashLine);
        line->setPen(pen);
        line->setPointsVisible(true);
        for (const StudyPoint *p : along) {
            line->append(100 * p->faultRate, 100 * p->mean);
            yLo = std::min(yLo, 100 * p->min);
            yHi = std::max(yHi, 100 * p->max);
            xHi = std::max(xHi, 100 * p->faultRate);
            if (p->seeds > 1 && (aware || p->faultRate > 0)) {
                auto *bar = new QLineSeries;
                bar->setName(line->name() + " seeds");
                bar->append(100 * p->faultRate, 100 * p->min);
                bar->append(100 * p->faultRate, 100 * p->max);
                bar->setPen(QPen(color, 1));
                faultChart_->addSeries(bar);
                bar->attachAxis(faultX_);
                bar->attachAxis(faultY_);
                hideFromLegend(faultChart_, bar);
            }
        }
        faultChart_->addSeries(line);
        line->attachAxis(faultX_);
        line->attachAxis(faultY_);
        // The legend names each scheme once, by its colour; the title says what dashes are.
        if (!aware && std::find(lines.begin(), lines.end(), std::make_pair(storage, true)) != lines.end())
            hideFromLegend(faultChart_, line);
    }
    setNiceTicks(faultX_, 0, std::max(1.0, xHi * 1.05));
    const double pad = std::max(0.5, 0.08 * (yHi - yLo));
    setNiceTicks(faultY_, std::max(0.0, yLo - pad), std::min(100.0, yHi + pad));
    faultChart_->setTitle(QString("%1 accuracy against stuck cells (dashed: fault-unaware)")
                              .arg(accuracy() == StudyAccuracy::Final ? "final" : "post-encoding"));
}

void StudyPanel::setRunning(bool on)
{
    running_ = on;
    for (QWidget *w : std::initializer_list<QWidget *>{storage_, seeds_, faultRates_, faultCompare_, open_}) w->setEnabled(!on);
    cancel_->setEnabled(on);
    cancel_->setText("Cancel");
    checkInput();
}

void StudyPanel::setCancelling()
{
    cancel_->setEnabled(false);
    cancel_->setText("Cancelling\u2026");
    progress_->setStatus("cancelling: the row running now stops at its next batch; finished rows stay in the file");
}

QString StudyPanel::openCsv(const QString &path)
{
    try {
        const std::vector<StudyResult> rows = readStudyCsv(path.toStdString());
        if (rows.empty()) return path + " holds no rows yet";
        setRows(rows, path);
        // The form names the opened study's schemes and seeds (Start continues it with the same setup).
        QStringList storage, seeds;
        for (const StudyResult &r : rows) {
            if (!storage.contains(QString::fromStdString(r.storage))) storage << QString::fromStdString(r.storage);
            if (!seeds.contains(QString::number(r.seed))) seeds << QString::number(r.seed);
        }
        if (!running_) {
            setStudyParts(storage.join(", "), seeds.join(", "));
            // A file with several fault conditions is a study with fault rates: the form names
            // them (a single condition came from the Setup's faults, not from rates).
            std::vector<double> rates;
            bool unaware = false, aware = false;
            for (const StudyResult &r : rows) {
                if (std::find(rates.begin(), rates.end(), r.faultRate) == rates.end()) rates.push_back(r.faultRate);
                (r.faultAware ? aware : unaware) = true;
            }
            QStringList list;
            for (double x : rates) list << (x == 0 ? QString("0") : QString("%1%").arg(100 * x, 0, 'g', 6));
            if (rates.size() > 1 || (aware && unaware)) setFaultParts(list.join(", "), aware && unaware);
            else setFaultParts({}, false);
        }
        const int missing = rows.front().studyRows - int(rows.size());
        progress_->setStatus(QString("%1: %2 rows of study %3%4")
                      .arg(path)
                      .arg(rows.size())
                      .arg(QString::fromStdString(rows.front().study))
                      .arg(missing > 0 ? QString(" (%1 of its rows are not in the file)").arg(missing) : QString()));
        return {};
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
}

QString StudyPanel::exportCsv(const QString &path) const
{
    try {
        writeStudyCsv(path.toStdString(), rows_);
        return {};
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
}

} // namespace twill
