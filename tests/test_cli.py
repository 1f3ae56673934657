"""The headless `plandesk` commands, run as a user would: `python -m app …` in a child process."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[1]


def run(*args, home: Path, check_ok: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    result = subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True,
                            text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=60)
    if check_ok:
        assert result.returncode == 0, result.stderr
    return result


def test_version(tmp_path):
    result = run("--version", home=tmp_path)
    assert result.stdout.strip() == f"PlanDesk {__version__}"


def test_demo_then_info_json(tmp_path):
    db = tmp_path / "ตัวอย่าง.plandesk"
    first = run("demo", "--db", db, home=tmp_path)
    assert "สร้างแผนตัวอย่างใน" in first.stdout and str(db) in first.stdout
    again = run("demo", "--db", db, home=tmp_path)
    assert "มีแผนตัวอย่างอยู่แล้ว" in again.stdout

    info = json.loads(run("info", "--db", db, "--json", home=tmp_path).stdout)
    assert info["workspace"] == str(db)
    # Seed 000's plan and seed 003's progress plan (another unit of the same name, under กรมอนามัย).
    assert sorted(p["activities"] for p in info["plans"]) == [4, 57]
    [plan] = [p for p in info["plans"] if p["activities"] == 57]
    assert plan["budget_total"] == "62960.00"
    assert plan["activities"] == 57
    assert plan["fiscal_year"] == 2567
    assert plan["title"] == "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร"

    text = run("--db", db, "info", home=tmp_path).stdout  # --db before the subcommand works too
    assert "57 กิจกรรม" in text and "รวม 62,960.00 บาท" in text


def test_demo_and_info_on_every_backend(db_url, tmp_path):
    run("demo", "--db", db_url, home=tmp_path)
    info = json.loads(run("info", "--db", db_url, "--json", home=tmp_path).stdout)
    assert sorted((p["activities"], p["budget_total"]) for p in info["plans"]) == [(4, "0.00"), (57, "62960.00")]
    assert "password" not in info["workspace"]


def test_demo_default_location_is_under_user_data(tmp_path):
    result = run("demo", home=tmp_path)
    made = list((tmp_path / "data").rglob("demo.plandesk"))
    assert len(made) == 1 and str(made[0]) in result.stdout


def test_empty_workspace_info(tmp_path):
    db = tmp_path / "empty.plandesk"
    from app.services.workspace import open_workspace
    open_workspace(db).close()
    assert "(ยังไม่มีแผน)" in run("info", "--db", db, home=tmp_path).stdout
    assert json.loads(run("info", "--db", db, "--json", home=tmp_path).stdout)["plans"] == []


def test_info_on_a_missing_file_says_so_and_creates_nothing(tmp_path):
    db = tmp_path / "typo.plandesk"
    result = run("info", "--db", db, home=tmp_path, check_ok=False)
    assert result.returncode != 0
    assert "ไม่พบไฟล์พื้นที่ทำงาน" in result.stderr
    assert not db.exists()


@pytest.mark.parametrize("content", [b"just some text\n", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40])
def test_bad_db_file_fails_with_thai_message_on_stderr(tmp_path, content):
    bad = tmp_path / "notes.txt"
    bad.write_bytes(content)
    commands = [["info", "--db", bad, "--json"]] + ([["demo", "--db", bad]] if content.startswith(b"just") else [])
    for command in commands:
        result = run(*command, home=tmp_path, check_ok=False)
        assert result.returncode != 0
        assert result.stdout == ""
        assert result.stderr.startswith("plandesk: ")
        assert "ไม่ใช่ไฟล์พื้นที่ทำงาน PlanDesk" in result.stderr
        assert "Traceback" not in result.stderr
    assert bad.read_bytes() == content


def test_unreachable_database_url_fails_cleanly(tmp_path):
    result = run("info", "--db", "postgresql+psycopg://nobody@/x?host=/nonexistent-plandesk-dir",
                 home=tmp_path, check_ok=False)
    assert result.returncode != 0
    assert "เชื่อมต่อฐานข้อมูลไม่ได้" in result.stderr and "Traceback" not in result.stderr


def test_unknown_subcommand_is_a_usage_error(tmp_path):
    result = run("explode", home=tmp_path, check_ok=False)
    assert result.returncode == 2 and "usage" in result.stderr.lower()
