"""Performance agreements (คำรับรองการปฏิบัติราชการ): framework, indicators (KPI templates), rounds."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money
from app.models.org import OrgUnit, Person
from app.models.plan import FiscalYear

# Weights and points are kept like money: exact hundredths (15, 7.5, 97.55).
Hundredths = Money


class Agreement(Base):
    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Row version (issue 7): every ORM UPDATE bumps it and checks it, so an edit made on a stale copy
    # (another window or PC changed the row since) raises StaleDataError instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"))
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id", ondelete="RESTRICT"))
    receiver_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    receiver_position: Mapped[str] = mapped_column(String(300), default="")
    maker_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    maker_position: Mapped[str] = mapped_column(String(300), default="")
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    receiver_signed: Mapped[dt.date | None] = mapped_column(Date)
    maker_signed: Mapped[dt.date | None] = mapped_column(Date)
    clauses: Mapped[list] = mapped_column(JSON, default=list)      # six texts, names filled in
    context: Mapped[list] = mapped_column(JSON, default=list)      # [{owner, title, vision[], missions[], …}]

    unit: Mapped[OrgUnit] = relationship()
    fiscal_year: Mapped[FiscalYear] = relationship()
    receiver: Mapped[Person | None] = relationship(foreign_keys=[receiver_id])
    maker: Mapped[Person | None] = relationship(foreign_keys=[maker_id])


class EvaluationRound(Base):
    """A reporting round (รอบ ๖ เดือน …) of an agreement's fiscal year."""

    __tablename__ = "evaluation_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Row version (issue 7): every ORM UPDATE bumps it and checks it, so an edit made on a stale copy
    # (another window or PC changed the row since) raises StaleDataError instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    months: Mapped[int | None] = mapped_column(Integer)            # None for a custom round
    start: Mapped[dt.date] = mapped_column(Date)
    cutoff: Mapped[dt.date] = mapped_column(Date)                  # results up to this day
    due: Mapped[dt.date | None] = mapped_column(Date)              # reports due
    announced_on: Mapped[dt.date | None] = mapped_column(Date)     # scores announced to the units
    appeal_deadline: Mapped[dt.date | None] = mapped_column(Date)  # appeals accepted up to this day


class FrameworkCategory(Base):
    """An องค์ประกอบ of the evaluation framework (Performance Base 70 …)."""

    __tablename__ = "framework_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    weight: Mapped[Decimal] = mapped_column(Hundredths)


class IndicatorKind(StrEnum):
    CONTINUING = "continuing"   # ตัวชี้วัดต่อเนื่อง
    NEW = "new"                 # ตัวชี้วัดใหม่


class Indicator(Base):
    """An indicator with its KPI template (รายละเอียดตัวชี้วัด)."""

    __tablename__ = "indicator"
    __table_args__ = (CheckConstraint("direction IN ('higher', 'lower')", name="direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Row version (issue 7): every ORM UPDATE bumps it and checks it, so an edit made on a stale copy
    # (another window or PC changed the row since) raises StaleDataError instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("framework_category.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    weight: Mapped[Decimal] = mapped_column(Hundredths)
    owner_unit: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    definitions: Mapped[list] = mapped_column(JSON, default=list)
    formula: Mapped[str] = mapped_column(Text, default="")
    unit_of_measure: Mapped[str] = mapped_column(String(100), default="")
    direction: Mapped[str] = mapped_column(String(10), default="higher")
    data_source: Mapped[str] = mapped_column(Text, default="")
    # {"type": "levels"|"milestones"|"percent"|"composite", "levels": [{"points", "label", "target"}],
    #  "interpolate": bool, "numeric": bool, "notes": str}
    scheme: Mapped[dict] = mapped_column(JSON, default=dict)
    criteria_text: Mapped[str] = mapped_column(Text, default="")
    targets_remark: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[list] = mapped_column(JSON, default=list)
    deduction_points: Mapped[Decimal | None] = mapped_column(Hundredths)
    deduction_rule: Mapped[str] = mapped_column(Text, default="")
    benefits: Mapped[list] = mapped_column(JSON, default=list)
    remarks: Mapped[str] = mapped_column(Text, default="")
    roadmap: Mapped[list] = mapped_column(JSON, default=list)      # [{"year": 2566, "target": "…"}]
    baseline: Mapped[list] = mapped_column(JSON, default=list)     # [{"year": 2562, "result": "97.55", "unit": …}]

    category: Mapped[FrameworkCategory] = relationship()


class IndicatorPerson(Base):
    """A supervisor (ผู้กำกับดูแล) or data collector (ผู้จัดเก็บข้อมูล) of an indicator."""

    __tablename__ = "indicator_person"
    __table_args__ = (CheckConstraint("role IN ('supervisor', 'collector')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)

    person: Mapped[Person] = relationship()


class RoundTarget(Base):
    """An indicator's goal and numbered steps for one round."""

    __tablename__ = "round_target"
    __table_args__ = (UniqueConstraint("indicator_id", "round_id", name="uq_round_target_indicator_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id", ondelete="CASCADE"))
    goal: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[list] = mapped_column(JSON, default=list)
