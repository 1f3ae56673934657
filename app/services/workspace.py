"""Opening a workspace: a SQLite file (default) or any SQLAlchemy URL such as PostgreSQL.

Opening checks what the database is before touching it: a foreign file or a workspace from a
newer PlanDesk is refused and left as it was; an older workspace is copied to a backup and then
upgraded with Alembic.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import APP_NAME
from app.migrations import HEAD_REVISION
from app.services import permissions  # noqa: F401 — registers the role checks on every Session (issue 7)
from app.services.errors import WorkspaceError

log = logging.getLogger(__name__)

WORKSPACE_SUFFIX = ".plandesk"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
READ_OPTION = "plandesk_reading"


def default_workspace_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / f"workspace{WORKSPACE_SUFFIX}"


def resolve_url(db: str | Path | None) -> str:
    """--db value → SQLAlchemy URL: a path becomes sqlite:///…; a URL is taken as is."""
    if db is None:
        path = default_workspace_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    value = str(db)
    if "://" in value:
        try:
            make_url(value)
        except ArgumentError:
            raise WorkspaceError(f"ที่อยู่ฐานข้อมูล “{value}” ไม่ถูกต้อง")
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


@dataclass
class Workspace:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    readers: sessionmaker[Session]
    backup_path: Path | None = None  # set when opening upgraded an older workspace

    @property
    def path(self) -> Path | None:
        return _sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        path = self.path
        return str(path) if path else make_url(self.url).render_as_string(hide_password=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises.

        A row changed by another connection between this unit's read and its write (row version,
        issue 7) is reported as a Thai ConflictError, like a stale expected_version."""
        from sqlalchemy.orm.exc import StaleDataError

        try:
            with self.sessions() as session, session.begin():
                yield session
        except StaleDataError:
            from app.services.versions import stale_error

            raise stale_error() from None

    def session(self) -> Session:
        """A session for reading (it may still write; it just does not take the lock up front)."""
        return self.readers()

    def close(self) -> None:
        self.engine.dispose()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Autocommit off for pysqlite's own transaction handling; SQLAlchemy emits BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit is on disk when it returns, so an edit survives a power cut too.
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # IMMEDIATE takes the write lock up front, so two windows on one file queue up
        # (busy timeout) instead of failing half-way through a unit of work. Sessions made for
        # reading (Workspace.session) begin deferred: in WAL mode they read a snapshot and never
        # hold writers up, however long they stay open (a PDF of a big plan takes seconds).
        reading = conn.get_execution_options().get(READ_OPTION)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def create_workspace_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _inspect_sqlite_file(path: Path) -> str | None:
    """Read-only look at an existing file: its revision, None when empty. Never writes."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header:
        return None
    if header[:16] != SQLITE_MAGIC:
        raise WorkspaceError(f"ไฟล์ “{path}” ไม่ใช่ไฟล์พื้นที่ทำงาน PlanDesk (ไม่ใช่ฐานข้อมูล SQLite) "
                             "— ไม่ได้เปิดและไม่ได้แก้ไขไฟล์นี้")
    uri = f"{path.as_uri()}?mode=ro"
    if header[18:20] == b"\x02\x02" and not path.with_name(path.name + "-wal").exists():
        # A WAL-mode file with no -wal is fully checkpointed. A plain read-only open would
        # still create -wal and -shm beside it and, being read-only, leave them there.
        uri += "&immutable=1"
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise WorkspaceError(f"เปิดไฟล์ “{path}” ไม่ได้: {exc}")
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return _revision_from(path.name, tables,
                              lambda sql: con.execute(sql).fetchall())
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"ไฟล์ “{path}” เสียหายหรือไม่ใช่ฐานข้อมูลที่อ่านได้ ({exc}) "
                             "— ไม่ได้แก้ไขไฟล์นี้")
    finally:
        con.close()


