"""An agreement's evaluation framework and a round's scores as workbooks (issue 6, export).

Weights, targets, results, scores and weighted scores are numbers (Decimal, written exactly) so
colleagues can compute with them; totals are SUM formulas saved with their values.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import EvaluationRound
from app.services import agreements
from app.services.errors import NotFoundError
from app.services.excel_common import (HEAD_FILL, HEADING_FILL, SCORE_FORMAT, ExcelOptions, Look, Styler,
                                       fit_row_heights, print_setup, safe_sheet_title, set_widths, workbook_bytes, write_out)

WEIGHT_FORMAT = "General"   # 20 → "20", 7.5 → "7.5" ("0.##" would print "20.")
_THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def as_number(value) -> Decimal | None:
    """A target or result as a number when it is one ("97.5", "๙๕", "1,050", 95); None for words."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).translate(_THAI_TO_ARABIC).replace(",", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _cell_value(value):
    """Numbers as numbers, anything else as its text ("" → empty)."""
    number = as_number(value)
    if number is not None:
        return number
    text = "" if value is None else str(value).strip()
    return text or None


def _title(put, sheet, text: str, row: int, last_column: int, options: ExcelOptions) -> None:
    put(row, 1, text, Look(bold=True, horizontal="center", vertical="center", border=None, size=options.font_size + 2))
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    sheet.row_dimensions[row].height = (options.font_size + 2) * 1.6 * max(1, len(text) // 110 + 1)


def _headers(put, row: int, labels: list[str]) -> None:
    head = Look(bold=True, fill=HEAD_FILL, horizontal="center", vertical="center")
    for column, label in enumerate(labels, start=1):
        put(row, column, label, head)


# ---- the framework -----------------------------------------------------------------------------
def _level_headers(data: agreements.AgreementData) -> list[str]:
    """Target columns: the levels' own names when every indicator uses the same ones
    (ขั้นต้น (50) / มาตรฐาน (75) / ขั้นสูง (100)), else ระดับ 1 … n."""
    shapes = []
    for indicator in data.indicators:
        levels = (indicator.scheme or {}).get("levels") or []
        if levels:
            shapes.append(tuple((str(level.get("label") or "").strip(), str(level.get("points") or "").strip())
                                for level in levels))
    if not shapes:
        return ["เกณฑ์การให้คะแนน"]
    widest = max(shapes, key=len)
    if all(shape == widest[:len(shape)] for shape in shapes) and all(label for label, _ in widest):
        return [f"{label} ({points})" if points and points != label else label for label, points in widest]
    return [f"ระดับ {i}" for i in range(1, len(widest) + 1)]


@dataclass(frozen=True)
class FrameworkSheet:
    first_body_row: int
    total_row: int
    weight_column: int
    category_rows: tuple[int, ...]


def _build_agreement(session: Session, agreement_id: int, options: ExcelOptions):
    data = agreements.load_agreement(session, agreement_id)
    levels = _level_headers(data)
    labels = ["ตัวชี้วัดที่", "องค์ประกอบ / ตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "หน่วยวัด", *levels, "หมายเหตุ"]
    last_column = len(labels)
    book = Workbook()
    sheet = book.active
    sheet.title = safe_sheet_title(f"กรอบการประเมิน {data.be_year}")
    styler = Styler(sheet, options)
    put = styler.put
    _title(put, sheet, f"กรอบการประเมินผลการปฏิบัติราชการ ตามคำรับรองการปฏิบัติราชการ ของ{data.unit_name} "
                       f"ประจำปีงบประมาณ พ.ศ. {data.be_year}", 1, last_column, options)
    _headers(put, 2, labels)
    first_body = 3
    text, centre = Look(), Look(horizontal="center")
    weight = Look(horizontal="center", number_format=WEIGHT_FORMAT)
    number = Look(horizontal="center", number_format="General")  # 95, 97.5, 438.93 as the targets are written
    bold = Look(bold=True, fill=HEADING_FILL)
    bold_weight = Look(bold=True, fill=HEADING_FILL, horizontal="center", number_format=WEIGHT_FORMAT)
    r = first_body
    category_rows = []
    for category in data.categories:
        category_rows.append(r)
        for column in range(1, last_column + 1):
            put(r, column, None, bold)
        put(r, 2, category.name, bold)
        put(r, 3, category.weight, bold_weight)
        r += 1
        for indicator in category.indicators:
            put(r, 1, indicator.number, centre)
            put(r, 2, indicator.name, text)
            put(r, 3, indicator.weight, weight)
            put(r, 4, indicator.unit_of_measure or None, centre)
            scheme = indicator.scheme or {}
            targets = [level.get("target") for level in scheme.get("levels") or []]
            if not targets and (scheme.get("table_text") or indicator.criteria_text):
                targets = [scheme.get("table_text") or indicator.criteria_text]
            for offset in range(len(levels)):
                value = _cell_value(targets[offset]) if offset < len(targets) else None
                put(r, 5 + offset, value, number if isinstance(value, Decimal) else text)
            put(r, last_column, indicator.targets_remark or None, text)
            r += 1
    total_row = r
    total = Look(bold=True, fill=HEAD_FILL, horizontal="center", vertical="center")
    for column in range(1, last_column + 1):
        put(total_row, column, None, total)
    put(total_row, 1, "รวม", total)
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=2)
    cells = ",".join(f"C{row}" for row in category_rows)
    put(total_row, 3, f"=SUM({cells})" if cells else "=0",
        Look(bold=True, fill=HEAD_FILL, horizontal="center", vertical="center", number_format=WEIGHT_FORMAT),
        formula=True)
    widths = [10, 60, 11, 11] + [26 if len(levels) <= 3 else 16] * len(levels) + [18]
    set_widths(sheet, widths)
    fit_row_heights(sheet, widths, 2, total_row, options)
    sheet.freeze_panes = sheet.cell(row=first_body, column=3)
    print_setup(sheet, landscape=True, title_rows="2:2")
    cached = {sheet.title: {f"C{total_row}": data.total_weight()}}
    return book, FrameworkSheet(first_body, total_row, 3, tuple(category_rows)), cached


def agreement_workbook_bytes(session: Session, agreement_id: int, options: ExcelOptions = ExcelOptions()) -> bytes:
    book, _, cached = _build_agreement(session, agreement_id, options)
    return workbook_bytes(book, cached)


def write_agreement_xlsx(session: Session, agreement_id: int, path_or_fh: str | Path | BinaryIO,
                         options: ExcelOptions = ExcelOptions()) -> FrameworkSheet:
    """The agreement's framework: categories with weights, indicators with number, name, weight,
    unit of measure and level targets; the total weight as a SUM of the categories."""
    book, layout, cached = _build_agreement(session, agreement_id, options)
    write_out(workbook_bytes(book, cached), path_or_fh)
    return layout


# ---- a round's scores ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScoreLine:
    number: str
    name: str
    category: str
    weight: Decimal
    result: str
    score: Decimal | None
    weighted: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class ScoresSheet:
    first_body_row: int
    total_row: int
    indicator_rows: tuple[int, ...]


def _score_lines(session: Session, round_id: int) -> tuple[str, int, str, list[ScoreLine]]:
    """(round label, BE year, unit name, lines): from the round summary when that service is
    present (scores after decided appeals), else straight from the round's reports."""
    try:
        from app.services import round_summary
    except ImportError:  # pragma: no cover - the summary service arrived with issue 5
        round_summary = None
    if round_summary is not None and hasattr(round_summary, "summarize"):
        summary = round_summary.summarize(session, round_id)
        lines = []
        for row in summary.rows:
            figures = row.current
            note = figures.missing
            if not note and figures.score_after is not None and figures.score_after != figures.score:
                note = f"หลังอุทธรณ์ (เดิม {format(figures.score.normalize(), 'f')})" if figures.score is not None \
                    else "หลังอุทธรณ์"
            lines.append(ScoreLine(row.number, row.name, row.category, row.weight, figures.result,
                                   figures.final_score, figures.final_weighted, note))
        return summary.label, summary.be_year, summary.unit_name, lines
    from app.services import reports

    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    data = agreements.load_agreement(session, round_.agreement_id)
    lines = [ScoreLine(r.number, r.name, r.category, r.weight, r.result, r.score, r.weighted,
                       "" if r.score is not None else r.state_label)
             for r in reports.round_reports(session, round_id)]
    return round_.label, data.be_year, data.unit_name, lines


def round_name(session: Session, round_id: int) -> tuple[str, int]:
    """(label, BE year) of a round, for naming its workbook."""
    from app.models import Agreement, FiscalYear

    found = session.execute(select(EvaluationRound.label, FiscalYear.be_year)
                            .join(Agreement, Agreement.id == EvaluationRound.agreement_id)
                            .join(FiscalYear, FiscalYear.id == Agreement.fiscal_year_id)
                            .where(EvaluationRound.id == round_id)).first()
    if found is None:
        raise NotFoundError("ไม่พบรอบนี้ (อาจถูกลบไปแล้ว)")
    return found[0], found[1]


def _build_scores(session: Session, round_id: int, options: ExcelOptions):
    label, be_year, unit_name, lines = _score_lines(session, round_id)
    labels = ["ตัวชี้วัดที่", "ตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "ผลการดำเนินงาน", "คะแนนที่ได้",
              "คะแนนถ่วงน้ำหนัก", "หมายเหตุ"]
    last_column = len(labels)
    book = Workbook()
    sheet = book.active
    sheet.title = safe_sheet_title(f"คะแนน {label}")
    styler = Styler(sheet, options)
    put = styler.put
    _title(put, sheet, f"ผลคะแนนตัวชี้วัด {label} ประจำปีงบประมาณ พ.ศ. {be_year} ของ{unit_name}", 1, last_column,
           options)
    _headers(put, 2, labels)
    first_body = 3
    text, centre = Look(), Look(horizontal="center")
    weight = Look(horizontal="center", number_format=WEIGHT_FORMAT)
    score = Look(horizontal="center", number_format=SCORE_FORMAT)
    bold = Look(bold=True, fill=HEADING_FILL)
    r = first_body
    category = None
    rows = []
    for line in lines:
        if line.category and line.category != category:
            category = line.category
            for column in range(1, last_column + 1):
                put(r, column, None, bold)
            put(r, 2, category, bold)
            r += 1
        rows.append(r)
        put(r, 1, line.number, centre)
        put(r, 2, line.name, text)
        put(r, 3, line.weight, weight)
        result = _cell_value(line.result)
        put(r, 4, result, score if isinstance(result, Decimal) else centre)
        put(r, 5, line.score, score)
        put(r, 6, line.weighted, score)
        put(r, 7, line.note or None, text)
        r += 1
    total_row = r
    total = Look(bold=True, fill=HEAD_FILL, horizontal="center", vertical="center")
    for column in range(1, last_column + 1):
        put(total_row, column, None, total)
    put(total_row, 1, "รวม", total)
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=2)
    cached = {}
    for column, fmt, value in ((3, WEIGHT_FORMAT, sum((line.weight for line in lines), Decimal(0))),
                               (6, SCORE_FORMAT, sum((line.weighted for line in lines if line.weighted is not None),
                                                     Decimal(0)))):
        letter = get_column_letter(column)
        formula = f"=SUM({letter}{first_body}:{letter}{total_row - 1})" if lines else "=0"
        put(total_row, column, formula, Look(bold=True, fill=HEAD_FILL, horizontal="center", vertical="center",
                                             number_format=fmt), formula=True)
        cached[f"{letter}{total_row}"] = value
    missing = sum(1 for line in lines if line.score is None)
    if missing:
        put(total_row, 7, f"ยังไม่มีคะแนน {missing} จาก {len(lines)} ตัวชี้วัด", Look(bold=True, fill=HEAD_FILL))
    widths = [10, 60, 11, 18, 13, 17, 26]
    set_widths(sheet, widths)
    fit_row_heights(sheet, widths, 2, total_row, options)
    sheet.freeze_panes = sheet.cell(row=first_body, column=3)
    print_setup(sheet, landscape=True, title_rows="2:2")
    return book, ScoresSheet(first_body, total_row, tuple(rows)), {sheet.title: cached}


def round_scores_workbook_bytes(session: Session, round_id: int, options: ExcelOptions = ExcelOptions()) -> bytes:
    book, _, cached = _build_scores(session, round_id, options)
    return workbook_bytes(book, cached)


def write_round_scores_xlsx(session: Session, round_id: int, path_or_fh: str | Path | BinaryIO,
                            options: ExcelOptions = ExcelOptions()) -> ScoresSheet:
    """Every indicator of the round: number, name, weight, result, score and weighted score as
    numbers; the weight and weighted-score totals as SUM formulas."""
    book, layout, cached = _build_scores(session, round_id, options)
    write_out(workbook_bytes(book, cached), path_or_fh)
    return layout
