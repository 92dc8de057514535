#include "CellEditCommand.h"

#include "MainWindow.h"

namespace twill {

CellEditCommand::CellEditCommand(MainWindow *window, int cell, bool flip, int before, int after)
    : window_(window), cell_(cell), flip_(flip), before_(before), after_(after)
{
    // Named as the hover text names the cell (row and column, not its index).
    const QString where = QString::fromStdString(window->array().layout().geometry().cellName(cell));
    if (flip) setText(QString("flip %1").arg(where));
    else setText(after >= 0 ? QString("pin %1 at %2").arg(where).arg(after) : QString("unpin %1").arg(where));
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
