"""Export the agreement and its KPI templates as PDF, in the background with progress."""
from __future__ import annotations

import io
import os

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.services.printing.document import PrintOptions
from app.services.workspace import Workspace
from app.ui.print_jobs import FOLDER_KEY, load_options, show_error, show_status, write_file
from app.ui.tasks import Progress, Task, run_task

DOCUMENTS = {
    "agreement": ("คำรับรองการปฏิบัติราชการ", "คำรับรอง"),
    "kpi-templates": ("รายละเอียดตัวชี้วัด", "รายละเอียดตัวชี้วัด"),
}


def _ask_path(parent: QWidget, title: str, name: str) -> str | None:
    settings = QSettings()
    folder = str(settings.value(FOLDER_KEY, "") or "") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    path, _ = QFileDialog.getSaveFileName(parent, f"ส่งออก{title}เป็น PDF", os.path.join(folder, name),
                                          "เอกสาร PDF (*.pdf)")
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    settings.setValue(FOLDER_KEY, os.path.dirname(path))
    return path


def export_agreement_document(parent: QWidget, ws: Workspace, agreement_id: int, be_year: int, unit: str,
                              document: str) -> Task | None:
    """Ask where, then write the agreement ("agreement") or its KPI templates ("kpi-templates")."""
    from app.services.printing.agreement_pdf import write_agreement_pdf, write_kpi_templates_pdf

    title, stem = DOCUMENTS[document]
    path = _ask_path(parent, title, f"{stem}_{be_year}_{unit}.pdf")
    if path is None:
        return None
    # Formal documents print Thai digits, as seed 002 does; the font choice follows the print options.
    options = PrintOptions(thai_digits=True, prefer_th_sarabun=load_options().prefer_th_sarabun)
    write = write_agreement_pdf if document == "agreement" else write_kpi_templates_pdf

    def work(progress: Progress) -> int:
        buffer = io.BytesIO()
        progress(0, 0, f"กำลังจัดหน้า{title}…")
        with ws.session() as session:
            pages = write(session, agreement_id, buffer, options,
                          on_page=lambda n: progress(n, 0, f"จัดหน้าแล้ว {n:,} หน้า"))
        progress(0, 0, "กำลังบันทึกไฟล์…")
        write_file(path, buffer.getvalue())
        return pages

    task = run_task(work, parent, f"กำลังส่งออก{title}\n{path}")
    task.sig_done.connect(lambda pages: show_status(parent, f"ส่งออก{title} {pages:,} หน้าแล้ว: {path}"))
    task.sig_failed.connect(lambda exc: show_error(parent, f"ส่งออก{title}ไม่สำเร็จ", exc))
    return task
