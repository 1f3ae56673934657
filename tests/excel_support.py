"""Workbooks for the Excel import tests and bench, laid out the way the office makes them.

`office_workbook(plan)` writes a plan dict (the shape of resources/demo/plan_2567.json) as seed
000 looks in Excel: a title row, a merged "ปี พ.ศ." band with the BE years over the months they
cover, Thai month abbreviations, numbered activities, "-" bullets, arrows in some month cells and
filled backgrounds in others, budgets as numbers, "1,050.00" text and "-", the header repeated
every `repeat_every` rows and a รวมทั้งสิ้น row.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from app.services import fiscal

ROOT = Path(__file__).resolve().parent.parent
DEMO_JSON = ROOT / "resources" / "demo" / "plan_2567.json"
FILL = PatternFill("solid", fgColor="9BC2E6")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
FIELDS = ("deliverable", "budget", "responsible", "related", "remark")
HEADERS = ("ผลลัพธ์ของงาน", "งบประมาณที่ใช้", "ผู้รับผิดชอบ", "ผู้เกี่ยวข้อง", "หมายเหตุ")
SPLIT_TITLE = "2.2.4)"   # this activity's title runs on into a second row, as long titles do


def demo_plan() -> dict:
    return json.loads(DEMO_JSON.read_text("utf-8"))


def _walk(nodes, depth=0):
    for node in nodes:
        yield depth, node
        yield from _walk(node["children"], depth + 1)


def write_header(ws, row: int, months: list[dt.date], merged: bool = True) -> int:
    """The three header rows at `row`; returns the first row after them."""
    n = len(months)
    first_month_col, after = 2, 2 + n
    ws.cell(row, 1, "กิจกรรม/ขั้นตอน")
    ws.cell(row, first_month_col, "ปี พ.ศ.")
    for i, text in enumerate(HEADERS):
        ws.cell(row, after + i, text)
    years: list[tuple[int, int, int]] = []  # (be, first col, last col)
    for i, month in enumerate(months):
        be = fiscal.to_be(month.year)
        col = first_month_col + i
        if years and years[-1][0] == be:
            years[-1] = (be, years[-1][1], col)
        else:
            years.append((be, col, col))
        ws.cell(row + 2, col, fiscal.month_abbr(month))
    for be, first, last in years:
        ws.cell(row + 1, first, be)
    if merged:
        ws.merge_cells(start_row=row, start_column=1, end_row=row + 2, end_column=1)
        ws.merge_cells(start_row=row, start_column=first_month_col, end_row=row, end_column=after - 1)
        for be, first, last in years:
            if last > first:
                ws.merge_cells(start_row=row + 1, start_column=first, end_row=row + 1, end_column=last)
        for i in range(len(HEADERS)):
            ws.merge_cells(start_row=row, start_column=after + i, end_row=row + 2, end_column=after + i)
    for r in range(row, row + 3):
        for c in range(1, after + len(HEADERS)):
            ws.cell(r, c).fill = HEADER_FILL
    return row + 3


def office_workbook(plan: dict | None = None, path: Path | None = None, *, sheet: str = "แผน67",
                    repeat_every: int = 15, split_title: str | None = SPLIT_TITLE, total: str | None = None,
                    wb: Workbook | None = None, start_row: int = 1, merged: bool = True) -> Workbook:
    """Write `plan` (default: the demo plan) as the office's Gantt sheet; save to `path` if given."""
    plan = plan or demo_plan()
    if wb is None:
        wb = Workbook()
        ws = wb.active
        ws.title = sheet
    else:
        ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
    start, end = (dt.date.fromisoformat(d) for d in plan["window"])
    months = fiscal.month_range(start, end)
    col_of = {m: 2 + i for i, m in enumerate(months)}
    after = 2 + len(months)
    ws.cell(start_row, 1, plan["title"])
    if merged:
        ws.merge_cells(start_row=start_row, start_column=1, end_row=start_row, end_column=after + len(HEADERS) - 1)
    row = write_header(ws, start_row + 2, months, merged)
    since_header = 0
    budget_sum = Decimal("0")
    for index, (depth, node) in enumerate(_walk(plan["items"])):
        if repeat_every and since_header >= repeat_every:
            row = write_header(ws, row, months, merged)
            since_header = 0
        number = node.get("number")
        title = node["title"]
        first_line, rest = title, None
        if split_title and number == split_title and " " in title:
            cut = next(i for i in range(len(title) // 3, len(title))
                       if title[i] == " " and title[i + 1] not in "-–")  # a "-" line would be a bullet
            first_line, rest = title[:cut], title[cut + 1:]
        ws.cell(row, 1, f"{number} {first_line}" if number else f"- {first_line}")
        ws.cell(row, 1).alignment = Alignment(wrap_text=True, indent=depth)
        for m in node.get("months", []):
            cell = ws.cell(row, col_of[dt.date.fromisoformat(m)])
            if index % 2:
                cell.fill = FILL           # a filled background marks the month
            else:
                cell.value = "→"
        if node["kind"] != "heading":
            for name, col in zip(FIELDS, range(after, after + len(FIELDS))):
                value = node.get(name) or ""
                if name == "budget":
                    if value in ("", "-"):
                        value = "-"
                    elif index % 3 == 0 or not value.replace(",", "").replace(".", "").isdigit():
                        pass                # "1,050.00" as text, the way Word-converted sheets have it
                    else:
                        value = float(Decimal(value.replace(",", "")))
                    if value != "-" and str(value).replace(",", "").replace(".", "").isdigit():
                        budget_sum += Decimal(str(value).replace(",", ""))
                if value != "":
                    ws.cell(row, col, value)
        row += 1
        since_header += 1
        if rest is not None:
            ws.cell(row, 1, rest)
            row += 1
            since_header += 1
    ws.cell(row, 1, "รวมทั้งสิ้น")
    ws.cell(row, after + 1, float(budget_sum) if total is None else total)
    for c in range(1, after + len(HEADERS)):
        ws.column_dimensions[get_column_letter(c)].width = 40 if c == 1 else 7
    if path is not None:
        wb.save(path)
    return wb


def big_plan(activities: int = 5000, seed: int = 7) -> dict:
    """A synthetic plan with `activities` activities under headings (three levels), in the
    demo plan's shape: ~10 activities per sub-heading, a budget on every third."""
    import random

    rng = random.Random(seed)
    window = ["2023-10-01", "2024-09-01"]
    months = fiscal.month_range(dt.date(2023, 10, 1), dt.date(2024, 9, 1))
    items, made = [], 0
    top = 0
    while made < activities:
        top += 1
        node = {"number": f"{top})", "title": f"หัวข้อที่ {top} การพัฒนาระบบบริหารราชการ", "kind": "heading",
                "children": [], "months": []}
        for sub in range(1, 11):
            if made >= activities:
                break
            child = {"number": f"{top}.{sub})", "title": f"โครงการย่อยที่ {top}.{sub} ยกระดับการให้บริการประชาชน",
                     "kind": "heading", "children": [], "months": []}
            for leaf in range(1, 11):
                if made >= activities:
                    break
                made += 1
                chosen = sorted(rng.sample(months, rng.randint(1, 4)))
                child["children"].append({
                    "number": f"{top}.{sub}.{leaf})",
                    "title": f"จัดประชุมชี้แจงแนวทางการดำเนินงาน ครั้งที่ {made} ให้หน่วยงานภายในกรมทราบ",
                    "kind": "activity", "children": [], "months": [m.isoformat() for m in chosen],
                    "deliverable": "หน่วยงานรับทราบแนวทางและนำไปปฏิบัติ",
                    "budget": f"{rng.randint(1, 500) * 35}.00" if made % 3 == 0 else "-",
                    "responsible": "กลุ่มพัฒนาระบบบริหาร", "related": "สำนัก/กอง/หน่วยงานเทียบเท่า", "remark": ""})
            node["children"].append(child)
        items.append(node)
    return {"title": "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร", "fiscal_year": 2567,
            "window": window, "items": items}
