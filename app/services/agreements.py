"""Performance agreements: the agreement itself, its rounds, framework and indicators.

Services take a session and return plain data (AgreementData …); nothing here imports Qt.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (Agreement, EvaluationRound, FiscalYear, FrameworkCategory, Indicator, IndicatorPerson,
                        OrgUnit, Person, RoundTarget)
from app.services import fiscal, scoring, versions
from app.services.errors import NotFoundError, ValidationError
from app.services.plans import get_or_create_fiscal_year, unit_names_matching
from app.services.thai_format import thai_digits

ROUND_SETS = {
    "3/6/9/12": (3, 6, 9, 12),
    "4/6/9": (4, 6, 9),
    "6/9": (6, 9),
    "6/12": (6, 12),
}


# ---- plain data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonData:
    id: int
    name: str
    position: str = ""
    phone_office: str = ""
    phone_mobile: str = ""


@dataclass(frozen=True)
class RoundData:
    id: int
    label: str
    months: int | None
    start: dt.date
    cutoff: dt.date
    due: dt.date | None


@dataclass(frozen=True)
class RoundTargetData:
    round_id: int
    goal: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorData:
    id: int
    category_id: int
    number: str
    name: str
    kind: str | None
    weight: Decimal
    owner_unit: str
    description: str
    definitions: tuple[str, ...]
    formula: str
    unit_of_measure: str
    direction: str
    data_source: str
    scheme: dict
    criteria_text: str
    targets_remark: str
    conditions: tuple[str, ...]
    deduction_points: Decimal | None
    deduction_rule: str
    benefits: tuple[str, ...]
    remarks: str
    roadmap: tuple[dict, ...]
    baseline: tuple[dict, ...]
    supervisors: tuple[PersonData, ...] = ()
    collectors: tuple[PersonData, ...] = ()
    round_targets: tuple[RoundTargetData, ...] = ()


@dataclass(frozen=True)
class CategoryData:
    id: int
    name: str
    weight: Decimal
    indicators: tuple[IndicatorData, ...] = ()


@dataclass
class AgreementData:
    id: int
    unit_name: str
    parent_unit_name: str | None
    be_year: int
    receiver: PersonData | None
    receiver_position: str
    maker: PersonData | None
    maker_position: str
    period_start: dt.date
    period_end: dt.date
    receiver_signed: dt.date | None
    maker_signed: dt.date | None
    clauses: list[str]
    context: list[dict]
    rounds: list[RoundData] = field(default_factory=list)
    categories: list[CategoryData] = field(default_factory=list)

    @property
    def indicators(self) -> list[IndicatorData]:
        return [i for c in self.categories for i in c.indicators]

    def weight_problems(self) -> list[str]:
        return scoring.weight_problems([
            scoring.CategoryWeights(c.name, c.weight, tuple((i.number, i.weight) for i in c.indicators))
            for c in self.categories])

    def total_weight(self) -> Decimal:
        return sum((c.weight for c in self.categories), Decimal(0))


# ---- standard text ---------------------------------------------------------------------------
def standard_clauses(unit: str, be_year: int, receiver: str, receiver_position: str, maker: str,
                     maker_position: str, start: dt.date, end: dt.date) -> list[str]:
    """The six clauses of seed 002 with the names filled in (Thai digits, as the form prints)."""
    from app.services.thai_format import date_long

    start_text = date_long(start).split(" ", 1)
    end_text = date_long(end).split(" ", 1)
    return [
        f"คำรับรองระหว่าง {receiver} {receiver_position} ผู้รับคำรับรอง และ {maker} {maker_position} ผู้ทำคำรับรอง",
        f"คำรับรองนี้เป็นคำรับรองฝ่ายเดียว มิใช่สัญญาและใช้สำหรับระยะเวลา ๑ ปี เริ่มตั้งแต่วันที่ {start_text[0]} "
        f"{start_text[1]} ถึงวันที่ {end_text[0]} {end_text[1]}",
        f"รายละเอียดของคำรับรอง ได้แก่ แผนปฏิบัติราชการของ{unit} ตัวชี้วัดผลการปฏิบัติราชการ น้ำหนัก "
        "ข้อมูลพื้นฐาน เป้าหมาย/เกณฑ์การให้คะแนน และรายละเอียดอื่น ๆ ตามที่ปรากฏอยู่ในเอกสารประกอบท้ายคำรับรองนี้",
        f"ข้าพเจ้า {receiver} ในฐานะผู้บังคับบัญชาของ {maker} ได้พิจารณาและเห็นชอบกับแผนปฏิบัติราชการของ{unit} "
        "ตัวชี้วัดผลการปฏิบัติราชการ น้ำหนัก ข้อมูลพื้นฐาน เป้าหมาย/เกณฑ์การให้คะแนน และรายละเอียดอื่น ๆ "
        "ตามที่กำหนดในเอกสารประกอบท้ายคำรับรองนี้ และข้าพเจ้ายินดีจะให้คำแนะนำ กำกับ และตรวจสอบผลการปฏิบัติราชการของ "
        f"{maker} ให้เป็นไปตามคำรับรองที่จัดทำขึ้นนี้",
        f"ข้าพเจ้า {maker} {maker_position} ได้ทำความเข้าใจคำรับรองตามข้อ ๓ แล้ว ขอให้คำรับรองกับ{receiver_position}"
        "ว่าจะมุ่งมั่นปฏิบัติราชการให้เกิดผลงานที่ดีตามเป้าหมายของตัวชี้วัดแต่ละตัวในระดับสูงสุด "
        "เพื่อให้เกิดประโยชน์สุขแก่ประชาชนตามที่ให้คำรับรองไว้",
        "ผู้รับคำรับรองและผู้ทำคำรับรอง ได้เข้าใจคำรับรองการปฏิบัติราชการและเห็นพ้องกันแล้ว "
        "จึงได้ลงลายมือชื่อไว้เป็นสำคัญ",
    ]


def default_rounds(be_year: int, months: tuple[int, ...] = ROUND_SETS["3/6/9/12"]) -> list[tuple[str, int, dt.date, dt.date]]:
    """(label, months, start, cut-off) for rounds counted from 1 October."""
    start = fiscal.fiscal_year_start(be_year)
    out = []
    for count in months:
        cutoff = fiscal.add_months(start, count) - dt.timedelta(days=1)
        out.append((f"รอบ {thai_digits(str(count))} เดือน", count, start, cutoff))
    return out


# ---- loading -----------------------------------------------------------------------------------
def _person(person: Person | None) -> PersonData | None:
    if person is None:
        return None
    return PersonData(person.id, person.name, person.position, person.phone_office, person.phone_mobile)


def _agreement(session: Session, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise NotFoundError("ไม่พบคำรับรองนี้ในพื้นที่ทำงาน (อาจถูกลบไปแล้ว)")
    return agreement


def load_agreement(session: Session, agreement_id: int) -> AgreementData:
    a = _agreement(session, agreement_id)
    rounds = session.scalars(select(EvaluationRound).where(EvaluationRound.agreement_id == a.id)
                             .order_by(EvaluationRound.position)).all()
    people: dict[int, tuple[list, list]] = {}
    for link in session.scalars(select(IndicatorPerson).join(Indicator, Indicator.id == IndicatorPerson.indicator_id)
                                .where(Indicator.agreement_id == a.id).order_by(IndicatorPerson.position)):
        pair = people.setdefault(link.indicator_id, ([], []))
        (pair[0] if link.role == "supervisor" else pair[1]).append(_person(link.person))
    targets: dict[int, list[RoundTargetData]] = {}
    round_order = {r.id: r.position for r in rounds}
    for t in session.scalars(select(RoundTarget).join(Indicator, Indicator.id == RoundTarget.indicator_id)
                             .where(Indicator.agreement_id == a.id)):
        targets.setdefault(t.indicator_id, []).append(RoundTargetData(t.round_id, t.goal, tuple(t.steps)))
    by_category: dict[int, list[IndicatorData]] = {}
    for i in session.scalars(select(Indicator).where(Indicator.agreement_id == a.id).order_by(Indicator.position)):
        supervisors, collectors = people.get(i.id, ([], []))
        by_category.setdefault(i.category_id, []).append(IndicatorData(
            id=i.id, category_id=i.category_id, number=i.number, name=i.name, kind=i.kind, weight=i.weight,
            owner_unit=i.owner_unit, description=i.description, definitions=tuple(i.definitions),
            formula=i.formula, unit_of_measure=i.unit_of_measure, direction=i.direction,
            data_source=i.data_source, scheme=dict(i.scheme), criteria_text=i.criteria_text,
            targets_remark=i.targets_remark, conditions=tuple(i.conditions), deduction_points=i.deduction_points,
            deduction_rule=i.deduction_rule, benefits=tuple(i.benefits), remarks=i.remarks,
            roadmap=tuple(i.roadmap), baseline=tuple(i.baseline), supervisors=tuple(supervisors),
            collectors=tuple(collectors),
            round_targets=tuple(sorted(targets.get(i.id, []), key=lambda t: round_order.get(t.round_id, 0)))))
    categories = [CategoryData(c.id, c.name, c.weight, tuple(by_category.get(c.id, [])))
                  for c in session.scalars(select(FrameworkCategory).where(FrameworkCategory.agreement_id == a.id)
                                           .order_by(FrameworkCategory.position))]
    return AgreementData(
        id=a.id, unit_name=a.unit.name, parent_unit_name=a.unit.parent.name if a.unit.parent else None,
        be_year=a.fiscal_year.be_year, receiver=_person(a.receiver), receiver_position=a.receiver_position,
        maker=_person(a.maker), maker_position=a.maker_position, period_start=a.period_start,
        period_end=a.period_end, receiver_signed=a.receiver_signed, maker_signed=a.maker_signed,
        clauses=list(a.clauses), context=list(a.context),
        rounds=[RoundData(r.id, r.label, r.months, r.start, r.cutoff, r.due) for r in rounds],
        categories=categories)


@dataclass(frozen=True)
class AgreementSummary:
    id: int
    be_year: int
    unit_name: str
    indicator_count: int
    total_weight: Decimal


def list_agreements(session: Session) -> list[AgreementSummary]:
    counts = dict(session.execute(select(Indicator.agreement_id, func.count()).group_by(Indicator.agreement_id)).all())
    weights: dict[int, Decimal] = {}
    for category in session.scalars(select(FrameworkCategory)):
        weights[category.agreement_id] = weights.get(category.agreement_id, Decimal(0)) + category.weight
    rows = session.execute(select(Agreement.id, FiscalYear.be_year, OrgUnit.name)
                           .join(FiscalYear, Agreement.fiscal_year_id == FiscalYear.id)
                           .join(OrgUnit, Agreement.unit_id == OrgUnit.id)
                           .order_by(FiscalYear.be_year.desc(), OrgUnit.name)).all()
    return [AgreementSummary(aid, be, unit, counts.get(aid, 0), weights.get(aid, Decimal(0)))
            for aid, be, unit in rows]


def find_agreement(session: Session, be_year: int, unit: str | None = None) -> int:
    """The agreement of a fiscal year (and unit, by name or abbreviation); refuses when unclear."""
    candidates = [a for a in list_agreements(session) if a.be_year == be_year]
    if unit:
        names = unit_names_matching(session, unit)
        candidates = [a for a in candidates if a.unit_name in names]
    if not candidates:
        where = f" ของ {unit}" if unit else ""
        raise ValidationError(f"ไม่พบคำรับรองปีงบประมาณ พ.ศ. {be_year}{where} ในพื้นที่ทำงานนี้")
    if len(candidates) > 1:
        listing = "; ".join(f"[{a.id}] {a.unit_name}" for a in candidates)
        raise ValidationError(f"ปีงบประมาณ พ.ศ. {be_year} มีหลายคำรับรอง: {listing} — ระบุ --unit")
    return candidates[0].id


# ---- creating and editing ----------------------------------------------------------------------
def get_or_create_person(session: Session, name: str, position: str = "", phone_office: str = "",
                         phone_mobile: str = "") -> Person:
    name = name.strip()
    if not name:
        raise ValidationError("กรุณาระบุชื่อบุคคล")
    person = session.scalar(select(Person).where(Person.name == name))
    if person is None:
        person = Person(name=name, position=position, phone_office=phone_office, phone_mobile=phone_mobile)
        session.add(person)
        session.flush()
    else:
        for attr, value in (("position", position), ("phone_office", phone_office), ("phone_mobile", phone_mobile)):
            if value and not getattr(person, attr):
                setattr(person, attr, value)
    return person


BLANK_NAME = "........................................"


def create_agreement(session: Session, unit: OrgUnit, be_year: int, receiver: Person | None, receiver_position: str,
                     maker: Person | None, maker_position: str, rounds: tuple[int, ...] = ROUND_SETS["3/6/9/12"],
                     clauses: list[str] | None = None) -> int:
    start, end = fiscal.fiscal_year_start(be_year), fiscal.fiscal_year_end(be_year)
    year = get_or_create_fiscal_year(session, be_year)
    agreement = Agreement(
        unit=unit, fiscal_year=year, receiver=receiver, receiver_position=receiver_position, maker=maker,
        maker_position=maker_position, period_start=start, period_end=end,
        clauses=clauses or standard_clauses(unit.name, be_year, receiver.name if receiver else BLANK_NAME,
                                            receiver_position, maker.name if maker else BLANK_NAME,
                                            maker_position, start, end),
        context=[])
    session.add(agreement)
    session.flush()
    for position, (label, months, round_start, cutoff) in enumerate(default_rounds(be_year, rounds)):
        session.add(EvaluationRound(agreement_id=agreement.id, position=position, label=label, months=months,
                                    start=round_start, cutoff=cutoff))
    session.flush()
    return agreement.id


def five_month_rounds(be_year: int) -> list[tuple[str, dt.date, dt.date]]:
    """"5 เดือนแรก / 5 เดือนหลัง" as seed 003 sets them: 1 Oct – 24 Feb, then March – July."""
    start = fiscal.fiscal_year_start(be_year)
    first_end = dt.date(start.year + 1, 2, 24)
    return [("รอบ ๕ เดือนแรก", start, first_end),
            ("รอบ ๕ เดือนหลัง", dt.date(start.year + 1, 3, 1), dt.date(start.year + 1, 7, 31))]


def add_round(session: Session, agreement_id: int, label: str, start: dt.date, cutoff: dt.date,
              due: dt.date | None = None) -> int:
    """A custom round; it must lie inside the agreement's period and end after it starts."""
    agreement = _agreement(session, agreement_id)
    label = label.strip()
    if not label:
        raise ValidationError("กรุณาระบุชื่อรอบ")
    _check_round_dates(agreement, label, start, cutoff, due)
    last = session.scalar(select(func.max(EvaluationRound.position))
                          .where(EvaluationRound.agreement_id == agreement_id))
    position = 0 if last is None else last + 1   # after every other round, also when one was deleted
    months = None
    round_ = EvaluationRound(agreement_id=agreement_id, position=position, label=label, months=months,
                             start=start, cutoff=cutoff, due=due)
    session.add(round_)
    session.flush()
    return round_.id


