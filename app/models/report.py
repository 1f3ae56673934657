"""Round reports on indicators (รายงานผลตัวชี้วัด, seed 001) and the audit log."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (JSON, CheckConstraint, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Money


class RoundReport(Base):
    """One indicator's report for one round: what was done, the result, and the score computed from it."""

    __tablename__ = "round_report"
    __table_args__ = (
        UniqueConstraint("indicator_id", "round_id", name="uq_round_report_indicator_round"),
        CheckConstraint("state IN ('draft', 'submitted', 'reviewed')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Row version (issue 7): every ORM UPDATE bumps it and checks it, so an edit made on a stale copy
    # (another window or PC changed the row since) raises StaleDataError instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    # The result as typed: a number ("97.5"), or words such as "ทราบผล เดือน ก.ย. 66" (not known yet).
    result: Mapped[str] = mapped_column(String(200), default="")
    numerator: Mapped[str] = mapped_column(String(50), default="")
    denominator: Mapped[str] = mapped_column(String(50), default="")
    parts: Mapped[list] = mapped_column(JSON, default=list)        # composite: sub-activity percentages
    steps_done: Mapped[list] = mapped_column(JSON, default=list)   # milestones / levels in words, in order
    deduct: Mapped[bool] = mapped_column(default=False)            # this round's deduction applies
    levels_done: Mapped[list] = mapped_column(JSON, default=list)  # what was done for each score level
    # The round target's steps ticked (bools). NULL-able only because SQLite cannot add a NOT NULL
    # column without a default or a table copy (migration 0005 fills every row; read None as []).
    round_steps: Mapped[list | None] = mapped_column(JSON, default=list)
    actions: Mapped[str] = mapped_column(Text, default="")         # คำชี้แจงการปฏิบัติงาน
    supporting_factors: Mapped[str] = mapped_column(Text, default="")
    obstacles: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[str] = mapped_column(Text, default="")
    budget_disbursed: Mapped[Decimal | None] = mapped_column(Money)
    preparer_name: Mapped[str] = mapped_column(String(300), default="")
    preparer_position: Mapped[str] = mapped_column(String(300), default="")
    prepared_on: Mapped[dt.date | None] = mapped_column(Date)
    # Computed by the scoring engine on every save (text keeps the Decimal exact); empty = no score yet.
    score: Mapped[str] = mapped_column(String(30), default="")
    weighted: Mapped[str] = mapped_column(String(30), default="")


class ReportEvidence(Base):
    """An evidence reference of a report: a document, an order with its date, a link."""

    __tablename__ = "report_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("round_report.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(300), default="")  # document number
    dated: Mapped[dt.date | None] = mapped_column(Date)
    link: Mapped[str] = mapped_column(Text, default="")


class AttachmentBlob(Base):
    """A copy of an attached file kept in the workspace itself, named by its SHA-256.

    The original may be moved or deleted later; the workspace (and its backups) keep the evidence.
    Identical files attached twice are stored once.
    """

    __tablename__ = "attachment_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ReportAttachment(Base):
    """A file attached to a report as evidence."""

    __tablename__ = "report_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("round_report.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(500))            # the name it had when attached
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blob.sha256", ondelete="RESTRICT"))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(Text, default="")           # what it shows, for the evidence list


class AuditEntry(Base):
    """Who (the OS user) did what to which record, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
