"""นำเข้าแผนจาก Excel: pick a workbook, see how it was read (tree, columns, months, every warning),
fix the column mapping, then import in one transaction on the worker thread."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem, QTreeView,
                               QVBoxLayout, QWidget)

from app import APP_NAME
from app.models import ItemKind, OrgUnit
from app.services import fiscal
from app.services.errors import PlanDeskError
from app.services.excel_import import (PlanReading, WorkbookReading, import_plan, read_workbook, reparse,
                                       summary_text)
from app.services.excel_layout import FIELD_NAMES, MAPPABLE_FIELDS
from app.services.excel_read import column_letter
from app.services.money import format_money
from app.services.workspace import Workspace
from app.ui.tasks import Progress, run_task

ALL_SHEETS = "(ทุกชีตที่มีแผน)"
ERROR_COLOR = QColor("#b3261e")
WARNING_COLOR = QColor("#7a5a00")


def _months_text(months) -> str:
    return " ".join(fiscal.month_label(m) for m in sorted(months))


class ImportDialog(QDialog):
    sig_imported = Signal(int)  # the new plan's id

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.reading: WorkbookReading | None = None
        self.task = None
        self.plan_id: int | None = None
        self.setWindowTitle("นำเข้าแผนจาก Excel")
        self.resize(1280, 800)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("เลือกไฟล์ .xlsx ของแผนปฏิบัติการ")
        browse = QPushButton("เลือกไฟล์…")
        browse.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(lambda _: self._sheet_changed())
        self.plan_combo = QComboBox()
        self.plan_combo.activated.connect(lambda _: self._show_plan())
        top = QHBoxLayout()
        top.addWidget(QLabel("ไฟล์"))
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        top.addWidget(QLabel("ชีต"))
        top.addWidget(self.sheet_combo)
        top.addWidget(QLabel("แผน"))
        top.addWidget(self.plan_combo, 1)

        self.tree_model = QStandardItemModel(0, 4, self)
        self.tree_model.setHorizontalHeaderLabels(["กิจกรรม/ขั้นตอน", "เดือนดำเนินการ", "งบประมาณ", "แถว"])
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.summary)

        self.months_label = QLabel()
        self.months_label.setWordWrap(True)
        self.columns_table = QTableWidget(0, 3)
        self.columns_table.setHorizontalHeaderLabels(["คอลัมน์", "หัวคอลัมน์ในไฟล์", "นำเข้าเป็น"])
        self.columns_table.verticalHeader().hide()
        self.columns_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        columns_box = QGroupBox("คอลัมน์และเดือนที่อ่านได้")
        columns_layout = QVBoxLayout(columns_box)
        columns_layout.addWidget(self.months_label)
        columns_layout.addWidget(self.columns_table)
        self.messages = QListWidget()
        self.messages.setWordWrap(True)
        messages_box = QGroupBox("ข้อผิดพลาดและคำเตือน")
        QVBoxLayout(messages_box).addWidget(self.messages)
        self.unit_combo = QComboBox()
        self.unit_combo.setEditable(True)
        with ws.session() as session:
            self.unit_combo.addItems(sorted({u.name for u in session.query(OrgUnit)}))
        self.unit_combo.setCurrentText("")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2500, 2700)
        self.year_spin.setValue(fiscal.fiscal_year_of(dt.date.today()))
        target = QGroupBox("นำเข้าเป็นแผนของ")
        form = QFormLayout(target)
        form.addRow("หน่วยงาน", self.unit_combo)
        form.addRow("ปีงบประมาณ พ.ศ.", self.year_spin)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(columns_box)
        right.addWidget(messages_box)
        right.addWidget(target)
        right.setSizes([400, 220, 110])

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([780, 500])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("นำเข้า", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("PlanDesk อ่านแผนจากไฟล์ให้ดูก่อน ยังไม่มีอะไรถูกบันทึกจนกว่าจะกด “นำเข้า” "
                                "— ถ้าอ่านคอลัมน์ผิด เลือกใหม่ได้ในช่อง “นำเข้าเป็น”"))
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    # ---- reading ---------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เลือกไฟล์แผนจาก Excel", "",
                                              "ไฟล์ Excel (*.xlsx *.xlsm);;ทุกไฟล์ (*)")
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Read the workbook (every sheet); False with a message when the file is refused."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            reading = read_workbook(path)
        except PlanDeskError as exc:
            QGuiApplication.restoreOverrideCursor()
            self.reading = None
            self.path_edit.setText(str(path))
            self._clear()
            self._list_messages([exc.message], [])
            return False
        QGuiApplication.restoreOverrideCursor()
        self.path_edit.setText(str(path))
        self.sheet_combo.clear()
        self.sheet_combo.addItem(ALL_SHEETS, None)
        for name in reading.sheets:
            self.sheet_combo.addItem(name, name)
        self._show_reading(reading)
        return True

    def _sheet_changed(self) -> None:
        if self.reading is not None:
            self._show_reading(reparse(self.reading, self.sheet_combo.currentData()))

    def set_mapping(self, col: int, field: str) -> None:
        """Map source column `col` to `field` and read the sheet again (the mapping editor's combos)."""
        plan = self.current_plan()
        if self.reading is None or plan is None:
            return
        mapping = {c.col: (c.field or "ignore") for c in plan.columns}
        mapping[col] = field
        index = self.sheet_combo.findData(plan.sheet)
        self.sheet_combo.setCurrentIndex(index)
        self._show_reading(reparse(self.reading, plan.sheet, mapping), keep_sheet_plan=plan.header_rows)

    def _show_reading(self, reading: WorkbookReading, keep_sheet_plan=None) -> None:
        self.reading = reading
        self.plan_combo.clear()
        for plan in reading.plans:
            self.plan_combo.addItem(f"{plan.label} ({plan.activity_count:,} กิจกรรม)")
        if keep_sheet_plan is not None:
            for i, plan in enumerate(reading.plans):
                if plan.header_rows == keep_sheet_plan:
                    self.plan_combo.setCurrentIndex(i)
        self.plan_combo.setEnabled(len(reading.plans) > 1)
        self._show_plan()

    def current_plan(self) -> PlanReading | None:
        if self.reading is None or not self.reading.plans:
            return None
        return self.reading.plans[max(0, self.plan_combo.currentIndex())]

    def _clear(self) -> None:
        self.tree_model.removeRows(0, self.tree_model.rowCount())
        self.columns_table.setRowCount(0)
        self.months_label.setText("")
        self.summary.setText("")
        self.import_button.setEnabled(False)

    def _show_plan(self) -> None:
        self._clear()
        reading, plan = self.reading, self.current_plan()
        if reading is None:
            return
        if plan is not None:
            self._fill_tree(plan)
            self._fill_columns(plan)
            if plan.unit_name:
                self.unit_combo.setCurrentText(plan.unit_name)
            if plan.be_year:
                self.year_spin.setValue(plan.be_year)
            printed = (f" · ยอดรวมในไฟล์ {format_money(plan.printed_total)} บาท"
                       if plan.printed_total is not None else "")
            headings = sum(1 for i in plan.walk() if i.kind == ItemKind.HEADING)
            self.summary.setText(f"“{plan.title}” · {plan.activity_count:,} กิจกรรม · {headings:,} หัวข้อ · "
                                 f"รวม {format_money(plan.computed_total)} บาท{printed}")
        self._list_messages(reading.errors, reading.warnings)
        self.import_button.setEnabled(reading.ok)

    def _fill_tree(self, plan: PlanReading) -> None:
        root = self.tree_model.invisibleRootItem()
        stack = [(root, item) for item in reversed(plan.items)]
        while stack:
            parent, item = stack.pop()
            number = "-" if item.kind == ItemKind.BULLET else f"{item.number})" if item.number else ""
            title = QStandardItem(f"{number} {item.title}".strip())
            if item.kind == ItemKind.HEADING:
                font = title.font()
                font.setBold(True)
                title.setFont(font)
            budget = QStandardItem("" if item.kind == ItemKind.HEADING else format_money(item.budget))
            budget.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            rows = QStandardItem(", ".join(str(r) for r in item.rows[:3]) + ("…" if len(item.rows) > 3 else ""))
            cells = [title, QStandardItem(_months_text(item.months)), budget, rows]
            for cell in cells:
                cell.setEditable(False)
            parent.appendRow(cells)
            stack.extend((title, child) for child in reversed(item.children))
        self.tree.expandAll()
        for col in (1, 2, 3):
            self.tree.resizeColumnToContents(col)

    def _fill_columns(self, plan: PlanReading) -> None:
        if plan.window:
            first, last = plan.months[0][0], plan.months[-1][0]
            self.months_label.setText(
                f"เดือน: {fiscal.month_label(plan.window[0])} – {fiscal.month_label(plan.window[1])} "
                f"({len(plan.months)} เดือน, คอลัมน์ {column_letter(first)}–{column_letter(last)}) · "
                f"หัวตารางแถว {plan.header_rows[0]}–{plan.header_rows[1]}"
                + (f" · ปีงบประมาณ {plan.be_year}" if plan.be_year else ""))
        self.columns_table.setRowCount(len(plan.columns))
        self.mapping_combos: dict[int, QComboBox] = {}
        for row, column in enumerate(plan.columns):
            self.columns_table.setItem(row, 0, _cell(column.letter))
            self.columns_table.setItem(row, 1, _cell(column.header))
            combo = QComboBox()
            for name in MAPPABLE_FIELDS:
                combo.addItem(FIELD_NAMES[name], name)
            combo.setCurrentIndex(combo.findData(column.field or "ignore"))
            combo.activated.connect(lambda _, c=column.col, box=combo: self.set_mapping(c, box.currentData()))
            self.columns_table.setCellWidget(row, 2, combo)
            self.mapping_combos[column.col] = combo
        self.columns_table.resizeColumnToContents(0)
        self.columns_table.resizeColumnToContents(2)

    def _list_messages(self, errors: list[str], warnings: list[str]) -> None:
        self.messages.clear()
        for text, color, prefix in [*((e, ERROR_COLOR, "ผิดพลาด: ") for e in errors),
                                    *((w, WARNING_COLOR, "คำเตือน: ") for w in warnings)]:
            item = QListWidgetItem(prefix + text)
            item.setForeground(QBrush(color))
            self.messages.addItem(item)
        if not errors and not warnings and self.reading is not None:
            self.messages.addItem("อ่านได้ครบ ไม่มีคำเตือน")

    # ---- importing -------------------------------------------------------------------------------
    def start_import(self):
        reading, plan = self.reading, self.current_plan()
        if reading is None or plan is None or not reading.ok or self.task is not None:
            return None
        index = self.plan_combo.currentIndex()
        unit = self.unit_combo.currentText().strip() or None
        year = self.year_spin.value()
        ws = self.ws

        def work(progress: Progress):
            progress(0, 0, "กำลังบันทึกแผน…")
            with ws.transaction() as session:
                return import_plan(session, reading, max(0, index), unit=unit, be_year=year, progress=progress)

        self.import_button.setEnabled(False)
        self.task = run_task(work, self, "กำลังนำเข้าแผนจาก Excel…", cancellable=False)
        self.task.sig_done.connect(self._imported)
        self.task.sig_failed.connect(self._failed)
        return self.task

    def _imported(self, result) -> None:
        self.task = None
        self.plan_id = result.plan_id
        self.result_text = summary_text(result)
        self.sig_imported.emit(result.plan_id)
        self.accept()

    def _failed(self, exc) -> None:
        self.task = None
        self.import_button.setEnabled(True)
        message = exc.message if isinstance(exc, PlanDeskError) else f"นำเข้าไม่สำเร็จ: {exc}"
        self._list_messages([message], [])
        if self.isVisible():
            QMessageBox.warning(self, APP_NAME, message + "\n\nไม่มีข้อมูลใดถูกบันทึก")


def _cell(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


def open_import_dialog(window) -> int | None:
    """File › นำเข้าแผนจาก Excel…: the dialog over the main window; opens the new plan."""
    dialog = ImportDialog(window.ws, window)
    dialog.choose_file()
    if dialog.reading is None and not dialog.path_edit.text():
        dialog.deleteLater()
        return None
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.plan_id is None:
        return None
    window.refresh_navigator(dialog.plan_id)
    window.open_plan(dialog.plan_id)
    window.statusBar().showMessage(dialog.result_text, 10000)
    return dialog.plan_id
