"""Plain data handed from services to callers: no live ORM objects leave a unit of work."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from app.models import ItemKind

# Text fields an officer edits in place, in grid order.
TEXT_FIELDS = ("title", "deliverable", "responsible", "related", "remark")
EDITABLE_FIELDS = TEXT_FIELDS + ("budget", "kind")


@dataclass(frozen=True)
class ItemRow:
    id: int
    parent_id: int | None
    position: int
    kind: ItemKind
    title: str = ""
    deliverable: str = ""
    budget: Decimal | None = None
    responsible: str = ""
    related: str = ""
    remark: str = ""
    months: frozenset[dt.date] = frozenset()
    # The row version read (issue 7; 0 for rows not from the database). Not part of equality:
    # two rows with the same content are the same row content whatever edits led there.
    version: int = field(default=0, compare=False)

    def with_(self, **changes) -> ItemRow:
        return replace(self, **changes)


@dataclass(frozen=True)
class PlanInfo:
    id: int
    title: str
    be_year: int
    unit_id: int
    unit_name: str
    window_start: dt.date
    window_end: dt.date


@dataclass(frozen=True)
class PlanSummary:
    id: int
    title: str
    be_year: int
    unit_name: str
    activity_count: int
    budget_total: Decimal


@dataclass
class PlanData:
    info: PlanInfo
    rows: list[ItemRow] = field(default_factory=list)  # parents before children, siblings in order


@dataclass(frozen=True)
class SubtreeNode:
    """An item with its descendants, detached from the database (clipboard, undo of delete)."""

    row: ItemRow
    children: tuple[SubtreeNode, ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()
