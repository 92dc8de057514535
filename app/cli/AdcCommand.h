#pragma once
#include <QStringList>

namespace twill::cli {

// twill-cli adc FILE.npz: the ones every bitline sums and the ADC bits that read them, per
// direction, for the arrays of an encoding (twill-cli encode --npz) or of every tensor of a
// network (twill-cli retrain --npz); --csv with one row per line. Exit codes: 0 done, 1 a
// write failed, 2 bad flags or input.
int runAdc(const QStringList &arguments);

} // namespace twill::cli
