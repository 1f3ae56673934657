"""Importing the office's plan workbooks: seed 000 as it looks in Excel comes in as the demo plan,
and each layout rule and each kind of bad input is checked on its own small workbook."""
from __future__ import annotations

import datetime as dt
import json
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from sqlalchemy import func, select

from app.cli import main
from app.models import ItemKind, Plan, PlanItem
from app.services import plans
from app.services.errors import ValidationError
from app.services.excel_import import import_plan, read_workbook, reparse
from app.services.excel_read import MAX_ROWS
from app.services.numbering import numbers_for_rows
from tests.excel_support import demo_plan, office_workbook, write_header

D = dt.date


def tree(session, plan_id):
    """(number, kind, title, deliverable, budget, responsible, related, remark, months) per row."""
    rows = plans.load_rows(session, plan_id)
    numbers = numbers_for_rows(rows)
    return [(numbers[r.id], r.kind, r.title, r.deliverable, r.budget, r.responsible, r.related, r.remark,
             sorted(r.months)) for r in rows]


def counts(ws):
    with ws.session() as session:
        return session.scalar(select(func.count()).select_from(Plan)), \
            session.scalar(select(func.count()).select_from(PlanItem))


# ---- seed 000 ------------------------------------------------------------------------------------
def test_seed_000_workbook_reads_as_the_demo_plan(tmp_path):
    path = tmp_path / "แผน2567.xlsx"
    office_workbook(path=path)
    reading = read_workbook(path)
    assert reading.errors == [] and reading.warnings == []
    assert reading.sheets == ["แผน67"] and len(reading.plans) == 1
    plan = reading.plans[0]
    assert plan.title == "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร"
    assert plan.be_year == 2567 and plan.unit_name == "กลุ่มพัฒนาระบบบริหาร"
    assert plan.window == (D(2023, 9, 1), D(2024, 10, 1)) and len(plan.months) == 14
    assert {c.letter: c.field for c in plan.columns} == {
        "A": "title", "P": "deliverable", "Q": "budget", "R": "responsible", "S": "related", "T": "remark"}
    assert plan.computed_total == plan.printed_total == Decimal("62960.00")
    split = next(i for i in plan.walk() if i.number == "2.2.4")
    assert len(split.rows) == 2  # its title ran on into the next row and was joined
    assert plan.header_rows == (3, 5)


def test_seed_000_imports_equal_to_the_demo_plan(demo_ws, tmp_path):
    path = tmp_path / "plan.xlsx"
    office_workbook(path=path)
    reading = read_workbook(path)
    with demo_ws.ws.transaction() as session:
        result = import_plan(session, reading)
    assert result.budget_total == Decimal("62960.00")
    assert result.activities == 57 and result.headings == 11 and result.be_year == 2567
    with demo_ws.ws.session() as session:
        imported, demo = tree(session, result.plan_id), tree(session, demo_ws.plan_id)
        info = plans.plan_info(session, result.plan_id)
        assert info.unit_id == plans.plan_info(session, demo_ws.plan_id).unit_id  # the existing unit
        assert (info.window_start, info.window_end) == (D(2023, 9, 1), D(2024, 10, 1))
        assert plans.plan_total(session, result.plan_id) == Decimal("62960.00")
    assert imported == demo


def test_import_is_all_or_nothing_when_the_reading_has_errors(workspace, tmp_path):
    plan = demo_plan()
    plan["items"][0]["children"][0]["children"][0]["budget"] = "หนึ่งพัน"
    path = tmp_path / "bad.xlsx"
    office_workbook(plan, path=path)
    reading = read_workbook(path)
    assert any("แถว 8 คอลัมน์ Q" in e and "หนึ่งพัน" in e for e in reading.errors), reading.errors
    before = counts(workspace)
    with pytest.raises(ValidationError):
        with workspace.transaction() as session:
            import_plan(session, reading)
    assert counts(workspace) == before


