"""Seed 003's progress report as a demo plan: two measures (headings) and activities 1–4 of the
plan that drives indicator 4.16 of กลุ่มพัฒนาระบบบริหาร, กรมอนามัย, fiscal year 2567.

The unit has the same name as seed 000's unit but another parent (กรมอนามัย, not กรมปศุสัตว์);
units are found by name and parent, so the two stay apart.
"""
from __future__ import annotations

import datetime as dt
import json
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ItemKind, Plan
from app.services import fiscal, items, plans, progress

RESOURCE = "progress_2567.json"


def progress_demo_data() -> dict:
    return json.loads(resources.files("app.resources").joinpath("demo", RESOURCE).read_text("utf-8"))


def _unit(session: Session, data: dict):
    parent = data.get("parent")
    parent_unit = plans.get_or_create_unit(session, parent["name"], abbreviation=parent.get("abbreviation")) \
        if parent else None
    return plans.get_or_create_unit(session, data["name"], parent=parent_unit, abbreviation=data.get("abbreviation"))


def find_demo_progress_plan(session: Session) -> int | None:
    data = progress_demo_data()
    return session.scalar(select(Plan.id).where(Plan.title == data["title"]))


def build_demo_progress(session: Session) -> int | None:
    """Add seed 003's plan with its progress; returns its id, or None when it is already there."""
    data = progress_demo_data()
    unit = _unit(session, data["unit"])
    year = plans.get_or_create_fiscal_year(session, data["fiscal_year"])
    if session.scalar(select(Plan.id).where(Plan.unit_id == unit.id, Plan.fiscal_year_id == year.id,
                                            Plan.title == data["title"])):
        return None
    window = tuple(dt.date.fromisoformat(d) for d in data["window"])
    plan_id = plans.create_plan(session, unit, data["fiscal_year"], data["title"], window)
    for m_index, measure in enumerate(data["measures"]):
        heading = items.insert_item(session, plan_id, None, m_index, kind=ItemKind.HEADING, title=measure["title"])
        for a_index, activity in enumerate(measure["activities"]):
            first, last = (dt.date.fromisoformat(d) for d in activity["planned_span"])
            row = items.insert_item(session, plan_id, heading.id, a_index, kind=ItemKind.ACTIVITY,
                                    months=fiscal.month_range(first, last), title=activity["title"])
            progress.set_progress(session, row.id, target_quantity=activity["target_quantity"],
                                  target_unit=activity["target_unit"], result=activity["result"],
                                  done=activity["done"], on_target=activity["on_target"])
            progress.set_actual_months(session, row.id, [dt.date.fromisoformat(m) for m in activity["actual"]])
    session.flush()
    return plan_id
