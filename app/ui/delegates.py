"""Cell painting and editing per field type: month marks, money, wrapped text."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QStyledItemDelegate

from app.ui.plan_model import ACTUAL_ROLE, MARK_ROLE

MARK_COLOR = QColor("#2f6fb3")
ROLLUP_COLOR = QColor("#b9cde6")
ACTUAL_COLOR = QColor("#1e7b34")   # months actually worked (progress view): a green band under the plan's bar
MAX_WRAPPED_LINES = 6


class MonthDelegate(QStyledItemDelegate):
    """Marked months are a bar; a run of consecutive months is one bar ending in an arrow head,
    like the → cells of the paper plan. Headings show their activities' months as a light band."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        actual = index.data(ACTUAL_ROLE)   # None unless the progress is shown
        if actual is not None:
            self._paint_with_actual(painter, option, index, actual)
            return
        mark = index.data(MARK_ROLE)
        if not mark:
            return
        joins_left = index.siblingAtColumn(index.column() - 1).data(MARK_ROLE) == mark
        joins_right = index.siblingAtColumn(index.column() + 1).data(MARK_ROLE) == mark
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        bar_height = max(6, min(10, rect.height() // 3))
        head = bar_height // 2 + 3
        left = rect.left() if joins_left else rect.left() + 2
        right = rect.right() + 1 if joins_right else rect.right() - 1
        cy = rect.center().y()
        color = MARK_COLOR if mark == "own" else ROLLUP_COLOR
        if mark == "own" and not joins_right:
            painter.fillRect(QRect(left, cy - bar_height // 2, right - head - left + 1, bar_height), color)
            painter.setPen(QPen(color, 1))
            painter.setBrush(color)
            painter.drawPolygon(QPolygonF([QPointF(right - head, cy - head), QPointF(right, cy),
                                           QPointF(right - head, cy + head)]))
        else:
            painter.fillRect(QRect(left, cy - bar_height // 2, right - left, bar_height), color)
        painter.restore()

    def _paint_with_actual(self, painter: QPainter, option, index, actual: bool) -> None:
        """Progress view: the plan's bar thinner in the upper half, the actual months as a green
        band with square ends and a white tick in the lower half, so the two never merge."""
        rect = option.rect
        mark = index.data(MARK_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cy = rect.center().y()
        top_y = cy - 6
        if mark:
            joins_left = index.siblingAtColumn(index.column() - 1).data(MARK_ROLE) == mark
            joins_right = index.siblingAtColumn(index.column() + 1).data(MARK_ROLE) == mark
            left = rect.left() if joins_left else rect.left() + 2
            right = rect.right() + 1 if joins_right else rect.right() - 1
            color = MARK_COLOR if mark == "own" else ROLLUP_COLOR
            painter.fillRect(QRect(left, top_y - 2, right - left - (4 if mark == "own" and not joins_right else 0), 5),
                             color)
            if mark == "own" and not joins_right:
                painter.setPen(QPen(color, 1))
                painter.setBrush(color)
                painter.drawPolygon(QPolygonF([QPointF(right - 6, top_y - 5), QPointF(right, top_y + 0.5),
                                               QPointF(right - 6, top_y + 6)]))
        if actual:
            joins_left = bool(index.siblingAtColumn(index.column() - 1).data(ACTUAL_ROLE))
            joins_right = bool(index.siblingAtColumn(index.column() + 1).data(ACTUAL_ROLE))
            band = QRect(rect.left() + (0 if joins_left else 2), cy + 2,
                         rect.width() - (0 if joins_left else 2) - (0 if joins_right else 2), 10)
            painter.fillRect(band, ACTUAL_COLOR)
            pen = QPen(QColor("white"), 1.6)
            painter.setPen(pen)
            cx, cy, h = rect.center().x(), band.center().y(), band.height()
            painter.drawPolyline(QPolygonF([QPointF(cx - h * 0.35, cy), QPointF(cx - h * 0.08, cy + h * 0.28),
                                            QPointF(cx + h * 0.38, cy - h * 0.3)]))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return QSize(28, option.fontMetrics.height() + 8)


class WrapTextDelegate(QStyledItemDelegate):
    """Long Thai text wraps inside the column; rows grow up to a few lines (the rest in the tooltip)."""

    def __init__(self, view, parent=None):
        super().__init__(parent)
        self.view = view
        self._heights: dict[tuple[str, int, str], int] = {}

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.features |= option.ViewItemFeature.WrapText
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

    def sizeHint(self, option, index) -> QSize:
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        width = self.view.header().sectionSize(index.column()) - 10
        if index.column() == 0:
            width -= self.view.indentation() * (_depth(index) + 1)
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        return QSize(max(width, 20), self._height(text, width, font))

    def _height(self, text: str, width: int, font) -> int:
        # Row heights are measured again on every change to a row and on every repaint after a
        # resize; wrapping Thai text is the costly part, and the same cells come back again.
        key = (text, width, font.key())
        height = self._heights.get(key)
        if height is None:
            metrics = QFontMetrics(font)
            line = metrics.lineSpacing()
            if width <= 20 or not text:
                height = line + 8
            else:
                bounds = metrics.boundingRect(QRect(0, 0, width, line * 100), int(Qt.TextFlag.TextWordWrap), text)
                height = min(bounds.height(), line * MAX_WRAPPED_LINES) + 8
            if len(self._heights) > 50_000:
                self._heights.clear()
            self._heights[key] = height
        return height

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
