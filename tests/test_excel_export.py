"""Plans, agreement frameworks and round scores written as Excel workbooks (issue 6), opened again
with openpyxl and checked cell by cell: the header band, the month marks, numbers and formulas,
print set-up; a re-import gives the same plan; the command line picks the format by extension."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.models import ItemKind
from app.services import fiscal, plans
from app.services.excel_export import (ExcelOptions, plan_workbook_bytes, write_agreement_xlsx, write_plan_xlsx,
                                       write_round_scores_xlsx)
from app.services.numbering import numbers_for_rows
from tests.support import D, add, make_plan

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
SEED_MONTHS = ["ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.",
               "ก.ย.", "ต.ค."]
TRAILING = ["ผลลัพธ์ของงาน", "งบประมาณที่ใช้", "ผู้รับผิดชอบ", "ผู้เกี่ยวข้อง", "หมายเหตุ"]


def merged(sheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def is_filled(cell) -> bool:
    return cell.fill is not None and cell.fill.fill_type == "solid"


@pytest.fixture
def demo_book(demo_ws, tmp_path):
    """The demo plan (seed 000) written once: (formulas sheet, values sheet, layout, rows)."""
    out = tmp_path / "plan.xlsx"
    with demo_ws.ws.session() as session:
        layout = write_plan_xlsx(session, demo_ws.plan_id, out)
        rows = plans.load_rows(session, demo_ws.plan_id)
    return (openpyxl.load_workbook(out).active, openpyxl.load_workbook(out, data_only=True).active, layout, rows,
            out)


# ---- the plan ---------------------------------------------------------------------------------
def test_title_and_header_band_are_merged_like_seed_000(demo_book):
    sheet, _, layout, _, _ = demo_book
    assert sheet["A1"].value == "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร"
    ranges = merged(sheet)
    assert {"A1:T1", "A2:A4", "B2:O2", "B3:E3", "F3:O3"} <= ranges
    assert sheet["A2"].value == "กิจกรรม/ขั้นตอน" and sheet["B2"].value == "ปี พ.ศ."
    assert sheet["B3"].value == 2566 and sheet["F3"].value == 2567
    assert [sheet.cell(row=4, column=c).value for c in range(2, 16)] == SEED_MONTHS
    assert [sheet.cell(row=2, column=c).value for c in range(16, 21)] == TRAILING
    assert {f"{col}2:{col}4" for col in "PQRST"} <= ranges
    assert layout.months[0] == D(2023, 9, 1) and layout.months[-1] == D(2024, 10, 1)
    assert layout.first_body_row == 5 and layout.budget_column == 17
    for ref in ("A2", "B2", "B3", "F3", "B4", "O4", "P2", "T2"):  # what a merged range is drawn with
        assert sheet[ref].font.b and is_filled(sheet[ref]) and sheet[ref].border.top.style == "thin"
    assert sheet["C2"].border.top.style == "thin" and sheet["O2"].border.right.style == "thin"


def test_every_item_row_carries_its_number_text_and_indent(demo_book):
    sheet, _, layout, rows, _ = demo_book
    numbers = numbers_for_rows(rows)
    depth = {}
    for offset, row in enumerate(rows):
        depth[row.id] = 0 if row.parent_id is None else depth[row.parent_id] + 1
        r = layout.first_body_row + offset
        title = sheet.cell(row=r, column=1)
        assert title.value == f"{numbers[row.id]} {row.title}"
        assert title.alignment.indent == depth[row.id] and title.alignment.wrap_text
        assert title.font.name == "TH Sarabun New" and title.font.sz == 16
        assert title.font.b == (row.kind == ItemKind.HEADING)
        assert (sheet.cell(row=r, column=16).value or "") == row.deliverable
        assert (sheet.cell(row=r, column=18).value or "") == row.responsible
        assert (sheet.cell(row=r, column=19).value or "") == row.related
    assert sheet.cell(row=5, column=1).value == "1) การยกระดับการอำนวยความสะดวกในการให้บริการ"
    assert sheet.cell(row=7, column=1).value.startswith("1.1.1) เสนอคู่มือสำหรับประชาชน")
    bullets = [sheet.cell(row=layout.first_body_row + i, column=1).value for i, r in enumerate(rows)
               if r.kind == ItemKind.BULLET]
    assert bullets and all(b.startswith("- ") for b in bullets)
    assert "- เชิญชวนหน่วยงานส่งผลงานสมัครขอรับรางวัลฯ" in bullets


def test_month_cells_are_filled_and_arrowed_on_exactly_the_marked_months(demo_book):
    sheet, _, layout, rows, _ = demo_book
    marked_total = 0
    for offset, row in enumerate(rows):
        r = layout.first_body_row + offset
        for i, month in enumerate(layout.months):
            cell = sheet.cell(row=r, column=2 + i)
            if month in row.months:
                marked_total += 1
                assert cell.value == "→" and is_filled(cell), (row.title, month)
            else:
                assert cell.value is None and not is_filled(cell), (row.title, month)
    assert marked_total == sum(len(r.months) for r in rows) > 60
    # 3.1.6 runs quarterly: ธ.ค. มี.ค. มิ.ย. ก.ย. 2567 (seed 000)
    quarterly = next(i for i, r in enumerate(rows) if r.title.startswith("แจงให้หน่วยงานเจ้าภาพตัวชี้วัดให้รายงานผล"))
    values = [sheet.cell(row=layout.first_body_row + quarterly, column=c).value for c in range(2, 16)]
    assert [SEED_MONTHS[i] for i, v in enumerate(values) if v] == ["ธ.ค.", "มี.ค.", "มิ.ย.", "ก.ย."]


def test_budgets_are_numbers_and_the_total_is_a_sum_formula_with_its_value(demo_book):
    sheet, values, layout, rows, _ = demo_book
    total = Decimal(0)
    for offset, row in enumerate(rows):
        cell = sheet.cell(row=layout.first_body_row + offset, column=layout.budget_column)
        if row.kind == ItemKind.HEADING:
            assert cell.value is None
        elif row.budget is None:
            assert cell.value == "-"
        else:
            assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
            assert Decimal(str(cell.value)) == row.budget
            assert cell.number_format == "#,##0.00"
            total += Decimal(str(cell.value))
    assert total == Decimal("62960.00")
    total_row = layout.total_row
    assert total_row == layout.first_body_row + len(rows)
    assert sheet.cell(row=total_row, column=1).value == "รวมทั้งสิ้น"
    assert f"A{total_row}:O{total_row}" in merged(sheet)
    formula = sheet.cell(row=total_row, column=layout.budget_column)
    assert formula.value == f"=SUM(Q5:Q{total_row - 1})" and formula.number_format == "#,##0.00"
    assert values.cell(row=total_row, column=layout.budget_column).value == 62960


def test_print_setup_is_a4_landscape_fit_to_width_with_the_header_repeated(demo_book):
    sheet, _, layout, _, _ = demo_book
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$2:$4"
    assert sheet.freeze_panes == "B5"
    assert sheet.print_area == [f"'{sheet.title}'!$A$1:$T${layout.total_row}"] or \
        sheet.print_area == f"'{sheet.title}'!$A$1:$T${layout.total_row}"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    widths = {col: sheet.column_dimensions[col].width for col in "ABPQRST"}
    assert widths["A"] > widths["P"] > sheet.column_dimensions["B"].width
    assert all(sheet.column_dimensions[c].width == sheet.column_dimensions["B"].width for c in "CDEFGHIJKLMNO")
    heights = [sheet.row_dimensions[r].height for r in range(layout.first_body_row, layout.total_row)]
    assert all(h and h >= 25 for h in heights) and max(heights) > min(heights)


def test_consecutive_months_read_as_one_bar_and_a_window_wider_than_the_year(workspace):
    with workspace.transaction() as session:
        plan_id = make_plan(session, window=(D(2023, 9, 1), D(2024, 10, 1)))
        head = add(session, plan_id, None, "งานหลัก", kind=ItemKind.HEADING)
        add(session, plan_id, head, "ต่อเนื่องสามเดือน", months=[D(2023, 10, 1), D(2023, 11, 1), D(2023, 12, 1),
                                                                  D(2024, 2, 1)], budget=Decimal("1050.50"))
        add(session, plan_id, head, "ไม่มีงบ & <เครื่องหมาย> \"พิเศษ\"\x07", months=[D(2024, 10, 1)],
            deliverable="=SUM(Q1:Q9) ไม่ใช่สูตร")
    with workspace.session() as session:
        sheet = openpyxl.load_workbook(io.BytesIO(plan_workbook_bytes(session, plan_id))).active
    row = 6
    cells = [sheet.cell(row=row, column=c) for c in range(2, 16)]  # ก.ย. 66 … ต.ค. 67
    assert [c.value for c in cells] == [None, "→", "→", "→", None, "→"] + [None] * 8
    oct_, nov, dec, feb = cells[1], cells[2], cells[3], cells[5]
    assert oct_.border.left.style == "thin" and oct_.border.right.style is None
    assert nov.border.left.style is None and nov.border.right.style is None
    assert dec.border.left.style is None and dec.border.right.style == "thin"
    assert feb.border.left.style == "thin" and feb.border.right.style == "thin"
    assert sheet.cell(row=7, column=15).value == "→"  # ต.ค. 2567, the 14th month
    assert sheet.cell(row=7, column=1).value == "1.2) ไม่มีงบ & <เครื่องหมาย> \"พิเศษ\""
    deliverable = sheet.cell(row=7, column=16)
    assert deliverable.value == "=SUM(Q1:Q9) ไม่ใช่สูตร" and deliverable.data_type == "s"
    assert sheet.cell(row=6, column=17).value == 1050.5
    assert sheet["A8"].value == "รวมทั้งสิ้น" and sheet["Q8"].value == "=SUM(Q5:Q7)"


def test_an_empty_plan_still_makes_a_valid_workbook(workspace):
    with workspace.transaction() as session:
        plan_id = make_plan(session)
    with workspace.session() as session:
        data = plan_workbook_bytes(session, plan_id, ExcelOptions(font_name="TH SarabunPSK", font_size=14))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True).active
    assert sheet["A5"].value == "รวมทั้งสิ้น" and sheet["O5"].value == "=0" and values["O5"].value == 0
    assert [sheet.cell(row=4, column=c).value for c in range(2, 14)] == SEED_MONTHS[1:13]  # ต.ค. … ก.ย.
    assert sheet["A2"].font.name == "TH SarabunPSK" and sheet["A2"].font.sz == 14


def test_written_to_a_stream_and_nothing_left_behind_on_a_bad_path(demo_ws, tmp_path):
    from app.services.errors import ValidationError

    buffer = io.BytesIO()
    with demo_ws.ws.session() as session:
        write_plan_xlsx(session, demo_ws.plan_id, buffer)
        with pytest.raises(ValidationError, match="เขียนไฟล์"):
            write_plan_xlsx(session, demo_ws.plan_id, tmp_path / "missing-folder" / "plan.xlsx")
    assert openpyxl.load_workbook(buffer).active["A2"].value == "กิจกรรม/ขั้นตอน"
    assert not (tmp_path / "missing-folder").exists()


# ---- round trip through the importer ------------------------------------------------------------
def _comparable(session, plan_id: int):
    data = plans.load_plan(session, plan_id)
    numbers = numbers_for_rows(data.rows)
    info = data.info
    return ((info.title, info.be_year, info.window_start, info.window_end),
            [(numbers[r.id], r.kind, r.title, r.deliverable, r.budget, r.responsible, r.related, r.remark,
              sorted(r.months)) for r in data.rows],
            plans.plan_total(session, plan_id))


def _reimport(path: Path, target, unit: str | None = None) -> int:
    excel_import = pytest.importorskip("app.services.excel_import")
    reading = excel_import.read_workbook(path)
    assert reading.errors == [] and reading.warnings == []
    with target.transaction() as session:
        return excel_import.import_plan(session, reading, unit=unit).plan_id


def test_reimporting_the_exported_demo_plan_gives_the_same_plan(demo_ws, demo_book, tmp_path):
    from app.services.workspace import open_workspace

    _, _, _, _, path = demo_book
    with demo_ws.ws.session() as session:
        before = _comparable(session, demo_ws.plan_id)
    target = open_workspace(tmp_path / "target.plandesk")
    try:
        plan_id = _reimport(path, target)  # the title names the unit: nothing to add
        with target.session() as session:
            after = _comparable(session, plan_id)
            assert plans.plan_info(session, plan_id).unit_name == "กลุ่มพัฒนาระบบบริหาร"
    finally:
        target.close()
    assert after == before
    assert after[2] == Decimal("62960.00") and len(after[1]) == 68


def test_round_trip_keeps_tree_kinds_bullets_months_and_budgets(workspace, tmp_path):
    with workspace.transaction() as session:
        plan_id = make_plan(session, "แผนทดสอบการส่งออก ปีงบประมาณ พ.ศ. 2568", be_year=2568,
                            window=(D(2024, 9, 1), D(2025, 10, 1)))
        top = add(session, plan_id, None, "ยุทธศาสตร์ที่หนึ่ง", kind=ItemKind.HEADING)
        mid = add(session, plan_id, top, "โครงการพัฒนา", kind=ItemKind.HEADING)
        first = add(session, plan_id, mid, "ประชุมคณะทำงาน", months=[D(2024, 9, 1), D(2024, 10, 1)],
                    budget=Decimal("2325.00"), deliverable="รายงานการประชุม", responsible="กพร.",
                    related="สำนัก/กอง", remark="ไตรมาส 1")
        add(session, plan_id, first, "เชิญชวนหน่วยงาน", kind=ItemKind.BULLET, months=[D(2024, 11, 1)],
            budget=Decimal("0.50"))
        add(session, plan_id, first, "ส่งผลงาน", kind=ItemKind.BULLET, months=[D(2025, 10, 1)])
        for i in range(11):  # 1.1.2) … 1.1.12): two-digit numbers
            add(session, plan_id, mid, f"ขั้นตอนที่ {i + 2}", months=[D(2025, 1 + i % 9, 1)],
                budget=Decimal(i * 100) if i % 2 else None)
        add(session, plan_id, None, "ติดตามผล", months=[D(2025, 3, 1), D(2025, 6, 1)], budget=Decimal("700.00"))
    with workspace.session() as session:
        before = _comparable(session, plan_id)
        out = tmp_path / "export.xlsx"
        write_plan_xlsx(session, plan_id, out)
    target_path = tmp_path / "target.plandesk"
    from app.services.workspace import open_workspace

    target = open_workspace(target_path)
    try:
        new_id = _reimport(out, target, unit="กลุ่มทดสอบ")
        with target.session() as session:
            after = _comparable(session, new_id)
    finally:
        target.close()
    assert after == before


def test_the_big_tree_survives_the_round_trip_when_the_title_names_no_unit(workspace, tmp_path):
    with workspace.transaction() as session:
        plan_id = make_plan(session, "แผนทดสอบ ปีงบประมาณ พ.ศ. 2567")
        window = fiscal.month_range(*fiscal.default_window(2567))
        for h in range(3):
            heading = add(session, plan_id, None, f"หัวข้อ {h}", kind=ItemKind.HEADING)
            for a in range(12):
                add(session, plan_id, heading, f"กิจกรรม {h}-{a}", months=window[a:a + 1 + (a % 3)],
                    budget=Decimal(a * 125) if a % 3 else None)
    with workspace.session() as session:
        before = _comparable(session, plan_id)
        out = tmp_path / "big.xlsx"
        write_plan_xlsx(session, plan_id, out)
    from app.services.workspace import open_workspace

    target = open_workspace(tmp_path / "target.plandesk")
    try:
        new_id = _reimport(out, target, unit="กลุ่มทดสอบ")
        with target.session() as session:
            assert _comparable(session, new_id) == before
    finally:
        target.close()


# ---- agreement framework and round scores --------------------------------------------------------
def _agreement_2566(session) -> int:
    from app.services.agreements import find_agreement

    return find_agreement(session, 2566)


def test_agreement_framework_has_weights_units_and_level_targets_as_numbers(full_demo, tmp_path):
    from app.services.agreements import load_agreement

    out = tmp_path / "framework.xlsx"
    with full_demo.session() as session:
        agreement_id = _agreement_2566(session)
        layout = write_agreement_xlsx(session, agreement_id, out)
        data = load_agreement(session, agreement_id)
    sheet = openpyxl.load_workbook(out).active
    values = openpyxl.load_workbook(out, data_only=True).active
    assert "ประจำปีงบประมาณ พ.ศ. 2566" in sheet["A1"].value and data.unit_name in sheet["A1"].value
    assert [sheet.cell(row=2, column=c).value for c in range(1, 9)] == [
        "ตัวชี้วัดที่", "องค์ประกอบ / ตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "หน่วยวัด",
        "ขั้นต้น (50)", "มาตรฐาน (75)", "ขั้นสูง (100)", "หมายเหตุ"]
    by_number = {}
    for r in range(layout.first_body_row, layout.total_row):
        if r in layout.category_rows:
            continue
        by_number[sheet.cell(row=r, column=1).value] = [sheet.cell(row=r, column=c).value for c in range(1, 8)]
    assert list(by_number) == [i.number for i in data.indicators]
    for indicator in data.indicators:
        row = by_number[indicator.number]
        assert row[1] == indicator.name and Decimal(str(row[2])) == indicator.weight
    assert by_number["4"][3] == "ร้อยละ" and by_number["4"][4:7] == [95, 97.5, 100]
    assert isinstance(by_number["1"][4], str) and by_number["1"][4].startswith("จัดทำแผนปฏิบัติการ")
    categories = [(sheet.cell(row=r, column=2).value, sheet.cell(row=r, column=3).value) for r in layout.category_rows]
    assert categories == [(c.name, int(c.weight)) for c in data.categories]
    assert categories[0][1] == 70 and categories[1][1] == 30
    cells = ",".join(f"C{r}" for r in layout.category_rows)
    assert sheet.cell(row=layout.total_row, column=3).value == f"=SUM({cells})"
    assert values.cell(row=layout.total_row, column=3).value == 100
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$2:$2"


def _a_scored_round(session) -> int:
    from app.services.rounds import find_round

    return find_round(session, 2567, "รอบ 6 เดือน")


@pytest.mark.parametrize("source", ["summary", "reports"])
def test_round_scores_are_numbers_and_the_totals_are_sum_formulas(full_demo, tmp_path, source, monkeypatch):
    from app.services import reports

    if source == "reports":  # the round summary service absent: the reports are read directly
        monkeypatch.setitem(sys.modules, "app.services.round_summary", None)
    out = tmp_path / "scores.xlsx"
    with full_demo.session() as session:
        round_id = _a_scored_round(session)
        layout = write_round_scores_xlsx(session, round_id, out)
        expected = reports.round_reports(session, round_id)
    sheet = openpyxl.load_workbook(out).active
    values = openpyxl.load_workbook(out, data_only=True).active
    assert "รอบ 6 เดือน" in sheet["A1"].value and "2567" in sheet["A1"].value
    assert [sheet.cell(row=2, column=c).value for c in range(1, 8)] == [
        "ตัวชี้วัดที่", "ตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "ผลการดำเนินงาน", "คะแนนที่ได้", "คะแนนถ่วงน้ำหนัก", "หมายเหตุ"]
    assert len(layout.indicator_rows) == len(expected) > 0
    scored = 0
    for r, report in zip(layout.indicator_rows, expected):
        row = [sheet.cell(row=r, column=c).value for c in range(1, 7)]
        assert row[0] == report.number and row[1] == report.name
        assert Decimal(str(row[2])) == report.weight
        if report.score is None:
            assert row[4] is None and row[5] is None
        else:
            scored += 1
            assert isinstance(row[4], (int, float)) and Decimal(str(row[4])) == report.score
            assert isinstance(row[5], (int, float)) and Decimal(str(row[5])) == report.weighted
            assert sheet.cell(row=r, column=6).number_format == "#,##0.00##"
    assert scored >= 1
    total = layout.total_row
    first, last = layout.first_body_row, total - 1
    assert sheet.cell(row=total, column=3).value == f"=SUM(C{first}:C{last})"
    assert sheet.cell(row=total, column=6).value == f"=SUM(F{first}:F{last})"
    assert Decimal(str(values.cell(row=total, column=6).value)) == sum(
        (r.weighted for r in expected if r.weighted is not None), Decimal(0))
    assert Decimal(str(values.cell(row=total, column=3).value)) == sum((r.weight for r in expected), Decimal(0))


# ---- command line ----------------------------------------------------------------------------------
def run(*args, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config")}
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    db = home / "demo.plandesk"
    assert run("demo", "--db", db, home=home).returncode == 0
    return db


def test_cli_writes_workbooks_by_extension_and_keeps_pdf(demo_file, tmp_path):
    db, home = demo_file, tmp_path
    plan = run("export", "plan", "--db", db, "--year", "2567", "--unit", "กพร.", "--plan", "1",
               "--out", tmp_path / "แผน.xlsx", home=home)
    assert plan.returncode == 0, plan.stderr
    assert "Excel" in plan.stdout
    sheet = openpyxl.load_workbook(tmp_path / "แผน.xlsx").active
    assert sheet["A2"].value == "กิจกรรม/ขั้นตอน"
    assert openpyxl.load_workbook(tmp_path / "แผน.xlsx", data_only=True).active.cell(
        row=sheet.max_row, column=17).value == 62960
    agreement = run("export", "agreement", "--db", db, "--year", "2566", "--out", tmp_path / "a.XLSX", home=home)
    assert agreement.returncode == 0, agreement.stderr
    assert openpyxl.load_workbook(tmp_path / "a.XLSX").active["B2"].value == "องค์ประกอบ / ตัวชี้วัด"
    scores = run("export", "round-summary", "--db", db, "--year", "2567", "--round", "รอบ ๖ เดือน",
                 "--out", tmp_path / "r.xlsx", home=home)
    assert scores.returncode == 0, scores.stderr
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").active["F2"].value == "คะแนนถ่วงน้ำหนัก"
    pdf = run("export", "plan", "--db", db, "--year", "2567", "--plan", "1", "--bundled-font",
              "--out", tmp_path / "plan.pdf", home=home)
    assert pdf.returncode == 0, pdf.stderr
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("args, message", [
    (("plan", "--year", "2567", "--plan", "1", "--out", "plan.docx"), "ส่งออกได้เป็นไฟล์ .pdf หรือ .xlsx"),
    (("plan", "--year", "2567", "--plan", "1", "--out", "plan.xls"), "ส่งออกได้เป็นไฟล์ .pdf หรือ .xlsx"),
    (("memo", "--year", "2567", "--round", "รอบ 6 เดือน", "--out", "memo.xlsx"), "ส่งออกเป็น Excel (.xlsx) ไม่ได้"),
    (("round-summary", "--year", "2567", "--out", "r.xlsx"), "กรุณาระบุรอบด้วย --round"),
    (("plan", "--year", "2599", "--out", "p.xlsx"), "ไม่พบแผนปีงบประมาณ พ.ศ. 2599"),
])
def test_cli_refuses_in_thai_and_writes_nothing(demo_file, tmp_path, args, message):
    what, *rest = args
    rest = [str(tmp_path / a) if a.endswith((".docx", ".xls", ".xlsx")) else a for a in rest]
    result = run("export", what, "--db", demo_file, *rest, home=tmp_path)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert not any(p.suffix in (".docx", ".xls", ".xlsx") for p in tmp_path.iterdir())


# ---- how it prints ---------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_plan_on_a4_landscape_with_the_header_on_every_page(demo_book, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    _, _, _, _, path = demo_book
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    reader = pypdf.PdfReader(str(tmp_path / "plan.pdf"))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)  # A4 landscape
        text = page.extract_text()
        assert "กิจกรรม/ขั้นตอน" in text and "2567" in text  # the header band is repeated
    assert "62,960.00" in reader.pages[-1].extract_text()
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(tmp_path / "plan.pdf", ARTIFACTS / "excel_plan_libreoffice.pdf")
