"""Round reports (รายงานผลตัวชี้วัด, seed 001): filled by the indicator's owner, scored as they type,
submitted, then reviewed and locked by the planning office. Every change is in the audit log.

States: draft → submitted → reviewed (locked). A locked report is read-only; reopening needs a
reason, which is recorded.

What a result may be (numeric schemes): a number ("97.5", "๙๗.๕", "1,250", "97.5 %", "ร้อยละ 97.5",
or the number followed/preceded by the indicator's unit of measure), or words saying the result is
not known yet — text that STARTS with one of NOT_YET ("ทราบผล เดือน ก.ย. 66", "รอผลการประเมิน",
"อยู่ระหว่างรวบรวมข้อมูล", "ยังไม่ได้รับผล"): no score until a number is typed. Anything else
("ดีมาก", "97.5 คน" for a ร้อยละ indicator, "1-2") is refused; words are never half-parsed for a
number inside them. Schemes scored by steps (milestones, levels described in words) take their
score from the steps ticked; their result text is a free note.

Range: no negative results; a percentage (unit ร้อยละ, or the "percent" scheme) at most 100; no
more steps ticked than the indicator has levels; no more level texts than levels.

Every change is checked on a copy first and applied only when it is valid, so a refused edit
leaves the report exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (AuditEntry, EvaluationRound, Indicator, ReportAttachment, ReportEvidence, RoundReport)
from app.services import agreements, scoring, versions
from app.services.errors import NotFoundError, ValidationError

TEXT_FIELDS = ("result", "numerator", "denominator", "actions", "supporting_factors", "obstacles", "suggestions",
               "preparer_name", "preparer_position")
LIST_FIELDS = ("parts", "steps_done", "levels_done", "round_steps")
STATE_LABELS = {"draft": "ร่าง", "submitted": "ส่งแล้ว", "reviewed": "ตรวจแล้ว (ล็อก)"}
NOT_STARTED = "ยังไม่เริ่ม"
NOT_YET = ("ทราบผล", "รอผล", "รอการ", "รอข้อมูล", "รอ ", "อยู่ระหว่าง", "ยังไม่")
PERCENT_UNITS = ("ร้อยละ", "%")
LOCKED = "รายงานนี้ตรวจแล้วและถูกล็อก — ต้องเปิดแก้ไขพร้อมระบุเหตุผลก่อน"
# Thai names of the report's fields, as seed 001's headings call them (messages and the history).
FIELD_NAMES = {
    "result": "ผลการดำเนินงาน", "numerator": "ตัวตั้ง", "denominator": "ตัวหาร",
    "parts": "ผลของกิจกรรมย่อย", "steps_done": "ขั้นตอน/ระดับที่ทำได้", "deduct": "การหักคะแนนของรอบ",
    "levels_done": "ข้อมูลผลการดำเนินงาน", "actions": "คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ",
    "supporting_factors": "ปัจจัยสนับสนุนต่อการดำเนินงาน", "obstacles": "อุปสรรคต่อการดำเนินงาน",
    "suggestions": "ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป", "budget_disbursed": "ผลการเบิกจ่ายงบประมาณ",
    "preparer_name": "ชื่อผู้จัดทำข้อมูล", "preparer_position": "ตำแหน่งผู้จัดทำข้อมูล",
    "prepared_on": "วันที่จัดทำข้อมูล", "round_steps": "ขั้นตอนของรอบที่ดำเนินการแล้ว",
    "title": "ชื่อหลักฐาน", "reference": "เลขที่หนังสือ", "dated": "ลงวันที่", "link": "ลิงก์",
}
_THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


LOGIN_ENV = "PLANDESK_USER"   # overrides the OS login (tests; a shared Windows account)


def current_user() -> str:
    login = os.environ.get(LOGIN_ENV, "").strip()
    if login:
        return login
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


# ---- plain data for the screen and the PDF --------------------------------------------------
@dataclass(frozen=True)
class ReportScore:
    score: Decimal | None     # None: the result is not known yet ("ทราบผล เดือน ก.ย. 66")
    weighted: Decimal | None
    result: Decimal | None    # the number scored (after a formula or a composite mean; the level for steps)


@dataclass(frozen=True)
class EvidenceData:
    id: int
    position: int
    title: str
    reference: str
    dated: dt.date | None
    link: str


@dataclass(frozen=True)
class AttachmentData:
    id: int
    position: int
    file_name: str
    title: str
    size: int
    sha256: str
    added_at: dt.datetime
    added_by: str


@dataclass(frozen=True)
class ReportView:
    """Everything the report screen and the printed form show, as plain data."""

    id: int | None                                    # None: not started yet (blank_report)
    state: str                                        # "draft", "submitted", "reviewed"; "" when not started
    state_label: str
    indicator: agreements.IndicatorData
    agreement_id: int
    unit_name: str
    be_year: int
    category: str                                     # the framework category the indicator is under
    round: agreements.RoundData
    rounds: tuple[agreements.RoundData, ...]          # all rounds of the agreement (the form's checkboxes)
    round_target: agreements.RoundTargetData | None   # this indicator's goal and steps for this round
    mode: str                                         # "steps", "number", "composite" or "percent"
    step_labels: tuple[str, ...]                      # what each tickable step/level is
    criteria: tuple[tuple[str, str], ...]             # (level, criterion) of เกณฑ์การให้คะแนน
    result: str
    numerator: str
    denominator: str
    parts: tuple
    steps_done: tuple[bool, ...]
    deduct: bool
    levels_done: tuple[str, ...]
    actions: str
    supporting_factors: str
    obstacles: str
    suggestions: str
    budget_disbursed: Decimal | None
    preparer_name: str
    preparer_position: str
    prepared_on: dt.date | None
    score: Decimal | None
    weighted: Decimal | None
    scored_result: Decimal | None                     # the number the score came from
    evidence: tuple[EvidenceData, ...]
    attachments: tuple[AttachmentData, ...]
    round_steps: tuple[bool, ...] = ()                # which of round_target.steps are done (ticked)
    version: int = 0                                  # the row version loaded (0: not started)

    @property
    def locked(self) -> bool:
        return self.state == "reviewed"

    @property
    def result_text(self) -> str:
        """ผลการดำเนินงาน as the calculation table prints it: the scored number (the level reached for
        steps), else the words typed ("ทราบผล เดือน ก.ย. 66"), else empty."""
        if self.scored_result is not None:
            return plain(self.scored_result)
        return self.result


@dataclass(frozen=True)
class ReportRow:
    """One indicator of a round: its report (if started) and score, for the round's list."""

    indicator_id: int
    number: str
    name: str
    weight: Decimal
    owner_unit: str
    category: str
    report_id: int | None
    state: str | None
    state_label: str
    result: str
    score: Decimal | None
    weighted: Decimal | None


