#pragma once
// Charts to files others can read: PNG at a chosen pixel size and DPI (text and lines scale
// with the DPI, so a 300-DPI figure is not a blown-up screen grab), SVG and PDF (vector, the
// size in points follows from pixels and DPI), and CSV of every plotted point or bar.
#include <QByteArray>
#include <QSize>
#include <QString>

class QChart;

namespace twill {

struct ChartImageOptions {
    QSize pixels{1600, 1000};
    int dpi = 200;
};

// The file's bytes by the suffix of 'path' (png, svg, pdf, csv); empty result + 'problem'
// set when the suffix or the options are not usable. Nothing is written here.
QByteArray renderChart(QChart *chart, const QString &path, const ChartImageOptions &options, QString &problem);
// series,x,y for line and scatter series; series,category,value for bar series.
QByteArray chartCsv(const QChart *chart);

} // namespace twill
