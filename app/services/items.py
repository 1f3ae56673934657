"""Editing the items of a plan: one function per user action, each one unit of work.

Siblings keep contiguous positions 0..n-1; every structural change shifts the others in SQL.
Functions return plain ItemRow / SubtreeNode data so an undo command can replay the inverse.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.models import ItemKind, Plan, PlanItem, PlanItemMonth
from app.services import fiscal, versions
from app.services.errors import NotFoundError, ValidationError
from app.services.money import MAX_BUDGET, format_money, parse_budget
from app.services.plan_data import TEXT_FIELDS, ItemRow, SubtreeNode

_ITEM = PlanItem.__table__
_MONTH = PlanItemMonth.__table__
MAX_TEXT = 4000


def _sibling_filter(plan_id: int, parent_id: int | None):
    parent = _ITEM.c.parent_id.is_(None) if parent_id is None else _ITEM.c.parent_id == parent_id
    return (_ITEM.c.plan_id == plan_id) & parent


def _shift(session: Session, plan_id: int, parent_id: int | None, from_position: int, by: int) -> None:
    session.execute(update(_ITEM)
                    .where(_sibling_filter(plan_id, parent_id), _ITEM.c.position >= from_position)
                    .values(position=_ITEM.c.position + by))


def _child_count(session: Session, plan_id: int, parent_id: int | None) -> int:
    return session.scalar(select(func.count()).select_from(_ITEM)
                          .where(_sibling_filter(plan_id, parent_id))) or 0


def _item(session: Session, item_id: int) -> PlanItem:
    item = session.get(PlanItem, item_id)
    if item is None:
        raise NotFoundError("ไม่พบรายการนี้ในแผน (อาจถูกลบไปแล้ว)")
    return item


def _months_of(session: Session, item_ids: Iterable[int]) -> dict[int, set[dt.date]]:
    months: dict[int, set[dt.date]] = defaultdict(set)
    ids = list(item_ids)
    for start in range(0, len(ids), 500):
        for item_id, month in session.execute(
                select(_MONTH.c.item_id, _MONTH.c.month).where(_MONTH.c.item_id.in_(ids[start:start + 500]))):
            months[item_id].add(month)
    return months


def _row(item: PlanItem, months: Iterable[dt.date]) -> ItemRow:
    return ItemRow(id=item.id, parent_id=item.parent_id, position=item.position,
                   kind=ItemKind(item.kind), title=item.title, deliverable=item.deliverable,
                   budget=item.budget, responsible=item.responsible, related=item.related,
                   remark=item.remark, months=frozenset(months), version=item.version)


def get_row(session: Session, item_id: int) -> ItemRow:
    item = _item(session, item_id)
    return _row(item, _months_of(session, [item_id]).get(item_id, ()))


def _what(item: PlanItem) -> str:
    title = (item.title or "").strip()
    return f"รายการ “{title[:40]}”" if title else "รายการนี้"


def _check_text(field: str, value: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"ข้อมูลช่อง {FIELD_LABELS[field]} ต้องเป็นข้อความ")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"ข้อความในช่อง {FIELD_LABELS[field]} ยาวเกิน {MAX_TEXT:,} ตัวอักษร")
    return value.strip()


FIELD_LABELS = {
    "title": "กิจกรรม/ขั้นตอน", "deliverable": "ผลลัพธ์ของงาน", "budget": "งบประมาณที่ใช้",
    "responsible": "ผู้รับผิดชอบ", "related": "ผู้เกี่ยวข้อง", "remark": "หมายเหตุ", "kind": "ประเภท",
}
HEADING_HAS_NO_BUDGET = ("หัวข้อแสดงผลรวมงบประมาณของกิจกรรมภายใต้หัวข้อนั้นเอง "
                         "— ใส่งบประมาณที่กิจกรรม หรือเปลี่ยนแถวนี้เป็นกิจกรรมก่อน")
HEADING_HAS_NO_MONTHS = "หัวข้อไม่มีเดือนดำเนินการของตัวเอง — กำหนดเดือนที่กิจกรรม หรือเปลี่ยนแถวนี้เป็นกิจกรรมก่อน"


def _clean_fields(fields: dict) -> dict:
    clean = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            clean[name] = _check_text(name, value if value is not None else "")
        elif name == "budget":
            clean[name] = value if value is None or isinstance(value, Decimal) else parse_budget(value)
            if clean[name] is not None and not clean[name].is_finite():
                raise ValidationError(f"งบประมาณ “{value}” ไม่ใช่จำนวนเงินที่ถูกต้อง")
            if clean[name] is not None and clean[name] < 0:
                raise ValidationError("งบประมาณติดลบไม่ได้")
            if clean[name] is not None and clean[name] > MAX_BUDGET:
                raise ValidationError(f"งบประมาณ “{value}” สูงเกินไป (ไม่เกิน {format_money(MAX_BUDGET)} บาท)")
        elif name == "kind":
            try:
                clean[name] = ItemKind(value)
            except ValueError:
                raise ValidationError(f"ประเภทแถว “{value}” ไม่ถูกต้อง")
        else:
            raise ValidationError(f"ไม่มีช่องชื่อ “{name}” ในแผน")
    return clean


def _check_months_in_window(plan: Plan, months: Iterable[dt.date]) -> frozenset[dt.date]:
    result = set()
    for month in months:
        month = fiscal.first_of_month(month)
        if not plan.window_start <= month <= plan.window_end:
            raise ValidationError(
                f"เดือน {fiscal.month_label_long(month)} อยู่นอกช่วงเดือนของแผน "
                f"({fiscal.month_label(plan.window_start)} – {fiscal.month_label(plan.window_end)})")
        result.add(month)
    return frozenset(result)


def insert_item(session: Session, plan_id: int, parent_id: int | None, index: int,
                kind: ItemKind = ItemKind.ACTIVITY, months: Iterable[dt.date] = (), **fields) -> ItemRow:
    """A new item at `index` among the children of `parent_id` (None = top level)."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("ไม่พบแผนนี้ในพื้นที่ทำงาน (อาจถูกลบไปแล้ว)")
    if parent_id is not None and _item(session, parent_id).plan_id != plan_id:
        raise ValidationError("รายการแม่อยู่คนละแผน")
    clean = _clean_fields({"kind": kind, **fields})
    marked = _check_months_in_window(plan, months)
    if clean["kind"] == ItemKind.HEADING and (clean.get("budget") is not None or marked):
        raise ValidationError(HEADING_HAS_NO_BUDGET if clean.get("budget") is not None else HEADING_HAS_NO_MONTHS)
    index = max(0, min(index, _child_count(session, plan_id, parent_id)))
    _shift(session, plan_id, parent_id, index, +1)
    values = {"title": "", "deliverable": "", "responsible": "", "related": "", "remark": "",
              "budget": None, **clean, "kind": clean["kind"].value}
    item = PlanItem(plan_id=plan_id, parent_id=parent_id, position=index, **values)
    session.add(item)
    session.flush()
    session.add_all(PlanItemMonth(item_id=item.id, month=m) for m in marked)
    session.flush()
    return _row(item, marked)


