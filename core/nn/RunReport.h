#pragma once
// What a retraining run reports, in the formats the command line and the window both write:
// JSON (every step with per-layer figures) and CSV (one row per step, one column per metric).
#include "nn/Retrainer.h"

#include <QJsonObject>

#include <string>
#include <vector>

namespace twill {

QJsonObject layerErrorJson(const EncodeSummary &s);
QJsonObject stepJson(const StepReport &r);
std::string stepsCsv(const std::vector<StepReport> &steps);
// Accuracies, losses, where the deployed weights come from, every step and the placement
// search; callers add what describes the run (model, data, encoder parameters).
QJsonObject retrainResultJson(const RetrainResult &r);
// The spec of a run report: "spec" as this release writes it, or rebuilt from what Twill 0.1.0
// wrote (model, checkpoint, data, mode and the flat "encoder" parameters). Throws Error naming 'what'.
NetworkRunSpec runReportSpec(const QJsonObject &report, const std::string &what);

} // namespace twill
