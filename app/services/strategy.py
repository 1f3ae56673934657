"""Strategy plans (seed 004): dimensions › goals (CSF) › projects › KPIs, their round results and points.

Scoring, as seed 004's overview computes it:
- a KPI scores 0–5 from its five level targets (app/services/scoring.LevelScheme; a target "-" means
  the level cannot be reached by a number, e.g. KPI 3.4 "- - 1 2 3") or from the steps done in a row
  (milestones, KPI 1.3's ✓ matrix);
- a result in words ("ทราบผล เดือน ก.ย. 66") is not known yet: no score, shown as such, counted as 0;
- a KPI's points = score / 5 × KPI weight in its goal × goal weight in its dimension × dimension weight;
  a goal's and a dimension's points are the sums, and the plan's total (out of 100) their sum.
Weights that do not add up to 100 are listed (weight_problems), never refused.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import FiscalYear, OrgUnit
from app.models.strategy import (StrategyDimension, StrategyGoal, StrategyKpi, StrategyPlan, StrategyProject,
                                 StrategyResult, StrategyRound)
from app.services import agreements, plans, scoring
from app.services.errors import NotFoundError, ValidationError
from app.services.money import format_money, parse_budget
from app.services.reports import NOT_YET, audit
from app.services.rounds import round_key

FIVE = Decimal(5)
HUNDRED = Decimal(100)
TWO = Decimal("0.01")
LEVELS = 5
NO_TARGET = ("", "-", "–", "—")
PERCENT_UNITS = ("ร้อยละ", "%")
RESULT_TEXT_FIELDS = ("result", "details", "budget_note", "preparer_name", "preparer_position")
RESULT_FIELDS = (*RESULT_TEXT_FIELDS, "steps_done", "budget_disbursed")
FIELD_NAMES = {"result": "ผลการดำเนินงาน", "details": "รายละเอียดผลการดำเนินงาน", "steps_done": "ขั้นตอนที่ทำได้",
               "budget_disbursed": "ผลการเบิกจ่ายงบประมาณ", "budget_note": "หมายเหตุงบประมาณ",
               "preparer_name": "ผู้จัดทำข้อมูล", "preparer_position": "ตำแหน่งผู้จัดทำข้อมูล"}
_THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


# ---- plain data -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoundData:
    id: int
    position: int
    label: str
    months: int | None
    start: dt.date
    cutoff: dt.date


@dataclass(frozen=True)
class KpiData:
    id: int
    position: int
    number: str
    name: str
    owner: str
    reporting_unit: str
    unit_of_measure: str
    targets: tuple[str, ...]
    weight: Decimal
    scheme: dict
    steps: tuple[str, ...]
    formula: str
    remarks: str

    @property
    def milestones(self) -> bool:
        return self.scheme.get("type") == "milestones"

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class ProjectData:
    id: int
    position: int
    number: str
    name: str
    kpis: tuple[KpiData, ...]


@dataclass(frozen=True)
class GoalData:
    id: int
    position: int
    number: str
    name: str
    weight: Decimal
    projects: tuple[ProjectData, ...]

    @property
    def kpis(self) -> list[KpiData]:
        return [k for p in self.projects for k in p.kpis]


@dataclass(frozen=True)
class DimensionData:
    id: int
    position: int
    number: str
    name: str
    weight: Decimal
    goals: tuple[GoalData, ...]


@dataclass(frozen=True)
class StrategyPlanData:
    id: int
    unit_id: int
    unit_name: str
    be_year: int
    title: str
    scorecard_name: str
    rounds: tuple[RoundData, ...]
    dimensions: tuple[DimensionData, ...]

    @property
    def goals(self) -> list[GoalData]:
        return [g for d in self.dimensions for g in d.goals]

    @property
    def projects(self) -> list[ProjectData]:
        return [p for g in self.goals for p in g.projects]

    @property
    def kpis(self) -> list[KpiData]:
        return [k for p in self.projects for k in p.kpis]

    def kpi(self, kpi_id: int) -> KpiData:
        for kpi in self.kpis:
            if kpi.id == kpi_id:
                return kpi
        raise NotFoundError("ไม่พบตัวชี้วัดนี้ในแผนกลยุทธ์ (อาจถูกลบไปแล้ว)")

    def weight_problems(self) -> list[str]:
        return weight_problems(self)


@dataclass(frozen=True)
class PlanSummary:
    id: int
    title: str
    unit_name: str
    be_year: int


@dataclass(frozen=True)
class ResultData:
    kpi_id: int
    round_id: int
    result: str = ""
    steps_done: tuple[bool, ...] = ()
    details: str = ""
    budget_disbursed: Decimal | None = None
    budget_note: str = ""
    preparer_name: str = ""
    preparer_position: str = ""
    score: Decimal | None = None        # None: nothing reported, or the result is not known yet
    exists: bool = False

    @property
    def not_known(self) -> bool:
        """Words in place of a number ("ทราบผล เดือน ก.ย. 66"): shown as such, never as 0."""
        return is_not_known(self.result)

    @property
    def budget_text(self) -> str:
        if self.budget_disbursed is not None:
            return format_money(self.budget_disbursed)
        return self.budget_note


# ---- plans and rounds -----------------------------------------------------------------------------
def _get(session: Session, cls, row_id: int, what: str):
    row = session.get(cls, row_id)
    if row is None:
        raise NotFoundError(f"ไม่พบ{what}นี้ (อาจถูกลบไปแล้ว)")
    return row


def _text(value, what: str, required: bool = False) -> str:
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise ValidationError(f"กรุณาระบุ{what}")
    return text


def _weight(value, what: str) -> Decimal:
    try:
        weight = scoring.decimal(value, f"น้ำหนักของ{what}")
    except ValidationError:
        raise ValidationError(f"น้ำหนักของ{what} “{value}” ไม่ใช่ตัวเลข")
    if weight < 0 or weight > HUNDRED:
        raise ValidationError(f"น้ำหนักของ{what} {weight} ต้องอยู่ระหว่าง 0 ถึง 100")
    return weight.quantize(TWO, rounding=ROUND_HALF_UP)


def create_plan(session: Session, unit: OrgUnit | int, be_year: int, title: str, scorecard_name: str = "",
                rounds_preset: str | None = "4/6/9") -> int:
    """A new strategy plan, with the preset's rounds (seed 004 reports at 4, 6 and 9 months)."""
    unit_row = session.get(OrgUnit, unit) if isinstance(unit, int) else unit
    if unit_row is None:
        raise ValidationError("ไม่พบหน่วยงานของแผนกลยุทธ์")
    year = plans.get_or_create_fiscal_year(session, be_year)
    plan = StrategyPlan(unit_id=unit_row.id, fiscal_year_id=year.id, title=_text(title, "ชื่อแผนกลยุทธ์", True),
                        scorecard_name=_text(scorecard_name, "ชื่อ Scorecard"))
    session.add(plan)
    session.flush()
    if rounds_preset:
        add_preset_rounds(session, plan.id, rounds_preset)
    return plan.id


