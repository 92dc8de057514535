#pragma once
// A whole-array step on the window's undo stack (Encode, Clear pins): the shown array before
// (its bits and pins, hand edits included) and after. Undo shows the array as it was; redo
// shows the result again (for Encode without running the solver).
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
