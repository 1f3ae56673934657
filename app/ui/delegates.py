"""Cell painting and editing per field type: month marks, money, wrapped text."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QStyle, QStyledItemDelegate

from app.ui.plan_model import MARK_ROLE

MARK_COLOR = QColor("#2f6fb3")
ROLLUP_COLOR = QColor("#b9cde6")
MAX_WRAPPED_LINES = 6


class MonthDelegate(QStyledItemDelegate):
    """A marked month is a solid bar with an arrow head, like the → cells of the paper plan."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        mark = index.data(MARK_ROLE)
        if not mark:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(1, 0, -1, 0)
        bar_height = max(6, min(12, rect.height() // 3))
        bar = QRect(rect.left(), rect.center().y() - bar_height // 2, rect.width(), bar_height)
        color = MARK_COLOR if mark == "own" else ROLLUP_COLOR
        painter.fillRect(bar.adjusted(0, 0, -bar_height // 2, 0), color)
        if mark == "own":
            head = bar_height // 2 + 3
            tip_x = bar.right()
            cy = bar.center().y()
            painter.setPen(QPen(color, 1))
            painter.setBrush(color)
            from PySide6.QtCore import QPointF
            from PySide6.QtGui import QPolygonF
            painter.drawPolygon(QPolygonF([QPointF(tip_x - head - 1, cy - head), QPointF(tip_x, cy),
                                           QPointF(tip_x - head - 1, cy + head)]))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return QSize(28, option.fontMetrics.height() + 8)


class WrapTextDelegate(QStyledItemDelegate):
    """Long Thai text wraps inside the column; rows grow up to a few lines (the rest in the tooltip)."""

    def __init__(self, view, parent=None):
        super().__init__(parent)
        self.view = view

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.features |= option.ViewItemFeature.WrapText
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

    def sizeHint(self, option, index) -> QSize:
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        width = self.view.header().sectionSize(index.column()) - 10
        if index.column() == 0:
            width -= self.view.indentation() * (_depth(index) + 1)
        metrics = QFontMetrics(index.data(Qt.ItemDataRole.FontRole) or option.font)
        line = metrics.lineSpacing()
        if width <= 20 or not text:
            return QSize(max(width, 20), line + 8)
        bounds = metrics.boundingRect(QRect(0, 0, width, line * 100),
                                      int(Qt.TextFlag.TextWordWrap), text)
        height = min(bounds.height(), line * MAX_WRAPPED_LINES)
        return QSize(width, height + 8)

    def createEditor(self, parent, option, index):
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        return editor

    def setEditorData(self, editor, index) -> None:
        editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = option.rect
        editor.setGeometry(rect.adjusted(0, 0, 0, max(0, 3 * option.fontMetrics.lineSpacing() - rect.height())))

    def eventFilter(self, editor, event) -> bool:
        # Enter commits like a spreadsheet cell; Shift+Enter (or Alt+Enter) adds a line break.
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not event.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
                return True
        return super().eventFilter(editor, event)


class MoneyDelegate(QStyledItemDelegate):
    """Budget cell: right aligned; the editor takes "1,050.00", "1050", "-" or nothing."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setPlaceholderText("-")
        return editor

    def setEditorData(self, editor, index) -> None:
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


def _depth(index) -> int:
    depth, parent = 0, index.parent()
    while parent.isValid():
        depth += 1
        parent = parent.parent()
    return depth


def paint_selected(option) -> bool:
    return bool(option.state & QStyle.StateFlag.State_Selected)