def update_plan(session: Session, plan_id: int, **fields) -> None:
    plan = _get(session, StrategyPlan, plan_id, "แผนกลยุทธ์")
    if "title" in fields:
        plan.title = _text(fields.pop("title"), "ชื่อแผนกลยุทธ์", True)
    if "scorecard_name" in fields:
        plan.scorecard_name = _text(fields.pop("scorecard_name"), "ชื่อ Scorecard")
    if fields:
        raise ValidationError(f"แก้ไขแผนกลยุทธ์ได้เฉพาะชื่อแผนและชื่อ Scorecard (ได้ {', '.join(fields)})")


def delete_plan(session: Session, plan_id: int) -> None:
    session.delete(_get(session, StrategyPlan, plan_id, "แผนกลยุทธ์"))
    session.flush()


def list_plans(session: Session, be_year: int | None = None) -> list[PlanSummary]:
    query = (select(StrategyPlan, OrgUnit.name, FiscalYear.be_year).join(OrgUnit, StrategyPlan.unit_id == OrgUnit.id)
             .join(FiscalYear, StrategyPlan.fiscal_year_id == FiscalYear.id)
             .order_by(FiscalYear.be_year, OrgUnit.name, StrategyPlan.id))
    if be_year is not None:
        query = query.where(FiscalYear.be_year == be_year)
    return [PlanSummary(p.id, p.title, unit_name, year) for p, unit_name, year in session.execute(query)]


def find_plan(session: Session, be_year: int | None, unit: str | None = None, plan_id: int | None = None) -> int:
    """The plan asked for on the command line: --plan, or --year (and --unit when the year has several)."""
    if plan_id is not None:
        if session.get(StrategyPlan, plan_id) is None:
            raise ValidationError(f"ไม่พบแผนกลยุทธ์รหัส {plan_id}")
        return plan_id
    if be_year is None:
        raise ValidationError("กรุณาระบุปีงบประมาณ (--year) ของแผนกลยุทธ์")
    found = list_plans(session, be_year)
    if unit:
        names = plans.unit_names_matching(session, unit)
        found = [p for p in found if p.unit_name in names]
    if len(found) == 1:
        return found[0].id
    if not found:
        where = f" ของหน่วยงาน “{unit}”" if unit else ""
        raise ValidationError(f"ไม่พบแผนกลยุทธ์ปีงบประมาณ พ.ศ. {be_year}{where}")
    listed = "; ".join(f"{p.id}: {p.title} ({p.unit_name})" for p in found)
    raise ValidationError(f"ปีงบประมาณ พ.ศ. {be_year} มีแผนกลยุทธ์หลายแผน ({listed}) — ระบุ --unit หรือ --plan")


