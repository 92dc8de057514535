#include "JobProgressView.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace twill {

JobProgressView::JobProgressView(const char *barName, const char *statusName, const QString &idleText, QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    bar_ = new QProgressBar;
    bar_->setObjectName(barName);
    bar_->setRange(0, 1000);
    bar_->setValue(0);
    bar_->setFormat("%p %");
    status_ = new QLabel(idleText);
    status_->setObjectName(statusName);
    status_->setWordWrap(true);
    layout->addWidget(bar_);
    layout->addWidget(status_);
}

void JobProgressView::setProgress(int permille, const QString &text)
{
    bar_->setValue(permille);
    status_->setText(text);
}

void JobProgressView::setStatus(const QString &text)
{
    status_->setText(text);
}

int JobProgressView::progress() const
{
    return bar_->value();
}

QString JobProgressView::status() const
{
    return status_->text();
}

} // namespace twill
