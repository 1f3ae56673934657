"""The round summary for the executives: every indicator's weight, result, score and weighted score,
the total, and the same figures of the previous round beside them (issue 5, "Round summary").

A handful of queries whatever the number of indicators: the framework, the reports of both rounds
and the decided appeals are read in bulk (200 indicators ≤ 0.1 s, bench/bench_round_summary.py).
Scores come from the reports as the scoring engine stored them; an indicator without a report or
without a score yet is said to be so and is counted, never taken as 0.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (Agreement, Appeal, EvaluationRound, FiscalYear, FrameworkCategory, Indicator, OrgUnit,
                        RoundReport)
from app.services import rounds as rounds_service
from app.services import scoring
from app.services.errors import NotFoundError

NO_REPORT = "none"
STATE_LABELS = {NO_REPORT: "ยังไม่มีรายงาน", "draft": "ร่าง", "submitted": "ส่งแล้ว", "reviewed": "ตรวจแล้ว"}
DECIDED = ("accepted", "partly")


@dataclass(frozen=True)
class RoundFigures:
    """One indicator's figures in one round."""

    state: str                      # NO_REPORT, draft, submitted, reviewed
    result: str = ""
    score: Decimal | None = None    # the score as reported (None: no score yet)
    weighted: Decimal | None = None
    score_after: Decimal | None = None      # after a decided appeal (accepted / partly)
    weighted_after: Decimal | None = None

    @property
    def final_score(self) -> Decimal | None:
        return self.score_after if self.score_after is not None else self.score

    @property
    def final_weighted(self) -> Decimal | None:
        return self.weighted_after if self.weighted_after is not None else self.weighted

    @property
    def missing(self) -> str:
        """Why there is no score, in Thai; "" when there is one."""
        if self.state == NO_REPORT:
            return "ยังไม่มีรายงาน"
        return "" if self.score is not None else "ยังไม่มีคะแนน"


@dataclass(frozen=True)
class SummaryRow:
    indicator_id: int
    number: str
    name: str
    category: str
    weight: Decimal
    scale_max: Decimal
    report_id: int | None
    current: RoundFigures
    previous: RoundFigures | None   # None: there is no previous round

    @property
    def change(self) -> Decimal | None:
        """This round's (final) score minus the previous round's; None when either is missing."""
        if self.previous is None or self.current.final_score is None or self.previous.final_score is None:
            return None
        return scoring.round4(self.current.final_score - self.previous.final_score)


@dataclass
class RoundSummary:
    round_id: int
    label: str
    start: dt.date
    cutoff: dt.date
    agreement_id: int
    be_year: int
    unit_name: str
    parent_unit_name: str | None
    previous_round_id: int | None
    previous_label: str | None
    rows: list[SummaryRow] = field(default_factory=list)

    @property
    def scale_max(self) -> Decimal:
        """5 on the 1–5 scale, 100 when any indicator scores 50/75/100 or as a percentage."""
        return max((r.scale_max for r in self.rows), default=Decimal(5))

    @property
    def total_weight(self) -> Decimal:
        return sum((r.weight for r in self.rows), Decimal(0))

    @property
    def total(self) -> Decimal:
        """The sum of the weighted scores (after appeals), 4 decimals like scoring.weighted."""
        return scoring.total(r.current.final_weighted for r in self.rows if r.current.final_weighted is not None)

    @property
    def total_before_appeal(self) -> Decimal:
        return scoring.total(r.current.weighted for r in self.rows if r.current.weighted is not None)

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.current.final_score is None)

    @property
    def previous_total(self) -> Decimal | None:
        if self.previous_round_id is None:
            return None
        return scoring.total(r.previous.final_weighted for r in self.rows
                             if r.previous is not None and r.previous.final_weighted is not None)

    @property
    def previous_missing(self) -> int | None:
        if self.previous_round_id is None:
            return None
        return sum(1 for r in self.rows if r.previous is None or r.previous.final_score is None)

    @property
    def total_change(self) -> Decimal | None:
        previous = self.previous_total
        return None if previous is None else scoring.round4(self.total - previous)

    def total_note(self) -> str:
        """"ยังไม่มีคะแนน 3 จาก 20 ตัวชี้วัด — คะแนนรวมนับเฉพาะที่มีคะแนน" or ""."""
        if not self.missing:
            return ""
        return (f"ยังไม่มีคะแนน {self.missing} จาก {len(self.rows)} ตัวชี้วัด — "
                "คะแนนรวมนับเฉพาะตัวชี้วัดที่มีคะแนนแล้ว")


