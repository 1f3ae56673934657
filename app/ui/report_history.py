"""ประวัติการแก้ไข of one report: who (the OS user), when and what, from the audit log."""
from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from app.services import reports
from app.services.thai_format import date_short


class ReportHistory(QTreeWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderLabels(["เมื่อ", "ผู้แก้ไข", "รายการ"])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def show_lines(self, lines: list[reports.HistoryLine]) -> None:
        """Newest first: the last change is what the reader usually looks for."""
        self.clear()
        for line in reversed(lines):
            item = QTreeWidgetItem([f"{date_short(line.at.date())} {line.at:%H:%M:%S}", line.user, line.text])
            item.setToolTip(2, line.text)
            self.addTopLevelItem(item)

    def texts(self) -> list[str]:
        return [self.topLevelItem(i).text(2) for i in range(self.topLevelItemCount())]
