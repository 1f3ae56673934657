"""The round screen (one evaluation round of an agreement): tabs ภาพรวมรอบนี้ (dashboard) and
รายงานตัวชี้วัด (every indicator of the round, its report opened below the list). Other screens add
their own tabs with `add_page(widget, title)`.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import EvaluationRound
from app.services import reports
from app.services.errors import PlanDeskError
from app.services.thai_format import date_short
from app.services.workspace import Workspace
from app.ui.report_editor import ReportEditor, score_text
from app.ui.round_dashboard import STATE_COLOURS, RoundDashboard

COLUMNS = ("ที่", "ตัวชี้วัด", "หน่วยงานเจ้าภาพ", "สถานะ", "ผลการดำเนินงาน", "คะแนน", "ถ่วงน้ำหนัก")
STATE_KEYS = {None: "not_started", "draft": "draft", "submitted": "submitted", "reviewed": "reviewed"}


def round_tooltip(label: str, start, cutoff, due) -> str:
    due_text = f"กำหนดส่ง {date_short(due)}" if due else "ยังไม่กำหนดวันส่ง"
    return f"{label}\nข้อมูลตั้งแต่ {date_short(start)} ถึง {date_short(cutoff)}\n{due_text}"


def navigator_rounds(session: Session) -> dict[int, list[tuple[int, str, str]]]:
    """Every agreement's rounds for the navigator: agreement id → [(round id, label, tooltip)]."""
    out: dict[int, list[tuple[int, str, str]]] = {}
    for r in session.scalars(select(EvaluationRound).order_by(EvaluationRound.agreement_id,
                                                              EvaluationRound.position)):
        out.setdefault(r.agreement_id, []).append((r.id, r.label, round_tooltip(r.label, r.start, r.cutoff, r.due)))
    return out


class RoundReportsModel(QAbstractTableModel):
    """The round's indicators with their report state and score (reports.round_reports)."""

    def __init__(self, ws: Workspace, round_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.round_id = ws, round_id
        self.rows: list[reports.ReportRow] = []
        self.reload()

    def reload(self) -> None:
        with self.ws.session() as session:
            rows = reports.round_reports(session, self.round_id)
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.number, row.name, row.owner_unit, row.state_label, row.result,
                    "" if row.score is None else score_text(row.score),
                    "" if row.weighted is None else score_text(row.weighted))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return f"{row.category}\n{row.name}\nน้ำหนัก {reports.plain(row.weight)}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QBrush(QColor(STATE_COLOURS[STATE_KEYS[row.state]]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def row_of(self, indicator_id: int) -> int:
        return next((n for n, r in enumerate(self.rows) if r.indicator_id == indicator_id), -1)


class ReportListView(QTableView):
    """Enter opens the current indicator's report, like a double-click."""

    sig_open = Signal(QModelIndex)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_open.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class RoundScreen(QWidget):
    sig_message = Signal(str)   # status-bar text
    sig_changed = Signal()      # a report was committed

    def __init__(self, ws: Workspace, round_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.round_id = ws, round_id
        with ws.session() as session:
            round_ = session.get(EvaluationRound, round_id)
            if round_ is None:
                raise PlanDeskError("ไม่พบรอบการรายงานนี้ (อาจถูกลบไปแล้ว)")
            self.agreement_id = round_.agreement_id
        self.model = RoundReportsModel(ws, round_id, self)
        self.dashboard = RoundDashboard(ws, round_id)
        self.list_view = ReportListView()
        self.list_view.setModel(self.model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.verticalHeader().setVisible(False)
        self.list_view.setAlternatingRowColors(True)
        header = self.list_view.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 1
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.list_view.doubleClicked.connect(self._open_index)
        self.list_view.sig_open.connect(self._open_index)
        self.editor = ReportEditor(ws)
        self.editor.sig_message.connect(self.sig_message)
        self.editor.sig_changed.connect(self._report_changed)
        self.hint = QLabel("ดับเบิลคลิกหรือกด Enter ที่ตัวชี้วัดเพื่อเปิดรายงาน")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.list_view)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([150, 600])
        self.splitter.setChildrenCollapsible(False)
        reports_page = QWidget()
        page = QVBoxLayout(reports_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.hint)
        page.addWidget(self.splitter, 1)
        self.reports_page = reports_page

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.add_page(self.dashboard, "ภาพรวมรอบนี้")
        self.add_page(reports_page, "รายงานตัวชี้วัด")
        from app.ui.round_summary_view import add_round_pages  # สรุปผลรอบ, อุทธรณ์, บันทึกข้อความ
        add_round_pages(self)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.dashboard.sig_open_indicator.connect(self.open_indicator)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.tabs, 1)

    @property
    def undo_stack(self):
        return self.editor.undo_stack

    def add_page(self, widget: QWidget, title: str) -> int:
        """Another tab of the round (สรุปผลรอบ, อุทธรณ์/บันทึกข้อความ …); returns its index."""
        return self.tabs.addTab(widget, title)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard:
            self.dashboard.refresh()

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_indicator(self.model.rows[index.row()].indicator_id)

    def open_indicator(self, indicator_id: int) -> int | None:
        """Open the indicator's report of this round in the editor (made on first open)."""
        try:
            with self.ws.transaction() as session:
                report_id = reports.get_or_create(session, indicator_id, self.round_id)
        except PlanDeskError as exc:
            self.sig_message.emit(exc.message)
            return None
        self.tabs.setCurrentWidget(self.reports_page)
        self.model.reload()
        row = self.model.row_of(indicator_id)
        if row >= 0:
            self.list_view.selectRow(row)
        self.editor.open_report(report_id)
        self.hint.hide()
        return report_id

    def _report_changed(self) -> None:
        current = self.list_view.currentIndex()
        self.model.reload()
        if current.isValid():
            self.list_view.selectRow(current.row())
        self.sig_changed.emit()

    def summary(self) -> str:
        rows = self.model.rows
        done = sum(1 for r in rows if r.state in ("submitted", "reviewed"))
        return f"ส่งแล้ว {done:,}/{len(rows):,} รายงาน"
