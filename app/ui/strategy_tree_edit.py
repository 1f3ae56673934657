"""Editing a strategy plan's structure from its screen: the dialogs (a dimension, goal or project; a
KPI's whole definition; a new plan) and the undo commands for edits that can be taken back.

Every dialog is given a `save(values)` that commits in one transaction; a refused value shows its
Thai message in the dialog, which stays open, and nothing is saved. Adding and deleting are not on
the undo stack (a deleted KPI takes its results with it); deleting asks first and clears the stack,
whose commands may name what is gone."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from app.services import strategy
from app.services.agreements import ROUND_PRESETS
from app.services.errors import PlanDeskError
from app.ui.dialogs import unit_and_year
from app.ui.indicator_fields import error_label
from app.ui.undo import AppliedCommand

NO_ROUNDS = "ไม่สร้างรอบ (เพิ่มภายหลัง)"
KIND_NAMES = {"dimension": "มิติ", "goal": "เป้าประสงค์ (CSF)", "project": "แผนงาน/โครงการ", "kpi": "ตัวชี้วัด"}
SCHEME_TYPES = (("levels", "ตามค่าเป้าหมาย ๕ ระดับ"), ("milestones", "ตามขั้นตอนที่ทำได้ต่อเนื่องกัน"))
DIRECTIONS = (("higher", "ยิ่งมากยิ่งดี"), ("lower", "ยิ่งน้อยยิ่งดี"))
Save = Callable[[dict], object]


def plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


class _SavingDialog(QDialog):
    """OK runs `save(values())`; a PlanDeskError keeps the dialog open with its message."""

    def __init__(self, title: str, save: Save, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.save = save
        self.saved = None
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("บันทึก")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _finish(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self) -> dict:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.saved = self.save(self.values())
        except PlanDeskError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class NodeDialog(_SavingDialog):
    """A dimension, a goal (CSF) or a project: number, name and (not for projects) weight."""

    def __init__(self, title: str, kind: str, save: Save, number: str = "", name: str = "",
                 weight: Decimal | None = None, parent=None):
        super().__init__(title, save, parent)
        self.kind = kind
        self.number_edit = QLineEdit(number)
        self.name_edit = QLineEdit(name)
        self.weight_edit = QLineEdit(plain(weight))
        self.weight_edit.setPlaceholderText("ร้อยละ เช่น 25")
        form = QFormLayout()
        form.addRow("ลำดับ", self.number_edit)
        form.addRow(f"ชื่อ{KIND_NAMES[kind]}", self.name_edit)
        if kind != "project":
            form.addRow("น้ำหนัก (ร้อยละ)", self.weight_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self._finish(layout)
        self.resize(620, self.sizeHint().height())
        self.name_edit.setFocus()

    def values(self) -> dict:
        values = {"number": self.number_edit.text().strip(), "name": self.name_edit.text().strip()}
        if self.kind != "project":
            values["weight"] = self.weight_edit.text().strip()
        return values


class KpiDialog(_SavingDialog):
    """A KPI's whole definition, as seed 004 prints it above the KPI's result."""

    def __init__(self, title: str, save: Save, kpi: strategy.KpiData | None = None, number: str = "",
                 parent=None):
        super().__init__(title, save, parent)
        self.base_scheme = dict(kpi.scheme) if kpi else {}
        self.number_edit = QLineEdit(kpi.number if kpi else number)
        self.name_edit = QLineEdit(kpi.name if kpi else "")
        self.owner_edit = QLineEdit(kpi.owner if kpi else "")
        self.owner_edit.setPlaceholderText("ชื่อย่อหน่วยงานเจ้าภาพ เช่น สทส.")
        self.reporting_edit = QLineEdit(kpi.reporting_unit if kpi else "")
        self.unit_edit = QLineEdit(kpi.unit_of_measure if kpi else "")
        self.unit_edit.setPlaceholderText("เช่น ร้อยละ, ระดับ, ครั้ง")
        self.weight_edit = QLineEdit(plain(kpi.weight) if kpi else "")
        self.weight_edit.setPlaceholderText("ร้อยละภายในเป้าประสงค์")
        targets = list(kpi.targets) if kpi else [""] * strategy.LEVELS
        self.target_edits = [QLineEdit(t) for t in targets + [""] * (strategy.LEVELS - len(targets))]
        target_row = QGridLayout()
        for level, edit in enumerate(self.target_edits, start=1):
            edit.setPlaceholderText("-" if level < 3 else "")
            edit.setMaximumWidth(90)
            target_row.addWidget(QLabel(f"ระดับ {level}"), 0, level - 1)
            target_row.addWidget(edit, 1, level - 1)
        self.type_combo = QComboBox()
        for key, label in SCHEME_TYPES:
            self.type_combo.addItem(label, key)
        self.direction_combo = QComboBox()
        for key, label in DIRECTIONS:
            self.direction_combo.addItem(label, key)
        self.interpolate_check = QCheckBox("คิดคะแนนตามสัดส่วนระหว่างระดับ (ทศนิยม)")
        scheme = strategy.validate_kpi_scheme(self.base_scheme) if kpi else {"type": "levels", "interpolate": False,
                                                                           "direction": "higher"}
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(scheme["type"])))
        self.direction_combo.setCurrentIndex(max(0, self.direction_combo.findData(scheme["direction"])))
        self.interpolate_check.setChecked(bool(scheme["interpolate"]))
        scheme_row = QHBoxLayout()
        scheme_row.addWidget(self.type_combo)
        scheme_row.addWidget(self.direction_combo)
        scheme_row.addWidget(self.interpolate_check)
        scheme_row.addStretch(1)
        self.steps_edit = QPlainTextEdit("\n".join(kpi.steps) if kpi else "")
        self.steps_edit.setPlaceholderText("บรรทัดละหนึ่งขั้นตอน (ตัวชี้วัดแบบขั้นตอนมีได้ไม่เกิน ๕ ขั้น)")
        self.formula_edit = QPlainTextEdit(kpi.formula if kpi else "")
        self.remarks_edit = QPlainTextEdit(kpi.remarks if kpi else "")
        for edit, height in ((self.steps_edit, 110), (self.formula_edit, 60), (self.remarks_edit, 60)):
            edit.setMinimumHeight(height)
            edit.setMaximumHeight(height * 2)
        form = QFormLayout()
        form.addRow("ลำดับ", self.number_edit)
        form.addRow("ชื่อตัวชี้วัด", self.name_edit)
        form.addRow("เจ้าภาพ", self.owner_edit)
        form.addRow("ชื่อหน่วยงาน", self.reporting_edit)
        form.addRow("หน่วยนับ", self.unit_edit)
        form.addRow("น้ำหนัก (ร้อยละ)", self.weight_edit)
        targets_box = QWidget()
        targets_box.setLayout(target_row)
        target_row.setContentsMargins(0, 0, 0, 0)
        form.addRow("ค่าเป้าหมาย", targets_box)
        form.addRow("วิธีคิดคะแนน", scheme_row)
        form.addRow("ขั้นตอนการดำเนินงาน", self.steps_edit)
        form.addRow("สูตรการคำนวณ", self.formula_edit)
        form.addRow("หมายเหตุ", self.remarks_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self._finish(layout)
        self.resize(760, self.sizeHint().height())
        self.name_edit.setFocus()

    def values(self) -> dict:
        scheme = dict(self.base_scheme)
        scheme.update(type=self.type_combo.currentData(), direction=self.direction_combo.currentData(),
                      interpolate=self.interpolate_check.isChecked())
        return {"number": self.number_edit.text().strip(), "name": self.name_edit.text().strip(),
                "owner": self.owner_edit.text().strip(), "reporting_unit": self.reporting_edit.text().strip(),
                "unit_of_measure": self.unit_edit.text().strip(), "weight": self.weight_edit.text().strip(),
                "targets": [e.text().strip() for e in self.target_edits], "scheme": scheme,
                "steps": [s.strip() for s in self.steps_edit.toPlainText().splitlines() if s.strip()],
                "formula": self.formula_edit.toPlainText().strip(), "remarks": self.remarks_edit.toPlainText().strip()}


class NewStrategyPlanDialog(_SavingDialog):
    """ไฟล์ › สร้างแผนกลยุทธ์ใหม่…: unit, fiscal year, title, Scorecard name and the rounds to start with."""

    def __init__(self, units: list[str], default_unit: str, be_year: int, save: Save, parent=None):
        super().__init__("สร้างแผนกลยุทธ์ใหม่", save, parent)
        unit_and_year(self, units, default_unit, be_year)
        self.title_edit = QLineEdit("แผนกลยุทธ์การบริหารทรัพยากรบุคคล")
        self.scorecard_edit = QLineEdit()
        self.scorecard_edit.setPlaceholderText("เช่น HR Scorecard (ไม่บังคับ)")
        self.preset_combo = QComboBox()
        self.preset_combo.addItems([*ROUND_PRESETS, NO_ROUNDS])
        self.preset_combo.setCurrentText("4/6/9")
        form = QFormLayout()
        form.addRow("หน่วยงาน", self.unit_combo)
        form.addRow("ปีงบประมาณ พ.ศ.", self.year_spin)
        form.addRow("ชื่อแผน", self.title_edit)
        form.addRow("ชื่อ Scorecard", self.scorecard_edit)
        form.addRow("รอบการรายงาน", self.preset_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self._finish(layout)
        self.resize(600, self.sizeHint().height())

    def values(self) -> dict:
        preset = self.preset_combo.currentText()
        return {"unit": self.unit_combo.currentText().strip(), "be_year": self.year_spin.value(),
                "title": self.title_edit.text().strip(), "scorecard_name": self.scorecard_edit.text().strip(),
                "rounds_preset": None if preset == NO_ROUNDS else preset}


def new_strategy_plan(window) -> int | None:
    """ไฟล์ › สร้างแผนกลยุทธ์ใหม่…; the new plan is opened from the navigator."""
    import datetime as dt

    from app.models import OrgUnit
    from app.services import fiscal
    from app.ui.navigator import STRATEGY_ID_ROLE

    with window.ws.session() as session:
        units = sorted({u.name for u in session.query(OrgUnit)})

    def save(values: dict) -> int:
        with window.ws.transaction() as session:
            return create_plan_from(session, values)

    dialog = NewStrategyPlanDialog(units, units[0] if units else "", fiscal.fiscal_year_of(dt.date.today()), save,
                                   window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    window.refresh_navigator()
    item = next((i for i in window.navigator._items() if i.data(0, STRATEGY_ID_ROLE) == dialog.saved), None)
    if item is not None:
        window.navigator.setCurrentItem(item)
    return dialog.saved


def create_plan_from(session, values: dict) -> int:
    from app.services import plans
    from app.services.errors import ValidationError

    if not values["unit"]:
        raise ValidationError("กรุณาระบุหน่วยงานของแผนกลยุทธ์")
    unit = plans.get_or_create_unit(session, values["unit"])
    return strategy.create_plan(session, unit, values["be_year"], values["title"], values["scorecard_name"],
                                values["rounds_preset"])


# ---- undo -----------------------------------------------------------------------------------------
UPDATERS = {"dimension": strategy.update_dimension, "goal": strategy.update_goal,
            "project": strategy.update_project, "kpi": strategy.update_kpi}


def kpi_fields(kpi: strategy.KpiData) -> dict:
    return {"number": kpi.number, "name": kpi.name, "owner": kpi.owner, "reporting_unit": kpi.reporting_unit,
            "unit_of_measure": kpi.unit_of_measure, "weight": kpi.weight, "targets": list(kpi.targets),
            "scheme": dict(kpi.scheme), "steps": list(kpi.steps), "formula": kpi.formula, "remarks": kpi.remarks}


class _ScreenCommand(AppliedCommand):
    """Runs against the strategy screen (`screen.run(action)` commits and reports a refusal)."""

    def _run(self, action) -> bool:
        return self.model.run(action) is not None

    def redo(self):
        first = self.skip_redo   # the first time, the screen shows the change itself
        super().redo()
        if not first:
            self.model.refresh()


class UpdateNodeCommand(_ScreenCommand):
    """Rename, reweigh or redefine one node; undo puts the fields back as they were."""

    def __init__(self, screen, kind: str, row_id: int, before: dict, after: dict, text: str):
        super().__init__(screen, text)
        self.kind, self.row_id = kind, row_id
        self.before = {k: before[k] for k in after}
        self.after = after

    def _set(self, fields: dict) -> bool:
        return self._run(lambda s: UPDATERS[self.kind](s, self.row_id, **fields) or True)

    def apply(self) -> bool:
        return self._set(self.after)

    def undo(self) -> None:
        self._set(self.before)
        self.model.refresh()


class SetResultCommand(_ScreenCommand):
    """One field of a KPI's result for a round; undo restores the whole result as it was (a step KPI's
    result and ticks move together)."""

    def __init__(self, screen, kpi_id: int, round_id: int, before: strategy.ResultData, name: str, value, text: str):
        super().__init__(screen, text)
        self.kpi_id, self.round_id, self.before = kpi_id, round_id, before
        self.fields = {name: value}

    def _set(self, fields: dict) -> bool:
        return self._run(lambda s: strategy.set_result(s, self.kpi_id, self.round_id, **fields))

    def apply(self) -> bool:
        return self._set(self.fields)

    def undo(self) -> None:
        b = self.before
        self._set({"result": b.result, "steps_done": list(b.steps_done), "details": b.details,
                   "budget_disbursed": b.budget_disbursed, "budget_note": b.budget_note,
                   "preparer_name": b.preparer_name, "preparer_position": b.preparer_position})
        self.model.show_result(self.kpi_id, self.round_id)

    def redo(self):
        first = self.skip_redo
        AppliedCommand.redo(self)
        if not first:
            self.model.show_result(self.kpi_id, self.round_id)