def plain(value: Decimal | None) -> str:
    """Decimal("5.0000") → "5", Decimal("62.5000") → "62.5"."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


# ---- the scheme of an indicator ---------------------------------------------------------------
def scheme_mode(indicator: agreements.IndicatorData) -> str:
    """How a report of this indicator is filled: ticking steps, a number, sub-activity parts, a percentage."""
    scheme = indicator.scheme or {}
    kind = scheme.get("type", "levels")
    if kind == "milestones" or scheme.get("numeric") is False:
        return "steps"
    if kind in ("composite", "percent"):
        return kind
    return "number"


def step_labels(indicator: agreements.IndicatorData) -> tuple[str, ...]:
    """The levels a report ticks, in order (their criteria, or "ระดับ n" when a level has none)."""
    levels = (indicator.scheme or {}).get("levels") or []
    out = []
    for index, level in enumerate(levels, start=1):
        target = str(level.get("target") or "").strip()
        label = str(level.get("label") or level.get("points") or index).strip()
        out.append(f"ระดับ {label}: {target}" if target and target != "-" else f"ระดับ {label}")
    return tuple(out)


def _step_count(indicator: agreements.IndicatorData) -> int:
    levels = (indicator.scheme or {}).get("levels") or []
    return len(levels) or len(scoring.SCALE_1_5)


def criteria_rows(indicator: agreements.IndicatorData) -> tuple[tuple[str, str], ...]:
    """(level, criterion) rows of เกณฑ์การให้คะแนน; an empty criterion prints "-" as in seed 001."""
    rows = []
    levels = (indicator.scheme or {}).get("levels") or []
    unit = (indicator.unit_of_measure or "").strip()
    numeric = (indicator.scheme or {}).get("numeric", True) is not False
    for index, level in enumerate(levels, start=1):
        label = str(level.get("label") or level.get("points") or index).strip()
        target = "" if level.get("target") is None else str(level.get("target")).strip()
        if target and numeric and unit and _number(target) is not None:
            target = f"{unit} {target}" if unit in PERCENT_UNITS else f"{target} {unit}"
        rows.append((label, target or "-"))
    if not rows and indicator.criteria_text.strip():
        rows = [("", indicator.criteria_text.strip())]
    return tuple(rows)


def _is_percent(indicator: agreements.IndicatorData) -> bool:
    return ((indicator.unit_of_measure or "").strip() in PERCENT_UNITS
            or (indicator.scheme or {}).get("type") == "percent")


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.translate(_THAI_TO_ARABIC).replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_result(indicator: agreements.IndicatorData, text: str) -> Decimal | None:
    """The number in a typed result, None when empty or "not known yet"; refuses anything else."""
    raw = (text or "").strip()
    if not raw:
        return None
    core = raw.translate(_THAI_TO_ARABIC)
    unit = (indicator.unit_of_measure or "").strip()
    for word in dict.fromkeys(w for w in (unit, "ร้อยละ" if _is_percent(indicator) else "") if w):
        core = core.removeprefix(word).strip().removesuffix(word).strip()
    if _is_percent(indicator):
        core = core.removesuffix("%").strip()
    value = _number(core)
    if value is None:
        if raw.startswith(NOT_YET):
            return None
        example = "ร้อยละ 97.5 หรือ 97.5" if _is_percent(indicator) else "97.5"
        raise ValidationError(
            f"{FIELD_NAMES['result']} “{raw}” ไม่ใช่ตัวเลข — ตัวชี้วัด “{indicator.name}” ต้องใส่ผลเป็นตัวเลข เช่น "
            f"{example} หรือเมื่อยังไม่ทราบผลให้ขึ้นต้นด้วย “ทราบผล” “รอผล” “อยู่ระหว่าง” หรือ “ยังไม่” "
            "(เช่น “ทราบผล เดือน ก.ย. 66”)")
    _check_result_range(indicator, value, FIELD_NAMES["result"], raw)
    return value


def _check_result_range(indicator: agreements.IndicatorData, value: Decimal, what: str, typed: str) -> None:
    if value < 0:
        raise ValidationError(f"{what} “{typed}” ติดลบไม่ได้ (ตัวชี้วัด “{indicator.name}”)")
    if _is_percent(indicator) and value > scoring.HUNDRED:
        raise ValidationError(f"{what} “{typed}” เกินร้อยละ 100 — ตัวชี้วัด “{indicator.name}” "
                              "มีหน่วยวัดเป็นร้อยละ จึงใส่ได้ 0 ถึง 100")


def compute(indicator: agreements.IndicatorData, report) -> ReportScore:
    """The report's score by the indicator's scheme; "not known yet" words or a half-typed
    formula give no score. Refuses (Thai ValidationError) results that are not numbers or out of range."""
    mode = scheme_mode(indicator)
    if mode == "steps":
        steps = [bool(s) for s in (report.steps_done or [])]
        if len(steps) > _step_count(indicator):
            raise ValidationError(f"{FIELD_NAMES['steps_done']}: ติ๊กได้ไม่เกิน {_step_count(indicator)} ระดับ "
                                  f"ตามเกณฑ์ของตัวชี้วัด “{indicator.name}” (ส่งมา {len(steps)} ระดับ)")
        if not steps:   # nothing reported yet; all unticked is a report of "no level reached" (0)
            return ReportScore(None, None, None)
        scored = agreements.score_indicator(indicator, steps_done=steps, deduct=report.deduct)
        return ReportScore(scored.score, scored.weighted, Decimal(scoring.milestone_level(steps)))
    numerator, denominator = (report.numerator or "").strip(), (report.denominator or "").strip()
    if numerator or denominator:
        if not (numerator and denominator):
            return ReportScore(None, None, None)   # half a formula typed so far
        value = scoring.ratio(numerator, denominator)
        _check_result_range(indicator, value, "ผลจากสูตร", f"{numerator} × 100 / {denominator} = {plain(value)}")
    elif mode == "composite" and report.parts:
        value = scoring.composite(report.parts)
    else:
        value = parse_result(indicator, report.result)
        if value is None:
            return ReportScore(None, None, None)
    scored = agreements.score_indicator(indicator, result=value, deduct=report.deduct)
    return ReportScore(scored.score, scored.weighted, value)


# ---- loading ------------------------------------------------------------------------------------
def _indicator(session: Session, indicator_id: int) -> agreements.IndicatorData:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFoundError("ไม่พบตัวชี้วัดนี้ (อาจถูกลบไปแล้ว)")
    data = agreements.load_agreement(session, indicator.agreement_id)
    return next(i for i in data.indicators if i.id == indicator_id)


def _report(session: Session, report_id: int) -> RoundReport:
    report = session.get(RoundReport, report_id)
    if report is None:
        raise NotFoundError("ไม่พบรายงานนี้ (อาจถูกลบไปแล้ว)")
    return report


def _unlocked(session: Session, report_id: int) -> RoundReport:
    report = _report(session, report_id)
    if report.state == "reviewed":
        raise ValidationError(LOCKED)
    return report


def load_report(session: Session, report_id: int) -> ReportView:
    report = _report(session, report_id)
    agreement_id = session.get(Indicator, report.indicator_id).agreement_id
    data = agreements.load_agreement(session, agreement_id)
    return _view(session, data, next(i for i in data.indicators if i.id == report.indicator_id), report.round_id,
                 report)


def blank_report(session: Session, indicator_id: int, round_id: int) -> ReportView:
    """The view of a report not started yet (id None, nothing filled): for a preview or a form to fill by hand."""
    indicator = session.get(Indicator, indicator_id)
    round_ = session.get(EvaluationRound, round_id)
    if indicator is None or round_ is None or round_.agreement_id != indicator.agreement_id:
        raise ValidationError("รอบนี้ไม่ใช่รอบของคำรับรองที่ตัวชี้วัดนี้อยู่")
    data = agreements.load_agreement(session, indicator.agreement_id)
    return _view(session, data, next(i for i in data.indicators if i.id == indicator_id), round_id, None)


def round_views(session: Session, round_id: int, indicator_ids=None) -> list[ReportView]:
    """Every indicator's report of a round in framework order (blank views where not started),
    loading the agreement once: for printing the whole round."""
    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    data = agreements.load_agreement(session, round_.agreement_id)
    by_indicator = {r.indicator_id: r for r in session.scalars(select(RoundReport)
                                                               .where(RoundReport.round_id == round_id))}
    wanted = None if indicator_ids is None else set(indicator_ids)
    return [_view(session, data, i, round_id, by_indicator.get(i.id)) for i in data.indicators
            if wanted is None or i.id in wanted]


def _view(session: Session, data: agreements.AgreementData, indicator: agreements.IndicatorData, round_id: int,
          report: RoundReport | None) -> ReportView:
    round_ = next(r for r in data.rounds if r.id == round_id)
    target = next((t for t in indicator.round_targets if t.round_id == round_id), None)
    category = next((c.name for c in data.categories if c.id == indicator.category_id), "")
    common = dict(indicator=indicator, agreement_id=data.id, unit_name=data.unit_name, be_year=data.be_year,
                  category=category, round=round_, rounds=tuple(data.rounds), round_target=target, mode=scheme_mode(indicator),
                  step_labels=step_labels(indicator), criteria=criteria_rows(indicator))
    if report is None:
        return ReportView(
            id=None, state="", state_label=NOT_STARTED, result="", numerator="", denominator="", parts=(),
            steps_done=(), deduct=False, levels_done=(), actions="", supporting_factors="", obstacles="",
            suggestions="", budget_disbursed=None, preparer_name="", preparer_position="", prepared_on=None,
            score=None, weighted=None, scored_result=None, evidence=(), attachments=(), **common)
    try:
        scored_result = compute(indicator, report).result
    except ValidationError:  # stored before a rule was tightened: show it, score it as stored
        scored_result = None
    evidence = tuple(EvidenceData(e.id, e.position, e.title, e.reference, e.dated, e.link)
                     for e in session.scalars(select(ReportEvidence).where(ReportEvidence.report_id == report.id)
                                              .order_by(ReportEvidence.position, ReportEvidence.id)))
    attachments = tuple(AttachmentData(a.id, a.position, a.file_name, a.title, a.size, a.sha256, a.added_at,
                                       a.added_by)
                        for a in session.scalars(select(ReportAttachment)
                                                 .where(ReportAttachment.report_id == report.id)
                                                 .order_by(ReportAttachment.position, ReportAttachment.id)))
    return ReportView(
        id=report.id, state=report.state, state_label=STATE_LABELS[report.state],
        result=report.result, numerator=report.numerator, denominator=report.denominator,
        parts=tuple(report.parts or ()), steps_done=tuple(bool(s) for s in report.steps_done or ()),
        deduct=bool(report.deduct), levels_done=tuple(report.levels_done or ()), actions=report.actions,
        supporting_factors=report.supporting_factors, obstacles=report.obstacles, suggestions=report.suggestions,
        budget_disbursed=report.budget_disbursed, preparer_name=report.preparer_name,
        preparer_position=report.preparer_position, prepared_on=report.prepared_on,
        score=_dec(report.score), weighted=_dec(report.weighted), scored_result=scored_result,
        evidence=evidence, attachments=attachments, round_steps=tuple(bool(s) for s in report.round_steps or ()),
        version=report.version, **common)


def round_reports(session: Session, round_id: int) -> list[ReportRow]:
    """Every indicator of the round's agreement, in framework order, with its report if started."""
    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    data = agreements.load_agreement(session, round_.agreement_id)
    reports = {r.indicator_id: r for r in session.scalars(select(RoundReport).where(RoundReport.round_id == round_id))}
    rows = []
    for category in data.categories:
        for i in category.indicators:
            r = reports.get(i.id)
            rows.append(ReportRow(
                indicator_id=i.id, number=i.number, name=i.name, weight=i.weight, owner_unit=i.owner_unit,
                category=category.name, report_id=r.id if r else None, state=r.state if r else None,
                state_label=STATE_LABELS[r.state] if r else NOT_STARTED, result=r.result if r else "",
                score=_dec(r.score) if r else None, weighted=_dec(r.weighted) if r else None))
    return rows