def add_round(session: Session, plan_id: int, label: str, start: dt.date, cutoff: dt.date,
              months: int | None = None) -> int:
    plan = _get(session, StrategyPlan, plan_id, "แผนกลยุทธ์")
    label = _text(label, "ชื่อรอบ", True)
    if cutoff < start:
        raise ValidationError(f"วันสิ้นสุดของ{label} ต้องไม่ก่อนวันเริ่มต้น")
    existing = session.scalars(select(StrategyRound).where(StrategyRound.plan_id == plan.id)).all()
    if any(round_key(r.label) == round_key(label) for r in existing):
        raise ValidationError(f"แผนนี้มี “{label}” อยู่แล้ว")
    position = max((r.position for r in existing), default=-1) + 1
    row = StrategyRound(plan_id=plan.id, position=position, label=label, months=months, start=start, cutoff=cutoff)
    session.add(row)
    session.flush()
    return row.id


def add_preset_rounds(session: Session, plan_id: int, preset: str = "4/6/9") -> list[int]:
    plan = _get(session, StrategyPlan, plan_id, "แผนกลยุทธ์")
    be_year = session.get(FiscalYear, plan.fiscal_year_id).be_year
    return [add_round(session, plan_id, label, start, cutoff, months)
            for label, months, start, cutoff in agreements.preset_rounds(be_year, preset)]


def update_round(session: Session, round_id: int, label: str | None = None, start: dt.date | None = None,
                 cutoff: dt.date | None = None) -> None:
    row = _get(session, StrategyRound, round_id, "รอบ")
    new_label = _text(label, "ชื่อรอบ", True) if label is not None else row.label
    new_start, new_cutoff = start or row.start, cutoff or row.cutoff
    if new_cutoff < new_start:
        raise ValidationError(f"วันสิ้นสุดของ{new_label} ต้องไม่ก่อนวันเริ่มต้น")
    row.label, row.start, row.cutoff = new_label, new_start, new_cutoff


def delete_round(session: Session, round_id: int) -> None:
    session.delete(_get(session, StrategyRound, round_id, "รอบ"))
    session.flush()


def find_round(session: Session, plan_id: int, name: str | None) -> int:
    """The plan's round typed as "รอบ 6 เดือน" or "รอบ ๖ เดือน"; without a name, the only round there is."""
    rounds = load_plan(session, plan_id).rounds
    if not name:
        if len(rounds) == 1:
            return rounds[0].id
        raise ValidationError("กรุณาระบุรอบ (--round) เช่น “รอบ 6 เดือน” — รอบที่มี: "
                              + (", ".join(f"“{r.label}”" for r in rounds) or "(ยังไม่มีรอบ)"))
    for row in rounds:
        if round_key(row.label) == round_key(name):
            return row.id
    known = ", ".join(f"“{r.label}”" for r in rounds) or "(ยังไม่มีรอบ)"
    raise ValidationError(f"ไม่พบรอบ “{name}” ในแผนกลยุทธ์นี้ — รอบที่มี: {known}")


# ---- the tree -------------------------------------------------------------------------------------
def _next_position(session: Session, cls, parent_column, parent_id: int) -> int:
    last = session.scalar(select(func.max(cls.position)).where(parent_column == parent_id))
    return 0 if last is None else last + 1


def add_dimension(session: Session, plan_id: int, number: str, name: str, weight) -> int:
    _get(session, StrategyPlan, plan_id, "แผนกลยุทธ์")
    row = StrategyDimension(plan_id=plan_id, number=_text(number, "ลำดับมิติ"), name=_text(name, "ชื่อมิติ", True),
                            weight=_weight(weight, f"มิติ “{name}”"),
                            position=_next_position(session, StrategyDimension, StrategyDimension.plan_id, plan_id))
    session.add(row)
    session.flush()
    return row.id


def add_goal(session: Session, dimension_id: int, number: str, name: str, weight) -> int:
    _get(session, StrategyDimension, dimension_id, "มิติ")
    row = StrategyGoal(dimension_id=dimension_id, number=_text(number, "ลำดับเป้าประสงค์"),
                       name=_text(name, "ชื่อเป้าประสงค์ (CSF)", True), weight=_weight(weight, f"เป้าประสงค์ “{name}”"),
                       position=_next_position(session, StrategyGoal, StrategyGoal.dimension_id, dimension_id))
    session.add(row)
    session.flush()
    return row.id


