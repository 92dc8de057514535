#pragma once
// The window's exports, each written atomically (a failed one says why and leaves the old file):
// a widget as .png or .svg, the array's error charts with their data as .csv, one chart at a
// chosen size and DPI, and the shown array as twill-cli encode writes it. Each returns an empty
// string on success, else what went wrong.
#include "ChartExport.h"
#include "encode/ArrayBitlines.h"
#include "encode/EditableArray.h"
#include "encode/EncodeOptions.h"

#include <QString>

class QChart;
class QWidget;

namespace twill {

class ErrorChartsPanel;

QString exportWidget(QWidget *widget, const QString &path);              // .png or .svg
QString exportErrorCharts(ErrorChartsPanel *charts, const QString &path); // .png, .svg or .csv (the plotted data)
QString exportChart(QChart *chart, const QString &path, const ChartImageOptions &options); // .png .svg .pdf .csv
// .npz (bits, targets, decoded, layout tables) or .json (parameters, summary, per-word figures),
// from the shown bits (hand edits included).
QString exportEncodedArray(const EditableArray &array, const EncodeOptions &options, const QString &path);
// .csv: one row per line, tensor "overlapped" (the shown cells) then "plain", in the columns of
// twill-cli adc --csv.
QString exportBitlineCsv(const ArrayBitlines &bitlines, const QString &path);

} // namespace twill