# ---- editing --------------------------------------------------------------------------------------
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


def _clean(indicator: agreements.IndicatorData, name: str, value):
    """A field's value as stored, or a Thai ValidationError naming the field and what was typed."""
    what = FIELD_NAMES.get(name, name)
    if name in TEXT_FIELDS:
        if value is not None and not isinstance(value, str):
            value = str(value)
        return (value or "").strip()
    if name in LIST_FIELDS:
        if value is not None and not isinstance(value, (list, tuple)):
            raise ValidationError(f"{what} ต้องเป็นรายการ")
        value = list(value or [])
        if name in ("steps_done", "round_steps"):
            return [bool(v) for v in value]
        if name == "levels_done":
            value = [str(v or "").strip() for v in value]
            while value and not value[-1]:
                value.pop()
            limit = len((indicator.scheme or {}).get("levels") or [])
            if limit and len(value) > limit:
                raise ValidationError(f"{what}: มีได้ไม่เกิน {limit} ระดับตามเกณฑ์ของตัวชี้วัด “{indicator.name}” "
                                      f"(ส่งมา {len(value)} ระดับ)")
            return value
        parts = []
        for index, part in enumerate(value, start=1):
            number = _number(str(part)) if str(part).strip() else None
            if number is None:
                raise ValidationError(f"{what} ลำดับที่ {index} “{part}” ไม่ใช่ตัวเลข")
            if number < 0 or number > scoring.HUNDRED:
                raise ValidationError(f"{what} ลำดับที่ {index} “{part}” ต้องอยู่ระหว่าง 0 ถึง 100 (ร้อยละ)")
            parts.append(str(number))
        return parts
    if name == "budget_disbursed":
        from app.services.money import parse_budget

        value = value if value is None or isinstance(value, Decimal) else parse_budget(str(value))
        if value is not None and value < 0:
            raise ValidationError(f"{what} “{value}” ติดลบไม่ได้")
        return value
    if name == "prepared_on":
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise ValidationError(f"{what} “{value}” ไม่ใช่วันที่")
        return value
    if name == "deduct":
        return bool(value)
    raise ValidationError(f"ไม่มีช่องชื่อ “{name}” ในรายงาน")