def scale_of(scheme: dict | None) -> Decimal:
    """The highest score an indicator's scheme gives (5, or 100 for 50/75/100 and percentages)."""
    scheme = scheme or {}
    kind = scheme.get("type", "levels")
    if kind == "percent":
        return scoring.HUNDRED
    points = [level.get("points") for level in scheme.get("levels") or [] if level.get("points") is not None]
    if points:
        try:
            return scoring.decimal(points[-1])
        except Exception:  # a half-typed scheme: fall back on the usual scale
            pass
    return Decimal(100) if kind == "three_levels" else Decimal(5)


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _figures(report: RoundReport | None, appeal_after: Decimal | None, weight: Decimal) -> RoundFigures:
    if report is None:
        return RoundFigures(NO_REPORT)
    score, weighted = _number(report.score), _number(report.weighted)
    after = weighted_after = None
    if appeal_after is not None and score is not None:
        after, weighted_after = scoring.round4(appeal_after), scoring.weighted(appeal_after, weight)
    result = report.result
    if not result and report.steps_done:  # levels in words: the result is the level reached
        result = f"ระดับ {scoring.milestone_level(bool(s) for s in report.steps_done)}"
    return RoundFigures(report.state, result, score, weighted, after, weighted_after)


def summarize(session: Session, round_id: int) -> RoundSummary:
    """Every indicator of the round's agreement in framework order, with this and the previous round."""
    head = session.execute(
        select(EvaluationRound, FiscalYear.be_year, OrgUnit)
        .join(Agreement, Agreement.id == EvaluationRound.agreement_id)
        .join(FiscalYear, FiscalYear.id == Agreement.fiscal_year_id)
        .join(OrgUnit, OrgUnit.id == Agreement.unit_id)
        .where(EvaluationRound.id == round_id)).first()
    if head is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    round_, be_year, unit = head
    previous_id = rounds_service.previous_round(session, round_id)
    previous_label = session.scalar(select(EvaluationRound.label).where(EvaluationRound.id == previous_id)) \
        if previous_id is not None else None
    indicators = session.execute(
        select(Indicator.id, Indicator.number, Indicator.name, Indicator.weight, Indicator.scheme,
               FrameworkCategory.name)
        .join(FrameworkCategory, FrameworkCategory.id == Indicator.category_id)
        .where(Indicator.agreement_id == round_.agreement_id)
        .order_by(FrameworkCategory.position, Indicator.position, Indicator.id)).all()
    round_ids = [round_id] + ([previous_id] if previous_id is not None else [])
    reports: dict[tuple[int, int], RoundReport] = {
        (r.round_id, r.indicator_id): r
        for r in session.scalars(select(RoundReport).where(RoundReport.round_id.in_(round_ids)))}
    after: dict[int, Decimal] = {}
    # The latest decision counts (an appeal decided again replaces the earlier one).
    for report_id, score_after in session.execute(
            select(Appeal.report_id, Appeal.score_after)
            .join(RoundReport, RoundReport.id == Appeal.report_id)
            .where(RoundReport.round_id.in_(round_ids), Appeal.state.in_(DECIDED), Appeal.score_after.isnot(None))
            .order_by(Appeal.decided_on, Appeal.id)):
        after[report_id] = score_after
    rows = []
    for indicator_id, number, name, weight, scheme, category in indicators:
        report = reports.get((round_id, indicator_id))
        current = _figures(report, after.get(report.id) if report else None, weight)
        previous = None
        if previous_id is not None:
            old = reports.get((previous_id, indicator_id))
            previous = _figures(old, after.get(old.id) if old else None, weight)
        rows.append(SummaryRow(indicator_id, number, name, category, weight, scale_of(scheme),
                               report.id if report else None, current, previous))
    parent = unit.parent.name if unit.parent_id is not None else None
    return RoundSummary(round_id, round_.label, round_.start, round_.cutoff, round_.agreement_id, be_year,
                        unit.name, parent, previous_id, previous_label, rows)


def signed(value: Decimal | None, places: int = 2) -> str:
    """"+0.25", "−1.50", "0.00", "+0.4583" (at least `places` decimals, up to 4); "-" when unknown."""
    if value is None:
        return "-"
    text = f"{abs(value).quantize(Decimal('0.0001')):,.4f}"
    while text.endswith("0") and len(text.rsplit(".", 1)[1]) > places:
        text = text[:-1]
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text
