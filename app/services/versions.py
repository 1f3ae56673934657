"""Row versions (issue 7): detecting an edit made on a copy someone else has changed since.

Versioned tables carry a `version` column that SQLAlchemy checks and bumps on every ORM UPDATE
(`version_id_col`). Within one unit of work that guards against a race between reading and
writing (PostgreSQL, READ COMMITTED). Across units of work the screen keeps the version it
loaded and passes it back as `expected_version`; `check()` refuses with a Thai ConflictError
when the row moved on. The caller may then reload, or retry with `err.current_version` to apply
its edit on top of the newer row (“บันทึกทับ”). None as the expected version means "do not
check" (demo builders, imports, the CLI).
"""
from __future__ import annotations

import datetime as dt

from app.services.errors import ConflictError

RELOAD_OR_OVERWRITE = "โหลดใหม่ หรือ บันทึกทับ"


def conflict_message(what: str = "รายการนี้", changed_at: dt.datetime | None = None, changed_by: str = "") -> str:
    when = f"เมื่อ {changed_at:%H:%M} น. วันที่ {changed_at.day}/{changed_at.month}/{changed_at.year + 543}" \
        if changed_at else "เมื่อสักครู่ (หลังจากที่คุณเปิดไว้)"
    who = f" ({changed_by})" if changed_by else ""
    space = " " if what.endswith("”") else ""
    return f"{what}{space}ถูกแก้ไขโดยผู้อื่น{who}{when} — {RELOAD_OR_OVERWRITE}"


def check(obj, expected: int | None, what: str = "รายการนี้", *, changed_at: dt.datetime | None = None,
          changed_by: str = "") -> None:
    """Refuse (ConflictError) when the row's version is not the one the user loaded."""
    if expected is None or obj.version == expected:
        return
    raise ConflictError(conflict_message(what, changed_at, changed_by), current_version=obj.version)


def bump(obj) -> None:
    """Count a change kept in a child table (an item's months) as a change of the row itself:
    the UPDATE sets version+1 WHERE version is the one read, so it is checked like any edit."""
    obj.version = obj.version + 1


def stale_error() -> ConflictError:
    """What a StaleDataError (the row changed between reading and writing) is shown as."""
    return ConflictError(conflict_message(), current_version=None)