def update_item(session: Session, item_id: int, expected_version: int | None = None, **fields) -> ItemRow:
    """Change text fields, budget ("1,050.00" text or Decimal) or kind; refused input changes nothing.
    With expected_version (the version the user loaded), a row changed since is refused (ConflictError)."""
    item = _item(session, item_id)
    versions.check(item, expected_version, _what(item))
    clean = _clean_fields(fields)
    months = _months_of(session, [item_id]).get(item_id, set())
    kind = clean.get("kind", ItemKind(item.kind))
    budget = clean["budget"] if "budget" in clean else item.budget
    if kind == ItemKind.HEADING:
        if budget is not None:
            raise ValidationError(HEADING_HAS_NO_BUDGET)
        if months:
            raise ValidationError(HEADING_HAS_NO_MONTHS)
    for name, value in clean.items():
        setattr(item, name, value.value if name == "kind" else value)
    session.flush()
    return _row(item, months)


def set_months(session: Session, item_id: int, months: Iterable[dt.date],
               expected_version: int | None = None) -> ItemRow:
    """Replace the marked months of an item with exactly `months` (each inside the plan window).
    The months count as part of the row: a change bumps its version (see update_item)."""
    item = _item(session, item_id)
    versions.check(item, expected_version, _what(item))
    marked = _check_months_in_window(session.get(Plan, item.plan_id), months)
    if marked and item.kind == ItemKind.HEADING.value:
        raise ValidationError(HEADING_HAS_NO_MONTHS)
    current = _months_of(session, [item_id]).get(item_id, set())
    removed, added = current - marked, marked - current
    if removed:
        session.execute(delete(_MONTH).where(_MONTH.c.item_id == item_id, _MONTH.c.month.in_(removed)))
    if added:
        session.execute(insert(_MONTH), [{"item_id": item_id, "month": m} for m in sorted(added)])
    if removed or added:
        versions.bump(item)
        session.flush()
    return _row(item, marked)


