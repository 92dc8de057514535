#include "CellEditCommand.h"

#include "MainWindow.h"

namespace twill {

CellEditCommand::CellEditCommand(MainWindow *window, int cell, bool flip, int before, int after)
    : window_(window), cell_(cell), flip_(flip), before_(before), after_(after)
{
    if (flip) setText(QString("flip cell %1").arg(cell));
    else setText(after >= 0 ? QString("pin cell %1").arg(cell) : QString("unpin cell %1").arg(cell));
}

CellEditCommand *CellEditCommand::flip(MainWindow *window, int cell)
{
    return new CellEditCommand(window, cell, true, 0, 0);
}

CellEditCommand *CellEditCommand::pin(MainWindow *window, int cell, int before, int after)
{
    return new CellEditCommand(window, cell, false, before, after);
}

void CellEditCommand::redo()
{
    if (flip_) window_->applyFlip(cell_);
    else window_->applyPin(cell_, after_);
}

void CellEditCommand::undo()
{
    if (flip_) window_->applyFlip(cell_);
    else window_->applyPin(cell_, before_);
}

} // namespace twill
