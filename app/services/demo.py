"""The demo workspace: the real FY 2567 plan of กลุ่มพัฒนาระบบบริหาร (seed 000), item for item."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ItemKind, Plan
from app.services import items, plans
from app.services.money import parse_budget

DEMO_RESOURCE = "demo/plan_2567.json"


def demo_data() -> dict:
    return json.loads(resources.files("app.resources").joinpath(DEMO_RESOURCE).read_text("utf-8"))


def _add(session: Session, plan_id: int, parent_id: int | None, nodes: list[dict]) -> None:
    for index, node in enumerate(nodes):
        row = items.insert_item(
            session, plan_id, parent_id, index, kind=ItemKind(node["kind"]),
            months=[dt.date.fromisoformat(m) for m in node["months"]],
            title=node["title"], deliverable=node["deliverable"], budget=parse_budget(node["budget"]),
            responsible=node["responsible"], related=node["related"], remark=node["remark"])
        _add(session, plan_id, row.id, node["children"])


def build_demo(session: Session) -> int | None:
    """Add the demo plan; returns its id, or None when the workspace already has it."""
    data = demo_data()
    parent = plans.get_or_create_unit(session, data["unit"]["parent"]["name"],
                                      abbreviation=data["unit"]["parent"]["abbreviation"])
    unit = plans.get_or_create_unit(session, data["unit"]["name"], parent=parent,
                                    abbreviation=data["unit"]["abbreviation"])
    year = plans.get_or_create_fiscal_year(session, data["fiscal_year"])
    if session.scalar(select(Plan.id).where(Plan.unit_id == unit.id, Plan.fiscal_year_id == year.id,
                                            Plan.title == data["title"])):
        return None
    start, end = (dt.date.fromisoformat(d) for d in data["window"])
    plan_id = plans.create_plan(session, unit, data["fiscal_year"], data["title"], (start, end))
    _add(session, plan_id, None, data["items"])
    printed = Decimal(data["printed_total"])
    total = plans.plan_total(session, plan_id)
    if total != printed:  # the seed's own รวมทั้งสิ้น must come out of the data
        raise AssertionError(f"demo total {total} differs from the printed {printed}")
    return plan_id


def demo_workspace_path():
    from app.services.workspace import default_workspace_path

    path = default_workspace_path().with_name("demo.plandesk")
    path.parent.mkdir(parents=True, exist_ok=True)  # a fresh account has no data folder yet
    return path


def ensure_demo_workspace(path=None):
    """The demo workspace file (built on first use); returns its path."""
    from app.services.workspace import open_workspace

    path = path or demo_workspace_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    ws = open_workspace(path)
    try:
        with ws.transaction() as session:
            build_demo(session)
    finally:
        ws.close()
    return path
