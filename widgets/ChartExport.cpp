#include "ChartExport.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBuffer>
#include <QChart>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QXYSeries>
#include <QGraphicsLayout>

namespace twill {

namespace {

// Quotes a CSV field when it holds a separator or a quote.
QByteArray csvField(const QString &s)
{
    if (!s.contains(',') && !s.contains('"') && !s.contains('\n')) return s.toUtf8();
    QString q = s;
    q.replace('"', "\"\"");
    return ('"' + q + '"').toUtf8();
}

// Lays the chart out at 'logical' size (in screen pixels at 96 DPI) and paints it into the
// painter's device scaled to fill 'target'; the chart's on-screen size comes back afterwards.
void paintChart(QChart *chart, QPainter &painter, const QSizeF &logical, const QRectF &target)
{
    const QSizeF before = chart->size();
    chart->resize(logical);
    // Lay out axes and series now; processing events here could let a view replace the chart.
    if (chart->layout()) chart->layout()->activate();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    chart->scene()->render(&painter, target, QRectF(chart->pos(), logical));
    chart->resize(before);
    if (chart->layout()) chart->layout()->activate();
}

} // namespace

QByteArray renderChart(QChart *chart, const QString &path, const ChartImageOptions &o, QString &problem)
{
    problem.clear();
    if (!chart || !chart->scene()) {
        problem = "the chart is not shown anywhere, so it cannot be rendered";
        return {};
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "csv") return chartCsv(chart);
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
    const double scale = o.dpi / 96.0;
    const QSizeF logical(o.pixels.width() / scale, o.pixels.height() / scale);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (suffix == "png") {
        QImage image(o.pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        const int dpm = int(o.dpi / 0.0254 + 0.5);
        image.setDotsPerMeterX(dpm); // readers size the figure by this: pixels / DPI inches
        image.setDotsPerMeterY(dpm);
        {
            QPainter painter(&image);
            paintChart(chart, painter, logical, QRectF(QPointF(0, 0), QSizeF(o.pixels)));
        }
        if (!image.save(&buffer, "PNG")) problem = "could not encode the PNG";
    } else if (suffix == "svg") {
        QSvgGenerator gen;
        gen.setOutputDevice(&buffer);
        gen.setSize(o.pixels);
        gen.setResolution(o.dpi);
        gen.setViewBox(QRect(QPoint(0, 0), o.pixels));
        gen.setTitle(chart->title().isEmpty() ? "Twill chart" : chart->title());
        QPainter painter(&gen);
        paintChart(chart, painter, logical, QRectF(QPointF(0, 0), QSizeF(o.pixels)));
    } else if (suffix == "pdf") {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(o.dpi);
        pdf.setPageSize(QPageSize(QSizeF(o.pixels.width() * 72.0 / o.dpi, o.pixels.height() * 72.0 / o.dpi), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(chart->title().isEmpty() ? "Twill chart" : chart->title());
        pdf.setCreator("Twill");
        QPainter painter(&pdf);
        const QRectF page(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
        paintChart(chart, painter, logical, page);
    } else {
        problem = path + ": use a .png, .svg, .pdf or .csv file name";
        return {};
    }
    if (!problem.isEmpty()) return {};
    return buffer.data();
}

QByteArray chartCsv(const QChart *chart)
{
    QByteArray out = "series,x,y\n";
    for (QAbstractSeries *s : chart->series()) {
        if (auto *xy = qobject_cast<QXYSeries *>(s)) {
            for (const QPointF &p : xy->points())
                out += csvField(xy->name()) + ',' + QByteArray::number(p.x(), 'g', 12) + ','
                       + QByteArray::number(p.y(), 'g', 12) + '\n';
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(s)) {
            // Bars: x is the category (the label of the axis), one row per bar.
            QStringList categories;
            for (QAbstractAxis *a : bars->attachedAxes())
                if (auto *c = qobject_cast<QBarCategoryAxis *>(a)) categories = c->categories();
            for (QBarSet *set : bars->barSets())
                for (int i = 0; i < set->count(); ++i)
                    out += csvField(set->label()) + ',' + csvField(i < categories.size() ? categories[i] : QString::number(i))
                           + ',' + QByteArray::number(set->at(i), 'g', 12) + '\n';
        }
    }
    return out;
}

} // namespace twill