def update_round(session: Session, round_id: int, expected_version: int | None = None, **fields) -> None:
    """With expected_version (the version loaded), a round changed by someone else since is refused
    (ConflictError, issue 7)."""
    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    versions.check(round_, expected_version, f"รอบ “{round_.label}”")
    label = fields.get("label", round_.label).strip()
    if not label:
        raise ValidationError("กรุณาระบุชื่อรอบ")
    start, cutoff, due = fields.get("start", round_.start), fields.get("cutoff", round_.cutoff), \
        fields.get("due", round_.due)
    _check_round_dates(_agreement(session, round_.agreement_id), label, start, cutoff, due)
    round_.label, round_.start, round_.cutoff, round_.due = label, start, cutoff, due
    session.flush()


def _check_round_dates(agreement: Agreement, label: str, start: dt.date, cutoff: dt.date, due: dt.date | None) -> None:
    from app.services.thai_format import date_short

    if cutoff < start:
        raise ValidationError(f"{label}: วันตัดรอบ ({date_short(cutoff)}) อยู่ก่อนวันเริ่มรอบ ({date_short(start)})")
    if start < agreement.period_start or cutoff > agreement.period_end:
        raise ValidationError(f"{label}: ช่วงของรอบต้องอยู่ในปีงบประมาณ ({date_short(agreement.period_start)} – "
                              f"{date_short(agreement.period_end)})")
    if due is not None and due < cutoff:
        raise ValidationError(f"{label}: กำหนดส่งรายงาน ({date_short(due)}) อยู่ก่อนวันตัดรอบ ({date_short(cutoff)})")


