#include "RecentProjects.h"

#include <QMenu>
#include <QSettings>

namespace twill {

RecentProjects::RecentProjects(QMenu *menu, std::function<void(const QString &)> open)
    : QObject(menu), menu_(menu), open_(std::move(open))
{
    refresh();
}

void RecentProjects::remember(const QString &path)
{
    QSettings s;
    QStringList recent = s.value("recentProjects").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8) recent.removeLast();
    s.setValue("recentProjects", recent);
    refresh();
}

void RecentProjects::refresh()
{
    menu_->clear();
    for (const QString &path : QSettings().value("recentProjects").toStringList())
        menu_->addAction(path, this, [this, path]() { open_(path); });
    menu_->setEnabled(!menu_->isEmpty());
}

} // namespace twill
