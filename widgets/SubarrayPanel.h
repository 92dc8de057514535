#pragma once
// The subarray as the window shows it: the bit map in a scroll area, and for 3D stacks the
// layer shown or all layers side by side.
#include <QWidget>

class QCheckBox;
class QSpinBox;

namespace twill {

class BitMapView;
class EditableArray;

class SubarrayPanel : public QWidget {
    Q_OBJECT
public:
    explicit SubarrayPanel(QWidget *parent = nullptr);

    BitMapView *view() const { return view_; }
    void setArray(const EditableArray *array); // not owned; the layer choice follows its layers

private:
    BitMapView *view_ = nullptr;
    QSpinBox *layerShown_ = nullptr;
    QCheckBox *allLayers_ = nullptr;
};

} // namespace twill
