#pragma once
// File > Recent projects: the last eight projects opened or saved, kept in the settings.
#include <QObject>
#include <QString>

#include <functional>

class QMenu;

namespace twill {

class RecentProjects : public QObject {
    Q_OBJECT
public:
    // open(path) is called when the user picks one.
    RecentProjects(QMenu *menu, std::function<void(const QString &)> open);
    void remember(const QString &path);

private:
    void refresh();

    QMenu *menu_;
    std::function<void(const QString &)> open_;
};

} // namespace twill
