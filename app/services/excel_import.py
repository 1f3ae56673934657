"""Importing the office's plan workbooks (.xlsx): read and preview first, then import in one step.

    reading = read_workbook("แผน 2567.xlsx")          # no database; errors/warnings name the cell
    if not reading.errors:
        result = import_plan(session, reading)       # one plan, all or nothing

A workbook may hold several plans (one per sheet, or one after another on a sheet, each after its
own title and header); `reading.plans` lists them and `plan_index` picks one. The reading keeps
the sheets' cells (`reading.grids`), so `reparse(reading, sheet, mapping)` applies a changed
column mapping without opening the file again.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import ItemKind, OrgUnit, PlanItem, PlanItemMonth
from app.services import fiscal, plans
from app.services.errors import ValidationError
from app.services.excel_layout import (FIELD_NAMES, THAI_DIGITS, Column, Layout, detect_layout, find_month_rows,
                                       text_of)
from app.services.excel_read import SheetGrid, load_grids, where
from app.services.excel_rows import ReadItem, read_rows
from app.services.money import format_money

_FISCAL_IN_TITLE = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s*ศ\.\s*)?(\d{4})")
_UNIT_IN_TITLE = re.compile(r"ของ\s*((?:กลุ่ม|กอง|สำนัก|ศูนย์|ฝ่าย|สถาบัน|กรม|งาน)\S.*?)\s*$")


@dataclass
class PlanReading:
    """One plan found in a sheet, as it would be imported."""

    sheet: str
    title: str
    be_year: int | None
    unit_name: str | None                 # from the title ("… ของกลุ่มพัฒนาระบบบริหาร"), if it says
    window: tuple[dt.date, dt.date] | None
    columns: list[Column]
    months: list[tuple[int, dt.date]]     # (column, month)
    header_rows: tuple[int, int]
    last_row: int
    items: list[ReadItem]
    computed_total: Decimal
    printed_total: Decimal | None
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def walk(self):
        for root in self.items:
            yield from root.walk()

    @property
    def activity_count(self) -> int:
        return sum(1 for item in self.walk() if item.kind != ItemKind.HEADING)

    @property
    def label(self) -> str:
        return f"{self.sheet}: {self.title}"


@dataclass
class WorkbookReading:
    path: Path
    sheets: list[str]                     # every sheet in the workbook
    chosen: list[str]                     # the sheets read
    plans: list[PlanReading]
    warnings: list[str]                   # the plans' and the workbook's, in order
    errors: list[str]                     # any error here means nothing can be imported
    grids: dict[str, SheetGrid] = field(default_factory=dict, repr=False)
    mappings: dict[str, dict[int, str]] = field(default_factory=dict)
    be_year_hint: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.plans)


@dataclass(frozen=True)
class ImportResult:
    plan_id: int
    title: str
    be_year: int
    unit_name: str
    headings: int
    activities: int                       # activities and bullets (what plans.list_plans counts)
    budget_total: Decimal
    window: tuple[dt.date, dt.date]
    warnings: tuple[str, ...]


def _title_and_year(grid: SheetGrid, rows: list[int]) -> tuple[str, int | None]:
    lines = []
    for row in rows:
        texts = [text_of(v) for v in grid.rows[row] if v is not None and text_of(v)]
        if len(texts) == 1 and not texts[0].startswith("รวม"):
            lines.append(texts[0])
        elif len(texts) > 1:
            lines = []  # something other than a title (a table row): the title is below it
    title = re.sub(r"\s+", " ", " ".join(lines)).strip()
    match = _FISCAL_IN_TITLE.search(title.translate(THAI_DIGITS))
    year = int(match.group(1)) if match and 2400 <= int(match.group(1)) <= 2800 else None
    return title, year


def _unit_of(title: str) -> str | None:
    match = _UNIT_IN_TITLE.search(title)
    return match.group(1).strip() if match else None


def parse_sheet(grid: SheetGrid, mapping: dict[int, str] | None = None,
                be_year_hint: int | None = None) -> tuple[list[PlanReading], list[str]]:
    """Every plan on one sheet, and the sheet's own errors (no header at all)."""
    if not grid.rows:
        return [], [f"{where(grid.name)} ว่าง ไม่มีข้อมูลให้นำเข้า"]
    month_rows = find_month_rows(grid)
    if not month_rows:
        return [], [f"{where(grid.name)}: ไม่พบหัวตารางแผน (แถวชื่อเดือน ต.ค. … ก.ย. อย่างน้อย 6 เดือน) "
                    "— ตรวจว่าเลือกชีตถูก และหัวตารางมีชื่อเดือน"]
    ordered_rows = sorted(grid.rows)
    # A header band after a รวม row starts another plan; before it, it is the header repeated.
    readings: list[PlanReading] = []
    starts = [month_rows[0]]
    for month_row in month_rows[1:]:
        between = [r for r in ordered_rows if starts[-1] < r < month_row]
        if any(text_of(v).startswith("รวม") for r in between for v in grid.rows[r][:3] if v is not None):
            starts.append(month_row)
    previous_end = 0
    for index, month_row in enumerate(starts):
        hint = be_year_hint
        layout_probe = detect_layout(grid, month_row, hint, mapping)
        title_rows = [r for r in ordered_rows if previous_end < r < layout_probe.first_row]
        title, title_year = _title_and_year(grid, title_rows)
        if title_year is not None:
            hint = title_year
        layout = detect_layout(grid, month_row, hint, mapping) if hint != be_year_hint else layout_probe
        end = starts[index + 1] if index + 1 < len(starts) else grid.max_row + 1
        # The next plan's title rows belong to it: stop after this plan's last total row.
        data_rows = [r for r in ordered_rows if layout.last_row < r < end]
        reading = _plan_reading(grid, layout, data_rows, title or grid.name, title_year)
        if index + 1 < len(starts):
            totals = [r for r in data_rows if any(text_of(v).startswith("รวม")
                                                  for v in grid.rows[r][:3] if v is not None)]
            if totals:
                cut = totals[-1]
                data_rows = [r for r in data_rows if r <= cut]
                reading = _plan_reading(grid, layout, data_rows, title or grid.name, title_year)
                previous_end = cut
        readings.append(reading)
    return readings, []


