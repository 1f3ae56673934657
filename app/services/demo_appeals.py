"""Seed 003's memos in the demo: กรมอนามัย's กลุ่มพัฒนาระบบบริหาร, FY 2567, its five-month rounds,
indicator 4.16, the round's announcement date and appeal deadline, the post-appeal announcement
memo and the blank appeal form. Figures the seed does not give are marked "illustrative" in
resources/demo/memos_2567.json."""
from __future__ import annotations

import datetime as dt
import json
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Agreement, EvaluationRound
from app.services import agreements, appeals, memos, plans, reports

RESOURCE = "memos_2567.json"


def memos_demo_data() -> dict:
    return json.loads(resources.files("app.resources").joinpath("demo", RESOURCE).read_text("utf-8"))


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def build_demo_appeals(session: Session) -> int | None:
    """Add the agreement with its rounds, reports and memos; its id, or None when already there."""
    data = memos_demo_data()
    parent = data["unit"]["parent"]
    parent_unit = plans.get_or_create_unit(session, parent["name"], abbreviation=parent.get("abbreviation"))
    unit = plans.get_or_create_unit(session, data["unit"]["name"], parent=parent_unit,
                                    abbreviation=data["unit"].get("abbreviation"))
    year = plans.get_or_create_fiscal_year(session, data["fiscal_year"])
    if session.scalar(select(Agreement.id).where(Agreement.unit_id == unit.id, Agreement.fiscal_year_id == year.id)):
        return None
    maker = agreements.get_or_create_person(session, data["maker"]["name"], data["maker"]["position"])
    agreement_id = agreements.create_agreement(session, unit, data["fiscal_year"], None, "", maker,
                                               data["maker"]["position"], rounds=())
    agreements.add_preset_rounds(session, agreement_id, agreements.FIVE_MONTHS)
    by_label = {r.label: r.id for r in session.scalars(select(EvaluationRound)
                                                       .where(EvaluationRound.agreement_id == agreement_id))}
    rounds = {key: by_label[spec["label"]] for key, spec in data["rounds"].items()}
    for key, spec in data["rounds"].items():
        if spec.get("announced_on") or spec.get("appeal_deadline"):
            appeals.set_round_dates(session, rounds[key], _date(spec.get("announced_on")),
                                    _date(spec.get("appeal_deadline")))
    category = data["category"]
    category_id = agreements.add_category(session, agreement_id, category["name"], category["weight"])
    spec = data["indicator"]
    indicator_id = agreements.add_indicator(session, agreement_id, category_id, spec["number"], spec["name"],
                                            spec["weight"], scheme=spec["scheme"], owner_unit=data["unit"]["name"])
    for report in data["reports"]:
        report_id = reports.get_or_create(session, indicator_id, rounds[report["round"]])
        reports.update(session, report_id, steps_done=report["steps_done"], actions=report.get("actions", ""))
        if report.get("state") in ("submitted", "reviewed"):
            reports.submit(session, report_id)
        if report.get("state") == "reviewed":
            reports.review(session, report_id)
    for memo in data["memos"]:
        fields = {k: v for k, v in memo.items() if k not in ("kind", "round", "source")}
        fields["dated"] = _date(fields.get("dated"))
        memos.create_memo(session, rounds[memo["round"]], memo["kind"], **fields)
    session.flush()
    return agreement_id
