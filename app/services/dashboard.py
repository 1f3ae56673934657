"""The "this round" dashboard (ภาพรวมรอบนี้): which reports are due and how far they are, how many
days are left, and which plan activities of the same fiscal year are planned for this month but
not yet marked done.

`today` is always a parameter: the screen passes the real date, tests a fixed one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (Agreement, EvaluationRound, FiscalYear, Plan, PlanItem, PlanItemMonth, PlanItemProgress,
                        RoundReport)
from app.services import agreements, fiscal, plans
from app.services.errors import NotFoundError
from app.services.numbering import numbers_for_rows
from app.services.thai_format import date_short

# Report states on the dashboard, in the order a report goes through them.
STATES = ("not_started", "draft", "submitted", "reviewed")
STATE_LABELS = {"not_started": "ยังไม่เริ่ม", "draft": "ร่าง", "submitted": "ส่งแล้ว",
                "reviewed": "ตรวจแล้ว (ล็อก)"}


@dataclass(frozen=True)
class DueReport:
    indicator_id: int
    number: str
    name: str
    owner: str
    state: str                 # one of STATES
    report_id: int | None      # None: not started (no report yet)
    score: str = ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class DueActivity:
    plan_id: int
    plan_title: str
    item_id: int
    number: str
    title: str
    responsible: str
    done: bool | None          # None: no progress stated yet; False: stated as not done


@dataclass
class RoundDashboard:
    round_id: int
    label: str
    be_year: int
    unit_name: str
    start: dt.date
    cutoff: dt.date
    due: dt.date | None
    today: dt.date
    reports: list[DueReport] = field(default_factory=list)
    activities: list[DueActivity] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for report in self.reports:
            counts[report.state] += 1
        return counts

    @property
    def days_left(self) -> int | None:
        """Days from today to the due date; negative when overdue; None when the round has no due date."""
        return None if self.due is None else (self.due - self.today).days

    @property
    def due_text(self) -> str:
        return days_text(self.days_left)

    @property
    def month(self) -> dt.date:
        return fiscal.first_of_month(self.today)


def days_text(days: int | None) -> str:
    """"เหลือ 12 วัน", "ครบกำหนดวันนี้", "เลยกำหนด 3 วัน"; "ไม่ได้กำหนดวันส่ง" without a due date."""
    if days is None:
        return "ไม่ได้กำหนดวันส่ง"
    if days > 0:
        return f"เหลือ {days:,} วัน"
    if days == 0:
        return "ครบกำหนดวันนี้"
    return f"เลยกำหนด {-days:,} วัน"


def round_dashboard(session: Session, round_id: int, today: dt.date) -> RoundDashboard:
    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        raise NotFoundError("ไม่พบรอบการรายงานนี้ (อาจถูกลบไปแล้ว)")
    agreement = session.get(Agreement, round_.agreement_id)
    be_year = agreement.fiscal_year.be_year
    board = RoundDashboard(round_id=round_.id, label=round_.label, be_year=be_year, unit_name=agreement.unit.name,
                           start=round_.start, cutoff=round_.cutoff, due=round_.due, today=today)
    board.reports = due_reports(session, round_)
    board.activities = activities_due(session, be_year, today)
    return board


def due_reports(session: Session, round_: EvaluationRound) -> list[DueReport]:
    """Every indicator of the round's agreement with the state of its report for this round."""
    reports = {r.indicator_id: r for r in session.scalars(select(RoundReport)
                                                          .where(RoundReport.round_id == round_.id))}
    data = agreements.load_agreement(session, round_.agreement_id)
    out = []
    for indicator in data.indicators:
        report = reports.get(indicator.id)
        out.append(DueReport(indicator.id, indicator.number, indicator.name, indicator.owner_unit,
                             report.state if report is not None else "not_started",
                             report.id if report is not None else None,
                             report.score if report is not None else ""))
    return out


def activities_due(session: Session, be_year: int, today: dt.date) -> list[DueActivity]:
    """Plan items of the fiscal year's plans marked for today's month whose progress is not done."""
    month = fiscal.first_of_month(today)
    rows = session.execute(
        select(Plan.id, Plan.title, PlanItem.id, PlanItemProgress.done)
        .join(PlanItem, PlanItem.plan_id == Plan.id)
        .join(PlanItemMonth, PlanItemMonth.item_id == PlanItem.id)
        .outerjoin(PlanItemProgress, PlanItemProgress.item_id == PlanItem.id)
        .join(FiscalYear, FiscalYear.id == Plan.fiscal_year_id)
        .where(PlanItemMonth.month == month, FiscalYear.be_year == be_year)).all()
    pending = [(plan_id, title, item_id, done) for plan_id, title, item_id, done in rows if done is not True]
    out: list[DueActivity] = []
    for plan_id in dict.fromkeys(p for p, *_ in pending):
        plan_rows = plans.load_rows(session, plan_id)
        numbers = numbers_for_rows(plan_rows)
        by_id = {r.id: r for r in plan_rows}
        wanted = {item_id: done for p, _t, item_id, done in pending if p == plan_id}
        plan_title = next(t for p, t, *_ in pending if p == plan_id)
        for row in plan_rows:   # in the plan's own reading order
            if row.id in wanted:
                out.append(DueActivity(plan_id, plan_title, row.id, numbers.get(row.id, ""), by_id[row.id].title,
                                       row.responsible, wanted[row.id]))
    return out


def summary_line(board: RoundDashboard) -> str:
    """One line for a status bar or a heading."""
    counts = board.counts
    parts = [f"{STATE_LABELS[s]} {counts[s]:,}" for s in STATES]
    due = f"ส่งภายใน {date_short(board.due)} ({board.due_text})" if board.due else board.due_text
    return f"{board.label}: {len(board.reports):,} รายงาน — " + " · ".join(parts) + f" · {due}"