def _plan_reading(grid: SheetGrid, layout: Layout, data_rows: list[int], title: str,
                  title_year: int | None) -> PlanReading:
    warnings, errors = list(layout.warnings), list(layout.errors)
    window = layout.window
    be_year = title_year
    if window is not None:
        middle = fiscal.add_months(window[0], fiscal.months_between(*window) // 2)
        window_year = fiscal.fiscal_year_of(middle)
        if be_year is None:
            be_year = window_year
        elif window_year != be_year:
            warnings.append(f"{where(grid.name, layout.month_row)}: ชื่อแผนระบุปีงบประมาณ {be_year} แต่เดือนในหัวตาราง"
                            f"เป็นของปีงบประมาณ {window_year}")
    if errors:
        result_items, computed, printed, last_row = [], Decimal("0.00"), None, layout.last_row
    else:
        rows = read_rows(grid, layout, data_rows)
        warnings += rows.warnings
        errors += rows.errors
        result_items, computed, printed, last_row = rows.items, rows.computed_total, rows.printed_total, rows.last_row
        if not result_items:
            errors.append(f"{where(grid.name, layout.last_row)}: ไม่พบกิจกรรมใต้หัวตาราง")
    return PlanReading(sheet=grid.name, title=title, be_year=be_year, unit_name=_unit_of(title), window=window,
                       columns=layout.columns, months=layout.months,
                       header_rows=(layout.first_row, layout.last_row), last_row=last_row, items=result_items,
                       computed_total=computed, printed_total=printed, warnings=warnings, errors=errors)


def _assemble(path: Path, sheet_names: list[str], grids: dict[str, SheetGrid], chosen: list[str],
              mappings: dict[str, dict[int, str]], be_year_hint: int | None, explicit: bool) -> WorkbookReading:
    readings: list[PlanReading] = []
    warnings: list[str] = []
    errors: list[str] = []
    for name in chosen:
        found, sheet_errors = parse_sheet(grids[name], mappings.get(name), be_year_hint)
        if sheet_errors and not explicit and len(chosen) > 1:
            warnings.extend(f"{e} (ข้ามชีตนี้)" for e in sheet_errors)
        else:
            errors.extend(sheet_errors)
        for plan in found:
            readings.append(plan)
            warnings.extend(plan.warnings)
            errors.extend(plan.errors)
    if not readings and not errors:
        errors.append(f"ไม่พบแผนในไฟล์ “{path.name}” — ไม่มีชีตใดมีหัวตารางแผน (แถวชื่อเดือน ต.ค. … ก.ย.)")
    return WorkbookReading(path=path, sheets=sheet_names, chosen=chosen, plans=readings, warnings=warnings,
                           errors=errors, grids=grids, mappings=mappings, be_year_hint=be_year_hint)


def read_workbook(path: str | Path, sheet: str | None = None, mapping: dict[int, str] | None = None,
                  be_year: int | None = None, progress=None) -> WorkbookReading:
    """Read the plan(s) in a workbook without touching any database.

    `sheet`: read only that sheet (None: every sheet; sheets without a plan header are skipped
    with a warning). `mapping`: column number → field name (see excel_layout.FIELD_NAMES) to
    override what the header text says. `be_year`: the fiscal year to date the months with when
    neither the title nor the header says it. Refused files raise ValidationError."""
    path = Path(path)
    workbook = load_grids(path, None if sheet is None else [sheet], progress)
    chosen = [sheet] if sheet is not None else list(workbook.sheet_names)
    mappings = {sheet: dict(mapping)} if sheet is not None and mapping else {}
    return _assemble(path, workbook.sheet_names, workbook.grids, chosen, mappings, be_year, sheet is not None)


def reparse(reading: WorkbookReading, sheet: str | None = None, mapping: dict[int, str] | None = None,
            be_year: int | None = None) -> WorkbookReading:
    """The same workbook read again with another sheet choice or column mapping (no file access
    when the sheets are already read)."""
    if sheet is not None and sheet not in reading.grids:
        return read_workbook(reading.path, sheet, mapping, be_year)
    chosen = [sheet] if sheet is not None else list(reading.grids)
    mappings = dict(reading.mappings)
    if sheet is not None:
        if mapping:
            mappings[sheet] = dict(mapping)
        else:
            mappings.pop(sheet, None)
    return _assemble(reading.path, reading.sheets, reading.grids, chosen, mappings,
                     be_year if be_year is not None else reading.be_year_hint, sheet is not None)


# ---- writing --------------------------------------------------------------------------------------
def _find_unit(session: Session, name: str) -> OrgUnit:
    """An existing unit called `name` (by name or abbreviation), or a new top-level one."""
    names = plans.unit_names_matching(session, name)
    units = list(session.scalars(select(OrgUnit).where(OrgUnit.name.in_(names)))) if names else []
    if len(units) == 1:
        return units[0]
    if len(units) > 1:
        raise ValidationError(f"มีหน่วยงานชื่อ “{name}” มากกว่าหนึ่งหน่วยงาน — ระบุหน่วยงานให้ชัดเจน")
    return plans.get_or_create_unit(session, name)


def import_plan(session: Session, reading: WorkbookReading, plan_index: int = 0, unit: str | None = None,
                be_year: int | None = None, title: str | None = None, progress=None) -> ImportResult:
    """Write one plan of the reading into the workspace; call inside ws.transaction() so that a
    refusal anywhere leaves nothing behind. Any error in the reading refuses the import."""
    if reading.errors:
        raise ValidationError("นำเข้าไม่ได้:\n" + "\n".join(reading.errors[:20]))
    if not 0 <= plan_index < len(reading.plans):
        raise ValidationError(f"ไม่มีแผนลำดับที่ {plan_index + 1} ในไฟล์ (พบ {len(reading.plans)} แผน)")
    plan = reading.plans[plan_index]
    year = be_year if be_year is not None else plan.be_year
    if year is None:
        raise ValidationError(f"ไม่ทราบปีงบประมาณของแผน “{plan.title}” — ระบุปีงบประมาณ พ.ศ.")
    unit_name = (unit or plan.unit_name or "").strip()
    if not unit_name:
        raise ValidationError(f"ชื่อแผน “{plan.title}” ไม่ได้ระบุหน่วยงาน — ระบุหน่วยงานที่เป็นเจ้าของแผน")
    window = plan.window
    if be_year is not None and be_year != plan.be_year and plan.be_year is not None:
        shift = (be_year - plan.be_year) * 12  # the user moved the plan to another year: months move along
        window = (fiscal.add_months(window[0], shift), fiscal.add_months(window[1], shift))
    else:
        shift = 0
    plan_id = plans.create_plan(session, _find_unit(session, unit_name), year, title or plan.title, window)
    counts = _insert_tree(session, plan_id, plan, shift, progress)
    total = plans.plan_total(session, plan_id)
    return ImportResult(plan_id=plan_id, title=title or plan.title, be_year=year, unit_name=unit_name,
                        headings=counts[ItemKind.HEADING], activities=counts[ItemKind.ACTIVITY] + counts[ItemKind.BULLET],
                        budget_total=total, window=window, warnings=tuple(plan.warnings))


def _insert_tree(session: Session, plan_id: int, plan: PlanReading, shift: int, progress) -> dict[ItemKind, int]:
    """Level by level: one multi-row INSERT … RETURNING per level, then all months at once
    (inserting 5,000 items one by one with the editing functions took seconds)."""
    item_table, month_table = PlanItem.__table__, PlanItemMonth.__table__
    counts = {kind: 0 for kind in ItemKind}
    level: list[tuple[int | None, int, ReadItem]] = [(None, i, item) for i, item in enumerate(plan.items)]
    month_rows: list[dict] = []
    done, total = 0, sum(1 for _ in plan.walk())
    while level:
        params = [{"plan_id": plan_id, "parent_id": parent, "position": position, "kind": item.kind.value,
                   "title": item.title, "deliverable": item.deliverable, "budget": item.budget,
                   "responsible": item.responsible, "related": item.related, "remark": item.remark}
                  for parent, position, item in level]
        ids = []
        for start in range(0, len(params), 2000):
            result = session.execute(insert(item_table).returning(item_table.c.id, sort_by_parameter_order=True),
                                     params[start:start + 2000])
            ids.extend(result.scalars().all())
        next_level = []
        for item_id, (_, _, item) in zip(ids, level):
            counts[item.kind] += 1
            month_rows.extend({"item_id": item_id, "month": fiscal.add_months(m, shift)} for m in sorted(item.months))
            next_level.extend((item_id, i, child) for i, child in enumerate(item.children))
        done += len(level)
        if progress is not None:
            progress(done, total, f"บันทึกแล้ว {done:,} จาก {total:,} รายการ")
        level = next_level
    for start in range(0, len(month_rows), 5000):
        session.execute(insert(month_table), month_rows[start:start + 5000])
    session.flush()
    return counts


def summary_text(result: ImportResult) -> str:
    return (f"นำเข้าแผน “{result.title}” (ปีงบประมาณ {result.be_year}, {result.unit_name}) แล้ว: "
            f"{result.activities:,} กิจกรรม, {result.headings:,} หัวข้อ, รวม {format_money(result.budget_total)} บาท")


def field_label(name: str | None) -> str:
    return FIELD_NAMES.get(name or "ignore", name or "")
