"""The report editor driven through its real widgets: the score follows what is typed, bad input is
refused in Thai and nothing is saved, steps drive the milestone score and the deduction, evidence
and attachments, submit / review / reopen with a reason, the history, undo and the PDF export."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.services import reports
from tests.ui.helpers import type_text
from tests.ui.test_round_screen import open_round, round_window  # noqa: F401,F811  (a fixture)

ARTIFACT_DIR = __import__("pathlib").Path(__file__).resolve().parents[1] / "_artifacts"


def stored(win, report_id) -> reports.ReportView:
    with win.ws.session() as session:
        return reports.load_report(session, report_id)


@pytest.fixture
def numeric(round_window):
    """Indicator 4 (ร้อยละ, 95 / 97.5 / 100 → 50 / 75 / 100 points, weight 15) opened in the 6-month round."""
    win, data = round_window
    screen = open_round(win, data.rounds[0].id)
    report_id = screen.open_indicator(data.indicators[3].id)
    screen.editor.tabs.setCurrentIndex(1)
    return win, screen, screen.editor, report_id


def tick(qtbot, box) -> None:
    """Click the box where a user would: on its tick mark (its middle may be empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def finish(qtbot, field) -> None:
    qtbot.keyClick(field.editor, Qt.Key.Key_Return)


def test_the_score_follows_the_typed_result_and_is_saved_when_finished(numeric, qtbot):
    win, screen, editor, report_id = numeric
    result = editor.fields["result"]
    result.editor.setFocus()
    qtbot.keyClicks(result.editor, "97.5")
    assert editor.score_label.text() == "75.00"
    assert editor.weighted_label.text() == "11.25"
    assert "11.25" in editor.strip_weighted.text()
    assert stored(win, report_id).result == ""            # only a preview so far
    finish(qtbot, result)
    view = stored(win, report_id)
    assert view.result == "97.5" and view.score == Decimal("75") and view.weighted == Decimal("11.25")
    assert screen.model.rows[3].score == Decimal("75")    # the round's list shows it
    assert any("ผลการดำเนินงาน" in t and "97.5" in t for t in editor.history.texts())

    result.editor.selectAll()
    qtbot.keyClicks(result.editor, "100")
    assert editor.score_label.text() == "100.00"
    finish(qtbot, result)
    assert stored(win, report_id).score == Decimal("100")
    win.act_undo.trigger()                                  # Ctrl+Z through the main window's undo group
    assert stored(win, report_id).result == "97.5"
    assert result.editor.text() == "97.5" and editor.score_label.text() == "75.00"


def test_a_result_that_is_not_a_number_is_refused_in_thai_and_nothing_is_saved(numeric, qtbot):
    win, screen, editor, report_id = numeric
    result = editor.fields["result"]
    result.editor.setFocus()
    qtbot.keyClicks(result.editor, "97.5")
    finish(qtbot, result)
    result.editor.selectAll()
    type_text(result.editor, "เก้าสิบ")
    assert not result.error.isHidden() and "ไม่ใช่ตัวเลข" in result.error.text()
    assert editor.score_label.text() == "—"
    finish(qtbot, result)
    assert "ไม่ใช่ตัวเลข" in win.statusBar().currentMessage()
    assert stored(win, report_id).result == "97.5" and stored(win, report_id).score == Decimal("75")

    result.editor.selectAll()
    qtbot.keyClicks(result.editor, "120")                  # ร้อยละ: 0–100 only
    finish(qtbot, result)
    assert "เกินร้อยละ 100" in result.error.text()
    assert stored(win, report_id).result == "97.5"

    budget = editor.fields["budget_disbursed"]
    budget.editor.setFocus()
    type_text(budget.editor, "สองหมื่น")
    finish(qtbot, budget)
    assert not budget.error.isHidden() and budget.error.text()
    assert stored(win, report_id).budget_disbursed is None
    budget.editor.selectAll()
    qtbot.keyClicks(budget.editor, "12,500.50")
    finish(qtbot, budget)
    assert stored(win, report_id).budget_disbursed == Decimal("12500.50")


def test_ticking_levels_and_round_steps_drives_the_milestone_score_and_deduction(round_window, qtbot):
    win, data = round_window
    screen = open_round(win, data.rounds[0].id)
    report_id = screen.open_indicator(data.indicators[0].id)   # levels in words; −10 when steps are left
    editor = screen.editor
    editor.tabs.setCurrentIndex(1)
    assert len(editor.step_boxes) == 3 and len(editor.round_step_boxes) == 4
    for box in editor.step_boxes[:2]:
        tick(qtbot, box)
    assert editor.score_label.text() == "75.00" and editor.level_reached.text() == "ระดับ 2"
    assert stored(win, report_id).steps_done == (True, True, False)
    for box in editor.round_step_boxes:
        tick(qtbot, box)
    assert not editor.deduct_box.isChecked()
    tick(qtbot, editor.round_step_boxes[3])   # one step left undone
    assert editor.deduct_box.isChecked()
    view = stored(win, report_id)
    assert view.deduct and view.score == Decimal("65") and view.weighted == Decimal("13")
    assert editor.score_label.text() == "65.00"
    assert [b.isChecked() for b in editor.round_step_boxes] == [True, True, True, False]
    # Shown again as stored after opening another report and coming back.
    screen.open_indicator(data.indicators[3].id)
    screen.open_indicator(data.indicators[0].id)
    assert [b.isChecked() for b in editor.round_step_boxes] == [True, True, True, False]
    assert [b.isChecked() for b in editor.step_boxes] == [True, True, False]


def test_evidence_attachments_submit_review_and_reopen(numeric, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from app.ui import report_evidence

    win, screen, editor, report_id = numeric
    panel = editor.evidence
    editor.tabs.setCurrentWidget(panel)

    def fill(dialog):
        dialog.title_edit.setText("คำสั่งสำนักงานเลขานุการกรม ที่ 2/2567")
        dialog.reference_edit.setText("2/2567")
        dialog.link_edit.setText("https://secretary.dld.go.th")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_evidence.EvidenceDialog, "exec", fill)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.references.topLevelItemCount() == 1
    assert panel.references.topLevelItem(0).text(0) == "คำสั่งสำนักงานเลขานุการกรม ที่ 2/2567"
    assert stored(win, report_id).evidence[0].link == "https://secretary.dld.go.th"

    def bad_link(dialog):
        dialog.title_edit.setText("เว็บไซต์")
        dialog.link_edit.setText("secretary dld")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_evidence.EvidenceDialog, "exec", bad_link)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert "http://" in panel.error.text() and len(stored(win, report_id).evidence) == 1

    evidence_file = tmp_path / "แผนปรับปรุงกระบวนการ.pdf"
    evidence_file.write_bytes(b"%PDF-1.4 evidence")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(evidence_file)], ""))
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    assert panel.files.topLevelItemCount() == 1
    assert panel.files.topLevelItem(0).text(0) == "แผนปรับปรุงกระบวนการ.pdf"
    evidence_file.unlink()                                   # the workspace keeps its own copy
    opened = []
    monkeypatch.setattr(report_evidence.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.files.setCurrentItem(panel.files.topLevelItem(0))
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    extracted = opened[0].toLocalFile()
    assert extracted.endswith("แผนปรับปรุงกระบวนการ.pdf")
    assert open(extracted, "rb").read() == b"%PDF-1.4 evidence"

    # Submit with the required headings empty: the message, and the state stays ร่าง.
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    assert not editor.state_message.isHidden()
    assert "ยังไม่ได้กรอก" in editor.state_message.text() and "ผลการดำเนินงาน" in editor.state_message.text()
    assert stored(win, report_id).state == "draft"

    editor.tabs.setCurrentIndex(1)
    result = editor.fields["result"]
    result.editor.setFocus()
    qtbot.keyClicks(result.editor, "100")
    finish(qtbot, result)
    editor.tabs.setCurrentIndex(2)
    actions = editor.fields["actions"]
    actions.editor.setFocus()
    type_text(actions.editor, "เบิกจ่ายตามแผน")
    qtbot.keyClick(actions.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    name = editor.fields["preparer_name"]
    name.editor.setFocus()
    type_text(name.editor, "นางสาวตรุณี คำรอด")
    finish(qtbot, name)
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    assert stored(win, report_id).state == "submitted" and editor.state_message.isHidden()
    assert editor.state_label.text().strip() == "ส่งแล้ว"

    qtbot.mouseClick(editor.review_button, Qt.MouseButton.LeftButton)
    assert stored(win, report_id).state == "reviewed"
    assert result.editor.isReadOnly() and actions.editor.isReadOnly() and name.editor.isReadOnly()
    assert not panel.add_button.isEnabled() and not panel.attach_button.isEnabled()
    assert panel.open_button.isEnabled()                     # evidence can still be read
    assert not editor.submit_button.isEnabled() and editor.reopen_button.isEnabled()
    assert screen.model.rows[3].state_label == "ตรวจแล้ว (ล็อก)"

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("   ", True))
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert "ต้องระบุเหตุผล" in editor.state_message.text()
    assert stored(win, report_id).state == "reviewed"
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("แก้ผลตามหลักฐานใหม่", True))
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert stored(win, report_id).state == "draft" and not result.editor.isReadOnly()
    history = editor.history.texts()
    assert history[0] == "เปิดแก้ไข เหตุผล: แก้ผลตามหลักฐานใหม่"    # newest first
    assert "ตรวจแล้วและล็อกรายงาน" in history and "ส่งรายงาน" in history
    assert any(t.startswith("แนบไฟล์ “แผนปรับปรุงกระบวนการ.pdf”") for t in history)
    assert any(t.startswith("เพิ่มหลักฐาน") for t in history)


def test_export_this_report_as_pdf_in_the_background(numeric, qtbot, tmp_path):
    win, screen, editor, report_id = numeric
    target = tmp_path / "report.pdf"
    task = editor.export_pdf("report", str(target))
    assert task is not None
    qtbot.waitUntil(lambda: task.finished, timeout=20000)
    assert task.state == "done" and task.result >= 1
    assert target.read_bytes().startswith(b"%PDF")
    task = editor.export_pdf("round", str(tmp_path / "round.pdf"))
    qtbot.waitUntil(lambda: task.finished, timeout=30000)
    assert task.state == "done" and task.result >= 6


def test_screenshot_of_the_report_editor_at_1280x800(round_window, qtbot):
    win, data = round_window
    screen = open_round(win, data.rounds[0].id)
    screen.open_indicator(data.indicators[0].id)
    editor = screen.editor
    editor.tabs.setCurrentIndex(1)
    for box in editor.step_boxes[:2]:
        tick(qtbot, box)
    win.resize(1280, 800)
    QApplication.processEvents()
    ARTIFACT_DIR.mkdir(exist_ok=True)
    assert win.grab().save(str(ARTIFACT_DIR / "report_editor.png"))
