#include "FormFields.h"

#include <QComboBox>
#include <QLabel>
#include <QHeaderView>
#include <QSpinBox>
#include <QTableWidget>

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

QString lastValidArrayNote(const QString &reason)
{
    return "Showing the last valid array: the Parameters cannot be encoded. " + reason;
}

void showStaleNote(QLabel *note, const QString &reason)
{
    note->setText(reason.isEmpty() ? QString() : lastValidArrayNote(reason));
    note->setVisible(!reason.isEmpty());
}

QTableWidget *resultsTable(const char *name, const QStringList &headers, const QStringList &tips)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(name);
    for (int c = 0; c < headers.size(); ++c) {
        auto *h = new QTableWidgetItem(headers[c]);
        h->setToolTip(tips.value(c));
        t->setHorizontalHeaderItem(c, h);
    }
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    return t;
}

QTableWidgetItem *tableCell(const QString &text, Qt::Alignment align)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

} // namespace twill
