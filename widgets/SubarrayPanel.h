#pragma once
// The subarray as the window shows it: the bit map in a scroll area with an overview of the
// whole when it does not fit (BitMapOverview), and for 3D stacks the layer shown or all layers
// side by side.
#include <QWidget>

class QCheckBox;
class QSpinBox;

namespace twill {

class BitMapOverview;
class BitMapView;
class EditableArray;

class SubarrayPanel : public QWidget {
    Q_OBJECT
public:
    explicit SubarrayPanel(QWidget *parent = nullptr);

    BitMapView *view() const { return view_; }
    BitMapOverview *overview() const { return overview_; }
    void setArray(const EditableArray *array); // not owned; the layer choice follows its layers

private:
    BitMapView *view_ = nullptr;
    BitMapOverview *overview_ = nullptr;
    QSpinBox *layerShown_ = nullptr;
    QCheckBox *allLayers_ = nullptr;
};

} // namespace twill
