// Figures for papers: round ticks (against a naive search), one text scale in PNG, SVG and PDF
// (sizes in points at every DPI), the paper presets with every label and title complete and
// inside the figure, and tidy CSV / pgfplots tables with units in the column names.
#include "ChartAxes.h"
#include "ChartExport.h"
#include "ErrorChartsPanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QImage>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace twill;

class TestChartExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void niceTicksAreRound_data();
    void niceTicksAreRound();
    void niceTicksAgreeWithNaiveSearch();
    void presetsKeepEveryLabel_data();
    void presetsKeepEveryLabel();
    void oneTextScaleAtEveryDpi_data();
    void oneTextScaleAtEveryDpi();
    void tidyTables();
    void histogramBinsAreRound();
    void badOptionsSayWhy();
    void presetFromTheCommandLine();
};

namespace {

// A chart inside a view (exports need its scene), as the application builds them.
struct Shown {
    std::unique_ptr<QChartView> view;
    QChart *chart = nullptr;
    QStringList titles;    // chart and axis titles: every word must come out
    QStringList labels;    // category labels: each must come out whole
};

Shown show(QChart *chart)
{
    Shown s;
    s.chart = chart;
    s.view = std::make_unique<QChartView>(chart);
    s.view->resize(500, 320);
    s.view->show();
    QCoreApplication::processEvents();
    s.titles << chart->title();
    for (QAbstractAxis *a : chart->axes()) {
        s.titles << a->titleText();
        if (auto *b = qobject_cast<QBarCategoryAxis *>(a)) s.labels << b->categories();
        if (auto *c = qobject_cast<QCategoryAxis *>(a)) s.labels << c->categoriesLabels();
    }
    return s;
}

Shown histogram()
{
    std::vector<int64_t> errors;
    QRandomGenerator rng(7);
    for (int i = 0; i < 500; ++i) errors.push_back(int64_t(rng.bounded(-1234, 1235)));
    std::vector<double> counts, edges;
    errorHistogram(errors, 41, counts, edges);
    return show(makeHistogramChart(counts, edges, "conv2.weight: mean |e| 617.31 LSB (0.942 % FS)", "weights"));
}

// Accuracy by step, as the Network run dock draws it: named steps on a category axis, slanted.
Shown steps()
{
    auto *chart = new QChart;
    chart->setTitle("test accuracy by step");
    chart->legend()->setAlignment(Qt::AlignBottom);
    const QStringList names{"baseline", "post", "INQ 50%", "INQ 75%", "INQ 87.5%", "INQ 100%"};
    const double acc[] = {89.38, 88.89, 89.59, 89.75, 89.54, 89.58};
    auto *line = new QLineSeries;
    line->setName("accuracy");
    for (int i = 0; i < 6; ++i) line->append(i, acc[i]);
    auto *base = new QLineSeries;
    base->setName("float");
    base->append(0, 89.38);
    base->append(5, 89.38);
    chart->addSeries(line);
    chart->addSeries(base);
    auto *x = new QCategoryAxis;
    x->setTitleText("step (INQ: fraction frozen)");
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    x->setLabelsAngle(-30);
    x->setRange(-0.3, 5.3);
    x->setStartValue(-0.3);
    for (int i = 0; i < 6; ++i) x->append(names[i], i);
    auto *y = new QValueAxis;
    y->setTitleText("accuracy (%)");
    setNiceTicks(y, 88.89 - 1, 89.75 + 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    setCsvColumns(chart, {"step", "accuracy_pct"});
    return show(chart);
}

// The sweep: a title longer than a column is wide, a log axis.
Shown sweep()
{
    auto *chart = new QChart;
    chart->setTitle("mean per-array max |error| (% FS) by bit width");
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QValueAxis;
    x->setTitleText("bit width W");
    auto *y = new QLogValueAxis;
    y->setTitleText("% of full scale");
    y->setLabelFormat("%g");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (const char *pattern : {"msb-lsb", "transpose"}) {
        auto *s = new QLineSeries;
        s->setName(pattern);
        for (int W : {4, 8, 12, 16}) s->append(W, std::strcmp(pattern, "msb-lsb") == 0 ? 12.0 / W : 300.0 / W);
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    setNiceTicks(x, 3, 17);
    y->setRange(0.1, 100);
    setCsvColumns(chart, {"bits", "mean_array_max_error_pct_fs"});
    return show(chart);
}

// Per-layer error: two bar sets over named layers.
Shown layers()
{
    auto *chart = new QChart;
    chart->setTitle("per-layer weight error after inq 100%");
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *mean = new QBarSet("mean |e| (% FS)"), *worst = new QBarSet("max |e| (% FS)");
    const QStringList names{"conv1", "conv2", "fc1", "fc2", "fc3"};
    for (int i = 0; i < 5; ++i) {
        *mean << 0.4 + 0.1 * i;
        *worst << 2.5 + 0.3 * i;
    }
    auto *bars = new QBarSeries;
    bars->append(mean);
    bars->append(worst);
    chart->addSeries(bars);
    auto *x = new QBarCategoryAxis;
    x->append(names);
    auto *y = new QValueAxis;
    y->setTitleText("% FS");
    setNiceTicks(y, 0, 3.7 * 1.1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    bars->attachAxis(x);
    bars->attachAxis(y);
    setCsvColumns(chart, {"layer", "error_pct_fs"});
    return show(chart);
}

Shown byName(const QString &name)
{
    if (name == "histogram") return histogram();
    if (name == "steps") return steps();
    if (name == "sweep") return sweep();
    return layers();
}

QByteArray render(QChart *chart, const QString &suffix, const ChartImageOptions &o)
{
    QString problem;
    const QByteArray bytes = renderChart(chart, "figure." + suffix, o, problem);
    if (!problem.isEmpty()) qWarning("%s", qPrintable(problem));
    return bytes;
}

// The text of every <text> element and its font-size.
QList<std::pair<QString, double>> svgTexts(const QByteArray &svg)
{
    QList<std::pair<QString, double>> out;
    const QRegularExpression re("<text[^>]*font-size=\"([0-9.]+)\"[^>]*>([^<]*)</text>");
    for (auto it = re.globalMatch(QString::fromUtf8(svg)); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QString t = m.captured(2).trimmed();
        t.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&#39;", "'");
        out << std::make_pair(t, m.captured(1).toDouble());
    }
    return out;
}

int darkPixels(const QImage &img, const QRect &r)
{
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) n += qGray(img.pixel(x, y)) < 160;
    return n;
}

} // namespace

void TestChartExport::niceTicksAreRound_data()
{
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("step");
    QTest::addColumn<int>("decimals");
    // The axis: 0.172, 0.217, 0.263 ... becomes 0.2, 0.3, ...
    QTest::newRow("fraction") << 0.172 << 0.535 << 6 << 0.2 << 0.1 << 1;
    QTest::newRow("accuracy %") << 87.9 << 90.75 << 6 << 88.0 << 0.5 << 1;
    QTest::newRow("0..1") << 0.0 << 1.0 << 6 << 0.0 << 0.2 << 1;
    QTest::newRow("0..100") << 0.0 << 100.0 << 6 << 0.0 << 20.0 << 0;
    QTest::newRow("counts") << 0.0 << 5.0 << 6 << 0.0 << 1.0 << 0;
    QTest::newRow("negative") << -137.0 << 12.0 << 5 << -100.0 << 50.0 << 0;
    QTest::newRow("tiny") << 0.00123 << 0.00456 << 4 << 0.002 << 0.001 << 3;
    QTest::newRow("two ticks") << 3.0 << 17.0 << 2 << 10.0 << 10.0 << 0;
}

void TestChartExport::niceTicksAreRound()
{
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(int, maxTicks);
    QFETCH(double, first);
    QFETCH(double, step);
    QFETCH(int, decimals);
    const NiceTicks t = niceTicks(lo, hi, maxTicks);
    QVERIFY2(std::fabs(t.first - first) < 1e-9 * std::max(1.0, std::fabs(first)), qPrintable(QString::number(t.first)));
    QVERIFY2(std::fabs(t.step - step) < 1e-12 * std::max(1.0, step), qPrintable(QString::number(t.step)));
    QCOMPARE(t.decimals, decimals);
    QVERIFY(t.count <= std::max(2, maxTicks));
    // Every tick lies in the range and prints exactly with those decimals.
    for (int i = 0; i < t.count; ++i) {
        const double v = t.first + i * t.step;
        QVERIFY(v >= lo - 1e-9 && v <= hi + 1e-9);
        QCOMPARE(QString::number(v, 'f', t.decimals).toDouble(), QString::number(v, 'f', 12).toDouble());
    }
}

void TestChartExport::niceTicksAgreeWithNaiveSearch()
{
    // The naive answer: the smallest step of 1, 2, 5 x 10^k (k in -6..6) whose ticks within the
    // range number at most maxTicks.
    QRandomGenerator rng(11);
    for (int trial = 0; trial < 2000; ++trial) {
        const double scale = std::pow(10.0, rng.bounded(-4, 5));
        const double a = (rng.generateDouble() * 2 - 1) * scale, b = a + rng.generateDouble() * scale * 3 + 1e-3 * scale;
        const int maxTicks = rng.bounded(2, 12);
        double best = 0;
        for (int k = -8; k <= 8 && best == 0; ++k)
            for (double m : {1.0, 2.0, 5.0}) {
                const double step = m * std::pow(10.0, k);
                long long n = 0;
                for (long long i = (long long)std::ceil(a / step - 1e-9); i * step <= b + 1e-9 * step && n <= maxTicks; ++i)
                    ++n;
                if (n <= maxTicks) {
                    best = step;
                    break;
                }
            }
        const NiceTicks t = niceTicks(a, b, maxTicks);
        QVERIFY2(std::fabs(t.step - best) <= 1e-9 * best,
                 qPrintable(QString("[%1, %2] max %3: step %4, naive %5").arg(a).arg(b).arg(maxTicks).arg(t.step).arg(best)));
        QVERIFY(std::fabs(std::remainder(t.first, t.step)) < 1e-6 * t.step);
    }
}

void TestChartExport::presetsKeepEveryLabel_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("chart");
    for (const char *p : {"column", "page"})
        for (const char *c : {"histogram", "steps", "sweep", "layers"})
            QTest::newRow(qPrintable(QString("%1 %2").arg(p, c))) << QString(p) << QString(c);
}

void TestChartExport::presetsKeepEveryLabel()
{
    QFETCH(QString, preset);
    QFETCH(QString, chart);
    const Shown s = byName(chart);
    ChartImageOptions o;
    QVERIFY(ChartImageOptions::preset(preset, o));
    QCOMPARE(o.dpi, 300);
    QCOMPARE(o.pixels.width(), preset == "column" ? 1050 : 2100); // 3.5 and 7 inches
    const QSizeF onScreen = s.chart->size();
    const QByteArray svg = render(s.chart, "svg", o);
    QVERIFY(!svg.isEmpty());
    const auto texts = svgTexts(svg);
    QStringList all;
    for (const auto &[t, size] : texts) {
        QVERIFY2(!t.endsWith("...") && !t.endsWith(QChar(0x2026)), qPrintable(chart + ": '" + t + "' is elided"));
        all << t;
    }
    // Titles may wrap into lines, but every word is there; category labels come out whole.
    const QStringList words = all.join(' ').split(' ', Qt::SkipEmptyParts);
    for (const QString &title : s.titles)
        for (const QString &w : title.split(' ', Qt::SkipEmptyParts))
            QVERIFY2(words.contains(w), qPrintable(QString("'%1' of '%2' is missing from %3").arg(w, title, all.join(" | "))));
    for (const QString &label : s.labels) QVERIFY2(all.contains(label), qPrintable(label + " missing: " + all.join(" | ")));
    // Nothing is cut at the figure's edge: the outermost pixels of the PNG are blank.
    QImage png;
    QVERIFY(png.loadFromData(render(s.chart, "png", o), "PNG"));
    QCOMPARE(png.size(), o.pixels);
    const int w = png.width(), h = png.height();
    for (const QRect &edge : {QRect(0, 0, w, 3), QRect(0, h - 3, w, 3), QRect(0, 0, 3, h), QRect(w - 3, 0, 3, h)})
        QVERIFY2(darkPixels(png, edge) == 0, qPrintable(QString("ink at the edge %1,%2").arg(edge.x()).arg(edge.y())));
    QVERIFY(darkPixels(png, png.rect()) > 1000); // and it is not blank
    // TWILL_KEEP_FIGURES=DIR keeps the figures to look at.
    if (qEnvironmentVariableIsSet("TWILL_KEEP_FIGURES")) {
        const QString base = qEnvironmentVariable("TWILL_KEEP_FIGURES") + "/" + preset + "-" + chart;
        png.save(base + ".png");
        QFile f(base + ".svg");
        if (f.open(QIODevice::WriteOnly)) f.write(svg);
    }
    // The chart on screen keeps its size.
    QCOMPARE(s.chart->size(), onScreen);
}

void TestChartExport::oneTextScaleAtEveryDpi_data()
{
    QTest::addColumn<int>("dpi");
    QTest::addColumn<double>("points");
    QTest::newRow("96 DPI, 8 pt") << 96 << 8.0;
    QTest::newRow("200 DPI, 8 pt") << 200 << 8.0;
    QTest::newRow("300 DPI, 9 pt") << 300 << 9.0;
    QTest::newRow("600 DPI, 7.5 pt") << 600 << 7.5;
}

void TestChartExport::oneTextScaleAtEveryDpi()
{
    QFETCH(int, dpi);
    QFETCH(double, points);
    const Shown s = layers();
    // A 4 x 2.5 inch figure at every DPI.
    ChartImageOptions o;
    o.dpi = dpi;
    o.pixels = QSize(4 * dpi, 5 * dpi / 2);
    o.fontPoints = points;
    const QByteArray svg = render(s.chart, "svg", o);
    // The SVG is 4 x 2.5 inches in CSS pixels (96 an inch), unscaled: text sizes are points * 96 / 72.
    QVERIFY(svg.contains("width=\"101.6mm\" height=\"63.5mm\""));
    QVERIFY(svg.contains("viewBox=\"0 0 384 240\""));
    // Nothing inside is scaled: transforms only move and turn (labels upright).
    const QRegularExpression matrix("matrix\\(([-0-9.e]+),([-0-9.e]+),([-0-9.e]+),([-0-9.e]+),");
    for (auto it = matrix.globalMatch(QString(svg)); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        for (int i = 1; i <= 4; ++i) {
            const double v = std::fabs(m.captured(i).toDouble());
            QVERIFY2(v < 1e-6 || std::fabs(v - 1) < 1e-6, qPrintable(m.captured(0)));
        }
    }
    bool sawLabel = false;
    for (const auto &[t, size] : svgTexts(svg)) {
        const double pt = size * 72 / 96;
        // Tick labels and legend at 'points', axis titles one point larger, the title two (to 1/96 in).
        QVERIFY2(std::fabs(pt - points) <= 0.38 || std::fabs(pt - points - 1) <= 0.38 || std::fabs(pt - points - 2) <= 0.38,
                 qPrintable(QString("'%1' at %2 pt").arg(t).arg(pt)));
        sawLabel |= t == "conv1" && std::fabs(pt - points) <= 0.38;
    }
    QVERIFY(sawLabel);
    // The PNG is that same picture: the SVG drawn at the PNG's size matches it pixel for pixel,
    // up to antialiasing.
    QImage png;
    QVERIFY(png.loadFromData(render(s.chart, "png", o), "PNG"));
    QCOMPARE(png.dotsPerMeterX(), int(dpi / 0.0254 + 0.5));
    QImage fromSvg(o.pixels, QImage::Format_ARGB32_Premultiplied);
    fromSvg.fill(Qt::white);
    {
        QSvgRenderer r(svg);
        QVERIFY(r.isValid());
        QPainter p(&fromSvg);
        r.render(&p, QRectF(QPointF(0, 0), QSizeF(o.pixels)));
    }
    double diff = 0;
    int ink = 0;
    for (int y = 0; y < png.height(); ++y)
        for (int x = 0; x < png.width(); ++x) {
            const int a = qGray(png.pixel(x, y)), b = qGray(fromSvg.pixel(x, y));
            diff += std::abs(a - b);
            ink += a < 128;
        }
    const double meanDiff = diff / (png.width() * png.height());
    QVERIFY2(meanDiff < 4, qPrintable(QString("mean difference %1 grey levels").arg(meanDiff)));
    QVERIFY(ink > 500);
    // The PDF page is the figure's size in points.
    const QByteArray pdf = render(s.chart, "pdf", o);
    const QRegularExpressionMatch box = QRegularExpression("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]").match(QString::fromLatin1(pdf));
    QVERIFY(box.hasMatch());
    QVERIFY(std::fabs(box.captured(1).toDouble() - 288) < 0.5);
    QVERIFY(std::fabs(box.captured(2).toDouble() - 180) < 0.5);
}

void TestChartExport::tidyTables()
{
    {
        const Shown s = steps();
        const QList<QByteArray> lines = chartCsv(s.chart).trimmed().split('\n');
        QCOMPARE(lines.first(), QByteArray("series,step,step_label,accuracy_pct"));
        QCOMPARE(lines.size(), 1 + 6 + 2);
        QCOMPARE(lines[1], QByteArray("accuracy,0,baseline,89.38"));
        QCOMPARE(lines[5], QByteArray("accuracy,4,INQ 87.5%,89.54"));
        const QList<QByteArray> dat = chartDat(s.chart).trimmed().split('\n');
        QCOMPARE(dat[1], QByteArray("series step step_label accuracy_pct"));
        QCOMPARE(dat[2], QByteArray("{accuracy} 0 {baseline} 89.38"));
    }
    {
        // Histograms: one row per bin with its edges, the counts adding up to the values.
        const Shown s = histogram();
        const QList<QByteArray> lines = chartCsv(s.chart).trimmed().split('\n');
        QCOMPARE(lines.first(), QByteArray("series,error_low_lsb,error_high_lsb,weights"));
        double total = 0, lastHigh = -1e300;
        for (const QByteArray &l : lines.mid(1)) {
            const QList<QByteArray> f = l.split(',');
            QCOMPARE(f.size(), 4);
            const double low = f[1].toDouble(), high = f[2].toDouble();
            QVERIFY(high > low);
            if (lastHigh > -1e300) QCOMPARE(low, lastHigh); // bins touch
            lastHigh = high;
            total += f[3].toDouble();
        }
        QCOMPARE(int(total), 500);
    }
    {
        const Shown s = layers();
        const QList<QByteArray> lines = chartCsv(s.chart).trimmed().split('\n');
        QCOMPARE(lines.first(), QByteArray("series,layer,error_pct_fs"));
        QCOMPARE(lines[1], QByteArray("mean |e| (% FS),conv1,0.4"));
        QCOMPARE(lines.size(), 11);
    }
    {
        // Without names set, the axis titles give them, units included.
        const Shown s = sweep();
        setCsvColumns(s.chart, {});
        QCOMPARE(chartCsv(s.chart).split('\n').first(), QByteArray("series,bit_width_w,pct_of_full_scale"));
    }
}

void TestChartExport::histogramBinsAreRound()
{
    QRandomGenerator rng(3);
    for (int trial = 0; trial < 300; ++trial) {
        const int m = rng.bounded(0, 5000), n = rng.bounded(0, 200), bins = rng.bounded(3, 60);
        std::vector<int64_t> errors;
        for (int i = 0; i < n; ++i) errors.push_back(rng.bounded(-m, m + 1));
        std::vector<double> counts, edges;
        errorHistogram(errors, bins, counts, edges);
        QVERIFY(int(counts.size()) <= bins);
        QCOMPARE(edges.size(), counts.size() + 1);
        const double w = edges[1] - edges[0];
        const double mag = std::pow(10.0, std::floor(std::log10(w) + 1e-9));
        QVERIFY2(std::fabs(w / mag - 1) < 1e-9 || std::fabs(w / mag - 2) < 1e-9 || std::fabs(w / mag - 5) < 1e-9,
                 qPrintable(QString::number(w)));
        // Centred on multiples of the width, symmetric around 0.
        for (size_t b = 0; b < counts.size(); ++b) {
            const double centre = (edges[b] + edges[b + 1]) / 2;
            QCOMPARE(std::remainder(centre, w), 0.0);
        }
        QCOMPARE(edges.front(), -edges.back());
        // Counted as a naive loop over [low, high) does.
        for (size_t b = 0; b < counts.size(); ++b) {
            int naive = 0;
            for (int64_t e : errors) naive += double(e) >= edges[b] && double(e) < edges[b + 1];
            QCOMPARE(counts[b], double(naive));
        }
    }
}

void TestChartExport::badOptionsSayWhy()
{
    const Shown s = layers();
    ChartImageOptions o;
    QString problem;
    o.fontPoints = 200;
    QVERIFY(renderChart(s.chart, "f.png", o, problem).isEmpty());
    QVERIFY(problem.contains("pt"));
    QVERIFY(!ChartImageOptions::preset("poster", o));
    QVERIFY(renderChart(s.chart, "f.gif", ChartImageOptions{}, problem).isEmpty());
    QVERIFY(problem.contains(".dat"));
}

void TestChartExport::presetFromTheCommandLine()
{
    // twill --export-chart at a preset: the SVG is 3.5 x 2.5 inches; --dpi keeps the inches.
    QTemporaryDir dir;
    auto twill = [&](const QStringList &args) {
        QProcess p;
        p.start(TWILL_GUI_PATH, args);
        if (!p.waitForFinished(120000)) p.kill();
        return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
    };
    QCOMPARE(twill({"--export-chart", "significance", "--to", dir.filePath("s.svg"), "--preset", "column"}).first, 0);
    QFile svg(dir.filePath("s.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("width=\"88.9mm\" height=\"63.5mm\""));
    QCOMPARE(twill({"--export-chart", "histogram", "--to", dir.filePath("h.png"), "--preset", "page", "--dpi", "150"}).first, 0);
    const QImage png(dir.filePath("h.png"));
    QCOMPARE(png.size(), QSize(1050, 600)); // 7 x 4 inches at 150 DPI
    const auto bad = twill({"--export-chart", "histogram", "--to", dir.filePath("p.png"), "--preset", "poster"});
    QCOMPARE(bad.first, 2);
    QVERIFY2(bad.second.contains("--preset 'poster' is unknown; use column or page"), qPrintable(bad.second));
    QVERIFY(!QFile::exists(dir.filePath("p.png")));
}

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
