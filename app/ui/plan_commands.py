"""Undo commands for the plan editor: thin wrappers over PlanItemModel.apply_* (which call services).

They are applied before they are recorded; see app.ui.undo.
"""
from __future__ import annotations

import datetime as dt

from app.models import ItemKind
from app.services.items import FIELD_LABELS
from app.services.progress import FIELD_LABELS as PROGRESS_LABELS
from app.services.plan_data import SubtreeNode
from app.ui.plan_model import PlanItemModel
from app.ui.undo import AppliedCommand


_PlanCommand = AppliedCommand


class SetFieldCommand(_PlanCommand):
    def __init__(self, model: PlanItemModel, item_id: int, field: str, value):
        label = FIELD_LABELS.get(field, field)
        super().__init__(model, f"แก้ไข{label} {model.number(item_id)}")
        self.item_id, self.field, self.new = item_id, field, value
        self.old = getattr(model.row(item_id), field)

    def apply(self) -> bool:
        return self.model.apply_update(self.item_id, **{self.field: self.new})

    def undo(self):
        self.model.apply_update(self.item_id, **{self.field: self.old})


class MarkMonthsCommand(_PlanCommand):
    """New month sets for one or several rows (a click, a drag, Space), as one step of history.

    One flat command rather than a macro of children: Python-made child commands would be
    owned twice (by their parent in C++ and by Python), which crashes when the stack drops them.
    """

    def __init__(self, model: PlanItemModel, changes: dict[int, frozenset[dt.date]], mark: bool):
        super().__init__(model, "ทำเครื่องหมายเดือน" if mark else "ล้างเครื่องหมายเดือน")
        self.new = {item_id: frozenset(months) for item_id, months in changes.items()}
        self.old = {item_id: model.row(item_id).months for item_id in changes}

    def apply(self) -> bool:
        return any([self.model.apply_months(item_id, months) for item_id, months in self.new.items()])

    def undo(self):
        for item_id, months in self.old.items():
            self.model.apply_months(item_id, months)


class MarkActualCommand(_PlanCommand):
    """New sets of actually-done months (progress view: a click, a drag, Space), one step of history."""

    def __init__(self, model: PlanItemModel, changes: dict[int, frozenset[dt.date]], mark: bool):
        super().__init__(model, "บันทึกเดือนที่ดำเนินการจริง" if mark else "ล้างเดือนที่ดำเนินการจริง")
        self.new = {item_id: frozenset(months) for item_id, months in changes.items()}
        self.old = {item_id: model.item_progress(item_id).actual_months for item_id in changes}

    def apply(self) -> bool:
        return any([self.model.apply_actual(item_id, months) for item_id, months in self.new.items()])

    def undo(self):
        for item_id, months in self.old.items():
            self.model.apply_actual(item_id, months)


class SetProgressCommand(_PlanCommand):
    """Target, result or statuses of one activity (the progress panel)."""

    def __init__(self, model: PlanItemModel, item_id: int, **fields):
        label = PROGRESS_LABELS.get(next(iter(fields)), "ผลการดำเนินงาน") if len(fields) == 1 else "ผลการดำเนินงาน"
        super().__init__(model, f"แก้ไข{label} {model.number(item_id)}")
        self.item_id, self.new = item_id, fields
        current = model.item_progress(item_id)
        self.old = {name: getattr(current, name) for name in fields}

    def apply(self) -> bool:
        return self.model.apply_progress(self.item_id, **self.new)

    def undo(self):
        self.model.apply_progress(self.item_id, **self.old)


class InsertCommand(_PlanCommand):
    def __init__(self, model: PlanItemModel, parent_id: int | None, index: int, kind: ItemKind,
                 text: str = "แทรกแถว", **fields):
        super().__init__(model, text)
        self.parent_id, self.index, self.kind, self.fields = parent_id, index, kind, fields
        self.item_id: int | None = None
        self.snapshot: SubtreeNode | None = None

    def apply(self) -> bool:
        if self.snapshot is not None:  # redo after undo: bring back the very same row
            return self.model.apply_restore(self.snapshot)
        self.item_id = self.model.apply_insert(self.parent_id, self.index, self.kind, **self.fields)
        return self.item_id is not None

    def undo(self):
        if self.item_id is not None:
            self.snapshot = self.model.apply_delete(self.item_id)


class InsertSubtreeCommand(_PlanCommand):
    """Paste or duplicate: a copy of rows (with descendants) inserted at one place."""

    def __init__(self, model: PlanItemModel, parent_id: int | None, index: int, nodes: list[SubtreeNode],
                 text: str):
        super().__init__(model, text)
        self.parent_id, self.index, self.nodes = parent_id, index, nodes
        self.inserted: list[int] = []
        self.snapshots: list[SubtreeNode] = []

    def apply(self) -> bool:
        if self.snapshots:
            restored = [self.model.apply_restore(snapshot) for snapshot in self.snapshots]
            self.snapshots = []
            return any(restored)
        self.inserted = []
        for offset, node in enumerate(self.nodes):
            new_id = self.model.apply_insert_subtree(self.parent_id, self.index + offset, node)
            if new_id is None:
                break
            self.inserted.append(new_id)
        return bool(self.inserted)

    def undo(self):
        self.snapshots = [s for s in (self.model.apply_delete(i) for i in reversed(self.inserted)) if s]
        self.snapshots.reverse()


class DeleteCommand(_PlanCommand):
    def __init__(self, model: PlanItemModel, item_ids: list[int]):
        super().__init__(model, "ลบแถว" if len(item_ids) == 1 else f"ลบ {len(item_ids)} แถว")
        self.item_ids = item_ids
        self.snapshots: list[SubtreeNode] = []
        self.progress: list = []  # the deleted rows' progress (seed 003), put back on undo

    def apply(self) -> bool:
        self.snapshots = []
        self.progress = [p for item_id in self.item_ids for p in self.model.snapshot_progress(item_id)]
        for item_id in self.item_ids:
            snapshot = self.model.apply_delete(item_id)
            if snapshot is not None:
                self.snapshots.append(snapshot)
        return bool(self.snapshots)

    def undo(self):
        for snapshot in reversed(self.snapshots):
            self.model.apply_restore(snapshot)
        self.model.apply_progress_restore(self.progress)


class MoveCommand(_PlanCommand):
    """Move up/down, indent, outdent: one item to a new (parent, index)."""

    def __init__(self, model: PlanItemModel, item_id: int, new_parent_id: int | None, new_index: int, text: str):
        super().__init__(model, text)
        self.item_id, self.new_parent_id, self.new_index = item_id, new_parent_id, new_index
        self.old: tuple[int | None, int] | None = None

    def apply(self) -> bool:
        self.old = self.model.apply_move(self.item_id, self.new_parent_id, self.new_index)
        return self.old is not None

    def undo(self):
        if self.old is not None:
            self.model.apply_move(self.item_id, *self.old)


class WindowCommand(_PlanCommand):
    def __init__(self, model: PlanItemModel, start: dt.date, end: dt.date):
        super().__init__(model, "ปรับช่วงเดือนของแผน")
        self.new = (start, end)
        self.old = (model.info.window_start, model.info.window_end)

    def apply(self) -> bool:
        return self.model.apply_window(*self.new)

    def undo(self):
        self.model.apply_window(*self.old)