def test_failure_half_way_leaves_nothing(workspace, tmp_path, monkeypatch):
    path = tmp_path / "plan.xlsx"
    office_workbook(path=path)
    reading = read_workbook(path)
    before = counts(workspace)
    from app.services import excel_import

    def boom(*args, **kwargs):
        raise ValidationError("หยุดกลางทาง")
    monkeypatch.setattr(excel_import.plans, "plan_total", boom)  # after every row is inserted
    with pytest.raises(ValidationError):
        with workspace.transaction() as session:
            import_plan(session, reading, unit="กพร.ทดสอบ")
    assert counts(workspace) == before


def test_year_and_unit_given_by_the_user(workspace, tmp_path):
    path = tmp_path / "plan.xlsx"
    office_workbook(path=path)
    with workspace.transaction() as session:
        result = import_plan(session, read_workbook(path), unit="กลุ่มทดสอบ", be_year=2568)
    with workspace.session() as session:
        info = plans.plan_info(session, result.plan_id)
        rows = plans.load_rows(session, result.plan_id)
    assert (info.be_year, info.unit_name) == (2568, "กลุ่มทดสอบ")
    assert (info.window_start, info.window_end) == (D(2024, 9, 1), D(2025, 10, 1))
    assert min(m for r in rows for m in r.months) == D(2024, 9, 1)


