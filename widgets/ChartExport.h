#pragma once
// Charts to files others can read: PNG at a chosen pixel size and DPI, SVG and PDF (vector, the
// size in inches = pixels / DPI), CSV of every plotted point or bar (tidy: one row per point,
// units in the column names) and the same table as a pgfplots .dat.
//
// One text scale for every format: the chart is laid out at the figure's size in inches at
// 96 units an inch, with fonts in points (tick labels and legend at fontPoints, axis titles one
// point larger, the title two), and only then scaled to the PNG's pixels; so a 300-DPI PNG, the
// SVG and the PDF of one figure carry the same text at the same size on paper. Before it is
// drawn, the chart fits its text to that size: value-axis ticks on round numbers as dense as
// the labels allow, category labels turned upright when they do not fit side by side, long
// titles wrapped; no label is elided. The on-screen chart gets its own size and fonts back.
#include <QByteArray>
#include <QSize>
#include <QString>
#include <QStringList>

class QChart;

namespace twill {

struct ChartImageOptions {
    QSize pixels{1600, 1000};
    int dpi = 200;
    double fontPoints = 8; // tick labels and legend; axis titles +1 pt, the chart title +2 pt

    // Paper presets at 300 DPI: "column" 3.5 x 2.5 in (one column of a two-column paper),
    // "page" 7 x 4 in (the text width). False for an unknown name.
    static bool preset(const QString &name, ChartImageOptions &options);
    static QStringList presetNames() { return {"column", "page"}; }
};

// The file's bytes by the suffix of 'path' (png, svg, pdf, csv, dat); empty result + 'problem'
// set when the suffix or the options are not usable. Nothing is written here.
QByteArray renderChart(QChart *chart, const QString &path, const ChartImageOptions &options, QString &problem);
// Tidy CSV: a 'series' column, then the chart's columns (see setCsvColumns in ChartAxes.h):
// x, y for line and scatter series (x, x label, y when the x axis names its ticks), category,
// value for bars, bin low, bin high, count for histograms.
QByteArray chartCsv(const QChart *chart);
// The same table for pgfplots (\addplot table): space-separated, text in braces.
QByteArray chartDat(const QChart *chart);
// Every text the chart shows (titles, tick labels, legend), as laid out now; for checks that
// nothing is elided.
QStringList chartTexts(const QChart *chart);

} // namespace twill
