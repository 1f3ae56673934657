"""StrategyScreen: a strategy plan's tree for one round, and the selected KPI's result editor.

Every edit is committed at once through strategy.set_result (one transaction); a refused edit shows
its Thai message and the field goes back to what is saved. The score is computed as the officer types.
Result edits, renames, weights and KPI definitions go on the screen's undo stack; the structure is
edited from the toolbar above the tree and its context menu (app/ui/strategy_tree_edit.py)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QMenu, QMessageBox, QPlainTextEdit, QPushButton, QSplitter, QToolBar, QTreeView,
                               QVBoxLayout, QWidget)

from app.services import strategy
from app.services.errors import PlanDeskError
from app.services.money import format_money
from app.services.workspace import Workspace
from app.ui import strategy_tree_edit as edit
from app.ui.strategy_model import ID_ROLE, KIND_ROLE, StrategyTreeModel
from app.ui.undo import push

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
            result = self.apply_field(name, value or None if name == "budget_disbursed" else value)
        except PlanDeskError as exc:
            self._show(self.saved)
            self.error_label.setText(exc.message)   # after _show, which clears it
            self.sig_message.emit(exc.message)
            return
        self._show(result)
        self.sig_saved.emit()

    def apply_field(self, name: str, value) -> strategy.ResultData:
        """Commit one field (the screen puts it on its undo stack instead)."""
        with self.ws.transaction() as session:
            return strategy.set_result(session, self.kpi.id, self.round_id, **{name: value})


class StrategyScreen(QWidget):
    """A strategy plan: round selector, the tree with points, the KPI editor, export to PDF."""

    sig_changed = Signal()
    sig_message = Signal(str)

    def __init__(self, ws: Workspace, plan_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.plan_id = ws, plan_id
        self.undo_stack = QUndoStack(self)
        self.last_error = ""
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
        self.preview_button = QPushButton("ตัวอย่างก่อนพิมพ์…")
        top = QHBoxLayout()
        top.addWidget(header, 1)
        top.addWidget(QLabel("รอบ"))
        top.addWidget(self.round_combo)
        top.addWidget(self.total_label)
        top.addWidget(self.preview_button)
        top.addWidget(self.export_button)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(lambda _index: self.edit_selected())
        self.editor = StrategyResultEditor(ws)
        self.editor.apply_field = self._apply_result_field
        self.tool_bar = self._build_tools()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tool_bar)
        left_layout.addWidget(self.tree, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
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
        self.preview_button.clicked.connect(self.preview_pdf)
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
        problems = problems if self.model.view else tuple(self.model.plan.weight_problems())
        self.problems_label.setText("น้ำหนักไม่ครบ: " + "; ".join(problems) if problems else "")
        self.problems_label.setVisible(bool(problems))
        self._update_tools()

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
        self._update_tools()

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
        self._update_tools()
        self.sig_changed.emit()

    def preview_pdf(self):
        from app.ui.document_preview import open_document_preview, strategy_document

        if self.model.round_id is None:
            self.sig_message.emit("แผนนี้ยังไม่มีรอบการรายงาน")
            return None
        self.editor.flush()
        label = self.round_combo.currentText()
        return open_document_preview(self, self.ws, strategy_document(
            self.plan_id, self.model.round_id, f"แผนกลยุทธ์_{self.model.plan.be_year}_{label}.pdf"))

    def export_pdf(self):
        from app.ui.strategy_exports import export_strategy_pdf

        return export_strategy_pdf(self, self.ws, self.plan_id, self.model.round_id, self.model.plan)

    # ---- editing the structure -------------------------------------------------------------------
    def _build_tools(self) -> QToolBar:
        def act(text: str, slot, tip: str) -> QAction:
            action = QAction(text, self)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda: slot())
            return action

        self.act_add_dimension = act("เพิ่มมิติ", self.add_dimension, "เพิ่มมิติใหม่ท้ายแผน")
        self.act_add_goal = act("เพิ่ม CSF", self.add_goal, "เพิ่มเป้าประสงค์ (CSF) ในมิติที่เลือก")
        self.act_add_project = act("เพิ่มโครงการ", self.add_project, "เพิ่มแผนงาน/โครงการในเป้าประสงค์ที่เลือก")
        self.act_add_kpi = act("เพิ่มตัวชี้วัด", self.add_kpi, "เพิ่มตัวชี้วัดในแผนงาน/โครงการที่เลือก")
        self.act_edit = act("แก้ไข…", self.edit_selected, "แก้ชื่อ ลำดับ น้ำหนัก หรือรายละเอียดตัวชี้วัดที่เลือก")
        self.act_delete = act("ลบ…", self.delete_selected, "ลบรายการที่เลือกพร้อมรายการย่อยทั้งหมด")
        self.tree_actions = [self.act_add_dimension, self.act_add_goal, self.act_add_project, self.act_add_kpi,
                             None, self.act_edit, self.act_delete]
        bar = QToolBar("แผนกลยุทธ์")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.tree_actions:
            bar.addSeparator() if action is None else bar.addAction(action)
        return bar

    def _update_tools(self) -> None:
        current = self.tree.currentIndex()
        kind = current.data(KIND_ROLE) if current.isValid() else None
        self.act_add_goal.setEnabled(kind is not None)
        self.act_add_project.setEnabled(kind in ("goal", "project", "kpi"))
        self.act_add_kpi.setEnabled(kind in ("project", "kpi"))
        self.act_edit.setEnabled(kind is not None)
        self.act_delete.setEnabled(kind is not None)

    def tree_menu(self, pos) -> QMenu:
        """The context menu at `pos` (viewport coordinates): the row there becomes the selection."""
        index = self.tree.indexAt(pos)
        if index.isValid():
            self.tree.setCurrentIndex(index.siblingAtColumn(0))
        menu = QMenu(self)
        for action in self.tree_actions:
            menu.addSeparator() if action is None else menu.addAction(action)
        return menu

    def _context_menu(self, pos) -> None:
        menu = self.tree_menu(pos)
        menu.exec(self.tree.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def selection(self) -> tuple[str | None, int | None]:
        index = self.tree.currentIndex()
        return (index.data(KIND_ROLE), index.data(ID_ROLE)) if index.isValid() else (None, None)

    def run(self, action):
        """Commit `action(session)` in one transaction; a refusal is kept in last_error and shown."""
        try:
            with self.ws.transaction() as session:
                return action(session)
        except PlanDeskError as exc:
            self.last_error = exc.message
            self.sig_message.emit(exc.message)
            return None

    def _run_or_raise(self, action):
        result = self.run(action)
        if result is None:
            raise PlanDeskError(self.last_error)
        return result

    def refresh(self, select: tuple[str, int] | None = None) -> None:
        """Everything again from the database (after a structure edit, an undo or a redo)."""
        self.editor.details_timer.stop()
        kind, row_id = select or self.selection()
        self.tree.selectionModel().blockSignals(True)
        self.model.reload()
        self._after_reload()
        index = self.model.node_index(kind, row_id) if kind else self.model.index(0, 0)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self.tree.selectionModel().blockSignals(False)
        current = self.tree.currentIndex()
        kpi_id = current.data(ID_ROLE) if current.isValid() and current.data(KIND_ROLE) == "kpi" else None
        self.editor.kpi = None   # nothing of the old KPI to flush: show what is stored
        self.editor.show_kpi(self.model.plan.kpi(kpi_id) if kpi_id else None,
                             self.model.round_id if kpi_id else None)
        self._update_tools()
        self.sig_changed.emit()

    def show_result(self, kpi_id: int, round_id: int) -> None:
        """After an undo or redo of a result: that round and that KPI on screen."""
        if self.model.round_id != round_id:
            self.round_combo.blockSignals(True)
            self.round_combo.setCurrentIndex(max(0, self.round_combo.findData(round_id)))
            self.round_combo.blockSignals(False)
            self.model.round_id = round_id
        self.refresh(("kpi", kpi_id))

    def _apply_result_field(self, name: str, value) -> strategy.ResultData:
        kpi, round_id = self.editor.kpi, self.editor.round_id
        text = f"ตัวชี้วัด {kpi.number}: {strategy.FIELD_NAMES[name]}"
        if not push(self.undo_stack, edit.SetResultCommand(self, kpi.id, round_id, self.editor.saved, name, value,
                                                           text)):
            raise PlanDeskError(self.last_error)
        with self.ws.session() as session:
            return strategy.get_result(session, kpi.id, round_id)

    def _next_number(self, siblings, prefix: str = "") -> str:
        return f"{prefix}{len(siblings) + 1}"

    def _dimension(self, row_id: int) -> strategy.DimensionData:
        return next(d for d in self.model.plan.dimensions if d.id == row_id)

    def _goal(self, row_id: int) -> strategy.GoalData:
        return next(g for g in self.model.plan.goals if g.id == row_id)

    def _project(self, row_id: int) -> strategy.ProjectData:
        return next(p for p in self.model.plan.projects if p.id == row_id)

    def _add(self, kind: str, dialog) -> int | None:
        if dialog.exec() != dialog.DialogCode.Accepted:
            return None
        self.refresh((kind, dialog.saved))
        self.sig_message.emit(f"เพิ่ม{edit.KIND_NAMES[kind]}แล้ว")
        return dialog.saved

    def add_dimension(self) -> int | None:
        dialog = edit.NodeDialog("เพิ่มมิติ", "dimension", lambda v: self._run_or_raise(
            lambda s: strategy.add_dimension(s, self.plan_id, **v)),
            number=self._next_number(self.model.plan.dimensions), parent=self)
        return self._add("dimension", dialog)

    def add_goal(self) -> int | None:
        dim_id = self.model.ancestor(self.tree.currentIndex(), "dimension")
        if dim_id is None:
            return None
        dialog = edit.NodeDialog(f"เพิ่มเป้าประสงค์ (CSF) ในมิติที่ {self._dimension(dim_id).number}", "goal",
                                 lambda v: self._run_or_raise(lambda s: strategy.add_goal(s, dim_id, **v)),
                                 number=self._next_number(self._dimension(dim_id).goals), parent=self)
        return self._add("goal", dialog)

    def add_project(self) -> int | None:
        goal_id = self.model.ancestor(self.tree.currentIndex(), "goal")
        if goal_id is None:
            return None
        values = lambda v: {k: v[k] for k in ("number", "name")}  # noqa: E731
        dialog = edit.NodeDialog(f"เพิ่มแผนงาน/โครงการใน CSF {self._goal(goal_id).number}", "project",
                                 lambda v: self._run_or_raise(lambda s: strategy.add_project(s, goal_id, **values(v))),
                                 number=self._next_number(self._goal(goal_id).projects), parent=self)
        return self._add("project", dialog)

    def add_kpi(self) -> int | None:
        index = self.tree.currentIndex()
        project_id, dim_id = self.model.ancestor(index, "project"), self.model.ancestor(index, "dimension")
        if project_id is None:
            return None
        dim = self._dimension(dim_id)
        number = f"{dim.number}.{sum(len(g.kpis) for g in dim.goals) + 1}"
        dialog = edit.KpiDialog(f"เพิ่มตัวชี้วัดใน “{self._project(project_id).name}”", lambda v: self._run_or_raise(
            lambda s: strategy.add_kpi(s, project_id, **v)), number=number, parent=self)
        return self._add("kpi", dialog)

    def edit_selected(self) -> bool:
        kind, row_id = self.selection()
        if kind is None:
            return False
        if kind == "kpi":
            kpi = self.model.plan.kpi(row_id)
            before = edit.kpi_fields(kpi)
            dialog = edit.KpiDialog(f"ตัวชี้วัด {kpi.number}", lambda v: self._update(kind, row_id, before, v),
                                    kpi=kpi, parent=self)
        else:
            node = {"dimension": self._dimension, "goal": self._goal, "project": self._project}[kind](row_id)
            weight = getattr(node, "weight", None)
            before = {"number": node.number, "name": node.name, **({"weight": weight} if weight is not None else {})}
            dialog = edit.NodeDialog(f"แก้ไข{edit.KIND_NAMES[kind]}", kind,
                                     lambda v: self._update(kind, row_id, before, v), number=node.number,
                                     name=node.name, weight=weight, parent=self)
        if dialog.exec() != dialog.DialogCode.Accepted or not dialog.saved:
            return False
        self.refresh((kind, row_id))
        return True

    def _update(self, kind: str, row_id: int, before: dict, values: dict) -> bool:
        """Push the fields that changed (weights compared as numbers); False when nothing did."""
        changed = {k: v for k, v in values.items() if not _same(before.get(k), v)}
        if not changed:
            return False
        name = values.get("name") or before.get("name")
        command = edit.UpdateNodeCommand(self, kind, row_id, before, changed,
                                         f"แก้ไข{edit.KIND_NAMES[kind]} “{name}”")
        if not push(self.undo_stack, command):
            raise PlanDeskError(self.last_error)
        return True

    def delete_selected(self, confirm: bool = True) -> bool:
        kind, row_id = self.selection()
        if kind is None:
            return False
        label = self.tree.currentIndex().siblingAtColumn(0).data()
        if confirm:
            answer = QMessageBox.question(
                self, f"ลบ{edit.KIND_NAMES[kind]}",
                f"ลบ “{label}” พร้อมรายการย่อยและผลการดำเนินงานทุกรอบของตัวชี้วัดที่อยู่ภายใต้หรือไม่?\n"
                "การลบเลิกทำไม่ได้")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        deleter = {"dimension": strategy.delete_dimension, "goal": strategy.delete_goal,
                   "project": strategy.delete_project, "kpi": strategy.delete_kpi}[kind]
        if self.run(lambda s: deleter(s, row_id) or True) is None:
            return False
        self.undo_stack.clear()   # the history may name what was just deleted
        parent = self.tree.currentIndex().parent()
        self.refresh((parent.data(KIND_ROLE), parent.data(ID_ROLE)) if parent.isValid() else None)
        self.sig_message.emit(f"ลบ “{label}” แล้ว")
        return True


def _same(before, after) -> bool:
    if before == after:
        return True
    from decimal import Decimal, InvalidOperation

    if isinstance(before, Decimal):
        try:
            return Decimal(str(after).replace(",", "")) == before
        except InvalidOperation:
            return False
    if isinstance(before, (list, tuple)) and isinstance(after, (list, tuple)):
        return list(before) == list(after)
    return False
