"""The progress panel beside the plan grid (seed 003): the selected activity's target, result and
the two status pairs. Each field is committed on its own when the officer leaves it; the editor
turns `sig_edit` into an undoable command."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from app.models import ItemKind
from app.services import progress
from app.services.progress import DONE_LABELS, TARGET_LABELS

UNSTATED = "— ยังไม่ระบุ —"
HINT = ("โหมดผลการดำเนินงาน: คลิกหรือลากในช่องเดือนเพื่อบันทึกเดือนที่ดำเนินการจริง (แถบสีเขียว) "
        "— ปิดโหมดนี้เพื่อแก้เดือนตามแผน")


_COMBO_INDEX = {None: 0, True: 1, False: 2}


class _ResultEdit(QPlainTextEdit):
    """Commits when focus leaves, like a grid cell."""

    sig_done = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.sig_done.emit()


def _status_combo(labels: tuple[str, str]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(UNSTATED, None)
    combo.addItem(labels[0], True)
    combo.addItem(labels[1], False)
    return combo


class ProgressPanel(QWidget):
    sig_edit = Signal(int, object)   # item id, {field: value}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("progressPanel")
        self.item_id: int | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.periods = QLabel()
        self.periods.setWordWrap(True)
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText("เช่น 4")
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("เช่น ครั้ง")
        self.result = _ResultEdit()
        self.result.setPlaceholderText("ผลการดำเนินงานตามแผนงาน/โครงการ/กิจกรรม พร้อมเลขที่หนังสือ/เอกสารแนบ")
        self.result.setTabChangesFocus(True)
        self.done = _status_combo(DONE_LABELS)
        self.on_target = _status_combo(TARGET_LABELS)
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")

        target = QHBoxLayout()
        target.addWidget(self.quantity, 1)
        target.addWidget(self.unit, 2)
        form = QFormLayout()
        form.addRow("เป้าหมาย (จำนวน) / หน่วยนับ", target)
        form.addRow("สถานะการดำเนินการ", self.done)
        form.addRow("ผลเทียบเป้าหมาย", self.on_target)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        heading = QLabel("<b>ผลการดำเนินงาน</b>")
        layout.addWidget(heading)
        layout.addWidget(self.title)
        layout.addWidget(self.periods)
        layout.addLayout(form)
        layout.addWidget(QLabel("ผลการดำเนินงานตามแผนงาน/โครงการ/กิจกรรม"))
        layout.addWidget(self.result, 1)
        layout.addWidget(self.hint)

        self.quantity.editingFinished.connect(lambda: self._edit("target_quantity", self.quantity.text().strip()))
        self.unit.editingFinished.connect(lambda: self._edit("target_unit", self.unit.text().strip()))
        self.result.sig_done.connect(lambda: self._edit("result", self.result.toPlainText().strip()))
        self.done.activated.connect(lambda _: self._edit("done", self.done.currentData()))
        self.on_target.activated.connect(lambda _: self._edit("on_target", self.on_target.currentData()))
        self._shown: dict = {}
        self.show_item(None, None)

    def _edit(self, name: str, value) -> None:
        if self.item_id is None or self._shown.get(name) == value:
            return
        self._shown[name] = value  # a refusal shows the stored value again through refresh
        self.sig_edit.emit(self.item_id, {name: value})

    def _editors(self):
        return (self.quantity, self.unit, self.result, self.done, self.on_target)

    def show_item(self, model, item_id: int | None) -> None:
        """Show an item's progress (model: the PlanItemModel); headings and bullets have none."""
        self.item_id = None
        row = model.row(item_id) if model is not None and item_id is not None and model.has_item(item_id) else None
        editable = row is not None and row.kind == ItemKind.ACTIVITY
        for widget in self._editors():
            widget.setEnabled(editable)
        if row is None:
            self.title.setText("เลือกกิจกรรมในตารางเพื่อบันทึกผลการดำเนินงาน")
            self.periods.clear()
            data = progress.ItemProgress(item_id=0)
        else:
            self.title.setText(f"{model.number(item_id)} {row.title}")
            data = model.item_progress(item_id)
            if editable:
                self.periods.setText(f"แผนที่กำหนด: {progress.period_text(row.months)} · "
                                     f"ดำเนินการจริง: {progress.period_text(data.actual_months)}")
            else:
                self.periods.setText("หัวข้อ/มาตรการ: บันทึกผลที่กิจกรรมภายใต้หัวข้อ" if row.kind == ItemKind.HEADING
                                     else "รายการย่อย: บันทึกผลที่กิจกรรมที่มีเลขลำดับ")
        self._shown = data.fields()
        for widget in self._editors():
            widget.blockSignals(True)
        self.quantity.setText(data.target_quantity)
        self.unit.setText(data.target_unit)
        if self.result.toPlainText() != data.result:
            self.result.setPlainText(data.result)
        self.done.setCurrentIndex(_COMBO_INDEX[data.done])
        self.on_target.setCurrentIndex(_COMBO_INDEX[data.on_target])
        for widget in self._editors():
            widget.blockSignals(False)
        self.item_id = item_id if editable else None
