#pragma once
// Small builders for the panels' form fields: named (tests find them by object name), with
// their range, items and tooltip, and the inline note labels under a form.
#include <QString>
#include <QStringList>

class QComboBox;
class QLabel;
class QSpinBox;

namespace twill {

QSpinBox *spinField(const char *name, int lo, int hi, int value);
QComboBox *choiceField(const char *name, const QStringList &items, const QString &tip = {});
QLabel *noteLabel(const char *name, const char *color); // word-wrapped, in that colour

} // namespace twill
