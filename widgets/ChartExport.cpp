#include "ChartExport.h"

#include "ChartAxes.h"
#include "ChartFit.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBuffer>
#include <QCategoryAxis>
#include <QChart>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QImage>
#include <QLegend>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QTextDocument>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <memory>

namespace twill {

namespace {

constexpr double kUnitsPerInch = 96; // the layout's units: CSS pixels

int pixelsFor(double points)
{
    return std::max(1, int(std::lround(points * kUnitsPerInch / 72.0)));
}

QFont sized(QFont font, double points)
{
    font.setPixelSize(pixelsFor(points)); // device-independent: no second scaling by any device's DPI
    return font;
}

void activate(QChart *chart)
{
    // Lay out axes and series now; processing events here could let a view replace the chart.
    if (chart->layout()) chart->layout()->activate();
}

// Text at most 'width' wide, broken at spaces into lines (rich text, as Qt Charts draws titles).
QString wrapped(const QString &text, const QFont &font, double width)
{
    const QFontMetricsF fm(font);
    if (text.isEmpty() || fm.horizontalAdvance(text) <= width) return text;
    const QStringList words = text.split(' ', Qt::SkipEmptyParts);
    QStringList lines;
    QString line;
    for (const QString &w : words) {
        const QString candidate = line.isEmpty() ? w : line + ' ' + w;
        if (!line.isEmpty() && fm.horizontalAdvance(candidate) > width) {
            lines << line;
            line = w;
        } else {
            line = candidate;
        }
    }
    if (!line.isEmpty()) lines << line;
    for (QString &l : lines) l = l.toHtmlEscaped();
    return lines.join("<br>");
}

// Everything an export changes on a chart, put back when it goes out of scope.
class SavedChart {
public:
    explicit SavedChart(QChart *chart) : chart_(chart)
    {
        size_ = chart->size();
        title_ = chart->title();
        titleFont_ = chart->titleFont();
        margins_ = chart->margins();
        legendFont_ = chart->legend()->font();
        legendVisible_ = chart->legend()->isVisible();
        // A chart that shows its legend outside itself on screen (wrappedLegend) draws it in the file.
        if (chart->property(kLegendInExports).toBool()) chart->legend()->setVisible(true);
        for (QAbstractAxis *a : chart->axes()) {
            Axis s;
            s.axis = a;
            s.labelsFont = a->labelsFont();
            s.titleFont = a->titleFont();
            s.title = a->titleText();
            s.angle = a->labelsAngle();
            s.truncate = a->truncateLabels();
            if (auto *v = qobject_cast<QValueAxis *>(a)) {
                s.tickType = v->tickType();
                s.tickCount = v->tickCount();
                s.tickAnchor = v->tickAnchor();
                s.tickInterval = v->tickInterval();
                s.labelFormat = v->labelFormat();
            }
            axes_.push_back(s);
        }
    }
    const QString &title() const { return title_; }
    ~SavedChart()
    {
        chart_->setTitle(title_);
        chart_->setTitleFont(titleFont_);
        chart_->setMargins(margins_);
        chart_->legend()->setFont(legendFont_);
        chart_->legend()->setVisible(legendVisible_);
        for (const Axis &s : axes_) {
            s.axis->setLabelsFont(s.labelsFont);
            s.axis->setTitleFont(s.titleFont);
            s.axis->setTitleText(s.title);
            s.axis->setLabelsAngle(s.angle);
            s.axis->setTruncateLabels(s.truncate);
            if (auto *v = qobject_cast<QValueAxis *>(s.axis)) {
                v->setTickType(s.tickType);
                v->setTickCount(s.tickCount);
                v->setTickAnchor(s.tickAnchor);
                v->setTickInterval(s.tickInterval);
                v->setLabelFormat(s.labelFormat);
            }
        }
        chart_->resize(size_);
        activate(chart_);
    }

private:
    struct Axis {
        QAbstractAxis *axis = nullptr;
        QFont labelsFont, titleFont;
        QString title;
        int angle = 0;
        bool truncate = true;
        QValueAxis::TickType tickType = QValueAxis::TicksFixed;
        int tickCount = 5;
        double tickAnchor = 0, tickInterval = 0;
        QString labelFormat;
    };
    QChart *chart_;
    QSizeF size_;
    QString title_;
    QFont titleFont_, legendFont_;
    bool legendVisible_ = true;
    QMargins margins_;
    std::vector<Axis> axes_;
};

// The labels a value axis would show with round ticks under at most maxTicks.
QStringList tickLabels(const QValueAxis *axis, int maxTicks)
{
    const NiceTicks t = niceTicks(axis->min(), axis->max(), maxTicks, minTickStep(axis));
    QStringList labels;
    for (int i = 0; i < t.count; ++i) labels << QString::number(t.first + i * t.step, 'f', t.decimals);
    return labels;
}

// Round ticks as dense as the labels allow along the axis' length.
void fitValueAxis(QValueAxis *axis, const QRectF &plot)
{
    const QFontMetricsF fm(axis->labelsFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    const double length = horizontal ? plot.width() : plot.height();
    int maxTicks = 11;
    for (; maxTicks > 2; --maxTicks) {
        const QStringList labels = tickLabels(axis, maxTicks);
        double need = 0;
        for (const QString &l : labels)
            need += horizontal ? fm.horizontalAdvance(l) + fm.height() : 1.8 * fm.height();
        if (need <= length) break;
    }
    refitTicks(axis, maxTicks);
}

// Category labels upright when they do not fit side by side; never elided.
void fitCategoryAxis(QAbstractAxis *axis, const QStringList &labels, double slots, const QRectF &plot)
{
    axis->setTruncateLabels(false);
    if (axis->orientation() != Qt::Horizontal || labels.isEmpty() || slots <= 0) return;
    const QFontMetricsF fm(axis->labelsFont());
    double widest = 0;
    for (const QString &l : labels) widest = std::max(widest, fm.horizontalAdvance(l));
    const double slot = plot.width() / slots;
    const double angle = std::fabs(axis->labelsAngle()) * M_PI / 180;
    // The label's extent along the axis at its angle; upright labels need only their height.
    const double along = widest * std::cos(angle) + fm.height() * std::sin(angle);
    if (along + 0.3 * fm.height() > slot) axis->setLabelsAngle(-90);
}

// The horizontal spacing of a category axis' labels, in label slots across the plot.
double categorySlots(QCategoryAxis *axis)
{
    const QStringList labels = axis->categoriesLabels();
    std::vector<double> at;
    for (const QString &l : labels) at.push_back(axis->endValue(l));
    std::sort(at.begin(), at.end());
    double gap = axis->max() - axis->min();
    for (size_t i = 1; i < at.size(); ++i)
        if (at[i] > at[i - 1]) gap = std::min(gap, at[i] - at[i - 1]);
    return gap > 0 ? (axis->max() - axis->min()) / gap : 0;
}

void textBounds(const QGraphicsItem *item, QRectF &bounds)
{
    if (!item->isVisible()) return;
    if (qgraphicsitem_cast<const QGraphicsTextItem *>(item) || qgraphicsitem_cast<const QGraphicsSimpleTextItem *>(item))
        bounds |= item->sceneBoundingRect();
    for (const QGraphicsItem *child : item->childItems()) textBounds(child, bounds);
}

// The chart at 'logical' size with text in points, fitted so that nothing is elided.
void fitChart(QChart *chart, const QSizeF &logical, double points)
{
    chart->resize(logical);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setTitleFont(sized(chart->titleFont(), points + 2));
    chart->legend()->setFont(sized(chart->legend()->font(), points));
    for (QAbstractAxis *a : chart->axes()) {
        a->setLabelsFont(sized(a->labelsFont(), points));
        a->setTitleFont(sized(a->titleFont(), points + 1));
        a->setTruncateLabels(false);
    }
    activate(chart);
    // Titles first: wrapping them changes the plot area.
    chart->setTitle(wrapped(chart->title(), chart->titleFont(), logical.width() - 24));
    activate(chart);
    for (QAbstractAxis *a : chart->axes()) {
        const QRectF plot = chart->plotArea();
        a->setTitleText(wrapped(a->titleText(), a->titleFont(),
                                (a->orientation() == Qt::Horizontal ? plot.width() : plot.height()) - 4));
    }
    activate(chart);
    // Then ticks and labels, and room in the margins for labels that stick out of the figure (the
    // last slanted step name); each changes the plot area, so a few rounds.
    for (int pass = 0; pass < 3; ++pass) {
        const QRectF plot = chart->plotArea();
        for (QAbstractAxis *a : chart->axes()) {
            if (auto *v = qobject_cast<QValueAxis *>(a)) fitValueAxis(v, plot);
            else if (auto *b = qobject_cast<QBarCategoryAxis *>(a)) fitCategoryAxis(b, b->categories(), b->count(), plot);
            else if (auto *c = qobject_cast<QCategoryAxis *>(a)) fitCategoryAxis(c, c->categoriesLabels(), categorySlots(c), plot);
        }
        activate(chart);
        QRectF bounds;
        textBounds(chart, bounds);
        const QRectF figure(chart->pos(), logical);
        if (bounds.isEmpty() || figure.contains(bounds)) continue;
        QMargins m = chart->margins();
        m.setLeft(m.left() + std::max(0, int(std::ceil(figure.left() - bounds.left())) + 1));
        m.setRight(m.right() + std::max(0, int(std::ceil(bounds.right() - figure.right())) + 1));
        m.setTop(m.top() + std::max(0, int(std::ceil(figure.top() - bounds.top())) + 1));
        m.setBottom(m.bottom() + std::max(0, int(std::ceil(bounds.bottom() - figure.bottom())) + 1));
        chart->setMargins(m);
        activate(chart);
    }
}

void collectTexts(const QGraphicsItem *item, QStringList &out)
{
    if (!item->isVisible()) return;
    if (auto *t = qgraphicsitem_cast<const QGraphicsTextItem *>(item)) {
        if (!t->toPlainText().isEmpty()) out << t->toPlainText();
    } else if (auto *s = qgraphicsitem_cast<const QGraphicsSimpleTextItem *>(item)) {
        if (!s->text().isEmpty()) out << s->text();
    }
    for (const QGraphicsItem *child : item->childItems()) collectTexts(child, out);
}

// A column name from an axis title: "error (bin centre, LSB)" -> "error_bin_centre_lsb".
QString columnName(QString title, const QString &fallback)
{
    title = title.toLower().replace('%', " pct ");
    QString out;
    for (const QChar c : title) {
        if (c.isLetterOrNumber()) out += c;
        else if (!out.endsWith('_') && !out.isEmpty()) out += '_';
    }
    while (out.endsWith('_')) out.chop(1);
    return out.isEmpty() ? fallback : out;
}

QString axisTitle(QAbstractSeries *s, Qt::Orientation o)
{
    for (QAbstractAxis *a : s->attachedAxes())
        if (a->orientation() == o) return a->titleText();
    return {};
}

// The rows of the chart's table, text and numbers apart: the first row names the columns.
struct Table {
    QStringList header;
    QList<QList<QVariant>> rows; // QString or double
};

Table chartTable(const QChart *chart)
{
    Table t;
    const QStringList given = csvColumns(chart);
    auto column = [&](int i, const QString &fallback) { return i < given.size() ? given[i] : fallback; };
    std::vector<double> counts, edges;
    if (histogramOf(chart, counts, edges)) {
        // One row per bin, whatever draws it.
        const QString name = chart->series().isEmpty() ? QString("count") : chart->series().first()->name();
        t.header = QStringList{"series", column(0, "bin_low"), column(1, "bin_high"), column(2, columnName(name, "count"))};
        for (size_t b = 0; b < counts.size(); ++b) t.rows << QList<QVariant>{name, edges[b], edges[b + 1], counts[b]};
        return t;
    }
    for (QAbstractSeries *s : chart->series()) {
        if (auto *xy = qobject_cast<QXYSeries *>(s)) {
            QCategoryAxis *steps = nullptr;
            for (QAbstractAxis *a : xy->attachedAxes())
                if (a->orientation() == Qt::Horizontal) steps = qobject_cast<QCategoryAxis *>(a);
            const QString x = column(0, columnName(axisTitle(xy, Qt::Horizontal), "x"));
            const QString y = column(1, columnName(axisTitle(xy, Qt::Vertical), "y"));
            const QStringList header = steps ? QStringList{"series", x, x + "_label", y} : QStringList{"series", x, y};
            if (t.header.isEmpty()) t.header = header;
            for (const QPointF &p : xy->points()) {
                QList<QVariant> row{xy->name(), p.x()};
                if (steps) {
                    QString label;
                    for (const QString &l : steps->categoriesLabels())
                        if (steps->endValue(l) == p.x()) label = l;
                    row << label;
                }
                row << p.y();
                t.rows << row;
            }
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(s)) {
            QStringList categories;
            for (QAbstractAxis *a : bars->attachedAxes())
                if (auto *c = qobject_cast<QBarCategoryAxis *>(a)) categories = c->categories();
            const QString value = columnName(axisTitle(bars, Qt::Vertical), "value");
            for (QBarSet *set : bars->barSets()) {
                if (t.header.isEmpty())
                    t.header = QStringList{"series", column(0, columnName(axisTitle(bars, Qt::Horizontal), "category")),
                                           column(1, value)};
                for (int i = 0; i < set->count(); ++i) {
                    QList<QVariant> row{set->label()};
                    {
                        // Numeric categories (bit significances) stay numbers for plotting tools.
                        bool numeric = false;
                        const QString c = i < categories.size() ? categories[i] : QString::number(i);
                        const double v = c.toDouble(&numeric);
                        row << (numeric ? QVariant(v) : QVariant(c));
                    }
                    row << set->at(i);
                    t.rows << row;
                }
            }
        }
    }
    if (t.header.isEmpty()) t.header = QStringList{"series", column(0, "x"), column(1, "y")};
    return t;
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 12);
}

// Quotes a CSV field when it holds a separator or a quote.
QByteArray csvField(const QString &s)
{
    if (!s.contains(',') && !s.contains('"') && !s.contains('\n')) return s.toUtf8();
    QString q = s;
    q.replace('"', "\"\"");
    return ('"' + q + '"').toUtf8();
}

} // namespace

bool ChartImageOptions::preset(const QString &name, ChartImageOptions &o)
{
    if (name == "column") o.pixels = QSize(1050, 750);      // 3.5 x 2.5 in at 300 DPI
    else if (name == "page") o.pixels = QSize(2100, 1200);  // 7 x 4 in
    else return false;
    o.dpi = 300;
    o.fontPoints = 8;
    return true;
}

QByteArray renderChart(QChart *chart, const QString &path, const ChartImageOptions &o, QString &problem)
{
    problem.clear();
    if (!chart || !chart->scene()) {
        problem = "the chart is not shown anywhere, so it cannot be rendered";
        return {};
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "csv") return chartCsv(chart);
    if (suffix == "dat") return chartDat(chart);
    if (suffix != "png" && suffix != "svg" && suffix != "pdf") {
        problem = path + ": use a .png, .svg, .pdf, .csv or .dat file name";
        return {};
    }
    if (o.pixels.width() < 100 || o.pixels.height() < 100 || o.pixels.width() > 20000 || o.pixels.height() > 20000) {
        problem = QString("an image of %1 x %2 pixels is not possible: use 100 to 20000 pixels a side")
                      .arg(o.pixels.width())
                      .arg(o.pixels.height());
        return {};
    }
    if (o.dpi < 50 || o.dpi > 1200) {
        problem = QString("%1 DPI is outside 50..1200").arg(o.dpi);
        return {};
    }
    if (!(o.fontPoints >= 4 && o.fontPoints <= 72)) {
        problem = QString("a text size of %1 pt is outside 4..72").arg(o.fontPoints);
        return {};
    }
    // The figure in inches, laid out at 96 units an inch.
    const QSizeF logical(o.pixels.width() * kUnitsPerInch / o.dpi, o.pixels.height() * kUnitsPerInch / o.dpi);
    const QRectF source(chart->pos(), logical);
    SavedChart saved(chart);
    fitChart(chart, logical, o.fontPoints);

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QString title = saved.title().isEmpty() ? QString("Twill chart") : saved.title();
    if (suffix == "png") {
        QImage image(o.pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            chart->scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(o.pixels)), source);
        }
        const int dpm = int(o.dpi / 0.0254 + 0.5);
        image.setDotsPerMeterX(dpm); // readers size the figure by this: pixels / DPI inches
        image.setDotsPerMeterY(dpm);
        if (!image.save(&buffer, "PNG")) problem = "could not encode the PNG";
    } else if (suffix == "svg") {
        // The SVG's units are the layout's: no scaling at all, width and height in inches.
        QSvgGenerator gen;
        gen.setOutputDevice(&buffer);
        gen.setResolution(int(kUnitsPerInch));
        gen.setSize(logical.toSize());
        gen.setViewBox(QRectF(QPointF(0, 0), logical));
        gen.setTitle(title);
        QPainter painter(&gen);
        painter.setRenderHint(QPainter::Antialiasing);
        chart->scene()->render(&painter, QRectF(QPointF(0, 0), logical), source);
    } else {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(int(kUnitsPerInch));
        pdf.setPageSize(QPageSize(QSizeF(o.pixels.width() * 72.0 / o.dpi, o.pixels.height() * 72.0 / o.dpi), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(title);
        pdf.setCreator("Twill");
        QPainter painter(&pdf);
        painter.setRenderHint(QPainter::Antialiasing);
        chart->scene()->render(&painter, QRectF(QPointF(0, 0), logical), source);
    }
    if (!problem.isEmpty()) return {};
    return buffer.data();
}

QByteArray chartCsv(const QChart *chart)
{
    const Table t = chartTable(chart);
    QByteArray out = t.header.join(',').toUtf8() + '\n';
    for (const QList<QVariant> &row : t.rows) {
        for (int i = 0; i < row.size(); ++i) {
            if (i) out += ',';
            out += row[i].typeId() == QMetaType::Double ? number(row[i].toDouble()) : csvField(row[i].toString());
        }
        out += '\n';
    }
    return out;
}

QByteArray chartDat(const QChart *chart)
{
    const Table t = chartTable(chart);
    QByteArray out = "# " + chart->title().toUtf8() + "\n" + t.header.join(' ').toUtf8() + '\n';
    for (const QList<QVariant> &row : t.rows) {
        for (int i = 0; i < row.size(); ++i) {
            if (i) out += ' ';
            if (row[i].typeId() == QMetaType::Double) out += number(row[i].toDouble());
            else out += '{' + row[i].toString().replace('{', '(').replace('}', ')').toUtf8() + '}';
        }
        out += '\n';
    }
    return out;
}

QStringList chartTexts(const QChart *chart)
{
    QStringList out;
    if (chart) collectTexts(chart, out);
    return out;
}

} // namespace twill
