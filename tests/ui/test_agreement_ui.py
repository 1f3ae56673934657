"""The agreement screen in the real main window: navigator, framework weights, indicator tabs,
the "what if" box, undo/redo. Every change is checked in the database through a fresh session."""
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit, QToolTip

from app.services import agreements, plans
from app.ui.agreement_commands import SetCategoryCommand, SetIndicatorCommand, SetRoundTargetCommand, push
from app.ui.agreement_model import NAME_COLUMN, WEIGHT_COLUMN, AgreementModel
from app.ui.agreement_screen import AgreementScreen
from app.ui.navigator import AGREEMENTS_GROUP, ROUNDS_GROUP
from tests.ui.conftest import ARTIFACTS
from tests.ui.helpers import type_text

D = Decimal
NAMES = [
    "การขับเคลื่อนตัวชี้วัด Agenda งานบริการสำคัญของกระทรวงเกษตรและสหกรณ์ ตามมติ ครม.",
    "การขับเคลื่อนการจัดทำแนวทางปรับโครงสร้างของหน่วยงานในภูมิภาคของสำนักงานปลัดกระทรวงเกษตรและสหกรณ์",
    "ร้อยละการเบิกจ่ายงบประมาณ",
    "ร้อยละความสำเร็จการขับเคลื่อนงานตามแผนการปฏิบัติงาน",
    "การดำเนินการตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล (PDPA)",
    "การประเมินสถานะของหน่วยงานเป็นระบบราชการ 4.0 (PMQA 4.0)",
]
THREE_LEVELS = {"type": "levels", "numeric": True, "interpolate": True,
                "levels": [{"points": 50, "target": "95"}, {"points": 75, "target": "97.5"},
                           {"points": 100, "target": "100"}]}
WEIGHT_PROBLEM = "ตัวชี้วัดใน “Potential Base” มีน้ำหนักรวม 25 แต่องค์ประกอบนี้มีน้ำหนัก 30"


@pytest.fixture
def agreement(window):
    """Seed 002's framework (Performance Base 70 / Potential Base 30, weights 20/20/15/15/15/15) in
    the window's workspace, three-level numeric schemes 95/97.5/100; indicator 4 filled in."""
    with window.ws.transaction() as s:
        unit = plans.get_or_create_unit(s, "สำนักพัฒนาระบบบริหาร")
        receiver = agreements.get_or_create_person(s, "นางสาวนฤมล สงวนวงศ์", "ผู้ช่วยปลัดกระทรวงเกษตรและสหกรณ์")
        maker = agreements.get_or_create_person(s, "นางสาวอัจฉริยา จันทรวงศ์", "ผู้อำนวยการสำนักพัฒนาระบบบริหาร")
        agreement_id = agreements.create_agreement(s, unit, 2566, receiver, receiver.position, maker, maker.position,
                                                   rounds=agreements.ROUND_SETS["6/9"])
        performance = agreements.add_category(s, agreement_id, "Performance Base", 70)
        potential = agreements.add_category(s, agreement_id, "Potential Base", 30)
        ids = [agreements.add_indicator(
            s, agreement_id, performance if n <= 4 else potential, str(n), NAMES[n - 1], w, scheme=THREE_LEVELS,
            kind="continuing" if n in (1, 3, 4) else "new", owner_unit="สำนักพัฒนาระบบบริหาร",
            deduction_points=10 if n == 1 else None)
            for n, w in zip(range(1, 7), (20, 20, 15, 15, 15, 15))]
        agreements.update_indicator(
            s, ids[3], unit_of_measure="ร้อยละ", data_source="ระบบบริหารจัดการข้อมูลงบประมาณ (MBUD)",
            description="วัดผลการทำงานตามปริมาณที่กำหนดภายใต้แผนการปฏิบัติงานประจำปีงบประมาณ",
            definitions=["ทุกสำนัก/กอง จัดทำแผนการปฏิบัติงานและรายงานผลผ่านระบบ MBUD"],
            formula="(ผลการดำเนินงานที่ทำได้ × 100) ÷ ผลการดำเนินงานตามแผน",
            baseline=[{"year": 2562, "result": "94.89", "unit": "ร้อยละ"},
                      {"year": 2563, "result": "94.63", "unit": "ร้อยละ"},
                      {"year": 2564, "result": "98.93", "unit": "ร้อยละ"}],
            roadmap=[{"year": 2566, "target": "ร้อยละ 100"}, {"year": 2567, "target": "ร้อยละ 100"}])
        rounds = agreements.load_agreement(s, agreement_id).rounds
        agreements.set_round_target(s, ids[3], rounds[0].id, "สำนัก/กอง มีผลการดำเนินงานไม่น้อยกว่าร้อยละ 60",
                                    ["รายงานผลการดำเนินงานตามแผนผ่านระบบ MBUD ทุกเดือน"])
        agreements.link_person(s, ids[3], agreements.get_or_create_person(
            s, "นางสาวอัจฉริยา จันทรวงศ์", phone_office="0 2629 8959"), "supervisor")
        agreements.link_person(s, ids[3], agreements.get_or_create_person(
            s, "นายสมชาย ใจดี", "นักวิเคราะห์นโยบายและแผน", "0 2629 8960", "08 1234 5678"), "collector")
    window.refresh_navigator()
    return agreement_id, ids


