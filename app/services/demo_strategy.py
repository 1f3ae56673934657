"""Seed 004 in the demo: กรมส่งเสริมสหกรณ์'s HR strategy plan for FY 2566 and its 6-month results."""
from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import FiscalYear
from app.models.strategy import StrategyPlan
from app.services import plans, strategy

DEMO_RESOURCE = "demo/strategy_2566.json"
RESULT_KEYS = ("result", "steps_done", "details", "budget_disbursed", "budget_note", "preparer_name",
               "preparer_position")


def demo_strategy_data() -> dict:
    return json.loads(resources.files("app.resources").joinpath(DEMO_RESOURCE).read_text("utf-8"))


def build_demo_strategy(session: Session) -> int | None:
    """Add the plan with its rounds, tree and 6-month results; None when the workspace already has it."""
    data = demo_strategy_data()
    unit = plans.get_or_create_unit(session, data["unit"]["name"], abbreviation=data["unit"]["abbreviation"])
    if session.scalar(select(StrategyPlan.id).join(FiscalYear, StrategyPlan.fiscal_year_id == FiscalYear.id)
                      .where(StrategyPlan.unit_id == unit.id, FiscalYear.be_year == data["fiscal_year"],
                             StrategyPlan.title == data["title"])):
        return None
    plan_id = strategy.create_plan(session, unit, data["fiscal_year"], data["title"], data["scorecard_name"],
                                   rounds_preset=data["rounds_preset"])
    round_id = strategy.find_round(session, plan_id, data["round"])
    for dim in data["dimensions"]:
        dim_id = strategy.add_dimension(session, plan_id, dim["number"], dim["name"], dim["weight"])
        for goal in dim["goals"]:
            goal_id = strategy.add_goal(session, dim_id, goal["number"], goal["name"], goal["weight"])
            for project in goal["projects"]:
                project_id = strategy.add_project(session, goal_id, project["number"], project["name"])
                for kpi in project["kpis"]:
                    kpi_id = strategy.add_kpi(
                        session, project_id, kpi["number"], kpi["name"], kpi["weight"], kpi["targets"],
                        unit_of_measure=kpi["unit_of_measure"], owner=kpi["owner"],
                        reporting_unit=kpi["reporting_unit"], scheme=kpi["scheme"], steps=kpi["steps"],
                        formula=kpi["formula"], remarks=kpi["remarks"])
                    result = {k: v for k, v in kpi["result"].items() if k in RESULT_KEYS}
                    if result.get("budget_disbursed") is not None:
                        result["budget_disbursed"] = Decimal(result["budget_disbursed"])
                    strategy.set_result(session, kpi_id, round_id, **result)
    return plan_id
