"""File menu backup entries (app/ui/backup_dialogs.py) and the crash dialog (app/ui/crash_dialog.py),
driven through the real main window; file dialogs and questions are answered by monkeypatch."""
from __future__ import annotations

import sqlite3
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services import backups, logs, plans
from app.services import workspace_archive as archive
from app.ui import backup_dialogs
from tests.ui.conftest import ARTIFACTS


def action(window, text: str):
    for act in window.menuBar().actions()[0].menu().actions():
        if act.text() == text:
            return act
    raise AssertionError(f"no File menu entry {text!r}")


def plan_titles(ws) -> list[str]:
    with ws.session() as s:
        return [p.title for p in plans.list_plans(s)]


@pytest.fixture
def answers(monkeypatch):
    """Record questions and warnings; answer Yes."""
    seen = {"question": [], "warning": [], "information": []}

    def record(kind, answer=None):
        def box(parent, title, text, *args, **kwargs):
            seen[kind].append(text)
            return answer
        return box

    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    return seen


def test_file_menu_has_the_four_entries(window):
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    for text in ("สำรองข้อมูลเดี๋ยวนี้", "กู้คืนจากสำเนา…", "ส่งออกพื้นที่ทำงานเป็นไฟล์เดียว…",
                 "นำเข้าพื้นที่ทำงานจากไฟล์…"):
        assert text in texts
    assert texts.index("นำเข้าพื้นที่ทำงานจากไฟล์…") < texts.index("ออก")


def test_back_up_now(window, answers):
    path = window.ws.path
    before = len(backups.list_backups(path))
    action(window, "สำรองข้อมูลเดี๋ยวนี้").trigger()
    made = backups.list_backups(path)
    assert len(made) == before + 1 and made[0].reason == "manual"
    assert str(made[0].path) in window.statusBar().currentMessage()


def test_restore_reopens_the_restored_workspace(window, answers, monkeypatch):
    path = window.ws.path
    kept = backups.create_backup(path, "manual")
    titles = plan_titles(window.ws)
    with window.ws.transaction() as s:
        plans.create_plan(s, plans.get_or_create_unit(s, "หน่วยทดสอบ"), 2568, "แผนที่จะหายไป")
    window.refresh_navigator()
    old_ws = window.ws
    monkeypatch.setattr(backup_dialogs, "choose_backup", lambda win, p: kept.path)
    action(window, "กู้คืนจากสำเนา…").trigger()
    assert answers["question"] and kept.path.name in answers["question"][0]
    assert answers["warning"] == []
    assert window.ws is not old_ws and window.ws.path == path
    assert plan_titles(window.ws) == titles
    assert window.current_editor() is not None  # the first plan is open again
    safety = [b for b in backups.list_backups(path) if b.reason == "restore"]
    assert len(safety) == 1
    con = sqlite3.connect(safety[0].path)
    try:
        assert ("แผนที่จะหายไป",) in con.execute("SELECT title FROM plan").fetchall()
    finally:
        con.close()


def test_restore_refuses_a_file_that_is_not_a_workspace(window, answers, monkeypatch, tmp_path):
    bogus = tmp_path / "รายงาน.plandesk"
    bogus.write_text("ไม่ใช่ฐานข้อมูล", "utf-8")
    old_ws = window.ws
    titles = plan_titles(old_ws)
    monkeypatch.setattr(backup_dialogs, "choose_backup", lambda win, p: bogus)
    action(window, "กู้คืนจากสำเนา…").trigger()
    assert answers["warning"] and "ไม่ใช่ไฟล์พื้นที่ทำงาน PlanDesk" in answers["warning"][0]
    assert answers["question"] == []
    assert window.ws is old_ws and plan_titles(window.ws) == titles


def test_restore_dialog_lists_the_backups_newest_first(window, qtbot):
    path = window.ws.path
    first = backups.create_backup(path, "manual")
    second = backups.create_backup(path, "manual")
    dialog = backup_dialogs.RestoreDialog(path, window)
    qtbot.addWidget(dialog)
    labels = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(labels) == len(backups.list_backups(path)) and "สำรองเอง" in labels[0]
    dialog.accept()
    assert dialog.chosen == second.path != first.path


