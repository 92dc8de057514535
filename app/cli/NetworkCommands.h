#pragma once
#include "SpecFlags.h"

#include <QStringList>

#include <vector>

namespace twill::cli {

// Exit codes: 0 done, 2 bad flags or input, 1 other failure, 130 interrupted.
int runTrain(const QStringList &arguments);
int runRetrain(const QStringList &arguments);

// The model, data and optimizer flags of train, retrain and study ('lrKey': the spec key --lr
// sets, with its default in words), and the retraining flags of retrain and study.
std::vector<SpecFlag> networkFlags(const QString &lrKey, const QString &lrDefault);
std::vector<SpecFlag> retrainFlags();

} // namespace twill::cli