_COLUMNS = (*TEXT_FIELDS, *LIST_FIELDS, "deduct", "budget_disbursed", "prepared_on")


def check_version(session: Session, report: RoundReport, expected_version: int | None) -> None:
    """ConflictError (naming who changed it and when, from the history) when the report is not at
    the version the user loaded."""
    if expected_version is None or report.version == expected_version:
        return
    last = session.scalar(select(AuditEntry).where(AuditEntry.entity == "report", AuditEntry.entity_id == report.id)
                          .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1))
    versions.check(report, expected_version, "รายงานนี้", changed_at=last.at if last else None,
                   changed_by=last.user if last else "")


def update(session: Session, report_id: int, expected_version: int | None = None, **fields) -> ReportScore:
    """Change fields of a report that is not locked; the score is computed again and stored.
    Checked on a copy first: a refused value changes nothing. With expected_version (the version
    the user loaded) a report changed by someone else since is refused (ConflictError)."""
    report = _unlocked(session, report_id)
    check_version(session, report, expected_version)
    indicator = _indicator(session, report.indicator_id)
    cleaned = {name: _clean(indicator, name, value) for name, value in fields.items()}
    if "round_steps" in cleaned:
        target = next((t for t in indicator.round_targets if t.round_id == report.round_id), None)
        limit = len(target.steps) if target is not None else 0
        if len(cleaned["round_steps"]) > limit:
            raise ValidationError(f"{FIELD_NAMES['round_steps']}: รอบนี้ของตัวชี้วัด “{indicator.name}” มี {limit} "
                                  f"ขั้นตอน (ส่งมา {len(cleaned['round_steps'])} ขั้นตอน)")
    candidate = SimpleNamespace(**{c: getattr(report, c) for c in _COLUMNS})
    for name, value in cleaned.items():
        setattr(candidate, name, value)
    scored = compute(indicator, candidate)
    before = {name: getattr(report, name) for name in cleaned}
    changed = {name: value for name, value in cleaned.items() if before[name] != value}
    old_score = report.score
    for name, value in cleaned.items():
        setattr(report, name, value)
    report.score = "" if scored.score is None else str(scored.score)
    report.weighted = "" if scored.weighted is None else str(scored.weighted)
    session.flush()
    if changed or old_score != report.score:
        audit(session, "report", report.id, "update", before={n: before[n] for n in changed}, after=changed,
              score=report.score, weighted=report.weighted, score_before=old_score)
    return scored


