"""Row editing in the real editor: structure, text, budget, undo/redo, filter, clipboard."""
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from app.services import plans
from tests.ui.helpers import item_by_number, item_by_title, stored_row, type_text


def wait_editor_closed(qtbot, editor):
    # QStyledItemDelegate commits a QLineEdit on Enter through a queued call.
    qtbot.waitUntil(lambda: editor.view.state() != editor.view.State.EditingState, timeout=2000)


def outline(editor):
    with editor.model.ws.session() as session:
        rows = plans.load_rows(session, editor.model.plan_id)
    from app.services.numbering import numbers_for_rows
    nums = numbers_for_rows(rows)
    return {row.id: nums[row.id] for row in rows}


def test_indent_outdent_with_undo_and_redo(qtbot, editor, window):
    item = item_by_number(editor, "1.1.2)")
    editor.select_item(item)
    window.act_indent.trigger()
    assert editor.model.number(item) == "1.1.1.1)"
    assert outline(editor)[item] == "1.1.1.1)"          # committed, numbering follows
    assert editor.model.number(item_by_title(editor, "ประชาสัมพันธ์คู่มือสำหรับประชาชนให้")) == "1.1.2)"
    window.act_undo.trigger()
    assert outline(editor)[item] == "1.1.2)"
    window.act_redo.trigger()
    assert outline(editor)[item] == "1.1.1.1)"
    editor.select_item(item)
    window.act_outdent.trigger()
    assert outline(editor)[item] == "1.1.2)"
    # Keyboard shortcuts reach the same actions.
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert outline(editor)[item] == "1.1.1.1)"
    history = [editor.model.undo_stack.text(i) for i in range(editor.model.undo_stack.count())]
    assert history == ["เยื้องเข้า", "เยื้องออก", "เยื้องเข้า"]


def test_move_up_down_and_refusal_at_the_top(qtbot, editor, window):
    first = item_by_number(editor, "1.1.1)")
    messages = []
    editor.sig_message.connect(messages.append)
    editor.select_item(first)
    window.act_up.trigger()
    assert "เลื่อนขึ้นไม่ได้" in messages[-1]
    assert outline(editor)[first] == "1.1.1)"
    window.act_down.trigger()
    assert outline(editor)[first] == "1.1.2)"
    assert editor.current_item_id() == first


def test_type_a_title_in_place_and_it_is_committed(qtbot, editor):
    item = item_by_number(editor, "1.2.3)")
    editor.select_item(item, 0)
    view = editor.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    field = view.focusWidget()
    assert isinstance(field, QPlainTextEdit)
    field.selectAll()
    type_text(field, "เสนออธิบดีลงนามในประกาศ")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert stored_row(editor, item).title == "เสนออธิบดีลงนามในประกาศ"
    assert editor.model.data(editor.model.index_of(item, 0)) == "1.2.3) เสนออธิบดีลงนามในประกาศ"


@pytest.mark.parametrize("typed, expected", [("1,050.00", "1050.00"), ("1050", "1050.00"),
                                              ("1050.5", "1050.50"), ("-", None), ("", None)])
