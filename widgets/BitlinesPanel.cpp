#include "BitlinesPanel.h"

#include "BitlineBarsView.h"
#include "FormFields.h"

#include "util/Error.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace twill {

namespace {

QString plural(LineAxis a)
{
    return QString::fromStdString(lineAxisName(a)) + "s";
}

QString swatch(const QColor &c)
{
    return QString("<span style=\"color:%1\">\u25a0</span>").arg(c.name());
}

} // namespace

BitlinesPanel::BitlinesPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName("bitlinesPanel");
    auto *layout = new QVBoxLayout(this);
    stale_ = noteLabel("bitlinesStale", "#b00020");
    stale_->hide();
    layout->addWidget(stale_);
    note_ = new QLabel;
    note_->setObjectName("bitlinesNote");
    note_->setWordWrap(true);
    layout->addWidget(note_);
    directionsBox_ = new QVBoxLayout;
    layout->addLayout(directionsBox_, 1);
    auto *buttons = new QHBoxLayout;
    auto *exportButton = new QPushButton("Export CSV\u2026");
    exportButton->setObjectName("exportBitlines");
    exportButton->setToolTip("One row per line: tensor (overlapped or plain), array, axis, line, cells, ones, adc_bits "
                             "(the columns of twill-cli adc --csv)");
    connect(exportButton, &QPushButton::clicked, this, &BitlinesPanel::exportRequested);
    buttons->addStretch(1);
    buttons->addWidget(exportButton);
    layout->addLayout(buttons);
    timer_.setSingleShot(true);
    timer_.setInterval(50); // at most 20 redraws a second
    connect(&timer_, &QTimer::timeout, this, &BitlinesPanel::refreshNow);
}

void BitlinesPanel::setArray(const EditableArray *array)
{
    array_ = array;
    if (!timer_.isActive()) timer_.start();
}

void BitlinesPanel::setStale(const QString &reason)
{
    showStaleNote(stale_, reason);
}

QString BitlinesPanel::staleNote() const
{
    return stale_->text();
}

void BitlinesPanel::refreshNow()
{
    timer_.stop();
    if (!array_) return;
    try {
        bitlines_ = countArrayBitlines(*array_);
    } catch (const Error &e) {
        bitlines_ = {};
        note_->setText(QString::fromStdString(e.what()));
        return;
    }
    const BitlineCounts &o = bitlines_.overlapped, &pl = bitlines_.plain;
    const int W = array_->layout().bits();
    note_->setText(QString("The ones each bitline sums when the shown array computes in memory; the largest sum sets "
                           "the ADC bits, ceil(log2(max ones + 1)). Plain: the same %1 decoded words bit-sliced, one "
                           "word a row of %2 arrays of %3 rows x %4 columns (column s holds bit s).")
                       .arg(array_->decoded().size())
                       .arg(pl.arrays)
                       .arg(pl.rows)
                       .arg(W));
    while (directions_.size() < o.axes.size()) {
        Direction d;
        d.title = new QLabel;
        d.title->setWordWrap(true);
        d.bars = new BitlineBarsView;
        d.legend = new QLabel;
        d.legend->setWordWrap(true);
        for (QWidget *w : {static_cast<QWidget *>(d.title), static_cast<QWidget *>(d.bars), static_cast<QWidget *>(d.legend)})
            directionsBox_->addWidget(w);
        directions_.push_back(d);
    }
    for (size_t k = 0; k < directions_.size(); ++k) {
        const bool shown = k < o.axes.size();
        for (QWidget *w : {static_cast<QWidget *>(directions_[k].title), static_cast<QWidget *>(directions_[k].bars),
                           static_cast<QWidget *>(directions_[k].legend)})
            w->setVisible(shown);
    }
    const QStringList t = titles();
    for (size_t k = 0; k < o.axes.size(); ++k) {
        Direction &d = directions_[k];
        const bool inPlain = k < pl.axes.size();
        d.title->setObjectName("bitlineTitle_" + QString::fromStdString(lineAxisName(o.axes[k])));
        d.title->setText("<b>" + t[int(k)] + "</b>");
        d.bars->setObjectName("bitlineBars_" + QString::fromStdString(lineAxisName(o.axes[k])));
        d.bars->setOnes(o.ones[k], inPlain ? pl.ones[k] : std::vector<int32_t>{},
                        std::max(o.cellsPerLine(k), inPlain ? pl.cellsPerLine(k) : 0));
        QString legend = QString("%1 overlapped: %2 %3 of %4 cells")
                             .arg(swatch(BitlineBarsView::overlappedColor()))
                             .arg(o.linesPerArray(k))
                             .arg(plural(o.axes[k]))
                             .arg(o.cellsPerLine(k));
        if (inPlain)
            legend += QString("&nbsp;&nbsp; %1 plain: %2 %3 of %4 cells%5")
                          .arg(swatch(BitlineBarsView::plainColor()))
                          .arg(pl.arrays * pl.linesPerArray(k))
                          .arg(plural(pl.axes[k]))
                          .arg(pl.cellsPerLine(k))
                          .arg(pl.axes[k] == LineAxis::Column ? " (bit slices)" : " (one word each)");
        d.legend->setText(legend);
    }
}

QStringList BitlinesPanel::titles() const
{
    QStringList out;
    const BitlineCounts &o = bitlines_.overlapped, &pl = bitlines_.plain;
    for (size_t k = 0; k < o.axes.size(); ++k) {
        QString s = QString("%1: max %2 ones \u2192 %3 ADC bits").arg(plural(o.axes[k])).arg(o.maxOnes(k)).arg(adcBits(o.maxOnes(k)));
        if (k < pl.axes.size()) s += QString(" (plain: %1 \u2192 %2)").arg(pl.maxOnes(k)).arg(adcBits(pl.maxOnes(k)));
        else s += " (plain storage has no pillars)";
        out << s;
    }
    return out;
}

} // namespace twill
