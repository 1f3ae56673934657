"""The memos (บันทึกข้อความ) of a round, seed 003: the planning office's score announcement and a
unit's appeal letter. Texts are kept as written, Thai digits as the seed prints them; the printer
turns them Arabic when asked. The defaults word subject and body the way seed 003 does, filled
from the round (fiscal year, round label, its period in formal Thai dates, the appeal deadline).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Agreement, Appeal, EvaluationRound, FiscalYear, Indicator, Memo, OrgUnit, Person, RoundReport
from app.services.errors import NotFoundError, ValidationError
from app.services.thai_format import date_long, thai_digits

KINDS = {"announcement": "บันทึกแจ้งคะแนน", "appeal": "บันทึกขออุทธรณ์"}
TEXT_FIELDS = ("urgency", "department", "phone", "number", "subject", "addressee", "closing", "signer_name",
               "signer_position", "appellant_unit")
URGENT = "ด่วนที่สุด"
BLANK = "....."
ANNOUNCE_CLOSING = "จึงเรียนมาเพื่อโปรดทราบ"
APPEAL_CLOSING = "จึงเรียนมาเพื่อโปรดทราบและดำเนินการต่อไปด้วย จะเป็นพระคุณ"
APPEAL_ENCLOSURE = "ดังรายละเอียดตามเอกสารที่แนบมาพร้อมนี้"


@dataclass(frozen=True)
class MemoData:
    id: int
    round_id: int
    kind: str
    position: int
    urgency: str
    department: str
    phone: str
    number: str
    dated: dt.date | None
    subject: str
    addressee: str
    paragraphs: tuple[str, ...]
    closing: str
    signer_name: str
    signer_position: str
    appellant_unit: str

    @property
    def title(self) -> str:
        return f"{KINDS[self.kind]} {self.subject[:40]}".strip()


@dataclass(frozen=True)
class RoundInfo:
    """What the memo texts say about a round."""

    id: int
    label: str
    start: dt.date
    cutoff: dt.date
    announced_on: dt.date | None
    appeal_deadline: dt.date | None
    be_year: int
    unit_name: str
    parent_unit_name: str | None
    maker_name: str
    maker_position: str

    @property
    def period(self) -> str:
        """"๑ ตุลาคม ๒๕๖๖ - ๒๔ กุมภาพันธ์ ๒๕๖๗"."""
        return f"{date_long(self.start)} - {date_long(self.cutoff)}"

    @property
    def year_text(self) -> str:
        return f"ประจำปีงบประมาณ พ.ศ. {thai_digits(str(self.be_year))}"

    @property
    def under(self) -> str:
        """"หน่วยงานในสังกัดกรมอนามัย" (or "หน่วยงาน" when the unit has no parent)."""
        return f"หน่วยงานในสังกัด{self.parent_unit_name}" if self.parent_unit_name else "หน่วยงาน"


def round_info(session: Session, round_id: int) -> RoundInfo:
    row = session.execute(
        select(EvaluationRound, FiscalYear.be_year, OrgUnit, Agreement.maker_id, Agreement.maker_position)
        .join(Agreement, Agreement.id == EvaluationRound.agreement_id)
        .join(FiscalYear, FiscalYear.id == Agreement.fiscal_year_id)
        .join(OrgUnit, OrgUnit.id == Agreement.unit_id)
        .where(EvaluationRound.id == round_id)).first()
    if row is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    round_, be_year, unit, maker_id, maker_position = row
    maker = session.get(Person, maker_id) if maker_id else None
    return RoundInfo(round_.id, round_.label, round_.start, round_.cutoff, round_.announced_on,
                     round_.appeal_deadline, be_year, unit.name, unit.parent.name if unit.parent else None,
                     maker.name if maker else "", maker_position or "")


# ---- default texts (seed 003) ----------------------------------------------------------------
def announcement_subject(info: RoundInfo, after_appeal: bool) -> str:
    subject = (f"แจ้งคะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการของ{info.under} {info.year_text} "
               f"{info.label}")
    return subject + (" (คะแนนหลังการอุทธรณ์)" if after_appeal else f" ({info.period})")


def default_announcement(session: Session, round_id: int, after_appeal: bool = True) -> dict:
    """Fields of the score announcement memo; `after_appeal` words it as seed 003's
    "(คะแนนหลังการอุทธรณ์)" memo, else as the first announcement that opens the appeals."""
    info = round_info(session, round_id)
    deadline = f"ภายในวันที่ {date_long(info.appeal_deadline)}" if info.appeal_deadline else f"ภายในวันที่ {BLANK}"
    appeal_rule = (f"หากมีประเด็นที่สามารถอุทธรณ์คะแนน โดยจัดทำหนังสือชี้แจงรายละเอียดบนหลักฐานชุดเดิม "
                   f"ส่งให้{info.unit_name} {deadline} หากพ้นกำหนดวันดังกล่าวจะถือว่าท่านยืนยันคะแนน"
                   "ผลการปฏิบัติงานตามที่แจ้งเรียบร้อยแล้ว")
    if after_appeal:
        paragraphs = [
            f"ตามที่{info.unit_name} ได้แจ้งคะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ {info.year_text} "
            f"และขอให้หน่วยงานเข้าดูคะแนนผลการปฏิบัติราชการ {info.label} {appeal_rule} นั้น",
            f"{info.unit_name}ขอแจ้งให้หน่วยงานทราบว่า ขณะนี้เจ้าภาพตัวชี้วัดได้พิจารณาเอกสาร/หลักฐานอ้างอิง"
            f"ประกอบตัวชี้วัดที่หน่วยงานอุทธรณ์เรียบร้อยแล้ว จึงขอให้หน่วยงานเข้าดูคะแนนผลการปฏิบัติราชการ"
            f"ตามคำรับรองฯ {info.year_text} {info.label} (คะแนนหลังการอุทธรณ์)",
        ]
    else:
        paragraphs = [
            f"{info.unit_name}ขอแจ้งคะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ {info.year_text} "
            f"{info.label} ({info.period}) ให้หน่วยงานทราบ {appeal_rule}",
        ]
    return dict(kind="announcement", urgency=URGENT, department=info.unit_name, phone="", number="",
                dated=None, subject=announcement_subject(info, after_appeal),
                addressee=f"หัวหน้า{info.under}", paragraphs=paragraphs, closing=ANNOUNCE_CLOSING,
                signer_name=info.maker_name, signer_position=info.maker_position, appellant_unit="")


def appealed_indicators(session: Session, round_id: int) -> list[tuple[str, str]]:
    """(number, name) of the indicators with an appeal in the round, in framework order."""
    rows = session.execute(
        select(Indicator.number, Indicator.name).join(RoundReport, RoundReport.indicator_id == Indicator.id)
        .join(Appeal, Appeal.report_id == RoundReport.id).where(RoundReport.round_id == round_id)
        .order_by(Indicator.position, Indicator.id)).all()
    return list(dict.fromkeys((number, name) for number, name in rows))


def default_appeal(session: Session, round_id: int, appellant_unit: str) -> dict:
    """Fields of a unit's appeal memo to the planning office, worded as seed 003's form."""
    info = round_info(session, round_id)
    appellant = (appellant_unit or "").strip()
    announcement = session.scalars(select(Memo).where(Memo.round_id == round_id, Memo.kind == "announcement")
                                   .order_by(Memo.position, Memo.id)).first()
    number = announcement.number if announcement and announcement.number else BLANK
    dated = date_long(announcement.dated) if announcement and announcement.dated else BLANK
    count = len(appealed_indicators(session, round_id))
    round_text = f"{info.label} ({info.period})"
    paragraphs = [
        f"ตามที่หนังสือ{info.unit_name} {URGENT} ที่ {number} ลงวันที่ {dated} เรื่อง แจ้งคะแนน"
        f"ผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการของ{info.under} {info.year_text} {round_text} "
        "ซึ่งหากมีประเด็นที่สามารถอุทธรณ์คะแนนโดยจัดทำหนังสือชี้แจงรายละเอียดบนหลักฐานชุดเดิม นั้น",
        f"ในกรณีนี้ {appellant or BLANK} ขออุทธรณ์คะแนนผลการปฏิบัติราชการตามคำรับรองฯ {round_text} "
        f"จำนวน {thai_digits(str(count)) if count else BLANK} ตัวชี้วัด ดังนี้",
    ]
    return dict(kind="appeal", urgency="", department=appellant, phone="", number="", dated=None,
                subject=(f"ขออุทธรณ์คะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการของ{info.under} "
                         f"{info.year_text} {round_text}"),
                addressee=f"ผู้อำนวยการ{info.unit_name}", paragraphs=paragraphs, closing=APPEAL_CLOSING,
                signer_name="", signer_position="", appellant_unit=appellant)


# ---- storing ---------------------------------------------------------------------------------
def _data(memo: Memo) -> MemoData:
    return MemoData(memo.id, memo.round_id, memo.kind, memo.position, memo.urgency, memo.department, memo.phone,
                    memo.number, memo.dated, memo.subject, memo.addressee, tuple(memo.paragraphs), memo.closing,
                    memo.signer_name, memo.signer_position, memo.appellant_unit)


def _apply(memo: Memo, fields: dict) -> None:
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        elif name == "paragraphs":
            value = [p.strip() for p in (value or []) if p and p.strip()]
        elif name == "dated":
            if value is not None and not isinstance(value, dt.date):
                raise ValidationError("วันที่ของบันทึกข้อความไม่ถูกต้อง")
        elif name == "kind":
            continue
        else:
            raise ValidationError(f"ไม่มีช่องชื่อ “{name}” ในบันทึกข้อความ")
        setattr(memo, name, value)
    if not memo.subject:
        raise ValidationError("กรุณาระบุเรื่องของบันทึกข้อความ")


def create_memo(session: Session, round_id: int, kind: str, **fields) -> int:
    if kind not in KINDS:
        raise ValidationError(f"ชนิดบันทึกข้อความต้องเป็น announcement หรือ appeal (ได้ “{kind}”)")
    if session.get(EvaluationRound, round_id) is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    position = session.scalar(select(func.count()).select_from(Memo).where(Memo.round_id == round_id)) or 0
    memo = Memo(round_id=round_id, kind=kind, position=position, paragraphs=[])
    _apply(memo, fields)
    session.add(memo)
    session.flush()
    return memo.id


def update_memo(session: Session, memo_id: int, **fields) -> None:
    memo = session.get(Memo, memo_id)
    if memo is None:
        raise NotFoundError("ไม่พบบันทึกข้อความนี้ (อาจถูกลบไปแล้ว)")
    _apply(memo, fields)
    session.flush()


def delete_memo(session: Session, memo_id: int) -> None:
    memo = session.get(Memo, memo_id)
    if memo is None:
        raise NotFoundError("ไม่พบบันทึกข้อความนี้ (อาจถูกลบไปแล้ว)")
    session.delete(memo)
    session.flush()


def load_memo(session: Session, memo_id: int) -> MemoData:
    memo = session.get(Memo, memo_id)
    if memo is None:
        raise NotFoundError("ไม่พบบันทึกข้อความนี้ (อาจถูกลบไปแล้ว)")
    return _data(memo)


def list_memos(session: Session, round_id: int, kind: str | None = None) -> list[MemoData]:
    query = select(Memo).where(Memo.round_id == round_id)
    if kind:
        query = query.where(Memo.kind == kind)
    return [_data(m) for m in session.scalars(query.order_by(Memo.position, Memo.id))]
