"""Small dialogs: new plan, month window."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout)

from app.services import fiscal


def lay_out_form(dialog: QDialog, form: QFormLayout, width: int | None = None, intro: str | None = None) -> None:
    """The dialogs' common frame: an optional line of explanation, the form, OK / Cancel."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    if intro:
        layout.addWidget(QLabel(intro))
    layout.addLayout(form)
    layout.addWidget(buttons)
    if width:
        dialog.resize(width, dialog.sizeHint().height())


def unit_and_year(dialog: QDialog, units: list[str], default_unit: str, be_year: int) -> None:
    """The unit (an existing one or a new name) and fiscal-year fields a "new …" dialog starts with."""
    dialog.unit_combo = QComboBox()
    dialog.unit_combo.setEditable(True)
    dialog.unit_combo.addItems(units)
    dialog.unit_combo.setCurrentText(default_unit)
    dialog.year_spin = QSpinBox()
    dialog.year_spin.setRange(2500, 2700)
    dialog.year_spin.setValue(be_year)


def _month_combo(months: list[dt.date], selected: dt.date) -> QComboBox:
    combo = QComboBox()
    for month in months:
        combo.addItem(fiscal.month_label_long(month), month)
    combo.setCurrentIndex(months.index(selected) if selected in months else 0)
    return combo


class WindowDialog(QDialog):
    """Choose the first and last month of a plan's grid (wider than the fiscal year if needed)."""

    def __init__(self, be_year: int, start: dt.date, end: dt.date, parent=None):
        super().__init__(parent)
        self.setWindowTitle("ช่วงเดือนของแผน")
        fy_start, fy_end = fiscal.default_window(be_year)
        starts = fiscal.month_range(fiscal.add_months(fy_start, -6), fy_start)
        ends = fiscal.month_range(fy_end, fiscal.add_months(fy_end, 6))
        self.start_combo = _month_combo(starts, start)
        self.end_combo = _month_combo(ends, end)
        form = QFormLayout()
        form.addRow("เดือนแรก", self.start_combo)
        form.addRow("เดือนสุดท้าย", self.end_combo)
        lay_out_form(self, form, intro=f"ปีงบประมาณ พ.ศ. {be_year}: ต.ค. {be_year - 1} – ก.ย. {be_year}")

    def window(self) -> tuple[dt.date, dt.date]:
        return self.start_combo.currentData(), self.end_combo.currentData()


class NewPlanDialog(QDialog):
    def __init__(self, units: list[str], default_unit: str, be_year: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("แผนปฏิบัติการใหม่")
        unit_and_year(self, units, default_unit, be_year)
        self.title_edit = QLineEdit()
        self._auto_title = True
        self.title_edit.textEdited.connect(lambda _: setattr(self, "_auto_title", False))
        self.unit_combo.currentTextChanged.connect(lambda _: self._suggest_title())
        self.year_spin.valueChanged.connect(lambda _: self._suggest_title())
        self._suggest_title()
        form = QFormLayout()
        form.addRow("หน่วยงาน", self.unit_combo)
        form.addRow("ปีงบประมาณ พ.ศ.", self.year_spin)
        form.addRow("ชื่อแผน", self.title_edit)
        lay_out_form(self, form, 560)

    def _suggest_title(self) -> None:
        if self._auto_title:
            self.title_edit.setText(f"แผนการดำเนินการประจำปีงบประมาณ พ.ศ. {self.year_spin.value()} "
                                    f"ของ{self.unit_combo.currentText().strip()}")

    def values(self) -> tuple[str, int, str]:
        return self.unit_combo.currentText().strip(), self.year_spin.value(), self.title_edit.text().strip()
