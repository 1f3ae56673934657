"""Opening workspaces: create, refuse foreign or newer files untouched, upgrade older ones after a backup."""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.migrations import HEAD_REVISION
from app.services import workspace as workspace_mod
from app.services.errors import WorkspaceError
from app.services.workspace import BUSY_TIMEOUT_MS, open_workspace, resolve_url
from tests.support import dump_tables, make_plan

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_new_file_is_created_at_head(tmp_path):
    path = tmp_path / "ใหม่.plandesk"
    ws = open_workspace(path)
    try:
        assert path.is_file()
        assert ws.path == path and ws.display_name == str(path)
        assert ws.backup_path is None
        with ws.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD_REVISION]
            assert conn.execute(text("SELECT value FROM workspace_info WHERE key='application'")).scalar() == "PlanDesk"
    finally:
        ws.close()
    ws = open_workspace(str(path))  # opening again upgrades nothing; only the automatic backup
    ws.close()
    assert ws.backup_path is None
    assert listing(tmp_path) == {"ใหม่.plandesk", "ใหม่.backups"}  # issue 7: backups.py


def test_empty_file_becomes_a_workspace(tmp_path):
    path = tmp_path / "empty.plandesk"
    path.write_bytes(b"")
    open_workspace(path).close()
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_sqlite_pragmas_on_every_connection(tmp_path):
    ws = open_workspace(tmp_path / "ws.plandesk")
    try:
        for _ in range(2):
            with ws.engine.connect() as conn:
                pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
                assert pragma("foreign_keys") == 1
                assert pragma("journal_mode") == "wal"
                assert pragma("busy_timeout") == BUSY_TIMEOUT_MS >= 1000
                assert pragma("synchronous") == 2  # FULL
            ws.engine.dispose()  # the next round gets a brand-new connection
    finally:
        ws.close()


def test_foreign_keys_are_enforced(workspace):
    with pytest.raises(Exception, match="(?i)foreign key"):
        with workspace.transaction() as s:
            s.execute(text("INSERT INTO plan_item (plan_id, position, kind, title, deliverable, responsible,"
                           " related, remark) VALUES (424242, 0, 'activity', '', '', '', '', '')"))


@pytest.mark.parametrize("content", [
    "แผนงานปี 2567\nไม่ใช่ฐานข้อมูล\n".encode(),  # a text file
    PNG_HEADER,
    b"SQLite",  # shorter than the header
    b"SQLite format 3\x00" + b"\x00" * 50,  # right magic, broken body
])
def test_non_sqlite_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "เอกสาร.plandesk"
    path.write_bytes(content)
    with pytest.raises(WorkspaceError) as info:
        open_workspace(path)
    assert "ไม่ได้" in str(info.value) and "เอกสาร.plandesk" in str(info.value)
    assert path.read_bytes() == content
    assert listing(tmp_path) == {"เอกสาร.plandesk"}  # no -wal, -shm or -journal appeared


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_sqlite_database_of_another_app_is_refused_untouched(tmp_path, journal_mode):
    path = tmp_path / "customers.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA journal_mode={journal_mode}")
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customer (name) VALUES ('สมชาย')")
    con.commit()
    con.close()
    before, files = digest(path), listing(tmp_path)
    with pytest.raises(WorkspaceError, match="ไม่ใช่พื้นที่ทำงาน PlanDesk"):
        open_workspace(path)
    assert digest(path) == before
    assert listing(tmp_path) == files


def test_look_alike_without_marker_or_version_is_refused(tmp_path):
    path = tmp_path / "lookalike.plandesk"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE workspace_info (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO workspace_info VALUES ('application', 'OtherApp')")
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute(f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(WorkspaceError, match="ไม่ใช่พื้นที่ทำงาน PlanDesk"):
        open_workspace(path)
    assert digest(path) == before


def _set_versions(ws, versions: list[str]) -> None:
    with ws.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        for version in versions:
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})


def test_newer_workspace_is_refused_unchanged(workspace, backend):
    with workspace.transaction() as s:
        make_plan(s)
    _set_versions(workspace, ["9999"])
    before = dump_tables(workspace)
    workspace.close()
    files = listing(workspace.path.parent) if backend == "sqlite" else None
    hash_before = digest(workspace.path) if backend == "sqlite" else None
    with pytest.raises(WorkspaceError) as info:
        open_workspace(workspace.url)
    assert "รุ่นที่ใหม่กว่า" in str(info.value) and "9999" in str(info.value)
    if backend == "sqlite":
        assert digest(workspace.path) == hash_before
        assert listing(workspace.path.parent) == files  # and no backup was written
    assert dump_tables(workspace) == before


@pytest.mark.parametrize("versions", [[], [HEAD_REVISION, "0000"]])
def test_broken_version_table_is_refused(workspace, versions):
    _set_versions(workspace, versions)
    before = dump_tables(workspace)
    workspace.close()
    with pytest.raises(WorkspaceError, match="ข้อมูลรุ่นของโครงสร้างไม่ถูกต้อง"):
        open_workspace(workspace.url)
    assert dump_tables(workspace) == before


def test_foreign_postgresql_database_is_refused_unchanged(pg_db_url):
    db_url = pg_db_url
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customer (id serial PRIMARY KEY, name text)"))
        conn.execute(text("INSERT INTO customer (name) VALUES ('สมชาย')"))
    try:
        with pytest.raises(WorkspaceError, match="ไม่ใช่พื้นที่ทำงาน PlanDesk"):
            open_workspace(db_url)
        with engine.connect() as conn:
            tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'")).scalars()
            assert sorted(tables) == ["customer"]
    finally:
        engine.dispose()


