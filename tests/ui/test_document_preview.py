"""ตัวอย่างก่อนพิมพ์ for the round forms: the plan preview driven by a Document (strategy, progress, round
summary, memo, indicator reports); the pages on screen are the file exported."""
from __future__ import annotations

import io

import pypdf
import pytest

from app.ui import document_preview, progress_exports
from app.ui.navigator import ROUND_ID_ROLE, STRATEGY_ID_ROLE
from tests.print_support import nfkc, squash, unfold_am
from tests.ui.conftest import ARTIFACTS
from tests.ui.test_navigator_rounds import full_window  # noqa: F401  (fixture)


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return squash(unfold_am(nfkc("\n".join(page.extract_text() for page in reader.pages))))


def rendered(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.pdf is not None and dialog._task is None, timeout=60_000)
    assert dialog.pages is not None and len(dialog.pages) == dialog.pdf.pages > 0
    return dialog


@pytest.fixture
def preview_dialogs():
    opened = []
    yield opened
    for dialog in opened:
        dialog.reject()


def test_strategy_preview_then_export_what_is_on_screen(qtbot, monkeypatch, full_window, tmp_path,  # noqa: F811
                                                        preview_dialogs):
    win = full_window
    win.navigator.setCurrentItem(next(i for i in win.navigator._items() if i.data(0, STRATEGY_ID_ROLE)))
    screen = win.stack.currentWidget()
    screen.round_combo.setCurrentIndex(screen.round_combo.findText("รอบ ๖ เดือน"))
    screen.preview_button.click()
    dialog = next(d for d in win.findChildren(document_preview.DocumentPreviewDialog))
    preview_dialogs.append(dialog)
    rendered(qtbot, dialog)
    assert dialog.windowTitle() == "ตัวอย่างก่อนพิมพ์ — ผลการดำเนินงานตามแผนกลยุทธ์"
    assert dialog.status.text().endswith("A4 แนวนอน")
    assert "heading_subtotals" not in dialog.option_boxes          # a plans-only option
    assert dialog.option_boxes["thai_digits"].isChecked()           # seed 004 prints Thai digits
    assert "๒๘.๘๓" in text_of(dialog.pdf.data)
    ARTIFACTS.mkdir(exist_ok=True)
    dialog.grab().save(str(ARTIFACTS / "document_preview_strategy.png"))

    dialog.option_boxes["thai_digits"].setChecked(False)
    rendered(qtbot, dialog)
    assert "28.83" in text_of(dialog.pdf.data) and "๒๘.๘๓" not in text_of(dialog.pdf.data)
    out = tmp_path / "strategy.pdf"
    monkeypatch.setattr("app.ui.agreement_exports._ask_path", lambda parent, title, name: str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > 0, timeout=30_000)
    assert out.read_bytes() == dialog.pdf.data


def test_progress_preview_from_the_export_dialog(qtbot, monkeypatch, full_window, preview_dialogs):  # noqa: F811
    win = full_window
    plan_id = next(p for p in win.navigator.plan_ids() if "4.16" in win.open_plan(p).model.info.title)
    info = win.open_plan(plan_id).model.info

    def choose_preview(dialog):
        dialog.period_edit.setText("รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567)")
        dialog.month_combo.setCurrentIndex(dialog.month_combo.findText("มีนาคม 2567"))
        dialog.preview_button.click()
        return dialog.result()

    monkeypatch.setattr(progress_exports.ProgressExportDialog, "exec", choose_preview)
    dialog = progress_exports.export_progress_pdf(win, win.ws, info)
    assert isinstance(dialog, document_preview.DocumentPreviewDialog)
    preview_dialogs.append(dialog)
    rendered(qtbot, dialog)
    assert dialog.status.text().endswith("A4 แนวนอน") and not dialog.option_boxes["thai_digits"].isChecked()
    assert squash("รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567) ประจำเดือนมีนาคม 2567") in text_of(dialog.pdf.data)


def test_round_summary_and_memo_previews(qtbot, full_window, preview_dialogs):  # noqa: F811
    from app.ui.memo_editor import MemoEditor
    from app.ui.round_summary_view import RoundSummaryView

    win = full_window
    round_id = next(i.data(0, ROUND_ID_ROLE) for i in win.navigator._items() if i.data(0, ROUND_ID_ROLE) is not None)
    screen = win.open_round(round_id)
    summary = screen.findChildren(RoundSummaryView)[0]
    dialog = rendered(qtbot, summary.preview_pdf())
    preview_dialogs.append(dialog)
    assert dialog.status.text().endswith("A4 แนวตั้ง") and not dialog.option_boxes["thai_digits"].isChecked()
    assert squash("สรุปผล") in text_of(dialog.pdf.data)
    memo = screen.findChildren(MemoEditor)[0]
    if memo.current() is not None:
        dialog = rendered(qtbot, memo.preview_pdf())
        preview_dialogs.append(dialog)
        assert dialog.option_boxes["thai_digits"].isChecked() and "บันทึกข้อความ" in text_of(dialog.pdf.data)


def test_indicator_report_documents(qtbot, full_window, preview_dialogs):  # noqa: F811
    from sqlalchemy import select

    from app.models.report import RoundReport

    win = full_window
    with win.ws.session() as s:
        report = s.scalars(select(RoundReport)).first()
        report_id, round_id = report.id, report.round_id
    one = rendered(qtbot, document_preview.open_document_preview(win, win.ws, document_preview.report_document(report_id)))
    preview_dialogs.append(one)
    whole = rendered(qtbot, document_preview.open_document_preview(
        win, win.ws, document_preview.round_reports_document(round_id)))
    preview_dialogs.append(whole)
    assert whole.pdf.pages >= one.pdf.pages
