"""A small editable table field (level targets, baseline and roadmap by year, a round's steps).

Rows are dicts; columns are (key, header, editable). A finished cell edit, an added row or a
removed row fires `sig_commit`; the owner reads `value()` (every row) and pushes one command.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QSizePolicy,
                               QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app.ui.indicator_fields import Field


class TableField(Field):
    def __init__(self, columns: list[tuple[str, str, bool]], add_text: str = "", remove_text: str = "",
                 numbered: bool = False, stretch: int = -1, parent=None):
        table = QTableWidget(0, len(columns))
        self.table = table
        self.columns = columns
        table.setHorizontalHeaderLabels([header for _, header, _ in columns])
        table.verticalHeader().setVisible(numbered)   # numbered: the row header is the step number
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        # Its height is set to fit the rows; it must not ask its form for more.
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        stretch = len(columns) - 1 if stretch < 0 else stretch
        for column in range(len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        self.add_button = self.remove_button = None
        if add_text:
            buttons = QHBoxLayout()
            self.add_button = QPushButton(add_text)
            self.remove_button = QPushButton(remove_text)
            buttons.addWidget(self.add_button)
            buttons.addWidget(self.remove_button)
            buttons.addStretch(1)
            layout.addLayout(buttons)
            self.remove_button.clicked.connect(self.remove_current)
        super().__init__(box, parent)
        self._rows: list[dict] = []
        table.itemChanged.connect(lambda _item: self.sig_commit.emit())
        self._fit_height()

    def _fit_height(self) -> None:
        table = self.table
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 2 * table.frameWidth() + 2
        height += sum(table.rowHeight(r) for r in range(table.rowCount())) or table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(min(height, 320))

    def _grid(self) -> list[list[str]]:
        return [[(self.table.item(r, c).text() if self.table.item(r, c) else "") for c in range(len(self.columns))]
                for r in range(self.table.rowCount())]

    def value(self) -> list[dict]:
        """Every row as shown, keeping keys that have no column (a level's points, say)."""
        rows = []
        for r in range(self.table.rowCount()):
            row = dict(self._rows[r]) if r < len(self._rows) else {}
            for c, (key, _, _) in enumerate(self.columns):
                item = self.table.item(r, c)
                row[key] = item.text().strip() if item is not None else ""
            rows.append(row)
        return rows

    def set_value(self, rows) -> None:
        rows = [dict(r) for r in rows]
        self._rows = rows
        if self._grid() == [[_text(row.get(key)) for key, _, _ in self.columns] for row in rows]:
            return  # already shown (keeps the cursor where it is)
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (key, _, editable) in enumerate(self.columns):
                value = row.get(key)
                item = QTableWidgetItem(_text(value))
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(r, c, item)
        table.blockSignals(False)
        self._fit_height()

    def append(self, row: dict) -> None:
        """A new row (committed at once, like any edit)."""
        self.set_value(self.value() + [row])
        self.sig_commit.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < self.table.rowCount():
            rows = self.value()
            del rows[row]
            self.set_value(rows)
            self.sig_commit.emit()

    def edit_cell(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        if item is not None:
            self.table.setCurrentItem(item)
            self.table.editItem(item)


def _text(value) -> str:
    return "" if value is None else str(value)
