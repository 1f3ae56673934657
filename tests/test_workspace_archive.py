"""One-file archive of a workspace (app/services/workspace_archive.py): export, verify, import."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app import __version__
from app.migrations import HEAD_REVISION
from app.models import AttachmentBlob
from app.services import backups
from app.services import workspace_archive as archive
from app.services.errors import WorkspaceError
from app.services.workspace import open_workspace
from tests.support import dump_tables, make_plan

BLOB = bytes(range(256)) * 64  # an evidence attachment (stored inside the database)


@pytest.fixture
def source(tmp_path, sqlite_template) -> Path:
    path = tmp_path / "สำนักงาน" / "งานแผน.plandesk"
    path.parent.mkdir()
    path.write_bytes(sqlite_template.read_bytes())
    ws = open_workspace(path, backup=False)
    with ws.transaction() as s:
        make_plan(s, title="แผนปฏิบัติการ พ.ศ. 2567")
        s.add(AttachmentBlob(sha256=hashlib.sha256(BLOB).hexdigest(), size=len(BLOB), data=BLOB))
    ws.close()
    return path


def tables(path: Path) -> dict:
    ws = open_workspace(path, backup=False)
    try:
        return dump_tables(ws)
    finally:
        ws.close()


def test_export_then_import_on_another_pc_gives_the_same_workspace(source, tmp_path):
    out = tmp_path / "ย้าย.zip"
    manifest = archive.export_archive(source, out)
    assert manifest.app_version == __version__ and manifest.schema_revision == HEAD_REVISION
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "workspace.plandesk"]
        data = json.loads(zf.read("manifest.json"))
        assert hashlib.sha256(zf.read("workspace.plandesk")).hexdigest() == data["sha256"] == manifest.sha256
    assert data["format"] == "plandesk-workspace-archive" and data["created_at"][:2] == "20"

    other_pc = tmp_path / "อีกเครื่อง"
    other_pc.mkdir()
    target = other_pc / "งานแผน.plandesk"
    assert archive.import_archive(out, target) == manifest
    assert tables(target) == tables(source)
    con = sqlite3.connect(target)
    try:
        assert con.execute("SELECT data FROM attachment_blob").fetchone()[0] == BLOB
    finally:
        con.close()
    assert sorted(p.name for p in other_pc.iterdir()) == ["งานแผน.plandesk"]  # no partial left behind


def test_export_never_overwrites_without_being_asked(source, tmp_path):
    out = tmp_path / "มีอยู่แล้ว.zip"
    out.write_bytes(b"old")
    with pytest.raises(WorkspaceError, match="อยู่แล้ว"):
        archive.export_archive(source, out)
    assert out.read_bytes() == b"old"
    archive.export_archive(source, out, overwrite=True)
    assert archive.read_manifest(out).source_name == "งานแผน.plandesk"


def test_postgresql_workspace_is_not_exported(tmp_path):
    with pytest.raises(WorkspaceError, match="pg_dump"):
        archive.export_archive(None, tmp_path / "x.zip")


def test_import_never_overwrites_without_being_asked_and_backs_up_when_it_does(source, tmp_path, sqlite_template):
    out = tmp_path / "ย้าย.zip"
    archive.export_archive(source, out)
    target = tmp_path / "ปลายทาง.plandesk"
    target.write_bytes(sqlite_template.read_bytes())
    before = target.read_bytes()
    with pytest.raises(WorkspaceError, match="อยู่แล้ว"):
        archive.import_archive(out, target)
    assert target.read_bytes() == before
    archive.import_archive(out, target, overwrite=True)
    assert tables(target) == tables(source)
    kept = backups.list_backups(target)
    assert [b.reason for b in kept] == ["import"]
    assert tables(kept[0].path)["plan"] == []  # what the target held before


def test_import_refuses_to_replace_a_file_that_is_not_a_workspace(source, tmp_path):
    out = tmp_path / "ย้าย.zip"
    archive.export_archive(source, out)
    target = tmp_path / "บันทึก.txt"
    target.write_text("ข้อความของผู้ใช้", "utf-8")
    with pytest.raises(WorkspaceError):
        archive.import_archive(out, target, overwrite=True)
    assert target.read_text("utf-8") == "ข้อความของผู้ใช้"


def rewrite(out: Path, to: Path, *, manifest=None, database=None, extra=None) -> Path:
    with zipfile.ZipFile(out) as zf:
        m = json.loads(zf.read("manifest.json"))
        db = zf.read("workspace.plandesk")
    if manifest:
        m.update(manifest)
    with zipfile.ZipFile(to, "w") as zf:
        zf.writestr("manifest.json", json.dumps(m))
        zf.writestr("workspace.plandesk", db if database is None else database(db))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return to


@pytest.mark.parametrize("case, message", [
    ("not zip", "ไม่ใช่ไฟล์ zip"),
    ("other zip", "ไม่ตรงตามรูปแบบ"),
    ("tampered", "sha256 ไม่ตรง"),
    ("truncated", "sha256 ไม่ตรง"),
    ("newer schema", "รุ่นที่ใหม่กว่า"),
    ("newer format", "รุ่นที่ใหม่กว่า"),
    ("extra file", "ไม่ตรงตามรูปแบบ"),
    ("not ours", "ไม่ใช่ไฟล์พื้นที่ทำงาน PlanDesk"),
])
def test_import_refuses_anything_else_in_thai_and_writes_nothing(source, tmp_path, case, message):
    good = tmp_path / "good.zip"
    archive.export_archive(source, good)
    bad = tmp_path / "bad.zip"
    if case == "not zip":
        bad.write_bytes(b"PK not really")
    elif case == "other zip":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("รูป.png", b"\x89PNG")
    elif case == "tampered":
        rewrite(good, bad, database=lambda db: db[:-1] + bytes([db[-1] ^ 1]))
    elif case == "truncated":
        rewrite(good, bad, database=lambda db: db[:-4096])
    elif case == "newer schema":
        rewrite(good, bad, manifest={"schema_revision": "9999"})
    elif case == "newer format":
        rewrite(good, bad, manifest={"format_version": 2})
    elif case == "extra file":
        rewrite(good, bad, extra={"../../evil.txt": b"x"})
    else:
        rewrite(good, bad, manifest={"format": "something-else"})
    target_dir = tmp_path / "target"
    target_dir.mkdir()
    with pytest.raises(WorkspaceError) as info:
        archive.import_archive(bad, target_dir / "ws.plandesk")
    assert message in info.value.message
    assert list(target_dir.iterdir()) == []


def test_hash_is_right_but_the_database_is_foreign(source, tmp_path):
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    data = foreign.read_bytes()
    good = tmp_path / "good.zip"
    archive.export_archive(source, good)
    bad = rewrite(good, tmp_path / "bad.zip", database=lambda _db: data,
                  manifest={"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
    target = tmp_path / "t" / "ws.plandesk"
    target.parent.mkdir()
    with pytest.raises(WorkspaceError, match="ไม่ใช่พื้นที่ทำงาน PlanDesk"):
        archive.import_archive(bad, target)
    assert list(target.parent.iterdir()) == []
