#pragma once
// Encode on the window's undo stack: the shown array before the encoding (its bits and pins,
// hand edits included) and the encoder's result. Undo shows the array as it was; redo shows the
// result again without running the solver.
#include "encode/EditableArray.h"

#include <QUndoCommand>

namespace twill {

class MainWindow;

class EncodeEditCommand : public QUndoCommand {
public:
    // text: "encode (auto solver)"
    EncodeEditCommand(MainWindow *window, EditableArray before, EditableArray after, const QString &text);

    void redo() override;
    void undo() override;

private:
    MainWindow *window_;
    EditableArray before_, after_;
};

} // namespace twill
