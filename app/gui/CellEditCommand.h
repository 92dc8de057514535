#pragma once
// A hand edit of one cell on the window's undo stack: a flip (its own inverse), or a pin set
// to a value (or removed) with the pin it replaced.
#include <QUndoCommand>

namespace twill {

class MainWindow;

class CellEditCommand : public QUndoCommand {
public:
    static CellEditCommand *flip(MainWindow *window, int cell);
    static CellEditCommand *pin(MainWindow *window, int cell, int before, int after); // -1: no pin

    void redo() override;
    void undo() override;

private:
    CellEditCommand(MainWindow *window, int cell, bool flip, int before, int after);

    MainWindow *window_;
    int cell_;
    bool flip_;
    int before_, after_;
};

} // namespace twill