FIVE_MONTHS = "5 เดือนแรก/5 เดือนหลัง"
ROUND_PRESETS = (*ROUND_SETS, FIVE_MONTHS)


def preset_rounds(be_year: int, preset: str) -> list[tuple[str, int | None, dt.date, dt.date]]:
    """(label, months, start, cut-off) of a preset: one of ROUND_SETS or "5 เดือนแรก/5 เดือนหลัง"."""
    if preset == FIVE_MONTHS:
        return [(label, None, start, cutoff) for label, start, cutoff in five_month_rounds(be_year)]
    if preset not in ROUND_SETS:
        raise ValidationError(f"ไม่รู้จักชุดรอบ “{preset}” (มี {', '.join(ROUND_PRESETS)})")
    return default_rounds(be_year, ROUND_SETS[preset])


def add_preset_rounds(session: Session, agreement_id: int, preset: str) -> list[int]:
    """Add a preset's rounds after the others; a round with the same dates already there is skipped."""
    agreement = _agreement(session, agreement_id)
    have = {(r.start, r.cutoff) for r in session.scalars(select(EvaluationRound)
                                                          .where(EvaluationRound.agreement_id == agreement_id))}
    added = []
    for label, months, start, cutoff in preset_rounds(agreement.fiscal_year.be_year, preset):
        if (start, cutoff) in have:
            continue
        round_id = add_round(session, agreement_id, label, start, cutoff)
        session.get(EvaluationRound, round_id).months = months
        added.append(round_id)
    session.flush()
    return added


