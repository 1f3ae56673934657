"""The round's summary, appeals and memo pages driven through their real widgets on the demo's
seed 003 round. Screenshot for a person to look at: tests/_artifacts/round_summary.png."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pypdf
import pytest

from app.services.workspace import open_workspace
from tests.print_support import squash, unfold_am
from tests.ui.conftest import ARTIFACTS


@pytest.fixture
def seed003(qtbot, tmp_path):
    from app.services.demo_appeals import build_demo_appeals
    from app.services.rounds import find_round
    from app.ui.application import create_app

    create_app()
    ws = open_workspace(tmp_path / "ws.plandesk")
    with ws.transaction() as s:
        build_demo_appeals(s)
    with ws.session() as s:
        first = find_round(s, 2567, "รอบ 5 เดือนแรก", "กพร.")
        second = find_round(s, 2567, "รอบ 5 เดือนหลัง", "กพร.")
    yield ws, first, second
    ws.close()


def test_summary_table_and_chart(qtbot, seed003, tmp_path):
    from app.ui.round_summary_view import RoundSummaryView

    ws, _, second = seed003
    view = RoundSummaryView(ws, second)
    qtbot.addWidget(view)
    view.resize(1100, 650)
    view.show()
    qtbot.waitExposed(view)
    table = view.table
    assert table.rowCount() == 2
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert cells[0].startswith("4.16 ระดับความสำเร็จของการดำเนินงานจัดทำคำรับรองการปฏิบัติราชการ")
    assert cells[1:] == ["100", "ระดับ 4", "4.00", "4.0000", "3.00", "+1.00"]   # levels in words: level reached
    assert [table.item(1, c).text() for c in (0, 4, 5, 6)] == ["คะแนนรวม", "4.0000", "3.0000", "+1.0000"]
    bars = view.chart.bars
    assert [(b.current, b.previous) for b in bars] == [(Decimal("4.0000"), Decimal("3.0000"))]
    assert (view.chart.current_label, view.chart.previous_label) == ("รอบ ๕ เดือนหลัง", "รอบ ๕ เดือนแรก")
    assert view.chart.height() > 40
    ARTIFACTS.mkdir(exist_ok=True)
    assert view.grab().save(str(ARTIFACTS / "round_summary.png"))
    target = tmp_path / "summary.pdf"
    task = view.export_pdf(str(target))
    qtbot.waitUntil(lambda: task.finished, timeout=30_000)
    assert task.state == "done" and task.result >= 1
    text = unfold_am(squash("".join(p.extract_text() for p in pypdf.PdfReader(str(target)).pages)))
    assert "คะแนนรวม1004.00003.0000+1.0000" in text


def test_file_and_decide_an_appeal_then_the_summary_follows(qtbot, seed003):
    from app.ui.appeals_view import AppealsView
    from app.ui.round_summary_view import RoundSummaryView

    ws, first, _ = seed003
    view = AppealsView(ws, first)
    qtbot.addWidget(view)
    assert view.deadline.date_value() == dt.date(2024, 3, 21)
    assert view.indicator.count() == 1
    view.score_asked.setText("4")
    view.explanation.setPlainText("มีหลักฐานครบระดับ 4 ในระบบ DOC 4.0")
    view.filed_on.set_date_value(dt.date(2024, 3, 22))
    assert not view.file()
    assert "พ้นกำหนดอุทธรณ์แล้ว" in view.message.text() and view.table.rowCount() == 0
    view.filed_on.set_date_value(dt.date(2024, 3, 20))
    assert view.file() and view.table.rowCount() == 1
    assert view.table.item(0, 5).text() == "รอพิจารณา"
    view.table.selectRow(0)
    view.state.setCurrentIndex(view.state.findData("accepted"))
    view.decided_on.set_date_value(dt.date(2024, 3, 24))
    assert not view.decide() and "ต้องระบุคะแนนหลังการอุทธรณ์" in view.message.text()
    view.score_after.setText("4")
    assert view.decide()
    assert [view.table.item(0, c).text() for c in (2, 3, 5, 6)] == ["3.00", "4.00", "รับอุทธรณ์", "4.00"]
    summary = RoundSummaryView(ws, first)
    qtbot.addWidget(summary)
    assert summary.table.item(0, 3).text() == "4.00 (หลังอุทธรณ์ เดิม 3.00)"


def test_memo_editor_edits_creates_and_exports(qtbot, seed003, tmp_path):
    from app.services import memos
    from app.ui.memo_editor import MemoEditor

    ws, first, _ = seed003
    editor = MemoEditor(ws, first)
    qtbot.addWidget(editor)
    assert editor.picker.count() == 2
    assert editor.fields["number"].text() == "สธ ๐๙๒๖.๐๒/๖ ๒๕๕๕"
    assert editor.dated.date_value() == dt.date(2024, 3, 26)
    assert len(editor.paragraphs.toPlainText().split("\n\n")) == 2
    editor.fields["phone"].setText("๐ ๒๕๙๐ ๔๒๒๙")
    assert editor.save()
    editor.fields["subject"].setText("")
    assert not editor.save() and "กรุณาระบุเรื่อง" in editor.message.text()
    memo_id = editor.new_memo("appeal", "กองทดสอบ")
    assert memo_id is not None and editor.picker.count() == 3 and editor.current().id == memo_id
    assert editor.fields["department"].text() == "กองทดสอบ"
    with ws.session() as s:
        assert memos.list_memos(s, first, "announcement")[0].phone == "๐ ๒๕๙๐ ๔๒๒๙"
    target = tmp_path / "memo.pdf"
    task = editor.export_pdf(str(target))
    qtbot.waitUntil(lambda: task.finished, timeout=30_000)
    assert task.state == "done"
    text = unfold_am(squash(pypdf.PdfReader(str(target)).pages[0].extract_text()))
    assert "ส่วนราชการกองทดสอบ" in text and "ขออุทธรณ์คะแนน" in text
