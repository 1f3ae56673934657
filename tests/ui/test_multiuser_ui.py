"""Several users on one workspace, on screen (issue 7): the conflict dialog on the plan grid and in the
report editor (another user simulated by a second workspace connection), F5, the data_version
notice, what an officer's screens refuse and why, and the users dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import items, permissions, reports
from app.services.workspace import open_workspace
from tests.ui.test_round_screen import open_round, round_window  # noqa: F401  (a fixture)


def answer_conflict(qtbot, button_name: str, seen: list) -> None:
    """Click a button of the conflict dialog as soon as it is up (it runs its own event loop)."""
    def click():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "conflictDialog":
            QTimer.singleShot(20, click)
            return
        seen.append((box.windowTitle(), box.text()))
        box.findChild(type(box.buttons()[0]), button_name).click()
    QTimer.singleShot(0, click)


def first_activity(editor) -> int:
    from app.models import ItemKind

    return next(i for i in editor.model.item_ids() if editor.model.row(i).kind == ItemKind.ACTIVITY)


def other_user(win):
    """A second connection to the same file: another window or PC."""
    return open_workspace(win.ws.path, backup=False)


def test_plan_cell_edit_on_a_row_changed_by_someone_else_overwrite_keeps_both(window, qtbot):
    editor = window.current_editor()
    model = editor.model
    item_id = first_activity(editor)
    other = other_user(window)
    try:
        with other.transaction() as s:
            items.update_item(s, item_id, remark="หมายเหตุของผู้อื่น")
    finally:
        other.close()
    seen: list = []
    answer_conflict(qtbot, "conflictOverwrite", seen)
    assert model.setData(model.index_of(item_id, model.column_of("title")), "ชื่อใหม่ของฉัน")
    assert seen and seen[0][0] == "มีผู้อื่นแก้ไขรายการนี้"
    assert "ถูกแก้ไขโดยผู้อื่น" in seen[0][1] and "โหลดใหม่ หรือ บันทึกทับ" in seen[0][1]
    with window.ws.session() as s:
        row = items.get_row(s, item_id)
    assert (row.title, row.remark) == ("ชื่อใหม่ของฉัน", "หมายเหตุของผู้อื่น")
    assert model.row(item_id).version == row.version        # the next edit is not a conflict
    assert model.setData(model.index_of(item_id, model.column_of("deliverable")), "ผลลัพธ์")
    assert model.undo_stack.count() == 2


def test_plan_months_reload_shows_theirs_and_drops_mine(window, qtbot):
    from app.ui.plan_commands import MarkMonthsCommand
    from app.ui.undo import push

    editor = window.current_editor()
    model = editor.model
    item_id = first_activity(editor)
    before = model.row(item_id).months
    theirs_month, my_month = model.months[0], model.months[-1]
    other = other_user(window)
    try:
        with other.transaction() as s:
            items.set_months(s, item_id, before ^ {theirs_month})
    finally:
        other.close()
    seen: list = []
    answer_conflict(qtbot, "conflictReload", seen)
    assert not push(model.undo_stack, MarkMonthsCommand(model, {item_id: before ^ {my_month}}, True))
    assert seen
    assert model.row(item_id).months == before ^ {theirs_month}     # theirs on screen
    with window.ws.session() as s:
        assert items.get_row(s, item_id).months == before ^ {theirs_month}
    assert model.undo_stack.count() == 0


def test_plan_months_overwrite_applies_my_mark_on_top_of_theirs(window, qtbot):
    from app.ui.plan_commands import MarkMonthsCommand
    from app.ui.undo import push

    editor = window.current_editor()
    model = editor.model
    item_id = first_activity(editor)
    before = model.row(item_id).months
    theirs_month, my_month = model.months[0], model.months[-1]
    assert theirs_month not in before and my_month not in before
    other = other_user(window)
    try:
        with other.transaction() as s:
            items.set_months(s, item_id, before | {theirs_month})
    finally:
        other.close()
    answer_conflict(qtbot, "conflictOverwrite", [])
    assert push(model.undo_stack, MarkMonthsCommand(model, {item_id: before | {my_month}}, True))
    with window.ws.session() as s:
        assert items.get_row(s, item_id).months == before | {theirs_month, my_month}


def test_report_field_conflict_reload_then_overwrite(round_window, qtbot):
    win, data = round_window
    screen = open_round(win, data.rounds[0].id)
    report_id = screen.open_indicator(data.indicators[3].id)
    editor = screen.editor
    editor.tabs.setCurrentIndex(2)
    other = other_user(win)
    try:
        with other.transaction() as s:
            reports.update(s, report_id, actions="คำชี้แจงของผู้อื่น")
        seen: list = []
        answer_conflict(qtbot, "conflictReload", seen)
        field = editor.fields["preparer_name"]
        field.set_value("นายของฉัน")
        assert not editor.commit_field("preparer_name")
        assert seen and "รายงานนี้ถูกแก้ไขโดยผู้อื่น" in seen[0][1]
        assert editor.fields["actions"].value() == "คำชี้แจงของผู้อื่น"   # theirs shown
        assert field.value() == ""                                       # mine dropped, as chosen
        with win.ws.session() as s:
            assert reports.load_report(s, report_id).preparer_name == ""

        with other.transaction() as s:
            reports.update(s, report_id, obstacles="อุปสรรคของผู้อื่น")
        answer_conflict(qtbot, "conflictOverwrite", seen)
        field.set_value("นายของฉัน")
        assert editor.commit_field("preparer_name")
        assert len(seen) == 2
        with win.ws.session() as s:
            view = reports.load_report(s, report_id)
        assert (view.preparer_name, view.obstacles, view.actions) == ("นายของฉัน", "อุปสรรคของผู้อื่น",
                                                                      "คำชี้แจงของผู้อื่น")
        assert editor.fields["obstacles"].value() == "อุปสรรคของผู้อื่น"
    finally:
        other.close()


def test_f5_shows_other_users_changes_and_the_poll_tells_theirs_from_mine(window, qtbot):
    editor = window.current_editor()
    item_id = first_activity(editor)
    watcher = window.watcher
    watcher.poll()
    assert window.current_editor().model.setData(
        editor.model.index_of(item_id, editor.model.column_of("remark")), "ของฉันเอง")
    assert not watcher.poll()                       # my own commit is not news
    other = other_user(window)
    try:
        with other.transaction() as s:
            items.update_item(s, item_id, title="ชื่อที่ผู้อื่นแก้")
    finally:
        other.close()
    messages: list[str] = []
    watcher.sig_external_change.connect(lambda: messages.append(window.statusBar().currentMessage()))
    assert watcher.poll()
    assert "กด F5" in window.statusBar().currentMessage()
    assert window.act_refresh.shortcut().toString() == "F5"
    assert editor.model.row(item_id).title != "ชื่อที่ผู้อื่นแก้"
    editor.select_item(item_id)
    window.act_refresh.trigger()
    assert editor.model.row(item_id).title == "ชื่อที่ผู้อื่นแก้"
    assert editor.current_item_id() == item_id                  # still on the same row
    assert "แสดงข้อมูลล่าสุดแล้ว" in window.statusBar().currentMessage()


def test_an_officer_sees_why_plans_and_other_units_reports_are_read_only(round_window, qtbot, monkeypatch):
    win, data = round_window
    with win.ws.transaction() as s:   # started by the planning office
        reports.get_or_create(s, data.indicators[3].id, data.rounds[0].id)
    monkeypatch.setenv(reports.LOGIN_ENV, "boss")
    with win.ws.transaction() as s:
        permissions.set_user(s, "boss", "หัวหน้า", "planner")
        permissions.set_user(s, "suda", "นางสุดา", "officer", "กองคลัง")
    monkeypatch.setenv(reports.LOGIN_ENV, "suda")
    win.refresh_screen()
    plan_id = next(iter(win.editors), None)
    if plan_id is None:
        return
    editor = win.open_plan(plan_id)
    editor.model.reload()
    editor._refresh_heading()
    assert "ดูได้อย่างเดียว" in editor.heading.text() and "ผู้วางแผน" in editor.heading.text()
    index = editor.model.index_of(editor.model.item_ids()[0], editor.model.column_of("title"))
    assert not editor.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    win._update_plan_actions()
    assert not win.act_insert_below.isEnabled() and not win.act_delete.isEnabled()

    screen = open_round(win, data.rounds[0].id)
    screen.open_indicator(data.indicators[3].id)
    report = screen.editor
    assert report.refusal and "หน่วยงานตนเอง" in report.refusal
    assert report.state_message.isVisibleTo(report) and "ดูได้อย่างเดียว" in report.state_message.text()
    assert report.fields["result"].editor.isReadOnly()
    assert not report.submit_button.isEnabled() and not report.review_button.isEnabled()
    assert "เฉพาะผู้วางแผน" in report.review_button.toolTip()
    assert not report.commit_field("result")


def test_users_dialog_adds_an_officer_and_refuses_locking_out_its_planner(window, qtbot, monkeypatch):
    from app.ui.users_dialog import UsersDialog

    monkeypatch.setenv(reports.LOGIN_ENV, "boss")
    dialog = UsersDialog(window.ws, window)
    qtbot.addWidget(dialog)
    assert dialog.help.isVisibleTo(dialog) and "ทุกคน" in dialog.help.text()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert not dialog.add_user(dict(login="somchai", display_name="นายสมชาย", role="officer", unit="กองคลัง"))
    assert shown and "ผู้วางแผน" in shown[0]
    assert dialog.add_user(dict(login="boss", display_name="หัวหน้า", role="planner", unit=""))
    assert dialog.add_user(dict(login="somchai", display_name="นายสมชาย", role="officer", unit="กองคลัง"))
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 2).text() == "เจ้าหน้าที่ (officer)"
    assert "หัวหน้า" in dialog.me.text()
    monkeypatch.setenv(reports.LOGIN_ENV, "somchai")
    dialog.reload()
    assert not dialog.add_button.isEnabled() and "ได้เฉพาะผู้วางแผน" in dialog.add_button.toolTip()
