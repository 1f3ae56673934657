"""ตัวอย่างก่อนพิมพ์: the plan's PDF pages as they will print, with the print options.

The PDF is made on the worker thread (again whenever an option changes; a stale run is
cancelled); pages are rendered on demand by pdfium (a landscape page at screen size takes
~20 ms). Export and Print from here reuse the PDF on screen instead of making it again.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (QCheckBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QScrollArea, QSizePolicy, QStyle, QToolButton, QVBoxLayout, QWidget)

from app.services.plan_data import PlanInfo
from app.services.printing.document import PrintOptions
from app.services.workspace import Workspace
from app.ui import print_jobs
from app.ui.pdf_pages import POINTS_PER_INCH, PdfPages
from app.ui.tasks import Task

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
PAGE_MARGIN = 12          # pixels of grey around the page
OPTION_LABELS = (("thai_digits", "ตัวเลขไทย"),
                 ("heading_subtotals", "แสดงยอดรวมงบประมาณของหัวข้อ"),
                 ("prefer_th_sarabun", "ใช้ฟอนต์ TH Sarabun ที่ติดตั้งในเครื่อง"))


def _tool_button(text: str, tip: str, slot) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.clicked.connect(slot)
    return button


class PrintPreviewDialog(QDialog):
    sig_rendered = Signal()   # a newly made PDF is on screen (or making it failed)

    def __init__(self, ws: Workspace, info: PlanInfo, parent=None):
        super().__init__(parent)
        self.ws, self.info = ws, info
        self.setWindowTitle(f"ตัวอย่างก่อนพิมพ์ — {info.title}")
        self.pdf: print_jobs.PlanPdf | None = None
        self.pages: PdfPages | None = None
        self.index = 0
        self.zoom: float | None = None   # None: fit the page width to the window
        self.image = QImage()
        self._task: Task | None = None

        self.prev_button = _tool_button("◀ หน้าก่อน", "หน้าก่อนหน้า (Page Up)", lambda: self.go_to(self.index - 1))
        self.next_button = _tool_button("หน้าถัดไป ▶", "หน้าถัดไป (Page Down)", lambda: self.go_to(self.index + 1))
        self.page_label = QLabel()
        self.zoom_out_button = _tool_button("−", "ย่อ (Ctrl+-)", lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button = _tool_button("+", "ขยาย (Ctrl++)", lambda: self.zoom_by(ZOOM_STEP))
        self.fit_button = _tool_button("พอดีความกว้าง", "ให้หน้ากว้างพอดีหน้าต่าง", lambda: self.set_zoom(None))
        self.fit_button.setCheckable(True)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QHBoxLayout()
        for widget in (self.prev_button, self.page_label, self.next_button, None, self.zoom_out_button,
                       self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addSpacing(24) if widget is None else bar.addWidget(widget)
        bar.addStretch(1)

        saved = print_jobs.load_options()
        self.option_boxes: dict[str, QCheckBox] = {}
        option_bar = QHBoxLayout()
        for field, label in OPTION_LABELS:
            box = QCheckBox(label)
            box.setChecked(getattr(saved, field))
            box.toggled.connect(self._options_changed)
            self.option_boxes[field] = box
            option_bar.addWidget(box)
            option_bar.addSpacing(16)
        option_bar.addStretch(1)

        self.page_view = QLabel()
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_view.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        canvas = QWidget()
        canvas.setObjectName("previewCanvas")
        canvas.setStyleSheet("#previewCanvas { background: #7a7a7a; }")
        grid = QGridLayout(canvas)
        grid.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        grid.addWidget(self.page_view, 0, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(canvas)
        self.scroll.setWidgetResizable(True)

        self.status = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.export_button = QPushButton("ส่งออก PDF…")
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button = QPushButton("พิมพ์…")
        self.print_button.clicked.connect(self.print_plan)
        close_button = QPushButton("ปิด")
        close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy)
        bottom.addWidget(self.status, 1)
        for button in (self.export_button, self.print_button, close_button):
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(option_bar)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)

        for keys, slot in ((QKeySequence.StandardKey.MoveToNextPage, lambda: self.go_to(self.index + 1)),
                           (QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.go_to(self.index - 1)),
                           (QKeySequence.StandardKey.ZoomIn, self.zoom_in_button.click),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out_button.click)):
            QShortcut(QKeySequence(keys), self, slot)
        self._fit_timer = QTimer(self, singleShot=True, interval=80)
        self._fit_timer.timeout.connect(self._show_page)
        self._update_controls()
        self.refresh()

    # ---- making the PDF ----------------------------------------------------------------
    def options(self) -> PrintOptions:
        return PrintOptions(**{field: box.isChecked() for field, box in self.option_boxes.items()})

    def _options_changed(self) -> None:
        print_jobs.save_options(self.options())
        self.refresh()

    def refresh(self) -> Task:
        """Make the PDF again with the options on screen, in the background."""
        if self._task is not None:
            self._task.cancel()
        ws, plan_id, options = self.ws, self.info.id, self.options()
        task = Task(lambda progress: print_jobs.make_plan_pdf(ws, plan_id, options, progress))
        self._task = task
        task.sig_progress.connect(lambda done, total, text: self._progress(task, text))
        task.sig_done.connect(lambda pdf: self._made(task, pdf))
        task.sig_failed.connect(lambda exc: self._failed(task, exc))
        self.status.setText("กำลังจัดหน้า…")
        self._update_controls()
        return task.start()

    def _progress(self, task: Task, text: str) -> None:
        if task is self._task:
            self.status.setText(f"กำลังจัดหน้า… {text}")

    def _made(self, task: Task, pdf: print_jobs.PlanPdf) -> None:
        if task is not self._task:
            return
        self._task = None
        old, self.pages, self.pdf = self.pages, PdfPages(pdf.data), pdf
        if old is not None:
            old.close()
        self.index = min(self.index, len(self.pages) - 1)
        self.status.setText(f"{len(self.pages):,} หน้า · A4 แนวนอน")
        self._show_page()
        self.sig_rendered.emit()

    def _failed(self, task: Task, exc: BaseException) -> None:
        if task is not self._task:
            return
        self._task = None
        self.status.setText(print_jobs.error_text(exc))
        self._update_controls()
        self.sig_rendered.emit()

    # ---- showing a page ----------------------------------------------------------------
    def _screen_ppp(self) -> float:
        """Screen pixels per PDF point at 100%."""
        return self.logicalDpiX() / POINTS_PER_INCH

    def _fit_zoom(self) -> float:
        """The zoom at which the page is as wide as the view (less the vertical scroll bar
        when the page is then taller than the view)."""
        width_pt, height_pt = self.pages.sizes[self.index]
        view = self.scroll.maximumViewportSize()
        per_zoom = self._screen_ppp()
        spare = 2 * PAGE_MARGIN + 1   # + 1: pdfium rounds the page's pixel width up
        zoom = (view.width() - spare) / (width_pt * per_zoom)
        if height_pt * zoom * per_zoom + 2 * PAGE_MARGIN > view.height():
            bar = self.scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None,
                                                  self.scroll.verticalScrollBar())
            zoom = (view.width() - bar - spare) / (width_pt * per_zoom)
        return max(ZOOM_MIN, zoom)

    def _scale_zoom(self) -> float:
        if self.zoom is not None:
            return self.zoom
        return self._fit_zoom() if self.pages else 1.0

    def set_zoom(self, zoom: float | None) -> None:
        self.zoom = None if zoom is None else min(ZOOM_MAX, max(ZOOM_MIN, zoom))
        self._show_page()

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self._scale_zoom() * factor)

    def go_to(self, index: int) -> None:
        if self.pages and 0 <= index < len(self.pages) and index != self.index:
            self.index = index
            self._show_page()

    def _show_page(self) -> None:
        if self.pages:
            ratio = self.devicePixelRatioF()
            self.image = self.pages.render(self.index, self._scale_zoom() * self._screen_ppp() * ratio)
            pixmap = QPixmap.fromImage(self.image)
            pixmap.setDevicePixelRatio(ratio)
            self.page_view.setPixmap(pixmap)
            self.page_view.setFixedSize(QSize(round(pixmap.width() / ratio), round(pixmap.height() / ratio)))
        self._update_controls()

    def _update_controls(self) -> None:
        count = len(self.pages) if self.pages else 0
        self.page_label.setText(f"หน้า {self.index + 1:,} จาก {count:,}" if count else "หน้า – จาก –")
        self.prev_button.setEnabled(count > 0 and self.index > 0)
        self.next_button.setEnabled(self.index + 1 < count)
        self.fit_button.setChecked(self.zoom is None)
        self.zoom_label.setText(f"{round(self._scale_zoom() * 100)}%" if count else "")
        busy = self._task is not None
        self.busy.setVisible(busy)
        self.export_button.setEnabled(self.pdf is not None and not busy)
        self.print_button.setEnabled(self.pdf is not None and not busy)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.zoom is None and self.pages:
            self._fit_timer.start()

    # ---- export and print what is on screen --------------------------------------------
    def export_pdf(self) -> Task | None:
        return print_jobs.export_plan_pdf(self, self.ws, self.info, self.pdf.options, self.pdf)

    def print_plan(self) -> Task | None:
        return print_jobs.print_plan(self, self.ws, self.info, options=self.pdf.options, pdf=self.pdf)

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._fit_timer.stop()
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        super().done(result)


def open_preview(parent, ws: Workspace, info: PlanInfo) -> PrintPreviewDialog:
    """Open the preview over `parent` (window-modal, returns at once; deleted when closed)."""
    dialog = PrintPreviewDialog(ws, info, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is not None:
        size = parent.size()
        dialog.resize(max(900, int(size.width() * 0.85)), max(640, int(size.height() * 0.92)))
    dialog.open()
    return dialog
