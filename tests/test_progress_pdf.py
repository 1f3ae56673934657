"""Seed 003's progress report as a PDF, read back the way a person would check it."""
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from app.models import ItemKind
from app.services import items, plans, progress
from app.services.demo_progress import build_demo_progress, progress_demo_data
from app.services.printing.document import PrintOptions
from app.services.printing.progress_pdf import ProgressRow, round_line, status_options, write_progress_pdf
from tests.print_support import nfkc, squash, unfold_am
from tests.test_print_blocks import _operators, _tick_count

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
D = dt.date


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return unfold_am(nfkc("\n".join(page.extract_text() for page in reader.pages)))


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    from app.services.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("progress") / "p.plandesk")
    with ws.transaction() as s:
        plan_id = build_demo_progress(s)
    report = progress_demo_data()["report"]
    out = io.BytesIO()
    with ws.session() as s:
        pages = write_progress_pdf(s, plan_id, out, PrintOptions(prefer_th_sarabun=False), report["round"],
                                   D.fromisoformat(report["as_of"]), report["attachment"])
        rows = progress.load_progress(s, plan_id).rows
    ws.close()
    return out.getvalue(), pages, rows


def test_title_round_line_and_headers(seed_pdf):
    pdf, pages, _ = seed_pdf
    assert pages == 1
    flat = squash(text_of(pdf))
    for text in ["เอกสารแนบตัวชี้วัดที่ 4.16",
                 "รายงานผลการดำเนินงานตามแผนขับเคลื่อนการดำเนินงานตัวชี้วัดที่ 4.16 ระดับความสำเร็จของการดำเนินงาน"
                 "จัดทำคำรับรองการปฏิบัติราชการกลุ่มพัฒนาระบบบริหาร กรมอนามัย ประจำปีงบประมาณ พ.ศ. 2567",
                 "รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567) ประจำเดือนมีนาคม 2567",
                 "ที่", "แผนงาน/โครงการ/กิจกรรม", "เป้าหมาย (จำนวน) / หน่วยนับ",
                 "ผลการดำเนินงานตามแผนงาน/โครงการ/กิจกรรม", "ระยะเวลา", "แผนที่กำหนด", "ระยะเวลาที่ดำเนินการ",
                 "สถานะการดำเนินการ"]:
        assert squash(text) in flat, text
    assert flat.index(squash("เอกสารแนบ")) < flat.index(squash("รายงานผล")) < flat.index(squash("รอบ 5 เดือนหลัง"))


def test_every_activity_result_period_in_order(seed_pdf):
    pdf, _, rows = seed_pdf
    flat = squash(text_of(pdf))
    position = 0
    measure1 = "มาตรการที่ 1 พัฒนาระบบ /กลไกการดำเนินงานการจัดทำคำรับรองการปฏิบัติราชการประจำปี กรมอนามัย"
    measure2 = "มาตรการที่ 2 เพิ่มประสิทธิภาพด้านสื่อสาร/ความรู้"
    sequence = [measure1]
    for row in rows:
        if row.number == 4:
            sequence.append(measure2)
        sequence += [row.title, row.target_text, row.result, row.planned_period, row.actual_period]
    for text in sequence:
        found = flat.find(squash(text), position)
        assert found >= 0, f"missing or out of order: {text[:60]}"
        position = found + len(squash(text))
    assert [r.planned_period for r in rows] == ["ต.ค.66", "ต.ค.66 - ก.ค.67", "ต.ค.66 - ก.ค.67", "ต.ค.66 - ก.ค.67"]
    assert [r.actual_period for r in rows] == ["ต.ค.66", "ก.พ.67", "ก.พ.67", "-"]


def test_ticked_boxes_match_the_statuses(seed_pdf):
    pdf, _, rows = seed_pdf
    assert _tick_count(_operators(pdf)) == 2 * len(rows) == 8  # ☑ ดำเนินการแล้ว ☑ เป็นไปตามเป้าหมาย
    assert squash(text_of(pdf)).count(squash("ไม่เป็นไปตามเป้าหมาย")) == 4


