"""The plan grid's item model: a tree over item ids with a row cache, backed by the services.

The model never holds ORM objects. Each `apply_*` method runs one service call in its own
transaction (the edit is committed when it returns) and then updates the cache and emits the
matching structural signals, so views keep their expansion and selection. Undo commands in
`plan_commands` call these methods; `setData` pushes such a command on the model's stack.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from app.models import ItemKind
from app.services import fiscal, items, permissions, plans, progress
from app.services.errors import ConflictError, NotFoundError, PlanDeskError
from app.services.money import format_money, parse_budget
from app.services.numbering import compute_numbers
from app.services.plan_data import ItemRow, PlanInfo, SubtreeNode
from app.services.workspace import Workspace

MARK_ROLE = Qt.ItemDataRole.UserRole + 1      # month cell: "own", "rollup" or None
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
MONTH_ROLE = Qt.ItemDataRole.UserRole + 4     # month cell: its date
ACTUAL_ROLE = Qt.ItemDataRole.UserRole + 5    # month cell, progress shown: actually done that month (bool)

TRAILING_COLUMNS = (
    ("deliverable", "ผลลัพธ์ของงาน"),
    ("budget", "งบประมาณที่ใช้"),
    ("responsible", "ผู้รับผิดชอบ"),
    ("related", "ผู้เกี่ยวข้อง"),
    ("remark", "หมายเหตุ"),
)
TITLE_HEADER = "กิจกรรม/ขั้นตอน"
STATUS_FIELD, STATUS_HEADER = "status", "สถานะ"   # last column; shown with the progress
DONE_COLOR, NOT_DONE_COLOR = QColor("#1e7b34"), QColor("#b45309")
HEADING_BACKGROUND = QColor("#eef3fa")
FAILED = object()  # a refused service call (None is a valid result)


class PlanItemModel(QAbstractItemModel):
    sig_error = Signal(str, int, int)   # Thai message, item id (0: none), column
    sig_changed = Signal()              # something was committed: totals and counts may differ
    sig_units_changed = Signal()        # the set of responsible units may differ (filter list)
    sig_progress_changed = Signal(int)  # an item's progress was committed (item id)

    def __init__(self, workspace: Workspace, plan_id: int, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.plan_id = plan_id
        self.undo_stack = QUndoStack(self)
        self._rows: dict[int, ItemRow] = {}
        self._kids: dict[int | None, list[int]] = {}
        self._pos: dict[int, int] = {}
        self._numbers: dict[int, str] | None = None
        self._subtotals: dict[int, Decimal] = {}
        self._rollups: dict[int, frozenset[dt.date]] = {}
        self._totals: tuple[Decimal, int] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        # Progress is read only once the grid shows it, so opening a plan costs nothing more.
        self.show_progress = False
        self._progress: dict[int, progress.ItemProgress] | None = None
        # Issue 7: asked when an edit meets a row someone else changed since it was loaded;
        # returns "reload" (discard mine, show theirs) or "overwrite" (mine on top of theirs).
        # None: reload and report the conflict as an error (no dialog, e.g. scripts and benches).
        self.conflict_handler = None
        # Set when the current user may not edit plans (officer): cells are not editable and
        # the editor shows why.
        self.read_only_reason: str | None = None
        self.reload()

    # ---- loading and cache -------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        with self.ws.session() as session:
            data = plans.load_plan(session, self.plan_id)
            self._progress = progress.plan_progress(session, self.plan_id) if self.show_progress else None
            user = permissions.who(session)
            self.read_only_reason = None if user.is_planner else permissions.planner_only(user, "แผนปฏิบัติการ")
        self.info: PlanInfo = data.info
        self.months = fiscal.month_range(data.info.window_start, data.info.window_end)
        self._rows.clear()
        self._kids = {None: []}
        for row in data.rows:  # parents come first, siblings in order
            self._rows[row.id] = row
            self._kids.setdefault(row.parent_id, []).append(row.id)
        for parent in self._kids:
            self._reindex(parent)
        self._invalidate()
        self.endResetModel()

    def _reindex(self, parent_id: int | None) -> None:
        for i, item_id in enumerate(self._kids.get(parent_id, ())):
            self._pos[item_id] = i

    def _invalidate(self) -> None:
        """After a structural change: numbers, subtotals, roll-ups and totals start again."""
        self._numbers = self._totals = None
        self._subtotals.clear()
        self._rollups.clear()

    def _forget_upwards(self, memo: dict, item_id: int) -> None:
        """An item's own value changed: only it and its ancestors need recomputing."""
        memo.pop(item_id, None)
        for ancestor in self.ancestors(item_id):
            memo.pop(ancestor, None)

    def _add_subtree(self, node: SubtreeNode) -> None:
        row = node.row
        self._rows[row.id] = row
        self._kids.setdefault(row.id, [])
        for child in node.children:
            self._kids[row.id].append(child.row.id)
            self._add_subtree(child)
        self._reindex(row.id)

    def _drop_subtree(self, item_id: int) -> None:
        for child in self._kids.pop(item_id, []):
            self._drop_subtree(child)
        self._rows.pop(item_id, None)
        self._pos.pop(item_id, None)

    # ---- column layout -----------------------------------------------------------------
    @property
    def month_count(self) -> int:
        return len(self.months)

    def month_column(self, month: dt.date) -> int:
        return 1 + fiscal.months_between(self.months[0], month)

    def is_month_column(self, column: int) -> bool:
        return 1 <= column <= self.month_count

    def month_at(self, column: int) -> dt.date:
        return self.months[column - 1]

    def field_at(self, column: int) -> str | None:
        if column == 0:
            return "title"
        offset = column - 1 - self.month_count
        if offset == len(TRAILING_COLUMNS):
            return STATUS_FIELD
        return TRAILING_COLUMNS[offset][0] if 0 <= offset < len(TRAILING_COLUMNS) else None

    @property
    def status_column(self) -> int:
        return 1 + self.month_count + len(TRAILING_COLUMNS)

    def column_of(self, field: str) -> int:
        """The grid column of a field; fields without one (kind) point at the title cell."""
        names = [name for name, _ in TRAILING_COLUMNS]
        return 1 + self.month_count + names.index(field) if field in names else 0

    # ---- tree queries ------------------------------------------------------------------
    def row(self, item_id: int) -> ItemRow:
        return self._rows[item_id]

    def has_item(self, item_id: int) -> bool:
        return item_id in self._rows

    def children_of(self, item_id: int | None) -> list[int]:
        return list(self._kids.get(item_id, ()))

    def item_ids(self) -> list[int]:
        """Every id in display order (depth first)."""
        return self.item_ids_under(None)

    def item_ids_under(self, item_id: int | None) -> list[int]:
        """Descendants of an item (not the item itself), in display order."""
        out, stack = [], list(reversed(self._kids.get(item_id, [])))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(reversed(self._kids.get(child, [])))
        return out

    def position_of(self, item_id: int) -> int:
        return self._pos[item_id]

    def index_of(self, item_id: int | None, column: int = 0) -> QModelIndex:
        if item_id is None or item_id not in self._rows:
            return QModelIndex()
        return self.createIndex(self._pos[item_id], column, item_id)

    def item_id(self, index: QModelIndex) -> int | None:
        return index.internalId() if index.isValid() else None

    def number(self, item_id: int) -> str:
        if self._numbers is None:
            self._numbers = compute_numbers(self._kids, {i: r.kind for i, r in self._rows.items()})
        return self._numbers[item_id]

    def subtotal(self, item_id: int) -> Decimal:
        """A heading's budget: every activity and bullet below it (memoised per item)."""
        cached = self._subtotals.get(item_id)
        if cached is None:
            row = self._rows[item_id]
            cached = Decimal("0.00") if row.kind == ItemKind.HEADING else (row.budget or Decimal("0.00"))
            for child in self._kids.get(item_id, ()):
                cached += self.subtotal(child)
            self._subtotals[item_id] = cached
        return cached

    def _plan_totals(self) -> tuple[Decimal, int]:
        if self._totals is None:
            self._totals = (
                sum((r.budget or Decimal(0) for r in self._rows.values() if r.kind != ItemKind.HEADING),
                    Decimal("0.00")),
                sum(1 for r in self._rows.values() if r.kind != ItemKind.HEADING))
        return self._totals

    def total(self) -> Decimal:
        return self._plan_totals()[0]

    def activity_count(self) -> int:
        return self._plan_totals()[1]

    def rollup(self, item_id: int) -> frozenset[dt.date]:
        """Months in which anything below a heading runs (drawn as a light band on the heading)."""
        cached = self._rollups.get(item_id)
        if cached is None:
            months = set(self._rows[item_id].months)
            for child in self._kids.get(item_id, ()):
                months |= self.rollup(child)
            cached = self._rollups[item_id] = frozenset(months)
        return cached

    def ancestors(self, item_id: int) -> list[int]:
        out, parent = [], self._rows[item_id].parent_id
        while parent is not None:
            out.append(parent)
            parent = self._rows[parent].parent_id
        return out

    # ---- QAbstractItemModel ------------------------------------------------------------
    def columnCount(self, parent=QModelIndex()) -> int:
        return 1 + self.month_count + len(TRAILING_COLUMNS) + 1  # + the status column

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._kids.get(parent.internalId(), ()))
        return len(self._kids.get(None, ()))

    def index(self, row, column, parent=QModelIndex()) -> QModelIndex:
        parent_id = parent.internalId() if parent.isValid() else None
        kids = self._kids.get(parent_id, ())
        if 0 <= row < len(kids) and 0 <= column < self.columnCount():
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

    def parent(self, index=QModelIndex()) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        row = self._rows.get(index.internalId())
        if row is None or row.parent_id is None:
            return QModelIndex()
        return self.createIndex(self._pos[row.parent_id], 0, row.parent_id)

    def hasChildren(self, parent=QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return TITLE_HEADER
            if self.is_month_column(section):
                return fiscal.month_abbr(self.month_at(section))
            field = self.field_at(section)
            return STATUS_HEADER if field == STATUS_FIELD else dict(TRAILING_COLUMNS).get(field)
        if role == MONTH_ROLE and self.is_month_column(section):
            return self.month_at(section)
        if role == Qt.ItemDataRole.ToolTipRole and self.is_month_column(section):
            return fiscal.month_label_long(self.month_at(section))
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = self.field_at(index.column())
        if field is None or field == STATUS_FIELD:  # months toggle by click; status is edited in the panel
            return base
        if self.read_only_reason:
            return base
        if field == "budget" and self._rows[index.internalId()].kind == ItemKind.HEADING:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item_id = index.internalId()
        row = self._rows.get(item_id)
        if row is None:
            return None
        column = index.column()
        if role == ITEM_ID_ROLE:
            return item_id
        if role == KIND_ROLE:
            return row.kind.value
        if self.is_month_column(column):
            return self._month_data(row, column, role)
        field = self.field_at(column)
        if field == STATUS_FIELD:
            return self._status_data(row, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "title":
                return f"{self.number(item_id)} {row.title}"
            if field == "budget":
                if row.kind == ItemKind.HEADING:
                    return format_money(self.subtotal(item_id) or None)
                return format_money(row.budget)
            return getattr(row, field)
        if role == Qt.ItemDataRole.EditRole:
            if field == "budget":
                return "" if row.budget is None else format_money(row.budget)
            return getattr(row, field)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return text if text and len(text) > 30 else None
        if role == Qt.ItemDataRole.FontRole and row.kind == ItemKind.HEADING:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.kind == ItemKind.HEADING:
            return QBrush(HEADING_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if field == "budget":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _month_data(self, row: ItemRow, column: int, role):
        month = self.month_at(column)
        if role == ACTUAL_ROLE:
            return month in self.item_progress(row.id).actual_months if self.show_progress else None
        if role == MARK_ROLE:
            if month in row.months:
                return "own"
            if row.kind == ItemKind.HEADING and month in self.rollup(row.id):
                return "rollup"
            return None
        if role == MONTH_ROLE:
            return month
        if role == Qt.ItemDataRole.ToolTipRole:
            state = "ดำเนินการ" if month in row.months else "ไม่มีกิจกรรม"
            if self.show_progress and row.kind != ItemKind.HEADING:
                state = ("ตามแผน" if month in row.months else "ไม่อยู่ในแผน") + " · " + \
                    ("ดำเนินการจริงแล้ว" if month in self.item_progress(row.id).actual_months else "ยังไม่ได้ดำเนินการจริง")
            return f"{fiscal.month_label_long(month)} — {state}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return fiscal.month_label(month) + (" ✓" if month in row.months else "")
        if role == Qt.ItemDataRole.BackgroundRole and row.kind == ItemKind.HEADING:
            return QBrush(HEADING_BACKGROUND)
        return None

    # ---- progress (seed 003) ----------------------------------------------------------
    def item_progress(self, item_id: int) -> progress.ItemProgress:
        """An item's progress; loads the plan's progress on first use."""
        if self._progress is None:
            with self.ws.session() as session:
                self._progress = progress.plan_progress(session, self.plan_id)
        return self._progress.get(item_id) or progress.ItemProgress(item_id=item_id)

    def set_show_progress(self, on: bool) -> None:
        if on == self.show_progress:
            return
        self.show_progress = on
        if on:
            self.item_progress(0)  # load
        if self._kids.get(None):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._kids[None]) - 1, self.columnCount() - 1))

    def status_counts(self, item_id: int) -> tuple[int, int]:
        """(done, activities) below a heading."""
        ids = [i for i in self.item_ids_under(item_id) if self._rows[i].kind == ItemKind.ACTIVITY]
        return sum(1 for i in ids if self.item_progress(i).done is True), len(ids)

    def _status_data(self, row: ItemRow, role):
        if not self.show_progress:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if row.kind == ItemKind.HEADING:
                done, total = self.status_counts(row.id)
                return f"ดำเนินการแล้ว {done}/{total}" if total else ""
            if row.kind != ItemKind.ACTIVITY:
                return ""
            p = self.item_progress(row.id)
            return progress.status_text(p.done, p.on_target)
        if role == Qt.ItemDataRole.ForegroundRole and row.kind == ItemKind.ACTIVITY:
            done = self.item_progress(row.id).done
            return None if done is None else QBrush(DONE_COLOR if done else NOT_DONE_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole and row.kind == ItemKind.ACTIVITY:
            p = self.item_progress(row.id)
            return (f"เป้าหมาย {p.target_text or '-'} · ดำเนินการจริง {progress.period_text(p.actual_months)}"
                    + (f"\n{p.result}" if p.result else ""))
        if role == Qt.ItemDataRole.FontRole and row.kind == ItemKind.HEADING:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.kind == ItemKind.HEADING:
            return QBrush(HEADING_BACKGROUND)
        return None

    def _progress_committed(self, item_id: int, new: progress.ItemProgress) -> None:
        self.item_progress(item_id)
        self._progress[item_id] = new
        self._emit_row(item_id, 1, self.columnCount() - 1)
        for ancestor in self.ancestors(item_id):
            self._emit_row(ancestor, self.status_column, self.status_column)
        self.sig_progress_changed.emit(item_id)
        self.sig_changed.emit()

    def apply_progress(self, item_id: int, **fields) -> bool:
        new = self._run(lambda s: progress.set_progress(s, item_id, **fields), item_id, self.status_column)
        if new is FAILED:
            return False
        self._progress_committed(item_id, new)
        return True

    def apply_actual(self, item_id: int, months: frozenset[dt.date]) -> bool:
        def action(session):
            progress.set_actual_months(session, item_id, months)
            return progress.get_progress(session, item_id)

        new = self._run(action, item_id, self.month_column(min(months)) if months else 0)
        if new is FAILED:
            return False
        self._progress_committed(item_id, new)
        return True

    def snapshot_progress(self, item_id: int) -> list[progress.ItemProgress]:
        with self.ws.session() as session:
            return progress.snapshot(session, [item_id, *self.item_ids_under(item_id)])

    def apply_progress_restore(self, saved: list[progress.ItemProgress]) -> None:
        if not saved or self._run(lambda s: progress.restore(s, saved)) is FAILED:
            return
        for data in saved:
            if self._progress is not None:
                self._progress[data.item_id] = data
            if self.has_item(data.item_id):
                self._emit_row(data.item_id)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """An in-place edit: validated here, then pushed as an undoable command."""
        from app.ui.plan_commands import SetFieldCommand
        from app.ui.undo import push

        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.field_at(index.column())
        if field is None or field == STATUS_FIELD:
            return False
        item_id = index.internalId()
        row = self._rows[item_id]
        try:
            new = parse_budget(value) if field == "budget" else str(value or "").strip()
        except PlanDeskError as exc:
            self.sig_error.emit(exc.message, item_id, index.column())
            return False
        if getattr(row, field) == new:
            return True
        return push(self.undo_stack, SetFieldCommand(self, item_id, field, new))

    # ---- changes (each commits one unit of work) ---------------------------------------
    def _run(self, action, item_id: int = 0, column: int = 0):
        """Run a service call in one transaction; a refusal is reported as sig_error and gives FAILED."""
        try:
            with self.ws.transaction() as session:
                return action(session)
        except PlanDeskError as exc:
            self.sig_error.emit(exc.message, item_id or 0, column)
            return FAILED

    def _emit_row(self, item_id: int, first: int = 0, last: int | None = None) -> None:
        last = self.columnCount() - 1 if last is None else last
        self.dataChanged.emit(self.index_of(item_id, first), self.index_of(item_id, last))

    def _emit_ancestors(self, item_id: int) -> None:
        for ancestor in self.ancestors(item_id):
            self._emit_row(ancestor)

    # ---- conflicts (issue 7) -------------------------------------------------------------
    def _run_versioned(self, action, item_id: int, column: int = 0):
        """Like _run, for an edit of a row loaded at some version: `action(session, expected)`.

        When someone else changed the row since, the conflict handler decides: reload (their row
        is shown, the edit is dropped, FAILED) or overwrite (the edit again, on top of their row)."""
        expected = self._rows[item_id].version if item_id in self._rows else None
        try:
            with self.ws.transaction() as session:
                return action(session, expected)
        except ConflictError as exc:
            choice = self.conflict_handler(exc) if self.conflict_handler is not None else "reload"
            if choice == "overwrite":
                return self._run(lambda s: action(s, None), item_id, column)
            self.refresh_item(item_id)
            if self.conflict_handler is None:
                self.sig_error.emit(exc.message, item_id, column)
            return FAILED
        except PlanDeskError as exc:
            self.sig_error.emit(exc.message, item_id or 0, column)
            return FAILED

    def refresh_item(self, item_id: int) -> None:
        """Show a row as it is in the database now (after a conflict); a row moved or deleted by
        someone else reloads the whole plan."""
        try:
            with self.ws.session() as session:
                fresh = items.get_row(session, item_id)
        except NotFoundError:
            self.reload()
            return
        cached = self._rows.get(item_id)
        if cached is None or (cached.parent_id, cached.position) != (fresh.parent_id, fresh.position):
            self.reload()
            return
        self._rows[item_id] = fresh
        if cached.kind != fresh.kind:
            self._invalidate()
        else:
            self._totals = None
            self._forget_upwards(self._subtotals, item_id)
            self._forget_upwards(self._rollups, item_id)
        self._emit_row(item_id)
        self._emit_ancestors(item_id)
        self.sig_changed.emit()

    def apply_update(self, item_id: int, **fields) -> bool:
        new = self._run_versioned(lambda s, v: items.update_item(s, item_id, expected_version=v, **fields), item_id,
                                  self.column_of(next(iter(fields))) if len(fields) == 1 else 0)
        if new is FAILED:
            return False
        self._rows[item_id] = new
        if "kind" in fields:
            self._invalidate()
        elif "budget" in fields:
            self._totals = None
            self._forget_upwards(self._subtotals, item_id)
        columns = [self.column_of(f) for f in fields]
        self._emit_row(item_id, min(columns), max(columns))
        if "kind" in fields or "budget" in fields:
            budget = self.column_of("budget")
            for ancestor in self.ancestors(item_id):
                self._emit_row(ancestor, budget, budget)
        self.sig_changed.emit()
        if "responsible" in fields or "kind" in fields:
            self.sig_units_changed.emit()
        return True

    def apply_months(self, item_id: int, months: frozenset[dt.date]) -> bool:
        seen = self._rows[item_id].months
        added, removed = months - seen, seen - months

        def action(session, expected):
            if expected is not None:
                return items.set_months(session, item_id, months, expected_version=expected)
            # Overwriting: my marks and unmarks on top of the months someone else set meanwhile.
            theirs = items.get_row(session, item_id).months
            return items.set_months(session, item_id, (theirs | added) - removed)

        new = self._run_versioned(action, item_id, self.month_column(min(months)) if months else 0)
        if new is FAILED:
            return False
        self._rows[item_id] = new
        self._forget_upwards(self._rollups, item_id)
        self._emit_row(item_id, 1, self.month_count)
        for ancestor in self.ancestors(item_id):
            self._emit_row(ancestor, 1, self.month_count)
        self.sig_changed.emit()
        return True

    def apply_insert(self, parent_id: int | None, index: int, kind: ItemKind, **fields) -> int | None:
        row = self._run(lambda s: items.insert_item(s, self.plan_id, parent_id, index, kind, **fields),
                        parent_id or 0)
        if row is FAILED:
            return None
        self._insert_cached(SubtreeNode(row), parent_id, row.position)
        return row.id

    def apply_insert_subtree(self, parent_id: int | None, index: int, node: SubtreeNode) -> int | None:
        def action(session):
            new_id = items.insert_subtree(session, self.plan_id, parent_id, index, node)
            return items.subtree(session, new_id)

        inserted = self._run(action, parent_id or 0)
        if inserted is FAILED:
            return None
        self._insert_cached(inserted, parent_id, inserted.row.position)
        return inserted.row.id

    def apply_restore(self, snapshot: SubtreeNode) -> bool:
        """Undo of a delete: the same rows with the same ids back where they were."""
        def action(session):
            items.restore_subtree(session, self.plan_id, snapshot)
            return items.subtree(session, snapshot.row.id)   # as stored now (new row versions)

        restored = self._run(action, snapshot.row.id)
        if restored is FAILED:
            return False
        self._insert_cached(restored, snapshot.row.parent_id, snapshot.row.position)
        return True

    def _insert_cached(self, node: SubtreeNode, parent_id: int | None, position: int) -> None:
        kids = self._kids.setdefault(parent_id, [])
        position = max(0, min(position, len(kids)))
        self.beginInsertRows(self.index_of(parent_id), position, position)
        kids.insert(position, node.row.id)
        self._add_subtree(node)
        self._reindex(parent_id)
        self._invalidate()
        self.endInsertRows()
        self._after_structure(node.row.id)

    def apply_delete(self, item_id: int) -> SubtreeNode | None:
        snapshot = self._run_versioned(lambda s, v: items.delete_item(s, item_id, expected_version=v), item_id)
        if snapshot is FAILED:
            return None
        parent_id = self._rows[item_id].parent_id
        position = self._pos[item_id]
        self.beginRemoveRows(self.index_of(parent_id), position, position)
        self._kids[parent_id].pop(position)
        self._drop_subtree(item_id)
        self._reindex(parent_id)
        self._invalidate()
        self.endRemoveRows()
        self._after_structure(parent_id)
        return snapshot

    def apply_move(self, item_id: int, new_parent_id: int | None, new_index: int) -> tuple[int | None, int] | None:
        """Move an item; `new_index` counts siblings without the item. Returns the old place."""
        def action(session):
            return items.move_item(session, item_id, new_parent_id, new_index), items.get_row(session, item_id)

        done = self._run(action, item_id)
        if done is FAILED:
            return None
        old, moved_row = done
        self._rows[item_id] = self._rows[item_id].with_(version=moved_row.version)   # moving bumps it
        old_parent, old_index = self._rows[item_id].parent_id, self._pos[item_id]
        siblings_after = len(self._kids.get(new_parent_id, ())) - (1 if new_parent_id == old_parent else 0)
        new_index = max(0, min(new_index, siblings_after))
        # Qt counts the destination in the list before removal.
        destination = new_index + 1 if new_parent_id == old_parent and new_index > old_index else new_index
        moved = self.beginMoveRows(self.index_of(old_parent), old_index, old_index,
                                   self.index_of(new_parent_id), destination)
        if not moved:  # a no-op move: nothing to signal
            return old
        self._kids[old_parent].pop(old_index)
        self._kids.setdefault(new_parent_id, []).insert(new_index, item_id)
        self._rows[item_id] = self._rows[item_id].with_(parent_id=new_parent_id)
        self._reindex(old_parent)
        self._reindex(new_parent_id)
        self._invalidate()
        self.endMoveRows()
        self._after_structure(item_id)
        return old

    def _after_structure(self, item_id: int | None) -> None:
        """Numbers, subtotals and roll-ups of the whole tree may have changed: repaint them."""
        self.sig_units_changed.emit()
        if self._kids.get(None):
            last = len(self._kids[None]) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last, self.columnCount() - 1))
        if item_id is not None and item_id in self._rows:
            self._emit_ancestors(item_id)
        self.sig_changed.emit()

    def apply_window(self, start: dt.date, end: dt.date) -> bool:
        if self._run(lambda s: plans.set_window(s, self.plan_id, start, end)) is FAILED:
            return False
        self.reload()
        self.sig_changed.emit()
        return True

    def persistent(self, item_id: int) -> QPersistentModelIndex:
        return QPersistentModelIndex(self.index_of(item_id))
