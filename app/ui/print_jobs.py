"""Export PDF… and Print… for a plan, and the print options remembered in QSettings ("print/…").

The PDF is made on the worker thread by app.services.printing with a session of its own; for
printing, the worker also renders each page to an image (pdfium) and hands it over, and the GUI
thread paints it onto the printer page.
"""
from __future__ import annotations

import errno
import io
import logging
import os
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QRectF, QSettings, QStandardPaths
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from app import APP_NAME
from app.services.errors import PlanDeskError
from app.services.plan_data import PlanInfo
from app.services.printing.document import PrintOptions
from app.services.printing.plan_pdf import write_plan_pdf
from app.services.workspace import Workspace
from app.ui.pdf_pages import PdfPages
from app.ui.tasks import Progress, Task, TaskProgressDialog, run_task

log = logging.getLogger(__name__)

OPTION_KEYS = (("thai_digits", "print/thai_digits"), ("prefer_th_sarabun", "print/prefer_th_sarabun"),
               ("heading_subtotals", "print/heading_subtotals"))
FOLDER_KEY = "print/folder"
# Pages go to the printer as images. 300 dpi keeps a landscape A4 page at 26 MB (RGB) while
# printing; a 1200 dpi "HighResolution" printer would need 400 MB a page.
PRINT_DPI_LIMIT = 300


# ---- options ----------------------------------------------------------------------------
def load_options() -> PrintOptions:
    settings, defaults = QSettings(), PrintOptions()
    return PrintOptions(**{field: settings.value(key, getattr(defaults, field), type=bool)
                           for field, key in OPTION_KEYS})


def save_options(options: PrintOptions) -> None:
    settings = QSettings()
    for field, key in OPTION_KEYS:
        settings.setValue(key, bool(getattr(options, field)))


# ---- making the PDF (worker thread) -------------------------------------------------------
@dataclass(frozen=True)
class PlanPdf:
    data: bytes
    pages: int
    options: PrintOptions


def make_plan_pdf(ws: Workspace, plan_id: int, options: PrintOptions, progress: Progress) -> PlanPdf:
    """The plan's PDF in memory, read through a session of this thread's own."""
    buffer = io.BytesIO()
    progress(0, 0, "กำลังอ่านแผน…")
    with ws.session() as session:
        pages = write_plan_pdf(session, plan_id, buffer, options,
                               on_page=lambda n: progress(n, 0, f"จัดหน้าแล้ว {n:,} หน้า"))
    return PlanPdf(buffer.getvalue(), pages, options)


