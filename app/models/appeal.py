"""Appeals of round scores and the memos of a round (seed 003)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Money

Hundredths = Money


class Appeal(Base):
    """A unit's appeal (อุทธรณ์) against the score of one indicator report, and its decision."""

    __tablename__ = "appeal"
    __table_args__ = (CheckConstraint("state IN ('pending', 'accepted', 'partly', 'rejected')", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("round_report.id", ondelete="CASCADE"))
    evaluation_unit: Mapped[str] = mapped_column(Text, default="")     # หน่วยการประเมิน (the level/criterion)
    score_given: Mapped[Decimal | None] = mapped_column(Hundredths)    # คะแนนที่ได้รับ
    given_reason: Mapped[str] = mapped_column(Text, default="")        # คำอธิบายเหตุผล (of the score given)
    score_asked: Mapped[Decimal | None] = mapped_column(Hundredths)    # คะแนนที่อุทธรณ์
    explanation: Mapped[str] = mapped_column(Text, default="")         # คำอธิบายเหตุผล/คำชี้แจงเพื่ออุทธรณ์
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    decision: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    score_after: Mapped[Decimal | None] = mapped_column(Hundredths)    # คะแนนหลังการอุทธรณ์


class Memo(Base):
    """A บันทึกข้อความ of a round: the score announcement, or a unit's appeal letter."""

    __tablename__ = "memo"
    __table_args__ = (CheckConstraint("kind IN ('announcement', 'appeal')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    urgency: Mapped[str] = mapped_column(String(50), default="")       # ด่วนที่สุด
    department: Mapped[str] = mapped_column(Text, default="")          # ส่วนราชการ
    phone: Mapped[str] = mapped_column(String(100), default="")
    number: Mapped[str] = mapped_column(String(100), default="")       # ที่
    dated: Mapped[dt.date | None] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text, default="")             # เรื่อง
    addressee: Mapped[str] = mapped_column(Text, default="")           # เรียน
    paragraphs: Mapped[list] = mapped_column(JSON, default=list)
    closing: Mapped[str] = mapped_column(Text, default="")             # จึงเรียนมาเพื่อโปรดทราบ
    signer_name: Mapped[str] = mapped_column(String(300), default="")
    signer_position: Mapped[str] = mapped_column(String(300), default="")
    appellant_unit: Mapped[str] = mapped_column(Text, default="")      # appeal memo: the unit appealing