def _descendant_ids(session: Session, item_id: int) -> list[int]:
    found, frontier = [], [item_id]
    while frontier:
        found.extend(frontier)
        frontier = list(session.scalars(select(_ITEM.c.id).where(_ITEM.c.parent_id.in_(frontier))))
    return found


def subtree(session: Session, item_id: int) -> SubtreeNode:
    """The item and everything under it as detached data."""
    ids = _descendant_ids(session, item_id)
    months = _months_of(session, ids)
    rows: dict[int, ItemRow] = {}
    for start in range(0, len(ids), 500):
        for item in session.scalars(select(PlanItem).where(PlanItem.id.in_(ids[start:start + 500]))):
            rows[item.id] = _row(item, months.get(item.id, ()))
    children: dict[int, list[ItemRow]] = defaultdict(list)
    for row in rows.values():
        if row.id != item_id:
            children[row.parent_id].append(row)

    def build(row: ItemRow) -> SubtreeNode:
        kids = sorted(children.get(row.id, []), key=lambda r: r.position)
        return SubtreeNode(row, tuple(build(k) for k in kids))

    return build(rows[item_id])


def delete_item(session: Session, item_id: int, expected_version: int | None = None) -> SubtreeNode:
    """Delete an item with its descendants; returns what was deleted, for undo.
    With expected_version, an item changed by someone else since it was loaded is not deleted."""
    item = _item(session, item_id)
    versions.check(item, expected_version, _what(item))
    snapshot = subtree(session, item_id)
    plan_id, parent_id, position = item.plan_id, item.parent_id, item.position
    ids = [node.row.id for node in snapshot.walk()]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(delete(_MONTH).where(_MONTH.c.item_id.in_(chunk)))
    # Children first, so foreign keys hold at every statement on every backend.
    for node_id in reversed(ids):
        session.execute(delete(_ITEM).where(_ITEM.c.id == node_id))
    _shift(session, plan_id, parent_id, position + 1, -1)
    return snapshot


def _insert_nodes(session: Session, plan_id: int, node: SubtreeNode, parent_id: int | None,
                  position: int, keep_ids: bool) -> int:
    row = node.row
    values = {"plan_id": plan_id, "parent_id": parent_id, "position": position, "kind": row.kind.value,
              "title": row.title, "deliverable": row.deliverable, "budget": row.budget,
              "responsible": row.responsible, "related": row.related, "remark": row.remark}
    if keep_ids:
        values["id"] = row.id
    item = PlanItem(**values)
    session.add(item)
    session.flush()
    if row.months:
        session.execute(insert(_MONTH), [{"item_id": item.id, "month": m} for m in sorted(row.months)])
    for index, child in enumerate(node.children):
        _insert_nodes(session, plan_id, child, item.id, index, keep_ids)
    return item.id


def restore_subtree(session: Session, plan_id: int, snapshot: SubtreeNode) -> None:
    """Put back a deleted subtree exactly where it was, with its original ids (undo of delete)."""
    row = snapshot.row
    _shift(session, plan_id, row.parent_id, row.position, +1)
    _insert_nodes(session, plan_id, snapshot, row.parent_id, row.position, keep_ids=True)


