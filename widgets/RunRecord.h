#pragma once
// A finished (or cancelled) network run kept for the Compare chart.
#include "RunStep.h"

#include <QList>
#include <QString>

namespace twill {

struct RunRecord {
    QString name;
    QList<RunStep> steps;
    double baseline = -1;
    QString baselineFrom; // "trained", "checkpoint", ... (NetworkRunSpec::baselineSource)
    bool complete = false;
};

} // namespace twill
