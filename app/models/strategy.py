"""Strategy plans (seed 004): dimensions › goals (CSF) › projects › KPIs, and each KPI's round results."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money
from app.models.org import OrgUnit
from app.models.plan import FiscalYear

Hundredths = Money


class StrategyPlan(Base):
    """แผนกลยุทธ์ (e.g. แผนกลยุทธ์การบริหารทรัพยากรบุคคล) of an organisation for one fiscal year."""

    __tablename__ = "strategy_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"))
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(500))
    scorecard_name: Mapped[str] = mapped_column(String(200), default="")   # "HR Scorecard"

    unit: Mapped[OrgUnit] = relationship()
    fiscal_year: Mapped[FiscalYear] = relationship()


class StrategyRound(Base):
    """A reporting round of a strategy plan (รอบ ๔ / ๖ / ๙ เดือน)."""

    __tablename__ = "strategy_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("strategy_plan.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    months: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[dt.date] = mapped_column(Date)
    cutoff: Mapped[dt.date] = mapped_column(Date)


class StrategyDimension(Base):
    """มิติที่ N, weighted in the plan's total (weights of the plan's dimensions add up to 100)."""

    __tablename__ = "strategy_dimension"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("strategy_plan.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    weight: Mapped[Decimal] = mapped_column(Hundredths)


class StrategyGoal(Base):
    """เป้าประสงค์ (CSF) of a dimension, weighted within it."""

    __tablename__ = "strategy_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("strategy_dimension.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    weight: Mapped[Decimal] = mapped_column(Hundredths)


class StrategyProject(Base):
    """แผนงาน/โครงการ serving a goal."""

    __tablename__ = "strategy_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("strategy_goal.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)


class StrategyKpi(Base):
    """A KPI (1.1, 1.2 …) of a project, owned by a unit, with five level targets and its weight in the goal."""

    __tablename__ = "strategy_kpi"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("strategy_project.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text, default="")           # "สทส.", "กกจ. กลุ่มทะเบียนฯ"
    reporting_unit: Mapped[str] = mapped_column(Text, default="")  # ชื่อหน่วยงาน on the KPI form
    unit_of_measure: Mapped[str] = mapped_column(String(100), default="")
    targets: Mapped[list] = mapped_column(JSON, default=list)      # five level targets as typed ("60" … "80")
    weight: Mapped[Decimal] = mapped_column(Hundredths)
    # {"type": "levels" | "milestones", "interpolate": bool, "direction": "higher" | "lower"}
    scheme: Mapped[dict] = mapped_column(JSON, default=dict)
    steps: Mapped[list] = mapped_column(JSON, default=list)        # รายละเอียดกิจกรรม / ขั้นตอน
    formula: Mapped[str] = mapped_column(Text, default="")         # สูตรการคำนวณ/การนับผลงาน
    remarks: Mapped[str] = mapped_column(Text, default="")         # หมายเหตุ


class StrategyResult(Base):
    """A KPI's result for one round; words in place of a number ("ทราบผล เดือน ก.ย. 66") mean no score yet."""

    __tablename__ = "strategy_result"
    __table_args__ = (UniqueConstraint("kpi_id", "round_id", name="uq_strategy_result_kpi_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Row version (issue 7): every ORM UPDATE bumps it and checks it, so an edit made on a stale copy
    # (another window or PC changed the row since) raises StaleDataError instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    kpi_id: Mapped[int] = mapped_column(ForeignKey("strategy_kpi.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("strategy_round.id", ondelete="CASCADE"))
    result: Mapped[str] = mapped_column(String(200), default="")
    steps_done: Mapped[list] = mapped_column(JSON, default=list)
    details: Mapped[str] = mapped_column(Text, default="")
    budget_disbursed: Mapped[Decimal | None] = mapped_column(Money)
    budget_note: Mapped[str] = mapped_column(String(300), default="")  # "ไม่ได้ใช้งบประมาณดำเนินการ"
    preparer_name: Mapped[str] = mapped_column(String(300), default="")
    preparer_position: Mapped[str] = mapped_column(String(300), default="")
    score: Mapped[str] = mapped_column(String(30), default="")          # computed on save; "" = not known yet
