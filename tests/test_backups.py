"""Backups of a SQLite workspace (app/services/backups.py): on opening, on request, rotation, restore."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from app.migrations import HEAD_REVISION
from app.services import backups, plans
from app.services.errors import WorkspaceError
from app.services.workspace import create_workspace_engine, known_revisions, open_workspace, upgrade
from tests.support import make_plan


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_titles(path: Path) -> list[str]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in con.execute("SELECT title FROM plan ORDER BY id")]
    finally:
        con.close()


def integrity(path: Path) -> list:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


@pytest.fixture
def ws_path(tmp_path, sqlite_template) -> Path:
    path = tmp_path / "งานแผน.plandesk"
    path.write_bytes(sqlite_template.read_bytes())
    return path


def add_plan(path: Path, title: str) -> None:
    ws = open_workspace(path, backup=False)
    try:
        with ws.transaction() as s:
            make_plan(s, title=title)
    finally:
        ws.close()


def test_opening_backs_up_once_until_the_file_changes(ws_path):
    open_workspace(ws_path).close()
    first = backups.list_backups(ws_path)
    assert len(first) == 1 and first[0].reason == "auto"
    assert first[0].path.parent == ws_path.with_name("งานแผน.backups")
    for _ in range(3):  # opening and reading only: nothing new to keep
        ws = open_workspace(ws_path)
        with ws.session() as s:
            plans.list_plans(s)
        ws.close()
    assert backups.list_backups(ws_path) == first

    add_plan(ws_path, "แผนหลังสำรอง")
    open_workspace(ws_path).close()
    now = backups.list_backups(ws_path)
    assert len(now) == 2 and now[1] == first[0]
    assert plan_titles(now[0].path) == ["แผนหลังสำรอง"]
    assert plan_titles(now[1].path) == []
    assert integrity(now[0].path) == [("ok",)]
    # A backup opens on its own: no -wal is needed beside it.
    assert not Path(f"{now[0].path}-wal").exists()


def test_open_without_backup_and_new_files_take_none(tmp_path, ws_path):
    open_workspace(ws_path, backup=False).close()
    assert backups.list_backups(ws_path) == []
    fresh = tmp_path / "ใหม่.plandesk"
    open_workspace(fresh).close()  # nothing existed to back up
    assert backups.list_backups(fresh) == []


def test_manual_backup_is_taken_even_when_unchanged(ws_path):
    open_workspace(ws_path).close()
    info = backups.create_backup(ws_path)
    assert info.reason == "manual" and info.reason_label == "สำรองเอง"
    assert len(backups.list_backups(ws_path)) == 2
    assert info.path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_backup_that_fails_never_stops_the_workspace_opening(ws_path):
    ws_path.with_name("งานแผน.backups").write_text("ไม่ใช่โฟลเดอร์")  # mkdir cannot succeed
    ws = open_workspace(ws_path)
    ws.close()
    assert backups.list_backups(ws_path) == []
    with pytest.raises(WorkspaceError, match="สำรองข้อมูลไปที่"):
        backups.create_backup(ws_path)


def infos(stamps: list[dt.datetime]) -> list[backups.BackupInfo]:
    return sorted((backups.BackupInfo(Path(f"b{i}"), t, "auto", 1) for i, t in enumerate(stamps)),
                  key=lambda b: b.taken_at, reverse=True)


def test_rotation_keeps_the_last_ten_and_the_newest_of_each_month():
    stamps = [dt.datetime(2024, 1, 5) + dt.timedelta(days=3 * i) for i in range(40)]  # Jan → Apr
    listed = infos(stamps)
    kept = backups.to_keep(listed)
    newest_ten = listed[:10]
    assert all(b in kept for b in newest_ten)
    by_month = {}
    for b in listed:
        by_month.setdefault((b.taken_at.year, b.taken_at.month), b)
    assert set(kept) == set(newest_ten) | set(by_month.values())
    assert len(kept) == 10 + sum(1 for b in by_month.values() if b not in newest_ten)
    assert backups.to_keep(listed[:4]) == listed[:4]


def test_prune_deletes_files_beyond_the_rotation(ws_path):
    start = dt.datetime(2024, 1, 31, 9, 0, 0)
    made = [backups.create_backup(ws_path, "auto", now=start + dt.timedelta(days=2 * i)) for i in range(14)]
    left = backups.list_backups(ws_path)
    # Jan 31, Feb 2..28 (14 backups over Jan-Feb): the 10 newest + Jan 31 (the only one of January).
    assert [b.path for b in left] == [b.path for b in reversed(made[4:])] + [made[0].path]
    assert not any(b.path.exists() for b in made[1:4])


def test_partial_files_are_never_listed_and_stale_ones_are_removed(ws_path):
    open_workspace(ws_path).close()
    folder = backups.backup_dir(ws_path)
    fresh = folder / ".งานแผน-20240101-000000-auto.plandesk.abc.partial"
    stale = folder / ".งานแผน-20230101-000000-auto.plandesk.def.partial"
    for partial in (fresh, stale):
        partial.write_bytes(b"SQLite format 3\x00 half")
    old = time.time() - 2 * backups.STALE_PARTIAL_S
    os.utime(stale, (old, old))
    assert len(backups.list_backups(ws_path)) == 1
    removed = backups.prune(ws_path)
    assert stale in removed and not stale.exists()
    assert fresh.exists()  # may be a backup another window is writing right now


def test_same_second_backups_get_distinct_names(ws_path):
    now = dt.datetime(2024, 5, 1, 8, 0, 0)
    a = backups.create_backup(ws_path, now=now)
    b = backups.create_backup(ws_path, now=now)
    assert a.path != b.path and a.path.exists() and b.path.exists()
    assert backups.list_backups(ws_path)[0].path == b.path


# ---- restore --------------------------------------------------------------------------------------
def test_restore_brings_back_the_backup_and_keeps_the_current_one(ws_path):
    add_plan(ws_path, "แผนเดิม")
    kept = backups.create_backup(ws_path)
    add_plan(ws_path, "แผนที่เพิ่มภายหลัง")
    safety = backups.restore(ws_path, kept.path)
    assert safety.reason == "restore"
    assert plan_titles(ws_path) == ["แผนเดิม"]
    assert plan_titles(safety.path) == ["แผนเดิม", "แผนที่เพิ่มภายหลัง"]
    assert integrity(ws_path) == [("ok",)]
    ws = open_workspace(ws_path)
    try:
        with ws.session() as s:
            assert [p.title for p in plans.list_plans(s)] == ["แผนเดิม"]
    finally:
        ws.close()


def test_restore_while_another_window_has_the_workspace_open(ws_path):
    add_plan(ws_path, "ก่อน")
    kept = backups.create_backup(ws_path)
    other = open_workspace(ws_path, backup=False)
    try:
        with other.transaction() as s:
            make_plan(s, title="หลัง")
        backups.restore(ws_path, kept.path)
        with other.session() as s:  # the other window sees the restored workspace on refresh
            assert [p.title for p in plans.list_plans(s)] == ["ก่อน"]
    finally:
        other.close()


@pytest.mark.parametrize("content", [b"", "รายงาน ไม่ใช่ฐานข้อมูล".encode(), b"SQLite format 3\x00" + b"\x00" * 80])
def test_restore_refuses_what_is_not_a_workspace_and_changes_nothing(ws_path, tmp_path, content):
    add_plan(ws_path, "แผนปัจจุบัน")
    source = tmp_path / "อื่น.plandesk"
    source.write_bytes(content)
    before = digest(ws_path)
    with pytest.raises(WorkspaceError) as info:
        backups.restore(ws_path, source)
    assert "อื่น.plandesk" in info.value.message
    assert digest(ws_path) == before
    assert source.read_bytes() == content
    assert backups.list_backups(ws_path) == []  # refused before anything was written


def test_restore_refuses_another_apps_database(ws_path, tmp_path):
    source = tmp_path / "customers.db"
    con = sqlite3.connect(source)
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(WorkspaceError, match="ไม่ใช่พื้นที่ทำงาน PlanDesk"):
        backups.restore(ws_path, source)


def test_restore_refuses_a_newer_workspace(ws_path, tmp_path):
    source = tmp_path / "ใหม่กว่า.plandesk"
    source.write_bytes(ws_path.read_bytes())
    con = sqlite3.connect(source)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = digest(ws_path)
    with pytest.raises(WorkspaceError, match="รุ่นที่ใหม่กว่า"):
        backups.restore(ws_path, source)
    assert digest(ws_path) == before


def test_restore_refuses_the_workspace_itself(ws_path):
    with pytest.raises(WorkspaceError, match="พื้นที่ทำงานที่เปิดอยู่"):
        backups.restore(ws_path, ws_path)


def test_an_older_workspace_restored_is_upgraded_on_opening(ws_path, tmp_path):
    older = known_revisions()[-2]
    source = tmp_path / "เก่า.plandesk"
    engine = create_workspace_engine(f"sqlite:///{source}")
    upgrade(engine, older)
    engine.dispose()
    assert backups.check_workspace_file(source) == older
    backups.restore(ws_path, source)
    ws = open_workspace(ws_path)
    try:
        assert ws.backup_path is not None  # the usual copy before an upgrade
        with ws.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    finally:
        ws.close()


# ---- command line ---------------------------------------------------------------------------------
def test_cli_backup_list_restore_archive_unarchive(ws_path, tmp_path, capsys):
    from app.cli import main

    add_plan(ws_path, "แผนในสำเนา")
    assert main(["backup", "--db", str(ws_path)]) == 0
    made = backups.list_backups(ws_path)
    assert len(made) == 1 and made[0].reason == "manual"
    assert main(["backup", "--list", "--db", str(ws_path)]) == 0
    assert made[0].path.name in capsys.readouterr().out

    out = tmp_path / "ย้าย.zip"
    assert main(["archive", str(out), "--db", str(ws_path)]) == 0
    assert main(["archive", str(out), "--db", str(ws_path)]) == 1  # exists: needs --force
    assert "อยู่แล้ว" in capsys.readouterr().err
    target = tmp_path / "อีกเครื่อง.plandesk"
    assert main(["unarchive", str(out), str(target)]) == 0
    assert plan_titles(target) == ["แผนในสำเนา"]
    assert main(["unarchive", str(out), str(target)]) == 1
    assert main(["unarchive", str(out), str(target), "--force"]) == 0

    add_plan(ws_path, "แผนที่จะหายไปเมื่อกู้คืน")
    assert main(["restore", str(made[0].path), "--db", str(ws_path)]) == 0
    assert plan_titles(ws_path) == ["แผนในสำเนา"]
    assert main(["restore", str(out), "--db", str(ws_path)]) == 1  # a zip is not a backup file
    assert "ไม่ใช่ไฟล์พื้นที่ทำงาน" in capsys.readouterr().err
    assert main(["backup", "--db", "postgresql+psycopg://u@/plandesk"]) == 1
    assert "pg_dump" in capsys.readouterr().err


def test_same_second_backups_of_different_reasons_keep_their_order(ws_path):
    now = dt.datetime(2024, 5, 1, 8, 0, 0)
    first = backups.create_backup(ws_path, "auto", now=now)
    second = backups.create_backup(ws_path, "manual", now=now)
    third = backups.create_backup(ws_path, "restore", now=now)
    assert [b.path for b in backups.list_backups(ws_path)] == [third.path, second.path, first.path]


def test_an_empty_wal_left_by_another_window_does_not_count_as_a_change(ws_path):
    open_workspace(ws_path).close()
    wal = Path(f"{ws_path}-wal")
    wal.write_bytes(b"")  # what SQLite leaves while another window has the file open
    open_workspace(ws_path).close()
    assert len(backups.list_backups(ws_path)) == 1
