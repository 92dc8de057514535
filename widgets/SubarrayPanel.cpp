#include "SubarrayPanel.h"

#include "BitMapOverview.h"
#include "BitMapView.h"
#include "encode/EditableArray.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace twill {

SubarrayPanel::SubarrayPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName("subarrayPanel");
    view_ = new BitMapView;
    auto *scroll = new QScrollArea;
    scroll->setObjectName("subarrayScroll");
    scroll->setWidget(view_);
    // The view takes the room it is given and fits its cells to it; below its smallest cells,
    // or zoomed in, it scrolls.
    scroll->setWidgetResizable(true);
    overview_ = new BitMapOverview(view_, scroll);
    layerShown_ = new QSpinBox;
    layerShown_->setObjectName("layerShown");
    layerShown_->setPrefix("layer ");
    layerShown_->setRange(0, 0);
    layerShown_->setToolTip("3D stacks: the layer shown (green in the colours marks pillar significance)");
    connect(layerShown_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int l) { view_->setLayer(l); });
    allLayers_ = new QCheckBox("all layers side by side");
    allLayers_->setObjectName("allLayers");
    allLayers_->setToolTip("3D stacks: every layer at once; hover a cell to ring its pillar word in every layer "
                           "(middle click keeps it)");
    connect(allLayers_, &QCheckBox::toggled, this, [this](bool on) {
        view_->setAllLayers(on);
        layerShown_->setEnabled(!on);
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *layerRow = new QHBoxLayout;
    layerRow->addWidget(layerShown_);
    layerRow->addWidget(allLayers_);
    layerRow->addStretch(1);
    layout->addLayout(layerRow);
    layout->addWidget(scroll);
}

void SubarrayPanel::setArray(const EditableArray *array)
{
    const int layers = array->layout().geometry().layers;
    const int layer = std::min(layerShown_->value(), layers - 1);
    layerShown_->blockSignals(true);
    layerShown_->setRange(0, layers - 1);
    layerShown_->setValue(layer);
    layerShown_->blockSignals(false);
    layerShown_->setVisible(layers > 1);
    allLayers_->setVisible(layers > 1);
    view_->setArray(array);
    view_->setLayer(layer);
}

} // namespace twill
