"""The demo workspace: the real FY 2567 plan of กลุ่มพัฒนาระบบบริหาร (seed 000), item for item."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ItemKind, Plan
from app.services import demo_appeals, demo_progress, demo_reports, demo_strategy, items, plans
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


def build_demo_all(session: Session) -> int | None:
    """Everything the demo workspace holds; returns the plan id, or None when it was already there."""
    plan_id = build_demo(session)
    build_demo_agreement(session)
    # Round work (issue 5): each builder adds its part once and skips it when present.
    demo_reports.build_demo_reports(session)
    demo_progress.build_demo_progress(session)
    demo_strategy.build_demo_strategy(session)
    demo_appeals.build_demo_appeals(session)
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
            build_demo_all(session)
    finally:
        ws.close()
    return path


# ---- seed 002's agreement and seed 001's indicator ----------------------------------------------
def _resource(name: str) -> dict:
    return json.loads(resources.files("app.resources").joinpath("demo", name).read_text("utf-8"))


def _unit(session: Session, data: dict):
    parent = data.get("parent")
    parent_unit = plans.get_or_create_unit(session, parent["name"], abbreviation=parent.get("abbreviation")) \
        if parent else None
    return plans.get_or_create_unit(session, data["name"], parent=parent_unit, abbreviation=data.get("abbreviation"))


def _people(session: Session, indicator_id: int, people: list[dict], role: str) -> None:
    from app.services import agreements

    for person in people:
        name = person.get("name") or person.get("position")  # seed 001 names its supervisor by position only
        if not name:
            continue
        agreements.link_person(session, indicator_id, agreements.get_or_create_person(
            session, name, person.get("position") or "", person.get("phone_office") or "",
            person.get("phone_mobile") or ""), role)


def _indicator(session: Session, agreement_id: int, category_id: int, rounds: dict[str, int], data: dict) -> int:
    from app.services import agreements

    scheme = {key: value for key, value in (data.get("scheme") or {}).items()}
    scheme.setdefault("interpolate", True)
    deduction = data.get("deduction") or {}
    indicator_id = agreements.add_indicator(
        session, agreement_id, category_id, data.get("number") or "1", data["name"], data["weight"],
        kind=data.get("kind"), owner_unit=data.get("owner_unit"), description=data.get("description"),
        definitions=data.get("definitions"), formula=data.get("formula"), unit_of_measure=data.get("unit_of_measure"),
        direction=data.get("direction") or "higher", data_source=data.get("data_source"), scheme=scheme,
        criteria_text=data.get("criteria_text"), targets_remark=data.get("targets_remark"),
        conditions=data.get("conditions"), deduction_points=deduction.get("points"),
        deduction_rule=deduction.get("rule"), benefits=data.get("benefits"), remarks=data.get("remarks"),
        roadmap=data.get("roadmap"), baseline=data.get("baseline"))
    _people(session, indicator_id, data.get("supervisors") or [], "supervisor")
    _people(session, indicator_id, data.get("collectors") or [], "collector")
    for target in data.get("round_targets") or []:
        if target.get("round") in rounds:
            agreements.set_round_target(session, indicator_id, rounds[target["round"]], target.get("goal") or "",
                                        target.get("steps") or [])
    return indicator_id


def _rounds(session: Session, agreement_id: int) -> dict[str, int]:
    from app.models import EvaluationRound

    return {r.label: r.id for r in session.scalars(select(EvaluationRound)
                                                   .where(EvaluationRound.agreement_id == agreement_id))}


def build_demo_agreement(session: Session) -> int | None:
    """Seed 002's agreement (and seed 001's indicator, as its unit's agreement); None if present."""
    from app.models import Agreement
    from app.services import agreements

    data = _resource("agreement_2566.json")
    unit = _unit(session, data["unit"])
    year = plans.get_or_create_fiscal_year(session, data["fiscal_year"])
    if session.scalar(select(Agreement.id).where(Agreement.unit_id == unit.id, Agreement.fiscal_year_id == year.id)):
        return None
    receiver = agreements.get_or_create_person(session, data["receiver"]["name"], data["receiver"]["position"])
    maker = agreements.get_or_create_person(session, data["maker"]["name"], data["maker"]["position"])
    months = tuple(r["months"] for r in data["rounds"])
    agreement_id = agreements.create_agreement(session, unit, data["fiscal_year"], receiver,
                                               data["receiver"]["position"], maker, data["maker"]["position"],
                                               rounds=months, clauses=data["clauses"])
    agreement = session.get(Agreement, agreement_id)
    agreement.receiver_signed = dt.date.fromisoformat(data["signed"]["receiver"])
    agreement.maker_signed = dt.date.fromisoformat(data["signed"]["maker"])
    agreement.context = data["context"]
    rounds = _rounds(session, agreement_id)
    by_number = {i["number"]: i for i in data["indicators"]}
    for category in data["framework"]:
        category_id = agreements.add_category(session, agreement_id, category["name"], category["weight"])
        for number in category["indicators"]:
            _indicator(session, agreement_id, category_id, rounds, by_number[number])
    _build_indicator_001(session)
    session.flush()
    return agreement_id


def _build_indicator_001(session: Session) -> int:
    from app.services import agreements

    data = _resource("indicator_001.json")
    unit = _unit(session, data["unit"])
    months = tuple(r["months"] for r in data["rounds"])
    agreement_id = agreements.create_agreement(session, unit, data["fiscal_year"], None, "", None, "",
                                               rounds=months)
    for round_, wanted in zip(agreements.load_agreement(session, agreement_id).rounds, data["rounds"]):
        agreements.update_round(session, round_.id, label=wanted["label"])  # "รอบ 6 เดือน" as seed 001 prints it
    indicator = data["indicator"]
    category_id = agreements.add_category(session, agreement_id, indicator.get("category")
                                          or "ตัวชี้วัดบทบาทภารกิจรายบุคคล", indicator["weight"])
    return _indicator(session, agreement_id, category_id, _rounds(session, agreement_id), indicator)
