"""Appeals (อุทธรณ์) of round scores, seed 003: a unit asks for another score on one indicator
before the round's deadline; the indicator's owner decides, and the post-appeal score
(คะแนนหลังการอุทธรณ์) is what the summary and the announcement use. Every change is audited.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Appeal, EvaluationRound, Indicator, RoundReport
from app.services import scoring
from app.services.errors import NotFoundError, ValidationError
from app.services.reports import audit
from app.services.round_summary import scale_of
from app.services.thai_format import date_long

STATES = ("pending", "accepted", "partly", "rejected")
STATE_LABELS = {"pending": "รอพิจารณา", "accepted": "รับอุทธรณ์", "partly": "รับอุทธรณ์บางส่วน",
                "rejected": "ไม่รับอุทธรณ์"}
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class AppealData:
    id: int
    report_id: int
    indicator_id: int
    indicator_number: str
    indicator_name: str
    evaluation_unit: str
    score_given: Decimal | None
    given_reason: str
    score_asked: Decimal | None
    explanation: str
    filed_on: dt.date | None
    state: str
    decision: str
    decided_on: dt.date | None
    score_after: Decimal | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


def _be(d: dt.date) -> str:
    return date_long(d, thai=False)


def _score(value, what: str, maximum: Decimal) -> Decimal:
    number = scoring.decimal(value, what)
    if number != number.quantize(HUNDREDTH):
        raise ValidationError(f"{what} {number} มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
    scoring.check_range(number, Decimal(0), maximum, what)
    return number.quantize(HUNDREDTH)


def _report_context(session: Session, report_id: int) -> tuple[RoundReport, Indicator, EvaluationRound]:
    report = session.get(RoundReport, report_id)
    if report is None:
        raise NotFoundError("ไม่พบรายงานนี้ (อาจถูกลบไปแล้ว)")
    return report, session.get(Indicator, report.indicator_id), session.get(EvaluationRound, report.round_id)


def file_appeal(session: Session, report_id: int, score_asked, explanation: str, evaluation_unit: str = "",
                given_reason: str = "", filed_on: dt.date | None = None) -> int:
    """Record a unit's appeal against a report's score; the score given is the report's own."""
    report, indicator, round_ = _report_context(session, report_id)
    filed_on = filed_on or dt.date.today()
    where = f"ตัวชี้วัดที่ {indicator.number} ({round_.label})"
    if not report.score:
        raise ValidationError(f"{where} ยังไม่มีคะแนน จึงยังอุทธรณ์ไม่ได้")
    if round_.appeal_deadline is not None and filed_on > round_.appeal_deadline:
        raise ValidationError(f"{where}: พ้นกำหนดอุทธรณ์แล้ว — รับอุทธรณ์ถึงวันที่ {_be(round_.appeal_deadline)} "
                              f"(ยื่นวันที่ {_be(filed_on)})")
    if not (explanation or "").strip():
        raise ValidationError(f"{where}: กรุณาระบุคำอธิบายเหตุผล/คำชี้แจงเพื่ออุทธรณ์")
    maximum = scale_of(indicator.scheme)
    asked = _score(score_asked, "คะแนนที่อุทธรณ์", maximum)
    given = Decimal(report.score).quantize(HUNDREDTH)
    if asked == given:
        raise ValidationError(f"{where}: คะแนนที่อุทธรณ์ ({asked}) เท่ากับคะแนนที่ได้รับ")
    appeal = Appeal(report_id=report_id, evaluation_unit=(evaluation_unit or "").strip(), score_given=given,
                    given_reason=(given_reason or "").strip(), score_asked=asked,
                    explanation=explanation.strip(), filed_on=filed_on, state="pending", decision="")
    session.add(appeal)
    session.flush()
    audit(session, "appeal", appeal.id, "file", report=report_id, indicator=indicator.number,
          score_given=given, score_asked=asked)
    return appeal.id


def _appeal(session: Session, appeal_id: int) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFoundError("ไม่พบคำอุทธรณ์นี้ (อาจถูกลบไปแล้ว)")
    return appeal


def update_appeal(session: Session, appeal_id: int, **fields) -> None:
    """Change what was asked while the appeal waits for a decision."""
    appeal = _appeal(session, appeal_id)
    if appeal.state != "pending":
        raise ValidationError("คำอุทธรณ์นี้พิจารณาแล้ว — แก้ไขไม่ได้")
    _, indicator, _ = _report_context(session, appeal.report_id)
    before = {}
    for name, value in fields.items():
        if name in ("evaluation_unit", "given_reason", "explanation"):
            value = (value or "").strip()
            if name == "explanation" and not value:
                raise ValidationError("กรุณาระบุคำอธิบายเหตุผล/คำชี้แจงเพื่ออุทธรณ์")
        elif name == "score_asked":
            value = _score(value, "คะแนนที่อุทธรณ์", scale_of(indicator.scheme))
        elif name == "filed_on":
            if not isinstance(value, dt.date):
                raise ValidationError("วันที่ยื่นอุทธรณ์ไม่ถูกต้อง")
        else:
            raise ValidationError(f"ไม่มีช่องชื่อ “{name}” ในคำอุทธรณ์")
        before[name] = getattr(appeal, name)
        setattr(appeal, name, value)
    session.flush()
    audit(session, "appeal", appeal.id, "update", before=before, after=fields)


