#include "EncodeEditCommand.h"

#include "MainWindow.h"

#include <utility>

namespace twill {

EncodeEditCommand::EncodeEditCommand(MainWindow *window, EditableArray before, EditableArray after, const QString &text)
    : QUndoCommand(text), window_(window), before_(std::move(before)), after_(std::move(after))
{
}

void EncodeEditCommand::redo()
{
    window_->applyArray(after_);
}

void EncodeEditCommand::undo()
{
    window_->applyArray(before_);
}

} // namespace twill
