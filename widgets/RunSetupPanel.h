#pragma once
// The Network run's Setup form: the model and where its float baseline comes from (trained
// here or a checkpoint), the data and its subsets, the baseline epochs, the retraining mode with
// its INQ schedule, partition and unit, the rates, STE's re-encoding interval, quantisation,
// placement, importance and storage. One pair of functions maps the form to the setup a project
// stores and back; options that do nothing in the chosen mode are disabled, and a setup that
// cannot run says why under the form. The panel runs nothing.
#include "io/ProjectFile.h"

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

    // The form's choices; dataset as projects store it: "" Fashion-MNIST, "synthetic", a folder.
    NetworkSetup setup(std::string &dataset) const;
    void setSetup(const NetworkSetup &setup, const std::string &dataset);

    QStringList problems() const; // why this setup cannot run, in words; empty when it can
    void setRunning(bool on);     // a run goes: the choices are locked

Q_SIGNALS:
    void changed(); // problems() may have changed

private:
    void buildChoices();
    void buildNumbers();
    void buildForm();
    void chooseFileFor(QComboBox *box, const QString &title, bool folder, const QString &filter);
    void updateEnabled(); // what applies to the mode, and nothing while running
    void checkSetup();    // the inline problems
    std::vector<double> schedule(QString &problem) const;

    bool running_ = false;
    QComboBox *model_ = nullptr, *baseline_ = nullptr, *data_ = nullptr, *mode_ = nullptr, *partition_ = nullptr,
              *storage_ = nullptr, *unit_ = nullptr, *quant_ = nullptr;
    QSpinBox *epochs_ = nullptr, *subset_ = nullptr, *testSubset_ = nullptr, *epochsPerStep_ = nullptr,
             *steEvery_ = nullptr, *placement_ = nullptr;
    QDoubleSpinBox *lr_ = nullptr, *laterWeight_ = nullptr;
    QLineEdit *schedule_ = nullptr;
    QCheckBox *importance_ = nullptr;
    QLabel *problem_ = nullptr;
};

} // namespace twill
