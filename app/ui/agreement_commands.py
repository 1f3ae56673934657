"""Undo commands for the agreement screen: thin wrappers over AgreementModel.apply_* (service calls).

They follow `plan_commands.push`: the change is applied first and the command is recorded only
when it really happened, so a refused edit never enters the history. Each command is flat (no
Python-made children under a Python parent: PySide would own them twice and crash).
"""
from __future__ import annotations

from app.ui.agreement_model import AgreementModel
from app.ui.undo import AppliedCommand, push

__all__ = ["push", "SetCategoryCommand", "SetIndicatorCommand", "SetRoundTargetCommand", "AddCommand",
           "DeleteCommand", "FIELD_LABELS", "SetAgreementCommand", "AddRoundsCommand", "SetRoundCommand",
           "DeleteRoundCommand"]

FIELD_LABELS = {
    "number": "เลขที่", "name": "ชื่อ", "kind": "ประเภท (ต่อเนื่อง/ใหม่)", "weight": "น้ำหนัก",
    "owner_unit": "หน่วยงานเจ้าภาพ", "description": "คำอธิบาย", "definitions": "นิยาม", "formula": "สูตรการคำนวณ",
    "unit_of_measure": "หน่วยวัด", "direction": "ทิศทาง", "data_source": "แหล่งข้อมูล", "scheme": "เกณฑ์การให้คะแนน",
    "criteria_text": "เกณฑ์การประเมิน", "targets_remark": "หมายเหตุเป้าหมาย", "conditions": "เงื่อนไข",
    "deduction_points": "คะแนนที่หัก", "deduction_rule": "เงื่อนไขการหักคะแนน", "benefits": "ประโยชน์ที่จะได้รับ",
    "remarks": "หมายเหตุ", "roadmap": "ค่าเป้าหมายระยะยาว", "baseline": "ข้อมูลพื้นฐาน",
}


_AgreementCommand = AppliedCommand


class SetCategoryCommand(_AgreementCommand):
    def __init__(self, model: AgreementModel, category_id: int, field: str, value):
        category = model.category(category_id)
        super().__init__(model, f"แก้ไข{FIELD_LABELS[field]}องค์ประกอบ “{category.name}”")
        self.category_id, self.field, self.new = category_id, field, value
        self.old = getattr(category, field)

    def apply(self) -> bool:
        return self.model.apply_category(self.category_id, **{self.field: self.new})

    def undo(self):
        self.model.apply_category(self.category_id, **{self.field: self.old})


class SetIndicatorCommand(_AgreementCommand):
    """New values for one or more fields of one indicator (one step of history)."""

    def __init__(self, model: AgreementModel, indicator_id: int, fields: dict, text: str | None = None):
        indicator = model.indicator(indicator_id)
        label = "และ".join(FIELD_LABELS.get(f, f) for f in fields)
        super().__init__(model, text or f"แก้ไข{label} ตัวชี้วัดที่ {indicator.number}")
        self.indicator_id, self.new = indicator_id, dict(fields)
        self.old = {f: _stored(getattr(indicator, f)) for f in fields}

    def apply(self) -> bool:
        return self.model.apply_indicator(self.indicator_id, **self.new)

    def undo(self):
        self.model.apply_indicator(self.indicator_id, **self.old)


class SetRoundTargetCommand(_AgreementCommand):
    def __init__(self, model: AgreementModel, indicator_id: int, round_id: int, goal: str, steps: list[str]):
        indicator = model.indicator(indicator_id)
        label = next((r.label for r in model.agreement.rounds if r.id == round_id), "")
        super().__init__(model, f"แก้ไขเป้าหมาย{label} ตัวชี้วัดที่ {indicator.number}")
        self.indicator_id, self.round_id = indicator_id, round_id
        self.new = (goal, list(steps))
        old_goal, old_steps = model.round_target(indicator_id, round_id)
        self.old = (old_goal, list(old_steps))

    def apply(self) -> bool:
        return self.model.apply_round_target(self.indicator_id, self.round_id, *self.new)

    def undo(self):
        self.model.apply_round_target(self.indicator_id, self.round_id, *self.old)