def missing_headings(session: Session, report_id: int) -> list[str]:
    """Thai names of the headings a report needs before it is submitted and are still empty:
    the result (a number, a formula, the parts, or words saying it is not known yet) — or, for
    indicators scored by steps, the levels ticked (all unticked counts: "no level reached") —, the explanation of actions
    (heading 9 of seed 001's guide) and the preparer's name (ผู้จัดทำข้อมูล). Supporting factors,
    obstacles and suggestions may stay empty: seed 001's own filled form has no suggestions."""
    report = _report(session, report_id)
    indicator = _indicator(session, report.indicator_id)
    missing = []
    mode = scheme_mode(indicator)
    if mode == "steps":
        if not report.steps_done:
            missing.append("ข้อมูลผลการดำเนินงาน (ระดับ/ขั้นตอนที่ทำได้)")
    elif not (report.result.strip() or (report.numerator.strip() and report.denominator.strip())
              or (mode == "composite" and report.parts)):
        missing.append(FIELD_NAMES["result"])
    if not report.actions.strip():
        missing.append(FIELD_NAMES["actions"])
    if not report.preparer_name.strip():
        missing.append("ผู้จัดทำข้อมูล (ลงชื่อ)")
    return missing


def _move(session: Session, report_id: int, allowed: tuple[str, ...], target: str, action: str,
          refusal: str, **detail) -> None:
    report = _report(session, report_id)
    if report.state not in allowed:
        raise ValidationError(refusal.format(state=STATE_LABELS[report.state]))
    report.state = target
    session.flush()
    audit(session, "report", report.id, action, **detail)