def delete_round(session: Session, round_id: int) -> dict:
    """Delete a round with the indicators' targets for it; returns what undo needs."""
    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    snapshot = {"round": _columns(round_),
                "targets": [_columns(t) for t in session.scalars(select(RoundTarget)
                                                                  .where(RoundTarget.round_id == round_id))]}
    for target in session.scalars(select(RoundTarget).where(RoundTarget.round_id == round_id)):
        session.delete(target)
    session.flush()
    session.delete(round_)
    session.flush()
    return snapshot


def restore_round(session: Session, snapshot: dict) -> None:
    """Put a deleted round back with the same id, position and indicator targets."""
    session.add(EvaluationRound(**snapshot["round"]))
    session.flush()
    session.add_all(RoundTarget(**t) for t in snapshot["targets"])
    session.flush()


# ---- the agreement's own data (parties, signing, clauses, context) ------------------------------
_UNSET = object()
CONTEXT_LISTS = ("vision", "missions", "strategic_issues", "strategies")
CONTEXT_LABELS = {"vision": "วิสัยทัศน์", "missions": "พันธกิจ", "strategic_issues": "ประเด็นยุทธศาสตร์",
                  "strategies": "กลยุทธ์"}
CLAUSE_COUNT = 6


def set_parties(session: Session, agreement_id: int, receiver_name: str, receiver_position: str,
                maker_name: str, maker_position: str) -> None:
    """Who receives and who makes the agreement; an empty name leaves the line blank on the form."""
    agreement = _agreement(session, agreement_id)
    receiver_name, maker_name = (receiver_name or "").strip(), (maker_name or "").strip()
    receiver_position, maker_position = (receiver_position or "").strip(), (maker_position or "").strip()
    if receiver_name and receiver_name == maker_name:
        raise ValidationError("ผู้รับคำรับรองและผู้ทำคำรับรองต้องเป็นคนละคนกัน")
    for label, value in (("ตำแหน่งผู้รับคำรับรอง", receiver_position), ("ตำแหน่งผู้ทำคำรับรอง", maker_position)):
        if len(value) > 300:
            raise ValidationError(f"{label} ยาวเกิน 300 ตัวอักษร")
    agreement.receiver = get_or_create_person(session, receiver_name, receiver_position) if receiver_name else None
    agreement.maker = get_or_create_person(session, maker_name, maker_position) if maker_name else None
    agreement.receiver_position, agreement.maker_position = receiver_position, maker_position
    session.flush()


