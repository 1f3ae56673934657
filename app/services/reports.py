"""Round reports (รายงานผลตัวชี้วัด): filled by the indicator's owner, scored as they type,
submitted, then reviewed and locked by the planning office. Every change is in the audit log.

States: draft → submitted → reviewed (locked). A locked report is read-only; reopening needs a
reason, which is recorded.
"""
from __future__ import annotations

import datetime as dt
import getpass
import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, EvaluationRound, Indicator, ReportEvidence, RoundReport
from app.services import agreements, scoring
from app.services.errors import NotFoundError, ValidationError

TEXT_FIELDS = ("result", "numerator", "denominator", "actions", "supporting_factors", "obstacles", "suggestions",
               "preparer_name", "preparer_position")
LIST_FIELDS = ("parts", "steps_done", "levels_done")
STATE_LABELS = {"draft": "ร่าง", "submitted": "ส่งแล้ว", "reviewed": "ตรวจแล้ว (ล็อก)"}
_NUMBER = re.compile(r"^[\s0-9๐-๙.,+-]+$")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account, a container): still record something
        return "unknown"


def audit(session: Session, entity: str, entity_id: int, action: str, **detail) -> None:
    session.add(AuditEntry(at=dt.datetime.now().replace(microsecond=0), user=current_user(), entity=entity,
                           entity_id=entity_id, action=action, detail=_jsonable(detail)))


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (Decimal, dt.date)):
        return str(value)
    return value


@dataclass(frozen=True)
class ReportScore:
    score: Decimal | None     # None: the result is not known yet ("ทราบผล เดือน ก.ย. 66")
    weighted: Decimal | None
    result: Decimal | None    # the number scored (after a formula or a composite mean)


def _indicator(session: Session, indicator_id: int) -> agreements.IndicatorData:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFoundError("ไม่พบตัวชี้วัดนี้ (อาจถูกลบไปแล้ว)")
    data = agreements.load_agreement(session, indicator.agreement_id)
    return next(i for i in data.indicators if i.id == indicator_id)


def compute(indicator: agreements.IndicatorData, report: RoundReport) -> ReportScore:
    """The report's score by the indicator's scheme; words instead of a number mean "no score yet"."""
    scheme = indicator.scheme or {}
    kind = scheme.get("type", "levels")
    if kind == "milestones" or scheme.get("numeric") is False:
        if not report.steps_done:
            return ReportScore(None, None, None)
        scored = agreements.score_indicator(indicator, steps_done=[bool(s) for s in report.steps_done],
                                            deduct=report.deduct)
        return ReportScore(scored.score, scored.weighted, None)
    if report.numerator or report.denominator:
        value = scoring.ratio(report.numerator, report.denominator)
    elif kind == "composite" and report.parts:
        value = scoring.composite(report.parts)
    elif report.result and _NUMBER.match(report.result):
        value = scoring.decimal(report.result, "ผลการดำเนินงาน")
    else:
        return ReportScore(None, None, None)
    scored = agreements.score_indicator(indicator, result=value, deduct=report.deduct)
    return ReportScore(scored.score, scored.weighted, value)


def get_or_create(session: Session, indicator_id: int, round_id: int) -> int:
    report = session.scalar(select(RoundReport).where(RoundReport.indicator_id == indicator_id,
                                                      RoundReport.round_id == round_id))
    if report is not None:
        return report.id
    indicator = session.get(Indicator, indicator_id)
    round_ = session.get(EvaluationRound, round_id)
    if indicator is None or round_ is None or round_.agreement_id != indicator.agreement_id:
        raise ValidationError("รอบนี้ไม่ใช่รอบของคำรับรองที่ตัวชี้วัดนี้อยู่")
    report = RoundReport(indicator_id=indicator_id, round_id=round_id)
    session.add(report)
    session.flush()
    audit(session, "report", report.id, "create", indicator=indicator.number, round=round_.label)
    return report.id


def _report(session: Session, report_id: int) -> RoundReport:
    report = session.get(RoundReport, report_id)
    if report is None:
        raise NotFoundError("ไม่พบรายงานนี้ (อาจถูกลบไปแล้ว)")
    return report


