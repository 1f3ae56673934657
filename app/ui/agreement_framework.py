"""The framework editor: categories and their indicators with weights, edited in place.

Under the tree a live line shows the total weight, red with every problem listed when the
weights do not add up (the agreement's weight_problems()).
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
                               QToolTip, QTreeView, QVBoxLayout, QWidget)

from app.ui.agreement_commands import AddCommand, DeleteCommand, push
from app.ui.agreement_model import ID_ROLE, KIND_ROLE, NAME_COLUMN, WEIGHT_COLUMN, AgreementModel, plain_number
from app.ui.delegates import WrapTextDelegate

PROBLEM_STYLE = "color: #b00020;"
OK_STYLE = "color: #1d5e2b;"


class FrameworkEditor(QWidget):
    sig_indicator_chosen = Signal(int)   # the current row is an indicator
    sig_message = Signal(str)            # status-bar text

    def __init__(self, model: AgreementModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.last_error = ""
        self.view = QTreeView()
        self.view.setModel(model)
        self.view.setUniformRowHeights(False)
        self._wrap = WrapTextDelegate(self.view, self.view)   # long Thai names wrap; edited in a text box
        self.view.setItemDelegateForColumn(NAME_COLUMN, self._wrap)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WEIGHT_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.view.setColumnWidth(WEIGHT_COLUMN, 80)
        self.view.expandAll()
        header.sectionResized.connect(self._on_section_resized)

        self.add_category_button = QPushButton("เพิ่มองค์ประกอบ")
        self.add_category_button.setToolTip("เพิ่มองค์ประกอบใหม่ท้ายกรอบการประเมิน (น้ำหนัก 0)")
        self.add_indicator_button = QPushButton("เพิ่มตัวชี้วัด")
        self.add_indicator_button.setToolTip("เพิ่มตัวชี้วัดใหม่ท้ายองค์ประกอบที่เลือกอยู่ (น้ำหนัก 0)")
        self.delete_button = QPushButton("ลบ")
        self.delete_button.setToolTip("ลบองค์ประกอบหรือตัวชี้วัดที่เลือกอยู่ (เลิกทำได้)")
        self.total_label = QLabel()
        self.total_label.setObjectName("weightTotal")
        self.total_label.setWordWrap(True)
        self.total_label.setTextFormat(Qt.TextFormat.PlainText)

        title = QLabel("<b>กรอบการประเมินผล</b> — ดับเบิลคลิกหรือกด F2 เพื่อแก้ชื่อหรือน้ำหนัก")
        title.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_category_button)
        buttons.addWidget(self.add_indicator_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.total_label)
        layout.addLayout(buttons)

        self.add_category_button.clicked.connect(self.add_category)
        self.add_indicator_button.clicked.connect(self.add_indicator)
        self.delete_button.clicked.connect(lambda: self.delete_current())
        model.modelReset.connect(self.view.expandAll)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        model.sig_changed.connect(self.refresh_total)
        model.sig_error.connect(self._show_error)
        model.rowsInserted.connect(lambda parent, *_: self.view.expand(parent) if parent.isValid() else None)
        self.refresh_total()

    def _on_section_resized(self, *_):
        # Wrapped names must be measured again at the new width.
        self.view.scheduleDelayedItemsLayout() if hasattr(self.view, "scheduleDelayedItemsLayout") \
            else self.view.doItemsLayout()

    # ---- total line --------------------------------------------------------------------
    def refresh_total(self) -> None:
        problems = self.model.weight_problems()
        text = f"น้ำหนักรวม {plain_number(self.model.total_weight())}"
        if problems:
            text += "\n" + "\n".join(f"• {p}" for p in problems)
        self.total_label.setText(text)
        self.total_label.setProperty("problem", bool(problems))
        self.total_label.setStyleSheet(PROBLEM_STYLE if problems else OK_STYLE)

    # ---- selection ---------------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid() and current.data(KIND_ROLE) == "indicator":
            self.sig_indicator_chosen.emit(int(current.data(ID_ROLE)))

    def select(self, kind: str, item_id: int, column: int = NAME_COLUMN) -> QModelIndex:
        index = self.model.index_of(kind, item_id, column)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        return index

    def current_category_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            categories = self.model.categories
            return categories[-1].id if categories else None
        if index.data(KIND_ROLE) == "category":
            return int(index.data(ID_ROLE))
        return self.model.indicator(int(index.data(ID_ROLE))).category_id

    # ---- adding and deleting (undoable) -------------------------------------------------
    def _push(self, command) -> bool:
        return push(self.model.undo_stack, command)

    def add_category(self) -> int | None:
        command = AddCommand(self.model, "category", lambda: self.model.add_category("องค์ประกอบใหม่", 0))
        if not self._push(command):
            return None
        self.sig_message.emit("เพิ่มองค์ประกอบแล้ว — พิมพ์ชื่อได้เลย")
        self.view.edit(self.select("category", command.item_id))
        return command.item_id

    def add_indicator(self) -> int | None:
        category_id = self.current_category_id()
        if category_id is None:
            self.sig_message.emit("ยังไม่มีองค์ประกอบ — เพิ่มองค์ประกอบก่อนเพิ่มตัวชี้วัด")
            return None
        number = self.model.next_indicator_number()
        command = AddCommand(self.model, "indicator",
                             lambda: self.model.add_indicator(category_id, number, "ตัวชี้วัดใหม่", 0))
        if not self._push(command):
            return None
        self.sig_message.emit("เพิ่มตัวชี้วัดแล้ว — พิมพ์ชื่อได้เลย")
        self.view.edit(self.select("indicator", command.item_id))
        return command.item_id

    def delete_current(self, confirm: bool = True) -> bool:
        index = self.view.currentIndex()
        if not index.isValid():
            self.sig_message.emit("เลือกองค์ประกอบหรือตัวชี้วัดที่จะลบก่อน")
            return False
        kind, item_id = index.data(KIND_ROLE), int(index.data(ID_ROLE))
        if kind == "category":
            category = self.model.category(item_id)
            label = f"องค์ประกอบ “{category.name}”"
            if confirm and category.indicators and QMessageBox.question(
                    self, "ลบองค์ประกอบ", f"ลบ{label} พร้อมตัวชี้วัดอีก {len(category.indicators)} ตัวหรือไม่?\n"
                                          "(เลิกทำได้ด้วย Ctrl+Z)") != QMessageBox.StandardButton.Yes:
                return False
        else:
            label = f"ตัวชี้วัดที่ {self.model.indicator(item_id).number}"
        return self._push(DeleteCommand(self.model, kind, item_id, label))

    # ---- refusals ----------------------------------------------------------------------
    def _show_error(self, message: str, kind: str, item_id: int, field: str) -> None:
        """A refused name or weight typed in the tree: the message at the cell and in the status bar.
        (Edits made on the indicator editor's tabs are shown there, next to their field.)"""
        if self.view.state() != QAbstractItemView.State.EditingState:
            return
        self.last_error = message
        self.sig_message.emit(message)
        column = WEIGHT_COLUMN if field == "weight" else NAME_COLUMN
        # After the cell editor has closed: its focus change would hide the tip at once.
        QTimer.singleShot(0, lambda: self._tip_at(kind, item_id, column, message))

    def _tip_at(self, kind: str, item_id: int, column: int, message: str) -> None:
        index = self.model.index_of(kind, item_id, column) if item_id else QModelIndex()
        rect = self.view.visualRect(index) if index.isValid() else None
        if rect is not None and rect.isValid():
            QToolTip.showText(self.view.viewport().mapToGlobal(rect.bottomLeft()), message, self.view.viewport(),
                              QRect(), 8000)
