#pragma once
#include <QStringList>

namespace twill::cli {

// twill-cli sweep: error figures over bit widths x patterns. Exit codes: 0 done, 2 bad flags
// or input, 1 other failure, 130 interrupted (the points finished so far are still reported).
int runSweep(const QStringList &arguments);

} // namespace twill::cli