def test_status_options_leave_an_unstated_pair_empty():
    row = ProgressRow(1, 1, "x", "", "", frozenset(), frozenset(), "-", "-", done=False, on_target=None)
    assert status_options(row) == [("ดำเนินการแล้ว", False), ("ยังไม่ดำเนินการ", True),
                                   ("เป็นไปตามเป้าหมาย", False), ("ไม่เป็นไปตามเป้าหมาย", False)]
    assert round_line("", None) == ""
    assert round_line("รอบ 6 เดือน", D(2024, 3, 1)) == "รอบ 6 เดือน ประจำเดือนมีนาคม 2567"


def test_a_long_plan_repeats_the_header_and_thai_digits(workspace):
    with workspace.transaction() as s:
        plan_id = plans.create_plan(s, plans.get_or_create_unit(s, "กลุ่มทดสอบ"), 2567, "แผนทดสอบยาว")
        for m in range(3):
            heading = items.insert_item(s, plan_id, None, m, ItemKind.HEADING, title=f"มาตรการทดสอบ {m + 1}")
            for a in range(12):
                row = items.insert_item(s, plan_id, heading.id, a, ItemKind.ACTIVITY, title=f"กิจกรรม {m}-{a}",
                                        months=[D(2023, 11, 1), D(2024, 5, 1)])
                progress.set_progress(s, row.id, target_quantity="12", target_unit="ครั้ง",
                                      result="ผลการดำเนินงาน " * 20, done=a % 2 == 0)
    out = io.BytesIO()
    with workspace.session() as s:
        pages = write_progress_pdf(s, plan_id, out, PrintOptions(thai_digits=True, prefer_th_sarabun=False))
    assert pages >= 3
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    for page in reader.pages:
        assert squash("สถานะการดำเนินการ") in squash(unfold_am(nfkc(page.extract_text())))
    text = text_of(out.getvalue())
    assert "๓๖" in text and squash("พ.ย.๖๖ - พ.ค.๖๗") in squash(text) and "12" not in text
    assert _tick_count(sum((_operators(out.getvalue(), p) for p in range(pages)), [])) == 36  # done or not: one tick each


def test_export_from_the_command_line(tmp_path):
    db = tmp_path / "demo.plandesk"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d"), "PYTHONIOENCODING": "utf-8"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "app", *map(str, a)], capture_output=True,  # noqa: E731
                                    text=True, timeout=120, env=env, cwd=ROOT)
    assert run("demo", "--db", db).returncode == 0
    out = tmp_path / "progress.pdf"
    # Two plans in 2567; only seed 003's has progress, so it is the one meant.
    result = run("export", "progress", "--db", db, "--year", 2567, "--round",
                 "รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567)", "--out", out, "--bundled-font")
    assert result.returncode == 0, result.stderr
    assert "รายงานผลการดำเนินงานตามแผน" in result.stdout
    text = text_of(out.read_bytes())
    assert squash("รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567)") in squash(text)
    assert "ต.ค.66" in text and "๖" not in text  # Arabic by default, as seed 003 prints
    plans_ = json.loads(run("info", "--db", db, "--json").stdout)["plans"]
    seed000 = next(p["id"] for p in plans_ if p["activities"] == 57)
    other = run("export", "progress", "--db", db, "--year", 2567, "--plan", seed000, "--out", tmp_path / "b.pdf")
    assert other.returncode == 0, other.stderr  # a plan without progress prints its activities, statuses empty
    missing = run("export", "progress", "--db", db, "--year", 2599, "--out", tmp_path / "x.pdf")
    assert missing.returncode != 0 and "ไม่พบแผนปีงบประมาณ พ.ศ. 2599" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_page_image(seed_pdf):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / "progress_demo.pdf"
    source.write_bytes(seed_pdf[0])
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(source),
                    str(ARTIFACTS / "progress_page")], check=True)
    assert sorted(ARTIFACTS.glob("progress_page*.png"))[0].stat().st_size > 20_000
