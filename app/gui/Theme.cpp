#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

namespace twill {

void applyTheme(bool dark)
{
    QPalette p = QApplication::style()->standardPalette();
    if (dark) {
        p.setColor(QPalette::Window, QColor(45, 45, 48));
        p.setColor(QPalette::WindowText, QColor(230, 230, 230));
        p.setColor(QPalette::Base, QColor(30, 30, 32));
        p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
        p.setColor(QPalette::Text, QColor(230, 230, 230));
        p.setColor(QPalette::Button, QColor(55, 55, 58));
        p.setColor(QPalette::ButtonText, QColor(230, 230, 230));
        p.setColor(QPalette::Highlight, QColor(70, 110, 200));
        p.setColor(QPalette::HighlightedText, Qt::white);
    }
    QApplication::setPalette(p);
}

} // namespace twill
