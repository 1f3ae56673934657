"""File menu: back up now, restore from a backup, export/import the workspace as one file.

Each function takes the main window (its .ws, .switch_workspace and status bar) so the window
itself only adds menu entries. The work is in app/services/backups.py and workspace_archive.py.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QVBoxLayout)

from app import APP_NAME
from app.services import backups, workspace_archive
from app.services.errors import PlanDeskError
from app.services.thai_format import date_short

ARCHIVE_FILTER = "พื้นที่ทำงาน PlanDesk แบบไฟล์เดียว (*.zip)"
WORKSPACE_FILTER = "พื้นที่ทำงาน PlanDesk (*.plandesk);;ทุกไฟล์ (*)"


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def backup_label(info: backups.BackupInfo) -> str:
    return (f"{date_short(info.taken_at.date())} เวลา {info.taken_at:%H:%M:%S} น. · {info.reason_label} · "
            f"{_size(info.size)}")


class RestoreDialog(QDialog):
    """The backups of this workspace, newest first, or another file picked from disk."""

    def __init__(self, workspace_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("กู้คืนจากสำเนา")
        self.chosen: Path | None = None
        folder = backups.backup_dir(workspace_path)
        intro = QLabel(
            f"เลือกสำเนาที่จะนำกลับมาใช้แทนข้อมูลปัจจุบันของ “{workspace_path.name}”<br>"
            "ข้อมูลปัจจุบันจะถูกสำรองไว้ก่อนเสมอ จึงย้อนกลับได้<br>"
            f"<small>โฟลเดอร์สำเนา: {folder}</small>")
        intro.setWordWrap(True)
        self.list = QListWidget()
        for info in backups.list_backups(workspace_path):
            item = QListWidgetItem(backup_label(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("(ยังไม่มีสำเนาของพื้นที่ทำงานนี้)")
            self.list.setEnabled(False)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        other = QPushButton("เลือกไฟล์อื่น…")
        other.clicked.connect(self.choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("กู้คืน", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(self.list.isEnabled())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เลือกไฟล์สำรอง", "", WORKSPACE_FILTER)
        if path:
            self.chosen = Path(path)
            super().accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if self.chosen is None and item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        if self.chosen is not None:
            super().accept()


def choose_backup(window, workspace_path: Path) -> Path | None:
    dialog = RestoreDialog(workspace_path, window)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None


def _file_workspace(window) -> Path | None:
    path = window.ws.path
    if path is None:
        QMessageBox.information(window, APP_NAME, backups.PG_NOTE)
    return path


def back_up_now(window) -> Path | None:
    path = _file_workspace(window)
    if path is None:
        return None
    try:
        info = backups.create_backup(path, "manual")
    except PlanDeskError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return None
    window.statusBar().showMessage(f"สำรองข้อมูลไว้ที่ {info.path} แล้ว", 15000)
    return info.path


def restore_from_backup(window) -> bool:
    path = _file_workspace(window)
    if path is None:
        return False
    source = choose_backup(window, path)
    if source is None:
        return False
    try:
        backups.check_workspace_file(source)
    except PlanDeskError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return False
    answer = QMessageBox.question(
        window, "กู้คืนจากสำเนา",
        f"แทนที่ข้อมูลทั้งหมดใน “{path.name}” ด้วยสำเนา “{source.name}” หรือไม่?\n"
        "ข้อมูลปัจจุบันจะถูกสำรองไว้ก่อน และการแก้ไขที่เลิกทำได้จะถูกล้าง")
    if answer != QMessageBox.StandardButton.Yes:
        return False
    window.ws.close()  # our own connections go; the window reopens the file below
    try:
        safety = backups.restore(path, source)
    except PlanDeskError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return False
    if not window.switch_workspace(path):
        return False
    window.statusBar().showMessage(f"กู้คืนจาก {source.name} แล้ว — ข้อมูลก่อนกู้คืนอยู่ที่ {safety.path}", 20000)
    return True


def _confirm_overwrite(window, target: Path) -> bool:
    if not target.exists():
        return True
    answer = QMessageBox.question(window, APP_NAME, f"มีไฟล์ “{target.name}” อยู่แล้ว ต้องการเขียนทับหรือไม่?")
    return answer == QMessageBox.StandardButton.Yes


def export_workspace(window) -> Path | None:
    path = _file_workspace(window)
    if path is None:
        return None
    name, _ = QFileDialog.getSaveFileName(window, "ส่งออกพื้นที่ทำงานเป็นไฟล์เดียว", f"{path.stem}.zip", ARCHIVE_FILTER,
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    if not name:
        return None
    target = Path(name if name.lower().endswith(".zip") else name + ".zip")
    if not _confirm_overwrite(window, target):
        return None
    try:
        workspace_archive.export_archive(path, target, overwrite=True)
    except PlanDeskError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return None
    window.statusBar().showMessage(f"ส่งออกพื้นที่ทำงานเป็น {target} แล้ว — นำไฟล์นี้ไปนำเข้าที่เครื่องอื่นได้", 15000)
    return target


def import_workspace(window) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(window, "นำเข้าพื้นที่ทำงานจากไฟล์", "", ARCHIVE_FILTER)
    if not name:
        return None
    try:
        manifest = workspace_archive.read_manifest(Path(name))
    except PlanDeskError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return None
    suggested = Path(manifest.source_name or "พื้นที่ทำงาน.plandesk").name
    target_name, _ = QFileDialog.getSaveFileName(window, "บันทึกพื้นที่ทำงานที่นำเข้าเป็น", suggested,
                                                 "พื้นที่ทำงาน PlanDesk (*.plandesk)",
                                                 options=QFileDialog.Option.DontConfirmOverwrite)
    if not target_name:
        return None
    target = Path(target_name if target_name.endswith(".plandesk") else target_name + ".plandesk")
    if not _confirm_overwrite(window, target):
        return None
    current = window.ws.path
    if current is not None and target.exists() and target.resolve() == current.resolve():
        window.ws.close()  # it is reopened below with the imported contents
    try:
        workspace_archive.import_archive(Path(name), target, overwrite=True)
    except PlanDeskError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return None
    if window.switch_workspace(target):
        window.statusBar().showMessage(f"นำเข้าพื้นที่ทำงานเป็น {target} แล้ว", 15000)
        return target
    return None
