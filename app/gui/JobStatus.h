#pragma once
// One group in the status bar for a kind of long job (a network run, a sweep, an encoding
// search): what it is doing, its progress and a button that stops it. Hidden while idle, so
// that long work shows wherever the user looks.
#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;

namespace twill {

class JobStatus : public QObject {
    Q_OBJECT
public:
    // The object names of the text, the bar and the button (tests find them by name).
    JobStatus(QStatusBar *bar, const char *textName, const char *barName, const char *buttonName,
              const QString &buttonText, int barWidth);

    QPushButton *button() const { return button_; }
    void show(bool on); // hidden ones come back with an empty bar
    void setProgress(int permille, const QString &text);
    void setBusy(const QString &text); // no estimate: a busy bar

private:
    QLabel *text_;
    QProgressBar *bar_;
    QPushButton *button_;
};

} // namespace twill
