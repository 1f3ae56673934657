"""The ข้อมูลคำรับรอง tab and คำรับรองใหม่… driven through their widgets; every change is checked
in the database through a fresh session, and undone."""
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services import agreements
from app.ui.agreement_dialogs import NewAgreementDialog
from tests.ui.conftest import ARTIFACTS
from tests.ui.helpers import type_text
from tests.ui.test_agreement_ui import agreement, finish, open_from_navigator, stored  # noqa: F401,F811 - a shared fixture

RECEIVER = "นางสาวนฤมล สงวนวงศ์"


def header_of(qtbot, window, agreement_id):
    screen = open_from_navigator(qtbot, window, agreement_id)
    screen.tabs.setCurrentWidget(screen.header)
    return screen, screen.header


def test_new_agreement_through_the_dialog(qtbot, window, monkeypatch):
    def fill_and_accept(dialog):
        dialog.unit_combo.setCurrentText("")
        type_text(dialog.unit_combo.lineEdit(), "กองทดสอบระบบ")
        dialog.year_spin.setValue(2568)
        for edit, text in ((dialog.receiver_name, "นายผู้รับ ทดสอบ"), (dialog.receiver_position, "รองปลัดกระทรวง"),
                           (dialog.maker_name, "นางผู้ทำ ทดสอบ"), (dialog.maker_position, "ผู้อำนวยการกอง")):
            type_text(edit, text)
        dialog.rounds_combo.setCurrentIndex(dialog.rounds_combo.findData("6/12"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewAgreementDialog, "exec", fill_and_accept)
    action = window.act_new_agreement
    assert action in window.menuBar().actions()[0].menu().actions()
    action.trigger()
    screen = window.current_agreement_screen()
    assert screen is not None
    data = stored(window, screen.agreement_id)
    assert (data.unit_name, data.be_year) == ("กองทดสอบระบบ", 2568)
    assert (data.receiver.name, data.receiver_position) == ("นายผู้รับ ทดสอบ", "รองปลัดกระทรวง")
    assert (data.maker.name, data.maker_position) == ("นางผู้ทำ ทดสอบ", "ผู้อำนวยการกอง")
    assert [r.label for r in data.rounds] == ["รอบ ๖ เดือน", "รอบ ๑๒ เดือน"]
    assert "นายผู้รับ ทดสอบ รองปลัดกระทรวง ผู้รับคำรับรอง" in data.clauses[0]
    assert window.navigator.agreement_item(screen.agreement_id) is not None
    # The same unit and year again is refused in Thai; nothing is added.
    warnings = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *args: warnings.append(args[2]))
    with window.ws.session() as s:
        before = len(agreements.list_agreements(s))
    action.trigger()
    assert warnings and "อยู่แล้ว" in warnings[0]
    with window.ws.session() as s:
        assert len(agreements.list_agreements(s)) == before


def test_edit_a_clause_and_a_signing_date_then_undo(qtbot, window, agreement):
    agreement_id, _ = agreement
    screen, header = header_of(qtbot, window, agreement_id)
    before = stored(window, agreement_id)
    clause = header.fields["clause_6"].editor
    finish(qtbot, clause, "ทั้งสองฝ่ายได้ลงลายมือชื่อไว้เป็นสำคัญ")
    assert stored(window, agreement_id).clauses[5] == "ทั้งสองฝ่ายได้ลงลายมือชื่อไว้เป็นสำคัญ"
    assert stored(window, agreement_id).clauses[:5] == before.clauses[:5]

    signing = header.fields["signed_receiver"]
    assert signing.date_edit.text() == "ยังไม่ลงนาม"
    signing.date_edit.setFocus()
    signing.date_edit.set_date_value(dt.date(2022, 12, 26))
    assert signing.date_edit.text() == "26/12/2565"   # BE year on screen
    qtbot.keyClick(signing.date_edit, Qt.Key.Key_Return)
    assert stored(window, agreement_id).receiver_signed == dt.date(2022, 12, 26)

    stack = screen.model.undo_stack
    assert stack.count() == 2
    stack.undo()
    assert stored(window, agreement_id).receiver_signed is None
    assert signing.date_edit.text() == "ยังไม่ลงนาม"
    stack.undo()
    assert stored(window, agreement_id).clauses == before.clauses
    assert header.fields["clause_6"].value() == before.clauses[5]
    stack.redo()
    assert stored(window, agreement_id).clauses[5] == "ทั้งสองฝ่ายได้ลงลายมือชื่อไว้เป็นสำคัญ"


