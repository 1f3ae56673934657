"""The question asked when an edit meets a record someone else changed since it was loaded (issue 7).

Two answers, nothing lost silently: โหลดใหม่ (discard my edit, show theirs) or บันทึกทับ (apply my
edit on top of their version). Escape or closing the box is โหลดใหม่: the safe default keeps
their saved work, and mine is still shown in the box's details to type again.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.errors import ConflictError

RELOAD, OVERWRITE = "reload", "overwrite"
TITLE = "มีผู้อื่นแก้ไขรายการนี้"
EXPLAIN = ("โหลดใหม่ — ทิ้งการแก้ไขของคุณ แล้วแสดงข้อมูลล่าสุดที่ผู้อื่นบันทึกไว้\n"
           "บันทึกทับ — ใช้การแก้ไขของคุณกับข้อมูลล่าสุด (ส่วนที่คุณไม่ได้แก้ยังเป็นของผู้อื่น)")


def ask_conflict(parent: QWidget | None, error: ConflictError, mine: str = "") -> str:
    """RELOAD or OVERWRITE; `mine` describes the edit being saved (shown under รายละเอียด)."""
    box = QMessageBox(parent)
    box.setObjectName("conflictDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    box.setText(error.message)
    box.setInformativeText(EXPLAIN)
    if mine:
        box.setDetailedText(f"การแก้ไขของคุณ: {mine}")
    reload_button = box.addButton("โหลดใหม่", QMessageBox.ButtonRole.RejectRole)
    reload_button.setObjectName("conflictReload")
    overwrite_button = box.addButton("บันทึกทับ", QMessageBox.ButtonRole.AcceptRole)
    overwrite_button.setObjectName("conflictOverwrite")
    box.setDefaultButton(reload_button)
    box.setEscapeButton(reload_button)
    box.exec()
    return OVERWRITE if box.clickedButton() is overwrite_button else RELOAD
