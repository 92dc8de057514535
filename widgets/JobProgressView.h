#pragma once
// The progress bar (per mille, shown as %) and the status line under a panel's buttons that a
// dock's long job reports into; the panels' own words stay in the status when idle.
#include <QWidget>

class QLabel;
class QProgressBar;

namespace twill {

class JobProgressView : public QWidget {
    Q_OBJECT
public:
    // The bar and the label get these object names (tests find them by name).
    JobProgressView(const char *barName, const char *statusName, const QString &idleText, QWidget *parent = nullptr);

    void setProgress(int permille, const QString &text);
    void setStatus(const QString &text);
    int progress() const;
    QString status() const;

private:
    QProgressBar *bar_;
    QLabel *status_;
};

} // namespace twill
