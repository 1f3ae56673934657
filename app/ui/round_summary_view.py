"""สรุปผลรอบ: the round summary as a table (this round, the previous round, the change) with the
total and the bar chart under it; PDF export in the background like the other forms."""
from __future__ import annotations

import io

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app.services import round_summary
from app.services.errors import PlanDeskError
from app.services.printing.document import PrintOptions
from app.services.printing.summary_pdf import HEADERS, score_text, weight_text, weighted_text
from app.services.workspace import Workspace
from app.ui.bar_chart import Bar, BarChart

_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class RoundSummaryView(QWidget):
    def __init__(self, ws: Workspace, round_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.round_id = ws, round_id
        self.summary: round_summary.RoundSummary | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold")
        self.refresh_button = QPushButton("คำนวณใหม่")
        self.export_button = QPushButton("ส่งออก PDF…")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export_pdf)
        self.preview_button = QPushButton("ตัวอย่างก่อนพิมพ์…")
        self.preview_button.clicked.connect(self.preview_pdf)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.chart = BarChart()
        chart_area = QScrollArea()
        chart_area.setWidgetResizable(True)
        chart_area.setWidget(self.chart)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.preview_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.note)
        layout.addWidget(QLabel("กราฟคะแนนรายตัวชี้วัด"))
        layout.addWidget(chart_area, 2)
        self.refresh()

    def refresh(self) -> None:
        try:
            with self.ws.session() as session:
                self.summary = round_summary.summarize(session, self.round_id)
        except PlanDeskError as exc:
            self.note.setText(exc.message)
            return
        s = self.summary
        unit = s.unit_name + (f" {s.parent_unit_name}" if s.parent_unit_name else "")
        self.title.setText(f"สรุปผลคะแนน {unit} ปีงบประมาณ พ.ศ. {s.be_year} {s.label}")
        self.table.setRowCount(len(s.rows) + 1)
        for row_index, row in enumerate(s.rows):
            current = row.current
            result = current.result or "-"
            if current.missing:
                result = current.missing if current.state == round_summary.NO_REPORT else \
                    f"{result} ({current.missing})"
            score = score_text(current.final_score)
            if current.score_after is not None:
                score += f" (หลังอุทธรณ์ เดิม {score_text(current.score)})"
            values = [f"{row.number} {row.name}", weight_text(row.weight), result, score,
                      weighted_text(current.final_weighted),
                      "-" if row.previous is None else score_text(row.previous.final_score),
                      round_summary.signed(row.change)]
            self._set_row(row_index, values, missing=bool(current.missing))
        self._set_row(len(s.rows), ["คะแนนรวม", weight_text(s.total_weight), "", "", weighted_text(s.total),
                                    weighted_text(s.previous_total), round_summary.signed(s.total_change, 4)],
                      bold=True)
        notes = [s.total_note()] if s.total_note() else []
        if s.previous_label:
            notes.append(f"รอบก่อน = {s.previous_label}")
        self.note.setText(" · ".join(notes))
        self.chart.set_data([Bar(f"{r.number} {r.name}", r.current.final_score,
                                 r.previous.final_score if r.previous is not None else None) for r in s.rows],
                            s.scale_max, s.label, s.previous_label)

    def _set_row(self, row: int, values: list[str], bold: bool = False, missing: bool = False) -> None:
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column in (1, 3, 4, 5, 6):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if missing and column == 2:
                item.setForeground(QColor("#a05000"))
            self.table.setItem(row, column, item)

    def preview_pdf(self):
        from app.ui.document_preview import open_document_preview, summary_document

        return open_document_preview(self, self.ws, summary_document(self.round_id))

    def export_pdf(self, path: str | None = None):
        """Write the summary PDF in the background (the save dialog asks when no path is given)."""
        from app.services.printing.summary_pdf import write_summary_pdf
        from app.ui.agreement_exports import _ask_path
        from app.ui.print_jobs import load_options, show_error, show_status, write_file
        from app.ui.tasks import run_task

        name = f"สรุปผลคะแนน_{self.summary.be_year}_{self.summary.label}.pdf".translate(_TO_ARABIC).replace(" ", "_") \
            if self.summary else "สรุปผลคะแนน.pdf"
        path = path or _ask_path(self, "สรุปผลคะแนนรอบ", name)
        if not path:
            return None
        options = PrintOptions(thai_digits=False, prefer_th_sarabun=load_options().prefer_th_sarabun)
        ws, round_id = self.ws, self.round_id

        def work(progress) -> int:
            buffer = io.BytesIO()
            progress(0, 0, "กำลังจัดหน้าสรุปผลคะแนน…")
            with ws.session() as session:
                pages = write_summary_pdf(session, round_id, buffer, options,
                                          on_page=lambda n: progress(n, 0, f"จัดหน้าแล้ว {n:,} หน้า"))
            write_file(path, buffer.getvalue())
            return pages

        task = run_task(work, self, f"กำลังส่งออกสรุปผลคะแนน\n{path}")
        task.sig_done.connect(lambda pages: show_status(self, f"ส่งออกสรุปผลคะแนน {pages:,} หน้าแล้ว: {path}"))
        task.sig_failed.connect(lambda exc: show_error(self, "ส่งออกสรุปผลคะแนนไม่สำเร็จ", exc))
        return task


def add_round_pages(screen) -> None:
    """สรุปผลรอบ, อุทธรณ์ and บันทึกข้อความ as tabs of a RoundScreen (its `add_page`); the summary is
    computed again whenever its tab is shown, so reports and appeals edited meanwhile are in it."""
    from app.ui.appeals_view import AppealsView
    from app.ui.memo_editor import MemoEditor

    summary = RoundSummaryView(screen.ws, screen.round_id)
    appeals_page = AppealsView(screen.ws, screen.round_id)
    memo_page = MemoEditor(screen.ws, screen.round_id)
    screen.add_page(summary, "สรุปผลรอบ")
    screen.add_page(appeals_page, "อุทธรณ์")
    screen.add_page(memo_page, "บันทึกข้อความ")
    screen.summary_view, screen.appeals_view, screen.memo_editor = summary, appeals_page, memo_page
    for page in (appeals_page, memo_page):
        page.sig_message.connect(screen.sig_message)

    def shown(index: int) -> None:
        widget = screen.tabs.widget(index)
        if widget is summary:
            summary.refresh()
        elif widget is appeals_page:
            appeals_page.refresh()

    screen.tabs.currentChanged.connect(shown)
