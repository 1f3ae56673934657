"""Organisation units and people."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base


class OrgUnit(Base):
    """A หน่วยงาน: กรม › สำนัก/กอง › กลุ่ม."""

    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    abbreviation: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"))

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id])

    def full_name(self) -> str:
        """"กลุ่มพัฒนาระบบบริหาร › กรมปศุสัตว์" style, innermost first as Thai letters write it."""
        names, unit = [], self
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent
        return " › ".join(names)


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")
    phone_office: Mapped[str] = mapped_column(String(100), default="")
    phone_mobile: Mapped[str] = mapped_column(String(100), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="SET NULL"))
