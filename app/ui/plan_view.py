"""The plan grid view: a tree with month cells marked by click, drag or keyboard."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from app.models import ItemKind
from app.ui.plan_commands import MarkActualCommand, MarkMonthsCommand
from app.ui.undo import push
from app.ui.plan_header import MonthBandHeader
from app.ui.plan_model import PlanItemModel

DRAG_MARK = QColor(47, 111, 179, 70)
DRAG_CLEAR = QColor(200, 60, 60, 60)
DRAG_ACTUAL = QColor(30, 123, 52, 70)
HEADING_HAS_NO_ACTUAL = "หัวข้อ (มาตรการ) ไม่มีเดือนที่ดำเนินการของตัวเอง — บันทึกที่กิจกรรมภายใต้หัวข้อ"


class PlanTreeView(QTreeView):
    sig_message = Signal(str)  # a hint for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeader(MonthBandHeader(self))
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        # Per row, like a spreadsheet: per-pixel scrolling would measure every wrapped row up front.
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setAllColumnsShowFocus(False)
        self.setExpandsOnDoubleClick(False)
        self._anchor: QPersistentModelIndex | None = None
        self._current: QPersistentModelIndex | None = None
        self._drag_mark = True

    # ---- helpers -----------------------------------------------------------------------
    @property
    def plan_model(self) -> PlanItemModel:
        model = self.model()
        return model.sourceModel() if hasattr(model, "sourceModel") else model

    def to_source(self, index: QModelIndex) -> QModelIndex:
        model = self.model()
        return model.mapToSource(index) if hasattr(model, "mapToSource") else index

    def from_source(self, index: QModelIndex) -> QModelIndex:
        model = self.model()
        return model.mapFromSource(index) if hasattr(model, "mapFromSource") else index

    def _is_month(self, index: QModelIndex) -> bool:
        return index.isValid() and self.plan_model.is_month_column(index.column())

    @property
    def marking_actual(self) -> bool:
        """With the progress shown, month cells record the months actually worked (green band)."""
        return self.plan_model.show_progress

    def _marked(self, item_id: int) -> frozenset[dt.date]:
        model = self.plan_model
        return model.item_progress(item_id).actual_months if self.marking_actual else model.row(item_id).months

    def _mark_command(self, changes: dict[int, frozenset[dt.date]], mark: bool):
        command = MarkActualCommand if self.marking_actual else MarkMonthsCommand
        return command(self.plan_model, changes, mark)

    def _no_heading_months(self) -> None:
        self.sig_message.emit(HEADING_HAS_NO_ACTUAL if self.marking_actual
                              else "หัวข้อไม่มีเดือนของตัวเอง — ทำเครื่องหมายเดือนที่กิจกรรมภายใต้หัวข้อ")

    def _rows_between(self, first: QModelIndex, last: QModelIndex) -> list[QModelIndex]:
        """Visible rows from first to last inclusive, in either direction (column 0 indexes)."""
        first, last = first.siblingAtColumn(0), last.siblingAtColumn(0)
        down = self.visualRect(first).top() <= self.visualRect(last).top()
        rows, index = [first], first
        while index.isValid() and index != last:
            index = self.indexBelow(index) if down else self.indexAbove(index)
            if index.isValid():
                rows.append(index)
        return rows

    def mark_span(self, first: QModelIndex, last: QModelIndex, mark: bool) -> bool:
        """Mark (or clear) the months between two month cells on every row between them."""
        model = self.plan_model
        columns = range(min(first.column(), last.column()), max(first.column(), last.column()) + 1)
        months = {model.month_at(c) for c in columns}
        changes: dict[int, frozenset[dt.date]] = {}
        skipped_headings = False
        for row_index in self._rows_between(first, last):
            item_id = model.item_id(self.to_source(row_index))
            row = model.row(item_id)
            if row.kind == ItemKind.HEADING or (self.marking_actual and row.kind != ItemKind.ACTIVITY):
                skipped_headings = True
                continue
            current = self._marked(item_id)
            new = current | months if mark else current - months
            if new != current:
                changes[item_id] = frozenset(new)
        if skipped_headings and not changes:
            self._no_heading_months()
        if not changes:
            return False
        return push(model.undo_stack, self._mark_command(changes, mark))

    def toggle_selected_months(self) -> bool:
        """Space: mark every selected month cell, or clear them when all are marked already."""
        model = self.plan_model
        cells = [self.to_source(i) for i in self.selectionModel().selectedIndexes() if self._is_month(i)]
        if not cells and self._is_month(self.currentIndex()):
            cells = [self.to_source(self.currentIndex())]
        if not cells:
            return False
        wanted: dict[int, set[dt.date]] = {}
        for cell in cells:
            item_id = model.item_id(cell)
            kind = model.row(item_id).kind
            if kind != ItemKind.HEADING and (kind == ItemKind.ACTIVITY or not self.marking_actual):
                wanted.setdefault(item_id, set()).add(model.month_at(cell.column()))
        if not wanted:
            self._no_heading_months()
            return False
        mark = any(not months <= self._marked(i) for i, months in wanted.items())
        changes = {i: frozenset(self._marked(i) | m if mark else self._marked(i) - m)
                   for i, m in wanted.items()}
        return push(model.undo_stack, self._mark_command(changes, mark))

    def clear_selected_cells(self) -> None:
        """Delete key: empty the selected cells (months cleared, text emptied, budget "-")."""
        model = self.plan_model
        selected = [self.to_source(i) for i in self.selectionModel().selectedIndexes()] or \
            [self.to_source(self.currentIndex())]
        months: dict[int, set[dt.date]] = {}
        fields: list[QModelIndex] = []
        for cell in selected:
            if not cell.isValid():
                continue
            if model.is_month_column(cell.column()):
                months.setdefault(model.item_id(cell), set()).add(model.month_at(cell.column()))
            elif model.flags(cell) & Qt.ItemFlag.ItemIsEditable and cell.column() != 0:
                fields.append(cell)
        changes = {i: frozenset(self._marked(i) - m) for i, m in months.items() if self._marked(i) & m}
        fields = [cell for cell in fields if model.data(cell, Qt.ItemDataRole.EditRole)]
        if not changes and not fields:
            return
        stack = model.undo_stack
        stack.beginMacro("ล้างข้อมูลในช่อง")
        if changes:
            push(stack, self._mark_command(changes, mark=False))
        for cell in fields:
            model.setData(cell, "", Qt.ItemDataRole.EditRole)
        stack.endMacro()

    # ---- mouse -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        plain = not event.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
        if event.button() == Qt.MouseButton.LeftButton and plain and self._is_month(index):
            model = self.plan_model
            source = self.to_source(index)
            self._drag_mark = model.month_at(source.column()) not in self._marked(model.item_id(source))
            self._anchor = QPersistentModelIndex(index)
            self._current = QPersistentModelIndex(index)
            self.setCurrentIndex(index)
            self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.viewport().update()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None:
            index = self.indexAt(event.position().toPoint())
            if index.isValid():
                column = min(max(index.column(), 1), self.plan_model.month_count)
                index = index.siblingAtColumn(column)
                if index != QModelIndex(self._current):
                    self._current = QPersistentModelIndex(index)
                    self.viewport().update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None:
            anchor, current = QModelIndex(self._anchor), QModelIndex(self._current)
            self._anchor = self._current = None
            self.viewport().update()
            if anchor.isValid() and current.isValid():
                self.mark_span(anchor, current, self._drag_mark)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._is_month(self.indexAt(event.position().toPoint())):
            # The second click of a double click is one more toggle, not an editor.
            self.mousePressEvent(event)
            return
        super().mouseDoubleClickEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._anchor is None or self._current is None:
            return
        anchor, current = QModelIndex(self._anchor), QModelIndex(self._current)
        if not (anchor.isValid() and current.isValid()):
            return
        rect = self.visualRect(anchor).united(self.visualRect(current))
        painter = QPainter(self.viewport())
        colour = (DRAG_ACTUAL if self.marking_actual else DRAG_MARK) if self._drag_mark else DRAG_CLEAR
        painter.fillRect(rect, colour)
        painter.end()

    # ---- keyboard ----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and self._is_month(self.currentIndex()) and self.state() != self.State.EditingState:
            self.toggle_selected_months()
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and self.state() != self.State.EditingState:
            self.clear_selected_cells()
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            index = self.currentIndex()
            if self._is_month(index):
                self.toggle_selected_months()
            elif index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.edit(index)
            event.accept()
            return
        super().keyPressEvent(event)

    def cell_rect(self, item_id: int, column: int) -> QRect:
        index = self.from_source(self.plan_model.index_of(item_id, column))
        return self.visualRect(index)
