"""A whole workspace as one file, to move it to another PC.

The archive is a zip holding ``workspace.plandesk`` (a consistent copy made with SQLite's backup
API; evidence attachments live inside the database, so this is everything) and ``manifest.json``:
the app version, schema revision, time of export and the database's sha256 and size.

Import checks the manifest, the hash, that the database is a PlanDesk workspace this version can
open (not a newer one) and passes SQLite's integrity check, all on a temporary file beside the
target, before the target is touched. An existing target is replaced only when asked to (the UI
asks, the CLI needs --force); its contents are kept as a backup first.

Only SQLite workspaces are exported: a PostgreSQL database is moved with pg_dump by its admin.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app import APP_NAME, __version__
from app.services import backups
from app.services.errors import WorkspaceError

FORMAT = "plandesk-workspace-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "workspace.plandesk"
ARCHIVE_SUFFIX = ".zip"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Manifest:
    app_version: str
    schema_revision: str
    created_at: str  # ISO 8601 with the exporting PC's UTC offset
    sha256: str
    size: int
    source_name: str

    def to_json(self) -> dict:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "application": APP_NAME,
                "app_version": self.app_version, "schema_revision": self.schema_revision,
                "created_at": self.created_at, "database": DATABASE, "sha256": self.sha256, "size": self.size,
                "source_name": self.source_name}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _temp_beside(target: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix + backups.PARTIAL_SUFFIX,
                                dir=target.parent)
    os.close(fd)
    return Path(name)


def export_archive(workspace_path: Path | None, target: Path, *, overwrite: bool = False) -> Manifest:
    """Write the workspace at workspace_path into the archive target; returns its manifest."""
    if workspace_path is None:
        raise WorkspaceError("ส่งออกเป็นไฟล์เดียวได้เฉพาะพื้นที่ทำงานที่เป็นไฟล์ — " + backups.PG_NOTE)
    workspace_path, target = Path(workspace_path), Path(target)
    if target.exists() and not overwrite:
        raise WorkspaceError(f"มีไฟล์ “{target}” อยู่แล้ว — ไม่ได้เขียนทับ")
    if not target.parent.is_dir():
        raise WorkspaceError(f"ไม่พบโฟลเดอร์ “{target.parent}”")
    revision = backups.check_workspace_file(workspace_path)
    copy = _temp_beside(target, ".db")
    zipped = _temp_beside(target, ".zip")
    try:
        copy.unlink()  # write_copy makes its own partial name; this one only reserved a free name
        backups.write_copy(workspace_path, copy)
        manifest = Manifest(app_version=__version__, schema_revision=revision,
                            created_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                            sha256=_sha256(copy), size=copy.stat().st_size, source_name=workspace_path.name)
        with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest.to_json(), ensure_ascii=False, indent=2))
            zf.write(copy, DATABASE)
        with zipped.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(zipped, target)
    except OSError as exc:
        raise WorkspaceError(f"เขียนไฟล์ “{target}” ไม่ได้: {exc.strerror or exc}")
    finally:
        copy.unlink(missing_ok=True)
        zipped.unlink(missing_ok=True)
    return manifest


def read_manifest(archive: Path) -> Manifest:
    """The manifest of an archive, or a Thai WorkspaceError saying why the file is not one."""
    archive = Path(archive)
    refuse = f"ไฟล์ “{archive.name}” ไม่ใช่ไฟล์พื้นที่ทำงาน PlanDesk แบบไฟล์เดียว"
    if not archive.is_file():
        raise WorkspaceError(f"ไม่พบไฟล์ “{archive}”")
    if not zipfile.is_zipfile(archive):
        raise WorkspaceError(refuse + " (ไม่ใช่ไฟล์ zip) — ไม่ได้นำเข้า")
    try:
        with zipfile.ZipFile(archive) as zf:
            if sorted(zf.namelist()) != sorted([MANIFEST, DATABASE]):
                raise WorkspaceError(refuse + " (เนื้อหาในไฟล์ไม่ตรงตามรูปแบบ) — ไม่ได้นำเข้า")
            data = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, ValueError, UnicodeDecodeError, KeyError):
        raise WorkspaceError(refuse + " (ไฟล์เสียหาย) — ไม่ได้นำเข้า")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkspaceError(refuse + " — ไม่ได้นำเข้า")
    if data.get("format_version") != FORMAT_VERSION:
        raise WorkspaceError(f"ไฟล์ “{archive.name}” ส่งออกด้วย PlanDesk รุ่นที่ใหม่กว่า "
                             f"(รุ่น {data.get('app_version', '?')}) — กรุณาปรับปรุงโปรแกรมก่อนนำเข้า")
    try:
        return Manifest(app_version=str(data["app_version"]), schema_revision=str(data["schema_revision"]),
                        created_at=str(data["created_at"]), sha256=str(data["sha256"]).lower(),
                        size=int(data["size"]), source_name=str(data.get("source_name", "")))
    except (KeyError, TypeError, ValueError):
        raise WorkspaceError(refuse + " (ข้อมูลกำกับไม่ครบ) — ไม่ได้นำเข้า")


def import_archive(archive: Path, target: Path, *, overwrite: bool = False) -> Manifest:
    """Unpack the archive as the workspace file target. Checked whole before target is touched; an
    existing target is replaced only with overwrite=True, and backed up first."""
    from app.services.workspace import known_revisions

    archive, target = Path(archive), Path(target)
    manifest = read_manifest(archive)
    if manifest.schema_revision not in known_revisions():
        raise WorkspaceError(f"ไฟล์ “{archive.name}” มาจาก PlanDesk รุ่นที่ใหม่กว่า (รุ่น {manifest.app_version}, "
                             f"โครงสร้างรุ่น {manifest.schema_revision}) — กรุณาปรับปรุงโปรแกรมก่อนนำเข้า")
    if target.exists() and not overwrite:
        raise WorkspaceError(f"มีไฟล์ “{target}” อยู่แล้ว — ไม่ได้เขียนทับ เลือกชื่อไฟล์อื่น")
    if target.is_dir():
        raise WorkspaceError(f"“{target}” เป็นโฟลเดอร์ ไม่ใช่ไฟล์พื้นที่ทำงาน")
    if not target.parent.is_dir():
        raise WorkspaceError(f"ไม่พบโฟลเดอร์ “{target.parent}”")
    temp = _temp_beside(target, ".plandesk")
    try:
        digest, size = hashlib.sha256(), 0
        with zipfile.ZipFile(archive) as zf, zf.open(DATABASE) as src, temp.open("wb") as dst:
            for chunk in iter(lambda: src.read(_CHUNK), b""):
                size += len(chunk)
                if size > manifest.size:
                    break  # never unpack more than the manifest promised
                digest.update(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        if size != manifest.size or digest.hexdigest() != manifest.sha256:
            raise WorkspaceError(f"ไฟล์ “{archive.name}” ถูกแก้ไขหรือเสียหาย (ค่าตรวจสอบ sha256 ไม่ตรง) — ไม่ได้นำเข้า")
        revision = backups.check_workspace_file(temp)
        if revision != manifest.schema_revision:
            raise WorkspaceError(f"ไฟล์ “{archive.name}” ข้อมูลกำกับไม่ตรงกับฐานข้อมูลข้างใน — ไม่ได้นำเข้า")
        if target.exists():
            if target.stat().st_size:
                backups.check_workspace_file(target)  # only a workspace may be replaced
                backups.create_backup(target, "import")
            backups.replace_contents(target, temp)
        else:
            # A -wal or -shm left by some other file of this name must not be applied to this one.
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(temp, target)
    except (OSError, zipfile.BadZipFile) as exc:
        raise WorkspaceError(f"นำเข้าไฟล์ “{archive.name}” ไม่ได้: {getattr(exc, 'strerror', None) or exc}")
    finally:
        temp.unlink(missing_ok=True)
    return manifest
