"""Printing from the window: the background-task helper, Export PDF…, the print preview and
printing through QPrinter (to a PDF file, the print dialog bypassed)."""
from __future__ import annotations

import io
import threading
import time

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.services.errors import PlanDeskError
from app.services.printing.document import PrintOptions
from app.services.printing.plan_pdf import write_plan_pdf
from app.ui import print_jobs, tasks
from app.ui.print_preview import PrintPreviewDialog
from app.ui.tasks import Task, TaskProgressDialog, run_task
from tests.ui.conftest import ARTIFACTS


@pytest.fixture(autouse=True)
def idle_worker():
    """No test leaves work running on the worker thread for the next one."""
    yield
    assert tasks.cancel_all(20_000), "a background task did not stop"


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def service_page_count(window, options=PrintOptions()) -> int:
    info = window.current_editor().model.info
    with window.ws.session() as session:
        return write_plan_pdf(session, info.id, io.BytesIO(), options)


# ---- the task helper --------------------------------------------------------------------
def test_task_runs_off_the_gui_thread_and_reports_on_it(qtbot):
    gui = threading.get_ident()
    progress_seen, done_seen = [], []

    def work(progress):
        for step in (1, 2, 3):
            progress(step, 3, f"ขั้นที่ {step}")
            time.sleep(tasks.PROGRESS_INTERVAL_S + 0.02)  # every step is reported
        return threading.get_ident()

    task = Task(work)
    task.sig_progress.connect(lambda done, total, text: progress_seen.append(
        (done, total, text, threading.get_ident())))
    task.sig_done.connect(lambda result: done_seen.append(threading.get_ident()))
    with qtbot.waitSignal(task.sig_done, timeout=10_000) as blocker:
        task.start()
    assert blocker.args[0] != gui, "the function ran on the GUI thread"
    assert task.state == "done" and task.result == blocker.args[0]
    assert [p[:3] for p in progress_seen] == [(1, 3, "ขั้นที่ 1"), (2, 3, "ขั้นที่ 2"), (3, 3, "ขั้นที่ 3")]
    assert {p[3] for p in progress_seen} == {gui} and done_seen == [gui]


def test_task_delivers_the_exception_on_the_gui_thread(qtbot):
    gui = threading.get_ident()
    handled_on = []

    def work(progress):
        raise PlanDeskError("ไม่พบแผนนี้")

    task = Task(work)
    task.sig_failed.connect(lambda exc: handled_on.append(threading.get_ident()))
    with qtbot.waitSignals([task.sig_failed, task.sig_finished], timeout=10_000):
        task.start()
    assert isinstance(task.error, PlanDeskError) and task.error.message == "ไม่พบแผนนี้"
    assert task.state == "failed" and task.result is None
    assert handled_on == [gui]


def test_cancel_ends_the_task_at_its_next_progress_call(qtbot):
    started = threading.Event()
    calls = []

    def work(progress):
        started.set()
        for step in range(1000):
            calls.append(step)
            progress(step)
            time.sleep(0.01)
        return "finished anyway"

    task = Task(work)
    with qtbot.assertNotEmitted(task.sig_done), qtbot.waitSignal(task.sig_cancelled, timeout=10_000):
        task.start()
        assert started.wait(5)
        task.cancel()
    assert task.state == "cancelled" and len(calls) < 1000


def test_delivered_items_arrive_in_order_and_the_worker_waits_for_the_gui(qtbot):
    unhandled = []   # items produced but not yet handled, seen by the worker
    received = []
    lock = threading.Lock()

    def work(progress):
        for item in range(8):
            with lock:
                unhandled.append(len(received) - item)
            progress.deliver(item)
        return "ok"

    def handle(item):
        time.sleep(0.02)  # a slow painter
        with lock:
            received.append(item)

    task = Task(work)
    task.sig_item.connect(handle)
    with qtbot.waitSignal(task.sig_done, timeout=10_000):
        task.start()
    assert received == list(range(8))
    assert max(-u for u in unhandled) <= tasks.ITEMS_AHEAD


