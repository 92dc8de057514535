#include "NetworkRunner.h"

#include "nn/Dataset.h"
#include "nn/Retrainer.h"
#include "util/Error.h"

#include <thread>

namespace twill {

NetworkRunner::NetworkRunner()
    : control_([this](double f, const std::string &) { Q_EMIT progress(f, phase_); })
{
    qRegisterMetaType<twill::RunConfig>();
    qRegisterMetaType<twill::RunStep>();
}

void NetworkRunner::run(const RunConfig &c)
{
    control_.reset();
    JobControl &control = control_;
    QString &phase = phase_;
    phase = "loading data";
    try {
        Q_EMIT progress(0, phase);
        DatasetPair data = c.data == "synthetic" ? syntheticDataset(2000, 500, c.seed)
                                                 : loadIdxDirectory(defaultFashionMnistDir());
        if (c.trainSubset > 0) data.train = data.train.subset(c.trainSubset);
        if (c.testSubset > 0) data.test = data.test.subset(c.testSubset);
        Network net = Network::builtIn(c.model.toStdString(), c.seed);
        TrainOptions base;
        base.seed = c.seed;
        base.threads = std::max(1, int(std::thread::hardware_concurrency()));
        Trainer trainer(net, base);
        trainer.restartSchedule(c.epochs, (data.train.count + base.batch - 1) / base.batch);
        for (int e = 0; e < c.epochs; ++e) {
            phase = QString("baseline epoch %1 of %2").arg(e + 1).arg(c.epochs);
            if (trainer.trainEpoch(data.train, &control).cancelled) {
                Q_EMIT cancelled();
                return;
            }
        }
        Geometry g;
        g.bits = g.rows = g.cols = c.bits;
        const Layout layout = c.pattern == "transpose" ? Layout::transpose(g) : Layout::msbLsb(g);
        EncodeOptions eo;
        eo.format = parseFormat(c.format.toStdString());
        eo.objective = parseObjective(c.objective.toStdString());
        eo.threads = base.threads;
        eo.seed = c.seed;
        const NetworkEncoder enc(layout, eo, QuantGranularity::PerTensor);
        RetrainOptions ro;
        ro.mode = parseRetrainMode(c.mode.toStdString());
        ro.epochsPerStep = c.epochsPerStep;
        ro.seed = c.seed;
        TrainOptions retrain = base;
        retrain.lr = 0.01;
        Retrainer r(net, data, enc, retrain, ro);
        phase = "encoding and retraining";
        const RetrainResult res = r.run(&control, [&](const StepReport &s) {
            RunStep step;
            step.step = s.step;
            step.label = QString::fromStdString(s.label);
            step.fraction = s.fraction;
            step.accuracy = s.accuracy;
            step.loss = s.loss;
            double sum = 0;
            int64_t n = 0;
            for (const LayerReport &l : s.layers) {
                sum += l.error.meanPctFs * double(l.error.words);
                n += l.error.words;
            }
            step.meanPctFs = n ? sum / double(n) : 0;
            phase = "after " + step.label;
            Q_EMIT stepReported(step);
        });
        if (res.cancelled) {
            Q_EMIT cancelled();
            return;
        }
        Q_EMIT finished(res.baselineAccuracy, res.encodedAccuracy, res.finalAccuracy, QString::fromStdString(res.finalFrom));
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

} // namespace twill
