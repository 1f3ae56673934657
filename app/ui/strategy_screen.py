"""StrategyScreen: a strategy plan's tree for one round, and the selected KPI's result editor.

Every edit is committed at once through strategy.set_result (one transaction); a refused edit shows
its Thai message and the field goes back to what is saved. The score is computed as the officer types."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSplitter, QTreeView, QVBoxLayout, QWidget)

from app.services import strategy
from app.services.errors import PlanDeskError
from app.services.money import format_money
from app.services.workspace import Workspace
from app.ui.strategy_model import ID_ROLE, KIND_ROLE, StrategyTreeModel

TEXT_FIELDS = ("result", "budget_note", "preparer_name", "preparer_position")


class StrategyResultEditor(QGroupBox):
    """One KPI's result for the round: result, steps done, details, budget and preparer."""

    sig_saved = Signal()
    sig_message = Signal(str)

    def __init__(self, ws: Workspace, parent=None):
        super().__init__("ผลการดำเนินงานของตัวชี้วัด", parent)
        self.ws = ws
        self.kpi: strategy.KpiData | None = None
        self.round_id: int | None = None
        self.saved: strategy.ResultData | None = None
        form = QFormLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.targets = QLabel()
        self.result_edit = QLineEdit()
        self.result_edit.setPlaceholderText("ตัวเลข เช่น 83.8 หรือ “ทราบผล เดือน ก.ย. 66”")
        self.score_label = QLabel()
        self.steps_box = QWidget()
        self.steps_layout = QVBoxLayout(self.steps_box)
        self.steps_layout.setContentsMargins(0, 0, 0, 0)
        self.step_checks: list[QCheckBox] = []
        self.details_edit = QPlainTextEdit()
        self.details_edit.setMinimumHeight(90)
        self.budget_edit = QLineEdit()
        self.budget_edit.setPlaceholderText("เช่น 1,397,139.50 หรือเว้นว่างเมื่อไม่ใช้งบประมาณ")
        self.budget_note_edit = QLineEdit()
        self.preparer_name_edit = QLineEdit()
        self.preparer_position_edit = QLineEdit()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        form.addRow(self.title)
        form.addRow("ค่าเป้าหมาย ๑–๕", self.targets)
        form.addRow("ผลการดำเนินงาน", self.result_edit)
        form.addRow("คะแนน", self.score_label)
        form.addRow("ขั้นตอนที่ทำได้", self.steps_box)
        form.addRow("รายละเอียดผลการดำเนินงาน", self.details_edit)
        form.addRow("ผลการเบิกจ่ายงบประมาณ (บาท)", self.budget_edit)
        form.addRow("หมายเหตุงบประมาณ", self.budget_note_edit)
        form.addRow("ผู้จัดทำข้อมูล", self.preparer_name_edit)
        form.addRow("ตำแหน่ง", self.preparer_position_edit)
        form.addRow(self.error_label)
        self.result_edit.textEdited.connect(self._preview_score)
        self.result_edit.editingFinished.connect(lambda: self._commit("result", self.result_edit.text()))
        self.budget_edit.editingFinished.connect(lambda: self._commit("budget_disbursed", self.budget_edit.text()))
        self.budget_note_edit.editingFinished.connect(
            lambda: self._commit("budget_note", self.budget_note_edit.text()))
        self.preparer_name_edit.editingFinished.connect(
            lambda: self._commit("preparer_name", self.preparer_name_edit.text()))
        self.preparer_position_edit.editingFinished.connect(
            lambda: self._commit("preparer_position", self.preparer_position_edit.text()))
        self.details_timer = QTimer(self, singleShot=True, interval=600)
        self.details_timer.timeout.connect(lambda: self._commit("details", self.details_edit.toPlainText()))
        self.details_edit.textChanged.connect(self._details_changed)
        self.setEnabled(False)

    def show_kpi(self, kpi: strategy.KpiData | None, round_id: int | None) -> None:
        self.flush()
        self.kpi, self.round_id = kpi, round_id
        self.setEnabled(kpi is not None and round_id is not None)
        if kpi is None or round_id is None:
            self.title.setText("เลือกตัวชี้วัดจากแผนผังทางซ้าย")
            return
        self.title.setText(f"<b>KPI ที่ {kpi.number}</b> {kpi.name}" + (f" ({kpi.owner})" if kpi.owner else ""))
        self.targets.setText("  ".join(kpi.targets) + (f"  ({kpi.unit_of_measure})" if kpi.unit_of_measure else ""))
        for check in self.step_checks:
            check.hide()
            self.steps_layout.removeWidget(check)
            check.deleteLater()
        self.step_checks = []
        for number, step in enumerate(kpi.steps, start=1):
            check = QCheckBox(step if len(step) < 90 else step[:87] + "…")
            check.setToolTip(step)
            check.toggled.connect(self._steps_toggled)
            self.steps_layout.addWidget(check)
            check.show()
            self.step_checks.append(check)
        self.steps_box.setVisible(bool(kpi.steps))
        self.steps_box.setMinimumHeight(len(kpi.steps) * (self.fontMetrics().height() + 6))
        with self.ws.session() as session:
            self._show(strategy.get_result(session, kpi.id, round_id))

    def _show(self, result: strategy.ResultData) -> None:
        self.saved = result
        self.error_label.clear()
        self.result_edit.setText(result.result)
        for index, check in enumerate(self.step_checks):
            check.blockSignals(True)
            check.setChecked(index < len(result.steps_done) and result.steps_done[index])
            check.blockSignals(False)
        self.details_edit.blockSignals(True)
        self.details_edit.setPlainText(result.details)
        self.details_edit.blockSignals(False)
        self.budget_edit.setText("" if result.budget_disbursed is None else format_money(result.budget_disbursed))
        self.budget_note_edit.setText(result.budget_note)
        self.preparer_name_edit.setText(result.preparer_name)
        self.preparer_position_edit.setText(result.preparer_position)
        self._show_score(result.score, result.not_known)

    def _show_score(self, score, not_known: bool) -> None:
        if not_known:
            self.score_label.setText("ยังไม่ทราบผล (นับเป็น 0 ในคะแนนรวม)")
        elif score is None:
            self.score_label.setText("-")
        else:
            self.score_label.setText(f"{strategy.fmt_points(score)} จาก 5")

    def _steps(self) -> list[bool]:
        return [check.isChecked() for check in self.step_checks]

    def _preview_score(self, text: str) -> None:
        if self.kpi is None:
            return
        try:
            steps = self._steps() if text.strip() == (self.saved.result if self.saved else "") else []
            self._show_score(strategy.kpi_score(self.kpi, text, steps), strategy.is_not_known(text))
            self.error_label.clear()
        except PlanDeskError as exc:
            self.score_label.setText("-")
            self.error_label.setText(exc.message)

    def _details_changed(self) -> None:
        self.details_timer.start()

    def _steps_toggled(self) -> None:
        self._commit("steps_done", self._steps())

    def flush(self) -> None:
        """Commit the details typed but not yet saved (the editor is closing or moving to another KPI)."""
        if self.details_timer.isActive():
            self.details_timer.stop()
            self._commit("details", self.details_edit.toPlainText())

    def _commit(self, name: str, value) -> None:
        if self.kpi is None or self.round_id is None or self.saved is None:
            return
        current = getattr(self.saved, name)
        if name == "budget_disbursed":
            current = "" if current is None else format_money(current)
            value = value.strip()
        if name == "steps_done":
            current = list(current) + [False] * (len(value) - len(current))
        if value == current:
            return
        try:
            with self.ws.transaction() as session:
                result = strategy.set_result(session, self.kpi.id, self.round_id, **{name: value or None}
                                             if name == "budget_disbursed" else {name: value})
        except PlanDeskError as exc:
            self._show(self.saved)
            self.error_label.setText(exc.message)   # after _show, which clears it
            self.sig_message.emit(exc.message)
            return
        self._show(result)
        self.sig_saved.emit()


