"""The round report editor (รายงานผลตัวชี้วัด, seed 001): every heading of the filling guide on a
few tabs, the score and weighted score always in view and recomputed as the user types, and the
state bar (ส่งรายงาน, ตรวจแล้ว/ล็อก, เปิดแก้ไข).

Each field commits on its own when editing is finished (Enter or leaving the field): one
transaction, one undoable step, one line in the report's history. While typing, the score is a
preview computed by `reports.compute` on the values on screen; nothing is saved until the field is
finished, and a refused value leaves the database as it was with the Thai message under the field.
A reviewed (locked) report makes every input read-only, and so does a report the user's role may
not change (app/services/permissions.py: an officer and another unit's indicator); the reason is
shown above the tabs, and review/reopen are for planners only.

Issue 7: each save carries the report's version as loaded; when someone else saved the report in
between, the user chooses (app/ui/conflict_dialog.py) to reload (theirs on screen, mine dropped)
or to overwrite (mine applied on top of theirs).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (QCheckBox, QFrame, QGridLayout, QHBoxLayout, QInputDialog, QLabel, QMenu,
                               QPushButton, QTabWidget, QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout,
                               QWidget)

from app.services import permissions, reports
from app.services.errors import ConflictError, PlanDeskError
from app.services.money import format_money, parse_budget
from app.services.workspace import Workspace
from app.ui.be_date import BEDateEdit
from app.ui.indicator_editor import form_page, scroll_page
from app.ui.indicator_fields import Field, LineField, TextField, error_label
from app.ui.indicator_tables import TableField
from app.ui.report_evidence import EvidencePanel
from app.ui.report_history import ReportHistory
from app.ui.undo import AppliedCommand, push

SCORING_FIELDS = ("result", "numerator", "denominator", "parts")
TEXT_AREAS = (("actions", "คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ", 5),
              ("supporting_factors", "ปัจจัยสนับสนุนต่อการดำเนินงาน", 3),
              ("obstacles", "อุปสรรคต่อการดำเนินงาน", 3),
              ("suggestions", "ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป", 3))
TAB_TITLES = ("ตัวชี้วัดและเกณฑ์", "ผลการดำเนินงานและคะแนน", "คำชี้แจงและผู้จัดทำ", "หลักฐานอ้างอิง",
              "ประวัติการแก้ไข")
STATE_STYLE = {"draft": "background:#fff4d6;", "submitted": "background:#dbeafe;",
               "reviewed": "background:#dcfce7;"}
NO_SCORE = "—"


def _parts(text: str) -> list[str]:
    """"80, 90 100" → ["80", "90", "100"] (commas, semicolons or spaces between the parts)."""
    return [p for p in text.replace(";", " ").replace(",", " ").split() if p]


def _levels(values) -> list[str]:
    values = [str(v or "").strip() for v in values]
    while values and not values[-1]:
        values.pop()
    return values


def _phones(person) -> str:
    phones = " / ".join(p for p in (person.phone_office, person.phone_mobile) if p)
    return f" โทร. {phones}" if phones else ""


def _person_line(person) -> str:
    name = person.name if not person.position or person.position == person.name else \
        f"{person.name} ({person.position})"
    return name + _phones(person)


def score_text(value: Decimal | None) -> str:
    return NO_SCORE if value is None else f"{value.quantize(Decimal('0.01'))}"


class ReportEditCommand(AppliedCommand):
    """One committed change of report fields; undo writes the old values back."""

    def __init__(self, editor: "ReportEditor", report_id: int, new: dict, old: dict, text: str):
        super().__init__(editor, text)
        self.report_id, self.new, self.old = report_id, new, old

    def apply(self) -> bool:
        return self.model.save(self.report_id, self.new)

    def undo(self) -> None:
        self.model.save(self.report_id, self.old)


class ReportEditor(QWidget):
    sig_message = Signal(str)   # status-bar text
    sig_changed = Signal()      # something was committed (the round's list shows it again)

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.report_id: int | None = None
        self.view: reports.ReportView | None = None
        self.undo_stack = QUndoStack(self)
        self.fields: dict[str, Field] = {}
        self.step_boxes: list[QCheckBox] = []
        self.round_step_boxes: list[QCheckBox] = []
        self.refusal: str | None = None            # why this user may not change the report on screen
        self.user: permissions.Who | None = None
        self.conflict_handler = None               # tests may answer instead of the dialog

        self.heading = QLabel()
        self.heading.setObjectName("reportHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.tabs = QTabWidget()
        self.evidence = EvidencePanel(self)
        self.evidence.sig_message.connect(self.sig_message)
        self.history = ReportHistory()
        for page, title in zip((self._indicator_page(), self._result_page(), self._text_page(), self.evidence,
                                self.history), TAB_TITLES):
            self.tabs.addTab(page, title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self._score_strip())
        layout.addWidget(self._state_bar())
        layout.addWidget(self.state_message)
        layout.addWidget(self.tabs, 1)
        self._set_enabled(False)

    # ---- building ------------------------------------------------------------------------
    def _state_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.state_label = QLabel()
        self.state_label.setObjectName("reportState")
        self.submit_button = QPushButton("ส่งรายงาน")
        self.submit_button.setToolTip("ส่งรายงานให้กลุ่มพัฒนาระบบบริหารตรวจ (ต้องกรอกหัวข้อที่จำเป็นครบ)")
        self.review_button = QPushButton("ตรวจแล้ว/ล็อก")
        self.review_button.setToolTip("ตรวจรายงานแล้ว: ล็อกไม่ให้แก้ไข")
        self.reopen_button = QPushButton("เปิดแก้ไข…")
        self.reopen_button.setToolTip("เปิดรายงานที่ส่งหรือตรวจแล้วให้แก้ไขได้อีก (ต้องระบุเหตุผล)")
        self.submit_button.clicked.connect(lambda: self.submit())
        self.review_button.clicked.connect(lambda: self.review())
        self.reopen_button.clicked.connect(lambda: self.reopen())
        self.print_button = QToolButton()
        self.print_button.setText("พิมพ์/ส่งออก PDF")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        self.act_pdf_report = menu.addAction("รายงานนี้…", lambda: self.export_pdf("report"))
        self.act_pdf_round = menu.addAction("ทุกตัวชี้วัดของรอบนี้ (ไฟล์เดียว)…", lambda: self.export_pdf("round"))
        self.print_button.setMenu(menu)
        row.addWidget(QLabel("สถานะ:"))
        row.addWidget(self.state_label)
        row.addStretch(1)
        for button in (self.submit_button, self.review_button, self.reopen_button, self.print_button):
            row.addWidget(button)
        self.state_message = error_label()
        return bar

    def _score_strip(self) -> QWidget:
        strip = QFrame()
        strip.setObjectName("scoreStrip")
        strip.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(strip)
        row.setContentsMargins(8, 4, 8, 4)
        self.strip_result = QLabel()
        self.strip_score = QLabel()
        self.strip_weighted = QLabel()
        for label in (self.strip_result, self.strip_score, self.strip_weighted):
            label.setTextFormat(Qt.TextFormat.RichText)
            row.addWidget(label)
            row.addSpacing(18)
        row.addStretch(1)
        return strip

    def _indicator_page(self) -> QWidget:
        page, form = form_page()
        self.rounds_row = QHBoxLayout()
        rounds = QWidget()
        rounds.setLayout(self.rounds_row)
        self.rounds_row.setContentsMargins(0, 0, 0, 0)
        self.name_label = QLabel()
        self.supervisor_label = QLabel()
        self.collector_label = QLabel()
        self.description_label = QLabel()
        for label in (self.name_label, self.supervisor_label, self.collector_label, self.description_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.criteria_table = QTableWidget(0, 2)
        self.criteria_table.setHorizontalHeaderLabels(["ระดับคะแนน", "คำเป้าหมาย/รายละเอียดการดำเนินงาน"])
        self.criteria_table.verticalHeader().setVisible(False)
        self.criteria_table.horizontalHeader().setStretchLastSection(True)
        self.criteria_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.criteria_table.setWordWrap(True)
        form.addRow("1. รอบระยะเวลาการรายงาน", rounds)
        form.addRow("2. ชื่อตัวชี้วัด", self.name_label)
        form.addRow("3. ผู้กำกับดูแลตัวชี้วัด", self.supervisor_label)
        form.addRow("4. ผู้จัดเก็บข้อมูล", self.collector_label)
        form.addRow("5. คำอธิบาย", self.description_label)
        form.addRow("7. เกณฑ์การให้คะแนน", self.criteria_table)
        return scroll_page(page)

    def _result_page(self) -> QWidget:
        page, form = form_page()
        self.levels_field = TableField([("level", "ระดับคะแนน", False),
                                        ("done", "คำเป้าหมาย/รายละเอียดการดำเนินงาน", True)])
        self.fields["levels_done"] = self.levels_field
        self.levels_field.sig_commit.connect(lambda: self.commit_field("levels_done"))
        form.addRow("6. ข้อมูลผลการดำเนินงาน", self.levels_field)

        calc = QFrame()
        calc.setObjectName("calcTable")
        calc.setFrameShape(QFrame.Shape.Box)
        grid = QGridLayout(calc)
        grid.setHorizontalSpacing(10)
        for column, text in enumerate(("ชื่อตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "ผลการดำเนินงาน", "ค่าคะแนนที่ได้",
                                       "ค่าคะแนนถ่วงน้ำหนัก")):
            head = QLabel(f"<b>{text}</b>")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, column)
        self.calc_name = QLabel()
        self.calc_name.setWordWrap(True)
        self.calc_weight = QLabel()
        self.score_label = QLabel(NO_SCORE)
        self.score_label.setObjectName("scoreValue")
        self.weighted_label = QLabel(NO_SCORE)
        self.weighted_label.setObjectName("weightedValue")
        for label in (self.calc_weight, self.score_label, self.weighted_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_box = QVBoxLayout()
        self.result_field = self._line("result", "ตัวเลข เช่น 97.5 หรือ “ทราบผล เดือน ก.ย. 66”")
        self.numerator_field = self._line("numerator", "ตัวตั้ง")
        self.denominator_field = self._line("denominator", "ตัวหาร")
        self.parts_field = self._line("parts", "ผลของกิจกรรมย่อย เช่น 80, 100, 90")
        self.formula_label = QLabel()
        self.formula_label.setWordWrap(True)
        self.level_reached = QLabel()
        self.level_reached.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.result_field, self.formula_label, self.numerator_field, self.denominator_field,
                       self.parts_field, self.level_reached):
            self.result_box.addWidget(widget)
        grid.addWidget(self.calc_name, 1, 0)
        grid.addWidget(self.calc_weight, 1, 1)
        grid.addLayout(self.result_box, 1, 2)
        grid.addWidget(self.score_label, 1, 3)
        grid.addWidget(self.weighted_label, 1, 4)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 3)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(4, 1)
        form.addRow("8. การคำนวณคะแนน", calc)

        self.steps_widget = QWidget()
        self.steps_grid = QGridLayout(self.steps_widget)
        self.steps_grid.setContentsMargins(0, 0, 0, 0)
        form.addRow("ระดับที่ทำได้", self.steps_widget)
        self.round_steps_widget = QWidget()
        self.round_steps_box = QVBoxLayout(self.round_steps_widget)
        self.round_steps_box.setContentsMargins(0, 0, 0, 0)
        form.addRow("เป้าหมายและขั้นตอนของรอบนี้", self.round_steps_widget)
        self.deduct_box = QCheckBox("หักคะแนนของรอบนี้")
        self.deduct_box.clicked.connect(lambda: self.commit_field("deduct"))
        form.addRow("", self.deduct_box)
        return scroll_page(page)

    def _line(self, name: str, placeholder: str) -> LineField:
        field = LineField(placeholder)
        self.fields[name] = field
        field.sig_commit.connect(lambda: self.commit_field(name))
        if name in SCORING_FIELDS:
            field.editor.textEdited.connect(lambda _text: self.preview(name))
        return field

    def _text_page(self) -> QWidget:
        page, form = form_page()
        for number, (name, label, lines) in enumerate(TEXT_AREAS, start=9):
            field = TextField(lines)
            self.fields[name] = field
            field.sig_commit.connect(lambda n=name: self.commit_field(n))
            form.addRow(f"{number}. {label}", field)
        form.addRow("ผลการเบิกจ่ายงบประมาณ (บาท)", self._line("budget_disbursed", "เช่น 12,500.00"))
        form.addRow("ผู้จัดทำข้อมูล (ลงชื่อ)", self._line("preparer_name", "ชื่อ-นามสกุล"))
        form.addRow("ตำแหน่ง", self._line("preparer_position", ""))
        self.date_edit = BEDateEdit(dt.date(2000, 1, 1), dt.date(2100, 12, 31), none_text="ไม่ระบุ")
        self.date_field = Field(self.date_edit)
        self.fields["prepared_on"] = self.date_field
        self.date_edit.editingFinished.connect(lambda: self.commit_field("prepared_on"))
        self.date_edit.calendarWidget().clicked.connect(lambda _d: self.commit_field("prepared_on"))
        form.addRow("วันที่จัดทำข้อมูล", self.date_field)
        return scroll_page(page)

    # ---- showing a report -------------------------------------------------------------------
    def open_report(self, report_id: int) -> bool:
        """Show a report (the fields of the one on screen are committed first)."""
        if self.report_id is not None and report_id != self.report_id:
            self.flush()
        try:
            with self.ws.session() as session:
                view = reports.load_report(session, report_id)
                lines = reports.history_lines(session, report_id)
                self.user = permissions.who(session)
                self.refusal = permissions.report_refusal(session, report_id)
        except PlanDeskError as exc:
            self.sig_message.emit(exc.message)
            return False
        changed_report = report_id != self.report_id
        self.report_id, self.view = report_id, view
        if changed_report:
            self.undo_stack.clear()
            for field in self.fields.values():
                field.clear_error()
            self.state_message.hide()
            self._show_structure(view)
        self._set_enabled(True)
        self._show_values(view)   # after: the state buttons follow the report's state
        self.history.show_lines(lines)
        return True

    def reload(self) -> None:
        if self.report_id is not None:
            self.open_report(self.report_id)

    def committed(self) -> None:
        """Something of this report was saved: show it again and tell the screen."""
        self.reload()
        self.sig_changed.emit()

    def _show_structure(self, view: reports.ReportView) -> None:
        """What depends on the indicator and round, not on what was typed."""
        i = view.indicator
        self.heading.setText(f"<b>รายงานผลตัวชี้วัด{(' ที่ ' + i.number) if i.number else ''}: {i.name}</b><br>"
                             f"{view.unit_name} · {view.round.label} ปีงบประมาณ พ.ศ. {view.be_year}")
        while self.rounds_row.count():
            widget = self.rounds_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for round_ in view.rounds:
            box = QCheckBox(round_.label)
            box.setChecked(round_.id == view.round.id)
            box.setEnabled(False)   # the round is the one opened: shown, not chosen here
            self.rounds_row.addWidget(box)
        self.rounds_row.addStretch(1)
        self.name_label.setText(i.name)
        self.supervisor_label.setText("\n".join(_person_line(p) for p in i.supervisors) or "-")
        self.collector_label.setText("\n".join(f"{n}. {_person_line(p)}" for n, p in enumerate(i.collectors, 1))
                                     or "-")
        self.description_label.setText(i.description or "-")
        table = self.criteria_table
        table.setRowCount(len(view.criteria))
        for row, (level, text) in enumerate(view.criteria):
            for column, value in enumerate((level, text)):
                table.setItem(row, column, QTableWidgetItem(value))
        table.resizeColumnToContents(0)
        table.resizeRowsToContents()
        table.setFixedHeight(min(420, table.horizontalHeader().height() + 4
                                 + sum(table.rowHeight(r) for r in range(table.rowCount()))))

        self.calc_name.setText(i.name)
        self.calc_weight.setText(reports.plain(i.weight))
        mode = view.mode
        formula = mode in ("number", "percent") and bool(i.formula.strip())
        self.result_field.setVisible(mode in ("number", "percent", "composite"))
        self.formula_label.setVisible(formula)
        self.formula_label.setText(f"สูตร: {i.formula}" if formula else "")
        self.numerator_field.setVisible(formula)
        self.denominator_field.setVisible(formula)
        self.parts_field.setVisible(mode == "composite")
        self.level_reached.setVisible(mode == "steps")
        self.steps_widget.setVisible(mode == "steps")

        while self.steps_grid.count():
            self.steps_grid.takeAt(0).widget().deleteLater()
        self.step_boxes = []
        if mode == "steps":
            for row, label in enumerate(view.step_labels):
                level, _, text = label.partition(": ")
                box = QCheckBox(level)
                box.clicked.connect(lambda _c: self.commit_field("steps_done"))
                note = QLabel(text)
                note.setWordWrap(True)
                self.steps_grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
                self.steps_grid.addWidget(note, row, 1)
                self.step_boxes.append(box)
            self.steps_grid.setColumnStretch(1, 1)

        while self.round_steps_box.count():
            self.round_steps_box.takeAt(0).widget().deleteLater()
        self.round_step_boxes = []
        target = view.round_target
        self.round_steps_widget.setVisible(target is not None and bool(target.goal or target.steps))
        if target is not None:
            if target.goal:
                goal = QLabel(f"เป้าหมาย: {target.goal}")
                goal.setWordWrap(True)
                self.round_steps_box.addWidget(goal)
            for number, step in enumerate(target.steps, start=1):
                if mode == "steps":
                    # Ticking every step of the round clears the round's deduction (and unticking sets it).
                    box = QCheckBox(f"ขั้นตอนที่ {number} {step}")
                    box.setToolTip(step)
                    box.clicked.connect(lambda _c: self.commit_round_steps())
                    self.round_step_boxes.append(box)
                    self.round_steps_box.addWidget(box)
                else:
                    label = QLabel(f"ขั้นตอนที่ {number} {step}")
                    label.setWordWrap(True)
                    self.round_steps_box.addWidget(label)
        has_deduction = bool(i.deduction_points)
        self.deduct_box.setVisible(has_deduction)
        if has_deduction:
            self.deduct_box.setText(f"หักคะแนนของรอบนี้ {reports.plain(i.deduction_points)} คะแนน")
            self.deduct_box.setToolTip(i.deduction_rule)
        rows = max(len(view.criteria), len(view.levels_done)) or 5
        levels = [c[0] for c in view.criteria] + [str(n) for n in range(len(view.criteria) + 1, rows + 1)]
        self.levels_field._rows = []   # a different report: the table is filled anew
        self.levels_field.table.setRowCount(0)
        self._level_names = levels[:rows]

    def _show_values(self, view: reports.ReportView) -> None:
        for name in ("result", "numerator", "denominator", "preparer_name", "preparer_position",
                     "actions", "supporting_factors", "obstacles", "suggestions"):
            self.fields[name].set_value(getattr(view, name))
        self.parts_field.set_value(", ".join(str(p) for p in view.parts) if view.mode == "composite" else "")
        self.fields["budget_disbursed"].set_value(format_money(view.budget_disbursed, none=""))
        self.date_edit.set_date_value(view.prepared_on)
        done = list(view.levels_done) + [""] * (len(self._level_names) - len(view.levels_done))
        self.levels_field.set_value([{"level": level, "done": text} for level, text in zip(self._level_names, done)])
        for box, ticked in zip(self.step_boxes, list(view.steps_done) + [False] * len(self.step_boxes)):
            box.setChecked(ticked)
        ticks = self._round_ticks(view)
        for box, ticked in zip(self.round_step_boxes, ticks):
            box.setChecked(ticked)
        self.deduct_box.setChecked(view.deduct)
        self.state_label.setText(f" {view.state_label} ")
        self.state_label.setStyleSheet(STATE_STYLE.get(view.state, "") + "padding:2px 6px; border-radius:3px;")
        self._show_score(view.score, view.weighted, view.result_text)
        self.evidence.show_report(view)
        self._set_locked(view.locked or bool(self.refusal))
        planner = self.user is None or self.user.is_planner
        self.submit_button.setEnabled(view.state == "draft" and not self.refusal)
        self.review_button.setEnabled(view.state == "submitted" and planner)
        self.reopen_button.setEnabled(view.state in ("submitted", "reviewed") and planner)
        only_planners = "" if planner else f" — ทำได้เฉพาะผู้วางแผน (planner); คุณคือ {self.user.label}"
        self.review_button.setToolTip("ตรวจรายงานแล้ว: ล็อกไม่ให้แก้ไข" + only_planners)
        self.reopen_button.setToolTip("เปิดรายงานที่ส่งหรือตรวจแล้วให้แก้ไขได้อีก (ต้องระบุเหตุผล)" + only_planners)
        if self.refusal:
            self.state_message.setText(f"ดูได้อย่างเดียว: {self.refusal}")
            self.state_message.show()

    def _round_ticks(self, view: reports.ReportView) -> list[bool]:
        """The round's steps ticked (round_report.round_steps)."""
        stored = list(view.round_steps) if view.mode == "steps" else []
        return (stored + [False] * len(self.round_step_boxes))[:len(self.round_step_boxes)]

    def _show_score(self, score: Decimal | None, weighted: Decimal | None, result: str) -> None:
        self.score_label.setText(score_text(score))
        self.weighted_label.setText(score_text(weighted))
        if self.view is not None and self.view.mode == "steps":
            self.level_reached.setText(f"ระดับ {result}" if result else "ยังไม่ได้ติ๊กระดับ")
        self.strip_result.setText(f"ผลการดำเนินงาน <b>{result or '-'}</b>")
        self.strip_score.setText(f"ค่าคะแนนที่ได้ <b>{score_text(score)}</b>")
        self.strip_weighted.setText(f"ค่าคะแนนถ่วงน้ำหนัก <b>{score_text(weighted)}</b>")

    def _set_locked(self, locked: bool) -> None:
        for name, field in self.fields.items():
            editor = field.editor
            if hasattr(editor, "setReadOnly"):
                editor.setReadOnly(locked)
        self.levels_field.table.setEditTriggers(
            QTableWidget.EditTrigger.NoEditTriggers if locked else
            QTableWidget.EditTrigger.DoubleClicked | QTableWidget.EditTrigger.EditKeyPressed
            | QTableWidget.EditTrigger.AnyKeyPressed)
        for box in (*self.step_boxes, *self.round_step_boxes, self.deduct_box):
            box.setEnabled(not locked)
        self.date_edit.setReadOnly(locked)

    def _set_enabled(self, enabled: bool) -> None:
        self.tabs.setEnabled(enabled)
        for button in (self.submit_button, self.review_button, self.reopen_button, self.print_button):
            button.setEnabled(enabled)

    def is_locked(self) -> bool:
        return self.view is not None and self.view.locked

    # ---- live score ------------------------------------------------------------------------
    def _on_screen(self) -> SimpleNamespace:
        """The scoring inputs as they are on screen now (typed, maybe not committed yet)."""
        view = self.view
        return SimpleNamespace(
            result=self.result_field.editor.text(), numerator=self.numerator_field.editor.text(),
            denominator=self.denominator_field.editor.text(),
            parts=_parts(self.parts_field.editor.text()) if view.mode == "composite" else list(view.parts),
            steps_done=[b.isChecked() for b in self.step_boxes] if self.step_boxes else list(view.steps_done),
            deduct=self.deduct_box.isChecked() if self.deduct_box.isVisible() else view.deduct)

    def preview(self, name: str = "result") -> reports.ReportScore | None:
        """Score the values on screen without saving; a bad value shows its message under its field."""
        if self.view is None:
            return None
        field = self.fields[name]
        try:
            scored = reports.compute(self.view.indicator, self._on_screen())
        except PlanDeskError as exc:
            field.show_error(exc.message)
            self._show_score(None, None, "")
            return None
        field.clear_error()
        shown = reports.plain(scored.result) if scored.result is not None else self.result_field.editor.text()
        self._show_score(scored.score, scored.weighted, shown)
        return scored

    # ---- committing ------------------------------------------------------------------------
    def _value(self, name: str):
        if name == "parts":
            return _parts(self.parts_field.editor.text())
        if name == "levels_done":
            return _levels(row["done"] for row in self.levels_field.value())
        if name == "steps_done":
            return [b.isChecked() for b in self.step_boxes]
        if name == "deduct":
            return self.deduct_box.isChecked()
        if name == "prepared_on":
            return self.date_edit.date_value()
        return self.fields[name].value()

    def _stored(self, name: str):
        value = getattr(self.view, name)
        if name == "parts":
            return [str(p) for p in value]
        if name in ("levels_done", "steps_done"):
            return list(value)
        return value

    def _same(self, name: str, value) -> bool:
        stored = self._stored(name)
        if name == "budget_disbursed":
            try:
                return parse_budget(value) == stored
            except PlanDeskError:
                return False
        if name == "steps_done":
            stored = [bool(v) for v in stored]
            return [bool(v) for v in value] == stored + [False] * (len(value) - len(stored))
        return value == stored

    def commit_field(self, name: str) -> bool:
        """The user is done with a field: save it if it differs (one undoable step)."""
        if self.view is None or self.view.locked or self.refusal:
            return False
        value = self._value(name)
        if self._same(name, value):
            if name in self.fields:
                self.fields[name].clear_error()
            return False
        label = reports.FIELD_NAMES.get(name, name)
        return push(self.undo_stack, ReportEditCommand(self, self.report_id, {name: value},
                                                       {name: self._stored(name)}, f"แก้ไข {label}"))

    def commit_round_steps(self) -> bool:
        """The round's steps ticked: kept, and the deduction follows (every step done: no deduction)."""
        if self.view is None or self.view.locked or self.refusal:
            return False
        ticks = [b.isChecked() for b in self.round_step_boxes]
        new = {"round_steps": ticks}
        old = {"round_steps": list(self.view.round_steps)}
        if self.view.indicator.deduction_points:
            new["deduct"], old["deduct"] = not all(ticks), self.view.deduct
        return push(self.undo_stack, ReportEditCommand(self, self.report_id, new, old, "ติ๊กขั้นตอนของรอบ"))

    def flush(self) -> None:
        """Commit whatever is typed but not finished yet (before switching report or state)."""
        if self.view is None or self.view.locked or self.refusal:
            return
        for name in ("result", "numerator", "denominator", "parts", "budget_disbursed", "preparer_name",
                     "preparer_position", "actions", "supporting_factors", "obstacles", "suggestions"):
            if not self.fields[name].isHidden() and not self._same(name, self._value(name)):
                self.commit_field(name)

    def save(self, report_id: int, fields: dict) -> bool:
        """Write fields of a report; False (and the message under the field) when refused."""
        expected = self.view.version if self.view is not None and report_id == self.report_id else None
        try:
            try:
                with self.ws.transaction() as session:
                    reports.update(session, report_id, expected_version=expected, **fields)
            except ConflictError as exc:
                if not self._overwrite(exc, fields):
                    return False
                with self.ws.transaction() as session:   # บันทึกทับ: mine on top of their version
                    reports.update(session, report_id, **fields)
        except PlanDeskError as exc:
            field = self.fields.get(next(iter(fields)))
            if field is not None:
                field.show_error(exc.message)
            self.sig_message.emit(exc.message)
            return False
        for name in fields:
            if name in self.fields:
                self.fields[name].clear_error()
        self.sig_message.emit("บันทึกแล้ว")
        if report_id == self.report_id:
            self.committed()
        else:
            self.sig_changed.emit()
        return True

    def _overwrite(self, error: ConflictError, fields: dict) -> bool:
        """Someone else saved this report since it was loaded: True to apply mine on top of theirs;
        False after showing theirs (my edit dropped, as the user chose)."""
        from app.ui.conflict_dialog import OVERWRITE, ask_conflict

        mine = "; ".join(f"{reports.FIELD_NAMES.get(n, n)} = {reports._shown(v)}" for n, v in fields.items())
        ask = self.conflict_handler or (lambda exc: ask_conflict(self, exc, mine))
        if ask(error) == OVERWRITE:
            return True
        for name in fields:
            if name in self.fields:
                self.fields[name].clear_error()
        self.sig_message.emit("โหลดข้อมูลล่าสุดแล้ว — การแก้ไขของคุณไม่ได้บันทึก")
        self.reload()
        self.sig_changed.emit()
        return False

    # ---- state -----------------------------------------------------------------------------
    def _state_change(self, action, done: str) -> bool:
        self.flush()
        report_id = self.report_id
        try:
            with self.ws.transaction() as session:
                action(session, report_id)
        except PlanDeskError as exc:
            self.state_message.setText(exc.message)
            self.state_message.show()
            self.sig_message.emit(exc.message)
            return False
        self.state_message.hide()
        self.sig_message.emit(done)
        self.committed()
        return True

    def submit(self) -> bool:
        return self._state_change(reports.submit, "ส่งรายงานแล้ว")

    def review(self) -> bool:
        return self._state_change(reports.review, "ตรวจรายงานแล้ว — รายงานถูกล็อก")

    def reopen(self, reason: str | None = None) -> bool:
        """Open a submitted or reviewed report for editing again; the reason is asked and recorded."""
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(self, "เปิดแก้ไขรายงาน",
                                                       "เหตุผลที่เปิดแก้ไข (จะบันทึกไว้ในประวัติการแก้ไข)")
            if not ok:
                return False
        return self._state_change(lambda s, rid: reports.reopen(s, rid, reason), "เปิดแก้ไขรายงานแล้ว")

    def export_pdf(self, what: str, path: str | None = None):
        from app.ui.report_exports import export_reports

        if self.view is None:
            return None
        self.flush()
        view = self.view
        if what == "report":
            name = f"รายงานผลตัวชี้วัด_{view.be_year}_{view.indicator.number or view.indicator.id}.pdf"
            return export_reports(self, self.ws, "report", view.id, name, path)
        name = f"รายงานผลตัวชี้วัด_{view.be_year}_{view.round.label}.pdf"
        return export_reports(self, self.ws, "round", view.round.id, name, path)
