#pragma once
// The progress a dock shows for its long job: a fraction that never steps back (workers may
// report slightly out of order), and once past 1 % the time left at the pace so far.
#include <QElapsedTimer>
#include <QString>

namespace twill {

class ProgressEta {
public:
    void start(); // a new job: the clock and the fraction from zero
    // The per mille and the text ("message - about 3 min 5 s left") for a report; false when
    // the text is the one shown already (nothing to redraw).
    bool update(double fraction, const QString &message, int &permille, QString &text);
    double seconds() const { return clock_.elapsed() / 1000.0; }
    // "42 s", "3 min 5 s", "1 h 2 min".
    static QString duration(double seconds);

private:
    QElapsedTimer clock_;
    double fraction_ = 0;
    QString last_;
};

} // namespace twill
