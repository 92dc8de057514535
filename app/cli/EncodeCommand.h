#pragma once
#include <QStringList>

namespace twill::cli {

// Each returns the process exit code: 0 done, 2 bad flags or input, 3 bound not met, 1 other failure.
int runEncode(const QStringList &arguments);
int runLayout(const QStringList &arguments);

} // namespace twill::cli
