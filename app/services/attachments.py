"""Files attached to a round report as evidence, kept inside the workspace itself.

The bytes are copied into `AttachmentBlob`, keyed by their SHA-256, when the file is attached: the
original may be moved or deleted later and the workspace (and its backups) still hold the
evidence. The same file attached twice (to one report or several) is stored once; a blob is
deleted when no attachment refers to it any more. Reading an attachment back checks its hash, so a
damaged copy is reported instead of opened.

Limit: MAX_BYTES (50 MB) per file — a workspace is one SQLite file that is backed up whole, and
scanned orders and photos of evidence are far smaller.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import AttachmentBlob, ReportAttachment
from app.services import reports
from app.services.errors import NotFoundError, ValidationError

MAX_BYTES = 50 * 1024 * 1024
MAX_LABEL = "50 MB"


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB"
    if size >= 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size:,} ไบต์"


def _read(path: Path) -> bytes:
    name = f"“{path}”"
    try:
        if not path.exists():
            raise ValidationError(f"แนบไฟล์ {name} ไม่ได้: ไม่พบไฟล์ (อาจถูกย้ายหรือลบไปแล้ว)")
        if path.is_dir():
            raise ValidationError(f"แนบไฟล์ {name} ไม่ได้: เป็นโฟลเดอร์ ไม่ใช่ไฟล์")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(f"แนบไฟล์ {name} ไม่ได้: ไฟล์ใหญ่ {_size_text(size)} เกินขนาดที่แนบได้ "
                                  f"({MAX_LABEL} ต่อไฟล์)")
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except PermissionError:
        raise ValidationError(f"แนบไฟล์ {name} ไม่ได้: ไม่มีสิทธิ์อ่านไฟล์นี้")
    except OSError as exc:
        raise ValidationError(f"แนบไฟล์ {name} ไม่ได้: อ่านไฟล์ไม่ได้ ({exc.strerror or exc})")
    if len(data) > MAX_BYTES:  # grew while we looked
        raise ValidationError(f"แนบไฟล์ {name} ไม่ได้: ไฟล์ใหญ่เกินขนาดที่แนบได้ ({MAX_LABEL} ต่อไฟล์)")
    if not data:
        raise ValidationError(f"แนบไฟล์ {name} ไม่ได้: ไฟล์ว่าง (0 ไบต์)")
    return data


def attach_file(session: Session, report_id: int, path, title: str = "") -> int:
    """Copy a file into the workspace as evidence of a report; returns the attachment's id."""
    reports._unlocked(session, report_id)
    path = Path(path)
    data = _read(path)
    digest = hashlib.sha256(data).hexdigest()
    if session.get(AttachmentBlob, digest) is None:
        session.add(AttachmentBlob(sha256=digest, size=len(data), data=data))
        session.flush()
    last = session.scalar(select(func.max(ReportAttachment.position))
                          .where(ReportAttachment.report_id == report_id))
    attachment = ReportAttachment(report_id=report_id, position=0 if last is None else last + 1,
                                  file_name=path.name, sha256=digest, size=len(data),
                                  added_at=dt.datetime.now().replace(microsecond=0),
                                  added_by=reports.current_user(), title=(title or "").strip())
    session.add(attachment)
    session.flush()
    reports.audit(session, "report", report_id, "attach", attachment_id=attachment.id, file_name=path.name,
                  size=len(data), sha256=digest, title=attachment.title)
    return attachment.id


def _attachment(session: Session, attachment_id: int) -> ReportAttachment:
    attachment = session.get(ReportAttachment, attachment_id)
    if attachment is None:
        raise NotFoundError("ไม่พบไฟล์แนบนี้ (อาจถูกลบไปแล้ว)")
    return attachment


def attachment_data(session: Session, attachment_id: int) -> tuple[str, bytes]:
    """(the original file name, the bytes), after checking they are still what was attached."""
    attachment = _attachment(session, attachment_id)
    blob = session.get(AttachmentBlob, attachment.sha256)
    if blob is None:
        raise ValidationError(f"ไฟล์แนบ “{attachment.file_name}” หายไปจากพื้นที่ทำงาน — แนบไฟล์ใหม่อีกครั้ง")
    data = bytes(blob.data)
    if hashlib.sha256(data).hexdigest() != attachment.sha256 or len(data) != attachment.size:
        raise ValidationError(f"ไฟล์แนบ “{attachment.file_name}” ในพื้นที่ทำงานเสียหาย (ค่า SHA-256 ไม่ตรงกับตอนแนบ) "
                              "— กู้จากไฟล์สำรองหรือแนบไฟล์ใหม่อีกครั้ง")
    return attachment.file_name, data


def safe_file_name(name: str) -> str:
    """A file name that is safe in any folder on Windows, macOS and Linux (no path, no reserved characters)."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", Path(name.replace("\\", "/")).name).strip(" .")
    return name or "ไฟล์แนบ"


def extract_attachment(session: Session, attachment_id: int, folder) -> Path:
    """Write the attachment into `folder` under its original name (a number added if taken); returns the path."""
    file_name, data = attachment_data(session, attachment_id)
    folder = Path(folder)
    name = safe_file_name(file_name)
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stem} ({counter}){suffix}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"เขียนไฟล์แนบ “{file_name}” ลงโฟลเดอร์ “{folder}” ไม่ได้: {exc.strerror or exc}")
    return target


def update_attachment(session: Session, attachment_id: int, title: str) -> None:
    """Change what the attachment shows (its title in the evidence list)."""
    attachment = _attachment(session, attachment_id)
    reports._unlocked(session, attachment.report_id)
    title = (title or "").strip()
    if title == attachment.title:
        return
    before, attachment.title = attachment.title, title
    session.flush()
    reports.audit(session, "report", attachment.report_id, "update_attachment", attachment_id=attachment.id,
                  file_name=attachment.file_name, before=before, after=title)


def remove_attachment(session: Session, attachment_id: int) -> None:
    attachment = _attachment(session, attachment_id)
    report_id, digest, file_name = attachment.report_id, attachment.sha256, attachment.file_name
    reports._unlocked(session, report_id)
    session.delete(attachment)
    session.flush()
    still_used = session.scalar(select(func.count()).select_from(ReportAttachment)
                                .where(ReportAttachment.sha256 == digest))
    if not still_used:
        blob = session.get(AttachmentBlob, digest)
        if blob is not None:
            session.delete(blob)
    for position, other in enumerate(session.scalars(select(ReportAttachment)
                                                     .where(ReportAttachment.report_id == report_id)
                                                     .order_by(ReportAttachment.position, ReportAttachment.id))):
        other.position = position
    session.flush()
    reports.audit(session, "report", report_id, "remove_attachment", attachment_id=attachment_id,
                  file_name=file_name, sha256=digest)
