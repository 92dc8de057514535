#include "JobStatus.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

namespace twill {

JobStatus::JobStatus(QStatusBar *bar, const char *textName, const char *barName, const char *buttonName,
                     const QString &buttonText, int barWidth)
    : QObject(bar), text_(new QLabel), bar_(new QProgressBar), button_(new QPushButton(buttonText))
{
    text_->setObjectName(textName);
    bar_->setObjectName(barName);
    bar_->setRange(0, 1000);
    bar_->setMaximumWidth(barWidth);
    button_->setObjectName(buttonName);
    for (QWidget *w : {static_cast<QWidget *>(text_), static_cast<QWidget *>(bar_), static_cast<QWidget *>(button_)}) {
        bar->addWidget(w);
        w->hide();
    }
}

void JobStatus::show(bool on)
{
    for (QWidget *w : {static_cast<QWidget *>(text_), static_cast<QWidget *>(bar_), static_cast<QWidget *>(button_)})
        w->setVisible(on);
    if (!on) bar_->setValue(0); // the next job starts from an empty bar
}

void JobStatus::setProgress(int permille, const QString &text)
{
    bar_->setRange(0, 1000);
    bar_->setValue(permille);
    text_->setText(text.size() > 90 ? text.left(88) + "\u2026" : text);
}

void JobStatus::setBusy(const QString &text)
{
    bar_->setRange(0, 0);
    text_->setText(text);
}

} // namespace twill
