"""Plan progress (seed 003): each activity's target, result, actual months and the two status pairs."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class PlanItemProgress(Base):
    """The progress of one plan item (an activity under a measure, มาตรการ, which is a heading).

    None in a status means "not stated yet": the printed checkbox pair is left empty.
    """

    __tablename__ = "plan_item_progress"

    item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True)
    target_quantity: Mapped[str] = mapped_column(String(50), default="")   # "4"
    target_unit: Mapped[str] = mapped_column(String(100), default="")      # "ครั้ง"
    result: Mapped[str] = mapped_column(Text, default="")                  # what was done, with document refs
    done: Mapped[bool | None] = mapped_column()                            # ดำเนินการแล้ว / ยังไม่ดำเนินการ
    on_target: Mapped[bool | None] = mapped_column()                       # เป็นไปตามเป้าหมาย / ไม่เป็นไปตามเป้าหมาย
    updated_on: Mapped[dt.date | None] = mapped_column(Date)


class PlanItemActualMonth(Base):
    """A month in which the item was actually carried out (the grid's second mark style)."""

    __tablename__ = "plan_item_actual_month"

    item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