def test_export_and_import_through_the_menu(window, answers, monkeypatch, tmp_path):
    out = tmp_path / "ย้ายเครื่อง.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action(window, "ส่งออกพื้นที่ทำงานเป็นไฟล์เดียว…").trigger()
    assert archive.read_manifest(out).source_name == window.ws.path.name
    assert answers["question"] == []  # nothing was there to overwrite
    action(window, "ส่งออกพื้นที่ทำงานเป็นไฟล์เดียว…").trigger()
    assert len(answers["question"]) == 1 and "เขียนทับ" in answers["question"][0]

    titles = plan_titles(window.ws)
    target = tmp_path / "อีกเครื่อง" / "งาน.plandesk"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action(window, "นำเข้าพื้นที่ทำงานจากไฟล์…").trigger()
    assert window.ws.path == target and plan_titles(window.ws) == titles
    assert answers["warning"] == []


def test_import_refuses_a_zip_that_is_not_ours(window, answers, monkeypatch, tmp_path):
    other = tmp_path / "รูปภาพ.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.txt", "x")
    old_ws = window.ws
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    action(window, "นำเข้าพื้นที่ทำงานจากไฟล์…").trigger()
    assert answers["warning"] and "ไม่ใช่ไฟล์พื้นที่ทำงาน PlanDesk" in answers["warning"][0]
    assert window.ws is old_ws


# ---- crash dialog ---------------------------------------------------------------------------------
@pytest.fixture
def crash_handler(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import qInstallMessageHandler

    from app.ui.application import create_app
    from app.ui.crash_dialog import install_crash_handler

    # Chain to no-ops, not to pytest's own hooks (which would fail the test on purpose-made errors).
    monkeypatch.setattr(sys, "excepthook", lambda *exc: None)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)
    log_path = logs.setup_logging(tmp_path / "บันทึก")
    reporter = install_crash_handler(create_app())
    yield reporter, log_path
    if reporter.dialog is not None:
        reporter.dialog.close()
    logs.uninstall_excepthooks()
    qInstallMessageHandler(None)
    logs.shutdown_logging()


def test_crash_shows_a_thai_dialog_with_the_log_location(window, qtbot, crash_handler):
    reporter, log_path = crash_handler
    try:
        raise RuntimeError("ทดสอบข้อผิดพลาด")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert str(log_path) in dialog.path_label.text()
    assert "RuntimeError: ทดสอบข้อผิดพลาด" in dialog.summary_label.text()
    assert "ไม่มีข้อมูลสูญหาย" in dialog.findChildren(type(dialog.path_label))[1].text()
    assert "Traceback" in dialog.details.toPlainText() and not dialog.details.isVisible()
    assert "RuntimeError: ทดสอบข้อผิดพลาด" in log_path.read_text("utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().toImage().save(str(ARTIFACTS / "crash_dialog.png"))
    dialog.toggle_button.click()
    assert dialog.details.isVisible()
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert str(log_path) in QGuiApplication.clipboard().text()
    QGuiApplication.clipboard().clear()
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_crash_in_a_worker_thread_reaches_the_dialog_on_the_gui_thread(window, qtbot, crash_handler):
    reporter, log_path = crash_handler

    def work():
        raise ValueError("งานเบื้องหลังล้มเหลว")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert "ValueError: งานเบื้องหลังล้มเหลว" in reporter.dialog.summary_label.text()
    assert reporter.dialog.thread() is window.thread()


def test_qt_critical_messages_are_logged(crash_handler):
    from PySide6.QtCore import qCritical

    _reporter, log_path = crash_handler
    qCritical("ข้อความร้ายแรงจาก Qt")
    logs._handler.flush()
    assert "Qt: ข้อความร้ายแรงจาก Qt" in Path(log_path).read_text("utf-8")
