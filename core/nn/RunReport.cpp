#include "nn/RunReport.h"

#include "nn/Dataset.h"
#include "util/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <sstream>

namespace twill {

QJsonObject layerErrorJson(const EncodeSummary &s)
{
    QJsonObject o;
    o["weights"] = double(s.words);
    o["mean_abs_lsb"] = s.meanAbsLsb;
    o["rms_lsb"] = s.rmsLsb;
    o["max_abs_lsb"] = s.maxAbsLsb;
    o["mean_pct_fs"] = s.meanPctFs;
    o["max_pct_fs"] = s.maxPctFs;
    o["mean_pct_rel"] = s.meanPctRel;
    return o;
}

QJsonObject stepJson(const StepReport &r)
{
    QJsonObject o;
    o["step"] = r.step;
    o["label"] = QString::fromStdString(r.label);
    o["fraction"] = r.fraction;
    o["accuracy"] = r.accuracy;
    o["loss"] = r.loss;
    o["train_loss"] = r.trainLoss;
    o["seconds"] = r.seconds;
    o["effective_capacity"] = r.effectiveCapacity;
    QJsonArray layers;
    for (const LayerReport &l : r.layers) {
        QJsonObject lo = layerErrorJson(l.error);
        lo["name"] = QString::fromStdString(l.name);
        lo["arrays"] = double(l.arrays);
        lo["tensor_weights"] = double(l.weights);
        lo["frozen_fraction"] = l.frozenFraction;
        layers.append(lo);
    }
    o["layers"] = layers;
    return o;
}

std::string stepsCsv(const std::vector<StepReport> &steps)
{
    std::vector<std::string> layerNames;
    for (const StepReport &r : steps)
        for (const LayerReport &l : r.layers)
            if (std::find(layerNames.begin(), layerNames.end(), l.name) == layerNames.end()) layerNames.push_back(l.name);
    std::ostringstream out;
    out << "step,label,fraction,accuracy,loss,train_loss,seconds,effective_capacity";
    for (const std::string &n : layerNames)
        for (const char *m : {"frozen_fraction", "mean_abs_lsb", "rms_lsb", "max_abs_lsb", "mean_pct_fs", "max_pct_fs"})
            out << ',' << n << '.' << m;
    out << '\n';
    out.precision(10);
    for (const StepReport &r : steps) {
        out << r.step << ',' << r.label << ',' << r.fraction << ',' << r.accuracy << ',' << r.loss << ',' << r.trainLoss
            << ',' << r.seconds << ',' << r.effectiveCapacity;
        for (const std::string &n : layerNames) {
            const LayerReport *l = nullptr;
            for (const LayerReport &x : r.layers)
                if (x.name == n) l = &x;
            if (!l) {
                out << ",,,,,,";
                continue;
            }
            out << ',' << l->frozenFraction << ',' << l->error.meanAbsLsb << ',' << l->error.rmsLsb << ','
                << l->error.maxAbsLsb << ',' << l->error.meanPctFs << ',' << l->error.maxPctFs;
        }
        out << '\n';
    }
    return out.str();
}
QJsonObject retrainResultJson(const RetrainResult &r)
{
    QJsonObject root;
    root["baseline_accuracy"] = r.baselineAccuracy;
    root["encoded_accuracy"] = r.encodedAccuracy;
    root["retrained_accuracy"] = r.retrainedAccuracy;
    root["final_accuracy"] = r.finalAccuracy;
    root["baseline_loss"] = r.baselineLoss;
    root["encoded_loss"] = r.encodedLoss;
    root["final_loss"] = r.finalLoss;
    root["final_from"] = QString::fromStdString(r.finalFrom);
    root["baseline_from"] = QString::fromStdString(r.baselineFrom);
    QJsonArray tensors;
    for (const EncodedTensor &t : r.tensors) {
        QJsonObject o;
        o["name"] = QString::fromStdString(t.name);
        QJsonArray shape;
        for (int64_t d : t.shape) shape.append(double(d));
        o["shape"] = shape;
        o["weights"] = double(t.size());
        o["arrays"] = double(t.tiles.arrays);
        o["bits"] = t.quant.bits;
        tensors.append(o);
    }
    root["encoded_tensors"] = tensors;
    root["cancelled"] = r.cancelled;
    QJsonArray steps;
    for (const StepReport &s : r.steps) steps.append(stepJson(s));
    root["steps"] = steps;
    QJsonArray placement;
    for (const PlacementReport &pr : r.placement) {
        QJsonObject o;
        o["link"] = QString::fromStdString(pr.link);
        o["error_before"] = pr.errorBefore;
        o["error_after"] = pr.errorAfter;
        o["trials"] = pr.trials;
        placement.append(o);
    }
    root["placement"] = placement;
    QJsonArray lines;
    for (const BitlineFigure &b : r.bitlines) {
        QJsonObject o;
        o["axis"] = QString::fromStdString(b.axis);
        o["max_ones"] = b.maxOnes;
        o["mean_ones"] = b.meanOnes;
        o["adc_bits"] = b.adcBits;
        lines.append(o);
    }
    root["bitlines"] = lines; // of the deployed encoding, over all its arrays
    root["ones_share"] = r.onesShare;
    return root;
}

NetworkRunSpec runReportSpec(const QJsonObject &report, const std::string &what)
{
    try {
        if (report.value("version").toInt(1) >= 2) return NetworkRunSpec::fromJson(report.value("spec").toObject());
        // Twill 0.1.0: the run's model, checkpoint, data name, mode and encoder parameters.
        const QJsonObject encoder = report.value("encoder").toObject();
        if (encoder.isEmpty()) throw Error("no \"spec\" and no \"encoder\": not a run report of Twill");
        QJsonObject v2;
        for (const char *key : {"model", "checkpoint", "mode"})
            if (report.contains(key)) v2[key] = report.value(key);
        QString data = report.value("data").toString();
        if (data.endsWith(" (test)")) data.chop(7);
        if (data.toStdString() == defaultFashionMnistDir()) data = "fashion";
        if (!data.isEmpty()) v2["data"] = data;
        v2["array"] = encoder;
        v2["encoder"] = encoder;
        if (encoder.contains("seed")) v2["seed"] = encoder.value("seed");
        return NetworkRunSpec::fromJson(v2);
    } catch (const Error &e) {
        throw Error(what + ": " + e.what());
    }
}

} // namespace twill
