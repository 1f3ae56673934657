"""Small field widgets for the indicator editor: each commits when editing is finished and can
show a Thai message right under itself.

`sig_commit` fires when the user is done with the field (Enter, or the focus leaves it; a combo
box or tick box on choosing). The owner compares `value()` with what is stored and pushes a
command; on refusal it calls `show_error(message)`.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class Field(QWidget):
    """An editor widget with an error line under it."""

    sig_commit = Signal()

    def __init__(self, editor: QWidget, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        """Show a stored value (no commit); untouched when it is already shown."""
        raise NotImplementedError


class LineField(Field):
    """One line of text; commits on Enter or when the focus leaves."""

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(QLineEdit(), parent)
        self.editor.setPlaceholderText(placeholder)
        self.editor.editingFinished.connect(self.sig_commit)

    def value(self) -> str:
        return self.editor.text().strip()

    def set_value(self, value) -> None:
        text = "" if value is None else str(value)
        if self.editor.text() != text:
            self.editor.setText(text)


class _PlainText(QPlainTextEdit):
    sig_done = Signal()

    def __init__(self, enter_commits: bool):
        super().__init__()
        self.enter_commits = enter_commits

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.sig_done.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            modifiers = event.modifiers()
            if modifiers & Qt.KeyboardModifier.ControlModifier or (
                    self.enter_commits and not modifiers & Qt.KeyboardModifier.ShiftModifier):
                self.sig_done.emit()
                return
        super().keyPressEvent(event)


class TextField(Field):
    """Several lines; commits when the focus leaves, on Ctrl+Enter, and with `enter_commits` on
    Enter too (Shift+Enter is then the line break). With `as_list` each non-empty line is one
    entry of a list (definitions, conditions, …) and Enter is a new line."""

    def __init__(self, lines: int = 3, as_list: bool = False, placeholder: str = "", enter_commits: bool = False,
                 parent=None):
        editor = _PlainText(enter_commits and not as_list)
        editor.setTabChangesFocus(True)
        editor.setPlaceholderText(placeholder)
        metrics = QFontMetrics(editor.font())
        editor.setFixedHeight(metrics.lineSpacing() * lines + 14)
        super().__init__(editor, parent)
        self.as_list = as_list
        editor.sig_done.connect(self.sig_commit)

    def value(self):
        text = self.editor.toPlainText()
        if self.as_list:
            return [line.strip() for line in text.splitlines() if line.strip()]
        return text.strip()

    def set_value(self, value) -> None:
        text = "\n".join(value) if self.as_list else (value or "")
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)


class ComboField(Field):
    """A fixed choice of (value, Thai label); commits when the user picks one."""

    def __init__(self, choices: list[tuple[object, str]], parent=None):
        super().__init__(QComboBox(), parent)
        for value, label in choices:
            self.editor.addItem(label, value)
        self.editor.activated.connect(lambda _: self.sig_commit.emit())

    def value(self):
        return self.editor.currentData()

    def set_value(self, value) -> None:
        self.editor.setCurrentIndex(self.editor.findData(value))


class CheckField(Field):
    def __init__(self, text: str, parent=None):
        super().__init__(QCheckBox(text), parent)
        self.editor.clicked.connect(lambda _: self.sig_commit.emit())

    def value(self) -> bool:
        return self.editor.isChecked()

    def set_value(self, value) -> None:
        self.editor.setChecked(bool(value))
