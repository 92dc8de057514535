#pragma once
// Export one chart: which chart, the figure's size in pixels and its DPI (fonts scale with it),
// with the printed size in centimetres beside the choice.
#include "ChartExport.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QSpinBox;

namespace twill {

class ChartExportDialog : public QDialog {
    Q_OBJECT
public:
    // names: the charts by name, in the order of the window's chartNames().
    ChartExportDialog(const QStringList &names, QWidget *parent = nullptr);

    QString chartName() const;
    ChartImageOptions options() const;

    // The dialog, then a file dialog for the chosen chart; false when either was cancelled.
    static bool ask(const QStringList &names, QWidget *parent, QString &name, QString &path, ChartImageOptions &options);

private:
    QComboBox *which_ = nullptr;
    QSpinBox *width_ = nullptr, *height_ = nullptr, *dpi_ = nullptr;
};

} // namespace twill