def test_budget_entry_forms(qtbot, editor, typed, expected):
    item = item_by_number(editor, "1.2.2)")
    column = editor.model.column_of("budget")
    editor.select_item(item, column)
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    field = editor.view.focusWidget()
    assert isinstance(field, QLineEdit)
    field.setText(typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_editor_closed(qtbot, editor)
    stored = stored_row(editor, item).budget
    assert (None if stored is None else str(stored)) == expected


def test_bad_budget_is_refused_with_a_thai_message_and_nothing_changes(qtbot, editor, window):
    item = item_by_number(editor, "2.1.10)")
    before = stored_row(editor, item)
    errors = []
    editor.model.sig_error.connect(lambda msg, item_id, col: errors.append((msg, item_id, col)))
    column = editor.model.column_of("budget")
    editor.select_item(item, column)
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    field = editor.view.focusWidget()
    field.setText("สี่หมื่น")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_editor_closed(qtbot, editor)
    assert stored_row(editor, item) == before
    assert errors and errors[0][1:] == (item, column)
    assert "งบประมาณ" in errors[0][0] and "สี่หมื่น" in errors[0][0]
    assert "งบประมาณ" in window.statusBar().currentMessage()
    assert editor.model.undo_stack.count() == 0
    # The message stays at the cell after the editor has closed.
    from PySide6.QtWidgets import QToolTip
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    qtbot.wait(100)
    assert QToolTip.isVisible() and "2.1.10)" in QToolTip.text() and "สี่หมื่น" in QToolTip.text()
    assert editor.model.total() == Decimal("62960.00")


def test_heading_budget_shows_subtotal_and_total_follows_edits(qtbot, editor, window):
    model = editor.model
    heading = item_by_number(editor, "2.1)")
    budget_col = model.column_of("budget")
    assert model.data(model.index_of(heading, budget_col)) == "49,030.00"
    assert not model.flags(model.index_of(heading, budget_col)) & Qt.ItemFlag.ItemIsEditable
    item = item_by_number(editor, "2.1.10)")
    assert model.setData(model.index_of(item, budget_col), "40,000.00")
    assert model.data(model.index_of(heading, budget_col)) == "47,030.00"
    assert "60,960.00" in window.total_label.text()
    window.act_undo.trigger()
    assert "62,960.00" in window.total_label.text()


def test_insert_below_child_and_delete_with_undo(qtbot, editor, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    parent = item_by_number(editor, "2.2.2)")  # has three bullets
    editor.select_item(item_by_number(editor, "2.2.1)"))
    window.act_insert_below.trigger()
    new_id = editor.current_item_id()
    type_text(editor.view.focusWidget(), "กิจกรรมใหม่")
    qtbot.keyClick(editor.view.focusWidget(), Qt.Key.Key_Return)
    assert editor.model.number(new_id) == "2.2.2)"
    assert stored_row(editor, new_id).title == "กิจกรรมใหม่"
    assert editor.model.number(parent) == "2.2.3)"
    editor.select_item(new_id)
    window.act_add_child.trigger()
    child = editor.current_item_id()
    assert editor.model.row(child).kind.value == "bullet" and editor.model.number(child) == "-"
    # Deleting a row with children asks first; "No" changes nothing.
    editor.select_item(parent)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.act_delete.trigger()
    assert stored_row(editor, parent) is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.act_delete.trigger()
    assert stored_row(editor, parent) is None
    bullets = [r for r in outline(editor)]
    window.act_undo.trigger()
    restored = stored_row(editor, parent)
    assert restored is not None and restored.title == "เปิดรับสมัครรางวัลทุกประเภทรางวัล"
    assert len(editor.model.children_of(parent)) == 3
    assert len(outline(editor)) == len(bullets) + 4


def test_duplicate_and_copy_paste_rows_keep_budgets(qtbot, editor, window):
    source = item_by_number(editor, "2.2.5)")  # two bullets: 1,540.00 + 1,890.00
    editor.select_item(source)
    window.act_copy.trigger()
    text = QApplication.clipboard().text()
    assert text.splitlines()[0].startswith("2.2.5) ยืนยันผลการพิจารณาตรวจประเมิน")
    assert "1,540.00" in text
    editor.select_item(item_by_number(editor, "2.2.7)"))
    window.act_paste.trigger()
    pasted = editor.current_item_id()
    assert editor.model.number(pasted) == "2.2.8)"
    assert len(editor.model.children_of(pasted)) == 2
    assert editor.model.total() == Decimal("62960.00") + Decimal("3430.00")
    window.act_duplicate.trigger()
    assert editor.model.number(editor.current_item_id()) == "2.2.9)"
    with editor.model.ws.session() as session:
        assert plans.plan_total(session, editor.model.plan_id) == Decimal("62960.00") + 2 * Decimal("3430.00")
    window.act_undo.trigger()
    window.act_undo.trigger()
    with editor.model.ws.session() as session:
        assert plans.plan_total(session, editor.model.plan_id) == Decimal("62960.00")


def test_filter_by_text_and_by_responsible_unit(qtbot, editor):
    editor.set_filter("e-SAR")
    proxy = editor.proxy
    # 3) › 3.1) › 3.1.9) only
    assert proxy.rowCount() == 1
    top = proxy.index(0, 0)
    assert proxy.data(top).startswith("3)")
    assert proxy.rowCount(top) == 1
    assert proxy.rowCount(proxy.index(0, 0, top)) == 1
    assert editor._visible_count() == 3
    editor.set_filter(unit="กพร.")
    shown = []
    def walk(parent):
        for r in range(proxy.rowCount(parent)):
            index = proxy.index(r, 0, parent)
            shown.append(proxy.data(index).split(")")[0] + ")")
            walk(index)
    walk(top.parent())
    # 3.1.3) is "ผู้บริหารกรมปศุสัตว์/เจ้าภาพตัวชี้วัด/กพร.", 3.1.9) "กพร./เจ้าภาพตัวชี้วัด".
    assert shown == ["3)", "3.1)", "3.1.3)", "3.1.9)"]
    editor.set_filter()
    assert editor._visible_count() == len(editor.model.item_ids())


def test_copy_plan_to_next_year_from_the_menu(qtbot, window):
    new_id = window.copy_to_next_year()
    assert new_id
    assert new_id in window.navigator.plan_ids()
    editor = window.open_plan(new_id)
    assert editor.model.info.be_year == 2568
    assert editor.model.info.title == "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2568 ของกลุ่มพัฒนาระบบบริหาร"
    assert editor.model.total() == Decimal("62960.00")
    assert editor.model.month_count == 14


def test_change_row_kind_and_refusal_for_an_activity_with_a_budget(qtbot, editor, window):
    from app.models import ItemKind

    model = editor.model
    item = item_by_number(editor, "2.2.5)")  # no budget or months of its own; bullets 1,540 + 1,890
    editor.select_item(item)
    window.act_kinds[ItemKind.HEADING].trigger()
    assert stored_row(editor, item).kind == ItemKind.HEADING
    assert model.data(model.index_of(item, model.column_of("budget"))) == "3,430.00"
    assert model.total() == Decimal("62960.00")
    funded = item_by_number(editor, "2.1.10)")
    editor.select_item(funded)
    errors = []
    model.sig_error.connect(lambda msg, *_: errors.append(msg))
    window.act_kinds[ItemKind.HEADING].trigger()
    assert stored_row(editor, funded).kind == ItemKind.ACTIVITY
    assert errors and "หัวข้อ" in errors[-1]
    assert model.undo_stack.count() == 1
