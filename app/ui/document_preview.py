"""ตัวอย่างก่อนพิมพ์ for any form, not only plans: the plan preview (app/ui/print_preview.py) driven by a
`Document` — a title, a default file name, the form's own digits and orientation, and a function that
writes the PDF through a session. Export and Print reuse the PDF on screen.

Factories below make the Document of each round form (indicator report, the round's reports, the
round summary, a memo, the strategy results, the plan progress report)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from types import SimpleNamespace
from typing import BinaryIO, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy.orm import Session

from app.services.printing.document import PrintOptions
from app.services.workspace import Workspace
from app.ui import print_jobs
from app.ui.print_preview import PrintPreviewDialog
from app.ui.tasks import Progress, Task, run_task

Writer = Callable[[Session, BinaryIO, PrintOptions], int]


@dataclass(frozen=True)
class Document:
    title: str              # "สรุปผลคะแนนรอบ"
    file_name: str          # suggested in the save dialog
    write: Writer           # writes the PDF with a session of the worker's own; returns the pages
    thai_digits: bool       # the form's own default (seed 001/003: Arabic; seed 004, memos: Thai)
    landscape: bool = False


def make_pdf(ws: Workspace, document: Document, options: PrintOptions, progress: Progress) -> print_jobs.PlanPdf:
    progress(0, 0, f"กำลังจัดหน้า{document.title}…")
    buffer = io.BytesIO()
    with ws.session() as session:
        pages = document.write(session, buffer, options)
    return print_jobs.PlanPdf(buffer.getvalue(), pages or 0, options)


class DocumentPreviewDialog(PrintPreviewDialog):
    def __init__(self, ws: Workspace, document: Document, parent=None):
        self.document = document
        self._ready = False          # the base class asks for a PDF before the options are the form's
        super().__init__(ws, SimpleNamespace(id=None, title=document.title), parent)
        self.option_boxes.pop("heading_subtotals").hide()   # plans only
        box = self.option_boxes["thai_digits"]
        box.blockSignals(True)
        box.setChecked(document.thai_digits)
        box.blockSignals(False)
        self._ready = True
        self.refresh()

    def refresh(self) -> Task | None:
        if not self._ready:
            return None
        if self._task is not None:
            self._task.cancel()
        ws, document, options = self.ws, self.document, self.options()
        task = Task(lambda progress: make_pdf(ws, document, options, progress))
        self._task = task
        task.sig_progress.connect(lambda done, total, text: self._progress(task, text))
        task.sig_done.connect(lambda pdf: self._made(task, pdf))
        task.sig_failed.connect(lambda exc: self._failed(task, exc))
        self.status.setText("กำลังจัดหน้า…")
        self._update_controls()
        return task.start()

    def options(self) -> PrintOptions:
        return PrintOptions(**{field: box.isChecked() for field, box in self.option_boxes.items()})

    def _options_changed(self) -> None:
        self.refresh()   # the digits are this form's, not the plans' remembered option

    def _made(self, task: Task, pdf) -> None:
        super()._made(task, pdf)
        if self.pdf is pdf:
            self.status.setText(f"{len(self.pages):,} หน้า · A4 {'แนวนอน' if self.document.landscape else 'แนวตั้ง'}")

    def export_pdf(self, path: str | None = None) -> Task | None:
        from app.ui.agreement_exports import _ask_path

        path = path or _ask_path(self, self.document.title, self.document.file_name)
        if path is None or self.pdf is None:
            return None
        pdf, title, parent = self.pdf, self.document.title, self.parentWidget() or self

        def work(progress: Progress) -> int:
            progress(0, 0, "กำลังบันทึกไฟล์…")
            print_jobs.write_file(path, pdf.data)
            return pdf.pages

        task = run_task(work, self, f"กำลังส่งออก{title}\n{path}")
        task.sig_done.connect(lambda pages: print_jobs.show_status(parent, f"ส่งออก{title} {pages:,} หน้าแล้ว: {path}"))
        task.sig_failed.connect(lambda exc: print_jobs.show_error(self, f"ส่งออก{title}ไม่สำเร็จ", exc))
        return task

    def print_plan(self) -> Task | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if self.document.landscape
                                   else QPageLayout.Orientation.Portrait)
        printer.setDocName(self.document.title)
        return print_jobs.print_plan(self, self.ws, self.info, printer=printer, options=self.pdf.options, pdf=self.pdf)


def open_document_preview(parent, ws: Workspace, document: Document) -> DocumentPreviewDialog:
    """Open the preview over `parent` (window-modal, returns at once; deleted when closed)."""
    dialog = DocumentPreviewDialog(ws, document, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is not None:
        size = parent.window().size()
        dialog.resize(max(900, int(size.width() * 0.85)), max(640, int(size.height() * 0.92)))
    dialog.open()
    return dialog


# ---- the round forms ------------------------------------------------------------------------------
def report_document(report_id: int, file_name: str = "รายงานผลตัวชี้วัด.pdf") -> Document:
    from app.services.printing.report_pdf import write_report_pdf

    return Document("รายงานผลตัวชี้วัด", file_name, lambda s, fh, o: write_report_pdf(s, report_id, fh, o), False)


def round_reports_document(round_id: int, file_name: str = "รายงานผลตัวชี้วัดทั้งรอบ.pdf") -> Document:
    from app.services.printing.report_pdf import write_round_reports_pdf

    return Document("รายงานผลตัวชี้วัดทั้งรอบ", file_name,
                    lambda s, fh, o: write_round_reports_pdf(s, round_id, fh, o), False)


def summary_document(round_id: int, file_name: str = "สรุปผลคะแนน.pdf") -> Document:
    from app.services.printing.summary_pdf import write_summary_pdf

    return Document("สรุปผลคะแนนรอบ", file_name, lambda s, fh, o: write_summary_pdf(s, round_id, fh, o), False)


def memo_document(memo_id: int, file_name: str = "บันทึกข้อความ.pdf") -> Document:
    from app.services.printing.memo_pdf import write_memo_pdf

    return Document("บันทึกข้อความ", file_name, lambda s, fh, o: write_memo_pdf(s, memo_id, fh, o), True)


def strategy_document(plan_id: int, round_id: int, file_name: str = "แผนกลยุทธ์.pdf") -> Document:
    from app.services.printing.strategy_pdf import write_strategy_pdf

    return Document("ผลการดำเนินงานตามแผนกลยุทธ์", file_name,
                    lambda s, fh, o: write_strategy_pdf(s, plan_id, round_id, fh, o), True, landscape=True)


def progress_document(plan_id: int, values, file_name: str = "ผลการดำเนินงานตามแผน.pdf") -> Document:
    """`values`: app.ui.progress_exports.ProgressExport (round line, month, attachment, digits)."""
    from app.services.printing.progress_pdf import write_progress_pdf

    return Document("รายงานผลการดำเนินงานตามแผน", file_name,
                    lambda s, fh, o: write_progress_pdf(s, plan_id, fh, o, values.period_label, values.as_of,
                                                        values.attachment), values.thai_digits, landscape=True)