def test_unreachable_server_is_a_workspace_error():
    with pytest.raises(WorkspaceError, match="เชื่อมต่อฐานข้อมูลไม่ได้"):
        open_workspace("postgresql+psycopg://nobody@/nothing?host=/nonexistent-plandesk-socket-dir")


def test_bad_paths_and_urls(tmp_path):
    with pytest.raises(WorkspaceError, match="เป็นโฟลเดอร์"):
        open_workspace(tmp_path)
    with pytest.raises(WorkspaceError, match="ไม่พบโฟลเดอร์"):
        open_workspace(tmp_path / "missing" / "ws.plandesk")
    assert not (tmp_path / "missing").exists()
    with pytest.raises(WorkspaceError, match="ไม่ถูกต้อง"):
        resolve_url("not a url://x")
    assert resolve_url(tmp_path / "a.plandesk") == f"sqlite:///{tmp_path / 'a.plandesk'}"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_two_windows_on_one_file_queue_up(tmp_path):
    """A second writer waits for the first (BEGIN IMMEDIATE + busy timeout) instead of failing."""
    path = tmp_path / "shared.plandesk"
    first, second = open_workspace(path), open_workspace(path)
    try:
        with first.transaction() as s:
            plan_id = make_plan(s)
        done = threading.Event()
        errors = []

        def write_later():
            try:
                with second.transaction() as s:
                    from app.services import plans

                    plans.rename_plan(s, plan_id, "จากหน้าต่างที่สอง")
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            done.set()

        with first.transaction() as s:
            from app.services import plans

            plans.rename_plan(s, plan_id, "จากหน้าต่างแรก")
            thread = threading.Thread(target=write_later)
            thread.start()
            assert not done.wait(0.3)  # blocked while the first holds the write lock
        thread.join(10)
        assert done.is_set() and not errors
        with first.session() as s:
            assert plans.plan_info(s, plan_id).title == "จากหน้าต่างที่สอง"
    finally:
        first.close()
        second.close()


# --- upgrades --------------------------------------------------------------------------------

def build_at_revision(path: Path, revision: str) -> None:
    engine = workspace_mod.create_workspace_engine(f"sqlite:///{path}")
    try:
        workspace_mod.upgrade(engine, revision)
    finally:
        engine.dispose()


OLDER = workspace_mod.known_revisions()[:-1]


@pytest.mark.skipif(not OLDER, reason="only one schema revision exists so far")
@pytest.mark.parametrize("revision", OLDER)
def test_older_real_revision_is_backed_up_and_upgraded(tmp_path, revision):
    path = tmp_path / "old.plandesk"
    build_at_revision(path, revision)
    before = _content(path)
    ws = open_workspace(path)
    try:
        assert ws.backup_path is not None and ws.backup_path.exists()
        assert _content(ws.backup_path) == before
        assert _version(ws.backup_path) == revision
        with ws.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    finally:
        ws.close()


def _content(path: Path) -> list[str]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _version(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


NEXT_MIGRATION = '''"""Test-only revision on top of the real head.

Revision ID: 9000
Revises: {head}
"""
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("upgrade_probe")
'''


def test_workspace_one_revision_behind_is_backed_up_then_upgraded(tmp_path, monkeypatch):
    """Today's head plays "older": a test-only revision 9000 is stacked on the real scripts."""
    import shutil

    import app.migrations

    scripts = tmp_path / "migrations"
    shutil.copytree(Path(app.migrations.__file__).parent, scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_probe.py").write_text(NEXT_MIGRATION.format(head=HEAD_REVISION))

    path = tmp_path / "old.plandesk"
    ws = open_workspace(path)  # at today's head, with some work in it
    with ws.transaction() as s:
        plan_id = make_plan(s, title="งานเดิม")
    ws.close()
    before = _content(path)

    real_config = workspace_mod._alembic_config

    def config(connection=None):
        cfg = real_config(connection)
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(workspace_mod, "_alembic_config", config)
    monkeypatch.setattr(workspace_mod, "HEAD_REVISION", "9000")
    assert workspace_mod.known_revisions() == [*workspace_mod.known_revisions()[:-1], "9000"]

    ws = open_workspace(path)
    try:
        backup = ws.backup_path
        assert backup is not None and backup.exists() and backup.parent == tmp_path
        assert f".backup-r{HEAD_REVISION}-" in backup.name and backup.suffix == ".plandesk"
        assert _content(backup) == before  # the backup is the workspace as it was
        assert _version(backup) == HEAD_REVISION
        with ws.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9000"
            assert conn.execute(text("SELECT count(*) FROM upgrade_probe")).scalar() == 0
            assert conn.execute(text("SELECT title FROM plan WHERE id = :i"), {"i": plan_id}).scalar() == "งานเดิม"
    finally:
        ws.close()
    again = open_workspace(path)
    again.close()
    assert again.backup_path is None


def test_a_long_read_does_not_hold_up_a_write(tmp_path):
    """Printing a big plan reads for seconds; edits made meanwhile must not wait for it."""
    import time

    from app.services import items, plans
    from app.services.demo import build_demo

    ws = open_workspace(tmp_path / "r.plandesk")
    with ws.transaction() as session:
        plan_id = build_demo(session)
    with ws.session() as reader:
        before = plans.load_rows(reader, plan_id)  # a read transaction is open from here on
        start = time.perf_counter()
        with ws.transaction() as writer:
            items.update_item(writer, before[3].id, title="แก้ไขระหว่างพิมพ์")
        assert time.perf_counter() - start < 1.0
        assert plans.load_rows(reader, plan_id)[3].title == before[3].title  # its snapshot holds
    with ws.session() as fresh:
        assert plans.load_rows(fresh, plan_id)[3].title == "แก้ไขระหว่างพิมพ์"
    ws.close()