def update(session: Session, report_id: int, **fields) -> ReportScore:
    """Change fields of a report that is not locked; the score is computed again and stored."""
    report = _report(session, report_id)
    if report.state == "reviewed":
        raise ValidationError("รายงานนี้ตรวจแล้วและถูกล็อก — ต้องเปิดแก้ไขพร้อมระบุเหตุผลก่อน")
    before = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        elif name in LIST_FIELDS:
            value = list(value or [])
        elif name == "budget_disbursed":
            from app.services.money import parse_budget
            value = value if value is None or isinstance(value, Decimal) else parse_budget(value)
        elif name == "prepared_on":
            if value is not None and not isinstance(value, dt.date):
                raise ValidationError("วันที่จัดทำข้อมูลไม่ถูกต้อง")
        elif name == "deduct":
            value = bool(value)
        else:
            raise ValidationError(f"ไม่มีช่องชื่อ “{name}” ในรายงาน")
        before[name] = getattr(report, name)
        setattr(report, name, value)
    scored = compute(_indicator(session, report.indicator_id), report)  # refuses bad numbers in Thai
    report.score = "" if scored.score is None else str(scored.score)
    report.weighted = "" if scored.weighted is None else str(scored.weighted)
    session.flush()
    audit(session, "report", report.id, "update", before=before, after=fields, score=report.score)
    return scored


def _move(session: Session, report_id: int, allowed: tuple[str, ...], target: str, action: str,
          refusal: str, **detail) -> None:
    report = _report(session, report_id)
    if report.state not in allowed:
        raise ValidationError(refusal.format(state=STATE_LABELS[report.state]))
    report.state = target
    session.flush()
    audit(session, "report", report.id, action, **detail)


def submit(session: Session, report_id: int) -> None:
    _move(session, report_id, ("draft",), "submitted", "submit", "ส่งรายงานได้เฉพาะรายงานที่เป็นร่าง (ตอนนี้: {state})")


def review(session: Session, report_id: int) -> None:
    """The planning office has checked it: locked."""
    _move(session, report_id, ("submitted",), "reviewed", "review",
          "ตรวจรายงานได้เมื่อส่งแล้วเท่านั้น (ตอนนี้: {state})")


def reopen(session: Session, report_id: int, reason: str) -> None:
    if not reason or not reason.strip():
        raise ValidationError("การเปิดรายงานที่ตรวจแล้วต้องระบุเหตุผล")
    _move(session, report_id, ("reviewed", "submitted"), "draft", "reopen",
          "เปิดแก้ไขได้เฉพาะรายงานที่ส่งหรือตรวจแล้ว (ตอนนี้: {state})", reason=reason.strip())


def add_evidence(session: Session, report_id: int, title: str, reference: str = "", dated: dt.date | None = None,
                 link: str = "") -> int:
    report = _report(session, report_id)
    if report.state == "reviewed":
        raise ValidationError("รายงานนี้ตรวจแล้วและถูกล็อก — ต้องเปิดแก้ไขพร้อมระบุเหตุผลก่อน")
    if not title.strip():
        raise ValidationError("กรุณาระบุชื่อหลักฐาน")
    link = link.strip()
    if link and not re.match(r"^(https?://|www\.)", link):
        raise ValidationError(f"ลิงก์ “{link}” ต้องขึ้นต้นด้วย http:// หรือ https://")
    position = len(session.scalars(select(ReportEvidence.id).where(ReportEvidence.report_id == report_id)).all())
    evidence = ReportEvidence(report_id=report_id, position=position, title=title.strip(), reference=reference.strip(),
                              dated=dated, link=link)
    session.add(evidence)
    session.flush()
    audit(session, "report", report_id, "add_evidence", title=title.strip())
    return evidence.id


def history(session: Session, report_id: int) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == "report",
                                                         AuditEntry.entity_id == report_id)
                                .order_by(AuditEntry.at, AuditEntry.id)))