def add_project(session: Session, goal_id: int, number: str, name: str) -> int:
    _get(session, StrategyGoal, goal_id, "เป้าประสงค์")
    row = StrategyProject(goal_id=goal_id, number=_text(number, "ลำดับแผนงาน/โครงการ"),
                          name=_text(name, "ชื่อแผนงาน/โครงการ", True),
                          position=_next_position(session, StrategyProject, StrategyProject.goal_id, goal_id))
    session.add(row)
    session.flush()
    return row.id


def validate_targets(targets, scheme: dict, name: str = "") -> tuple[str, ...]:
    """Five level targets as typed; numbers (or "-" for a level no number reaches) in rising order."""
    values = tuple(_text(t, "ค่าเป้าหมาย") for t in (targets or ()))
    if len(values) != LEVELS:
        raise ValidationError(f"ตัวชี้วัด “{name}” ต้องมีค่าเป้าหมาย {LEVELS} ระดับ — ได้ {len(values)} ค่า")
    if scheme.get("type", "levels") == "levels":
        level_scheme(values, scheme, name)
    return values


def validate_kpi_scheme(scheme: dict | None) -> dict:
    scheme = dict(scheme or {})
    kind = scheme.setdefault("type", "levels")
    if kind not in ("levels", "milestones"):
        raise ValidationError(f"วิธีคิดคะแนน “{kind}” ไม่รู้จัก (ใช้ได้: levels = ตามค่าเป้าหมาย, milestones = ตามขั้นตอน)")
    scheme["interpolate"] = bool(scheme.get("interpolate", True))
    direction = scheme.setdefault("direction", "higher")
    if direction not in ("higher", "lower"):
        raise ValidationError(f"ทิศทางของตัวชี้วัด “{direction}” ไม่รู้จัก (higher หรือ lower)")
    return scheme


def level_scheme(targets, scheme: dict, name: str = "") -> scoring.LevelScheme:
    """The scoring engine's scheme over the levels that have a number ("- - 1 2 3" → levels 3–5)."""
    defined = [(level, t) for level, t in enumerate(targets, start=1) if str(t).strip() not in NO_TARGET]
    if len(defined) < 2:
        raise ValidationError(f"ตัวชี้วัด “{name}” ต้องมีค่าเป้าหมายที่เป็นตัวเลขอย่างน้อย 2 ระดับ")
    try:
        return scoring.LevelScheme.of([t for _, t in defined], points=[level for level, _ in defined],
                                      interpolate=scheme.get("interpolate", True),
                                      direction=scheme.get("direction", "higher"))
    except ValidationError as err:
        raise ValidationError(f"ตัวชี้วัด “{name}”: {err.message}")


def _steps(steps, scheme: dict, name: str) -> list[str]:
    values = [_text(s, "ขั้นตอน") for s in (steps or ())]
    values = [s for s in values if s]
    if scheme.get("type") == "milestones" and len(values) > LEVELS:
        raise ValidationError(f"ตัวชี้วัด “{name}” คิดคะแนนตามขั้นตอน จึงมีขั้นตอนได้ไม่เกิน {LEVELS} ขั้น "
                              f"(มี {len(values)} ขั้น)")
    return values


KPI_TEXT_FIELDS = ("number", "name", "owner", "reporting_unit", "unit_of_measure", "formula", "remarks")


def add_kpi(session: Session, project_id: int, number: str, name: str, weight, targets, *,
            unit_of_measure: str = "", owner: str = "", reporting_unit: str = "", scheme: dict | None = None,
            steps=(), formula: str = "", remarks: str = "") -> int:
    _get(session, StrategyProject, project_id, "แผนงาน/โครงการ")
    name = _text(name, "ชื่อตัวชี้วัด", True)
    scheme = validate_kpi_scheme(scheme)
    row = StrategyKpi(project_id=project_id, number=_text(number, "ลำดับตัวชี้วัด"), name=name,
                      owner=_text(owner, "เจ้าภาพ"), reporting_unit=_text(reporting_unit, "ชื่อหน่วยงาน"),
                      unit_of_measure=_text(unit_of_measure, "หน่วยนับ"), targets=list(validate_targets(targets, scheme, name)),
                      weight=_weight(weight, f"ตัวชี้วัด “{name}”"), scheme=scheme,
                      steps=_steps(steps, scheme, name), formula=_text(formula, "สูตร"), remarks=_text(remarks, "หมายเหตุ"),
                      position=_next_position(session, StrategyKpi, StrategyKpi.project_id, project_id))
    session.add(row)
    session.flush()
    return row.id