# ---- layout rules --------------------------------------------------------------------------------
def small_sheet(rows, title="แผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. 2568 ของกลุ่มทดสอบ", months=None, merged=True):
    """A plan sheet: title, the header band (Oct 2567 – Sep 2568 unless `months`), then `rows`
    (lists of cell values from column A; month columns B.., then the five text columns)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "แผน"
    ws.cell(1, 1, title)
    months = months or [D(2024, 10, 1), *[D(2024 + (m < 10), m, 1) for m in (11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)]]
    row = write_header(ws, 3, months, merged)
    for values in rows:
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row, col, value)
        row += 1
    return wb, ws


def read(tmp_path, wb, name="t.xlsx", **kwargs):
    path = tmp_path / name
    wb.save(path)
    return read_workbook(path, **kwargs)


def blank(n=12):
    return [None] * n


def test_numbering_styles_bullets_and_continuations(tmp_path):
    wb, ws = small_sheet([
        ["1. งานหลัก", *blank()],
        ["1.1 งานย่อย", "✓", *blank(11), "ผล", "-"],
        ["ต่อท้ายชื่อ", *blank(12), "ต่อผล"],
        ["- ย่อยหนึ่ง", None, "x", *blank(10), None, "1,050.00"],
        ["1.2) งานที่สอง", None, None, "➔", *blank(9), None, 200],
        ["๒) งานเลขไทย", *blank(12), None, "-"],
    ])
    plan = read(tmp_path, wb).plans[0]
    items = list(plan.walk())
    assert [(i.kind, i.number, i.title) for i in items] == [
        (ItemKind.HEADING, "1", "งานหลัก"), (ItemKind.ACTIVITY, "1.1", "งานย่อย ต่อท้ายชื่อ"),
        (ItemKind.BULLET, "", "ย่อยหนึ่ง"), (ItemKind.ACTIVITY, "1.2", "งานที่สอง"),
        (ItemKind.ACTIVITY, "2", "งานเลขไทย")]
    assert items[1].deliverable == "ผล ต่อผล" and items[1].months == {D(2024, 10, 1)}
    assert items[2].months == {D(2024, 11, 1)} and items[2].budget == Decimal("1050.00")
    assert items[3].budget == Decimal("200.00") and items[4].budget is None
    assert plan.be_year == 2568 and plan.computed_total == Decimal("1250.00")


def test_marks_by_fill_merged_bar_and_any_text(tmp_path):
    wb, ws = small_sheet([["1) กิจกรรม", *blank()], ["2) อีกกิจกรรม", *blank()], ["3) เดือนเดียว", *blank()]])
    ws.cell(6, 2).fill = PatternFill("solid", fgColor="FFC000")            # ต.ค. by colour
    ws.cell(6, 11, "1")                                                     # ก.ค. by any text
    ws.merge_cells(start_row=7, start_column=4, end_row=7, end_column=7)   # ธ.ค.–มี.ค. as one bar
    ws.cell(7, 4).fill = PatternFill("solid", fgColor="00B050")
    ws.cell(8, 3).fill = PatternFill("solid", fgColor="FFFFFF")            # white is not a mark
    ws.cell(8, 12, "ส.ค.-ก.ย.")                                            # a label inside the bar
    items = list(read(tmp_path, wb).plans[0].walk())
    assert items[0].months == {D(2024, 10, 1), D(2025, 7, 1)}
    assert items[1].months == {D(2024, 12, 1), D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)}
    assert items[2].months == {D(2025, 8, 1)}


def test_repeated_headers_are_skipped_and_full_month_names_read(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["แผนงานประจำปีงบประมาณ พ.ศ. 2567 ของกองทดสอบ"])
    ws.append(["ขั้นตอน", "ตุลาคม 2566", "พฤศจิกายน 2566", "ธันวาคม 2566", "มกราคม 2567", "กุมภาพันธ์ 2567",
               "มีนาคม 2567", "เมษายน 2567", "พฤษภาคม 2567", "มิถุนายน 2567", "กรกฎาคม 2567", "สิงหาคม 2567",
               "กันยายน 2567", "งบประมาณ", "ผลผลิต"])
    ws.append(["1) ทำงาน", "→", *blank(11), 100, "ได้ผล"])
    header = [c.value for c in ws[2]]
    ws.append(header)
    ws.append(["2) ทำต่อ", *blank(11), "→", "-", "ได้ผลอีก"])
    ws.append(["รวม", *blank(12), 100])
    reading = read(tmp_path, wb)
    assert reading.errors == [] and reading.warnings == []
    plan = reading.plans[0]
    assert [i.title for i in plan.walk()] == ["ทำงาน", "ทำต่อ"]
    assert plan.window == (D(2023, 10, 1), D(2024, 9, 1)) and plan.unit_name == "กองทดสอบ"
    assert list(plan.walk())[1].months == {D(2024, 9, 1)}
    assert {c.field for c in plan.columns} == {"title", "budget", "deliverable"}


def test_total_row_that_differs_is_a_warning_naming_the_cell(tmp_path):
    path = tmp_path / "t.xlsx"
    office_workbook(path=path, total="60,000.00")
    reading = read_workbook(path)
    assert reading.errors == []
    assert any("คอลัมน์ Q" in w and "60,000.00" in w and "62,960.00" in w for w in reading.warnings)


def test_heading_subtotal_is_dropped_and_odd_heading_budget_kept(tmp_path):
    wb, _ = small_sheet([
        ["1) หัวข้อ", *blank(12), None, 300],
        ["1.1) ก", *blank(12), None, 100],
        ["1.2) ข", "→", *blank(11), None, 200],
        ["2) หัวข้อสอง", *blank(12), None, 999],
        ["2.1) ค", *blank(12), None, 1],
    ])
    reading = read(tmp_path, wb)
    items = list(reading.plans[0].walk())
    assert items[0].kind == ItemKind.HEADING and items[0].budget is None
    assert items[3].kind == ItemKind.ACTIVITY and items[3].budget == Decimal("999.00")
    assert any("แถว 9" in w and "หัวข้อ 2)" in w for w in reading.warnings)


def test_several_sheets_and_several_plans(tmp_path):
    path = tmp_path / "many.xlsx"
    wb = office_workbook(sheet="แผน67")
    wb.create_sheet("หมายเหตุ").append(["ไฟล์นี้มีสองแผน"])
    second = demo_plan()
    second["title"] = "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มตรวจสอบภายใน"
    second["items"] = second["items"][:1]
    office_workbook(second, wb=wb, sheet="สองแผน", repeat_every=0)
    office_workbook(second | {"title": "แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2567 ของกองคลัง"}, wb=wb,
                    sheet="สองแผน", start_row=30, repeat_every=0, merged=False)
    wb.save(path)
    reading = read_workbook(path)
    assert reading.errors == []
    assert [(p.sheet, p.unit_name) for p in reading.plans] == [
        ("แผน67", "กลุ่มพัฒนาระบบบริหาร"), ("สองแผน", "กลุ่มตรวจสอบภายใน"), ("สองแผน", "กองคลัง")]
    assert any("“หมายเหตุ”" in w and "ข้าม" in w for w in reading.warnings)
    assert reading.plans[1].activity_count == reading.plans[2].activity_count == 11
    only = read_workbook(path, sheet="สองแผน")
    assert only.chosen == ["สองแผน"] and len(only.plans) == 2
    with pytest.raises(ValidationError, match="ไม่พบชีต “ไม่มี”.*“แผน67”"):
        read_workbook(path, sheet="ไม่มี")
    assert read_workbook(path, sheet="หมายเหตุ").errors == [
        "ชีต “หมายเหตุ”: ไม่พบหัวตารางแผน (แถวชื่อเดือน ต.ค. … ก.ย. อย่างน้อย 6 เดือน) "
        "— ตรวจว่าเลือกชีตถูก และหัวตารางมีชื่อเดือน"]


def test_column_mapping_overrides_the_header(tmp_path):
    wb, _ = small_sheet([["1) กิจกรรม", *blank(12), "ผลงาน", None, "คุณเอ", "คุณบี", "ด่วน"]])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    reading = read_workbook(path, sheet="แผน")
    item = reading.plans[0].items[0]
    assert (item.responsible, item.related, item.remark) == ("คุณเอ", "คุณบี", "ด่วน")
    swapped = reparse(reading, "แผน", {16: "related", 17: "responsible", 18: "ignore"})
    item = swapped.plans[0].items[0]
    assert (item.responsible, item.related, item.remark) == ("คุณบี", "คุณเอ", "")
    assert read_workbook(path, sheet="แผน", mapping={1: "ignore"}).errors[0].endswith(
        "จับคู่คอลัมน์ในหน้าตัวอย่างก่อนนำเข้า")


# ---- bad input -----------------------------------------------------------------------------------
def test_formula_without_cached_value_names_the_cell(tmp_path):
    wb, _ = small_sheet([["1) ก", *blank(12), None, "=100*2"], ["รวมทั้งสิ้น", *blank(12), None, "=SUM(O6:O6)"]])
    reading = read(tmp_path, wb)
    assert reading.errors == ["ชีต “แผน” แถว 6 คอลัมน์ O: เป็นสูตรที่ยังไม่มีค่าที่คำนวณไว้ — เปิดไฟล์ใน Excel "
                              "ให้คำนวณแล้วบันทึกใหม่ หรือแทนสูตรด้วยค่า แล้วนำเข้าใหม่"]
    assert any("แถว 7 คอลัมน์ O" in w and "ตรวจยอดรวมไม่ได้" in w for w in reading.warnings)


def test_bad_files_are_refused_with_a_thai_message(tmp_path):
    cases = {
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le"),
        "locked.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le"),
        "plan.csv.xlsx": "กิจกรรม,ต.ค.,พ.ย.\n1) ก,→,\n".encode(),
        "empty.xlsx": b"",
    }
    expected = {"old.xls": "บันทึกเป็น .xlsx ก่อน", "locked.xlsx": "ตั้งรหัสผ่าน",
                "plan.csv.xlsx": "ไม่ใช่ไฟล์ Excel", "empty.xlsx": "ไม่ใช่ไฟล์ Excel"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ValidationError, match=expected[name]):
            read_workbook(tmp_path / name)
    good = tmp_path / "good.xlsx"
    office_workbook(path=good)
    (tmp_path / "cut.xlsx").write_bytes(good.read_bytes()[:3000])
    with pytest.raises(ValidationError, match="เสียหาย"):
        read_workbook(tmp_path / "cut.xlsx")
    with zipfile.ZipFile(tmp_path / "nobook.xlsx", "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(ValidationError, match="ไม่พบเวิร์กบุ๊ก"):
        read_workbook(tmp_path / "nobook.xlsx")
    with pytest.raises(ValidationError, match="เปิดไฟล์ “missing.xlsx” ไม่ได้"):
        read_workbook(tmp_path / "missing.xlsx")


def test_empty_sheet_and_sheet_without_header(tmp_path):
    wb = Workbook()
    wb.active.title = "ว่าง"
    reading = read(tmp_path, wb)
    assert reading.errors == ["ชีต “ว่าง” ว่าง ไม่มีข้อมูลให้นำเข้า"] and not reading.ok
    wb.active.append(["กิจกรรม", "งบประมาณ"])
    wb.active.append(["1) ก", 100])
    assert "ไม่พบหัวตารางแผน" in read(tmp_path, wb).errors[0]


def test_months_out_of_order_name_the_cell(tmp_path):
    wb, ws = small_sheet([["1) ก", *blank()]])
    ws.cell(5, 6, "ต.ค.")  # ม.ค. column now says ต.ค.
    errors = read(tmp_path, wb).errors
    assert errors and errors[0].startswith("ชีต “แผน” แถว 5 คอลัมน์ F: เดือนในหัวตารางไม่ต่อเนื่อง")


def test_too_many_rows_is_refused_quickly(tmp_path):
    import time

    from openpyxl import Workbook as WriteOnly

    wb = WriteOnly(write_only=True)
    ws = wb.create_sheet("ใหญ่")
    ws.append(["กิจกรรม", "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค."])
    for i in range(100_000):
        ws.append([f"1.{i}) กิจกรรม", "→"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    started = time.perf_counter()
    with pytest.raises(ValidationError, match=f"ชีต “ใหญ่” มีข้อมูลเกิน {MAX_ROWS:,} แถว"):
        read_workbook(path)
    assert time.perf_counter() - started < 5


def test_bad_budget_text_and_negative_numbers(tmp_path):
    wb, _ = small_sheet([["1) ก", *blank(12), None, "ประมาณ 500"], ["2) ข", *blank(12), None, -5]])
    errors = read(tmp_path, wb).errors
    assert errors[0].startswith("ชีต “แผน” แถว 6 คอลัมน์ O: งบประมาณ “ประมาณ 500” ไม่ใช่จำนวนเงิน")
    assert errors[1] == "ชีต “แผน” แถว 7 คอลัมน์ O: งบประมาณติดลบไม่ได้ (-5)"


# ---- command line --------------------------------------------------------------------------------
def test_cli_import_plan(tmp_path, capsys, sqlite_template):
    import shutil

    db = tmp_path / "ws.plandesk"
    shutil.copyfile(sqlite_template, db)
    path = tmp_path / "plan.xlsx"
    office_workbook(path=path)
    assert main(["import-plan", str(path), "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["activities"] == 57 and out["budget_total"] == "62960.00" and out["fiscal_year"] == 2567
    assert out["unit"] == "กลุ่มพัฒนาระบบบริหาร" and out["warnings"] == []
    assert main(["import-plan", str(path), "--db", str(db), "--year", "2568", "--unit", "กองคลัง"]) == 0
    text = capsys.readouterr().out
    assert "ปีงบประมาณ 2568" in text and "57 กิจกรรม" in text and "62,960.00" in text
    bad = tmp_path / "bad.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main(["import-plan", str(bad), "--db", str(db)]) == 1
    assert "บันทึกเป็น .xlsx ก่อน" in capsys.readouterr().err
    assert main(["import-plan", str(path), "--db", str(db), "--sheet", "ไม่มี"]) == 1
    assert "ไม่พบชีต “ไม่มี”" in capsys.readouterr().err
    assert main(["info", "--db", str(db), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["plans"]
    assert sorted(p["fiscal_year"] for p in listed) == [2567, 2568]