def insert_subtree(session: Session, plan_id: int, parent_id: int | None, index: int,
                   snapshot: SubtreeNode) -> int:
    """Insert a copy of a subtree (paste, duplicate) with new ids; returns the new root id."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("ไม่พบแผนนี้ในพื้นที่ทำงาน (อาจถูกลบไปแล้ว)")
    for node in snapshot.walk():  # pasted data may come from anywhere: same rules as typing
        row = node.row
        _check_months_in_window(plan, row.months)
        clean = _clean_fields({"kind": row.kind, "budget": row.budget,
                               **{name: getattr(row, name) for name in TEXT_FIELDS}})
        if clean["kind"] == ItemKind.HEADING and (clean["budget"] is not None or row.months):
            raise ValidationError(HEADING_HAS_NO_BUDGET if clean["budget"] is not None else HEADING_HAS_NO_MONTHS)
    index = max(0, min(index, _child_count(session, plan_id, parent_id)))
    _shift(session, plan_id, parent_id, index, +1)
    return _insert_nodes(session, plan_id, snapshot, parent_id, index, keep_ids=False)


def duplicate_item(session: Session, item_id: int) -> int:
    """A copy of the item and its descendants right below it; returns the copy's id."""
    item = _item(session, item_id)
    return insert_subtree(session, item.plan_id, item.parent_id, item.position + 1,
                          subtree(session, item_id))


def move_item(session: Session, item_id: int, new_parent_id: int | None, new_index: int) -> tuple[int | None, int]:
    """Move an item (with its descendants) to be child `new_index` of `new_parent_id`.

    `new_index` counts the siblings without the moved item. Returns the old (parent, index).
    """
    item = _item(session, item_id)
    if new_parent_id is not None:
        if new_parent_id in _descendant_ids(session, item_id):
            raise ValidationError("ย้ายรายการไปไว้ใต้ตัวเองหรือรายการย่อยของตัวเองไม่ได้")
        if _item(session, new_parent_id).plan_id != item.plan_id:
            raise ValidationError("ย้ายรายการข้ามแผนไม่ได้")
    old = (item.parent_id, item.position)
    _shift(session, item.plan_id, item.parent_id, item.position + 1, -1)
    item.position = -1  # out of the way while the new siblings shift
    session.flush()
    count = _child_count(session, item.plan_id, new_parent_id) - (1 if new_parent_id == old[0] else 0)
    new_index = max(0, min(new_index, count))
    _shift(session, item.plan_id, new_parent_id, new_index, +1)
    item.parent_id, item.position = new_parent_id, new_index
    session.flush()
    return old


def _sibling_at(session: Session, item: PlanItem, position: int) -> PlanItem | None:
    return session.scalar(select(PlanItem).where(
        _sibling_filter(item.plan_id, item.parent_id), PlanItem.position == position))


def indent_target(session: Session, item_id: int) -> tuple[int, int]:
    """Where indent puts the item: last child of the sibling above it."""
    item = _item(session, item_id)
    above = _sibling_at(session, item, item.position - 1) if item.position > 0 else None
    if above is None:
        raise ValidationError("เยื้องเข้าไม่ได้ — ไม่มีรายการระดับเดียวกันอยู่ด้านบน")
    return above.id, _child_count(session, item.plan_id, above.id)


def outdent_target(session: Session, item_id: int) -> tuple[int | None, int]:
    """Where outdent puts the item: right after its parent, one level up."""
    item = _item(session, item_id)
    if item.parent_id is None:
        raise ValidationError("เยื้องออกไม่ได้ — รายการนี้อยู่ระดับบนสุดแล้ว")
    parent = _item(session, item.parent_id)
    return parent.parent_id, parent.position + 1


def step_target(session: Session, item_id: int, step: int) -> tuple[int | None, int]:
    """Where move up (step -1) or move down (+1) puts the item among its siblings."""
    item = _item(session, item_id)
    target = item.position + step
    if target < 0 or target >= _child_count(session, item.plan_id, item.parent_id):
        raise ValidationError("เลื่อนขึ้นไม่ได้ — อยู่บนสุดแล้ว" if step < 0 else "เลื่อนลงไม่ได้ — อยู่ล่างสุดแล้ว")
    return item.parent_id, target