def decide(session: Session, appeal_id: int, state: str, decision: str = "", score_after=None,
           decided_on: dt.date | None = None) -> None:
    """The decision: accepted or partly (with the post-appeal score) or rejected (the score stands)."""
    appeal = _appeal(session, appeal_id)
    _, indicator, _ = _report_context(session, appeal.report_id)
    if state not in STATES or state == "pending":
        raise ValidationError("ผลการพิจารณาต้องเป็น รับอุทธรณ์ รับอุทธรณ์บางส่วน หรือไม่รับอุทธรณ์")
    decided_on = decided_on or dt.date.today()
    if appeal.filed_on is not None and decided_on < appeal.filed_on:
        raise ValidationError(f"วันที่พิจารณา ({_be(decided_on)}) อยู่ก่อนวันที่ยื่นอุทธรณ์ ({_be(appeal.filed_on)})")
    after = None
    if state in ("accepted", "partly"):
        if score_after is None or str(score_after).strip() == "":
            raise ValidationError(f"ตัวชี้วัดที่ {indicator.number}: {STATE_LABELS[state]}ต้องระบุคะแนนหลังการอุทธรณ์")
        after = _score(score_after, "คะแนนหลังการอุทธรณ์", scale_of(indicator.scheme))
    before = dict(state=appeal.state, score_after=appeal.score_after)
    appeal.state, appeal.decision = state, (decision or "").strip()
    appeal.decided_on, appeal.score_after = decided_on, after
    session.flush()
    audit(session, "appeal", appeal.id, "decide", before=before, state=state, score_after=after,
          decision=appeal.decision)


def reopen(session: Session, appeal_id: int) -> None:
    """Back to waiting (a decision entered by mistake); the earlier decision stays in the audit log."""
    appeal = _appeal(session, appeal_id)
    before = dict(state=appeal.state, score_after=appeal.score_after, decision=appeal.decision)
    appeal.state, appeal.decision, appeal.decided_on, appeal.score_after = "pending", "", None, None
    session.flush()
    audit(session, "appeal", appeal.id, "reopen", before=before)


def delete_appeal(session: Session, appeal_id: int) -> None:
    appeal = _appeal(session, appeal_id)
    audit(session, "appeal", appeal.id, "delete", report=appeal.report_id, score_asked=appeal.score_asked)
    session.delete(appeal)
    session.flush()


def list_appeals(session: Session, round_id: int) -> list[AppealData]:
    """The round's appeals in framework order of their indicators, then as filed."""
    rows = session.execute(
        select(Appeal, Indicator.id, Indicator.number, Indicator.name)
        .join(RoundReport, RoundReport.id == Appeal.report_id)
        .join(Indicator, Indicator.id == RoundReport.indicator_id)
        .where(RoundReport.round_id == round_id)
        .order_by(Indicator.position, Appeal.filed_on, Appeal.id)).all()
    return [AppealData(a.id, a.report_id, indicator_id, number, name, a.evaluation_unit, a.score_given,
                       a.given_reason, a.score_asked, a.explanation, a.filed_on, a.state, a.decision, a.decided_on,
                       a.score_after)
            for a, indicator_id, number, name in rows]


def set_round_dates(session: Session, round_id: int, announced_on: dt.date | None,
                    appeal_deadline: dt.date | None) -> None:
    """When the scores were announced and until when appeals are accepted."""
    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    if announced_on is not None and announced_on < round_.start:
        raise ValidationError(f"{round_.label}: วันประกาศคะแนน ({_be(announced_on)}) อยู่ก่อนวันเริ่มรอบ "
                              f"({_be(round_.start)})")
    if announced_on is not None and appeal_deadline is not None and appeal_deadline < announced_on:
        raise ValidationError(f"{round_.label}: กำหนดอุทธรณ์ ({_be(appeal_deadline)}) อยู่ก่อนวันประกาศคะแนน "
                              f"({_be(announced_on)})")
    before = dict(announced_on=round_.announced_on, appeal_deadline=round_.appeal_deadline)
    round_.announced_on, round_.appeal_deadline = announced_on, appeal_deadline
    session.flush()
    audit(session, "round", round_.id, "dates", before=before, announced_on=announced_on,
          appeal_deadline=appeal_deadline)