def test_signing_date_outside_the_year_window_is_refused(qtbot, window, agreement):
    agreement_id, _ = agreement
    screen, header = header_of(qtbot, window, agreement_id)
    # The widget itself keeps to the window; the service refuses too (checked in the logic tests).
    signing = header.fields["signed_maker"]
    signing.date_edit.set_date_value(dt.date(2030, 1, 1))
    assert signing.value() == dt.date(2024, 9, 30)


def test_standard_text_follows_new_names_and_an_empty_clause_is_refused(qtbot, window, agreement):
    agreement_id, _ = agreement
    screen, header = header_of(qtbot, window, agreement_id)
    finish(qtbot, header.fields["receiver_name"].editor, "นายสมศักดิ์ ใหม่")
    assert stored(window, agreement_id).receiver.name == "นายสมศักดิ์ ใหม่"
    assert RECEIVER in stored(window, agreement_id).clauses[0]   # the clauses are not rewritten by themselves

    qtbot.mouseClick(header.standard_button, Qt.MouseButton.LeftButton)
    clauses = stored(window, agreement_id).clauses
    assert clauses[0].startswith("คำรับรองระหว่าง นายสมศักดิ์ ใหม่ ผู้ช่วยปลัดกระทรวงเกษตรและสหกรณ์")
    assert header.fields["clause_1"].value() == clauses[0]
    assert "นายสมศักดิ์ ใหม่" in clauses[3]

    field = header.fields["clause_2"]
    finish(qtbot, field.editor, "")
    assert field.error.isVisible() and "ข้อ 2 ของคำรับรองว่างอยู่" in field.error.text()
    assert stored(window, agreement_id).clauses == clauses
    count = screen.model.undo_stack.count()
    screen.model.undo_stack.undo()   # the standard text
    assert RECEIVER in stored(window, agreement_id).clauses[0]
    assert count == 2


def test_custom_round_with_bad_dates_is_refused_and_presets_add_rounds(qtbot, window, agreement):
    agreement_id, _ = agreement
    screen, header = header_of(qtbot, window, agreement_id)
    rounds = header.rounds
    before = stored(window, agreement_id).rounds
    rounds.label_edit.setText("รอบพิเศษ")
    rounds.start_edit.set_date_value(dt.date(2023, 5, 1))
    rounds.cutoff_edit.set_date_value(dt.date(2023, 4, 1))
    qtbot.mouseClick(rounds.add_button, Qt.MouseButton.LeftButton)
    assert rounds.error.isVisible() and "อยู่ก่อนวันเริ่มรอบ" in rounds.error.text()
    assert stored(window, agreement_id).rounds == before
    assert screen.model.undo_stack.count() == 0

    rounds.cutoff_edit.set_date_value(dt.date(2023, 5, 31))
    qtbot.mouseClick(rounds.add_button, Qt.MouseButton.LeftButton)
    assert not rounds.error.isVisible()
    assert [r.label for r in stored(window, agreement_id).rounds][-1] == "รอบพิเศษ"
    assert rounds.table.topLevelItemCount() == 3

    rounds.preset_combo.setCurrentText(agreements.FIVE_MONTHS)
    qtbot.mouseClick(rounds.preset_button, Qt.MouseButton.LeftButton)
    labels = [r.label for r in stored(window, agreement_id).rounds]
    assert labels == ["รอบ ๖ เดือน", "รอบ ๙ เดือน", "รอบพิเศษ", "รอบ ๕ เดือนแรก", "รอบ ๕ เดือนหลัง"]
    assert rounds.table.topLevelItemCount() == 5
    assert "รอบ ๕ เดือนแรก" in screen.heading.text()
    screen.model.undo_stack.undo()
    assert [r.label for r in stored(window, agreement_id).rounds] == labels[:3]
    screen.model.undo_stack.redo()
    assert [r.label for r in stored(window, agreement_id).rounds] == labels
    # The indicator editor has a box for each round now.
    assert len(screen.indicator_editor.rounds_tab.boxes) == 5


def test_context_entry_edited_and_screenshot(qtbot, window, agreement):
    agreement_id, _ = agreement
    screen, header = header_of(qtbot, window, agreement_id)
    qtbot.mouseClick(header.add_context_button, Qt.MouseButton.LeftButton)
    finish(qtbot, header.fields["context_missions"].editor, "พันธกิจข้อแรก\nพันธกิจข้อสอง")
    context = stored(window, agreement_id).context
    assert context == [{"owner": "สำนักพัฒนาระบบบริหาร", "title": "", "vision": [],
                        "missions": ["พันธกิจข้อแรก", "พันธกิจข้อสอง"], "strategic_issues": [], "strategies": []}]
    ARTIFACTS.mkdir(exist_ok=True)
    qtbot.wait(50)
    screen.grab().save(str(ARTIFACTS / "agreement_header.png"))