def file_error_message(path: str, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        why = "ไม่มีสิทธิ์เขียนไฟล์นี้ หรือไฟล์เปิดอยู่ในโปรแกรมอื่น"
    elif isinstance(exc, FileNotFoundError):
        why = "ไม่พบโฟลเดอร์ที่จะบันทึก"
    elif isinstance(exc, IsADirectoryError):
        why = "ชื่อนี้เป็นโฟลเดอร์"
    elif exc.errno == errno.ENOSPC:
        why = "พื้นที่ดิสก์เต็ม"
    else:
        why = exc.strerror or str(exc)
    return f"บันทึกไฟล์ “{path}” ไม่ได้ — {why}"


def write_file(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as file:
            file.write(data)
    except OSError as exc:
        raise PlanDeskError(file_error_message(path, exc)) from exc


# ---- telling the user -------------------------------------------------------------------
def error_text(exc: BaseException) -> str:
    if isinstance(exc, PlanDeskError):
        return exc.message
    log.error("printing failed", exc_info=exc)
    return f"เกิดข้อผิดพลาดที่ไม่คาดคิด: {type(exc).__name__}: {exc}"


def show_error(parent: QWidget, title: str, exc: BaseException) -> None:
    text = error_text(exc)
    if shiboken6.isValid(parent):
        QMessageBox.warning(parent, f"{APP_NAME} — {title}", f"{title}\n\n{text}")


def show_status(widget: QWidget, text: str) -> None:
    """On the status bar of the main window that `widget` belongs to."""
    while widget is not None and shiboken6.isValid(widget):
        if isinstance(widget, QMainWindow):
            widget.statusBar().showMessage(text, 20000)
            return
        widget = widget.parentWidget()


# ---- Export PDF… ----------------------------------------------------------------------------
def default_pdf_name(info: PlanInfo) -> str:
    return f"แผนปฏิบัติการ_{info.be_year}.pdf"


def ask_pdf_path(parent: QWidget, info: PlanInfo) -> str | None:
    settings = QSettings()
    folder = str(settings.value(FOLDER_KEY, "") or "") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    path, _ = QFileDialog.getSaveFileName(parent, "ส่งออก PDF", os.path.join(folder, default_pdf_name(info)),
                                          "เอกสาร PDF (*.pdf)")
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    settings.setValue(FOLDER_KEY, os.path.dirname(path))
    return path


def export_plan_pdf(parent: QWidget, ws: Workspace, info: PlanInfo, options: PrintOptions | None = None,
                    pdf: PlanPdf | None = None) -> Task | None:
    """Ask where, then write the plan's PDF there in the background (`pdf`: one already made)."""
    path = ask_pdf_path(parent, info)
    if path is None:
        return None
    options = options or load_options()

    def work(progress: Progress) -> int:
        made = pdf or make_plan_pdf(ws, info.id, options, progress)
        progress(0, 0, "กำลังบันทึกไฟล์…")
        write_file(path, made.data)
        return made.pages

    task = run_task(work, parent, f"กำลังส่งออก PDF\n{path}")
    task.sig_done.connect(lambda pages: show_status(parent, f"ส่งออก PDF {pages:,} หน้าแล้ว: {path}"))
    task.sig_failed.connect(lambda exc: show_error(parent, "ส่งออก PDF ไม่สำเร็จ", exc))
    return task


# ---- Print… ---------------------------------------------------------------------------------
def plan_printer(info: PlanInfo) -> QPrinter:
    """A4 landscape, as plans are laid out."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setDocName(info.title)
    return printer


class _PagePainter:
    """GUI side of a print job: paints each page image onto the printer, one sheet each."""

    def __init__(self, printer: QPrinter, task_cancel):
        self.printer = printer
        self.painter: QPainter | None = None
        self.pages = 0
        self.failed = False
        self._cancel = task_cancel

    def paint(self, image: QImage) -> None:
        if self.failed:
            return
        if self.painter is None:
            self.painter = QPainter()
            if not self.painter.begin(self.printer):
                self.painter, self.failed = None, True
                self._cancel()
                return
        elif not self.printer.newPage():
            self.failed = True
            self._cancel()
            return
        sheet = self.painter.viewport()
        scale = min(sheet.width() / image.width(), sheet.height() / image.height())
        width, height = image.width() * scale, image.height() * scale
        target = QRectF(sheet.x() + (sheet.width() - width) / 2, sheet.y() + (sheet.height() - height) / 2,
                        width, height)
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.painter.drawImage(target, image)
        self.pages += 1

    def finish(self, completed: bool) -> None:
        if self.painter is not None:
            if not completed:
                self.printer.abort()
            self.painter.end()
            self.painter = None


def print_plan(parent: QWidget, ws: Workspace, info: PlanInfo, printer: QPrinter | None = None,
               options: PrintOptions | None = None, pdf: PlanPdf | None = None, ask: bool = True) -> Task | None:
    """Print the plan: the print dialog (unless ask=False), then the PDF made and its pages
    rendered on the worker, painted here. Returns the running task, or None if cancelled."""
    printer = printer or plan_printer(info)
    if ask:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("พิมพ์แผน")
        dialog.setMinMax(1, pdf.pages if pdf else 9999)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
    options = options or load_options()
    printer.setFullPage(True)  # the whole sheet is ours: the PDF pages carry their own margins
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    grayscale = printer.colorMode() == QPrinter.ColorMode.GrayScale
    page_range = printer.printRange() == QPrinter.PrintRange.PageRange
    first, last = (printer.fromPage(), printer.toPage()) if page_range else (0, 0)

    def work(progress: Progress) -> int:
        made = pdf or make_plan_pdf(ws, info.id, options, progress)
        start = max(first, 1) - 1 if first else 0
        stop = min(last, made.pages) if last else made.pages
        indexes = range(start, stop)
        with PdfPages(made.data) as pages:
            for done, index in enumerate(indexes):
                progress(done, len(indexes), f"กำลังส่งหน้า {index + 1:,} ไปยังเครื่องพิมพ์")
                progress.deliver(pages.render_dpi(index, dpi, grayscale))
        progress(len(indexes), len(indexes), "")
        return len(indexes)

    task = Task(work)
    sink = _PagePainter(printer, task.cancel)
    task.sig_item.connect(sink.paint)
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName()

    def finished():
        sink.finish(task.state == "done" and not sink.failed)
        if sink.failed:
            show_error(parent, "พิมพ์ไม่สำเร็จ", PlanDeskError(
                f"เขียนไฟล์ “{printer.outputFileName()}” ไม่ได้" if to_file
                else f"เริ่มพิมพ์ที่เครื่องพิมพ์ “{printer.printerName()}” ไม่ได้"))
        elif task.state == "done":
            show_status(parent, f"พิมพ์แผน {sink.pages:,} หน้าลงไฟล์ {printer.outputFileName()} แล้ว" if to_file
                        else f"ส่งแผน {sink.pages:,} หน้าไปยังเครื่องพิมพ์ {printer.printerName()} แล้ว")
        elif task.state == "failed":
            show_error(parent, "พิมพ์ไม่สำเร็จ", task.error)

    task.sig_finished.connect(finished)
    TaskProgressDialog(task, "กำลังพิมพ์แผน…", parent)
    return task.start()
