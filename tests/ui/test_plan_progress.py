"""The plan grid's progress view (seed 003): actual months by click, statuses in the panel, undo."""
import datetime as dt

from PySide6.QtCore import Qt

from app.services import progress
from app.services.demo_progress import build_demo_progress
from app.ui.plan_model import ACTUAL_ROLE
from tests.ui.conftest import ARTIFACTS
from tests.ui.helpers import cell_center, drag, item_by_number, month_col, stored_months

D = dt.date


def stored_progress(editor, item_id: int) -> progress.ItemProgress:
    with editor.model.ws.session() as session:
        return progress.get_progress(session, item_id)


def open_progress_plan(window):
    with window.ws.transaction() as session:
        plan_id = build_demo_progress(session)
    window.refresh_navigator(select_plan_id=plan_id)
    editor = window.open_plan(plan_id)
    assert editor is not None and window.current_editor() is editor
    return editor


def status_text(editor, item_id: int) -> str:
    model = editor.model
    return model.data(model.index_of(item_id, model.status_column), Qt.ItemDataRole.DisplayRole) or ""


def test_progress_view_marks_actual_months_and_sets_status(qtbot, window):
    editor = open_progress_plan(window)
    model, view = editor.model, editor.view
    status_column = model.status_column
    assert view.isColumnHidden(status_column) and not editor.progress_panel.isVisible()
    second = item_by_number(editor, "1.2)")  # activity 2: planned ต.ค.66–ก.ค.67, done ก.พ.67
    assert model.data(model.index_of(second, month_col(editor, 2024, 2)), ACTUAL_ROLE) is None  # hidden

    editor.progress_button.click()  # the toggle in the bar
    assert editor.act_progress.isChecked() and model.show_progress
    assert not view.isColumnHidden(status_column) and editor.progress_panel.isVisible()
    assert view.header().visualIndex(status_column) == 1  # right after the activity
    assert status_text(editor, second) == "✓ดำเนินการแล้ว · ตามเป้า"
    assert status_text(editor, item_by_number(editor, "1)")) == "ดำเนินการแล้ว 3/3"
    assert model.data(model.index_of(second, month_col(editor, 2024, 2)), ACTUAL_ROLE) is True
    assert "แถบสีเขียว" in window.statusBar().currentMessage()

    # A click in a month cell now records an actual month; the plan's months stay as they are.
    planned = stored_months(editor, second)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell_center(editor, second, month_col(editor, 2024, 3)))
    assert stored_progress(editor, second).actual_months == {D(2024, 2, 1), D(2024, 3, 1)}
    assert stored_months(editor, second) == planned
    # A drag records a span.
    fourth = item_by_number(editor, "2.1)")  # activity 4: no actual month yet
    drag(qtbot, editor, fourth, month_col(editor, 2024, 1), fourth, month_col(editor, 2024, 3))
    assert stored_progress(editor, fourth).actual_months == {D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)}
    model.undo_stack.undo()
    assert stored_progress(editor, fourth).actual_months == frozenset()
    model.undo_stack.redo()
    assert stored_progress(editor, fourth).actual_months == {D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)}

    # The panel follows the selection and edits the statuses and the target.
    editor.select_item(fourth)
    panel = editor.progress_panel
    assert panel.item_id == fourth and panel.quantity.text() == "4" and panel.unit.text() == "ครั้ง"
    assert "ดำเนินการจริง: ม.ค.67 - มี.ค.67" in panel.periods.text()
    panel.done.setCurrentIndex(2)          # ยังไม่ดำเนินการ
    panel.done.activated.emit(2)
    panel.on_target.setCurrentIndex(2)     # ไม่เป็นไปตามเป้าหมาย
    panel.on_target.activated.emit(2)
    saved = stored_progress(editor, fourth)
    assert (saved.done, saved.on_target) == (False, False)
    assert status_text(editor, fourth) == "ยังไม่ดำเนินการ · ไม่ตามเป้า"
    assert status_text(editor, item_by_number(editor, "2)")) == "ดำเนินการแล้ว 0/1"
    assert window.undo_group.undoText().startswith("แก้ไข")

    # A bad target is refused with a Thai message and nothing changes.
    panel.quantity.setText("สี่")
    panel.quantity.editingFinished.emit()
    assert "ต้องเป็นตัวเลข" in editor.last_error
    assert stored_progress(editor, fourth).target_quantity == "4" and panel.quantity.text() == "4"

    model.undo_stack.undo()
    assert stored_progress(editor, fourth).on_target is True
    assert status_text(editor, fourth) == "ยังไม่ดำเนินการ · ตามเป้า"
    assert panel.on_target.currentIndex() == 1  # the panel shows the undone value
    model.undo_stack.undo()
    assert stored_progress(editor, fourth).done is True

    panel.done.setCurrentIndex(2)
    panel.done.activated.emit(2)
    editor.select_item(item_by_number(editor, "1.1)"))
    qtbot.wait(50)
    view.viewport().repaint()
    ARTIFACTS.mkdir(exist_ok=True)
    assert window.grab().toImage().save(str(ARTIFACTS / "plan_progress.png"))

    # Off again: clicks edit the plan's months once more.
    editor.set_progress_view(False)
    assert view.isColumnHidden(status_column) and not editor.progress_panel.isVisible()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell_center(editor, fourth, month_col(editor, 2024, 8)))
    assert D(2024, 8, 1) in stored_months(editor, fourth)


def test_heading_refuses_actual_months_and_delete_undo_keeps_progress(qtbot, window):
    editor = open_progress_plan(window)
    model, view = editor.model, editor.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.show_progress and editor.act_progress.isChecked()  # the shortcut toggles it too
    heading = item_by_number(editor, "1)")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell_center(editor, heading, month_col(editor, 2024, 3)))
    assert "หัวข้อ" in window.statusBar().currentMessage()
    assert stored_progress(editor, heading).actual_months == frozenset()

    third = item_by_number(editor, "1.3)")
    before = stored_progress(editor, third)
    assert before.target_text == "9 ครั้ง" and before.actual_months == {D(2024, 2, 1)}
    editor.select_item(third)
    assert editor.delete_rows(confirm=False)
    assert not model.has_item(third)
    model.undo_stack.undo()
    assert model.has_item(third)
    after = stored_progress(editor, third)
    assert after.fields() == before.fields() and after.actual_months == before.actual_months
    assert status_text(editor, third) == "✓ดำเนินการแล้ว · ตามเป้า"