def update_kpi(session: Session, kpi_id: int, **fields) -> None:
    """Change a KPI's fields; everything is checked before anything changes."""
    row = _get(session, StrategyKpi, kpi_id, "ตัวชี้วัด")
    unknown = set(fields) - {*KPI_TEXT_FIELDS, "weight", "targets", "scheme", "steps"}
    if unknown:
        raise ValidationError(f"ไม่รู้จักช่องของตัวชี้วัด: {', '.join(sorted(unknown))}")
    name = _text(fields.get("name", row.name), "ชื่อตัวชี้วัด", True)
    scheme = validate_kpi_scheme(fields.get("scheme", row.scheme))
    targets = validate_targets(fields.get("targets", row.targets), scheme, name)
    steps = _steps(fields.get("steps", row.steps), scheme, name)
    weight = _weight(fields["weight"], f"ตัวชี้วัด “{name}”") if "weight" in fields else row.weight
    texts = {k: _text(fields[k], k) for k in KPI_TEXT_FIELDS if k in fields}
    for key, value in texts.items():
        setattr(row, key, value)
    row.name, row.scheme, row.targets, row.steps, row.weight = name, scheme, list(targets), steps, weight
    _rescore_kpi(session, row)


def update_dimension(session: Session, dimension_id: int, **fields) -> None:
    _update_node(session, StrategyDimension, dimension_id, "มิติ", fields, weighted=True)


def update_goal(session: Session, goal_id: int, **fields) -> None:
    _update_node(session, StrategyGoal, goal_id, "เป้าประสงค์", fields, weighted=True)


def update_project(session: Session, project_id: int, **fields) -> None:
    _update_node(session, StrategyProject, project_id, "แผนงาน/โครงการ", fields, weighted=False)


def _update_node(session: Session, cls, row_id: int, what: str, fields: dict, weighted: bool) -> None:
    row = _get(session, cls, row_id, what)
    allowed = {"number", "name", *(("weight",) if weighted else ())}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"แก้ไข{what}ได้เฉพาะ {', '.join(sorted(allowed))} (ได้ {', '.join(sorted(unknown))})")
    name = _text(fields.get("name", row.name), f"ชื่อ{what}", True)
    weight = _weight(fields["weight"], f"{what} “{name}”") if "weight" in fields else None
    row.name = name
    if "number" in fields:
        row.number = _text(fields["number"], "ลำดับ")
    if weight is not None:
        row.weight = weight


def delete_dimension(session: Session, dimension_id: int) -> None:
    session.delete(_get(session, StrategyDimension, dimension_id, "มิติ"))
    session.flush()


def delete_goal(session: Session, goal_id: int) -> None:
    session.delete(_get(session, StrategyGoal, goal_id, "เป้าประสงค์"))
    session.flush()


def delete_project(session: Session, project_id: int) -> None:
    session.delete(_get(session, StrategyProject, project_id, "แผนงาน/โครงการ"))
    session.flush()


def delete_kpi(session: Session, kpi_id: int) -> None:
    session.delete(_get(session, StrategyKpi, kpi_id, "ตัวชี้วัด"))
    session.flush()


# ---- loading --------------------------------------------------------------------------------------
def _kpi_data(row: StrategyKpi) -> KpiData:
    return KpiData(row.id, row.position, row.number, row.name, row.owner or "", row.reporting_unit or "",
                   row.unit_of_measure or "", tuple(row.targets or ()), Decimal(row.weight),
                   validate_kpi_scheme(row.scheme), tuple(row.steps or ()), row.formula or "", row.remarks or "")


