"""Undo commands that are applied before they are recorded.

`push()` applies a command first and records it only when the change really happened, so a
refused edit never enters the history. (QUndoCommand.setObsolete during push would do the same,
but deleting a Python-made command from C++ inside push crashes PySide; Python-made child
commands under a Python parent are owned twice and crash too, so commands stay flat.)
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class AppliedCommand(QUndoCommand):
    """A command whose `apply()` makes the change (first time and on redo)."""

    def __init__(self, model, text: str):
        super().__init__(text)
        self.model = model
        self.skip_redo = False

    def apply(self) -> bool:
        """Make the change; False when it was refused."""
        raise NotImplementedError

    def redo(self):
        if self.skip_redo:  # push() already applied it
            self.skip_redo = False
            return
        self.apply()


def push(stack, command: AppliedCommand) -> bool:
    """Apply the command now; put it on the stack only if it changed something."""
    if not command.apply():
        return False
    command.skip_redo = True  # QUndoStack.push calls redo(); the change is already made
    stack.push(command)
    return True