def test_progress_dialog_is_busy_then_cancels_the_task(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def work(progress):
        while True:
            progress(0, 0, "ยังไม่ทราบจำนวน")
            time.sleep(0.01)

    task = run_task(work, parent, "กำลังทดสอบ…")
    dialog = parent.findChild(TaskProgressDialog)
    assert dialog is not None and not dialog.isVisible(), "a quick task shows no dialog"
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert (dialog.minimum(), dialog.maximum()) == (0, 0), "unknown total: a busy bar"
    assert "กำลังทดสอบ…" in dialog.labelText()
    with qtbot.waitSignal(task.sig_cancelled, timeout=10_000):
        dialog.canceled.emit()  # what the ยกเลิก button does
    qtbot.waitUntil(lambda: parent.findChild(TaskProgressDialog) is None, timeout=5000)


# ---- the window's actions -----------------------------------------------------------------
def test_print_actions_in_the_file_menu_and_disabled_without_a_plan(qtbot, window, editor):
    assert window.act_preview.shortcut() == QKeySequence("Ctrl+Shift+P")
    assert window.act_export_pdf.shortcut() == QKeySequence("Ctrl+E")
    assert window.act_print.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    file_menu = window.menuBar().actions()[0].menu()
    assert {"ตัวอย่างก่อนพิมพ์…", "ส่งออก PDF…", "พิมพ์…"} <= {a.text() for a in file_menu.actions()}
    assert all(a.isEnabled() for a in (window.act_preview, window.act_export_pdf, window.act_print))
    window._close_plan(editor.model.plan_id)
    assert not any(a.isEnabled() for a in (window.act_preview, window.act_export_pdf, window.act_print))


def test_export_pdf_from_the_menu_writes_the_plan(qtbot, window, editor, monkeypatch, tmp_path):
    asked = []

    def save_name(parent, caption, default, filters):
        asked.append(default)
        return str(tmp_path / "แผน"), filters   # no suffix typed: .pdf is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.act_export_pdf.trigger()
    target = tmp_path / "แผน.pdf"
    qtbot.waitUntil(lambda: "ส่งออก PDF" in window.statusBar().currentMessage(), timeout=30_000)
    assert asked and asked[0].endswith("แผนปฏิบัติการ_2567.pdf")
    assert str(target) in window.statusBar().currentMessage()
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    pages, text = pdf_text(data)
    assert pages > 1 and pages == service_page_count(window)
    assert "รวมทั้งสิ้น" in text and "62,960.00" in text
    assert QSettings().value(print_jobs.FOLDER_KEY) == str(tmp_path)


def test_export_to_a_missing_folder_says_which_file(qtbot, window, editor, monkeypatch, tmp_path):
    target = tmp_path / "ไม่มีโฟลเดอร์นี้" / "แผน.pdf"
    warnings = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    window.act_export_pdf.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert "ส่งออก PDF ไม่สำเร็จ" in warnings[0]
    assert f"บันทึกไฟล์ “{target}” ไม่ได้" in warnings[0] and "ไม่พบโฟลเดอร์" in warnings[0]
    assert not target.exists()


# ---- the print preview ------------------------------------------------------------------------
def open_preview(qtbot, window) -> PrintPreviewDialog:
    window.act_preview.trigger()
    shown = [d for d in window.findChildren(PrintPreviewDialog) if d.isVisible()]
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=30_000)
    return dialog


def test_preview_pages_zoom_and_screenshot(qtbot, window, editor):
    dialog = open_preview(qtbot, window)
    count = dialog.pdf.pages
    assert count > 1 and count == service_page_count(window)
    assert dialog.page_label.text() == f"หน้า 1 จาก {count}"
    assert not dialog.prev_button.isEnabled() and dialog.next_button.isEnabled()
    first = dialog.image

    dialog.next_button.click()
    assert dialog.page_label.text() == f"หน้า 2 จาก {count}"
    assert dialog.prev_button.isEnabled() and dialog.image != first
    dialog.prev_button.click()
    assert dialog.page_label.text() == f"หน้า 1 จาก {count}" and dialog.image == first

    # Fit width: the whole width of the page is in the window, no sideways scrolling.
    assert dialog.fit_button.isChecked()
    assert not dialog.scroll.horizontalScrollBar().isVisible()
    assert dialog.page_view.width() > 0.9 * dialog.scroll.viewport().width()
    fit_width = dialog.image.width()
    dialog.zoom_in_button.click()
    assert dialog.image.width() > fit_width and not dialog.fit_button.isChecked()
    dialog.zoom_out_button.click()
    dialog.zoom_out_button.click()
    assert dialog.image.width() < fit_width
    dialog.fit_button.click()
    assert dialog.image.width() == fit_width and dialog.fit_button.isChecked()

    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = dialog.grab().toImage()
    assert shot.save(str(ARTIFACTS / "print_preview.png"))
    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(PrintPreviewDialog) is None, timeout=5000)