def load_plan(session: Session, plan_id: int) -> StrategyPlanData:
    plan = _get(session, StrategyPlan, plan_id, "แผนกลยุทธ์")

    def children(cls, column, parent_id):
        return session.scalars(select(cls).where(column == parent_id).order_by(cls.position, cls.id)).all()

    dimensions = []
    for dim in children(StrategyDimension, StrategyDimension.plan_id, plan.id):
        goals = []
        for goal in children(StrategyGoal, StrategyGoal.dimension_id, dim.id):
            projects = tuple(
                ProjectData(p.id, p.position, p.number, p.name,
                            tuple(_kpi_data(k) for k in children(StrategyKpi, StrategyKpi.project_id, p.id)))
                for p in children(StrategyProject, StrategyProject.goal_id, goal.id))
            goals.append(GoalData(goal.id, goal.position, goal.number, goal.name, Decimal(goal.weight), projects))
        dimensions.append(DimensionData(dim.id, dim.position, dim.number, dim.name, Decimal(dim.weight), tuple(goals)))
    rounds = tuple(RoundData(r.id, r.position, r.label, r.months, r.start, r.cutoff)
                   for r in children(StrategyRound, StrategyRound.plan_id, plan.id))
    return StrategyPlanData(plan.id, plan.unit_id, plan.unit.name, plan.fiscal_year.be_year, plan.title,
                            plan.scorecard_name or "", rounds, tuple(dimensions))


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def weight_problems(plan: StrategyPlanData) -> list[str]:
    """Every level whose weights do not add up to 100, in Thai (shown, never blocking)."""
    problems = []
    total = sum((d.weight for d in plan.dimensions), Decimal(0))
    if plan.dimensions and total != HUNDRED:
        problems.append(f"น้ำหนักของมิติรวมกันได้ {_plain(total)} ต้องเท่ากับ 100")
    for dim in plan.dimensions:
        inside = sum((g.weight for g in dim.goals), Decimal(0))
        if inside != HUNDRED:
            problems.append(f"มิติที่ {dim.number} “{dim.name}”: น้ำหนักของเป้าประสงค์ (CSF) รวมกันได้ "
                            f"{_plain(inside)} ต้องเท่ากับ 100")
        for goal in dim.goals:
            kpis = goal.kpis
            inside = sum((k.weight for k in kpis), Decimal(0))
            if inside != HUNDRED:
                problems.append(f"เป้าประสงค์ {goal.number} “{goal.name}”: น้ำหนักของตัวชี้วัดรวมกันได้ "
                                f"{_plain(inside)} ต้องเท่ากับ 100")
    return problems


# ---- results and scores ---------------------------------------------------------------------------
def is_not_known(text: str) -> bool:
    return (text or "").strip().startswith(NOT_YET)


def _is_percent(kpi: KpiData) -> bool:
    return kpi.unit_of_measure.strip() in PERCENT_UNITS


def parse_result(kpi: KpiData, text: str) -> Decimal | None:
    """The number in a typed result; None when empty or not known yet; refuses anything else."""
    raw = (text or "").strip()
    if not raw or is_not_known(raw):
        return None
    core = raw.translate(_THAI_TO_ARABIC)
    for word in dict.fromkeys(w for w in (kpi.unit_of_measure.strip(), *PERCENT_UNITS) if w):
        core = core.removeprefix(word).strip().removesuffix(word).strip()
    try:
        value = Decimal(core.replace(",", ""))
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(
            f"ผลการดำเนินงานของตัวชี้วัด {kpi.number} “{raw}” ไม่ใช่ทั้งตัวเลขและข้อความแจ้งว่ายังไม่ทราบผล — "
            "ใส่ตัวเลข เช่น 97.5 หรือข้อความที่ขึ้นต้นด้วย “ทราบผล” “รอผล” “อยู่ระหว่าง” หรือ “ยังไม่” "
            "(เช่น “ทราบผล เดือน ก.ย. 66”)")
    if value < 0:
        raise ValidationError(f"ผลการดำเนินงานของตัวชี้วัด {kpi.number} “{raw}” ติดลบไม่ได้")
    if _is_percent(kpi) and value > HUNDRED:
        raise ValidationError(f"ผลการดำเนินงานของตัวชี้วัด {kpi.number} “{raw}” เป็นร้อยละ จึงเกิน 100 ไม่ได้")
    if kpi.milestones:
        top = len(kpi.steps) or LEVELS
        if value != value.to_integral_value() or value > top:
            raise ValidationError(f"ผลการดำเนินงานของตัวชี้วัด {kpi.number} “{raw}” อยู่นอกช่วง: ต้องเป็นระดับเต็ม 0–{top} "
                                  "(ตัวชี้วัดนี้คิดคะแนนตามจำนวนขั้นตอนที่ทำได้ต่อเนื่องกัน)")
    return value


def kpi_score(kpi: KpiData, result: str, steps_done=()) -> Decimal | None:
    """0–5, or None when nothing is reported or the result is not known yet."""
    value = parse_result(kpi, result)
    if kpi.milestones:
        done = list(steps_done or ())
        if is_not_known(result) or (value is None and not any(done)):
            return None
        if value is not None and not any(done):  # a level typed without ticking: the first N steps
            done = [True] * int(value)
        return scoring.milestone_score(done[:LEVELS])
    if value is None:
        return None
    return level_scheme(kpi.targets, kpi.scheme, kpi.name).score(value)


def _score_text(score: Decimal | None) -> str:
    return "" if score is None else str(scoring.round4(score))


def _result_data(row: StrategyResult | None, kpi_id: int, round_id: int, kpi: KpiData | None = None) -> ResultData:
    if row is None:
        return ResultData(kpi_id, round_id)
    score = Decimal(row.score) if row.score else None
    return ResultData(kpi_id, round_id, row.result or "", tuple(bool(x) for x in (row.steps_done or ())),
                      row.details or "", row.budget_disbursed, row.budget_note or "", row.preparer_name or "",
                      row.preparer_position or "", score, True)