def submit(session: Session, report_id: int) -> None:
    report = _report(session, report_id)
    if report.state == "draft":
        missing = missing_headings(session, report_id)
        if missing:
            raise ValidationError("ส่งรายงานไม่ได้ — ยังไม่ได้กรอก: " + ", ".join(missing))
    _move(session, report_id, ("draft",), "submitted", "submit", "ส่งรายงานได้เฉพาะรายงานที่เป็นร่าง (ตอนนี้: {state})")


def review(session: Session, report_id: int) -> None:
    """The planning office has checked it: locked (planners only, app/services/permissions.py)."""
    from app.services import permissions

    permissions.require_planner(session, "สถานะรายงาน (ตรวจแล้ว/ล็อก)")
    _move(session, report_id, ("submitted",), "reviewed", "review",
          "ตรวจรายงานได้เมื่อส่งแล้วเท่านั้น (ตอนนี้: {state})")


def reopen(session: Session, report_id: int, reason: str) -> None:
    from app.services import permissions

    permissions.require_planner(session, "สถานะรายงาน (เปิดแก้ไขรายงานที่ส่งหรือตรวจแล้ว)")
    if not reason or not reason.strip():
        raise ValidationError("การเปิดรายงานที่ตรวจแล้วต้องระบุเหตุผล")
    _move(session, report_id, ("reviewed", "submitted"), "draft", "reopen",
          "เปิดแก้ไขได้เฉพาะรายงานที่ส่งหรือตรวจแล้ว (ตอนนี้: {state})", reason=reason.strip())


