"""Plans, agreement frameworks and round scores as Excel workbooks (issue 6, export).

The plan sheet is laid out like the office's own workbooks (seed 000), so that a planner can hand
it on and PlanDesk's importer reads it back: a title row; a three-row header band — กิจกรรม/ขั้นตอน,
"ปี พ.ศ." over the BE years over the Thai month abbreviations of the plan's window, then
ผลลัพธ์ของงาน, งบประมาณที่ใช้, ผู้รับผิดชอบ, ผู้เกี่ยวข้อง, หมายเหตุ; one row per item with its number
("1)", "1.1)", "-") in the activity cell; marked months filled and arrowed; รวมทั้งสิ้น with a SUM.
The agreement framework and the round scores are in `excel_scores`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from app.models import ItemKind
from app.services import fiscal, plans
from app.services.excel_common import (CHAR_UNITS, HEAD_FILL, HEADING_FILL, MONEY_FORMAT, THIN, ExcelOptions, Look,
                                       RowsXml, Styler, fitted_width, line_height, lines_needed, print_setup,
                                       safe_sheet_title, set_widths, workbook_bytes, write_out)
from app.services.numbering import numbers_for_rows
from app.services.plan_data import ItemRow

__all__ = ["ExcelOptions", "write_plan_xlsx", "plan_workbook_bytes", "write_agreement_xlsx",
           "write_round_scores_xlsx", "agreement_workbook_bytes", "round_scores_workbook_bytes", "XLSX_FORMS",
           "export_for_cli"]

TITLE_HEADER = "กิจกรรม/ขั้นตอน"
YEAR_BAND = "ปี พ.ศ."
TRAILING = (("deliverable", "ผลลัพธ์ของงาน"), ("budget", "งบประมาณที่ใช้"), ("responsible", "ผู้รับผิดชอบ"),
            ("related", "ผู้เกี่ยวข้อง"), ("remark", "หมายเหตุ"))
TOTAL_LABEL = "รวมทั้งสิ้น"
ARROW = "→"
MARK_FILL = "9DC3E6"
TITLE_ROW = 1
HEADER_FIRST, HEADER_LAST = 2, 4
FIRST_BODY = HEADER_LAST + 1
NONE = Side(style=None)


@dataclass(frozen=True)
class PlanSheet:
    """Where things are on the written sheet (for callers and tests)."""

    months: list[dt.date]
    first_body_row: int
    total_row: int
    budget_column: int      # 1-based
    last_column: int


def _depths(rows: list[ItemRow]) -> dict[int, int]:
    depth: dict[int, int] = {}
    for row in rows:  # parents come first
        depth[row.id] = 0 if row.parent_id is None else depth[row.parent_id] + 1
    return depth


def _month_border(joins_left: bool, joins_right: bool) -> Border:
    """Marked months side by side lose the line between them, so a run reads as one bar."""
    return Border(left=NONE if joins_left else THIN, right=NONE if joins_right else THIN, top=THIN, bottom=THIN)


_MONTH_BORDERS = {(left, right): _month_border(left, right) for left in (False, True) for right in (False, True)}


def _widths(rows: list[ItemRow], numbers: dict[int, str], n_months: int, options: ExcelOptions) -> list[float]:
    scale = options.font_size / 16
    fit = lambda texts, low, high, lines: fitted_width(texts, low * scale, high * scale, lines)  # noqa: E731
    titles = [f"{numbers[r.id]} {r.title}" for r in rows]
    month = 3.7 * CHAR_UNITS * scale + 1     # "มี.ค." and "เม.ย." in bold
    return ([fit(titles, 24, 48, 2.5)] + [month] * n_months
            + [fit([r.deliverable for r in rows], 14, 32, 3), 13.5 * scale,
               fit([r.responsible for r in rows], 12, 20, 2), fit([r.related for r in rows], 12, 22, 2),
               fit([r.remark for r in rows], 11, 18, 2)])


def _header(put, sheet, months: list[dt.date], last_column: int, head: Look) -> None:
    n = len(months)
    for row in range(HEADER_FIRST, HEADER_LAST + 1):  # every cell boxed: merged cells keep their edges
        for column in range(1, last_column + 1):
            put(row, column, None, head)
    put(HEADER_FIRST, 1, TITLE_HEADER, head)
    sheet.merge_cells(start_row=HEADER_FIRST, start_column=1, end_row=HEADER_LAST, end_column=1)
    put(HEADER_FIRST, 2, YEAR_BAND, head)
    if n > 1:
        sheet.merge_cells(start_row=HEADER_FIRST, start_column=2, end_row=HEADER_FIRST, end_column=1 + n)
    start = 0
    for i in range(1, n + 1):  # one band per BE year over its months
        if i == n or fiscal.to_be(months[i].year) != fiscal.to_be(months[start].year):
            put(HEADER_FIRST + 1, 2 + start, fiscal.to_be(months[start].year), head)
            if i - 1 > start:
                sheet.merge_cells(start_row=HEADER_FIRST + 1, start_column=2 + start,
                                  end_row=HEADER_FIRST + 1, end_column=1 + i)
            start = i
    for i, month in enumerate(months):
        put(HEADER_LAST, 2 + i, fiscal.month_abbr(month), head)
    for offset, (_, label) in enumerate(TRAILING):
        column = 2 + n + offset
        put(HEADER_FIRST, column, label, head)
        sheet.merge_cells(start_row=HEADER_FIRST, start_column=column, end_row=HEADER_LAST, end_column=column)


def _build_plan(session: Session, plan_id: int, options: ExcelOptions) -> tuple[Workbook, PlanSheet, dict, dict]:
    data = plans.load_plan(session, plan_id)
    info = data.info
    rows = data.rows
    months = fiscal.month_range(info.window_start, info.window_end)
    n = len(months)
    numbers = numbers_for_rows(rows)
    depths = _depths(rows)
    budget_column = 2 + n + 1
    last_column = 1 + n + len(TRAILING)

    book = Workbook()
    sheet = book.active
    sheet.title = safe_sheet_title(f"แผน {info.be_year}")
    styler = Styler(sheet, options)
    put = styler.put

    put(TITLE_ROW, 1, info.title, Look(bold=True, horizontal="center", vertical="center", border=None,
                                       size=options.font_size + 2))
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last_column)
    head = Look(bold=True, fill=HEAD_FILL, horizontal="center", vertical="center")
    _header(put, sheet, months, last_column, head)

    widths = _widths(rows, numbers, n, options)
    text_widths = (widths[0], widths[1 + n], widths[3 + n], widths[4 + n], widths[5 + n])
    per_line = line_height(options.font_size)
    dimensions = sheet.row_dimensions
    index = {m: i for i, m in enumerate(months)}
    text, text_bold = Look(), Look(bold=True, fill=HEADING_FILL)
    money = Look(horizontal="right", number_format=MONEY_FORMAT)
    dash = Look(horizontal="center")
    blank_month = Look(horizontal="center", vertical="center")
    marked = {key: Look(horizontal="center", vertical="center", fill=MARK_FILL, bold=True, border=border)
              for key, border in _MONTH_BORDERS.items()}
    indents: dict[tuple[int, bool], Look] = {}
    body = RowsXml(styler, last_column)
    sid = body.sid
    blank_id, dash_id, money_id = sid(blank_month), sid(dash), sid(money)
    marked_ids = {key: sid(look) for key, look in marked.items()}
    blank_cells = [(2 + i, None, blank_id) for i in range(n)]
    r = FIRST_BODY
    for row in rows:
        heading = row.kind == ItemKind.HEADING
        depth = min(depths[row.id], 15)
        title = f"{numbers[row.id]} {row.title}".strip()
        lines = max(lines_needed(title, text_widths[0], depth, options.font_size),
                    lines_needed(row.deliverable, text_widths[1], 0, options.font_size),
                    lines_needed(row.responsible, text_widths[2], 0, options.font_size),
                    lines_needed(row.related, text_widths[3], 0, options.font_size),
                    lines_needed(row.remark, text_widths[4], 0, options.font_size))
        title_look = indents.get((depth, heading))
        if title_look is None:
            title_look = indents[(depth, heading)] = Look(bold=heading, fill=HEADING_FILL if heading else None,
                                                          indent=depth)
        cells = [(1, title, sid(title_look))]
        if row.months:
            flags = [False] * n
            for month in row.months:
                if month in index:
                    flags[index[month]] = True
            for i in range(n):
                if flags[i]:
                    key = (i > 0 and flags[i - 1], i + 1 < n and flags[i + 1])
                    cells.append((2 + i, ARROW, marked_ids[key]))
                else:
                    cells.append((2 + i, None, blank_id))
        else:  # no fill on a heading's months either: a filled month cell reads as marked
            cells.extend(blank_cells)
        text_id = sid(text_bold if heading else text)
        cells.append((2 + n, row.deliverable, text_id))
        if heading:
            cells.append((budget_column, None, text_id))
        elif row.budget is None:
            cells.append((budget_column, "-", dash_id))
        else:
            cells.append((budget_column, row.budget, money_id))
        cells += [(budget_column + 1, row.responsible, text_id), (budget_column + 2, row.related, text_id),
                  (budget_column + 3, row.remark, text_id)]
        body.row(r, lines * per_line + 3, cells)
        r += 1
    total_row = r
    total_look = Look(bold=True, fill=HEAD_FILL, horizontal="center", vertical="center")
    for column in range(1, last_column + 1):
        put(total_row, column, None, total_look)
    put(total_row, 1, TOTAL_LABEL, total_look)
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=1 + n)
    letter = get_column_letter(budget_column)
    formula = f"=SUM({letter}{FIRST_BODY}:{letter}{total_row - 1})" if rows else "=0"
    put(total_row, budget_column, formula,
        Look(bold=True, fill=HEAD_FILL, horizontal="right", vertical="center", number_format=MONEY_FORMAT),
        formula=True)

    dimensions[total_row].height = per_line + 3
    title_lines = lines_needed(info.title, sum(widths), 0, options.font_size + 2)
    dimensions[TITLE_ROW].height = title_lines * line_height(options.font_size + 2) + 4
    for header_row in range(HEADER_FIRST, HEADER_LAST + 1):
        dimensions[header_row].height = per_line + 2
    set_widths(sheet, widths)
    sheet.freeze_panes = f"B{FIRST_BODY}"  # a string: sheet.cell() would create an empty row 5
    print_setup(sheet, landscape=True, title_rows=f"{HEADER_FIRST}:{HEADER_LAST}")
    sheet.print_area = f"A1:{get_column_letter(last_column)}{total_row}"
    layout = PlanSheet(months=months, first_body_row=FIRST_BODY, total_row=total_row, budget_column=budget_column,
                       last_column=last_column)
    cached = {sheet.title: {f"{letter}{total_row}": plans.plan_total(session, plan_id)}}
    return book, layout, cached, {sheet.title: (FIRST_BODY, total_row, body.xml())}


def plan_workbook_bytes(session: Session, plan_id: int, options: ExcelOptions = ExcelOptions()) -> bytes:
    book, _, cached, spliced = _build_plan(session, plan_id, options)
    return workbook_bytes(book, cached, spliced)


def write_plan_xlsx(session: Session, plan_id: int, path_or_fh: str | Path | BinaryIO,
                    options: ExcelOptions = ExcelOptions()) -> PlanSheet:
    """Write the plan as a Gantt workbook to a path or binary stream; returns where things are.
    A path is written only once the whole workbook is made (nothing is left behind on failure)."""
    book, layout, cached, spliced = _build_plan(session, plan_id, options)
    write_out(workbook_bytes(book, cached, spliced), path_or_fh)
    return layout


from app.services.excel_scores import (agreement_workbook_bytes, round_scores_workbook_bytes,  # noqa: E402
                                       write_agreement_xlsx, write_round_scores_xlsx)

# `plandesk export <what> --out FILE.xlsx`: what can be a workbook.
XLSX_FORMS = {"plan": "แผนปฏิบัติการ", "agreement": "กรอบการประเมินของคำรับรอง", "round-summary": "ผลคะแนนของรอบ"}


def export_for_cli(session: Session, args) -> tuple[bytes, str]:
    """(workbook bytes, what in Thai) for `plandesk export <what> … --out FILE.xlsx`; args as the
    PDF exports get them (.what .year .unit .plan .round)."""
    from app.services.agreements import find_agreement
    from app.services.errors import ValidationError
    from app.services.printing.plan_pdf import find_plan
    from app.services.rounds import find_round

    what = args.what
    if what not in XLSX_FORMS:
        forms = ", ".join(XLSX_FORMS)
        raise ValidationError(f"“{what}” ส่งออกเป็น Excel (.xlsx) ไม่ได้ — ใช้ .pdf แทน "
                              f"(ส่งออกเป็น Excel ได้เฉพาะ {forms})")
    if what == "plan":
        data = plan_workbook_bytes(session, find_plan(session, args.year, args.unit, args.plan))
    elif what == "agreement":
        data = agreement_workbook_bytes(session, find_agreement(session, args.year, args.unit))
    else:
        if not getattr(args, "round", None):
            raise ValidationError("กรุณาระบุรอบด้วย --round เช่น --round \"รอบ 6 เดือน\"")
        data = round_scores_workbook_bytes(session, find_round(session, args.year, args.round, args.unit))
    return data, XLSX_FORMS[what]