def _result_row(session: Session, kpi_id: int, round_id: int) -> StrategyResult | None:
    return session.scalar(select(StrategyResult).where(StrategyResult.kpi_id == kpi_id,
                                                       StrategyResult.round_id == round_id))


def get_result(session: Session, kpi_id: int, round_id: int) -> ResultData:
    return _result_data(_result_row(session, kpi_id, round_id), kpi_id, round_id)


def _check_same_plan(session: Session, kpi_row: StrategyKpi, round_row: StrategyRound) -> None:
    plan_id = session.scalar(select(StrategyDimension.plan_id).join(StrategyGoal)
                             .join(StrategyProject).where(StrategyProject.id == kpi_row.project_id))
    if plan_id != round_row.plan_id:
        raise ValidationError("ตัวชี้วัดและรอบที่เลือกอยู่คนละแผนกลยุทธ์")


def set_result(session: Session, kpi_id: int, round_id: int, **fields) -> ResultData:
    """Set some fields of a KPI's result for a round; checked in full before anything is saved.

    Fields: result, steps_done, details, budget_disbursed (Decimal, text like "1,397,139.50" or None),
    budget_note, preparer_name, preparer_position. Returns the result with its new score.
    """
    unknown = set(fields) - set(RESULT_FIELDS)
    if unknown:
        raise ValidationError(f"ไม่รู้จักช่องของผลการดำเนินงาน: {', '.join(sorted(unknown))}")
    kpi_row = _get(session, StrategyKpi, kpi_id, "ตัวชี้วัด")
    round_row = _get(session, StrategyRound, round_id, "รอบ")
    _check_same_plan(session, kpi_row, round_row)
    kpi = _kpi_data(kpi_row)
    row = _result_row(session, kpi_id, round_id)
    before = _result_data(row, kpi_id, round_id)
    new = {name: getattr(before, name) for name in RESULT_FIELDS}
    for name in RESULT_TEXT_FIELDS:
        if name in fields:
            new[name] = _text(fields[name], FIELD_NAMES[name])
    if "budget_disbursed" in fields:
        value = fields["budget_disbursed"]
        if isinstance(value, Decimal) or isinstance(value, int):
            value = str(value)
        try:
            new["budget_disbursed"] = parse_budget(value)
        except ValidationError as err:
            raise ValidationError(f"ตัวชี้วัด {kpi.number} — {FIELD_NAMES['budget_disbursed']}: {err.message}")
    if "steps_done" in fields:
        steps = [bool(x) for x in (fields["steps_done"] or ())]
        limit = len(kpi.steps) if kpi.steps else LEVELS
        if any(steps[limit:]):
            raise ValidationError(f"ตัวชี้วัด {kpi.number} มี {limit} ขั้นตอน — ทำเครื่องหมายเกินจำนวนขั้นตอนไม่ได้")
        new["steps_done"] = tuple(steps[:limit])
    if kpi.milestones and "steps_done" in fields and "result" not in fields \
            and (not new["result"] or parse_result(kpi, new["result"]) is not None):
        # the printed ผลการดำเนินงาน of a step KPI is the level the ticks reach
        level = scoring.milestone_level(new["steps_done"])
        new["result"] = str(level) if any(new["steps_done"]) else ""
    if kpi.milestones and "result" in fields and "steps_done" not in fields:
        typed = parse_result(kpi, new["result"])
        if typed is not None:
            new["steps_done"] = tuple([True] * int(typed) + [False] * (max(len(kpi.steps), int(typed)) - int(typed)))
    score = kpi_score(kpi, new["result"], new["steps_done"])
    if kpi.milestones and new["result"] and parse_result(kpi, new["result"]) is not None \
            and Decimal(scoring.milestone_level(new["steps_done"])) != parse_result(kpi, new["result"]):
        raise ValidationError(f"ผลการดำเนินงานของตัวชี้วัด {kpi.number} “{new['result']}” ไม่ตรงกับขั้นตอนที่ทำได้ "
                              f"(ระดับ {scoring.milestone_level(new['steps_done'])})")
    if row is None:
        row = StrategyResult(kpi_id=kpi_id, round_id=round_id)
        session.add(row)
    changes = {}
    for name in RESULT_FIELDS:
        old_value, value = getattr(before, name), new[name]
        if old_value != value:
            changes[name] = [list(old_value) if isinstance(old_value, tuple) else old_value,
                             list(value) if isinstance(value, tuple) else value]
        setattr(row, name, list(value) if name == "steps_done" else value)
    old_score = row.score or ""
    row.score = _score_text(score)
    if old_score != row.score:
        changes["score"] = [old_score, row.score]
    session.flush()
    if changes:
        audit(session, "strategy_result", row.id, "update", kpi=kpi.number, round=round_row.label, changes=changes)
    return _result_data(row, kpi_id, round_id)