# ---- evidence references ----------------------------------------------------------------------
def _evidence_fields(title, reference, dated, link) -> dict:
    title = (title or "").strip()
    if not title:
        raise ValidationError("กรุณาระบุชื่อหลักฐาน")
    link = (link or "").strip()
    if link and not re.match(r"^(https?://|www\.)\S+$", link):
        raise ValidationError(f"ลิงก์ “{link}” ของหลักฐาน “{title}” ต้องขึ้นต้นด้วย http:// หรือ https:// "
                              "และไม่มีช่องว่าง")
    if dated is not None and (not isinstance(dated, dt.date) or isinstance(dated, dt.datetime)):
        raise ValidationError(f"ลงวันที่ “{dated}” ของหลักฐาน “{title}” ไม่ใช่วันที่")
    return dict(title=title, reference=(reference or "").strip(), dated=dated, link=link)


def add_evidence(session: Session, report_id: int, title: str, reference: str = "", dated: dt.date | None = None,
                 link: str = "") -> int:
    _unlocked(session, report_id)
    values = _evidence_fields(title, reference, dated, link)
    last = session.scalar(select(func.max(ReportEvidence.position)).where(ReportEvidence.report_id == report_id))
    evidence = ReportEvidence(report_id=report_id, position=0 if last is None else last + 1, **values)
    session.add(evidence)
    session.flush()
    audit(session, "report", report_id, "add_evidence", evidence_id=evidence.id, **values)
    return evidence.id


def _evidence(session: Session, evidence_id: int) -> ReportEvidence:
    evidence = session.get(ReportEvidence, evidence_id)
    if evidence is None:
        raise NotFoundError("ไม่พบหลักฐานนี้ (อาจถูกลบไปแล้ว)")
    _unlocked(session, evidence.report_id)
    return evidence


def update_evidence(session: Session, evidence_id: int, **fields) -> None:
    """Change title, reference, dated or link of an evidence reference."""
    evidence = _evidence(session, evidence_id)
    unknown = set(fields) - {"title", "reference", "dated", "link"}
    if unknown:
        raise ValidationError(f"ไม่มีช่องชื่อ “{sorted(unknown)[0]}” ในหลักฐาน")
    current = dict(title=evidence.title, reference=evidence.reference, dated=evidence.dated, link=evidence.link)
    values = _evidence_fields(**{**current, **fields})
    changed = {k: v for k, v in values.items() if current[k] != v}
    for name, value in changed.items():
        setattr(evidence, name, value)
    session.flush()
    if changed:
        audit(session, "report", evidence.report_id, "update_evidence", evidence_id=evidence.id,
              before={k: current[k] for k in changed}, after=changed)


