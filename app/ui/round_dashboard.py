"""ภาพรวมรอบนี้: the round's due date and days left, its reports by state, and the activities of
the year's plans planned for this month and not yet marked done (app/services/dashboard.py)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from app.services import dashboard, fiscal
from app.services.errors import PlanDeskError
from app.services.thai_format import date_short
from app.services.workspace import Workspace

INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_COLOURS = {"not_started": "#6b7280", "draft": "#b45309", "submitted": "#1d4ed8", "reviewed": "#15803d"}


def _tree(headers: list[str], stretch: int) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    header.setStretchLastSection(False)
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return tree


class RoundDashboard(QWidget):
    sig_open_indicator = Signal(int)   # double-click on a report due: open it in the editor

    def __init__(self, ws: Workspace, round_id: int, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.ws, self.round_id = ws, round_id
        self.today = today   # None: the real date each time it is shown
        self.board: dashboard.RoundDashboard | None = None

        self.due_label = QLabel()
        self.due_label.setObjectName("dueLabel")
        self.due_label.setTextFormat(Qt.TextFormat.RichText)
        self.due_label.setWordWrap(True)
        self.count_labels: dict[str, QLabel] = {}
        counts = QGridLayout()
        for column, state in enumerate(dashboard.STATES):
            number = QLabel("0")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {STATE_COLOURS[state]};")
            title = QLabel(dashboard.STATE_LABELS[state])
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            counts.addWidget(number, 0, column)
            counts.addWidget(title, 1, column)
            self.count_labels[state] = number
        self.reports = _tree(["ที่", "ตัวชี้วัด", "หน่วยงานเจ้าภาพ", "สถานะ", "คะแนน"], 1)
        self.reports.itemDoubleClicked.connect(self._open)
        self.activities = _tree(["แผน", "ลำดับ", "กิจกรรม", "ผู้รับผิดชอบ", "สถานะ"], 2)
        self.activities_box = QGroupBox()
        box = QVBoxLayout(self.activities_box)
        box.addWidget(self.activities)
        reports_box = QGroupBox("รายงานที่ต้องส่งในรอบนี้ (ดับเบิลคลิกเพื่อเปิดรายงาน)")
        inner = QVBoxLayout(reports_box)
        inner.addLayout(counts)
        inner.addWidget(self.reports)

        layout = QVBoxLayout(self)
        layout.addWidget(self.due_label)
        layout.addWidget(reports_box, 3)
        layout.addWidget(self.activities_box, 2)
        self.refresh()

    def refresh(self) -> None:
        today = self.today or dt.date.today()
        try:
            with self.ws.session() as session:
                board = dashboard.round_dashboard(session, self.round_id, today)
        except PlanDeskError as exc:
            self.due_label.setText(exc.message)
            return
        self.board = board
        days = board.days_left
        colour = "#b00020" if days is not None and days < 0 else ("#b45309" if days is not None and days <= 7
                                                                  else "#15803d")
        due = f"กำหนดส่ง {date_short(board.due)} — " if board.due else ""
        self.due_label.setText(
            f"<b>{board.label}</b> ปีงบประมาณ พ.ศ. {board.be_year} · {board.unit_name}<br>"
            f"ข้อมูลตั้งแต่ {date_short(board.start)} ถึง {date_short(board.cutoff)} · "
            f"{due}<span style='color:{colour}; font-weight:bold'>{board.due_text}</span>")
        for state, count in board.counts.items():
            self.count_labels[state].setText(f"{count:,}")
        self.reports.clear()
        for report in board.reports:
            item = QTreeWidgetItem([report.number, report.name, report.owner, report.state_label,
                                    reports_score(report.score)])
            item.setData(0, INDICATOR_ROLE, report.indicator_id)
            item.setToolTip(1, report.name)
            item.setForeground(3, _brush(STATE_COLOURS[report.state]))
            self.reports.addTopLevelItem(item)
        self.activities_box.setTitle(f"กิจกรรมตามแผนที่กำหนดไว้เดือน{fiscal.month_label_long(board.month)} "
                                     f"และยังไม่ได้ทำเครื่องหมายว่าดำเนินการแล้ว ({len(board.activities):,} รายการ)")
        self.activities.clear()
        for activity in board.activities:
            item = QTreeWidgetItem([activity.plan_title, activity.number, activity.title, activity.responsible,
                                    "ยังไม่ดำเนินการ" if activity.done is False else "ยังไม่ระบุ"])
            item.setToolTip(0, activity.plan_title)
            item.setToolTip(2, activity.title)
            self.activities.addTopLevelItem(item)

    def _open(self, item: QTreeWidgetItem, _column: int) -> None:
        self.sig_open_indicator.emit(int(item.data(0, INDICATOR_ROLE)))


def reports_score(text: str) -> str:
    from decimal import Decimal

    return f"{Decimal(text).quantize(Decimal('0.01'))}" if text else "-"


def _brush(colour: str):
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(colour))
