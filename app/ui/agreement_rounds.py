"""The rounds editor of the ข้อมูลคำรับรอง tab: the agreement's rounds with label, start, cut-off and
due date; add a custom round or a preset set, change or delete the chosen one (each undoable).

The dates must lie inside the fiscal year; agreements.add_round/update_round refuse bad ones in
Thai and the message stays under the form.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from app.services.agreements import ROUND_PRESETS
from app.services.thai_format import date_short
from app.ui.agreement_commands import AddRoundsCommand, DeleteRoundCommand, SetRoundCommand, push
from app.ui.agreement_model import AgreementModel
from app.ui.be_date import BEDateEdit
from app.ui.indicator_fields import error_label

NO_DUE = "ไม่กำหนด"
ROUND_ID = Qt.ItemDataRole.UserRole
HEADERS = ("รอบ", "เริ่ม", "ตัดรอบ", "กำหนดส่ง")


class RoundsEditor(QWidget):
    sig_message = Signal(str)

    def __init__(self, model: AgreementModel, parent=None):
        super().__init__(parent)
        self.model = model
        a = model.agreement
        self.table = QTreeWidget()
        self.table.setHeaderLabels(list(HEADERS))
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(130)
        self.table.setColumnWidth(0, 170)
        self.table.currentItemChanged.connect(lambda *_: self.show_chosen())

        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText("เช่น รอบ ๖ เดือน")
        self.start_edit = BEDateEdit(a.period_start, a.period_end)
        self.cutoff_edit = BEDateEdit(a.period_start, a.period_end)
        # Reports may be due after the year ends: up to a year later, or none.
        self.due_edit = BEDateEdit(a.period_start, a.period_end.replace(year=a.period_end.year + 1), NO_DUE)
        form = QFormLayout()
        form.addRow("ชื่อรอบ", self.label_edit)
        dates = QHBoxLayout()
        for label, edit in (("เริ่ม", self.start_edit), ("ตัดรอบ", self.cutoff_edit), ("ส่งรายงาน", self.due_edit)):
            box = QVBoxLayout()
            box.addWidget(_caption(label))
            box.addWidget(edit)
            dates.addLayout(box)
        form.addRow(dates)
        self.error = error_label()

        self.add_button = QPushButton("เพิ่มรอบ")
        self.add_button.clicked.connect(self.add_custom)
        self.save_button = QPushButton("บันทึกรอบที่เลือก")
        self.save_button.clicked.connect(self.save_chosen)
        self.delete_button = QPushButton("ลบรอบที่เลือก")
        self.delete_button.clicked.connect(self.delete_chosen)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.preset_combo = QComboBox()
        self.preset_combo.addItems(list(ROUND_PRESETS))
        self.preset_button = QPushButton("เพิ่มชุดรอบ")
        self.preset_button.clicked.connect(lambda: self.add_preset(self.preset_combo.currentText()))
        presets = QHBoxLayout()
        presets.addWidget(_caption("ชุดรอบสำเร็จรูป"))
        presets.addWidget(self.preset_combo, 1)
        presets.addWidget(self.preset_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(presets)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reload()

    # ---- showing -----------------------------------------------------------------------
    def reload(self) -> None:
        chosen = self.chosen_id()
        self.table.blockSignals(True)
        self.table.clear()
        for round_ in self.model.agreement.rounds:
            item = QTreeWidgetItem(self.table, [round_.label, date_short(round_.start), date_short(round_.cutoff),
                                                date_short(round_.due) if round_.due else ""])
            item.setData(0, ROUND_ID, round_.id)
            if round_.id == chosen:
                self.table.setCurrentItem(item)
        self.table.blockSignals(False)
        self.save_button.setEnabled(self.chosen_id() is not None)
        self.delete_button.setEnabled(self.chosen_id() is not None)

    def chosen_id(self) -> int | None:
        item = self.table.currentItem()
        return None if item is None else item.data(0, ROUND_ID)

    def choose(self, round_id: int) -> None:
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item.data(0, ROUND_ID) == round_id:
                self.table.setCurrentItem(item)

    def show_chosen(self) -> None:
        round_id = self.chosen_id()
        self.save_button.setEnabled(round_id is not None)
        self.delete_button.setEnabled(round_id is not None)
        round_ = next((r for r in self.model.agreement.rounds if r.id == round_id), None)
        if round_ is None:
            return
        self.label_edit.setText(round_.label)
        self.start_edit.set_date_value(round_.start)
        self.cutoff_edit.set_date_value(round_.cutoff)
        self.due_edit.set_date_value(round_.due)
        self.clear_error()

    def form_values(self) -> dict:
        return {"label": self.label_edit.text().strip(), "start": self.start_edit.date_value(),
                "cutoff": self.cutoff_edit.date_value(), "due": self.due_edit.date_value()}

    # ---- changing ----------------------------------------------------------------------
    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.sig_message.emit(message)

    def _push(self, command) -> bool:
        if push(self.model.undo_stack, command):
            self.clear_error()
            return True
        self.refuse(self.model.last_error)
        return False

    def add_custom(self) -> bool:
        v = self.form_values()
        if self._push(AddRoundsCommand(self.model, [(v["label"], v["start"], v["cutoff"], v["due"])])):
            self.choose(self.model.agreement.rounds[-1].id)
            return True
        return False

    def add_preset(self, preset: str) -> bool:
        before = len(self.model.agreement.rounds)
        command = AddRoundsCommand(self.model, preset=preset)
        if push(self.model.undo_stack, command):
            self.clear_error()
            self.sig_message.emit(f"เพิ่ม {len(self.model.agreement.rounds) - before} รอบจากชุด {preset}")
            return True
        message = self.model.last_error if command.refused else f"รอบในชุด {preset} มีอยู่แล้วทุกรอบ"
        self.refuse(message)
        return False

    def save_chosen(self) -> bool:
        round_id = self.chosen_id()
        if round_id is None:
            return False
        round_ = next(r for r in self.model.agreement.rounds if r.id == round_id)
        values = self.form_values()
        changed = {k: v for k, v in values.items() if getattr(round_, k) != v}
        if not changed:
            self.clear_error()
            return False
        return self._push(SetRoundCommand(self.model, round_id, changed))

    def delete_chosen(self) -> bool:
        round_id = self.chosen_id()
        if round_id is None:
            return False
        return self._push(DeleteRoundCommand(self.model, round_id))


def _caption(text: str) -> QLabel:
    return QLabel(text)