def _stored(value):
    """What update_indicator takes back: lists for the tuples load_agreement hands out."""
    if isinstance(value, tuple):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value


class AddCommand(_AgreementCommand):
    """Add a category or an indicator; undo deletes it, redo brings the very same one back."""

    def __init__(self, model: AgreementModel, kind: str, add):
        super().__init__(model, "เพิ่มองค์ประกอบ" if kind == "category" else "เพิ่มตัวชี้วัด")
        self.kind, self.add = kind, add
        self.item_id: int | None = None
        self.snapshot: dict | None = None

    def apply(self) -> bool:
        if self.snapshot is not None:
            return self.model.apply_restore(self.kind, self.snapshot)
        self.item_id = self.add()
        return self.item_id is not None

    def undo(self):
        if self.item_id is not None:
            self.snapshot = self.model.apply_delete(self.kind, self.item_id)


class DeleteCommand(_AgreementCommand):
    def __init__(self, model: AgreementModel, kind: str, item_id: int, label: str):
        super().__init__(model, f"ลบ{label}")
        self.kind, self.item_id = kind, item_id
        self.snapshot: dict | None = None

    def apply(self) -> bool:
        self.snapshot = self.model.apply_delete(self.kind, self.item_id)
        return self.snapshot is not None

    def undo(self):
        if self.snapshot is not None:
            self.model.apply_restore(self.kind, self.snapshot)


AGREEMENT_LABELS = {"parties": "ผู้รับ/ผู้ทำคำรับรอง", "signing": "วันที่ลงนาม", "clauses": "ข้อความคำรับรอง",
                    "context": "บริบทของคำรับรอง"}


class SetAgreementCommand(_AgreementCommand):
    """New parties, signing dates, clauses or context of the agreement (one step of history)."""

    def __init__(self, model: AgreementModel, field: str, value, text: str | None = None):
        super().__init__(model, text or f"แก้ไข{AGREEMENT_LABELS[field]}")
        self.field, self.new, self.old = field, value, model.agreement_value(field)

    def apply(self) -> bool:
        return self.model.apply_agreement(self.field, self.new)

    def undo(self):
        self.model.apply_agreement(self.field, self.old)


class AddRoundsCommand(_AgreementCommand):
    """Add custom rounds or a preset's; undo deletes them, redo brings the very same ones back."""

    def __init__(self, model: AgreementModel, rounds: list[tuple] | None = None, preset: str | None = None):
        super().__init__(model, f"เพิ่มชุดรอบ {preset}" if preset else "เพิ่มรอบการประเมิน")
        self.rounds, self.preset = rounds, preset
        self.ids: list[int] = []
        self.snapshots: list[dict] | None = None
        self.refused = False

    def apply(self) -> bool:
        if self.snapshots is not None:
            return self.model.apply_restore_rounds(self.snapshots)
        ids = self.model.add_rounds(self.rounds, self.preset)
        self.refused = ids is None
        self.ids = ids or []
        return bool(self.ids)

    def undo(self):
        if self.ids:
            self.snapshots = self.model.apply_delete_rounds(self.ids)


class SetRoundCommand(_AgreementCommand):
    def __init__(self, model: AgreementModel, round_id: int, fields: dict):
        round_ = next(r for r in model.agreement.rounds if r.id == round_id)
        super().__init__(model, f"แก้ไข{round_.label}")
        self.round_id, self.new = round_id, dict(fields)
        self.old = {name: getattr(round_, name) for name in fields}

    def apply(self) -> bool:
        return self.model.apply_round(self.round_id, **self.new)

    def undo(self):
        self.model.apply_round(self.round_id, **self.old)


class DeleteRoundCommand(_AgreementCommand):
    def __init__(self, model: AgreementModel, round_id: int):
        round_ = next(r for r in model.agreement.rounds if r.id == round_id)
        super().__init__(model, f"ลบ{round_.label}")
        self.round_id = round_id
        self.snapshots: list[dict] | None = None

    def apply(self) -> bool:
        self.snapshots = self.model.apply_delete_rounds([self.round_id])
        return self.snapshots is not None

    def undo(self):
        if self.snapshots is not None:
            self.model.apply_restore_rounds(self.snapshots)