def test_preview_options_make_the_pdf_again_and_are_remembered(qtbot, window, editor):
    dialog = open_preview(qtbot, window)
    box = dialog.option_boxes["thai_digits"]
    assert not box.isChecked() and dialog.option_boxes["prefer_th_sarabun"].isChecked()
    before, before_text = dialog.image, pdf_text(dialog.pdf.data)[1]
    assert "๒๕๖๗" not in before_text
    with qtbot.waitSignal(dialog.sig_rendered, timeout=30_000):
        box.setChecked(True)
    assert dialog.pdf.options.thai_digits
    assert dialog.image != before, "the page on screen was rendered again"
    assert "๒๕๖๗" in pdf_text(dialog.pdf.data)[1]
    assert QSettings().value("print/thai_digits", type=bool) is True
    assert print_jobs.load_options() == PrintOptions(thai_digits=True)
    dialog.close()

    again = open_preview(qtbot, window)
    assert again.option_boxes["thai_digits"].isChecked() and again.pdf.options.thai_digits
    again.close()


def test_preview_drops_a_stale_pdf_when_options_change_quickly(qtbot, window, editor):
    dialog = open_preview(qtbot, window)
    subtotals = dialog.option_boxes["heading_subtotals"]
    subtotals.setChecked(True)
    first_run = dialog._task
    with qtbot.waitSignal(dialog.sig_rendered, timeout=30_000):
        subtotals.setChecked(False)   # before the first run can finish
    assert first_run.progress.cancelled
    assert dialog.pdf.options == PrintOptions()
    dialog.close()


# ---- printing -------------------------------------------------------------------------------
def test_print_to_a_pdf_file_through_qprinter(qtbot, window, editor, tmp_path):
    info = editor.model.info
    printer = print_jobs.plan_printer(info)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "พิมพ์.pdf"
    printer.setOutputFileName(str(target))
    task = print_jobs.print_plan(window, window.ws, info, printer, ask=False)
    with qtbot.waitSignal(task.sig_finished, timeout=60_000):
        pass
    assert task.state == "done", task.error
    reader = PdfReader(str(target))
    assert len(reader.pages) == task.result == service_page_count(window)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height), "plans print on landscape A4"
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    assert f"พิมพ์แผน {task.result} หน้าลงไฟล์" in window.statusBar().currentMessage()


def test_print_a_page_range(qtbot, window, editor, tmp_path):
    info = editor.model.info
    printer = print_jobs.plan_printer(info)
    printer.setResolution(96)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    task = print_jobs.print_plan(window, window.ws, info, printer, ask=False)
    with qtbot.waitSignal(task.sig_finished, timeout=60_000):
        pass
    assert task.result == 2 and len(PdfReader(str(tmp_path / "range.pdf")).pages) == 2


def test_printing_to_an_unwritable_file_says_which_file(qtbot, window, editor, tmp_path, monkeypatch):
    info = editor.model.info
    target = tmp_path / "ไม่มีโฟลเดอร์นี้" / "พิมพ์.pdf"
    printer = print_jobs.plan_printer(info)
    printer.setResolution(96)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    task = print_jobs.print_plan(window, window.ws, info, printer, ask=False)
    with qtbot.waitSignal(task.sig_finished, timeout=60_000):
        pass
    assert task.state == "cancelled"
    assert len(warnings) == 1 and f"เขียนไฟล์ “{target}” ไม่ได้" in warnings[0]
