"""The annual plan editor screen: filter bar and the Gantt-style grid of one plan."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, QTimer, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QSplitter, QToolButton,
                               QToolTip, QVBoxLayout, QWidget)

from app.models import ItemKind
from app.services import clipboard, fiscal, items
from app.services.errors import PlanDeskError
from app.services.money import format_money
from app.ui.delegates import MoneyDelegate, MonthDelegate, WrapTextDelegate
from app.ui.plan_commands import (DeleteCommand, InsertCommand, InsertSubtreeCommand, MoveCommand, SetFieldCommand,
                                  SetProgressCommand)
from app.ui.plan_filter import PlanFilterProxy, responsible_units
from app.ui.plan_model import PlanItemModel
from app.ui.plan_view import PlanTreeView
from app.ui.progress_panel import HINT as PROGRESS_HINT
from app.ui.progress_panel import ProgressPanel
from app.ui.undo import push

COLUMN_WIDTHS = {"title": 380, "deliverable": 240, "budget": 96, "responsible": 170, "related": 190,
                 "remark": 120, "status": 200}
PROGRESS_TOGGLE = "แสดงผลการดำเนินงาน"
MONTH_WIDTH = 32
ALL_UNITS = "ผู้รับผิดชอบ: ทั้งหมด"
KIND_FOR_CHILD = {ItemKind.HEADING: ItemKind.ACTIVITY, ItemKind.ACTIVITY: ItemKind.BULLET,
                  ItemKind.BULLET: ItemKind.BULLET}


class PlanEditor(QWidget):
    sig_message = Signal(str)   # status-bar text
    sig_changed = Signal()      # totals/counts changed (committed)

    def __init__(self, model: PlanItemModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.proxy = PlanFilterProxy(self)
        self.proxy.setSourceModel(model)

        self.heading = QLabel()
        self.heading.setObjectName("planHeading")
        self.heading.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("ค้นหากิจกรรม ผลลัพธ์ ผู้รับผิดชอบ… (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumContentsLength(18)

        self.view = PlanTreeView(self)
        self.view.setModel(self.proxy)
        self._setup_columns()
        self.view.expandAll()

        # Progress (seed 003): actual months in the month cells, a status column and a panel.
        self.act_progress = QAction(PROGRESS_TOGGLE, self)
        self.act_progress.setCheckable(True)
        self.act_progress.setShortcut("Ctrl+Shift+R")
        self.act_progress.setToolTip(f"{PROGRESS_TOGGLE} (Ctrl+Shift+R): เดือนที่ดำเนินการจริงเป็นแถบสีเขียว "
                                     "ใต้แถบตามแผน สถานะของแต่ละกิจกรรม และแผงบันทึกผล")
        self.act_progress.toggled.connect(self.set_progress_view)
        self.addAction(self.act_progress)  # the shortcut works while this plan is on screen
        self.progress_button = QToolButton()
        self.progress_button.setDefaultAction(self.act_progress)
        self.progress_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.progress_panel = ProgressPanel()
        self.progress_panel.sig_edit.connect(self._edit_progress)
        self.progress_panel.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.progress_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 3)
        bar.addWidget(self.unit_combo, 1)
        bar.addWidget(self.progress_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _: self._filter_timer.start())
        self.unit_combo.activated.connect(lambda _: self._apply_filter())
        self.view.header().sectionResized.connect(self._on_section_resized)
        self.view.sig_message.connect(self.sig_message)
        model.sig_error.connect(self._show_error)
        model.conflict_handler = self._ask_conflict   # issue 7: someone else changed the row meanwhile
        model.sig_changed.connect(self.sig_changed)
        model.sig_units_changed.connect(self._refresh_units)
        model.modelReset.connect(self._after_reset)
        model.sig_progress_changed.connect(self._on_progress_changed)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_current_progress())
        self.proxy.rowsInserted.connect(self._expand_inserted)
        self._refresh_heading()
        self._refresh_units()

    # ---- layout ------------------------------------------------------------------------
    def _setup_columns(self) -> None:
        model, view = self.model, self.view
        self._wrap = WrapTextDelegate(view, view)
        self._money = MoneyDelegate(view)
        self._month = MonthDelegate(view)
        for column in range(model.columnCount()):
            field = model.field_at(column)
            if field is None:
                view.setItemDelegateForColumn(column, self._month)
                view.setColumnWidth(column, MONTH_WIDTH)
            else:
                view.setItemDelegateForColumn(column, self._money if field == "budget" else self._wrap)
                view.setColumnWidth(column, COLUMN_WIDTHS[field])
        # The status column sits right after the activity, shown only with the progress.
        header = view.header()
        status = model.status_column
        if header.visualIndex(status) != 1:
            header.moveSection(header.visualIndex(status), 1)
        view.setColumnHidden(status, not model.show_progress)

    def _after_reset(self) -> None:
        self._setup_columns()
        self.view.expandAll()
        self._refresh_heading()
        self._refresh_units()

    def _on_section_resized(self, *_):
        # Wrapped rows must be measured again at the new width.
        self.view.scheduleDelayedItemsLayout() if hasattr(self.view, "scheduleDelayedItemsLayout") \
            else self.view.doItemsLayout()

    def _refresh_heading(self) -> None:
        info = self.model.info
        self.heading.setText(
            f"<b>{info.title}</b><br>{info.unit_name} · ปีงบประมาณ พ.ศ. {info.be_year} · "
            f"ช่วงเดือน {fiscal.month_label(info.window_start)} – {fiscal.month_label(info.window_end)}"
            + (f"<br><span style='color:#b45309'>ดูได้อย่างเดียว: {self.model.read_only_reason}</span>"
               if self.model.read_only_reason else ""))

    def _ask_conflict(self, error) -> str:
        from app.ui.conflict_dialog import ask_conflict

        return ask_conflict(self, error)

    def _refresh_units(self) -> None:
        current = self.unit_combo.currentText()
        self.unit_combo.clear()
        self.unit_combo.addItem(ALL_UNITS)
        self.unit_combo.addItems(responsible_units(self.model))
        found = self.unit_combo.findText(current)
        self.unit_combo.setCurrentIndex(max(found, 0))

    def summary(self) -> str:
        return (f"รวมทั้งสิ้น {format_money(self.model.total())} บาท · "
                f"{self.model.activity_count():,} กิจกรรม")

    def set_context_actions(self, actions) -> None:
        """Right-click menu of the grid: the window's row actions (None = separator)."""
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in actions:
            if action is None:
                action = QAction(self.view)
                action.setSeparator(True)
            self.view.addAction(action)

    # ---- progress (seed 003) -----------------------------------------------------------
    def set_progress_view(self, on: bool) -> None:
        """Show actual months, statuses and the panel; month clicks then record actual months."""
        if self.act_progress.isChecked() != on:
            self.act_progress.setChecked(on)  # comes back here through toggled
            return
        self.model.set_show_progress(on)
        self.view.setColumnHidden(self.model.status_column, not on)
        self.progress_panel.setVisible(on)
        if on:
            self.splitter.setSizes([max(self.width() - 340, 200), 340])
            self._show_current_progress()
        self.view.viewport().update()
        self.sig_message.emit(PROGRESS_HINT if on else "ซ่อนผลการดำเนินงานแล้ว — คลิกช่องเดือนเพื่อแก้เดือนตามแผน")

    def _show_current_progress(self) -> None:
        if self.progress_panel.isVisible() or self.model.show_progress:
            self.progress_panel.show_item(self.model, self.current_item_id())

    def _on_progress_changed(self, item_id: int) -> None:
        if item_id == self.current_item_id() and self.model.show_progress:
            self.progress_panel.show_item(self.model, item_id)

    def _edit_progress(self, item_id: int, fields: dict) -> None:
        if not self.model.has_item(item_id):
            return
        if not self._push(SetProgressCommand(self.model, item_id, **fields)):
            self.progress_panel.show_item(self.model, item_id)  # refused: show what is stored

    # ---- filter ------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        unit = self.unit_combo.currentText()
        self.proxy.set_text(self.filter_edit.text())
        self.proxy.set_responsible("" if unit == ALL_UNITS else unit)
        self.view.expandAll()
        shown = self._visible_count()
        if self.proxy.active:
            self.sig_message.emit(f"แสดง {shown:,} แถวที่ตรงกับตัวกรอง")

    def _visible_count(self, parent: QModelIndex = QModelIndex()) -> int:
        count = self.proxy.rowCount(parent)
        return count + sum(self._visible_count(self.proxy.index(r, 0, parent)) for r in range(count))

    def set_filter(self, text: str = "", unit: str = "") -> None:
        self.filter_edit.setText(text)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findText(unit), 0) if unit else 0)
        self._apply_filter()

    def _expand_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            self.view.expand(parent)
        for row in range(first, last + 1):
            self.view.expandRecursively(self.proxy.index(row, 0, parent))

    # ---- selection helpers -------------------------------------------------------------
    def current_item_id(self) -> int | None:
        return self.model.item_id(self.view.to_source(self.view.currentIndex()))

    def selected_item_ids(self) -> list[int]:
        """Selected rows, top-most only (a selected child of a selected row goes with its parent)."""
        ids = {self.model.item_id(self.view.to_source(i)) for i in self.view.selectionModel().selectedIndexes()}
        ids.discard(None)
        current = self.current_item_id()
        if not ids and current is not None:
            ids = {current}
        ordered = [i for i in self.model.item_ids() if i in ids]
        return [i for i in ordered if not any(a in ids for a in self.model.ancestors(i))]

    def select_item(self, item_id: int, column: int = 0) -> None:
        index = self.view.from_source(self.model.index_of(item_id, column))
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)

    def _show_error(self, message: str, item_id: int, column: int) -> None:
        self.sig_message.emit(message)
        self.last_error = message
        # After the cell editor has closed: its focus change would hide the tip at once.
        QTimer.singleShot(0, lambda: self._tip_at(message, item_id, column))

    def _tip_at(self, message: str, item_id: int, column: int) -> None:
        rect = self.view.cell_rect(item_id, column) if item_id and self.model.has_item(item_id) else None
        if rect is not None and rect.isValid():
            where = f"แถว {self.model.number(item_id)}"
            QToolTip.showText(self.view.viewport().mapToGlobal(rect.bottomLeft()), f"{where}: {message}",
                              self.view.viewport())
        elif self.isVisible():
            QMessageBox.warning(self, "PlanDesk", message)

    def _refuse(self, message: str) -> None:
        self.sig_message.emit(message)

    # ---- row actions -------------------------------------------------------------------
    def _push(self, command) -> bool:
        return push(self.model.undo_stack, command)

    def insert_row(self, where: str) -> int | None:
        """where: "above", "below" or "child" of the current row (an empty plan gets a heading)."""
        current = self.current_item_id()
        model = self.model
        if current is None:
            parent_id, index, kind = None, len(model.children_of(None)), ItemKind.HEADING
        else:
            row = model.row(current)
            if where == "child":
                parent_id, index, kind = current, len(model.children_of(current)), KIND_FOR_CHILD[row.kind]
            else:
                offset = 0 if where == "above" else 1
                parent_id, index, kind = row.parent_id, model.position_of(current) + offset, row.kind
        text = {"above": "แทรกแถวด้านบน", "below": "แทรกแถวด้านล่าง", "child": "เพิ่มรายการย่อย"}[where]
        command = InsertCommand(model, parent_id, index, kind, text=text)
        self._push(command)
        if command.item_id is not None and model.has_item(command.item_id):
            if self.proxy.active:
                self.set_filter()
            self.select_item(command.item_id)
            self.view.edit(self.view.currentIndex())
            return command.item_id
        return None

    def delete_rows(self, confirm: bool = True) -> bool:
        ids = self.selected_item_ids()
        if not ids:
            return False
        descendants = sum(len(self.model.item_ids_under(i)) for i in ids)
        if confirm and descendants:
            names = ", ".join(self.model.number(i) for i in ids[:5])
            answer = QMessageBox.question(
                self, "ลบแถว",
                f"ลบแถว {names} พร้อมรายการย่อยอีก {descendants:,} รายการหรือไม่?\n"
                "(เลิกทำได้ด้วย Ctrl+Z)")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        neighbour = self._neighbour_after_delete(ids)
        self._push(DeleteCommand(self.model, ids))
        if neighbour is not None and self.model.has_item(neighbour):
            self.select_item(neighbour)
        return True

    def _neighbour_after_delete(self, ids: list[int]) -> int | None:
        order = self.model.item_ids()
        gone = set(ids)
        for i in ids:
            gone.update(self.model.item_ids_under(i))
        last = max(order.index(i) for i in ids)
        for item_id in order[last + 1:] + list(reversed(order[:last])):
            if item_id not in gone:
                return item_id
        return None

    def _move(self, target, text: str) -> bool:
        item_id = self.current_item_id()
        if item_id is None:
            return False
        try:
            new_parent, new_index = target(item_id)
        except PlanDeskError as exc:
            self._refuse(exc.message)
            return False
        column = self.view.currentIndex().column()
        self._push(MoveCommand(self.model, item_id, new_parent, new_index, text))
        self.select_item(item_id, max(column, 0))
        return True

    def _indent_target(self, item_id):
        model = self.model
        parent_id, position = model.row(item_id).parent_id, model.position_of(item_id)
        if position == 0:
            raise PlanDeskError("เยื้องเข้าไม่ได้ — ไม่มีรายการระดับเดียวกันอยู่ด้านบน")
        above = model.children_of(parent_id)[position - 1]
        return above, len(model.children_of(above))

    def _outdent_target(self, item_id):
        parent_id = self.model.row(item_id).parent_id
        if parent_id is None:
            raise PlanDeskError("เยื้องออกไม่ได้ — รายการนี้อยู่ระดับบนสุดแล้ว")
        return self.model.row(parent_id).parent_id, self.model.position_of(parent_id) + 1

    def _step_target(self, step: int):
        def target(item_id):
            parent_id = self.model.row(item_id).parent_id
            position = self.model.position_of(item_id) + step
            if not 0 <= position < len(self.model.children_of(parent_id)):
                raise PlanDeskError("เลื่อนขึ้นไม่ได้ — อยู่บนสุดแล้ว" if step < 0 else "เลื่อนลงไม่ได้ — อยู่ล่างสุดแล้ว")
            return parent_id, position
        return target

    def indent(self) -> bool:
        return self._move(self._indent_target, "เยื้องเข้า")

    def outdent(self) -> bool:
        return self._move(self._outdent_target, "เยื้องออก")

    def move_up(self) -> bool:
        return self._move(self._step_target(-1), "เลื่อนขึ้น")

    def move_down(self) -> bool:
        return self._move(self._step_target(+1), "เลื่อนลง")

    def _subtrees(self, ids: list[int]):
        with self.model.ws.session() as session:
            return [items.subtree(session, i) for i in ids]

    def duplicate(self) -> int | None:
        item_id = self.current_item_id()
        if item_id is None:
            return None
        row = self.model.row(item_id)
        command = InsertSubtreeCommand(self.model, row.parent_id, self.model.position_of(item_id) + 1,
                                       self._subtrees([item_id]), "ทำสำเนาแถว")
        self._push(command)
        if command.inserted:
            self.select_item(command.inserted[0])
            return command.inserted[0]
        return None

    def copy_rows(self) -> int:
        ids = self.selected_item_ids()
        if not ids:
            return 0
        nodes = self._subtrees(ids)
        numbers = {i: self.model.number(i) for root in nodes for i in (n.row.id for n in root.walk())}
        mime = QMimeData()
        mime.setData(clipboard.MIME_TYPE, clipboard.to_json(nodes).encode("utf-8"))
        mime.setText(clipboard.to_tsv(nodes, numbers, self.model.months))
        QGuiApplication.clipboard().setMimeData(mime)
        count = sum(1 for root in nodes for _ in root.walk())
        self.sig_message.emit(f"คัดลอก {count:,} แถวแล้ว — วางด้วย Ctrl+V")
        return count

    def paste(self) -> bool:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasFormat(clipboard.MIME_TYPE):
            try:
                nodes = clipboard.from_json(bytes(mime.data(clipboard.MIME_TYPE)).decode("utf-8"))
            except PlanDeskError as exc:
                self._refuse(exc.message)
                return False
            current = self.current_item_id()
            if current is None:
                parent_id, index = None, len(self.model.children_of(None))
            else:
                parent_id, index = self.model.row(current).parent_id, self.model.position_of(current) + 1
            command = InsertSubtreeCommand(self.model, parent_id, index, nodes, "วางแถว")
            self._push(command)
            if command.inserted:
                self.select_item(command.inserted[0])
            return bool(command.inserted)
        index = self.view.currentIndex()
        text = QGuiApplication.clipboard().text()
        if text and index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
            return self.proxy.setData(index, text.strip(), Qt.ItemDataRole.EditRole)
        return False

    def set_kind(self, kind: ItemKind) -> bool:
        ids = [i for i in self.selected_item_ids() if self.model.row(i).kind != kind]
        if not ids:
            return False
        commands = [SetFieldCommand(self.model, i, "kind", kind) for i in ids]
        done = [c for c in commands if c.apply()]  # refused ones report themselves
        if len(done) == 1:
            done[0].skip_redo = True
            self.model.undo_stack.push(done[0])
        elif done:
            stack = self.model.undo_stack
            stack.beginMacro("เปลี่ยนประเภทแถว")
            for command in done:
                command.skip_redo = True
                stack.push(command)
            stack.endMacro()
        return all(self.model.row(i).kind == kind for i in ids if self.model.has_item(i))
