"""Fiscal years, annual operation plans and their items."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money
from app.models.org import OrgUnit


class FiscalYear(Base):
    """ปีงบประมาณ พ.ศ. N: 1 Oct of N-1 to 30 Sep of N (stored as the BE label, dates derive from it)."""

    __tablename__ = "fiscal_year"
    __table_args__ = (CheckConstraint("be_year BETWEEN 2400 AND 2800", name="be_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    be_year: Mapped[int] = mapped_column(Integer, unique=True)


class Plan(Base):
    """แผนปฏิบัติการประจำปีงบประมาณ of one unit; its month window may be wider than the fiscal year."""

    __tablename__ = "plan"
    __table_args__ = (CheckConstraint("window_start <= window_end", name="window_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Row version (issue 7): every ORM UPDATE bumps it and checks it, so an edit made on a stale copy
    # (another window or PC changed the row since) raises StaleDataError instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"))
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(500))
    # First day of the first and of the last month shown in the grid.
    window_start: Mapped[dt.date] = mapped_column(Date)
    window_end: Mapped[dt.date] = mapped_column(Date)

    unit: Mapped[OrgUnit] = relationship()
    fiscal_year: Mapped[FiscalYear] = relationship()


class ItemKind(StrEnum):
    HEADING = "heading"    # numbered group with no months or budget of its own
    ACTIVITY = "activity"  # numbered activity / step
    BULLET = "bullet"      # unnumbered "- …" line under an activity


class PlanItem(Base):
    __tablename__ = "plan_item"
    __table_args__ = (
        CheckConstraint("kind IN ('heading', 'activity', 'bullet')", name="kind"),
        Index("ix_plan_item_plan_parent_pos", "plan_id", "parent_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Row version (issue 7): every ORM UPDATE bumps it and checks it, so an edit made on a stale copy
    # (another window or PC changed the row since) raises StaleDataError instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default=ItemKind.ACTIVITY.value)
    title: Mapped[str] = mapped_column(Text, default="")
    deliverable: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[Decimal | None] = mapped_column(Money)  # None prints as "-"
    responsible: Mapped[str] = mapped_column(Text, default="")
    related: Mapped[str] = mapped_column(Text, default="")
    remark: Mapped[str] = mapped_column(Text, default="")


class PlanItemMonth(Base):
    """One marked month of an item: the first day of that month (any subset of the plan window)."""

    __tablename__ = "plan_item_month"

    item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class WorkspaceInfo(Base):
    """Marks a database as a PlanDesk workspace (key/value), so foreign files are refused."""

    __tablename__ = "workspace_info"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
