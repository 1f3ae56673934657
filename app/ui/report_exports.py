"""พิมพ์/ส่งออก PDF of round reports (seed 001): one report, or every indicator of the round in one
file, made in the background with progress like the other exports."""
from __future__ import annotations

import importlib
import io

from PySide6.QtWidgets import QWidget

from app.services.printing.document import PrintOptions
from app.services.workspace import Workspace
from app.ui.agreement_exports import _ask_path
from app.ui.print_jobs import load_options, show_error, show_status, write_file
from app.ui.tasks import Progress, Task, run_task

PRINT_MODULE = "app.services.printing.report_pdf"


def _writer(name: str):
    """The print module's writer, or None while it is not part of this build."""
    try:
        return getattr(importlib.import_module(PRINT_MODULE), name)
    except (ImportError, AttributeError):
        return None


def available() -> bool:
    return _writer("write_report_pdf") is not None


def export_reports(parent: QWidget, ws: Workspace, what: str, target_id: int, file_name: str,
                   path: str | None = None) -> Task | None:
    """what = "report" (target_id is a report) or "round" (a round: every indicator's report).
    Without `path` the save dialog asks. Seed 001 prints Arabic digits; the font follows the options."""
    write = _writer("write_report_pdf" if what == "report" else "write_round_reports_pdf")
    title = "รายงานผลตัวชี้วัด" if what == "report" else "รายงานผลตัวชี้วัดทั้งรอบ"
    if write is None:
        show_status(parent, "ยังพิมพ์รายงานผลตัวชี้วัดไม่ได้ในรุ่นนี้")
        return None
    path = path or _ask_path(parent, title, file_name)
    if path is None:
        return None
    options = PrintOptions(thai_digits=False, prefer_th_sarabun=load_options().prefer_th_sarabun)

    def work(progress: Progress) -> int:
        buffer = io.BytesIO()
        progress(0, 0, f"กำลังจัดหน้า{title}…")
        with ws.session() as session:
            pages = write(session, target_id, buffer, options,
                          on_page=lambda n: progress(n, 0, f"จัดหน้าแล้ว {n:,} หน้า"))
        progress(0, 0, "กำลังบันทึกไฟล์…")
        write_file(path, buffer.getvalue())
        return pages or 0

    task = run_task(work, parent, f"กำลังส่งออก{title}\n{path}")
    task.sig_done.connect(lambda pages: show_status(parent, f"ส่งออก{title} {pages:,} หน้าแล้ว: {path}"))
    task.sig_failed.connect(lambda exc: show_error(parent, f"ส่งออก{title}ไม่สำเร็จ", exc))
    return task
