#pragma once
// Small builders for the panels' form fields: named (tests find them by object name), with
// their range, items and tooltip, and the inline note labels under a form.
#include <QString>
#include <QStringList>

#include <Qt>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;
class QTableWidgetItem;

namespace twill {

QSpinBox *spinField(const char *name, int lo, int hi, int value);
QComboBox *choiceField(const char *name, const QStringList &items, const QString &tip = {});
QLabel *noteLabel(const char *name, const char *color); // word-wrapped, in that colour
// What the bit map and the figures say while the form cannot be encoded ('reason' in words):
// they show the last valid array.
QString lastValidArrayNote(const QString &reason);
// A note label showing lastValidArrayNote(reason), hidden when the reason is empty.
void showStaleNote(QLabel *note, const QString &reason);
// A read-only table of results: the headers (two short lines each; the tooltips say the rest),
// no row numbers, columns fitted to their contents, whole rows selected, alternating colours.
QTableWidget *resultsTable(const char *name, const QStringList &headers, const QStringList &tips);
QTableWidgetItem *tableCell(const QString &text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter); // read-only

} // namespace twill
