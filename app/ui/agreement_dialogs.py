"""The คำรับรองใหม่ dialog: unit, fiscal year, receiver and maker, the set of rounds."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit

from app.services.agreements import ROUND_SETS
from app.ui.dialogs import lay_out_form, unit_and_year


class NewAgreementDialog(QDialog):
    def __init__(self, units: list[str], default_unit: str, be_year: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("คำรับรองการปฏิบัติราชการใหม่")
        unit_and_year(self, units, default_unit, be_year)
        self.receiver_name, self.receiver_position = QLineEdit(), QLineEdit()
        self.maker_name, self.maker_position = QLineEdit(), QLineEdit()
        for edit in (self.receiver_name, self.maker_name):
            edit.setPlaceholderText("ชื่อ-นามสกุล (เว้นว่างได้ ใส่ภายหลัง)")
        self.rounds_combo = QComboBox()
        for name in ROUND_SETS:
            self.rounds_combo.addItem(f"รอบ {name} เดือน", name)
        form = QFormLayout()
        form.addRow("หน่วยงาน", self.unit_combo)
        form.addRow("ปีงบประมาณ พ.ศ.", self.year_spin)
        form.addRow("ผู้รับคำรับรอง", self.receiver_name)
        form.addRow("ตำแหน่งผู้รับคำรับรอง", self.receiver_position)
        form.addRow("ผู้ทำคำรับรอง", self.maker_name)
        form.addRow("ตำแหน่งผู้ทำคำรับรอง", self.maker_position)
        form.addRow("รอบการประเมิน", self.rounds_combo)
        lay_out_form(self, form, 600)

    def values(self) -> dict:
        return {"unit": self.unit_combo.currentText().strip(), "be_year": self.year_spin.value(),
                "receiver_name": self.receiver_name.text().strip(),
                "receiver_position": self.receiver_position.text().strip(),
                "maker_name": self.maker_name.text().strip(), "maker_position": self.maker_position.text().strip(),
                "rounds": self.rounds_combo.currentData()}


def create_from_dialog(session, values: dict) -> int:
    """agreements.create_agreement with the dialog's values (people found or added by name)."""
    from app.services import agreements, plans
    from app.services.errors import ValidationError

    if not values["unit"]:
        raise ValidationError("กรุณาระบุหน่วยงาน")
    if values["receiver_name"] and values["receiver_name"] == values["maker_name"]:
        raise ValidationError("ผู้รับคำรับรองและผู้ทำคำรับรองต้องเป็นคนละคนกัน")
    if any(a.be_year == values["be_year"] and a.unit_name == values["unit"]
           for a in agreements.list_agreements(session)):
        raise ValidationError(f"มีคำรับรองของ{values['unit']} ปีงบประมาณ พ.ศ. {values['be_year']} อยู่แล้ว")
    unit = plans.get_or_create_unit(session, values["unit"])
    receiver = agreements.get_or_create_person(session, values["receiver_name"], values["receiver_position"]) \
        if values["receiver_name"] else None
    maker = agreements.get_or_create_person(session, values["maker_name"], values["maker_position"]) \
        if values["maker_name"] else None
    return agreements.create_agreement(session, unit, values["be_year"], receiver, values["receiver_position"],
                                       maker, values["maker_position"], rounds=ROUND_SETS[values["rounds"]])
