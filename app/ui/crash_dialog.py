"""What the user sees when something breaks: a Thai dialog saying nothing was lost and where the log is.

install_crash_handler() hooks sys.excepthook and threading.excepthook (through app/services/logs.py)
and Qt's message handler. An exception from any thread reaches the dialog through a queued
signal, so the dialog is always made on the GUI thread. A fatal Qt message cannot show a dialog
(Qt aborts right after the handler returns), so it is logged and flushed first.
"""
from __future__ import annotations

import html
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, QtMsgType, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QStyle, QVBoxLayout)

from app import APP_NAME
from app.services import logs

log = logging.getLogger("plandesk.qt")
NOISE = ("propagateSizeHints",)  # the offscreen platform warns about this for every window


class CrashDialog(QDialog):
    def __init__(self, summary: str, details: str, log_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — เกิดข้อผิดพลาด")
        self.details_text = details
        self.log_path = Path(log_path)

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        message = QLabel(
            "<b>โปรแกรมพบข้อผิดพลาดที่ไม่คาดคิด</b><br><br>"
            "งานที่แก้ไขไว้ทั้งหมดบันทึกลงพื้นที่ทำงานแล้วทุกครั้งที่แก้ไข จึงไม่มีข้อมูลสูญหาย "
            "หากหน้าจอแสดงผลไม่ถูกต้อง ให้ปิดแล้วเปิดโปรแกรมใหม่<br><br>"
            "รายละเอียดของข้อผิดพลาดบันทึกไว้ในไฟล์ด้านล่าง "
            "กรุณาส่งไฟล์นี้ให้ผู้ดูแลระบบเมื่อแจ้งปัญหา")
        message.setWordWrap(True)
        self.summary_label = QLabel(f"ข้อผิดพลาด: {summary}")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.path_label = QLabel(f"ไฟล์บันทึกการทำงาน: <b>{html.escape(str(self.log_path))}</b>")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(180)

        self.toggle_button = QPushButton("แสดงรายละเอียด")
        self.toggle_button.setCheckable(True)
        self.toggle_button.toggled.connect(self._toggle)
        self.copy_button = QPushButton("คัดลอกรายละเอียด")
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton("เปิดโฟลเดอร์บันทึก")
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("ทำงานต่อ", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(message, 1)
        row = QHBoxLayout()
        for button in (self.toggle_button, self.copy_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.path_label)
        layout.addWidget(self.details, 1)
        layout.addLayout(row)
        self.resize(640, 300)

    def _toggle(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle_button.setText("ซ่อนรายละเอียด" if shown else "แสดงรายละเอียด")
        self.adjustSize()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.details_text}\nไฟล์บันทึก: {self.log_path}")

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path.parent)))


class CrashReporter(QObject):
    """Receives crashes from any thread and shows one dialog at a time on the GUI thread."""

    sig_crash = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.sig_crash.connect(self._show)

    def report(self, summary: str, details: str) -> None:
        self.sig_crash.emit(summary, details)  # queued when emitted from another thread

    def _show(self, summary: str, details: str) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            return  # already telling the user; the log has this one too
        parent = QApplication.activeWindow()
        self.dialog = CrashDialog(summary, details, logs.log_file(), parent)
        self.dialog.setModal(True)
        self.dialog.show()
        self.dialog.raise_()


def qt_message_handler(mode, context, message: str) -> None:
    if any(noise in message for noise in NOISE):
        return
    where = f" ({context.file}:{context.line})" if context is not None and context.file else ""
    if mode == QtMsgType.QtFatalMsg:
        log.critical("Qt fatal: %s%s", message, where)
        logging.shutdown()  # Qt aborts the process as soon as this returns
    elif mode == QtMsgType.QtCriticalMsg:
        log.error("Qt: %s%s", message, where)
    elif mode == QtMsgType.QtWarningMsg:
        log.warning("Qt: %s%s", message, where)
    else:
        log.debug("Qt: %s", message)


_reporter: CrashReporter | None = None


def install_crash_handler(app: QApplication) -> CrashReporter:
    """Log uncaught exceptions and Qt's messages; show the crash dialog for exceptions."""
    global _reporter
    if _reporter is None:
        _reporter = CrashReporter(app)
    logs.install_excepthooks(_reporter.report)
    qInstallMessageHandler(qt_message_handler)
    return _reporter
