#include "WindowExports.h"

#include "ErrorChartsPanel.h"
#include "encode/Encoder.h"
#include "io/BitlineCsv.h"
#include "io/EncodeExport.h"
#include "io/Npy.h"
#include "util/Error.h"

#include <QBuffer>
#include <QFileInfo>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

namespace twill {

namespace {

// Renders a widget to PNG or SVG bytes.
QString renderWidget(QWidget *w, const QString &path, std::string &bytes)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (suffix == "png") {
        if (!w->grab().toImage().save(&buffer, "PNG")) return "could not render the PNG";
    } else if (suffix == "svg") {
        QSvgGenerator gen;
        gen.setOutputDevice(&buffer);
        gen.setSize(w->size());
        gen.setViewBox(QRect(QPoint(0, 0), w->size()));
        gen.setTitle("Twill");
        QPainter painter(&gen);
        w->render(&painter);
    } else {
        return path + ": use a .png or .svg file name";
    }
    bytes = buffer.data().toStdString();
    return {};
}

// Writes bytes atomically unless an earlier step failed; returns the problem, if any.
QString writeExport(const QString &path, const std::string &bytes, QString problem)
{
    if (!problem.isEmpty()) return problem;
    try {
        writeFileAtomic(path.toStdString(), bytes);
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// The plotted data: one row per histogram bin, then one per significance.
std::string errorChartsCsv(const ErrorChartsPanel &charts)
{
    std::string csv = "chart,x_low,x_high,value\n";
    const auto &edges = charts.histogramEdges();
    const auto &counts = charts.histogramCounts();
    for (size_t b = 0; b < counts.size(); ++b)
        csv += "error_histogram," + std::to_string(edges[b]) + "," + std::to_string(edges[b + 1]) + ","
               + std::to_string(int64_t(counts[b])) + "\n";
    const auto &m = charts.mismatchBySignificance();
    for (size_t s = 0; s < m.size(); ++s)
        csv += "bit_mismatch," + std::to_string(s) + "," + std::to_string(s) + "," + std::to_string(m[s]) + "\n";
    return csv;
}

} // namespace

QString exportWidget(QWidget *widget, const QString &path)
{
    std::string bytes;
    const QString rendered = renderWidget(widget, path, bytes);
    return writeExport(path, bytes, rendered);
}

QString exportErrorCharts(ErrorChartsPanel *charts, const QString &path)
{
    charts->refreshNow();
    std::string bytes;
    QString problem;
    if (QFileInfo(path).suffix().toLower() == "csv") bytes = errorChartsCsv(*charts);
    else problem = renderWidget(charts, path, bytes);
    return writeExport(path, bytes, problem);
}

QString exportChart(QChart *chart, const QString &path, const ChartImageOptions &options)
{
    QString problem;
    const QByteArray bytes = renderChart(chart, path, options, problem);
    return writeExport(path, bytes.toStdString(), problem);
}

QString exportEncodedArray(const EditableArray &array, const EncodeOptions &options, const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != "npz" && suffix != "json") return path + ": use a .npz or .json file name";
    if (array.lectureActive()) return "a lecture is showing partial bits: leave it (Esc) first";
    try {
        // The same files as twill-cli encode, from the shown bits (hand edits included).
        EncodeOptions o = options;
        o.format = array.format();
        const Encoder encoder(array.layout(), o);
        ArrayResult r;
        r.bits = array.bits();
        r.decoded = array.decoded();
        r.shift = array.shifts();
        r.offset = array.offset();
        r.rotation = array.layout().rotation();
        const std::vector<ArrayResult> results{r};
        if (suffix == "npz") {
            writeEncodeNpz(encoder, array.targets(), results, path.toStdString());
        } else {
            const EncodeSummary summary = summarize(encoder, array.targets(), results, 0);
            writeJsonFile(encodeReportJson(encoder, array.targets(), results, summary), path.toStdString());
        }
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString exportBitlineCsv(const ArrayBitlines &bitlines, const QString &path)
{
    if (QFileInfo(path).suffix().toLower() != "csv") return path + ": use a .csv file name";
    try {
        writeBitlineCsv(path.toStdString(), {{"overlapped", bitlines.overlapped}, {"plain", bitlines.plain}});
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace twill
