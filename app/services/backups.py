"""Backups of a SQLite workspace: taken when it is opened, on request, and before a restore.

Where: a folder ``<name>.backups`` beside the workspace file. The backups go wherever the
workspace goes (a USB stick, a shared folder), the user finds them next to the file they know,
a backup is written on the same volume so the final rename is atomic, and nothing depends on the
profile of whoever opened the file. A disk failure takes both: moving a copy elsewhere is what
the one-file archive (workspace_archive.py) is for.

How: SQLite's online backup API copies a consistent snapshot even while another window writes.
The copy is written under a dot-name ending in ``.partial`` and renamed only once it is complete
and on disk, so a backup killed half-way is never listed, restored from or counted.

Rotation: the 10 newest, plus the newest of every calendar month, are kept.
Opening a file that has not changed since its last backup (same size and modification time of
the file and its -wal) takes no new backup, so opening often does not churn.

PostgreSQL workspaces have no file to copy: backing them up is the administrator's pg_dump.
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app.services.errors import WorkspaceError

log = logging.getLogger(__name__)

KEEP_LAST = 10
STATE_FILE = ".last-backup.json"
PARTIAL_SUFFIX = ".partial"
STALE_PARTIAL_S = 600  # a partial this old belongs to a backup that was killed
REASONS = {"auto": "อัตโนมัติเมื่อเปิด", "manual": "สำรองเอง", "restore": "ก่อนกู้คืน", "import": "ก่อนนำเข้า"}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z]+)\.plandesk$")
PG_NOTE = ("พื้นที่ทำงานนี้อยู่บนฐานข้อมูล PostgreSQL ซึ่งไม่มีไฟล์ให้สำรอง — "
           "ผู้ดูแลระบบสำรองและกู้คืนด้วย pg_dump / pg_restore")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def backup_dir(workspace_path: Path) -> Path:
    workspace_path = Path(workspace_path)
    return workspace_path.with_name(f"{workspace_path.stem}.backups")


def _parse(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, taken, match["reason"], size)


def list_backups(workspace_path: Path) -> list[BackupInfo]:
    """Complete backups of the workspace, newest first (partial files are never listed)."""
    folder = backup_dir(workspace_path)
    if not folder.is_dir():
        return []
    found = [info for info in map(_parse, folder.iterdir()) if info is not None]
    # The name's counter orders backups taken within the same second.
    return sorted(found, key=lambda b: (b.taken_at, _counter(b.path)), reverse=True)


def _counter(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match["n"] or 0) if match else 0


def _fingerprint(path: Path) -> dict:
    def stat(p: Path):
        try:
            st = p.stat()
        except FileNotFoundError:
            return None
        return [st.st_size, st.st_mtime_ns]

    wal = stat(path.with_name(path.name + "-wal"))
    # An empty -wal holds no changes; SQLite recreates it (new mtime) whenever a window opens the file.
    return {"db": stat(path), "wal": wal if wal and wal[0] else None}


def _read_state(folder: Path) -> dict:
    try:
        return json.loads((folder / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(folder: Path, state: dict) -> None:
    tmp = folder / f"{STATE_FILE}.{os.getpid()}{PARTIAL_SUFFIX}"
    tmp.write_text(json.dumps(state), "utf-8")
    os.replace(tmp, folder / STATE_FILE)


def _source_connection(path: Path, live: bool = False) -> sqlite3.Connection:
    """A connection that only reads. A live workspace (others may write to it meanwhile) takes part
    in SQLite's locking like any window does. A file picked to restore from is opened read-only,
    and immutable when fully checkpointed, so no -wal/-shm are left beside it."""
    if live:
        con = sqlite3.connect(path)
        con.execute("PRAGMA busy_timeout = 5000")
        return con
    uri = f"{path.as_uri()}?mode=ro"
    with path.open("rb") as fh:
        header = fh.read(20)
    if header[18:20] == b"\x02\x02" and not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    con = sqlite3.connect(uri, uri=True)
    con.execute("PRAGMA busy_timeout = 5000")
    return con


def write_copy(source: Path, target: Path, *, live: bool = True) -> Path:
    """A consistent copy of source at target, written to a partial name, synced, then renamed."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src = _source_connection(source, live)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # A copy that opens on its own: no -wal needed beside it.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())  # the data is on disk before the name says it is complete
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _target_name(folder: Path, stem: str, reason: str, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    # Backups of the same second, whatever their reason, are ordered by a counter in the name.
    taken = [_counter(p) for p in folder.glob(f"{glob.escape(stem)}-{stamp}-*.plandesk") if _parse(p)]
    if not taken:
        return folder / f"{stem}-{stamp}-{reason}.plandesk"
    return folder / f"{stem}-{stamp}-{max(max(taken) + 1, 2)}-{reason}.plandesk"


def create_backup(workspace_path: Path, reason: str = "manual", *, now: dt.datetime | None = None,
                  keep_last: int = KEEP_LAST) -> BackupInfo:
    """Back the workspace up now (whatever its state) and rotate the folder."""
    workspace_path = Path(workspace_path)
    if not workspace_path.is_file():
        raise WorkspaceError(f"ไม่พบไฟล์พื้นที่ทำงาน “{workspace_path}” จึงสำรองข้อมูลไม่ได้")
    folder = backup_dir(workspace_path)
    try:
        folder.mkdir(exist_ok=True)
        fingerprint = _fingerprint(workspace_path)
        target = _target_name(folder, workspace_path.stem, reason, now or dt.datetime.now())
        write_copy(workspace_path, target)
        _write_state(folder, {"source": fingerprint, "backup": target.name})
    except (OSError, sqlite3.Error) as exc:
        raise WorkspaceError(f"สำรองข้อมูลไปที่ “{folder}” ไม่ได้: {getattr(exc, 'strerror', None) or exc}")
    prune(workspace_path, keep_last=keep_last)
    log.info("backed up %s to %s (%s)", workspace_path, target, reason)
    return _parse(target)


def auto_backup(workspace_path: Path, *, now: dt.datetime | None = None) -> BackupInfo | None:
    """The backup taken on opening: skipped when nothing changed since the last one. Never raises —
    a workspace that cannot be backed up (read-only folder, full disk) still opens; the log says why."""
    workspace_path = Path(workspace_path)
    try:
        folder = backup_dir(workspace_path)
        state = _read_state(folder)
        if (state.get("source") == _fingerprint(workspace_path) and state.get("backup")
                and (folder / state["backup"]).is_file()):
            return None
        return create_backup(workspace_path, "auto", now=now)
    except Exception:  # noqa: BLE001 — opening the workspace matters more than its backup
        log.exception("automatic backup of %s failed", workspace_path)
        return None


def to_keep(backups: list[BackupInfo], keep_last: int = KEEP_LAST) -> list[BackupInfo]:
    """The newest keep_last, plus the newest of each month; backups is newest first."""
    keep = list(backups[:keep_last])
    months = set()
    for info in backups:
        month = (info.taken_at.year, info.taken_at.month)
        if month not in months:
            months.add(month)
            if info not in keep:
                keep.append(info)
    return keep


def prune(workspace_path: Path, *, keep_last: int = KEEP_LAST, stale_after_s: float = STALE_PARTIAL_S) -> list[Path]:
    """Delete backups beyond the rotation and partial files left by killed backups; returns what went."""
    backups = list_backups(workspace_path)
    keep = {info.path for info in to_keep(backups, keep_last)}
    removed = []
    for info in backups:
        if info.path not in keep:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    folder = backup_dir(workspace_path)
    cutoff = time.time() - stale_after_s
    for partial in folder.glob(f".*{PARTIAL_SUFFIX}") if folder.is_dir() else ():
        try:
            if partial.stat().st_mtime < cutoff:
                partial.unlink()
                removed.append(partial)
        except FileNotFoundError:
            pass
    return removed


def check_workspace_file(path: Path) -> str:
    """The schema revision of a file that may replace a workspace; WorkspaceError (Thai) when it is
    not a PlanDesk workspace, is empty, damaged, or made by a newer PlanDesk. Never writes to it."""
    from app.services.workspace import _inspect_sqlite_file, known_revisions

    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(f"ไม่พบไฟล์ “{path}”")
    revision = _inspect_sqlite_file(path)
    if revision is None:
        raise WorkspaceError(f"ไฟล์ “{path.name}” ว่างเปล่า ไม่ใช่พื้นที่ทำงาน PlanDesk")
    if revision not in known_revisions():
        raise WorkspaceError(f"“{path.name}” สร้างด้วย PlanDesk รุ่นที่ใหม่กว่า (โครงสร้างรุ่น {revision}) "
                             "— กรุณาปรับปรุงโปรแกรมก่อน ไม่ได้ใช้ไฟล์นี้")
    con = _source_connection(path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"ไฟล์ “{path.name}” เสียหาย ({exc}) — ไม่ได้ใช้ไฟล์นี้")
    finally:
        con.close()
    if result != [("ok",)]:
        raise WorkspaceError(f"ไฟล์ “{path.name}” เสียหาย (ตรวจความสมบูรณ์ไม่ผ่าน) — ไม่ได้ใช้ไฟล์นี้")
    return revision


def replace_contents(workspace_path: Path, source: Path) -> None:
    """Write source's pages into the workspace through the backup API: one transaction that another
    process sees whole or not at all, and that a crash rolls back (no file is swapped under a
    -wal that belongs to the old one)."""
    src = _source_connection(Path(source))
    dst = sqlite3.connect(workspace_path)
    try:
        dst.execute("PRAGMA busy_timeout = 5000")
        src.backup(dst)
    except sqlite3.Error as exc:
        raise WorkspaceError(f"เขียนข้อมูลลงพื้นที่ทำงาน “{workspace_path}” ไม่ได้: {exc} — ข้อมูลเดิมยังอยู่ครบ")
    finally:
        dst.close()
        src.close()


def restore(workspace_path: Path, source: Path) -> BackupInfo:
    """Replace the workspace with source (a backup or any PlanDesk workspace file of this version or
    older). The current contents are backed up first; returns that backup. Close the workspace in
    this process first; an older file is upgraded the next time it is opened."""
    workspace_path, source = Path(workspace_path), Path(source)
    check_workspace_file(source)
    if workspace_path.exists() and source.resolve() == workspace_path.resolve():
        raise WorkspaceError("ไฟล์ที่เลือกคือพื้นที่ทำงานที่เปิดอยู่ เลือกไฟล์สำรองไฟล์อื่น")
    safety = create_backup(workspace_path, "restore")
    replace_contents(workspace_path, source)
    log.info("restored %s from %s; previous contents kept in %s", workspace_path, source, safety.path)
    return safety
