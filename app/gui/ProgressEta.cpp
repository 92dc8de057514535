#include "ProgressEta.h"

#include <algorithm>

namespace twill {

void ProgressEta::start()
{
    clock_.start();
    fraction_ = 0;
    last_.clear();
}

bool ProgressEta::update(double fraction, const QString &message, int &permille, QString &text)
{
    fraction_ = std::max(fraction_, fraction);
    permille = std::clamp(int(1000 * fraction_), 0, 1000);
    const double secs = seconds();
    text = message;
    if (fraction_ > 0.01 && secs > 1) text += QString(" \u2014 about %1 left").arg(duration(secs * (1 - fraction_) / fraction_));
    if (text == last_) return false;
    last_ = text;
    return true;
}

QString ProgressEta::duration(double seconds)
{
    const int s = int(seconds + 0.5);
    if (s < 60) return QString("%1 s").arg(s);
    if (s < 3600) return QString("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QString("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

} // namespace twill
