"""Marking months in the grid with the mouse and the keyboard, committed and undoable."""
import datetime as dt

from PySide6.QtCore import Qt

from tests.ui.helpers import cell_center, drag, item_by_number, month_col, stored_months

D = dt.date


def test_drag_marks_a_span_then_drag_from_a_marked_cell_clears(qtbot, editor):
    item = item_by_number(editor, "1.1.1)")  # seed: ต.ค. 66 only
    assert stored_months(editor, item) == {D(2023, 10, 1)}
    drag(qtbot, editor, item, month_col(editor, 2023, 11), item, month_col(editor, 2024, 2))
    expected = {D(2023, 10, 1), D(2023, 11, 1), D(2023, 12, 1), D(2024, 1, 1), D(2024, 2, 1)}
    assert stored_months(editor, item) == expected
    # Starting on a marked month clears instead.
    drag(qtbot, editor, item, month_col(editor, 2023, 12), item, month_col(editor, 2024, 1))
    assert stored_months(editor, item) == {D(2023, 10, 1), D(2023, 11, 1), D(2024, 2, 1)}
    # One undo step per drag.
    editor.model.undo_stack.undo()
    assert stored_months(editor, item) == expected
    editor.model.undo_stack.undo()
    assert stored_months(editor, item) == {D(2023, 10, 1)}


def test_drag_over_several_rows_marks_each_activity_and_skips_headings(qtbot, editor):
    first, last = item_by_number(editor, "1.1.2)"), item_by_number(editor, "1.2.1)")
    heading = item_by_number(editor, "1.2)")
    drag(qtbot, editor, first, month_col(editor, 2024, 6), last, month_col(editor, 2024, 7))
    june, july = D(2024, 6, 1), D(2024, 7, 1)
    for number in ("1.1.2)", "1.1.3)", "1.2.1)"):
        assert {june, july} <= stored_months(editor, item_by_number(editor, number)), number
    assert stored_months(editor, heading) == set()
    assert editor.model.data(editor.model.index_of(heading, month_col(editor, 2024, 6)),
                             Qt.ItemDataRole.UserRole + 1) == "rollup"


def test_click_toggles_one_month(qtbot, editor):
    item = item_by_number(editor, "3.1.6)")  # quarterly: ธ.ค. มี.ค. มิ.ย. ก.ย.
    quarterly = {D(2023, 12, 1), D(2024, 3, 1), D(2024, 6, 1), D(2024, 9, 1)}
    assert stored_months(editor, item) == quarterly
    viewport = editor.view.viewport()
    pos = cell_center(editor, item, month_col(editor, 2024, 3))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert stored_months(editor, item) == quarterly - {D(2024, 3, 1)}
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert stored_months(editor, item) == quarterly


def test_keyboard_space_marks_selected_months_and_delete_clears(qtbot, editor):
    item = item_by_number(editor, "1.2.2)")  # ม.ค. 67
    view = editor.view
    editor.select_item(item, month_col(editor, 2024, 3))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    span = {D(2024, 3, 1), D(2024, 4, 1), D(2024, 5, 1)}
    assert stored_months(editor, item) == {D(2024, 1, 1)} | span
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored_months(editor, item) == {D(2024, 1, 1)}


def test_heading_months_are_refused_with_a_message(qtbot, editor, window):
    heading = item_by_number(editor, "1)")
    messages = []
    editor.sig_message.connect(messages.append)
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=cell_center(editor, heading, month_col(editor, 2024, 8)))
    assert stored_months(editor, heading) == set()
    assert any("หัวข้อไม่มีเดือน" in m for m in messages)
    assert editor.model.undo_stack.count() == 0
