#include "FormFields.h"

#include <QComboBox>
#include <QLabel>
#include <QSpinBox>

namespace twill {

QSpinBox *spinField(const char *name, int lo, int hi, int value)
{
    auto *s = new QSpinBox;
    s->setObjectName(name);
    s->setRange(lo, hi);
    s->setValue(value);
    return s;
}

QComboBox *choiceField(const char *name, const QStringList &items, const QString &tip)
{
    auto *c = new QComboBox;
    c->setObjectName(name);
    c->addItems(items);
    if (!tip.isEmpty()) c->setToolTip(tip);
    return c;
}

QLabel *noteLabel(const char *name, const char *color)
{
    auto *l = new QLabel;
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setStyleSheet(QString("color: %1").arg(color));
    return l;
}

} // namespace twill
