#pragma once
// The Parameters form: the array (pattern, bits, size, layers, and a custom pattern accepted
// from the Pattern editor), the encoder options, the example's seed and the array's stuck
// cells (a fault rate, the share at 1, a seed, aware or unaware), with inline notes on
// options that do nothing in the chosen combination and the problem that stops an encoding.
// One pair of functions maps the form to its values and back; the panel shows them and says
// when the user changed something, the window runs the encoder.
#include "encode/EncodeOptions.h"
#include "io/ProjectFile.h"
#include "layout/Layout.h"
#include "spec/ArraySpec.h"
#include "spec/FaultSpec.h"

#include <QWidget>

#include <string>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace twill {

// What the form holds: the array's spec (rows = columns; a custom pattern carries the panel's
// custom layout), the encoder's options, whose seed is the example's seed, and the stuck cells
// (the array is array 0 of the fault map, as in twill-cli encode --faults).
struct ArrayParameters {
    ArraySpec array;
    EncodeOptions encoder = Project::defaultEncoder();
    FaultSpec faults;
};

class ParametersPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParametersPanel(QWidget *parent = nullptr);

    ArrayParameters parameters() const;
    // Shows p without signalling a change (the seed and format included; threads aside); a
    // custom pattern's layout becomes the panel's custom layout.
    void setParameters(const ArrayParameters &p);

    // The custom pattern that "custom" stands for (shape checked by problem()).
    void setCustomLayout(const Layout &layout);
    bool hasCustomLayout() const { return hasCustom_; }
    const Layout &customLayout() const { return custom_; }

    Geometry geometry() const;    // the form's shape (not validated)
    // Why the form cannot be encoded, in words (the specs' validation under this form's
    // labels); empty when it can.
    QString problem() const;
    Layout layout() const;        // the chosen pattern on the form's shape; needs problem() empty
    // The form's label of a spec key (ArraySpec and EncodeOptions keys: "cols", "max_shift"...).
    static QString label(const std::string &key);
    void showProblem(const QString &text); // under the form (empty hides it)
    void setEncodeEnabled(bool on);
    void nextSeed();              // the next example (a targets change)

Q_SIGNALS:
    void targetsChanged();     // shape, width, format or seed: the example needs new targets
    void optionsChanged();     // pattern or encoder options: encode the same targets again
    void encodeRequested();    // Encode
    void newExampleRequested(); // New random example

private:
    void build();
    void showPatternNames(); // msb-lsb says latin in a 3D stack
    void connectChanges();
    void explainCombination(); // inline notes on options that do nothing in this combination
    void changed(bool targets);

    bool applying_ = false; // setParameters: no change signals
    int rotation_ = 0;      // kept from setParameters (the form has no field for it)
    Layout custom_;
    bool hasCustom_ = false;
    QComboBox *pattern_ = nullptr, *format_ = nullptr, *objective_ = nullptr, *solver_ = nullptr;
    QSpinBox *bits_ = nullptr, *size_ = nullptr, *seed_ = nullptr, *layers_ = nullptr;
    QDoubleSpinBox *bound_ = nullptr, *timeLimit_ = nullptr, *faultRate_ = nullptr, *sa1Share_ = nullptr;
    QSpinBox *faultSeed_ = nullptr;
    QComboBox *faultMode_ = nullptr;
    std::string faultFile_; // kept from setParameters (a project's fault map file; the form has no field for it)
    QCheckBox *shift_ = nullptr, *offset_ = nullptr;
    QSpinBox *maxShift_ = nullptr, *offsetBits_ = nullptr, *nodeLimit_ = nullptr, *restarts_ = nullptr;
    QLabel *hint_ = nullptr, *problem_ = nullptr;
    QPushButton *encodeButton_ = nullptr;
};

} // namespace twill
