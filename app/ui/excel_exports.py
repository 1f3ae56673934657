"""File > ส่งออก Excel…: the plan, agreement framework or round scores on screen as an .xlsx
workbook, written in the background (app/services/excel_export.py makes it)."""
from __future__ import annotations

import os
import re

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.services.workspace import Workspace
from app.ui.print_jobs import FOLDER_KEY, show_error, show_status, write_file
from app.ui.tasks import Progress, Task, run_task

WHAT = {"plan": "แผนปฏิบัติการ", "agreement": "กรอบการประเมินของคำรับรอง", "round": "ผลคะแนนของรอบ"}


def _file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|]+', " ", text).strip() + ".xlsx"


def current_target(window) -> tuple[str, int] | None:
    """("plan" | "agreement" | "round", id) of what the main window shows, or None."""
    editor = window.current_editor()
    if editor is not None:
        return "plan", editor.model.info.id
    screen = window.current_agreement_screen()
    if screen is not None:
        return "agreement", screen.model.agreement.id
    round_id = getattr(window.stack.currentWidget(), "round_id", None)
    return ("round", round_id) if isinstance(round_id, int) else None


def suggested_name(ws: Workspace, kind: str, target_id: int) -> str:
    from app.services import agreements, plans
    from app.services.excel_scores import round_name

    with ws.session() as session:
        if kind == "plan":
            info = plans.plan_info(session, target_id)
            return _file_name(f"แผนปฏิบัติการ_{info.be_year}_{info.unit_name}")
        if kind == "agreement":
            data = agreements.load_agreement(session, target_id)
            return _file_name(f"กรอบการประเมิน_{data.be_year}_{data.unit_name}")
        label, be_year = round_name(session, target_id)
        return _file_name(f"ผลคะแนน_{label}_{be_year}")


def ask_xlsx_path(parent: QWidget, kind: str, name: str) -> str | None:
    settings = QSettings()
    folder = str(settings.value(FOLDER_KEY, "") or "") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    path, _ = QFileDialog.getSaveFileName(parent, f"ส่งออก{WHAT[kind]}เป็น Excel", os.path.join(folder, name),
                                          "สมุดงาน Excel (*.xlsx)")
    if not path:
        return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    settings.setValue(FOLDER_KEY, os.path.dirname(path))
    return path


def export_excel(parent: QWidget, ws: Workspace, kind: str, target_id: int, path: str | None = None) -> Task | None:
    """Ask where (unless `path` is given), then write the workbook in the background."""
    from app.services.excel_export import (agreement_workbook_bytes, plan_workbook_bytes,
                                           round_scores_workbook_bytes)

    path = path or ask_xlsx_path(parent, kind, suggested_name(ws, kind, target_id))
    if path is None:
        return None
    make = {"plan": plan_workbook_bytes, "agreement": agreement_workbook_bytes,
            "round": round_scores_workbook_bytes}[kind]
    what = WHAT[kind]

    def work(progress: Progress) -> str:
        progress(0, 0, f"กำลังสร้างไฟล์ Excel ของ{what}…")
        with ws.session() as session:
            data = make(session, target_id)
        progress(0, 0, "กำลังบันทึกไฟล์…")
        write_file(path, data)
        return path

    task = run_task(work, parent, f"กำลังส่งออก{what}เป็น Excel\n{path}")
    task.sig_done.connect(lambda written: show_status(parent, f"ส่งออก{what}เป็น Excel แล้ว: {written}"))
    task.sig_failed.connect(lambda exc: show_error(parent, f"ส่งออก{what}เป็น Excel ไม่สำเร็จ", exc))
    return task


def export_current(window) -> Task | None:
    """The main window's File > ส่งออก Excel…"""
    target = current_target(window)
    if target is None:
        window.statusBar().showMessage("เปิดแผน คำรับรอง หรือรอบก่อนส่งออกเป็น Excel", 4000)
        return None
    return export_excel(window, window.ws, *target)
