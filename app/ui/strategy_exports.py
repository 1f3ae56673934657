"""Export a strategy plan's round results as PDF (overview + one form per KPI), in the background."""
from __future__ import annotations

import io

from PySide6.QtWidgets import QWidget

from app.services import strategy
from app.services.printing.document import PrintOptions
from app.services.workspace import Workspace
from app.ui.agreement_exports import _ask_path
from app.ui.print_jobs import load_options, show_error, show_status, write_file
from app.ui.tasks import Progress, Task, run_task

TITLE = "ผลการดำเนินงานตามแผนกลยุทธ์"


def export_strategy_pdf(parent: QWidget, ws: Workspace, plan_id: int, round_id: int | None,
                        plan: strategy.StrategyPlanData, path: str | None = None) -> Task | None:
    from app.services.printing.strategy_pdf import write_strategy_pdf

    if round_id is None:
        show_status(parent, "แผนนี้ยังไม่มีรอบการรายงาน")
        return None
    round_label = next((r.label for r in plan.rounds if r.id == round_id), "")
    path = path or _ask_path(parent, TITLE, f"แผนกลยุทธ์_{plan.be_year}_{round_label}.pdf")
    if path is None:
        return None
    # seed 004 prints Thai digits; the font follows the print options
    options = PrintOptions(thai_digits=True, prefer_th_sarabun=load_options().prefer_th_sarabun)

    def work(progress: Progress) -> int:
        buffer = io.BytesIO()
        progress(0, 0, f"กำลังจัดหน้า{TITLE}…")
        with ws.session() as session:
            pages = write_strategy_pdf(session, plan_id, round_id, buffer, options)
        write_file(path, buffer.getvalue())
        return pages

    task = run_task(work, parent, f"กำลังส่งออก{TITLE}\n{path}")
    task.sig_done.connect(lambda pages: show_status(parent, f"ส่งออก{TITLE} {pages:,} หน้าแล้ว: {path}"))
    task.sig_failed.connect(lambda exc: show_error(parent, f"ส่งออก{TITLE}ไม่สำเร็จ", exc))
    return task
