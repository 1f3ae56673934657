"""Who may do what on a shared workspace (issue 7): planners (กพร., everything) and officers
(their own unit's round reports). No rows at all means a single-user office: everyone is a planner."""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class UserRole(StrEnum):
    PLANNER = "planner"   # ผู้วางแผน: plans, agreements, review/lock, reopen, users
    OFFICER = "officer"   # เจ้าหน้าที่หน่วยงาน: fills the round reports of their unit's indicators


class WorkspaceUser(Base):
    __tablename__ = "workspace_user"
    __table_args__ = (CheckConstraint("role IN ('planner', 'officer')", name="role"),)

    login: Mapped[str] = mapped_column(String(200), primary_key=True)   # the OS login name (audit log "user")
    display_name: Mapped[str] = mapped_column(Text, default="")         # as written on indicators' people
    role: Mapped[str] = mapped_column(String(20), default=UserRole.OFFICER.value)
    unit: Mapped[str] = mapped_column(Text, default="")                 # the unit whose indicators they report
