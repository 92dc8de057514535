#pragma once
#include "SpecFlags.h"

#include <QStringList>

#include <vector>

namespace twill::cli {

// Exit codes: 0 done, 2 bad flags or input, 1 other failure, 130 interrupted.
int runTrain(const QStringList &arguments);
int runRetrain(const QStringList &arguments);

} // namespace twill::cli
