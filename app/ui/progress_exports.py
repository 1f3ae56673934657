"""ไฟล์ › ส่งออกรายงานผลการดำเนินงานตามแผน (PDF)…: a small dialog for the round line and the "as of"
month (seed 003: "รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567) ประจำเดือนมีนาคม 2567"), then the plan's
progress report written in the background. The last round line and attachment line typed for a plan
are remembered (QSettings "progress/<plan id>/…")."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from app.services import fiscal
from app.services.plan_data import PlanInfo
from app.services.printing.document import PrintOptions
from app.services.workspace import Workspace
from app.ui.agreement_exports import _ask_path
from app.ui.print_jobs import load_options, show_error, show_status, write_file
from app.ui.tasks import Progress, Task, run_task

TITLE = "รายงานผลการดำเนินงานตามแผน"
NO_MONTH = "ไม่ระบุเดือน"


@dataclass(frozen=True)
class ProgressExport:
    period_label: str = ""
    as_of: dt.date | None = None
    attachment: str = ""
    thai_digits: bool = False     # seed 003 prints Arabic digits

    def round_line(self) -> str:
        from app.services.printing.progress_pdf import round_line

        return round_line(self.period_label, self.as_of)


def _key(plan_id: int, name: str) -> str:
    return f"progress/{plan_id}/{name}"


def default_as_of(info: PlanInfo, today: dt.date | None = None) -> dt.date:
    """This month when it lies in the plan's months, else the nearer end of them."""
    month = fiscal.first_of_month(today or dt.date.today())
    return min(max(month, fiscal.first_of_month(info.window_start)), fiscal.first_of_month(info.window_end))


class ProgressExportDialog(QDialog):
    def __init__(self, info: PlanInfo, parent=None):
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(f"ส่งออก{TITLE}")
        settings = QSettings()
        self.period_edit = QLineEdit(str(settings.value(_key(info.id, "period"), "") or ""))
        self.period_edit.setPlaceholderText("เช่น รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567)")
        self.month_combo = QComboBox()
        self.month_combo.addItem(NO_MONTH, None)
        for month in fiscal.month_range(info.window_start, info.window_end):
            self.month_combo.addItem(fiscal.month_label_long(month), month)
        self.month_combo.setCurrentIndex(max(0, self.month_combo.findData(default_as_of(info))))
        self.attachment_edit = QLineEdit(str(settings.value(_key(info.id, "attachment"), "") or ""))
        self.attachment_edit.setPlaceholderText("มุมขวาบน เช่น เอกสารแนบตัวชี้วัดที่ 4.16 (ไม่บังคับ)")
        self.thai_check = QCheckBox("ตัวเลขไทย (แบบฟอร์มต้นฉบับใช้เลขอารบิก)")
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        self.sample.setStyleSheet("color: #444;")
        form = QFormLayout()
        plan_label = QLabel(info.title)
        plan_label.setWordWrap(True)   # plan titles run to a whole line of the form
        form.addRow("แผน", plan_label)
        form.addRow("รอบ/ช่วงเวลา", self.period_edit)
        form.addRow("ข้อมูล ณ เดือน", self.month_combo)
        form.addRow("ข้อความมุมขวาบน", self.attachment_edit)
        form.addRow("", self.thai_check)
        form.addRow("บรรทัดใต้ชื่อรายงาน", self.sample)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("ส่งออก PDF…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        self.preview_requested = False
        preview = buttons.addButton("ตัวอย่างก่อนพิมพ์…", QDialogButtonBox.ButtonRole.ActionRole)
        preview.clicked.connect(self._preview)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons, self.preview_button = buttons, preview
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.period_edit.textChanged.connect(self._show_sample)
        self.month_combo.currentIndexChanged.connect(self._show_sample)
        self._show_sample()
        self.resize(640, self.sizeHint().height())

    def values(self) -> ProgressExport:
        return ProgressExport(self.period_edit.text().strip(), self.month_combo.currentData(),
                              self.attachment_edit.text().strip(), self.thai_check.isChecked())

    def _show_sample(self) -> None:
        line = self.values().round_line()
        self.sample.setText(line or "(ไม่มีบรรทัดรอบ)")

    def _preview(self) -> None:
        self.preview_requested = True
        self.accept()

    def accept(self) -> None:
        settings, values = QSettings(), self.values()
        settings.setValue(_key(self.info.id, "period"), values.period_label)
        settings.setValue(_key(self.info.id, "attachment"), values.attachment)
        super().accept()


def progress_pdf_bytes(ws: Workspace, plan_id: int, values: ProgressExport,
                       options: PrintOptions | None = None) -> tuple[bytes, int]:
    """The report in memory (any thread: it reads through a session of its own)."""
    from app.services.printing.progress_pdf import write_progress_pdf

    options = options or PrintOptions(thai_digits=values.thai_digits, prefer_th_sarabun=load_options().prefer_th_sarabun)
    buffer = io.BytesIO()
    with ws.session() as session:
        pages = write_progress_pdf(session, plan_id, buffer, options, values.period_label, values.as_of,
                                   values.attachment)
    return buffer.getvalue(), pages


def export_progress_pdf(parent: QWidget, ws: Workspace, info: PlanInfo, values: ProgressExport | None = None,
                        path: str | None = None):
    """Ask the round line and month (unless given), where to write, then write it in the background
    (returns the Task); or, when ตัวอย่างก่อนพิมพ์… was chosen, open the preview (returns the dialog)."""
    file_name = f"ผลการดำเนินงานตามแผน_{info.be_year}.pdf"
    if values is None:
        dialog = ProgressExportDialog(info, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        values = dialog.values()
        if dialog.preview_requested:
            from app.ui.document_preview import open_document_preview, progress_document

            return open_document_preview(parent, ws, progress_document(info.id, values, file_name))
    path = path or _ask_path(parent, TITLE, file_name)
    if path is None:
        return None
    options = PrintOptions(thai_digits=values.thai_digits, prefer_th_sarabun=load_options().prefer_th_sarabun)

    def work(progress: Progress) -> int:
        progress(0, 0, f"กำลังจัดหน้า{TITLE}…")
        data, pages = progress_pdf_bytes(ws, info.id, values, options)
        write_file(path, data)
        return pages

    task = run_task(work, parent, f"กำลังส่งออก{TITLE}\n{path}")
    task.sig_done.connect(lambda pages: show_status(parent, f"ส่งออก{TITLE} {pages:,} หน้าแล้ว: {path}"))
    task.sig_failed.connect(lambda exc: show_error(parent, f"ส่งออก{TITLE}ไม่สำเร็จ", exc))
    return task
