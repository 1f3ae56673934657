"""The เป้าหมายและเกณฑ์ tab: the scoring scheme (type, levels and their targets, interpolation),
the criteria text, the targets' remark, conditions and the deduction.

Each change of the scheme is one new scheme pushed as one undoable step; the services check it
(targets complete and in order) and a refusal is shown under the part that was changed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from app.services.agreements import IndicatorData
from app.services.scoring import LEVEL_NAMES
from app.ui.agreement_model import plain_number
from app.ui.indicator_fields import CheckField, ComboField, Field, LineField, TextField
from app.ui.indicator_tables import TableField

if TYPE_CHECKING:
    from app.ui.indicator_editor import IndicatorEditor

SCHEME_TYPES = [("levels", "เกณฑ์แบบระดับ (ค่าเป้าหมายแต่ละระดับ)"),
                ("milestones", "ขั้นตอนความสำเร็จ (ระดับ = จำนวนขั้นที่ทำได้ต่อเนื่อง)"),
                ("percent", "ร้อยละที่ทำได้ = คะแนนที่ได้"),
                ("composite", "ค่าเฉลี่ยร้อยละของกิจกรรมย่อย แล้วเทียบเกณฑ์แบบระดับ")]
SAME_AS_LEVELS = ("levels", "levels5", "three_levels")
SCALES = [(3, "3 ระดับ: ขั้นต้น 50 / มาตรฐาน 75 / ขั้นสูง 100"), (5, "5 ระดับ: คะแนน 1–5")]
SCALE_POINTS = {3: (50, 75, 100), 5: (1, 2, 3, 4, 5)}
SCHEME_TEXT = "แก้ไขเกณฑ์การให้คะแนน ตัวชี้วัดที่ {}"


def level_label(level: dict, count: int) -> str:
    if level.get("label"):
        return level["label"]
    points = level.get("points")
    if count == 3 and points is not None and int(points) in LEVEL_NAMES:
        return LEVEL_NAMES[int(points)]
    return f"ระดับ {plain_number(points)}" if points is not None else ""


class SchemeTab:
    def __init__(self, editor: IndicatorEditor):
        self.editor = editor
        self.type_field = ComboField(SCHEME_TYPES)
        self.scale_field = ComboField(SCALES)
        self.scale_field.editor.setPlaceholderText("เลือกจำนวนระดับ")
        self.numeric_field = CheckField("ค่าเป้าหมายเป็นตัวเลข (ใช้คำนวณคะแนน)")
        self.interpolate_field = CheckField("คิดคะแนนตามสัดส่วนระหว่างระดับ (ไม่ติ๊ก = นับเฉพาะระดับที่ถึงเต็มระดับ)")
        self.levels = TableField([("label", "ระดับ", False), ("points", "คะแนน", False),
                                  ("target", "ค่าเป้าหมาย", True)])
        self.percent_note = QLabel("ไม่มีตารางระดับ: ร้อยละที่ทำได้คือคะแนนที่ได้ (0–100)")
        self.type_field.sig_commit.connect(self.commit_type)
        self.scale_field.sig_commit.connect(self.commit_scale)
        self.numeric_field.sig_commit.connect(lambda: self.commit_flag("numeric", self.numeric_field))
        self.interpolate_field.sig_commit.connect(lambda: self.commit_flag("interpolate", self.interpolate_field))
        self.levels.sig_commit.connect(self.commit_targets)

    def fields(self) -> list[Field]:
        return [self.type_field, self.scale_field, self.numeric_field, self.interpolate_field, self.levels]

    def build(self) -> QWidget:
        from app.ui.indicator_editor import form_page, scroll_page

        page, form = form_page()
        form.addRow("รูปแบบเกณฑ์", self.type_field)
        form.addRow("จำนวนระดับ", self.scale_field)
        form.addRow("", self.numeric_field)
        form.addRow("", self.interpolate_field)
        form.addRow("ค่าเป้าหมายรายระดับ", self.levels)
        form.addRow("", self.percent_note)
        self.form = form
        add = self.editor._add
        add(form, "criteria_text", "เกณฑ์การประเมิน (ข้อความ)", TextField(3))
        add(form, "targets_remark", "หมายเหตุเป้าหมาย", TextField(2))
        add(form, "conditions", "เงื่อนไข (บรรทัดละข้อ)", TextField(2, as_list=True))
        add(form, "deduction_points", "คะแนนที่หักต่อรอบ", LineField("เว้นว่าง = ไม่มีการหักคะแนน"))
        add(form, "deduction_rule", "เงื่อนไขการหักคะแนน", TextField(2))
        return scroll_page(page)

    # ---- showing -----------------------------------------------------------------------
    def load(self, indicator: IndicatorData) -> None:
        scheme = indicator.scheme or {}
        kind = scheme.get("type", "levels")
        kind = "levels" if kind in SAME_AS_LEVELS else kind
        levels = scheme.get("levels") or []
        self.type_field.set_value(kind)
        self.scale_field.set_value(len(levels) if len(levels) in SCALE_POINTS else None)
        self.numeric_field.set_value(scheme.get("numeric", True))
        self.interpolate_field.set_value(scheme.get("interpolate", True))
        self.levels.set_value([{"label": level_label(level, len(levels)), "points": plain_number(level.get("points")),
                                "target": level.get("target", "")} for level in levels])
        self.levels.table.horizontalHeaderItem(2).setText("ผลงานของระดับ" if kind == "milestones" else "ค่าเป้าหมาย")
        form = self.form
        form.setRowVisible(self.scale_field, kind != "percent")
        form.setRowVisible(self.levels, kind != "percent")
        form.setRowVisible(self.percent_note, kind == "percent")
        form.setRowVisible(self.numeric_field, kind in ("levels", "composite"))
        form.setRowVisible(self.interpolate_field, kind in ("levels", "composite") and scheme.get("numeric", True))

    # ---- committing --------------------------------------------------------------------
    def _scheme(self) -> dict:
        indicator = self.editor.indicator()
        scheme = dict(indicator.scheme or {})
        scheme["levels"] = [dict(level) for level in scheme.get("levels") or []]
        return scheme

    def _push(self, scheme: dict, field: Field) -> bool:
        indicator = self.editor.indicator()
        if scheme == (indicator.scheme or {}):
            field.clear_error()
            return False
        pushed = self.editor.push_fields({"scheme": scheme}, field, SCHEME_TEXT.format(indicator.number))
        if not pushed:
            self.load(indicator)  # show what is stored again; the message stays under the field
        return pushed

    def commit_type(self) -> bool:
        if self.editor.indicator() is None:
            return False
        scheme = self._scheme()
        kind = self.type_field.value()
        current = scheme.get("type", "levels")
        if kind == "levels" and current in SAME_AS_LEVELS:
            return False
        scheme["type"] = kind
        return self._push(scheme, self.type_field)

    def commit_scale(self) -> bool:
        if self.editor.indicator() is None:
            return False
        scheme = self._scheme()
        count = self.scale_field.value()
        old = scheme["levels"]
        if len(old) == count:
            return False
        scheme["levels"] = [{"points": p, "label": LEVEL_NAMES.get(p, "") if count == 3 else f"ระดับ {p}", "target": ""}
                            for p in SCALE_POINTS[count]]
        if scheme.get("type", "levels") in SAME_AS_LEVELS + ("composite",):
            scheme["numeric"] = False  # no targets yet: scored once they are filled in and ticked numeric
        pushed = self._push(scheme, self.scale_field)
        if pushed:
            self.editor.sig_message.emit("ใส่ค่าเป้าหมายให้ครบทุกระดับ แล้วติ๊ก “ค่าเป้าหมายเป็นตัวเลข” เพื่อคำนวณคะแนน")
        return pushed

    def commit_flag(self, key: str, field: CheckField) -> bool:
        if self.editor.indicator() is None:
            return False
        scheme = self._scheme()
        scheme[key] = field.value()
        return self._push(scheme, field)

    def commit_targets(self) -> bool:
        if self.editor.indicator() is None:
            return False
        scheme = self._scheme()
        for level, row in zip(scheme["levels"], self.levels.value()):
            level["target"] = row["target"]
        return self._push(scheme, self.levels)
