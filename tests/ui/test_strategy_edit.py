"""Editing a strategy plan's structure from its screen: add, rename, reweigh, redefine a KPI, delete,
a new plan from the File menu; bad input refused in Thai with nothing saved; undo of result and definition edits."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.models.strategy import StrategyKpi, StrategyPlan
from app.services import strategy
from app.ui import strategy_tree_edit as edit
from app.ui.navigator import STRATEGY_ID_ROLE
from tests.ui.conftest import ARTIFACTS
from tests.ui.test_strategy_ui import _strategy_item, strategy_window  # noqa: F401  (fixture)


@pytest.fixture
def screen(strategy_window):  # noqa: F811
    win = strategy_window
    win.navigator.setCurrentItem(_strategy_item(win.navigator))
    screen = win.stack.currentWidget()
    screen.round_combo.setCurrentIndex(screen.round_combo.findText("รอบ ๖ เดือน"))
    return screen


class Filler:
    """Stands in for QDialog.exec: fills the real dialog, presses its real OK, and records what it saw."""

    def __init__(self, monkeypatch, cls, *steps, screenshot: str | None = None):
        self.steps, self.seen, self.screenshot = list(steps), [], screenshot
        monkeypatch.setattr(cls, "exec", lambda dialog: self(dialog))

    def __call__(self, dialog) -> int:
        dialog.show()
        for fill in self.steps:
            fill(dialog)
            dialog.accept()
            self.seen.append(dialog.error.text() if dialog.error.isVisible() else "")
            if dialog.result() == QDialog.DialogCode.Accepted:
                break
        if self.screenshot:
            ARTIFACTS.mkdir(exist_ok=True)
            dialog.grab().save(str(ARTIFACTS / self.screenshot))
        if dialog.result() != QDialog.DialogCode.Accepted:
            dialog.reject()
        return dialog.result()


def node(number="", name="", weight=""):
    def fill(d):
        d.number_edit.setText(number)
        d.name_edit.setText(name)
        d.weight_edit.setText(weight)
    return fill


def kpi_fill(**fields):
    def fill(d):
        for key, value in fields.items():
            if key == "targets":
                for edit_, text in zip(d.target_edits, value):
                    edit_.setText(text)
            elif key == "steps":
                d.steps_edit.setPlainText("\n".join(value))
            elif key == "milestones":
                d.type_combo.setCurrentIndex(d.type_combo.findData("milestones" if value else "levels"))
            elif key == "interpolate":
                d.interpolate_check.setChecked(value)
            else:
                widget = getattr(d, {"unit_of_measure": "unit_edit", "reporting_unit": "reporting_edit"}.get(
                    key, f"{key}_edit"))
                widget.setPlainText(value) if hasattr(widget, "setPlainText") else widget.setText(value)
    return fill


def select(screen, kind, row_id):
    screen.tree.setCurrentIndex(screen.model.node_index(kind, row_id))


def count(ws, cls) -> int:
    with ws.session() as s:
        return s.query(cls).count()


def test_add_a_dimension_goal_project_and_kpi_with_weight_problems_shown(qtbot, monkeypatch, screen):
    ws, plan = screen.ws, screen.model.plan
    assert screen.problems_label.isHidden()
    Filler(monkeypatch, edit.NodeDialog, node("6", "ด้านนวัตกรรม", "10"))
    dim_id = screen.act_add_dimension.trigger() or screen.selection()[1]
    assert screen.selection() == ("dimension", dim_id)
    assert screen.tree.currentIndex().data() == "มิติที่ 6 ด้านนวัตกรรม"
    # not blocking: shown above the tree
    assert "น้ำหนักของมิติรวมกันได้ 110 ต้องเท่ากับ 100" in screen.problems_label.text()
    assert screen.problems_label.isVisible()
    assert not screen.act_add_kpi.isEnabled() and screen.act_add_goal.isEnabled()

    Filler(monkeypatch, edit.NodeDialog, node("1", "ระบบงานดิจิทัล", "100"))
    screen.act_add_goal.trigger()
    kind, goal_id = screen.selection()
    assert kind == "goal" and screen.tree.currentIndex().data() == "CSF 1. ระบบงานดิจิทัล"
    filler = Filler(monkeypatch, edit.NodeDialog, node("1", "โครงการพัฒนาระบบสารสนเทศ"))
    screen.act_add_project.trigger()
    kind, project_id = screen.selection()
    assert kind == "project"
    filler = Filler(monkeypatch, edit.KpiDialog, kpi_fill(
        name="ร้อยละของงานที่ใช้ระบบดิจิทัล", owner="ศทส.", reporting_unit="ศูนย์เทคโนโลยีสารสนเทศ",
        unit_of_measure="ร้อยละ", weight="100", targets=["60", "65", "70", "75", "80"],
        steps=["สำรวจงาน", "พัฒนาระบบ", "ใช้งานจริง"], formula="งานที่ใช้ระบบ × 100 / งานทั้งหมด"),
        screenshot="strategy_kpi_dialog.png")
    screen.act_add_kpi.trigger()
    assert filler.seen == [""]
    kind, kpi_id = screen.selection()
    assert kind == "kpi"
    with ws.session() as s:
        kpi = strategy.load_plan(s, plan.id).kpi(kpi_id)
    assert kpi.number == "6.1"       # suggested from the dimension's number
    assert kpi.targets == ("60", "65", "70", "75", "80") and kpi.weight == Decimal(100)
    assert kpi.steps == ("สำรวจงาน", "พัฒนาระบบ", "ใช้งานจริง") and kpi.owner == "ศทส."
    assert kpi.scheme["type"] == "levels" and kpi.scheme["interpolate"] is False
    # the new KPI is open in the result editor, ready for its result
    assert screen.editor.kpi.id == kpi_id and screen.editor.isEnabled()
    assert len(screen.editor.step_checks) == 3
    screen.editor.result_edit.setText("70")
    screen.editor.result_edit.editingFinished.emit()
    assert screen.model.kpi_index(kpi_id).siblingAtColumn(4).data() == "3"


def test_bad_input_is_refused_in_thai_and_nothing_is_saved(qtbot, monkeypatch, screen):
    ws = screen.ws
    before = count(ws, StrategyKpi)
    project = screen.model.plan.projects[0]
    select(screen, "project", project.id)
    filler = Filler(monkeypatch, edit.KpiDialog,
                    kpi_fill(name="ตัวชี้วัดทดลอง", weight="ห้าสิบ", targets=["1", "2", "3", "4", "5"]),
                    kpi_fill(weight="50", targets=["5", "4", "3", "2", "1"]),
                    kpi_fill(targets=["1", "2", "3", "4", "ห้า"]),
                    kpi_fill(name="", targets=["1", "2", "3", "4", "5"]))
    assert screen.add_kpi() is None
    assert filler.seen[0] == "น้ำหนักของตัวชี้วัด “ตัวชี้วัดทดลอง” “ห้าสิบ” ไม่ใช่ตัวเลข"
    assert filler.seen[1] == ("ตัวชี้วัด “ตัวชี้วัดทดลอง”: ค่าเป้าหมายต้องเรียงตามระดับ: ระดับที่ 2 (4) "
                              "ต้องมากกว่าระดับที่ 1 (5)")
    assert "ห้า" in filler.seen[2]
    assert filler.seen[3] == "กรุณาระบุชื่อตัวชี้วัด"
    assert all(filler.seen) and count(ws, StrategyKpi) == before

    dim = screen.model.plan.dimensions[0]
    select(screen, "dimension", dim.id)
    filler = Filler(monkeypatch, edit.NodeDialog, node("1", dim.name, "150"))
    assert screen.edit_selected() is False
    assert filler.seen == [f"น้ำหนักของมิติ “{dim.name}” 150 ต้องอยู่ระหว่าง 0 ถึง 100"]
    with ws.session() as s:
        assert strategy.load_plan(s, screen.plan_id).dimensions[0].weight == dim.weight
    assert screen.undo_stack.count() == 0


def test_rename_reweigh_and_redefine_then_undo(qtbot, monkeypatch, screen):
    win = screen.window()
    assert screen.total_label.text() == "คะแนนHR Scorecard 28.83 จาก 100"
    goal = screen.model.plan.dimensions[0].goals[0]
    select(screen, "goal", goal.id)
    Filler(monkeypatch, edit.NodeDialog, node(goal.number, "สร้างและแบ่งปันองค์ความรู้", "40"))
    assert screen.edit_selected() is True
    assert screen.tree.currentIndex().data() == f"CSF {goal.number}. สร้างและแบ่งปันองค์ความรู้"
    assert "น้ำหนักของเป้าประสงค์ (CSF) รวมกันได้ 90" in screen.problems_label.text()

    # KPI 2.2 "ทราบผล…" → its targets changed to words-free numbers; then a result scores on them
    kpi = next(k for k in screen.model.plan.kpis if k.number == "3.3")
    select(screen, "kpi", kpi.id)
    old_score = screen.model.kpi_index(kpi.id).siblingAtColumn(4).data()
    filler = Filler(monkeypatch, edit.KpiDialog, kpi_fill(targets=["10", "11", "12", "13", "14"], owner="กพร."))
    screen.act_edit.trigger()
    assert filler.seen == [""]
    with screen.ws.session() as s:
        changed = strategy.load_plan(s, screen.plan_id).kpi(kpi.id)
    assert changed.targets == ("10", "11", "12", "13", "14") and changed.owner == "กพร."
    assert changed.steps == kpi.steps and changed.formula == kpi.formula   # untouched fields stay
    assert screen.undo_stack.count() == 2
    assert win.undo_group.activeStack() is screen.undo_stack
    assert win.act_undo.text().startswith("เลิกทำ")

    win.act_undo.trigger()       # Edit › เลิกทำ: the KPI's definition
    with screen.ws.session() as s:
        assert strategy.load_plan(s, screen.plan_id).kpi(kpi.id).targets == kpi.targets
    assert screen.model.kpi_index(kpi.id).siblingAtColumn(4).data() == old_score
    win.act_undo.trigger()       # the goal's name and weight
    assert screen.total_label.text() == "คะแนนHR Scorecard 28.83 จาก 100"
    with screen.ws.session() as s:
        back = strategy.load_plan(s, screen.plan_id).dimensions[0].goals[0]
    assert (back.name, back.weight) == (goal.name, goal.weight)
    assert screen.problems_label.isHidden()
    win.act_redo.trigger()
    assert screen.model.node_index("goal", goal.id).data() == f"CSF {goal.number}. สร้างและแบ่งปันองค์ความรู้"


def test_result_edits_are_undoable(qtbot, screen):
    win = screen.window()
    kpi_id = next(k.id for k in screen.model.plan.kpis if k.number == "2.2")
    screen.select_kpi(kpi_id)
    editor = screen.editor
    editor.result_edit.setText("85")
    editor.result_edit.editingFinished.emit()
    editor.budget_edit.setText("1,000.50")
    editor.budget_edit.editingFinished.emit()
    assert screen.total_label.text() == "คะแนนHR Scorecard 31.83 จาก 100"
    assert [screen.undo_stack.text(i) for i in range(screen.undo_stack.count())] == [
        "ตัวชี้วัด 2.2: ผลการดำเนินงาน", "ตัวชี้วัด 2.2: ผลการเบิกจ่ายงบประมาณ"]
    win.act_undo.trigger()
    assert editor.budget_edit.text() == "" and editor.result_edit.text() == "85"
    win.act_undo.trigger()
    assert editor.result_edit.text() == "ทราบผล เดือน ก.ย. ๖๖"
    assert screen.total_label.text() == "คะแนนHR Scorecard 28.83 จาก 100"
    with screen.ws.session() as s:
        assert strategy.get_result(s, kpi_id, screen.model.round_id).score is None
    # undo from another round brings its round back on screen
    screen.round_combo.setCurrentIndex(screen.round_combo.findText("รอบ ๙ เดือน"))
    win.act_redo.trigger()
    assert screen.round_combo.currentText() == "รอบ ๖ เดือน"
    assert editor.result_edit.text() == "85" and screen.total_label.text() == "คะแนนHR Scorecard 31.83 จาก 100"
    # a refused result is not put on the stack
    editor.result_edit.setText("ดีมาก")
    editor.result_edit.editingFinished.emit()
    assert "ไม่ใช่ทั้งตัวเลข" in editor.error_label.text() and screen.undo_stack.index() == 1


def test_delete_asks_first(qtbot, monkeypatch, screen):
    ws = screen.ws
    kpi = next(k for k in screen.model.plan.kpis if k.number == "3.4")
    select(screen, "kpi", kpi.id)
    screen.editor.result_edit.setText("2")
    screen.editor.result_edit.editingFinished.emit()
    assert screen.undo_stack.count() == 1
    asked = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    before = count(ws, StrategyKpi)
    assert screen.delete_selected() is False
    assert count(ws, StrategyKpi) == before and "เลิกทำไม่ได้" in asked[0] and "3.4" in asked[0]
    answer = QMessageBox.StandardButton.Yes
    assert screen.act_delete.isEnabled()
    screen.act_delete.trigger()
    assert count(ws, StrategyKpi) == before - 1
    assert not screen.model.kpi_index(kpi.id).isValid()
    assert screen.undo_stack.count() == 0
    assert screen.selection()[0] == "project"      # the parent is selected after
    # a whole dimension goes with its goals, projects and KPIs
    dim = screen.model.plan.dimensions[-1]
    select(screen, "dimension", dim.id)
    assert screen.delete_selected() is True
    assert count(ws, StrategyKpi) == before - 1 - sum(len(g.kpis) for g in dim.goals)
    assert "น้ำหนักของมิติรวมกันได้" in screen.problems_label.text()


def test_context_menu_offers_the_tree_actions(qtbot, monkeypatch, screen):
    kpi_index = screen.model.kpi_index(screen.model.plan.kpis[0].id)
    screen.tree.scrollTo(kpi_index)
    menu = screen.tree_menu(screen.tree.visualRect(kpi_index).center())
    assert screen.selection() == ("kpi", screen.model.plan.kpis[0].id)
    shown = [(a.text(), a.isEnabled()) for a in menu.actions() if a.text()]
    assert shown == [("เพิ่มมิติ", True), ("เพิ่ม CSF", True), ("เพิ่มโครงการ", True), ("เพิ่มตัวชี้วัด", True),
                     ("แก้ไข…", True), ("ลบ…", True)]
    assert screen.tree.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    dim_index = screen.model.node_index("dimension", screen.model.plan.dimensions[0].id)
    menu = screen.tree_menu(screen.tree.visualRect(dim_index).center())
    assert [a.text() for a in menu.actions() if a.text() and not a.isEnabled()] == ["เพิ่มโครงการ", "เพิ่มตัวชี้วัด"]


def test_new_strategy_plan_from_the_file_menu(qtbot, monkeypatch, strategy_window):  # noqa: F811
    win = strategy_window
    assert win.act_new_strategy in win.menuBar().actions()[0].menu().actions()

    def fill(title, preset):
        def f(d):
            d.unit_combo.setCurrentText("กลุ่มพัฒนาระบบบริหาร")
            d.year_spin.setValue(2568)
            d.title_edit.setText(title)
            d.scorecard_edit.setText("PMQA")
            d.preset_combo.setCurrentText(preset)
        return f

    filler = Filler(monkeypatch, edit.NewStrategyPlanDialog, fill("", "4/6/9"), fill("แผนกลยุทธ์ ๒๕๖๘", "6/12"))
    win.act_new_strategy.trigger()
    assert filler.seen == ["กรุณาระบุชื่อแผนกลยุทธ์", ""]
    with win.ws.session() as s:
        assert s.query(StrategyPlan).count() == 2
    screen = win.stack.currentWidget()
    assert type(screen).__name__ == "StrategyScreen" and screen.model.plan.title == "แผนกลยุทธ์ ๒๕๖๘"
    assert [screen.round_combo.itemText(i) for i in range(screen.round_combo.count())] == ["รอบ ๖ เดือน",
                                                                                           "รอบ ๑๒ เดือน"]
    assert win.navigator.currentItem().data(0, STRATEGY_ID_ROLE) == screen.plan_id

    # a plan with no rounds yet still shows its structure and can be built
    Filler(monkeypatch, edit.NewStrategyPlanDialog, fill("แผนไม่มีรอบ", edit.NO_ROUNDS))
    win.act_new_strategy.trigger()
    bare = win.stack.currentWidget()
    assert bare.round_combo.count() == 0 and bare.model.round_id is None
    Filler(monkeypatch, edit.NodeDialog, node("1", "ด้านเดียว", "100"))
    bare.act_add_dimension.trigger()
    assert bare.tree.currentIndex().data() == "มิติที่ 1 ด้านเดียว"
    assert not bare.editor.isEnabled()
    assert "เป้าประสงค์ (CSF) รวมกันได้ 0" in bare.problems_label.text()
    qtbot.keyClick(bare.tree, Qt.Key.Key_Down)   # nothing below: stays put quietly