def _years_from(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def set_signing(session: Session, agreement_id: int, receiver=_UNSET, maker=_UNSET) -> None:
    """The signing dates (None: not signed yet); a date lies within a year before or after the period."""
    from app.services.thai_format import date_short

    agreement = _agreement(session, agreement_id)
    earliest, latest = _years_from(agreement.period_start, -1), _years_from(agreement.period_end, 1)
    changes = {}
    for attr, label, value in (("receiver_signed", "วันที่ผู้รับคำรับรองลงนาม", receiver),
                               ("maker_signed", "วันที่ผู้ทำคำรับรองลงนาม", maker)):
        if value is _UNSET:
            continue
        if value is not None:
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise ValidationError(f"{label}ต้องเป็นวันที่")
            if not earliest <= value <= latest:
                raise ValidationError(f"{label} ({date_short(value)}) ต้องอยู่ภายในหนึ่งปีก่อนหรือหลังระยะเวลาของ"
                                      f"คำรับรอง ({date_short(earliest)} – {date_short(latest)})")
        changes[attr] = value
    for attr, value in changes.items():
        setattr(agreement, attr, value)
    session.flush()


def set_clauses(session: Session, agreement_id: int, clauses: list[str]) -> None:
    """The six clauses of the agreement, none empty."""
    agreement = _agreement(session, agreement_id)
    texts = [str(c if c is not None else "").strip() for c in clauses]
    if len(texts) != CLAUSE_COUNT:
        raise ValidationError(f"คำรับรองต้องมี {CLAUSE_COUNT} ข้อพอดี (ได้รับ {len(texts)} ข้อ)")
    for number, text in enumerate(texts, 1):
        if not text:
            raise ValidationError(f"ข้อ {number} ของคำรับรองว่างอยู่ — กรุณาระบุข้อความ "
                                  "(หรือใช้ข้อความมาตรฐาน)")
    agreement.clauses = texts
    session.flush()


def standard_clauses_for(session: Session, agreement_id: int) -> list[str]:
    """The six standard clauses with the agreement's current unit, year, names and positions."""
    a = _agreement(session, agreement_id)
    return standard_clauses(a.unit.name, a.fiscal_year.be_year, a.receiver.name if a.receiver else BLANK_NAME,
                            a.receiver_position, a.maker.name if a.maker else BLANK_NAME, a.maker_position,
                            a.period_start, a.period_end)


def set_context(session: Session, agreement_id: int, entries: list[dict]) -> None:
    """The context pages: [{owner, title, vision[], missions[], strategic_issues[], strategies[]}]."""
    agreement = _agreement(session, agreement_id)
    cleaned = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ValidationError(f"บริบทชุดที่ {number} ไม่ถูกต้อง")
        unknown = set(entry) - {"owner", "title", *CONTEXT_LISTS}
        if unknown:
            raise ValidationError(f"บริบทชุดที่ {number} มีช่องที่ไม่รู้จัก: {', '.join(sorted(unknown))}")
        owner = str(entry.get("owner") or "").strip()
        title = str(entry.get("title") or "").strip()
        if not owner and not title:
            raise ValidationError(f"บริบทชุดที่ {number}: กรุณาระบุเจ้าของ (เช่น ชื่อหน่วยงาน) หรือหัวเรื่อง")
        item = {"owner": owner, "title": title}
        for key in CONTEXT_LISTS:
            values = entry.get(key) or []
            if isinstance(values, str) or not isinstance(values, (list, tuple)):
                raise ValidationError(f"บริบทชุดที่ {number}: {CONTEXT_LABELS[key]}ต้องเป็นรายการ (บรรทัดละข้อ)")
            texts = [str(v if v is not None else "").strip() for v in values]
            if any(not t for t in texts):
                raise ValidationError(f"บริบทชุดที่ {number}: {CONTEXT_LABELS[key]}มีข้อที่ว่างอยู่")
            item[key] = texts
        cleaned.append(item)
    agreement.context = cleaned
    session.flush()


def add_category(session: Session, agreement_id: int, name: str, weight) -> int:
    _agreement(session, agreement_id)
    name = name.strip()
    if not name:
        raise ValidationError("กรุณาระบุชื่อองค์ประกอบ")
    value = _weight(weight)
    position = session.scalar(select(func.count()).select_from(FrameworkCategory)
                              .where(FrameworkCategory.agreement_id == agreement_id)) or 0
    category = FrameworkCategory(agreement_id=agreement_id, position=position, name=name, weight=value)
    session.add(category)
    session.flush()
    return category.id


def _weight(weight) -> Decimal:
    value = scoring.decimal(weight, "น้ำหนัก")
    if value < 0 or value > 100:
        raise ValidationError(f"น้ำหนัก {value} ต้องอยู่ระหว่าง 0 ถึง 100")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(f"น้ำหนัก {value} มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
    return value


INDICATOR_TEXT = ("number", "name", "owner_unit", "description", "formula", "unit_of_measure", "data_source",
                  "criteria_text", "targets_remark", "deduction_rule", "remarks")
INDICATOR_LISTS = ("definitions", "conditions", "benefits", "roadmap", "baseline")


def validate_scheme(scheme: dict, direction: str = "higher") -> dict:
    """Check a stored scheme can score: numeric level targets must be complete and ordered."""
    if not scheme:
        return scheme  # no criteria yet: a new indicator
    kind = scheme.get("type", "levels")
    if kind not in ("levels", "levels5", "three_levels", "milestones", "percent", "composite"):
        raise ValidationError(f"ไม่รู้จักรูปแบบเกณฑ์ “{kind}”")
    if kind in ("levels", "levels5", "three_levels") and scheme.get("numeric", True):
        level_scheme(scheme, direction)
    return scheme


def level_scheme(scheme: dict, direction: str = "higher") -> scoring.LevelScheme:
    levels = scheme.get("levels") or []
    return scoring.LevelScheme.of([level.get("target") for level in levels],
                                  interpolate=scheme.get("interpolate", True), direction=direction,
                                  points=[level.get("points") for level in levels] if levels else None)


def add_indicator(session: Session, agreement_id: int, category_id: int, number: str, name: str, weight,
                  **fields) -> int:
    category = session.get(FrameworkCategory, category_id)
    if category is None or category.agreement_id != agreement_id:
        raise ValidationError("องค์ประกอบนี้ไม่ได้อยู่ในคำรับรองนี้")
    if not name.strip():
        raise ValidationError("กรุณาระบุชื่อตัวชี้วัด")
    direction = fields.get("direction", "higher")
    if direction not in ("higher", "lower"):
        raise ValidationError("ทิศทางของตัวชี้วัดต้องเป็น ยิ่งมากยิ่งดี หรือ ยิ่งน้อยยิ่งดี")
    scheme = validate_scheme(dict(fields.get("scheme") or {"type": "levels", "levels": []}), direction) \
        if fields.get("scheme") else {}
    position = session.scalar(select(func.count()).select_from(Indicator)
                              .where(Indicator.agreement_id == agreement_id)) or 0
    values = {k: (fields.get(k) or "") for k in INDICATOR_TEXT if k not in ("number", "name")}
    values.update({k: list(fields.get(k) or []) for k in INDICATOR_LISTS})
    deduction = fields.get("deduction_points")
    indicator = Indicator(agreement_id=agreement_id, category_id=category_id, position=position,
                          number=number.strip(), name=name.strip(), kind=fields.get("kind"), weight=_weight(weight),
                          direction=direction, scheme=scheme,
                          deduction_points=None if deduction is None else scoring.decimal(deduction, "คะแนนที่หัก"),
                          **values)
    session.add(indicator)
    session.flush()
    return indicator.id


def update_indicator(session: Session, indicator_id: int, expected_version: int | None = None, **fields) -> None:
    """With expected_version (the version loaded), an indicator changed by someone else since is
    refused (ConflictError, issue 7)."""
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFoundError("ไม่พบตัวชี้วัดนี้ (อาจถูกลบไปแล้ว)")
    versions.check(indicator, expected_version, f"ตัวชี้วัด “{indicator.number} {indicator.name[:40]}”")
    direction = fields.get("direction", indicator.direction)
    if direction not in ("higher", "lower"):
        raise ValidationError("ทิศทางของตัวชี้วัดต้องเป็น ยิ่งมากยิ่งดี หรือ ยิ่งน้อยยิ่งดี")
    if "scheme" in fields or "direction" in fields:
        validate_scheme(dict(fields.get("scheme", indicator.scheme)), direction)
    for name, value in fields.items():
        if name == "weight":
            value = _weight(value)
        elif name == "deduction_points":
            value = None if value in (None, "") else scoring.decimal(value, "คะแนนที่หัก")
        elif name in INDICATOR_LISTS:
            value = list(value or [])
        elif name in INDICATOR_TEXT:
            value = (value or "").strip()
            if name == "name" and not value:
                raise ValidationError("กรุณาระบุชื่อตัวชี้วัด")
        elif name not in ("scheme", "direction", "kind", "category_id"):
            raise ValidationError(f"ไม่มีช่องชื่อ “{name}” ในตัวชี้วัด")
        setattr(indicator, name, value)
    session.flush()


def update_category(session: Session, category_id: int, name: str | None = None, weight=None) -> None:
    category = session.get(FrameworkCategory, category_id)
    if category is None:
        raise NotFoundError("ไม่พบองค์ประกอบนี้ (อาจถูกลบไปแล้ว)")
    if name is not None:
        if not name.strip():
            raise ValidationError("กรุณาระบุชื่อองค์ประกอบ")
        category.name = name.strip()
    if weight is not None:
        category.weight = _weight(weight)
    session.flush()


def link_person(session: Session, indicator_id: int, person: Person, role: str) -> None:
    if role not in ("supervisor", "collector"):
        raise ValidationError("บทบาทต้องเป็นผู้กำกับดูแลหรือผู้จัดเก็บข้อมูล")
    position = session.scalar(select(func.count()).select_from(IndicatorPerson)
                              .where(IndicatorPerson.indicator_id == indicator_id)) or 0
    session.add(IndicatorPerson(indicator_id=indicator_id, person_id=person.id, role=role, position=position))
    session.flush()


def set_round_target(session: Session, indicator_id: int, round_id: int, goal: str, steps: list[str]) -> None:
    target = session.scalar(select(RoundTarget).where(RoundTarget.indicator_id == indicator_id,
                                                      RoundTarget.round_id == round_id))
    if target is None:
        target = RoundTarget(indicator_id=indicator_id, round_id=round_id)
        session.add(target)
    target.goal = goal.strip()
    target.steps = [s.strip() for s in steps if s and s.strip()]
    session.flush()


# ---- scoring an indicator ---------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorScore:
    score: Decimal
    weighted: Decimal
    scale_max: Decimal


def score_indicator(indicator: IndicatorData, result=None, steps_done: list[bool] | None = None,
                    parts: list | None = None, deduct: bool = False) -> IndicatorScore:
    """Score an indicator the way its template says (the "what if" box and the round reports)."""
    scheme = indicator.scheme or {}
    kind = scheme.get("type", "levels")
    if kind == "milestones":
        levels = scheme.get("levels") or []
        points = [level.get("points") for level in levels] or scoring.SCALE_1_5
        value = scoring.milestone_score(list(steps_done or []), points)
        maximum = scoring.decimal(points[-1])
    elif kind == "percent":
        value, maximum = scoring.percent_score(result), scoring.HUNDRED
    else:
        if kind == "composite" and parts is not None:
            result = scoring.composite(parts)
        if scheme.get("numeric") is not False and (result is None or str(result).strip() == ""):
            raise ValidationError("กรุณาใส่ผลการดำเนินงาน")
        if scheme.get("numeric") is False:
            # Levels described in words (milestones): the score is the last level reached in order.
            points = [level.get("points") for level in scheme.get("levels") or []]
            if steps_done is None:
                raise ValidationError(f"ตัวชี้วัด {indicator.number} ใช้เกณฑ์แบบข้อความ — "
                                      "ระบุระดับที่ทำได้ครบตามลำดับ")
            value = scoring.milestone_score(list(steps_done), points)
            maximum = scoring.decimal(points[-1]) if points else scoring.decimal(5)
        else:
            levels = level_scheme(scheme, indicator.direction)
            value, maximum = levels.score(result), levels.maximum
    if deduct and indicator.deduction_points:
        value = scoring.deduct(value, indicator.deduction_points, applies=True)
    return IndicatorScore(value, scoring.weighted(value, indicator.weight), maximum)


# ---- deleting and restoring (undo) --------------------------------------------------------------
def _columns(obj) -> dict:
    return {column.key: getattr(obj, column.key) for column in obj.__mapper__.column_attrs}


def _indicator_snapshot(session: Session, indicator: Indicator) -> dict:
    return {
        "indicator": _columns(indicator),
        "people": [_columns(p) for p in session.scalars(select(IndicatorPerson)
                                                         .where(IndicatorPerson.indicator_id == indicator.id))],
        "targets": [_columns(t) for t in session.scalars(select(RoundTarget)
                                                          .where(RoundTarget.indicator_id == indicator.id))],
    }


def delete_indicator(session: Session, indicator_id: int) -> dict:
    """Delete an indicator with its people links and round targets; returns what undo needs."""
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFoundError("ไม่พบตัวชี้วัดนี้ (อาจถูกลบไปแล้ว)")
    snapshot = _indicator_snapshot(session, indicator)
    session.delete(indicator)
    session.flush()
    return snapshot


def restore_indicator(session: Session, snapshot: dict) -> None:
    """Put a deleted indicator back with the same ids, people and round targets."""
    session.add(Indicator(**snapshot["indicator"]))
    session.flush()
    session.add_all(IndicatorPerson(**p) for p in snapshot["people"])
    session.add_all(RoundTarget(**t) for t in snapshot["targets"])
    session.flush()


def delete_category(session: Session, category_id: int) -> dict:
    """Delete a category and the indicators under it; returns what undo needs."""
    category = session.get(FrameworkCategory, category_id)
    if category is None:
        raise NotFoundError("ไม่พบองค์ประกอบนี้ (อาจถูกลบไปแล้ว)")
    indicators = session.scalars(select(Indicator).where(Indicator.category_id == category_id)).all()
    snapshot = {"category": _columns(category),
                "indicators": [_indicator_snapshot(session, i) for i in indicators]}
    for indicator in indicators:
        session.delete(indicator)
    session.flush()
    session.delete(category)
    session.flush()
    return snapshot


def restore_category(session: Session, snapshot: dict) -> None:
    session.add(FrameworkCategory(**snapshot["category"]))
    session.flush()
    for indicator in snapshot["indicators"]:
        restore_indicator(session, indicator)
