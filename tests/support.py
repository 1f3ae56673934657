"""Helpers shared by the logic tests (no Qt)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select, text

from app.models import Base, ItemKind, PlanItem
from app.services import items, plans
from app.services.numbering import numbers_for_rows

D = dt.date


def make_plan(session, title: str = "แผนทดสอบ พ.ศ. 2567", be_year: int = 2567,
              window: tuple[dt.date, dt.date] | None = None) -> int:
    unit = plans.get_or_create_unit(session, "กลุ่มทดสอบ")
    return plans.create_plan(session, unit, be_year, title, window)


def add(session, plan_id: int, parent_id: int | None, title: str, index: int = 10**6,
        kind: ItemKind = ItemKind.ACTIVITY, **fields) -> int:
    """Append (by default) an item and return its id."""
    return items.insert_item(session, plan_id, parent_id, index, kind=kind, title=title, **fields).id


def assert_tree_invariants(session, plan_id: int) -> None:
    """Siblings hold positions exactly 0..n-1; every parent is an item of the same plan; no cycles."""
    rows = session.execute(select(PlanItem.id, PlanItem.parent_id, PlanItem.position, PlanItem.plan_id)
                           .where(PlanItem.plan_id == plan_id)).all()
    ids = {r.id for r in rows}
    groups: dict[int | None, list[int]] = defaultdict(list)
    for r in rows:
        assert r.parent_id is None or r.parent_id in ids, f"item {r.id} has a parent outside the plan"
        groups[r.parent_id].append(r.position)
    for parent, positions in groups.items():
        assert sorted(positions) == list(range(len(positions))), \
            f"children of {parent} have positions {sorted(positions)}"
    parent_of = {r.id: r.parent_id for r in rows}
    for item_id in ids:  # every chain reaches the top
        seen, cur = set(), item_id
        while cur is not None:
            assert cur not in seen, f"cycle through {cur}"
            seen.add(cur)
            cur = parent_of[cur]


def numbers(session, plan_id: int) -> dict[int, str]:
    return numbers_for_rows(plans.load_rows(session, plan_id))


def outline(session, plan_id: int) -> list[str]:
    """"1) title" lines in document order, indented two spaces a level."""
    rows = plans.load_rows(session, plan_id)
    nums = numbers_for_rows(rows)
    depth: dict[int, int] = {}
    lines = []
    for row in rows:
        depth[row.id] = 0 if row.parent_id is None else depth[row.parent_id] + 1
        lines.append(f"{'  ' * depth[row.id]}{nums[row.id]} {row.title}")
    return lines


def dump_tables(ws) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, as committed: to show that nothing changed."""
    result = {}
    with ws.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            result[table.name] = sorted((tuple(r) for r in rows), key=repr)
        result["alembic_version"] = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return result


def session_tables(session) -> dict[str, list[tuple]]:
    """Like dump_tables, but seen from inside a session (its own unflushed work included)."""
    session.flush()
    return {table.name: sorted((tuple(r) for r in session.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables}
