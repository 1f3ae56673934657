"""อุทธรณ์: the round's appeals (seed 003) — the list, filing an appeal on a scored indicator,
the decision with the post-appeal score, and the round's announcement date and appeal deadline.
Each action is one transaction through app.services.appeals; refusals are shown as they come."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.models import EvaluationRound
from app.services import appeals, round_summary
from app.services.errors import PlanDeskError
from app.services.thai_format import date_short
from app.services.workspace import Workspace
from app.ui.be_date import BEDateEdit

COLUMNS = ("ตัวชี้วัด", "หน่วยการประเมิน", "คะแนนที่ได้รับ", "คะแนนที่อุทธรณ์", "ยื่นเมื่อ", "ผลการพิจารณา",
           "คะแนนหลังการอุทธรณ์")


class AppealsView(QWidget):
    sig_changed = Signal()
    sig_message = Signal(str)

    def __init__(self, ws: Workspace, round_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.round_id = ws, round_id
        self.rows: list[appeals.AppealData] = []
        with ws.session() as session:
            round_ = session.get(EvaluationRound, round_id)
            start, cutoff = round_.start, round_.cutoff
            announced, deadline = round_.announced_on, round_.appeal_deadline
        earliest, latest = start, cutoff + dt.timedelta(days=366)
        # round dates
        self.announced = BEDateEdit(earliest, latest, "ยังไม่ประกาศ")
        self.deadline = BEDateEdit(earliest, latest, "ไม่กำหนด")
        self.announced.set_date_value(announced)
        self.deadline.set_date_value(deadline)
        save_dates = QPushButton("บันทึกวันที่")
        save_dates.clicked.connect(self.save_dates)
        dates = QHBoxLayout()
        for label, widget in (("ประกาศคะแนนวันที่", self.announced), ("รับอุทธรณ์ถึงวันที่", self.deadline)):
            dates.addWidget(QLabel(label))
            dates.addWidget(widget)
        dates.addWidget(save_dates)
        dates.addStretch(1)
        # list
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # filing
        self.indicator = QComboBox()
        self.evaluation_unit = QLineEdit()
        self.given_reason = QLineEdit()
        self.score_asked = QLineEdit()
        self.explanation = QPlainTextEdit()
        self.explanation.setFixedHeight(60)
        self.filed_on = BEDateEdit(earliest, latest)
        self.filed_on.set_date_value(min(max(dt.date.today(), earliest), latest))
        file_button = QPushButton("ยื่นอุทธรณ์")
        file_button.clicked.connect(self.file)
        filing = QGroupBox("ยื่นอุทธรณ์")
        form = QFormLayout(filing)
        form.addRow("ตัวชี้วัด", self.indicator)
        form.addRow("หน่วยการประเมิน", self.evaluation_unit)
        form.addRow("คำอธิบายเหตุผล (ของคะแนนที่ได้รับ)", self.given_reason)
        form.addRow("คะแนนที่อุทธรณ์", self.score_asked)
        form.addRow("คำชี้แจงเพื่ออุทธรณ์", self.explanation)
        form.addRow("วันที่ยื่น", self.filed_on)
        form.addRow("", file_button)
        # deciding
        self.state = QComboBox()
        for state in ("accepted", "partly", "rejected"):
            self.state.addItem(appeals.STATE_LABELS[state], state)
        self.decision = QLineEdit()
        self.score_after = QLineEdit()
        self.decided_on = BEDateEdit(earliest, latest)
        self.decided_on.set_date_value(min(max(dt.date.today(), earliest), latest))
        decide_button = QPushButton("บันทึกผลการพิจารณา")
        decide_button.clicked.connect(self.decide)
        deciding = QGroupBox("ผลการพิจารณา (อุทธรณ์ที่เลือกในตาราง)")
        form = QFormLayout(deciding)
        form.addRow("ผล", self.state)
        form.addRow("เหตุผลการพิจารณา", self.decision)
        form.addRow("คะแนนหลังการอุทธรณ์", self.score_after)
        form.addRow("วันที่พิจารณา", self.decided_on)
        form.addRow("", decide_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000")
        forms = QHBoxLayout()
        forms.addWidget(filing, 1)
        forms.addWidget(deciding, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addWidget(self.table, 1)
        layout.addLayout(forms)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        with self.ws.session() as session:
            self.rows = appeals.list_appeals(session, self.round_id)
            summary = round_summary.summarize(session, self.round_id)
        self.indicator.clear()
        for row in summary.rows:
            if row.report_id is not None and row.current.score is not None:
                self.indicator.addItem(f"{row.number} {row.name} (คะแนน {row.current.score.normalize()})",
                                       row.report_id)
        self.table.setRowCount(len(self.rows))
        for index, a in enumerate(self.rows):
            values = [f"{a.indicator_number} {a.indicator_name}", a.evaluation_unit, _score(a.score_given),
                      _score(a.score_asked), date_short(a.filed_on) if a.filed_on else "", a.state_label,
                      _score(a.score_after)]
            for column, text in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(text))

    def _run(self, action, done: str) -> bool:
        try:
            with self.ws.transaction() as session:
                action(session)
        except PlanDeskError as exc:
            self.message.setText(exc.message)
            return False
        self.message.setText("")
        self.sig_message.emit(done)
        self.refresh()
        self.sig_changed.emit()
        return True

    def save_dates(self) -> bool:
        return self._run(lambda s: appeals.set_round_dates(s, self.round_id, self.announced.date_value(),
                                                           self.deadline.date_value()), "บันทึกวันประกาศคะแนนและกำหนดอุทธรณ์แล้ว")

    def file(self) -> bool:
        report_id = self.indicator.currentData()
        if report_id is None:
            self.message.setText("ยังไม่มีตัวชี้วัดที่มีคะแนนในรอบนี้ให้อุทธรณ์")
            return False
        ok = self._run(lambda s: appeals.file_appeal(
            s, report_id, self.score_asked.text(), self.explanation.toPlainText(), self.evaluation_unit.text(),
            self.given_reason.text(), self.filed_on.date_value()), "บันทึกคำอุทธรณ์แล้ว")
        if ok:
            for field in (self.score_asked, self.evaluation_unit, self.given_reason):
                field.clear()
            self.explanation.clear()
        return ok

    def decide(self) -> bool:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            self.message.setText("เลือกคำอุทธรณ์ในตารางก่อน")
            return False
        appeal_id = self.rows[row].id
        return self._run(lambda s: appeals.decide(s, appeal_id, self.state.currentData(), self.decision.text(),
                                                  self.score_after.text() or None, self.decided_on.date_value()),
                         "บันทึกผลการพิจารณาอุทธรณ์แล้ว")


def _score(value) -> str:
    return "" if value is None else f"{value:.2f}"