def stored(window, agreement_id):
    with window.ws.session() as session:
        return agreements.load_agreement(session, agreement_id)


def stored_indicator(window, agreement_id, indicator_id):
    return next(i for i in stored(window, agreement_id).indicators if i.id == indicator_id)


def click_item(qtbot, tree, item):
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def open_from_navigator(qtbot, window, agreement_id) -> AgreementScreen:
    click_item(qtbot, window.navigator, window.navigator.agreement_item(agreement_id))
    screen = window.current_agreement_screen()
    assert screen is not None and screen.agreement_id == agreement_id
    return screen


def wait_editor_closed(qtbot, view):
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState, timeout=2000)


def edit_cell(qtbot, screen, kind, item_id, column, text):
    """F2 on the cell, replace its text, Enter (Thai typed as key events)."""
    view = screen.framework.view
    screen.framework.select(kind, item_id, column)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    field = view.focusWidget()
    assert isinstance(field, QLineEdit if column == WEIGHT_COLUMN else QPlainTextEdit)  # names may be long
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_editor_closed(qtbot, view)


def cell_text(screen, kind, item_id, column):
    model = screen.model
    return model.data(model.index_of(kind, item_id, column))


def finish(qtbot, widget, text):
    """Type into a field and leave it with Enter (a line) or by moving the focus away (text)."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        type_text(widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    else:
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        for number, line in enumerate(text.split("\n")):
            if number:
                qtbot.keyClick(widget, Qt.Key.Key_Return)
            type_text(widget, line)
        widget.clearFocus()


# ---- navigator and screen ----------------------------------------------------------------
def test_agreement_and_indicators_in_the_navigator_open_the_screen(qtbot, window, agreement):
    agreement_id, ids = agreement
    navigator = window.navigator
    item = navigator.agreement_item(agreement_id)
    assert item.text(0) == "สำนักพัฒนาระบบบริหาร"
    assert item.parent().text(0) == AGREEMENTS_GROUP
    assert item.parent().parent().text(0) == "ปีงบประมาณ พ.ศ. 2566"
    assert [item.child(i).text(0) for i in range(item.childCount())] == [
        f"ตัวชี้วัดที่ {n} {name}" for n, name in enumerate(NAMES, start=1)] + [ROUNDS_GROUP]
    assert navigator.plan_ids() == [window.current_editor().model.plan_id]   # plans are still there

    screen = open_from_navigator(qtbot, window, agreement_id)
    assert window.undo_group.activeStack() is screen.model.undo_stack
    assert not window.act_insert_below.isEnabled()   # plan row actions do not apply here
    model = screen.model
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["Performance Base", "Potential Base"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    performance = model.index(0, 0)
    assert [model.data(model.index(r, WEIGHT_COLUMN, performance)) for r in range(4)] == ["20", "20", "15", "15"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "องค์ประกอบ/ตัวชี้วัด"
    assert screen.framework.total_label.text() == "น้ำหนักรวม 100"
    assert screen.framework.total_label.property("problem") is False
    assert window.total_label.text() == "น้ำหนักรวม 100 · 6 ตัวชี้วัด"

    # An indicator picked in the navigator opens on the same screen.
    click_item(qtbot, navigator, item.child(3))
    assert window.current_agreement_screen() is screen
    assert screen.indicator_editor.indicator_id == ids[3]
    assert NAMES[3] in screen.indicator_editor.heading.text()
    assert screen.framework.view.currentIndex().data() == f"4 {NAMES[3]}"
    # Picking it in the framework tree opens it too.
    screen.framework.select("indicator", ids[0])
    assert screen.indicator_editor.indicator_id == ids[0]
    # And back to the plan.
    click_item(qtbot, navigator, navigator.topLevelItem(0).child(0).child(0))
    assert window.current_editor() is not None


# ---- framework: weights and names in place ----------------------------------------------
def test_weight_edited_in_place_is_committed_turns_red_and_undoes(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    total = screen.framework.total_label
    edit_cell(qtbot, screen, "indicator", ids[5], WEIGHT_COLUMN, "10")
    assert stored_indicator(window, agreement_id, ids[5]).weight == D("10.00")
    assert cell_text(screen, "indicator", ids[5], WEIGHT_COLUMN) == "10"
    assert total.property("problem") is True
    assert total.text() == f"น้ำหนักรวม 100\n• {WEIGHT_PROBLEM}"
    assert "#b00020" in total.styleSheet()
    assert "น้ำหนักไม่ลงตัว 1 จุด" in window.total_label.text()
    assert screen.model.undo_stack.text(0) == "แก้ไขน้ำหนัก ตัวชี้วัดที่ 6"
    assert screen.indicator_editor.indicator_id == ids[5]
    assert screen.indicator_editor.fields["weight"].value() == "10"   # the tab follows

    window.act_undo.trigger()
    assert stored_indicator(window, agreement_id, ids[5]).weight == D("15.00")
    assert total.text() == "น้ำหนักรวม 100" and total.property("problem") is False
    assert "#b00020" not in total.styleSheet()
    window.act_redo.trigger()
    assert stored_indicator(window, agreement_id, ids[5]).weight == D("10.00")

    # A category's weight: the grand total goes wrong as well.
    edit_cell(qtbot, screen, "category", stored(window, agreement_id).categories[0].id, WEIGHT_COLUMN, "60")
    problems = stored(window, agreement_id).weight_problems()
    assert problems[0] == "น้ำหนักรวมของกรอบการประเมินเป็น 90 ต้องเท่ากับ 100"
    assert total.text().splitlines() == ["น้ำหนักรวม 90"] + [f"• {p}" for p in problems]


@pytest.mark.parametrize("typed, message", [("abc", "น้ำหนัก “abc” ไม่ใช่ตัวเลข"),
                                             ("120", "น้ำหนัก 120 ต้องอยู่ระหว่าง 0 ถึง 100"),
                                             ("สิบห้า", "น้ำหนัก “สิบห้า” ไม่ใช่ตัวเลข")])
def test_bad_weight_is_refused_with_a_thai_message_and_nothing_changes(qtbot, window, agreement, typed, message):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    before = stored(window, agreement_id)
    edit_cell(qtbot, screen, "indicator", ids[2], WEIGHT_COLUMN, typed)
    assert screen.framework.last_error == message
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)   # shown at the cell too
    assert QToolTip.text() == message
    assert window.statusBar().currentMessage() == message
    assert stored(window, agreement_id) == before
    assert cell_text(screen, "indicator", ids[2], WEIGHT_COLUMN) == "15"
    assert screen.model.undo_stack.count() == 0
    assert screen.framework.total_label.text() == "น้ำหนักรวม 100"


def test_names_are_edited_in_place(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    category_id = stored(window, agreement_id).categories[0].id
    edit_cell(qtbot, screen, "category", category_id, NAME_COLUMN, "การประเมินประสิทธิภาพการดำเนินงาน (Performance Base)")
    assert stored(window, agreement_id).categories[0].name == "การประเมินประสิทธิภาพการดำเนินงาน (Performance Base)"
    edit_cell(qtbot, screen, "indicator", ids[0], NAME_COLUMN, "ประสิทธิภาพการปฏิบัติงานในหน้าที่ระดับกระทรวงฯ")
    assert stored_indicator(window, agreement_id, ids[0]).name == "ประสิทธิภาพการปฏิบัติงานในหน้าที่ระดับกระทรวงฯ"
    assert cell_text(screen, "indicator", ids[0], NAME_COLUMN) == "1 ประสิทธิภาพการปฏิบัติงานในหน้าที่ระดับกระทรวงฯ"
    # The navigator shows the new name at once.
    assert window.navigator.agreement_item(agreement_id).child(0).text(0) == \
        "ตัวชี้วัดที่ 1 ประสิทธิภาพการปฏิบัติงานในหน้าที่ระดับกระทรวงฯ"
    # An empty name is refused.
    edit_cell(qtbot, screen, "indicator", ids[0], NAME_COLUMN, "")
    assert screen.framework.last_error == "กรุณาระบุชื่อตัวชี้วัด"
    assert stored_indicator(window, agreement_id, ids[0]).name == "ประสิทธิภาพการปฏิบัติงานในหน้าที่ระดับกระทรวงฯ"
    window.act_undo.trigger()
    window.act_undo.trigger()
    data = stored(window, agreement_id)
    assert data.categories[0].name == "Performance Base" and data.indicators[0].name == NAMES[0]


def test_add_category_and_indicator(qtbot, window, agreement):
    agreement_id, _ = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    framework = screen.framework
    screen.framework.select("indicator", screen.model.agreement.indicators[5].id)
    framework.add_indicator_button.click()
    data = stored(window, agreement_id)
    new = data.indicators[-1]
    assert (new.number, new.name, new.weight, new.category_id) == ("7", "ตัวชี้วัดใหม่", D("0.00"), data.categories[1].id)
    assert framework.view.state() == QAbstractItemView.State.EditingState   # ready to type its name
    field = framework.view.focusWidget()
    field.selectAll()
    type_text(field, "ความพึงพอใจของผู้รับบริการ")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_editor_closed(qtbot, framework.view)
    assert stored_indicator(window, agreement_id, new.id).name == "ความพึงพอใจของผู้รับบริการ"
    assert window.navigator.agreement_item(agreement_id).childCount() == 7 + 1   # and รอบการรายงาน
    framework.add_category_button.click()
    data = stored(window, agreement_id)
    assert [c.name for c in data.categories] == ["Performance Base", "Potential Base", "องค์ประกอบใหม่"]
    assert framework.total_label.text() == "น้ำหนักรวม 100"
    assert screen.model.rowCount() == 3


# ---- indicator editor tabs ------------------------------------------------------------------
def test_indicator_fields_on_the_tabs_commit_and_undo(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    screen.show_indicator(ids[2])
    editor = screen.indicator_editor
    editor.tabs.setCurrentIndex(0)
    finish(qtbot, editor.fields["unit_of_measure"].editor, "ร้อยละ")
    assert stored_indicator(window, agreement_id, ids[2]).unit_of_measure == "ร้อยละ"
    finish(qtbot, editor.fields["formula"].editor, "(ผลการเบิกจ่าย × 100) ÷ งบประมาณที่ได้รับ")
    assert stored_indicator(window, agreement_id, ids[2]).formula == "(ผลการเบิกจ่าย × 100) ÷ งบประมาณที่ได้รับ"
    finish(qtbot, editor.fields["definitions"].editor, "นิยามข้อหนึ่ง\n\nนิยามข้อสอง")
    assert stored_indicator(window, agreement_id, ids[2]).definitions == ("นิยามข้อหนึ่ง", "นิยามข้อสอง")
    combo = editor.fields["kind"].editor
    combo.setCurrentIndex(combo.findData("new"))
    combo.activated.emit(combo.currentIndex())
    assert stored_indicator(window, agreement_id, ids[2]).kind == "new"
    finish(qtbot, editor.fields["weight"].editor, "15.0")   # the same weight: nothing to record
    stack = screen.model.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "แก้ไขหน่วยวัด ตัวชี้วัดที่ 3", "แก้ไขสูตรการคำนวณ ตัวชี้วัดที่ 3", "แก้ไขนิยาม ตัวชี้วัดที่ 3",
        "แก้ไขประเภท (ต่อเนื่อง/ใหม่) ตัวชี้วัดที่ 3"]
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert stored_indicator(window, agreement_id, ids[2]).definitions == ()
    assert editor.fields["kind"].editor.currentText() == "ตัวชี้วัดต่อเนื่อง"
    assert editor.fields["definitions"].editor.toPlainText() == ""
    # A name is one paragraph: Enter commits it (Shift+Enter would break the line).
    name = editor.fields["name"].editor
    name.setFocus()
    name.selectAll()
    type_text(name, "ร้อยละการเบิกจ่ายงบประมาณรายจ่ายภาพรวม")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert stored_indicator(window, agreement_id, ids[2]).name == "ร้อยละการเบิกจ่ายงบประมาณรายจ่ายภาพรวม"
    assert name.hasFocus() and name.toPlainText() == "ร้อยละการเบิกจ่ายงบประมาณรายจ่ายภาพรวม"
    assert "ร้อยละการเบิกจ่ายงบประมาณรายจ่ายภาพรวม" in editor.heading.text()
    assert window.navigator.agreement_item(agreement_id).child(2).text(0) == \
        "ตัวชี้วัดที่ 3 ร้อยละการเบิกจ่ายงบประมาณรายจ่ายภาพรวม"


def test_refused_indicator_field_shows_the_message_next_to_it(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    screen.show_indicator(ids[0])
    editor = screen.indicator_editor
    before = stored(window, agreement_id)
    field = editor.fields["deduction_points"]
    editor.tabs.setCurrentIndex(1)
    finish(qtbot, field.editor, "สิบ")
    assert field.error.isVisible() and field.error.text() == "คะแนนที่หัก “สิบ” ไม่ใช่ตัวเลข"
    assert window.statusBar().currentMessage() == "คะแนนที่หัก “สิบ” ไม่ใช่ตัวเลข"
    editor.tabs.setCurrentIndex(0)
    name = editor.fields["name"]
    finish(qtbot, name.editor, "")
    assert name.error.text() == "กรุณาระบุชื่อตัวชี้วัด"
    assert stored(window, agreement_id) == before and screen.model.undo_stack.count() == 0
    # A good value clears the message.
    editor.tabs.setCurrentIndex(1)
    finish(qtbot, field.editor, "5")
    assert stored_indicator(window, agreement_id, ids[0]).deduction_points == D("5.00")
    assert not field.error.isVisible()


def test_level_targets_edit_and_refusal_out_of_order(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    screen.show_indicator(ids[3])
    editor = screen.indicator_editor
    editor.tabs.setCurrentIndex(1)
    levels = editor.scheme_tab.levels
    assert [[levels.table.item(r, c).text() for c in range(3)] for r in range(3)] == [
        ["ขั้นต้น", "50", "95"], ["มาตรฐาน", "75", "97.5"], ["ขั้นสูง", "100", "100"]]
    levels.table.item(0, 2).setText("98")   # above มาตรฐาน: refused
    assert "ค่าเป้าหมายต้องเรียงตามระดับ" in levels.error.text()
    assert levels.table.item(0, 2).text() == "95"   # the stored value is shown again
    assert stored_indicator(window, agreement_id, ids[3]).scheme == THREE_LEVELS
    levels.table.item(0, 2).setText("90")
    assert stored_indicator(window, agreement_id, ids[3]).scheme["levels"][0]["target"] == "90"
    assert not levels.error.isVisible()
    editor.scheme_tab.interpolate_field.editor.click()
    assert stored_indicator(window, agreement_id, ids[3]).scheme["interpolate"] is False
    assert screen.model.undo_stack.text(1) == "แก้ไขเกณฑ์การให้คะแนน ตัวชี้วัดที่ 4"
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert stored_indicator(window, agreement_id, ids[3]).scheme == THREE_LEVELS
    assert levels.table.item(0, 2).text() == "95"


def test_baseline_roadmap_and_round_steps(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    screen.show_indicator(ids[3])
    editor = screen.indicator_editor
    editor.tabs.setCurrentIndex(2)
    editor.baseline.add_button.click()
    assert stored_indicator(window, agreement_id, ids[3]).baseline[-1] == {"year": 2565, "result": "", "unit": ""}
    editor.baseline.table.item(3, 1).setText("99.29")
    assert stored_indicator(window, agreement_id, ids[3]).baseline[-1]["result"] == "99.29"
    editor.baseline.table.item(3, 0).setText("ปีหน้า")
    assert editor.baseline.error.text() == "ปีงบประมาณ “ปีหน้า” ต้องเป็นปี พ.ศ. สี่หลัก เช่น 2566"
    assert stored_indicator(window, agreement_id, ids[3]).baseline[-1]["year"] == 2565
    editor.roadmap.table.selectRow(1)
    editor.roadmap.remove_button.click()
    assert stored_indicator(window, agreement_id, ids[3]).roadmap == ({"year": 2566, "target": "ร้อยละ 100"},)

    editor.tabs.setCurrentIndex(3)
    round_9 = screen.model.agreement.rounds[1]
    box = editor.rounds_tab.boxes[round_9.id]
    assert box.title() == "รอบ ๙ เดือน (ผลถึง 30 มิ.ย. 66)"
    finish(qtbot, box.goal.editor, "สำนัก/กอง มีผลการดำเนินงานไม่น้อยกว่าร้อยละ 90")
    box.steps.add_button.click()
    assert box.steps.table.state() == QAbstractItemView.State.EditingState
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit)
    type_text(cell, "ติดตามผลการดำเนินงานรายเดือน")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    wait_editor_closed(qtbot, box.steps.table)
    with window.ws.session() as session:
        target = agreements.load_agreement(session, agreement_id).indicators[3].round_targets
    assert [(t.round_id, t.goal, t.steps) for t in target if t.round_id == round_9.id] == [
        (round_9.id, "สำนัก/กอง มีผลการดำเนินงานไม่น้อยกว่าร้อยละ 90", ("ติดตามผลการดำเนินงานรายเดือน",))]
    assert box.steps.table.verticalHeader().isVisible()   # the steps are numbered 1, 2, …
    window.act_undo.trigger()
    assert screen.model.round_target(ids[3], round_9.id) == ("สำนัก/กอง มีผลการดำเนินงานไม่น้อยกว่าร้อยละ 90", ())


def test_people_tab_lists_supervisors_and_collectors(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    screen.show_indicator(ids[3])
    people = screen.indicator_editor.people
    rows = [[people.topLevelItem(i).text(c) for c in range(4)] for i in range(people.topLevelItemCount())]
    assert rows == [["ผู้กำกับดูแล", "นางสาวอัจฉริยา จันทรวงศ์", "ผู้อำนวยการสำนักพัฒนาระบบบริหาร", "0 2629 8959"],
                    ["ผู้จัดเก็บข้อมูล", "นายสมชาย ใจดี", "นักวิเคราะห์นโยบายและแผน", "0 2629 8960 / 08 1234 5678"]]


# ---- what if --------------------------------------------------------------------------------
def test_what_if_box_scores_at_once(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    screen.show_indicator(ids[3])
    box = screen.indicator_editor.what_if
    box.result_edit.setFocus()
    qtbot.keyClicks(box.result_edit, "97.5")
    assert box.score.score == D("75.0000") and box.score.weighted == D("11.2500")
    assert box.answer.text() == "คะแนน 75.00 จาก 100 · คะแนนถ่วงน้ำหนัก 11.25 (น้ำหนัก 15)"
    assert not box.error.isVisible()
    box.result_edit.clear()
    type_text(box.result_edit, "เก้าสิบ")
    assert box.score is None and box.answer.text() == ""
    assert box.error.isVisible() and box.error.text() == "ผลการดำเนินงาน “เก้าสิบ” ไม่ใช่ตัวเลข"
    assert stored(window, agreement_id).indicators[3].scheme == THREE_LEVELS   # nothing stored
    # Indicator 1 deducts 10 points when its steps are not all done.
    screen.show_indicator(ids[0])
    assert box.result_edit.text() == ""
    qtbot.keyClicks(box.result_edit, "100")
    assert box.answer.text() == "คะแนน 100.00 จาก 100 · คะแนนถ่วงน้ำหนัก 20.00 (น้ำหนัก 20)"
    assert box.deduct_check.isVisibleTo(box)
    box.deduct_check.click()
    assert box.score.score == D("90.0000") and "คะแนนถ่วงน้ำหนัก 18.00" in box.answer.text()


def test_what_if_box_follows_a_milestone_scheme(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    milestones = {"type": "milestones", "levels": [{"points": p, "target": t} for p, t in (
        (50, "ทบทวนรายการข้อมูลส่วนบุคคล"), (75, "จัดทำ ROPA"), (100, "ประกาศ Privacy Notice"))]}
    with window.ws.transaction() as s:
        agreements.update_indicator(s, ids[4], scheme=milestones)
    screen.model._refresh()
    screen.show_indicator(ids[4])
    box = screen.indicator_editor.what_if
    assert not box.result_edit.isVisibleTo(box)
    assert [c.text() for c in box.step_checks] == ["ขั้นที่ 1 ทบทวนรายการข้อมูลส่วนบุคคล", "ขั้นที่ 2 จัดทำ ROPA",
                                                   "ขั้นที่ 3 ประกาศ Privacy Notice"]
    box.step_checks[0].click()
    box.step_checks[1].click()
    assert box.score.score == D("75.0000") and box.score.weighted == D("11.2500")
    box.step_checks[0].click()   # level = steps done in a row from the first
    assert box.score.score == D("0.0000")
    # Three levels described in words (seed 002 indicator 1): ticks as well, 10 points off when asked.
    worded = {"type": "three_levels", "numeric": False, "levels": [
        {"points": 50, "label": "ขั้นต้น", "target": "จัดทำแผนปฏิบัติการ (Action Plan)"},
        {"points": 75, "label": "มาตรฐาน", "target": "ขับเคลื่อนตามแผนปฏิบัติการของกระทรวง"},
        {"points": 100, "label": "ขั้นสูง", "target": "กำกับติดตามเพื่อให้บรรลุเป้าหมาย"}]}
    with window.ws.transaction() as s:
        agreements.update_indicator(s, ids[0], scheme=worded)
    screen.model._refresh()
    screen.show_indicator(ids[0])
    assert [c.text() for c in box.step_checks] == ["ขั้นต้น (50) จัดทำแผนปฏิบัติการ (Action Plan)",
                                                   "มาตรฐาน (75) ขับเคลื่อนตามแผนปฏิบัติการของกระทรวง",
                                                   "ขั้นสูง (100) กำกับติดตามเพื่อให้บรรลุเป้าหมาย"]
    for check in box.step_checks:
        check.click()
    box.deduct_check.click()
    assert box.answer.text() == "คะแนน 90.00 จาก 100 · คะแนนถ่วงน้ำหนัก 18.00 (น้ำหนัก 20)"


# ---- commands on a bare stack (no widgets) --------------------------------------------------
def test_commands_with_a_bare_undo_stack(qtbot, window, agreement):
    agreement_id, ids = agreement
    model = AgreementModel(window.ws, agreement_id)
    stack = QUndoStack()
    category_id = model.categories[1].id
    stack.push(SetCategoryCommand(model, category_id, "weight", "25"))
    stack.push(SetIndicatorCommand(model, ids[4], {"weight": "10", "remarks": "ทดลอง"}))
    round_id = model.agreement.rounds[0].id
    stack.push(SetRoundTargetCommand(model, ids[4], round_id, "เป้าหมาย", ["ขั้นที่หนึ่ง", " "]))
    data = stored(window, agreement_id)
    assert data.categories[1].weight == D("25.00") and data.indicators[4].weight == D("10.00")
    assert data.indicators[4].round_targets[0].steps == ("ขั้นที่หนึ่ง",)
    assert data.weight_problems() == ["น้ำหนักรวมของกรอบการประเมินเป็น 95 ต้องเท่ากับ 100"]
    assert not push(stack, SetIndicatorCommand(model, ids[4], {"direction": "sideways"}))
    assert model.last_error == "ทิศทางของตัวชี้วัดต้องเป็น ยิ่งมากยิ่งดี หรือ ยิ่งน้อยยิ่งดี"
    assert stack.count() == 3
    while stack.canUndo():
        stack.undo()
    data = stored(window, agreement_id)
    assert data.weight_problems() == [] and data.indicators[4].remarks == ""
    assert model.round_target(ids[4], round_id) == ("", ())
    stack.redo()
    assert stored(window, agreement_id).categories[1].weight == D("25.00")


# ---- screenshots ------------------------------------------------------------------------------
def test_agreement_screen_and_indicator_editor_screenshots(qtbot, window, agreement):
    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    click_item(qtbot, window.navigator, window.navigator.agreement_item(agreement_id).child(3))
    editor = screen.indicator_editor
    qtbot.keyClicks(editor.what_if.result_edit, "97.5")
    ARTIFACTS.mkdir(exist_ok=True)
    qtbot.wait(50)
    image = window.grab().toImage()
    assert not image.isNull() and image.save(str(ARTIFACTS / "agreement_screen.png"))
    for index, name in ((1, "indicator_criteria.png"), (2, "indicator_history.png"), (3, "indicator_rounds.png")):
        editor.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        assert editor.grab().toImage().save(str(ARTIFACTS / name))
    # The weights no longer add up, and a refused field: the red line and the message under the field.
    model = screen.model
    assert model.setData(model.index_of("indicator", ids[5], WEIGHT_COLUMN), "10")
    editor.tabs.setCurrentIndex(1)
    finish(qtbot, editor.fields["deduction_points"].editor, "สิบ")
    qtbot.wait(20)
    assert window.grab().toImage().save(str(ARTIFACTS / "agreement_problems.png"))


def test_demo_agreement_screenshots(qtbot, window):
    """Seed 002's agreement from the demo data, when this build has it (the tests above do not need it)."""
    from app.services import demo

    build = getattr(demo, "build_demo_agreement", None)
    if build is None:
        pytest.skip("no demo agreement in this build")
    with window.ws.transaction() as s:
        agreement_id = build(s)
    window.refresh_navigator(select_agreement_id=agreement_id)
    screen = window.current_agreement_screen()
    assert screen is not None and screen.framework.total_label.text() == "น้ำหนักรวม 100"
    ARTIFACTS.mkdir(exist_ok=True)
    first = screen.model.agreement.indicators[0]
    screen.show_indicator(first.id)
    editor = screen.indicator_editor
    checks = editor.what_if.step_checks
    assert checks and checks[0].text().startswith("ขั้นต้น (50)")
    checks[0].click()
    qtbot.wait(50)
    assert window.grab().toImage().save(str(ARTIFACTS / "demo_agreement.png"))
    for index, name in ((1, "demo_indicator_criteria.png"), (3, "demo_indicator_rounds.png"),
                        (4, "demo_indicator_people.png")):
        editor.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        assert editor.grab().toImage().save(str(ARTIFACTS / name))


def test_add_and_delete_are_undoable(qtbot, window, agreement, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    agreement_id, ids = agreement
    screen = open_from_navigator(qtbot, window, agreement_id)
    framework = screen.framework
    framework.select("indicator", ids[5])
    framework.add_indicator_button.click()
    added = stored(window, agreement_id).indicators[-1].id
    framework.view.closePersistentEditor(framework.view.currentIndex())
    window.act_undo.trigger()
    assert added not in [i.id for i in stored(window, agreement_id).indicators]
    window.act_redo.trigger()
    assert stored(window, agreement_id).indicators[-1].id == added   # the very same one back
    # Deleting a category with indicators asks first; undo restores it with its indicators.
    framework.select("category", stored(window, agreement_id).categories[1].id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert framework.delete_current()
    data = stored(window, agreement_id)
    assert [c.name for c in data.categories] == ["Performance Base"] and len(data.indicators) == 4
    assert "ต้องเท่ากับ 100" in framework.total_label.text()
    window.act_undo.trigger()
    data = stored(window, agreement_id)
    assert [c.name for c in data.categories] == ["Performance Base", "Potential Base"]
    assert [i.id for i in data.indicators][:6] == ids
    assert framework.total_label.text() == "น้ำหนักรวม 100"