def remove_evidence(session: Session, evidence_id: int) -> dict:
    """Remove an evidence reference; returns what it was (for undo: add_evidence with it)."""
    evidence = _evidence(session, evidence_id)
    snapshot = dict(title=evidence.title, reference=evidence.reference, dated=evidence.dated, link=evidence.link)
    report_id = evidence.report_id
    session.delete(evidence)
    session.flush()
    for position, other in enumerate(session.scalars(select(ReportEvidence)
                                                     .where(ReportEvidence.report_id == report_id)
                                                     .order_by(ReportEvidence.position, ReportEvidence.id))):
        other.position = position
    session.flush()
    audit(session, "report", report_id, "remove_evidence", evidence_id=evidence_id, **snapshot)
    return snapshot


# ---- history ------------------------------------------------------------------------------------
def history(session: Session, report_id: int) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == "report",
                                                         AuditEntry.entity_id == report_id)
                                .order_by(AuditEntry.at, AuditEntry.id)))


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    user: str
    action: str
    text: str


def history_lines(session: Session, report_id: int) -> list[HistoryLine]:
    """The report's history for the screen: when, who and a Thai one-line summary."""
    return [HistoryLine(e.at, e.user, e.action, describe(e)) for e in history(session, report_id)]


def _shown(value) -> str:
    if value is None or value == "":
        return "“”"
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, list):
        if value and all(isinstance(v, bool) for v in value):
            return "“" + " ".join("☑" if v else "☐" for v in value) + "”"
        return "“" + "; ".join(str(v) for v in value) + "”"
    text = str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _score_text(value: str) -> str:
    if not value:
        return "ยังไม่มีคะแนน"
    return f"คะแนน {Decimal(value).quantize(scoring.TWO)}"


def describe(entry: AuditEntry) -> str:
    """A Thai one-line summary of an audit entry, e.g. แก้ไข ผลการดำเนินงาน: “” → “5”; คะแนน 5.00."""
    detail = entry.detail or {}
    action = entry.action
    if action == "create":
        return f"สร้างรายงาน ({detail.get('round', '')})".replace(" ()", "")
    if action == "update":
        before, after = detail.get("before") or {}, detail.get("after") or {}
        changes = [f"{FIELD_NAMES.get(name, name)}: {_shown(before.get(name))} → {_shown(value)}"
                   for name, value in after.items()]
        text = "แก้ไข " + "; ".join(changes) if changes else "คำนวณคะแนนใหม่"
        if "score" in detail and (detail.get("score") != detail.get("score_before") or changes):
            text += "; " + _score_text(detail.get("score") or "")
        return text
    if action == "submit":
        return "ส่งรายงาน"
    if action == "review":
        return "ตรวจแล้วและล็อกรายงาน"
    if action == "reopen":
        return f"เปิดแก้ไข เหตุผล: {detail.get('reason', '')}"
    if action == "add_evidence":
        return f"เพิ่มหลักฐาน {_shown(detail.get('title'))}"
    if action == "update_evidence":
        after, before = detail.get("after") or {}, detail.get("before") or {}
        return "แก้ไขหลักฐาน " + "; ".join(f"{FIELD_NAMES.get(n, n)}: {_shown(before.get(n))} → {_shown(v)}"
                                           for n, v in after.items())
    if action == "remove_evidence":
        return f"ลบหลักฐาน {_shown(detail.get('title'))}"
    if action == "attach":
        return f"แนบไฟล์ {_shown(detail.get('file_name'))} ({detail.get('size', 0):,} ไบต์)"
    if action == "update_attachment":
        return f"แก้ไขชื่อไฟล์แนบ {_shown(detail.get('file_name'))}: {_shown(detail.get('before'))} → " \
               f"{_shown(detail.get('after'))}"
    if action == "remove_attachment":
        return f"ลบไฟล์แนบ {_shown(detail.get('file_name'))}"
    return action
