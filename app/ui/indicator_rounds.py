"""The รอบและขั้นตอน tab: per evaluation round, the indicator's goal and its numbered steps."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget

from app.services.agreements import IndicatorData
from app.services.thai_format import date_short
from app.ui.agreement_commands import SetRoundTargetCommand, push
from app.ui.indicator_fields import Field, TextField
from app.ui.indicator_tables import TableField

if TYPE_CHECKING:
    from app.ui.indicator_editor import IndicatorEditor


class RoundTargetBox(QGroupBox):
    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        self.goal = TextField(2, placeholder="เป้าหมายการดำเนินงานของรอบนี้", enter_commits=True)
        self.steps = TableField([("text", "ขั้นตอนการดำเนินงาน", True)], "เพิ่มขั้นตอน", "ลบขั้นตอนที่เลือก",
                                numbered=True)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("เป้าหมาย", self.goal)
        form.addRow("ขั้นตอน", self.steps)

    def value(self) -> tuple[str, list[str]]:
        return self.goal.value(), [row["text"] for row in self.steps.value() if row["text"]]


class RoundsTab:
    def __init__(self, editor: IndicatorEditor):
        self.editor = editor
        self.boxes: dict[int, RoundTargetBox] = {}

    def fields(self) -> list[Field]:
        return [f for box in self.boxes.values() for f in (box.goal, box.steps)]

    def build(self) -> QWidget:
        from app.ui.indicator_editor import scroll_page

        page = QWidget()
        self.layout = QVBoxLayout(page)
        self.layout.addStretch(1)
        self._sync_boxes()
        return scroll_page(page)

    def _sync_boxes(self) -> None:
        """One box per round of the agreement (rounds may be added, changed or deleted)."""
        rounds = self.editor.model.agreement.rounds
        titles = {r.id: f"{r.label} (ผลถึง {date_short(r.cutoff)})" for r in rounds}
        if list(self.boxes) == list(titles) and all(b.title() == titles[rid] for rid, b in self.boxes.items()):
            return
        for box in self.boxes.values():
            self.layout.removeWidget(box)
            box.deleteLater()
        self.boxes = {}
        for index, round_ in enumerate(rounds):
            box = RoundTargetBox(titles[round_.id])
            box.goal.sig_commit.connect(lambda rid=round_.id: self.commit(rid, self.boxes[rid].goal))
            box.steps.sig_commit.connect(lambda rid=round_.id: self.commit(rid, self.boxes[rid].steps))
            box.steps.add_button.clicked.connect(lambda _=False, rid=round_.id: self.add_step(rid))
            self.boxes[round_.id] = box
            self.layout.insertWidget(index, box)

    def load(self, indicator: IndicatorData) -> None:
        self._sync_boxes()
        for round_id, box in self.boxes.items():
            goal, steps = self.editor.model.round_target(indicator.id, round_id)
            box.goal.set_value(goal)
            box.steps.set_value([{"text": step} for step in steps])

    def add_step(self, round_id: int) -> None:
        """An empty row to type in; stored when it has text."""
        steps = self.boxes[round_id].steps
        steps.set_value(steps.value() + [{"text": ""}])
        steps.edit_cell(steps.table.rowCount() - 1, 0)

    def commit(self, round_id: int, field: Field) -> bool:
        indicator = self.editor.indicator()
        if indicator is None:
            return False
        goal, steps = self.boxes[round_id].value()
        old_goal, old_steps = self.editor.model.round_target(indicator.id, round_id)
        if (goal, steps) == (old_goal, list(old_steps)):
            field.clear_error()
            return False
        model = self.editor.model
        if push(model.undo_stack, SetRoundTargetCommand(model, indicator.id, round_id, goal, steps)):
            field.clear_error()
            return True
        self.editor.refuse(field, model.last_error)
        return False
