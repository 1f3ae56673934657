"""The report's evidence (หลักฐานอ้างอิง): references (title, document number, date, link) and
attached files kept in the workspace. Each add, edit or removal is committed at once and lands in
the report's history; a refused one shows its Thai message under the list and changes nothing.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from app.services import reports
from app.services.errors import PlanDeskError
from app.services.thai_format import date_short
from app.ui.be_date import BEDateEdit
from app.ui.dialogs import lay_out_form
from app.ui.indicator_fields import error_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class EvidenceDialog(QDialog):
    """One evidence reference: ชื่อหลักฐาน, เลขที่หนังสือ, ลงวันที่, ลิงก์."""

    def __init__(self, evidence: reports.EvidenceData | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("แก้ไขหลักฐานอ้างอิง" if evidence else "เพิ่มหลักฐานอ้างอิง")
        self.title_edit = QLineEdit(evidence.title if evidence else "")
        self.title_edit.setPlaceholderText("เช่น คำสั่งสำนักงานเลขานุการกรม ที่ 2/2567 เรื่อง …")
        self.reference_edit = QLineEdit(evidence.reference if evidence else "")
        self.reference_edit.setPlaceholderText("เช่น 2/2567")
        self.date_edit = BEDateEdit(dt.date(1990, 1, 1), dt.date(2100, 12, 31), none_text="ไม่ระบุ")
        self.date_edit.set_date_value(evidence.dated if evidence else None)
        self.link_edit = QLineEdit(evidence.link if evidence else "")
        self.link_edit.setPlaceholderText("https://…")
        form = QFormLayout()
        form.addRow("ชื่อหลักฐาน", self.title_edit)
        form.addRow("เลขที่หนังสือ", self.reference_edit)
        form.addRow("ลงวันที่", self.date_edit)
        form.addRow("ลิงก์", self.link_edit)
        lay_out_form(self, form, width=560)

    def values(self) -> dict:
        return dict(title=self.title_edit.text(), reference=self.reference_edit.text(),
                    dated=self.date_edit.date_value(), link=self.link_edit.text())


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB"
    if size >= 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size:,} ไบต์"


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setAlternatingRowColors(True)
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    tree.header().setStretchLastSection(False)
    for column in range(1, len(headers)):
        tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


class EvidencePanel(QWidget):
    """References and attachments of one report. `editor` is the ReportEditor (commit + reload)."""

    sig_message = Signal(str)

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.view: reports.ReportView | None = None

        self.references = _tree(["ชื่อหลักฐาน", "เลขที่หนังสือ", "ลงวันที่", "ลิงก์"])
        self.references.itemDoubleClicked.connect(lambda *_: self.edit_reference())
        self.add_button = QPushButton("เพิ่มหลักฐาน…")
        self.edit_button = QPushButton("แก้ไข…")
        self.remove_button = QPushButton("ลบหลักฐาน")
        self.add_button.clicked.connect(lambda: self.add_reference())
        self.edit_button.clicked.connect(lambda: self.edit_reference())
        self.remove_button.clicked.connect(lambda: self.remove_reference())

        self.files = _tree(["ไฟล์แนบ", "คำอธิบาย", "ขนาด", "แนบเมื่อ", "โดย"])
        self.files.itemDoubleClicked.connect(lambda *_: self.open_attachment())
        self.attach_button = QPushButton("แนบไฟล์…")
        self.open_button = QPushButton("เปิดไฟล์")
        self.detach_button = QPushButton("ลบไฟล์แนบ")
        self.attach_button.clicked.connect(lambda: self.attach_files())
        self.open_button.clicked.connect(lambda: self.open_attachment())
        self.detach_button.clicked.connect(lambda: self.remove_attachment())
        self.error = error_label()

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>หลักฐานอ้างอิง</b> (ชื่อหรือชนิดของหลักฐานที่ใช้ประกอบการพิจารณาประเมินผล)"))
        layout.addWidget(self.references, 3)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>ไฟล์แนบ</b> (เก็บสำเนาไว้ในพื้นที่ทำงาน ย้ายหรือลบไฟล์ต้นฉบับภายหลังได้)"))
        layout.addWidget(self.files, 2)
        row = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.detach_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.error)

    # ---- showing ---------------------------------------------------------------------------
    def show_report(self, view: reports.ReportView) -> None:
        self.view = view
        self._fill(self.references, [(e.id, [e.title, e.reference, date_short(e.dated) if e.dated else "", e.link])
                                     for e in view.evidence])
        self._fill(self.files, [(a.id, [a.file_name, a.title, _size_text(a.size),
                                        date_short(a.added_at.date()) + a.added_at.strftime(" %H:%M"), a.added_by])
                                for a in view.attachments])
        locked = view.locked
        for button in (self.add_button, self.edit_button, self.remove_button, self.attach_button,
                       self.detach_button):
            button.setEnabled(not locked)

    @staticmethod
    def _fill(tree: QTreeWidget, rows: list[tuple[int, list[str]]]) -> None:
        selected = tree.currentItem().data(0, ID_ROLE) if tree.currentItem() else None
        tree.clear()
        for item_id, texts in rows:
            item = QTreeWidgetItem(texts)
            item.setData(0, ID_ROLE, item_id)
            item.setToolTip(0, texts[0])
            tree.addTopLevelItem(item)
            if item_id == selected:
                tree.setCurrentItem(item)

    @staticmethod
    def _current(tree: QTreeWidget) -> int | None:
        item = tree.currentItem()
        return None if item is None else item.data(0, ID_ROLE)

    def _run(self, action, done: str) -> object | None:
        """Commit one change; on refusal the message stays under the lists and in the status bar."""
        try:
            with self.editor.ws.transaction() as session:
                result = action(session)
        except PlanDeskError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.sig_message.emit(exc.message)
            return None
        self.error.hide()
        self.sig_message.emit(done)
        self.editor.committed()
        return result if result is not None else True

    # ---- references ------------------------------------------------------------------------
    def add_reference(self, values: dict | None = None) -> int | None:
        """Add a reference; without `values` the dialog asks for it."""
        if values is None:
            dialog = EvidenceDialog(parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            values = dialog.values()
        report_id = self.view.id
        return self._run(lambda s: reports.add_evidence(s, report_id, **values),
                         f"เพิ่มหลักฐาน “{values.get('title', '').strip()}” แล้ว")

    def edit_reference(self, values: dict | None = None) -> bool:
        evidence_id = self._current(self.references)
        if evidence_id is None or self.view is None:
            return False
        if values is None:
            if self.view.locked:
                return False
            current = next(e for e in self.view.evidence if e.id == evidence_id)
            dialog = EvidenceDialog(current, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        return bool(self._run(lambda s: reports.update_evidence(s, evidence_id, **values), "แก้ไขหลักฐานแล้ว"))

    def remove_reference(self) -> bool:
        evidence_id = self._current(self.references)
        if evidence_id is None:
            self.sig_message.emit("เลือกหลักฐานที่จะลบก่อน")
            return False
        return bool(self._run(lambda s: reports.remove_evidence(s, evidence_id), "ลบหลักฐานแล้ว"))

    # ---- attachments -----------------------------------------------------------------------
    def attach_files(self, paths: list[str] | None = None) -> int:
        """Copy files into the workspace as evidence; without `paths` a file dialog asks. Returns how many."""
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "แนบไฟล์หลักฐาน", "", "ทุกไฟล์ (*)")
        if not paths:
            return 0
        try:
            from app.services import attachments
        except ImportError:
            self.sig_message.emit("ยังแนบไฟล์ไม่ได้ในรุ่นนี้")
            return 0
        report_id, count = self.view.id, 0
        for path in paths:
            if self._run(lambda s, p=path: attachments.attach_file(s, report_id, Path(p), Path(p).stem),
                         f"แนบไฟล์ “{Path(path).name}” แล้ว"):
                count += 1
        return count

    def open_attachment(self, opener=None) -> Path | None:
        """Copy the attachment out to a temporary folder and open it with the desktop's program."""
        attachment_id = self._current(self.files)
        if attachment_id is None:
            self.sig_message.emit("เลือกไฟล์แนบที่จะเปิดก่อน")
            return None
        from app.services import attachments

        folder = Path(tempfile.mkdtemp(prefix="plandesk-"))
        try:
            with self.editor.ws.session() as session:
                path = attachments.extract_attachment(session, attachment_id, folder)
        except (PlanDeskError, OSError) as exc:
            message = exc.message if isinstance(exc, PlanDeskError) else f"เปิดไฟล์แนบไม่ได้ — {exc}"
            self.error.setText(message)
            self.error.show()
            self.sig_message.emit(message)
            return None
        (opener or QDesktopServices.openUrl)(QUrl.fromLocalFile(str(path)))
        self.sig_message.emit(f"เปิด “{path.name}” แล้ว")
        return path

    def remove_attachment(self) -> bool:
        attachment_id = self._current(self.files)
        if attachment_id is None:
            self.sig_message.emit("เลือกไฟล์แนบที่จะลบก่อน")
            return False
        from app.services import attachments

        return bool(self._run(lambda s: attachments.remove_attachment(s, attachment_id), "ลบไฟล์แนบแล้ว"))