def _revision_from(name: str, tables: set[str], query) -> str | None:
    if not tables:
        return None
    marker = "workspace_info" in tables and any(
        row[0] == APP_NAME for row in query("SELECT value FROM workspace_info WHERE key='application'"))
    if not marker or "alembic_version" not in tables:
        raise WorkspaceError(f"“{name}” มีข้อมูลอื่นอยู่แล้วและไม่ใช่พื้นที่ทำงาน PlanDesk "
                             "— ไม่ได้แก้ไขข้อมูลนี้")
    rows = query("SELECT version_num FROM alembic_version")
    if len(rows) != 1:
        raise WorkspaceError(f"พื้นที่ทำงาน “{name}” มีข้อมูลรุ่นของโครงสร้างไม่ถูกต้อง")
    return rows[0][0]


def _inspect_engine(engine: Engine, name: str) -> str | None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        return _revision_from(name, tables, lambda sql: conn.execute(text(sql)).fetchall())


def known_revisions() -> list[str]:
    """Every revision the installed migrations know, oldest first."""
    script = _script_directory()
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "app:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def copy_sqlite(path: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite file through SQLite's online backup API."""
    src = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def backup_sqlite(path: Path, tag: str) -> Path:
    """A timestamped copy next to the workspace (before an upgrade)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{tag}-{stamp}{path.suffix or WORKSPACE_SUFFIX}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.backup-{tag}-{stamp}-{counter}{path.suffix}")
        counter += 1
    return copy_sqlite(path, target)


def open_workspace(db: str | Path | None = None, *, create: bool = True, backup: bool = True) -> Workspace:
    """Open (creating or upgrading as needed) the workspace at db; see the module docstring.

    With create=False a missing SQLite file is an error instead of a new empty workspace
    (commands that only read, such as `plandesk info`). An existing SQLite workspace is backed up
    on opening unless backup=False (app/services/backups.py: skipped when unchanged since the last).
    """
    url = resolve_url(db)
    path = _sqlite_path(url)
    if path is not None:
        if not create and not path.exists():
            raise WorkspaceError(f"ไม่พบไฟล์พื้นที่ทำงาน “{path}”")
        if path.is_dir():
            raise WorkspaceError(f"“{path}” เป็นโฟลเดอร์ ไม่ใช่ไฟล์พื้นที่ทำงาน")
        if not path.parent.exists():
            raise WorkspaceError(f"ไม่พบโฟลเดอร์ “{path.parent}” สำหรับไฟล์พื้นที่ทำงาน")
        revision = _inspect_sqlite_file(path) if path.exists() else None
        if revision == HEAD_REVISION and backup:
            # Older revisions get their own copy just before the upgrade below.
            from app.services.backups import auto_backup

            auto_backup(path)
        engine = create_workspace_engine(url)
    else:
        engine = create_workspace_engine(url)
        try:
            revision = _inspect_engine(engine, make_url(url).database or url)
        except OperationalError as exc:
            engine.dispose()
            raise WorkspaceError(f"เชื่อมต่อฐานข้อมูลไม่ได้: {exc.orig}")
        except WorkspaceError:
            engine.dispose()
            raise
    backup_path = None
    try:
        if revision != HEAD_REVISION:
            if revision is not None and revision not in known_revisions():
                raise WorkspaceError(
                    f"พื้นที่ทำงาน “{path or url}” สร้างด้วย PlanDesk รุ่นที่ใหม่กว่า (โครงสร้างรุ่น {revision}) "
                    "— กรุณาปรับปรุงโปรแกรมก่อนเปิดไฟล์นี้ ไม่ได้แก้ไขไฟล์")
            if revision is not None and path is not None:
                backup_path = backup_sqlite(path, f"r{revision}")
                log.info("backed up %s to %s before upgrading", path, backup_path)
            upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    readers = sessionmaker(engine.execution_options(**{READ_OPTION: True}), expire_on_commit=False)
    return Workspace(url=url, engine=engine, sessions=sessions, readers=readers, backup_path=backup_path)
