#include "ChartExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

namespace twill {

ChartExportDialog::ChartExportDialog(const QStringList &names, QWidget *parent) : QDialog(parent)
{
    setWindowTitle("Export one chart");
    auto *form = new QFormLayout(this);
    which_ = new QComboBox;
    const QStringList titles = {"Word-error histogram", "Bit mismatch by significance", "Accuracy by step",
                                "Loss by step", "Per-layer weight error", "Weight errors of one tensor", "Compare runs",
                                "Sweep: error by bit width"};
    for (int i = 0; i < names.size(); ++i) which_->addItem(i < titles.size() ? titles[i] : names[i], names[i]);
    width_ = new QSpinBox;
    height_ = new QSpinBox;
    dpi_ = new QSpinBox;
    width_->setRange(100, 20000);
    height_->setRange(100, 20000);
    dpi_->setRange(50, 1200);
    const ChartImageOptions defaults;
    width_->setValue(defaults.pixels.width());
    height_->setValue(defaults.pixels.height());
    dpi_->setValue(defaults.dpi);
    width_->setSuffix(" px");
    height_->setSuffix(" px");
    auto *hint = new QLabel;
    auto updateHint = [this, hint]() {
        hint->setText(QString("%1 x %2 cm when printed at %3 DPI")
                          .arg(width_->value() * 2.54 / dpi_->value(), 0, 'f', 1)
                          .arg(height_->value() * 2.54 / dpi_->value(), 0, 'f', 1)
                          .arg(dpi_->value()));
    };
    for (QSpinBox *b : {width_, height_, dpi_}) connect(b, qOverload<int>(&QSpinBox::valueChanged), this, updateHint);
    updateHint();
    form->addRow("Chart", which_);
    form->addRow("Width", width_);
    form->addRow("Height", height_);
    form->addRow("DPI", dpi_);
    form->addRow(hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QString ChartExportDialog::chartName() const
{
    return which_->currentData().toString();
}

ChartImageOptions ChartExportDialog::options() const
{
    return {QSize(width_->value(), height_->value()), dpi_->value()};
}

bool ChartExportDialog::ask(const QStringList &names, QWidget *parent, QString &name, QString &path,
                            ChartImageOptions &options)
{
    ChartExportDialog dialog(names, parent);
    if (dialog.exec() != QDialog::Accepted) return false;
    name = dialog.chartName();
    options = dialog.options();
    path = QFileDialog::getSaveFileName(parent, "Export chart", name + ".png", "PNG (*.png);;SVG (*.svg);;PDF (*.pdf);;CSV (*.csv)");
    return !path.isEmpty();
}

} // namespace twill
