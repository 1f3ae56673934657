"""The "what if" box: type a result (or tick the steps done) and see the score at once.

Nothing is stored; it only calls agreements.score_indicator on the indicator as shown.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services import agreements, scoring
from app.services.agreements import IndicatorData
from app.services.errors import PlanDeskError
from app.ui.agreement_model import plain_number
from app.ui.indicator_fields import error_label

STEP_WIDTH = 560   # a level's text is cut to this many pixels (the whole text is the tooltip)


def score_text(value: Decimal) -> str:
    """Two to four decimals: 75 → "75.00", 11.2500 → "11.25", 0.1234 → "0.1234"."""
    text = format(value.quantize(Decimal("0.0001")).normalize(), "f")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


class WhatIfBox(QGroupBox):
    def __init__(self, parent=None):
        super().__init__("ทดลองคำนวณคะแนน (ไม่บันทึก)", parent)
        self.indicator: IndicatorData | None = None
        self.score: agreements.IndicatorScore | None = None
        self.result_edit = QLineEdit()
        self.result_edit.setClearButtonEnabled(True)
        self.result_label = QLabel("ผลการดำเนินงาน")
        self.steps_box = QWidget()
        self.steps_layout = QVBoxLayout(self.steps_box)
        self.steps_layout.setContentsMargins(0, 0, 0, 0)
        self.steps_layout.setSpacing(1)
        self.step_checks: list[QCheckBox] = []
        self.deduct_check = QCheckBox()
        self.answer = QLabel()
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.answer.setStyleSheet("font-weight: bold;")
        self.error = error_label()

        form = QFormLayout(self)
        form.addRow(self.result_label, self.result_edit)
        form.addRow(self.steps_box)
        form.addRow(self.deduct_check)
        form.addRow(self.answer)
        form.addRow(self.error)
        self.form = form
        self.result_edit.textChanged.connect(lambda _: self.recompute())
        self.deduct_check.toggled.connect(lambda _: self.recompute())

    def kind(self) -> str:
        return (self.indicator.scheme or {}).get("type", "levels") if self.indicator else "levels"

    def uses_ticks(self) -> bool:
        """Milestones, and levels described in words: the score is the last level reached in order."""
        scheme = (self.indicator.scheme or {}) if self.indicator else {}
        kind = self.kind()
        return kind == "milestones" or (kind != "percent" and scheme.get("numeric") is False)

    def set_indicator(self, indicator: IndicatorData | None) -> None:
        """Show the box for this indicator as stored now (a typed result stays while it is the same one)."""
        same = self.indicator is not None and indicator is not None and self.indicator.id == indicator.id
        self.indicator = indicator
        if not same:
            self.result_edit.clear()
        kind = self.kind()
        self.result_label.setText("ผลของกิจกรรมย่อย (ร้อยละ คั่นด้วย ,)" if kind == "composite"
                                  else "ผลการดำเนินงาน")
        self.result_edit.setPlaceholderText("เช่น 80, 100" if kind == "composite" else "เช่น 97.5")
        ticks = self.uses_ticks()
        self.form.setRowVisible(self.result_edit, not ticks)
        self.form.setRowVisible(self.steps_box, ticks)
        self._build_steps(same)
        points = indicator.deduction_points if indicator else None
        self.form.setRowVisible(self.deduct_check, bool(points))
        self.deduct_check.setText(f"หักคะแนน {plain_number(points)} (ทำได้ไม่ครบทุกขั้นตอน)" if points else "")
        self.recompute()

    def _build_steps(self, keep: bool) -> None:
        levels = (self.indicator.scheme or {}).get("levels") or [] if self.indicator else []
        ticked = [c.isChecked() for c in self.step_checks] if keep else []
        for check in self.step_checks:
            self.steps_layout.removeWidget(check)
            check.deleteLater()
        self.step_checks = []
        if not self.uses_ticks():
            return
        milestones = self.kind() == "milestones"
        for number, level in enumerate(levels, start=1):
            text = str(level.get("target") or "")
            label = f"ขั้นที่ {number}" if milestones else \
                f"{level.get('label') or f'ระดับ {number}'} ({plain_number(scoring.decimal(level.get('points', 0)))})"
            check = QCheckBox()
            shown = check.fontMetrics().elidedText(f"{label} {text}".strip(), Qt.TextElideMode.ElideRight, STEP_WIDTH)
            check.setText(shown)
            check.setToolTip(text)
            check.setChecked(number <= len(ticked) and ticked[number - 1])
            check.toggled.connect(lambda _: self.recompute())
            self.steps_layout.addWidget(check)
            self.step_checks.append(check)

    def recompute(self) -> None:
        self.score = None
        indicator = self.indicator
        if indicator is None:
            self.answer.clear()
            self.error.hide()
            return
        text = self.result_edit.text().strip()
        kind = self.kind()
        ticks = self.uses_ticks()
        if not ticks and not text:
            self.answer.setText("พิมพ์ผลการดำเนินงานเพื่อดูคะแนน")
            self.error.hide()
            return
        try:
            if ticks:
                score = agreements.score_indicator(indicator, steps_done=[c.isChecked() for c in self.step_checks],
                                                   deduct=self.deduct_check.isChecked())
            elif kind == "composite":
                score = agreements.score_indicator(indicator, parts=[p for p in text.split(",") if p.strip()],
                                                   deduct=self.deduct_check.isChecked())
            else:
                score = agreements.score_indicator(indicator, result=text, deduct=self.deduct_check.isChecked())
        except PlanDeskError as exc:
            self.answer.clear()
            self.error.setText(exc.message)
            self.error.show()
            return
        self.error.hide()
        self.score = score
        self.answer.setText(f"คะแนน {score_text(score.score)} จาก {plain_number(score.scale_max)} · "
                            f"คะแนนถ่วงน้ำหนัก {score_text(score.weighted)} (น้ำหนัก {plain_number(indicator.weight)})")
