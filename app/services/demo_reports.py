"""The demo's filled indicator report: seed 001 as round "รอบ 6 เดือน" of fiscal year 2567.

The indicator itself (with its unit's agreement) is built by demo.build_demo_agreement from
resources/demo/indicator_001.json; this adds the report filled on it, from the same file.
"""
from __future__ import annotations

import datetime as dt
import json
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Agreement, FiscalYear, Indicator, OrgUnit, RoundReport
from app.services import agreements, reports

RESOURCE = "indicator_001.json"


def seed_001() -> dict:
    return json.loads(resources.files("app.resources").joinpath("demo", RESOURCE).read_text("utf-8"))


def _indicator_and_round(session: Session, data: dict) -> tuple[int, int] | None:
    agreement_id = session.scalar(select(Agreement.id).join(OrgUnit, Agreement.unit_id == OrgUnit.id)
                                  .join(FiscalYear, Agreement.fiscal_year_id == FiscalYear.id)
                                  .where(OrgUnit.name == data["unit"]["name"],
                                         FiscalYear.be_year == data["fiscal_year"]))
    if agreement_id is None:
        return None
    agreement = agreements.load_agreement(session, agreement_id)
    indicator = next((i for i in agreement.indicators if i.name == data["indicator"]["name"]), None)
    round_ = next((r for r in agreement.rounds if r.label == data["report"]["round"]), None)
    if indicator is None or round_ is None:
        return None
    return indicator.id, round_.id


def build_demo_reports(session: Session) -> int | None:
    """Seed 001's report (submitted, score 5, weighted 0.25); its id, or None when already there
    or when the workspace has no seed 001 indicator to report on."""
    data = seed_001()
    found = _indicator_and_round(session, data)
    if found is None:
        return None
    indicator_id, round_id = found
    if session.scalar(select(RoundReport.id).where(RoundReport.indicator_id == indicator_id,
                                                   RoundReport.round_id == round_id)):
        return None
    report = data["report"]
    levels = len(session.get(Indicator, indicator_id).scheme.get("levels") or [])
    report_id = reports.get_or_create(session, indicator_id, round_id)
    preparer = report.get("preparer") or {}
    reports.update(session, report_id, levels_done=report["levels_done"], steps_done=[True] * levels,
                   actions=report["actions"], supporting_factors=report["supporting_factors"] or "",
                   obstacles=report["obstacles"] or "", suggestions=report["suggestions"] or "",
                   preparer_name=preparer.get("name") or "", preparer_position=preparer.get("position") or "")
    for item in report["evidence"]:
        reports.add_evidence(session, report_id, item["title"], item.get("reference") or "",
                             dt.date.fromisoformat(item["date"]) if item.get("date") else None, item.get("link") or "")
    if report.get("state") in ("submitted", "reviewed"):
        reports.submit(session, report_id)
    if report.get("state") == "reviewed":
        reports.review(session, report_id)
    return report_id
