"""บันทึกข้อความ of a round: pick a memo, edit its fields (paragraphs separated by a blank line),
start a new one from seed 003's wording, and export it as PDF in the background."""
from __future__ import annotations

import io

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from app.models import EvaluationRound
from app.services import memos
from app.services.errors import PlanDeskError
from app.services.printing.document import PrintOptions
from app.services.workspace import Workspace
from app.ui.be_date import BEDateEdit

LINE_FIELDS = (("urgency", "ความเร่งด่วน"), ("department", "ส่วนราชการ"), ("phone", "โทร."), ("number", "ที่"),
               ("subject", "เรื่อง"), ("closing", "คำลงท้าย"), ("signer_name", "ผู้ลงนาม"),
               ("signer_position", "ตำแหน่งผู้ลงนาม"), ("appellant_unit", "หน่วยงานที่อุทธรณ์"))


def split_paragraphs(text: str) -> list[str]:
    return [" ".join(block.split("\n")).strip() for block in text.split("\n\n") if block.strip()]


class MemoEditor(QWidget):
    sig_message = Signal(str)

    def __init__(self, ws: Workspace, round_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.round_id = ws, round_id
        self.memos: list[memos.MemoData] = []
        with ws.session() as session:
            round_ = session.get(EvaluationRound, round_id)
            start, cutoff = round_.start, round_.cutoff
        self.picker = QComboBox()
        self.picker.currentIndexChanged.connect(self._show_current)
        new_announcement = QPushButton("บันทึกแจ้งคะแนนใหม่")
        new_appeal = QPushButton("บันทึกขออุทธรณ์ใหม่…")
        new_announcement.clicked.connect(lambda: self.new_memo("announcement"))
        new_appeal.clicked.connect(lambda: self.new_memo("appeal"))
        top = QHBoxLayout()
        top.addWidget(QLabel("บันทึกข้อความ"))
        top.addWidget(self.picker, 1)
        top.addWidget(new_announcement)
        top.addWidget(new_appeal)
        self.fields: dict[str, QLineEdit] = {name: QLineEdit() for name, _ in LINE_FIELDS}
        self.dated = BEDateEdit(start, cutoff.replace(year=cutoff.year + 1), "ไม่ระบุวันที่")
        self.addressee = QPlainTextEdit()
        self.addressee.setFixedHeight(70)
        self.paragraphs = QPlainTextEdit()
        self.paragraphs.setPlaceholderText("ย่อหน้าคั่นด้วยบรรทัดว่าง")
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        labels = dict(LINE_FIELDS)
        for name in ("urgency", "department", "phone", "number"):
            form.addRow(labels[name], self.fields[name])
        form.addRow("วันที่", self.dated)
        form.addRow("เรื่อง", self.fields["subject"])
        form.addRow("เรียน", self.addressee)
        form.addRow("ข้อความ", self.paragraphs)
        for name in ("closing", "signer_name", "signer_position", "appellant_unit"):
            form.addRow(labels[name], self.fields[name])
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        save = QPushButton("บันทึก")
        export = QPushButton("ส่งออก PDF…")
        save.clicked.connect(self.save)
        export.clicked.connect(self.export_pdf)
        self.preview_button = QPushButton("ตัวอย่างก่อนพิมพ์…")
        self.preview_button.clicked.connect(self.preview_pdf)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(save)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        with self.ws.session() as session:
            self.memos = memos.list_memos(session, self.round_id)
        self.picker.blockSignals(True)
        self.picker.clear()
        for memo in self.memos:
            self.picker.addItem(memo.title, memo.id)
        index = next((i for i, m in enumerate(self.memos) if m.id == select_id), 0)
        self.picker.setCurrentIndex(index if self.memos else -1)
        self.picker.blockSignals(False)
        self._show_current()

    def current(self) -> memos.MemoData | None:
        index = self.picker.currentIndex()
        return self.memos[index] if 0 <= index < len(self.memos) else None

    def _show_current(self) -> None:
        memo = self.current()
        for name, field in self.fields.items():
            field.setText(getattr(memo, name) if memo else "")
        self.dated.set_date_value(memo.dated if memo else None)
        self.addressee.setPlainText(memo.addressee if memo else "")
        self.paragraphs.setPlainText("\n\n".join(memo.paragraphs) if memo else "")

    def values(self) -> dict:
        values = {name: field.text() for name, field in self.fields.items()}
        values.update(dated=self.dated.date_value(), addressee=self.addressee.toPlainText().strip(),
                      paragraphs=split_paragraphs(self.paragraphs.toPlainText()))
        return values

    def _run(self, action, done: str):
        try:
            with self.ws.transaction() as session:
                result = action(session)
        except PlanDeskError as exc:
            self.message.setText(exc.message)
            return None
        self.message.setText(done)
        self.sig_message.emit(done)
        return result

    def save(self) -> bool:
        memo = self.current()
        if memo is None:
            self.message.setText("ยังไม่มีบันทึกข้อความ — สร้างใหม่ก่อน")
            return False
        values = self.values()
        if self._run(lambda s: memos.update_memo(s, memo.id, **values) or True, "บันทึกแล้ว") is None:
            return False
        self.refresh(memo.id)
        return True

    def new_memo(self, kind: str, appellant_unit: str | None = None) -> int | None:
        if kind == "appeal" and appellant_unit is None:
            appellant_unit, ok = QInputDialog.getText(self, "บันทึกขออุทธรณ์", "หน่วยงานที่ขออุทธรณ์")
            if not ok:
                return None

        def make(session):
            fields = memos.default_announcement(session, self.round_id) if kind == "announcement" \
                else memos.default_appeal(session, self.round_id, appellant_unit or "")
            fields.pop("kind")
            return memos.create_memo(session, self.round_id, kind, **fields)

        memo_id = self._run(make, "สร้างบันทึกข้อความจากแบบแล้ว")
        if memo_id is not None:
            self.refresh(memo_id)
        return memo_id

    def preview_pdf(self):
        from app.ui.document_preview import memo_document, open_document_preview

        memo = self.current()
        if memo is None:
            self.message.setText("ยังไม่มีบันทึกข้อความให้ดูตัวอย่าง")
            return None
        return open_document_preview(self, self.ws, memo_document(memo.id))

    def export_pdf(self, path: str | None = None):
        from app.services.printing.memo_pdf import write_memo_pdf
        from app.ui.agreement_exports import _ask_path
        from app.ui.print_jobs import load_options, show_error, show_status, write_file
        from app.ui.tasks import run_task

        memo = self.current()
        if memo is None:
            self.message.setText("ยังไม่มีบันทึกข้อความให้ส่งออก")
            return None
        path = path or _ask_path(self, "บันทึกข้อความ", "บันทึกข้อความ.pdf")
        if not path:
            return None
        options = PrintOptions(thai_digits=True, prefer_th_sarabun=load_options().prefer_th_sarabun)
        ws = self.ws

        def work(progress) -> int:
            buffer = io.BytesIO()
            with ws.session() as session:
                pages = write_memo_pdf(session, memo.id, buffer, options)
            write_file(path, buffer.getvalue())
            return pages

        task = run_task(work, self, f"กำลังส่งออกบันทึกข้อความ\n{path}")
        task.sig_done.connect(lambda pages: show_status(self, f"ส่งออกบันทึกข้อความ {pages:,} หน้าแล้ว: {path}"))
        task.sig_failed.connect(lambda exc: show_error(self, "ส่งออกบันทึกข้อความไม่สำเร็จ", exc))
        return task
