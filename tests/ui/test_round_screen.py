"""The round screen, driven through the real main window: the navigator lists each agreement's
rounds, a round opens its screen, the dashboard counts the reports, the list opens a report."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services import agreements
from app.services.demo import build_demo_agreement
from app.services.workspace import open_workspace
from app.ui.navigator import ROUND_ID_ROLE, ROUNDS_GROUP


@pytest.fixture
def round_window(qtbot, tmp_path, sqlite_demo_template, monkeypatch):
    """The main window on the demo plan plus seed 002's agreement (FY 2566, rounds 6/9 months)."""
    from PySide6.QtCore import QSettings

    from app.ui.application import create_app
    from app.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    create_app()
    path = tmp_path / "rounds.plandesk"
    shutil.copyfile(sqlite_demo_template[0], path)
    ws = open_workspace(path)
    with ws.transaction() as session:
        agreement_id = build_demo_agreement(session)
    with ws.session() as session:
        data = agreements.load_agreement(session, agreement_id)
    win = MainWindow(ws)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win, data


def round_item(win, round_id):
    item = win.navigator.round_item(round_id)
    assert item is not None, "the round is not in the navigator"
    return item


def open_round(win, round_id):
    win.navigator.setCurrentItem(round_item(win, round_id))
    screen = win.stack.currentWidget()
    assert type(screen).__name__ == "RoundScreen" and screen.round_id == round_id
    return screen


def test_the_navigator_lists_each_agreements_rounds_with_period_and_due(round_window):
    win, data = round_window
    six = data.rounds[0]
    item = round_item(win, six.id)
    assert item.text(0) == six.label == "รอบ ๖ เดือน"
    assert item.parent().text(0) == ROUNDS_GROUP
    agreement = item.parent().parent()
    assert agreement is win.navigator.agreement_item(data.id)
    assert "ข้อมูลตั้งแต่ 1 ต.ค. 65 ถึง 31 มี.ค. 66" in item.toolTip(0)
    assert "ยังไม่กำหนดวันส่ง" in item.toolTip(0)
    # Round items are not mistaken for the agreement or an indicator.
    assert win.navigator.agreement_ids().count(data.id) == 1
    labels = [agreement.child(i).text(0) for i in range(agreement.childCount())]
    assert labels[-1] == ROUNDS_GROUP and len(labels) == len(data.indicators) + 1   # indicators first
    # Indicators shown again (after an edit) keep the rounds, and a selected round stays selected.
    win.navigator.setCurrentItem(item)
    win.navigator.set_indicators(data.id, [(i.id, i.number) for i in data.indicators])
    assert win.navigator.round_item(six.id) is not None
    last = agreement.child(agreement.childCount() - 1)
    assert last.text(0) == ROUNDS_GROUP and last.child(0).data(0, ROUND_ID_ROLE) == six.id
    assert win.navigator.currentItem().data(0, ROUND_ID_ROLE) == six.id


def test_a_round_opens_its_screen_with_the_dashboard_and_more_tabs_can_be_added(round_window, qtbot):
    win, data = round_window
    screen = open_round(win, data.rounds[0].id)
    titles = [screen.tabs.tabText(i) for i in range(screen.tabs.count())]
    assert titles == ["ภาพรวมรอบนี้", "รายงานตัวชี้วัด", "สรุปผลรอบ", "อุทธรณ์", "บันทึกข้อความ"]
    assert screen.dashboard.count_labels["not_started"].text() == str(len(data.indicators))
    assert screen.dashboard.reports.topLevelItemCount() == len(data.indicators)
    index = screen.add_page(QLabel("สรุปผลรอบ"), "สรุปผลรอบ")
    assert screen.tabs.tabText(index) == "สรุปผลรอบ"
    assert open_round(win, data.rounds[0].id) is screen   # opened once, shown again
    assert "ส่งแล้ว 0/6 รายงาน" in win.total_label.text()


def test_the_dashboard_counts_days_to_the_due_date(round_window):
    from app.ui.round_dashboard import RoundDashboard

    win, data = round_window
    six = data.rounds[0]
    with win.ws.transaction() as session:
        agreements.update_round(session, six.id, due=dt.date(2023, 4, 10))
    board = RoundDashboard(win.ws, six.id, today=dt.date(2023, 4, 13))
    assert "เลยกำหนด 3 วัน" in board.due_label.text() and "กำหนดส่ง 10 เม.ย. 66" in board.due_label.text()
    board.today = dt.date(2023, 3, 29)
    board.refresh()
    assert "เหลือ 12 วัน" in board.due_label.text()
    assert "มีนาคม" in board.activities_box.title()
    board.deleteLater()


def test_double_click_or_enter_on_the_list_opens_the_report(round_window, qtbot):
    win, data = round_window
    screen = open_round(win, data.rounds[0].id)
    screen.tabs.setCurrentWidget(screen.reports_page)
    view = screen.list_view
    rect = view.visualRect(screen.model.index(3, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    fourth = data.indicators[3]
    assert screen.editor.view is not None and screen.editor.view.indicator.id == fourth.id
    assert screen.model.rows[3].report_id == screen.editor.report_id   # made on first open
    assert screen.model.rows[3].state_label == "ร่าง"

    view.setFocus()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert screen.editor.view.indicator.id == data.indicators[0].id

    # From the dashboard: double-click a report due.
    screen.tabs.setCurrentWidget(screen.dashboard)
    assert screen.dashboard.count_labels["draft"].text() == "2"
    tree = screen.dashboard.reports
    item = tree.topLevelItem(2)
    tree.itemDoubleClicked.emit(item, 1)
    assert screen.tabs.currentWidget() is screen.reports_page
    assert screen.editor.view.indicator.id == data.indicators[2].id
