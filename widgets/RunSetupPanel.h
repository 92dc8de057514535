#pragma once
// The Network run's Setup form: the model and where its float baseline comes from (trained
// here, a checkpoint, PyTorch weights, or a TorchScript model as loaded), the input's
// normalisation and shape, which tensors are encoded, the data and its subsets, the baseline epochs, the retraining mode with
// its INQ schedule, partition and unit, the rates, STE's re-encoding interval, quantisation,
// placement, importance and storage. One pair of functions maps the form to a NetworkRunSpec
// and back; options that do nothing in the chosen mode are disabled, and a spec that cannot run
// says why under the form (the spec's own validation, under the form's labels). The panel runs
// nothing.
#include "spec/NetworkRunSpec.h"

#include <QStringList>
#include <QWidget>

#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace twill {

class RunSetupPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunSetupPanel(QWidget *parent = nullptr);

    // The form's choices. Storage: "no overlap" gives plain arrays (ArraySpec::plain), "as in
    // Parameters" leaves spec.array, the encoder and the seed at their defaults for the window
    // to fill in.
    NetworkRunSpec spec() const;
    void setSpec(const NetworkRunSpec &spec); // the storage choice follows spec.array.isPlain()

    // Why 'run' (this form's spec with its storage filled in) cannot run, in words; empty when
    // it can. The form's label of a spec key (NetworkRunSpec keys; the others are Parameters').
    QString problemOf(const NetworkRunSpec &run) const;
    static QString label(const std::string &key);
    void showProblem(const QString &text); // under the form (empty hides it)
    void setRunning(bool on);              // a run goes: the choices are locked

Q_SIGNALS:
    void changed(); // a choice changed (the spec and its problems may have)

private:
    void buildChoices();
    void buildNumbers();
    void buildForm();
    void chooseFileFor(QComboBox *box, const QString &title, bool folder, const QString &filter);
    void updateEnabled(); // what applies to the mode, and nothing while running
    std::vector<double> schedule(QString &problem) const; // the field's numbers; problem: not numbers
    // Why a text field of numbers (the input's mean, spread or shape) does not read; empty when all do.
    QString textProblem() const;

    bool running_ = false;
    QComboBox *model_ = nullptr, *baseline_ = nullptr, *weights_ = nullptr, *data_ = nullptr, *mode_ = nullptr,
              *partition_ = nullptr, *storage_ = nullptr, *unit_ = nullptr, *quant_ = nullptr, *fit_ = nullptr;
    QSpinBox *epochs_ = nullptr, *subset_ = nullptr, *testSubset_ = nullptr, *epochsPerStep_ = nullptr,
             *steEvery_ = nullptr, *placement_ = nullptr;
    QDoubleSpinBox *lr_ = nullptr, *laterWeight_ = nullptr, *bitL1_ = nullptr;
    QLineEdit *schedule_ = nullptr, *mean_ = nullptr, *spread_ = nullptr, *shape_ = nullptr, *encodeTensors_ = nullptr,
              *keepFloat_ = nullptr;
    QCheckBox *importance_ = nullptr;
    QLabel *problem_ = nullptr;
};

} // namespace twill
