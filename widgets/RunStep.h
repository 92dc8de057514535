#pragma once
// One step of a network run as the run charts show it (baseline, post, inq 0.5, ste epoch 1...):
// the core's report and the figures read off it.
#include "nn/Retrainer.h" // StepReport: plain data, no LibTorch

#include <QString>

#include <cstdint>

namespace twill {

struct RunStep {
    int step = 0;
    QString label;
    double fraction = 0;
    double accuracy = 0;
    double loss = 0;
    double meanPctFs = 0; // over every encoded word of the step
    StepReport report;    // everything the core reported, per layer included

    static RunStep of(const StepReport &s)
    {
        RunStep r;
        r.step = s.step;
        r.label = QString::fromStdString(s.label);
        r.fraction = s.fraction;
        r.accuracy = s.accuracy;
        r.loss = s.loss;
        double sum = 0;
        int64_t n = 0;
        for (const LayerReport &l : s.layers) {
            sum += l.error.meanPctFs * double(l.error.words);
            n += l.error.words;
        }
        r.meanPctFs = n ? sum / double(n) : 0;
        r.report = s;
        return r;
    }
};

} // namespace twill
