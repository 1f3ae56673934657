"""Plan progress in the main window: มุมมอง › แสดงผลการดำเนินงาน kept in step with the plan grid's own
toggle, and ไฟล์ › ส่งออกรายงานผลการดำเนินงานตามแผน (PDF)… with its round line / "as of" month dialog."""
from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from PySide6.QtWidgets import QDialog

from app.services.demo_progress import build_demo_progress, progress_demo_data
from app.services.workspace import open_workspace
from app.ui import progress_exports
from tests.print_support import nfkc, squash, unfold_am
from tests.ui.conftest import ARTIFACTS

REPORT = progress_demo_data()["report"]


@pytest.fixture
def progress_window(qtbot, demo_file, tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.application import create_app
    from app.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    path, _ = demo_file
    ws = open_workspace(path)
    with ws.transaction() as session:
        plan_id = build_demo_progress(session)
    create_app()
    win = MainWindow(ws)
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    win.progress_plan_id = plan_id
    return win


def menu_named(win, title):
    return next(a.menu() for a in win.menuBar().actions() if a.text() == title)


def text_of(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return squash(unfold_am(nfkc("\n".join(page.extract_text() for page in reader.pages))))


def test_view_menu_entry_follows_the_plan_on_screen(qtbot, progress_window):
    win = progress_window
    action = win.act_progress_view
    assert action in menu_named(win, "มุมมอง").actions() and action.isCheckable()
    first = win.current_editor()
    assert first is not None and action.isEnabled() and not action.isChecked()

    action.trigger()                                    # the menu turns the grid's progress on
    assert first.act_progress.isChecked() and first.model.show_progress and first.progress_panel.isVisible()
    first.act_progress.setChecked(False)                # the grid's own button (Ctrl+Shift+R) turns it off
    assert not action.isChecked() and not first.model.show_progress
    first.act_progress.setChecked(True)
    assert action.isChecked()

    second = win.open_plan(win.progress_plan_id)        # another plan, progress off: the menu shows that
    assert second is not first and not action.isChecked()
    action.trigger()
    assert second.model.show_progress and first.model.show_progress
    second.act_progress.setChecked(False)
    win.open_plan(first.model.plan_id)
    assert action.isChecked()                            # back to the first plan, still on

    from app.services.demo_strategy import build_demo_strategy
    from app.ui.navigator import STRATEGY_ID_ROLE

    with win.ws.transaction() as session:
        build_demo_strategy(session)
    win.refresh_navigator()
    win.navigator.setCurrentItem(next(i for i in win.navigator._items() if i.data(0, STRATEGY_ID_ROLE)))
    assert win.current_editor() is None
    assert not action.isEnabled() and not action.isChecked() and not win.act_export_progress.isEnabled()


def test_export_progress_with_round_line_and_month(qtbot, monkeypatch, progress_window, tmp_path):
    win = progress_window
    editor = win.open_plan(win.progress_plan_id)
    assert win.act_export_progress in menu_named(win, "ไฟล์").actions() and win.act_export_progress.isEnabled()
    seen = []

    def fill(dialog):
        dialog.show()
        seen.append((dialog.period_edit.text(), dialog.month_combo.currentText(), dialog.sample.text()))
        dialog.period_edit.setText(REPORT["round"])
        dialog.month_combo.setCurrentIndex(dialog.month_combo.findText("มีนาคม 2567"))
        dialog.attachment_edit.setText(REPORT["attachment"])
        seen.append(dialog.sample.text())
        ARTIFACTS.mkdir(exist_ok=True)
        dialog.grab().save(str(ARTIFACTS / "progress_export_dialog.png"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(progress_exports.ProgressExportDialog, "exec", fill)
    out = tmp_path / "ผลการดำเนินงาน.pdf"
    asked = []
    monkeypatch.setattr(progress_exports, "_ask_path", lambda parent, title, name: asked.append(name) or str(out))
    win.act_export_progress.trigger()
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > 0, timeout=60_000)
    qtbot.waitUntil(lambda: "แล้ว" in win.statusBar().currentMessage(), timeout=30_000)
    assert asked == ["ผลการดำเนินงานตามแผน_2567.pdf"]
    assert seen[1] == "รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567) ประจำเดือนมีนาคม 2567"
    text = text_of(out)
    for part in (REPORT["attachment"], "รายงานผลการดำเนินงานตามแผนขับเคลื่อน",
                 "รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567) ประจำเดือนมีนาคม 2567"):
        assert squash(part) in text, part
    assert "ต.ค.66" in text or "พ.ย.66" in text   # Arabic digits, as seed 003 prints

    # the round line is remembered for this plan; cancelling writes nothing
    monkeypatch.setattr(progress_exports.ProgressExportDialog, "exec",
                        lambda d: seen.append(d.period_edit.text()) or QDialog.DialogCode.Rejected)
    assert progress_exports.export_progress_pdf(win, win.ws, editor.model.info) is None
    assert seen[-1] == REPORT["round"] and len(asked) == 1


def test_dialog_defaults_and_values(qtbot, progress_window):
    win = progress_window
    info = win.open_plan(win.progress_plan_id).model.info
    dialog = progress_exports.ProgressExportDialog(info, win)
    qtbot.addWidget(dialog)
    months = [dialog.month_combo.itemText(i) for i in range(dialog.month_combo.count())]
    assert months[0] == progress_exports.NO_MONTH and len(months) == 1 + len(
        __import__("app.services.fiscal", fromlist=["x"]).month_range(info.window_start, info.window_end))
    dialog.month_combo.setCurrentIndex(0)
    dialog.period_edit.setText("")
    assert dialog.sample.text() == "(ไม่มีบรรทัดรอบ)"
    assert dialog.values() == progress_exports.ProgressExport("", None, "", False)
    dialog.thai_check.setChecked(True)
    dialog.month_combo.setCurrentIndex(dialog.month_combo.findText("เมษายน 2567"))
    assert dialog.values().as_of == dt.date(2024, 4, 1) and dialog.values().thai_digits
    assert dialog.sample.text() == "ประจำเดือนเมษายน 2567"
    # the default month: this month inside the plan's months, else the nearer end
    assert progress_exports.default_as_of(info, dt.date(2020, 5, 17)) == info.window_start.replace(day=1)
    assert progress_exports.default_as_of(info, dt.date(2099, 1, 2)) == info.window_end.replace(day=1)
    inside = info.window_start.replace(day=1) if info.window_start.month != 12 else info.window_start
    assert progress_exports.default_as_of(info, inside.replace(day=20)) == inside.replace(day=1)