def _rescore_kpi(session: Session, row: StrategyKpi) -> None:
    """A KPI's targets or scheme changed: its stored scores follow (a result now out of scheme keeps no score)."""
    kpi = _kpi_data(row)
    for result in session.scalars(select(StrategyResult).where(StrategyResult.kpi_id == row.id)):
        try:
            result.score = _score_text(kpi_score(kpi, result.result, result.steps_done))
        except ValidationError:
            result.score = ""


# ---- the overview (seed 004's table by dimension) -------------------------------------------------
@dataclass(frozen=True)
class OverviewRow:
    dimension: DimensionData
    goal: GoalData
    project: ProjectData
    kpi: KpiData
    result: ResultData
    score: Decimal | None      # None: not known yet / not reported (counts as 0)
    points: Decimal            # score / 5 × KPI weight × goal weight × dimension weight


@dataclass(frozen=True)
class Overview:
    plan: StrategyPlanData
    round: RoundData
    rows: tuple[OverviewRow, ...]
    goal_points: dict[int, Decimal]
    dimension_points: dict[int, Decimal]
    goal_scores: dict[int, Decimal]        # 0–5 within the goal
    dimension_scores: dict[int, Decimal]   # 0–5 within the dimension
    total: Decimal                         # out of 100, exact (round with total_2dp for printing)
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_2dp(self) -> Decimal:
        return self.total.quantize(TWO, rounding=ROUND_HALF_UP)

    def counts(self) -> tuple[int, int, int, int]:
        """(dimensions, goals, projects, KPIs) for "รวมทั้งสิ้น ๕ มิติ ๑๔ CSF ๒๐ แผนงาน/โครงการ ๒๒ ตัวชี้วัด"."""
        return (len(self.plan.dimensions), len(self.plan.goals), len(self.plan.projects), len(self.plan.kpis))


def kpi_points(score: Decimal | None, kpi_weight: Decimal, goal_weight: Decimal, dimension_weight: Decimal) -> Decimal:
    return (score or Decimal(0)) / FIVE * kpi_weight / HUNDRED * goal_weight / HUNDRED * dimension_weight


def round_of(plan: StrategyPlanData, round_id: int) -> RoundData:
    for row in plan.rounds:
        if row.id == round_id:
            return row
    raise NotFoundError("ไม่พบรอบนี้ในแผนกลยุทธ์ (อาจถูกลบไปแล้ว)")


def overview(session: Session, plan_id: int, round_id: int) -> Overview:
    plan = load_plan(session, plan_id)
    round_ = round_of(plan, round_id)
    stored = {r.kpi_id: r for r in session.scalars(select(StrategyResult).where(StrategyResult.round_id == round_id))}
    rows, goal_points, dim_points, goal_scores, dim_scores = [], {}, {}, {}, {}
    for dim in plan.dimensions:
        dim_points[dim.id] = Decimal(0)
        dim_scores[dim.id] = Decimal(0)
        for goal in dim.goals:
            goal_points[goal.id] = Decimal(0)
            goal_scores[goal.id] = Decimal(0)
            for project in goal.projects:
                for kpi in project.kpis:
                    result = _result_data(stored.get(kpi.id), kpi.id, round_id)
                    score = result.score
                    points = kpi_points(score, kpi.weight, goal.weight, dim.weight)
                    rows.append(OverviewRow(dim, goal, project, kpi, result, score, points))
                    goal_points[goal.id] += points
                    goal_scores[goal.id] += (score or Decimal(0)) * kpi.weight / HUNDRED
            dim_points[dim.id] += goal_points[goal.id]
            dim_scores[dim.id] += goal_scores[goal.id] * goal.weight / HUNDRED
    total = sum(dim_points.values(), Decimal(0))
    return Overview(plan, round_, tuple(rows), goal_points, dim_points, goal_scores, dim_scores, total,
                    tuple(weight_problems(plan)))


def results_for_round(session: Session, plan_id: int, round_id: int) -> dict[int, ResultData]:
    """Every KPI's result (reported or empty) for a round, by KPI id."""
    plan = load_plan(session, plan_id)
    stored = {r.kpi_id: r for r in session.scalars(select(StrategyResult).where(StrategyResult.round_id == round_id))}
    return {k.id: _result_data(stored.get(k.id), k.id, round_id) for k in plan.kpis}


def fmt_points(value: Decimal) -> str:
    """Points and scores as the overview prints them: 3, 1.2, 2.625 (up to 4 decimals, no trailing zeros)."""
    text = format(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize(), "f")
    return text
