"""Plans as a whole: create, list, load, change the month window, copy to the next fiscal year."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import FiscalYear, ItemKind, OrgUnit, Plan, PlanItem, PlanItemMonth
from app.services import fiscal
from app.services.errors import NotFoundError, ValidationError
from app.services.plan_data import ItemRow, PlanData, PlanInfo, PlanSummary

MAX_WINDOW_MONTHS = 24
ZERO = Decimal("0.00")


def _check_be_year(be_year: int) -> None:
    if not 2400 <= be_year <= 2800:
        raise ValidationError(f"ปีงบประมาณ {be_year} ไม่ถูกต้อง — ใช้ปี พ.ศ. เช่น 2567")


def get_or_create_fiscal_year(session: Session, be_year: int) -> FiscalYear:
    _check_be_year(be_year)
    year = session.scalar(select(FiscalYear).where(FiscalYear.be_year == be_year))
    if year is None:
        year = FiscalYear(be_year=be_year)
        session.add(year)
        session.flush()
    return year


def get_or_create_unit(session: Session, name: str, parent: OrgUnit | None = None,
                       abbreviation: str | None = None) -> OrgUnit:
    name = name.strip()
    if not name:
        raise ValidationError("กรุณาระบุชื่อหน่วยงาน")
    query = select(OrgUnit).where(OrgUnit.name == name)
    query = query.where(OrgUnit.parent_id == parent.id) if parent else query.where(OrgUnit.parent_id.is_(None))
    unit = session.scalar(query)
    if unit is None:
        unit = OrgUnit(name=name, parent=parent, abbreviation=abbreviation)
        session.add(unit)
        session.flush()
    return unit


def unit_names_matching(session: Session, text: str) -> set[str]:
    """Names of the units called `text` by name or by abbreviation (กพร.), for --unit options."""
    wanted = text.strip()
    return {name for name, abbreviation in session.execute(select(OrgUnit.name, OrgUnit.abbreviation))
            if wanted in (name, abbreviation)}


def _check_window(start: dt.date, end: dt.date) -> None:
    if start.day != 1 or end.day != 1:
        raise ValidationError("ช่วงเดือนของแผนต้องเริ่มที่วันที่ 1 ของเดือน")
    if start > end:
        raise ValidationError(
            f"เดือนเริ่มต้น ({fiscal.month_label_long(start)}) อยู่หลังเดือนสุดท้าย "
            f"({fiscal.month_label_long(end)})")
    if fiscal.months_between(start, end) + 1 > MAX_WINDOW_MONTHS:
        raise ValidationError(f"ช่วงเดือนของแผนยาวได้ไม่เกิน {MAX_WINDOW_MONTHS} เดือน")


def create_plan(session: Session, unit: OrgUnit, be_year: int, title: str,
                window: tuple[dt.date, dt.date] | None = None) -> int:
    title = title.strip()
    if not title:
        raise ValidationError("กรุณาระบุชื่อแผน")
    _check_be_year(be_year)  # before default_window, which cannot date a year like 67
    start, end = window or fiscal.default_window(be_year)
    _check_window(start, end)
    plan = Plan(unit=unit, fiscal_year=get_or_create_fiscal_year(session, be_year), title=title,
                window_start=start, window_end=end)
    session.add(plan)
    session.flush()
    return plan.id


def _plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("ไม่พบแผนนี้ในพื้นที่ทำงาน (อาจถูกลบไปแล้ว)")
    return plan


def plan_info(session: Session, plan_id: int) -> PlanInfo:
    plan = _plan(session, plan_id)
    return PlanInfo(id=plan.id, title=plan.title, be_year=plan.fiscal_year.be_year,
                    unit_id=plan.unit_id, unit_name=plan.unit.name,
                    window_start=plan.window_start, window_end=plan.window_end)


def plan_total(session: Session, plan_id: int) -> Decimal:
    """รวมทั้งสิ้น: every activity's and bullet's own budget (headings have none)."""
    raw = session.execute(
        select(func.sum(PlanItem.budget))
        .where(PlanItem.plan_id == plan_id, PlanItem.kind != ItemKind.HEADING.value)
    ).scalar()
    return raw if raw is not None else ZERO


def list_plans(session: Session) -> list[PlanSummary]:
    counts = dict(session.execute(
        select(PlanItem.plan_id, func.count())
        .where(PlanItem.kind != ItemKind.HEADING.value).group_by(PlanItem.plan_id)).all())
    totals = dict(session.execute(
        select(PlanItem.plan_id, func.sum(PlanItem.budget))
        .where(PlanItem.kind != ItemKind.HEADING.value).group_by(PlanItem.plan_id)).all())
    rows = session.execute(
        select(Plan.id, Plan.title, FiscalYear.be_year, OrgUnit.name)
        .join(FiscalYear, Plan.fiscal_year_id == FiscalYear.id)
        .join(OrgUnit, Plan.unit_id == OrgUnit.id)
        .order_by(FiscalYear.be_year.desc(), Plan.title, Plan.id)).all()
    return [PlanSummary(id=pid, title=title, be_year=be, unit_name=unit,
                        activity_count=counts.get(pid, 0),
                        budget_total=totals.get(pid) or ZERO)
            for pid, title, be, unit in rows]


def load_rows(session: Session, plan_id: int) -> list[ItemRow]:
    """Every item of the plan, parents before children, siblings in order (two queries, no ORM objects)."""
    months: dict[int, set[dt.date]] = defaultdict(set)
    for item_id, month in session.execute(
            select(PlanItemMonth.item_id, PlanItemMonth.month)
            .join(PlanItem, PlanItem.id == PlanItemMonth.item_id)
            .where(PlanItem.plan_id == plan_id)):
        months[item_id].add(month)
    table = PlanItem.__table__
    result = session.execute(
        select(table.c.id, table.c.parent_id, table.c.position, table.c.kind, table.c.title,
               table.c.deliverable, table.c.budget, table.c.responsible, table.c.related,
               table.c.remark, table.c.version)
        .where(table.c.plan_id == plan_id).order_by(table.c.parent_id, table.c.position))
    by_parent: dict[int | None, list[ItemRow]] = defaultdict(list)
    for r in result:
        by_parent[r.parent_id].append(ItemRow(
            id=r.id, parent_id=r.parent_id, position=r.position, kind=ItemKind(r.kind),
            title=r.title, deliverable=r.deliverable, budget=r.budget, responsible=r.responsible,
            related=r.related, remark=r.remark, months=frozenset(months.get(r.id, ())), version=r.version))
    ordered: list[ItemRow] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(by_parent.get(row.id, [])))
    return ordered


def load_plan(session: Session, plan_id: int) -> PlanData:
    return PlanData(info=plan_info(session, plan_id), rows=load_rows(session, plan_id))


def rename_plan(session: Session, plan_id: int, title: str) -> None:
    title = title.strip()
    if not title:
        raise ValidationError("กรุณาระบุชื่อแผน")
    _plan(session, plan_id).title = title


def set_window(session: Session, plan_id: int, start: dt.date, end: dt.date) -> None:
    """Widen or narrow the month window; refused if a marked month would fall outside it."""
    _check_window(start, end)
    plan = _plan(session, plan_id)
    outside = session.execute(
        select(PlanItem.title, PlanItemMonth.month)
        .join(PlanItemMonth, PlanItemMonth.item_id == PlanItem.id)
        .where(PlanItem.plan_id == plan_id,
               (PlanItemMonth.month < start) | (PlanItemMonth.month > end))
        .order_by(PlanItemMonth.month).limit(3)).all()
    if outside:
        examples = ", ".join(f"“{title[:40]}” ({fiscal.month_label(month)})" for title, month in outside)
        raise ValidationError(
            "ปรับช่วงเดือนไม่ได้ เพราะมีกิจกรรมที่กำหนดเดือนไว้นอกช่วงใหม่ เช่น "
            f"{examples} — ยกเลิกเดือนเหล่านั้นก่อน")
    plan.window_start, plan.window_end = start, end


def delete_plan(session: Session, plan_id: int) -> None:
    session.delete(_plan(session, plan_id))


def _next_year_title(title: str, be_year: int) -> str:
    """Replace the fiscal year in the title ("พ.ศ. 2567" → "พ.ศ. 2568"); add it when absent."""
    new_title, count = re.subn(rf"(?<!\d){be_year}(?!\d)", str(be_year + 1), title)
    return new_title if count else f"{title} (ปีงบประมาณ พ.ศ. {be_year + 1})"


def copy_to_next_year(session: Session, plan_id: int) -> int:
    """A new plan one fiscal year later: same tree and budgets, window and months shifted 12 months."""
    info = plan_info(session, plan_id)
    new_id = create_plan(
        session, session.get(OrgUnit, info.unit_id), info.be_year + 1,
        _next_year_title(info.title, info.be_year),
        (fiscal.add_months(info.window_start, 12), fiscal.add_months(info.window_end, 12)))
    id_map: dict[int, int] = {}
    for row in load_rows(session, plan_id):  # parents come first
        item = PlanItem(plan_id=new_id, parent_id=id_map.get(row.parent_id) if row.parent_id else None,
                        position=row.position, kind=row.kind.value, title=row.title,
                        deliverable=row.deliverable, budget=row.budget, responsible=row.responsible,
                        related=row.related, remark=row.remark)
        session.add(item)
        session.flush()
        id_map[row.id] = item.id
        session.add_all(PlanItemMonth(item_id=item.id, month=fiscal.add_months(m, 12))
                        for m in row.months)
    session.flush()
    return new_id