class StrategyScreen(QWidget):
    """A strategy plan: round selector, the tree with points, the KPI editor, export to PDF."""

    sig_changed = Signal()
    sig_message = Signal(str)

    def __init__(self, ws: Workspace, plan_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.plan_id = ws, plan_id
        self.model = StrategyTreeModel(ws, plan_id, self)
        plan = self.model.plan
        header = QLabel(f"<b>{plan.title}</b> · {plan.unit_name} · ปีงบประมาณ พ.ศ. {plan.be_year}")
        header.setWordWrap(True)
        self.round_combo = QComboBox()
        for round_ in plan.rounds:
            self.round_combo.addItem(round_.label, round_.id)
        self.total_label = QLabel()
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #8a4b00;")
        self.export_button = QPushButton("ส่งออก PDF…")
        top = QHBoxLayout()
        top.addWidget(header, 1)
        top.addWidget(QLabel("รอบ"))
        top.addWidget(self.round_combo)
        top.addWidget(self.total_label)
        top.addWidget(self.export_button)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.editor = StrategyResultEditor(ws)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problems_label)
        layout.addWidget(splitter, 1)
        self.round_combo.currentIndexChanged.connect(self._round_changed)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.editor.sig_saved.connect(self._saved)
        self.editor.sig_message.connect(self.sig_message)
        self.export_button.clicked.connect(self.export_pdf)
        self._after_reload()

    def summary(self) -> str:
        return self.model.summary()

    def _after_reload(self) -> None:
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 330)
        for column, width in ((1, 60), (2, 110), (3, 150), (4, 90), (5, 110)):
            self.tree.setColumnWidth(column, width)
        self.total_label.setText(self.model.summary())
        self.total_label.setMinimumWidth(self.total_label.sizeHint().width())
        problems = self.model.view.problems if self.model.view else ()
        self.problems_label.setText("น้ำหนักไม่ครบ: " + "; ".join(problems) if problems else "")
        self.problems_label.setVisible(bool(problems))

    def _round_changed(self) -> None:
        kpi = self.editor.kpi
        self.editor.flush()
        self.model.set_round(self.round_combo.currentData())
        self._after_reload()
        self.select_kpi(kpi.id) if kpi else self.editor.show_kpi(None, None)

    def _current_changed(self, current, _previous) -> None:
        if current.isValid() and current.data(KIND_ROLE) == "kpi":
            self.editor.show_kpi(self.model.plan.kpi(current.data(ID_ROLE)), self.model.round_id)
        else:
            self.editor.show_kpi(None, None)

    def select_kpi(self, kpi_id: int) -> None:
        index = self.model.kpi_index(kpi_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def _saved(self) -> None:
        kpi = self.editor.kpi
        self.tree.selectionModel().blockSignals(True)
        self.model.reload()
        self._after_reload()
        if kpi is not None:
            self.tree.setCurrentIndex(self.model.kpi_index(kpi.id))
        self.tree.selectionModel().blockSignals(False)
        self.sig_changed.emit()

    def export_pdf(self):
        from app.ui.strategy_exports import export_strategy_pdf

        return export_strategy_pdf(self, self.ws, self.plan_id, self.model.round_id, self.model.plan)
