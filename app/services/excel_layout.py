"""Finding a plan's table in a sheet: the header band, its month columns (as real dates) and which
column holds which field, from the header text the offices write."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from app.services import fiscal
from app.services.excel_read import SheetGrid, column_letter, where

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Field → words its header contains, most specific first (ผู้รับผิดชอบ before ผู้เกี่ยวข้อง...).
FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("responsible", ("ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "รับผิดชอบ")),
    ("related", ("ผู้เกี่ยวข้อง", "หน่วยงานที่เกี่ยวข้อง", "ที่เกี่ยวข้อง", "ผู้มีส่วนเกี่ยวข้อง")),
    ("remark", ("หมายเหตุ",)),
    ("budget", ("งบประมาณ", "งบ", "ค่าใช้จ่าย", "จำนวนเงิน")),
    ("deliverable", ("ผลลัพธ์", "ผลผลิต", "ผลที่คาดว่า", "เป้าหมาย", "ตัวชี้วัด")),
    ("title", ("กิจกรรม", "ขั้นตอน", "โครงการ", "แผนงาน", "รายการ", "มาตรการ")),
    ("number", ("ลำดับ", "ที่", "ข้อ")),
)
FIELD_NAMES = {
    "title": "กิจกรรม/ขั้นตอน", "deliverable": "ผลลัพธ์ของงาน", "budget": "งบประมาณ",
    "responsible": "ผู้รับผิดชอบ", "related": "ผู้เกี่ยวข้อง", "remark": "หมายเหตุ", "number": "ลำดับที่",
    "ignore": "(ไม่นำเข้า)",
}
MAPPABLE_FIELDS = tuple(FIELD_NAMES)

_MONTH_KEYS = {}
for _i, (_abbr, _full) in enumerate(zip(fiscal.MONTH_ABBR, fiscal.MONTH_FULL), start=1):
    _MONTH_KEYS[_abbr.replace(".", "")] = _i
    _MONTH_KEYS[_full] = _i
_MONTH_TOKEN = re.compile(r"^([ก-ฮะ-ูเ-์\.\s]+?)\s*[-/']?\s*(\d{2}|\d{4})?$")
_YEAR_TOKEN = re.compile(r"(?:พ\.?\s*ศ\.?\s*)?(\d{4})")
MIN_MONTH_COLUMNS = 6


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def month_token(value) -> tuple[int, int | None] | None:
    """(calendar month, BE year or None) for a header cell like "ต.ค.", "ต.ค. 66", "ตุลาคม 2566"
    or an Excel date; None when the cell is not a month."""
    if isinstance(value, dt.datetime | dt.date):
        return value.month, fiscal.to_be(value.year)
    if not isinstance(value, str) or len(value) > 24:
        return None
    match = _MONTH_TOKEN.match(value.strip().translate(THAI_DIGITS))
    if not match:
        return None
    month = _MONTH_KEYS.get(re.sub(r"[\.\s]", "", match.group(1)))
    if month is None:
        return None
    year = match.group(2)
    if year is None:
        return month, None
    be = int(year)
    return month, be + 2500 if be < 100 else be


def year_token(value) -> int | None:
    """A BE year written in the header band: 2567, "2567", "พ.ศ. 2567"."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
        return year if 2400 <= year <= 2800 else None
    if isinstance(value, str) and len(value) <= 20:
        match = _YEAR_TOKEN.fullmatch(value.strip().translate(THAI_DIGITS).replace("ปี", "").strip())
        if match and 2400 <= int(match.group(1)) <= 2800:
            return int(match.group(1))
    return None


def field_of(header: str) -> str | None:
    text = re.sub(r"\s+", "", header.translate(THAI_DIGITS))
    if not text:
        return None
    for name, words in FIELD_WORDS:
        if name == "number":
            if text.rstrip(".") in words or text.startswith("ลำดับ"):
                return name
            continue
        if any(word in text for word in words):
            return name
    return None


@dataclass
class Column:
    col: int
    header: str
    field: str | None       # None: not used (shown as "(ไม่นำเข้า)")
    detected: str | None    # what the header text said, before any user mapping

    @property
    def letter(self) -> str:
        return column_letter(self.col)


@dataclass
class Layout:
    """One header band: rows first_row..last_row; month columns with their dates."""

    first_row: int
    last_row: int
    month_row: int
    months: list[tuple[int, dt.date]]                 # (col, first of month), left to right
    columns: list[Column] = field(default_factory=list)
    header_texts: dict[int, str] = field(default_factory=dict)  # col → header text (repeat detection)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def column_for(self, name: str) -> int | None:
        for column in self.columns:
            if column.field == name:
                return column.col
        return None

    @property
    def window(self) -> tuple[dt.date, dt.date] | None:
        return (self.months[0][1], self.months[-1][1]) if self.months else None


def merged_lookup(grid: SheetGrid, rows: range) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) inside a merged range within `rows` → the range's top-left cell."""
    lookup = {}
    for min_row, min_col, max_row, max_col in grid.merged:
        if max_row < rows.start or min_row >= rows.stop or max_col - min_col > 60:
            continue
        for row in range(max(min_row, rows.start), min(max_row, rows.stop - 1) + 1):
            for col in range(min_col, max_col + 1):
                lookup[(row, col)] = (min_row, min_col)
    return lookup


def month_columns(values: list) -> dict[int, tuple[int, int | None]]:
    found = {}
    for index, value in enumerate(values):
        token = month_token(value) if value is not None else None
        if token:
            found[index + 1] = token
    return found


def find_month_rows(grid: SheetGrid) -> list[int]:
    """Rows that name at least MIN_MONTH_COLUMNS months: the heart of every header band."""
    return [row for row, values in sorted(grid.rows.items())
            if sum(1 for v in values if v is not None and month_token(v)) >= MIN_MONTH_COLUMNS]


def _longest_run(cols: dict[int, tuple[int, int | None]]) -> list[int]:
    """The month columns in a row, left to right, stopping at a gap of more than one empty column
    (a stray month word far to the right is not part of the band)."""
    ordered = sorted(cols)
    runs, current = [], [ordered[0]]
    for col in ordered[1:]:
        if col - current[-1] <= 2:
            current.append(col)
        else:
            runs.append(current)
            current = [col]
    runs.append(current)
    return max(runs, key=len)


def detect_layout(grid: SheetGrid, month_row: int, be_year_hint: int | None,
                  mapping: dict[int, str] | None = None) -> Layout:
    """The header band around `month_row`: up to two rows above it that hold field names or BE
    years belong to it; dates for every month column; a field for every other column."""
    sheet = grid.name
    first = month_row
    for row in (month_row - 1, month_row - 2):
        values = grid.rows.get(row)
        if row < 1 or values is None:
            # a merged header cell leaves the row below empty: keep going only if merges reach it
            if row >= 1 and any(min_row <= row <= max_row for min_row, _, max_row, _ in grid.merged):
                first = row
                continue
            break
        # A title line above the table may well say "งบประมาณ": only a row with two field names
        # or with BE years is part of the header.
        named = sum(1 for v in values if v is not None and len(text_of(v)) <= 60 and field_of(text_of(v)))
        if named >= 2 or any(year_token(v) or "พ.ศ" in text_of(v) for v in values if v is not None
                             and len(text_of(v)) <= 20):
            first = row
        else:
            break
    merged = merged_lookup(grid, range(first, month_row + 1))

    def header_value(row: int, col: int):
        value = grid.value(row, col)
        if value is None and (row, col) in merged:
            value = grid.value(*merged[(row, col)])
        return value

    tokens = month_columns(grid.rows[month_row])
    cols = _longest_run(tokens)
    layout = Layout(first_row=first, last_row=month_row, month_row=month_row, months=[])
    # Anchors: a BE year above a month column (the year band), or written in the month cell.
    anchors: list[tuple[int, int]] = []  # (col, BE year)
    for col in cols:
        if tokens[col][1] is not None:
            anchors.append((col, tokens[col][1]))
            continue
        for row in range(first, month_row):
            year = year_token(grid.value(row, col))
            if year is None and (row, col) in merged:
                top = merged[(row, col)]
                year = year_token(grid.value(*top)) if top[1] <= col else None
            if year is not None:
                anchors.append((col, year))
                break
    # Months follow one another: walk the columns, a new calendar year after ธ.ค.
    offsets, offset = {}, 0
    for i, col in enumerate(cols):
        if i:
            step = (tokens[col][0] - tokens[cols[i - 1]][0]) % 12
            if step != 1:
                layout.errors.append(
                    f"{where(sheet, month_row, col)}: เดือนในหัวตารางไม่ต่อเนื่อง "
                    f"(“{text_of(grid.value(month_row, col))}” ต่อจาก “{text_of(grid.value(month_row, cols[i - 1]))}”) "
                    "— แก้หัวตารางให้เป็นเดือนเรียงกัน")
                return layout
            offset += 1
        offsets[col] = offset
    if anchors:
        col, be = anchors[0]
        start = fiscal.add_months(dt.date(fiscal.to_ce(be), tokens[col][0], 1), -offsets[col])
        for col, be in anchors[1:]:
            expected = fiscal.add_months(start, offsets[col])
            if fiscal.to_be(expected.year) != be:
                layout.warnings.append(
                    f"{where(sheet, month_row, col)}: ปี พ.ศ. {be} ในหัวตารางไม่ตรงกับลำดับเดือน "
                    f"(ควรเป็น {fiscal.to_be(expected.year)}) — ใช้ปีตามลำดับเดือน")
    elif be_year_hint is not None:
        first_month = tokens[cols[0]][0]
        # A window starts a few months before ต.ค. at the earliest: Jul-Dec belong to the year before.
        ce = fiscal.to_ce(be_year_hint) - (1 if first_month >= 7 else 0)
        start = dt.date(ce, first_month, 1)
    else:
        layout.errors.append(
            f"{where(sheet, month_row)}: ไม่พบปี พ.ศ. ของเดือนในหัวตาราง และชื่อแผนไม่ได้ระบุปีงบประมาณ "
            "— ระบุปีงบประมาณ (--year) แล้วนำเข้าใหม่")
        return layout
    layout.months = [(col, fiscal.add_months(start, offsets[col])) for col in cols]
    if len(cols) > 24:
        layout.errors.append(f"{where(sheet, month_row)}: หัวตารางมี {len(cols)} เดือน — แผนหนึ่งมีได้ไม่เกิน 24 เดือน")
    elif not 12 <= len(cols) <= 14:
        layout.warnings.append(f"{where(sheet, month_row)}: หัวตารางมี {len(cols)} เดือน (แผนประจำปีมักมี 12–14 เดือน)")
    # Every other column: its header text, top to bottom, and the field it names.
    month_set = set(cols)
    width = max(len(grid.rows.get(r) or ()) for r in range(first, month_row + 1))
    for col in range(1, width + 1):
        if col in month_set:
            continue
        parts = []
        for row in range(first, month_row + 1):
            text = text_of(header_value(row, col))
            if text and text not in parts and not month_token(text) and year_token(text) is None:
                parts.append(text)
        header = " ".join(parts)
        if "พ.ศ" in header and cols[0] - 1 <= col <= cols[-1] + 1 and field_of(header) is None:
            continue  # the "ปี พ.ศ." label over the month band
        if not header:
            continue
        layout.header_texts[col] = header
        detected = field_of(header)
        layout.columns.append(Column(col=col, header=header, field=detected, detected=detected))
    _apply_mapping(layout, grid, mapping)
    return layout


def _apply_mapping(layout: Layout, grid: SheetGrid, mapping: dict[int, str] | None) -> None:
    sheet = grid.name
    for col, name in (mapping or {}).items():
        if name not in MAPPABLE_FIELDS:
            layout.errors.append(f"ไม่มีช่องชื่อ “{name}” ให้จับคู่กับคอลัมน์ {column_letter(col)}")
            continue
        column = next((c for c in layout.columns if c.col == col), None)
        if column is None:
            if col in {c for c, _ in layout.months}:
                layout.errors.append(f"{where(sheet, layout.month_row, col)} เป็นคอลัมน์เดือน จับคู่กับช่องอื่นไม่ได้")
                continue
            column = Column(col=col, header="", field=None, detected=None)
            layout.columns.append(column)
            layout.columns.sort(key=lambda c: c.col)
        column.field = None if name == "ignore" else name
    # One column per field: the leftmost keeps it (a second "ผู้รับผิดชอบ" column is not used).
    seen: dict[str, Column] = {}
    for column in layout.columns:
        if column.field is None:
            continue
        if column.field in seen:
            layout.warnings.append(
                f"{where(sheet, layout.first_row, column.col)}: “{column.header}” เป็นช่อง"
                f"{FIELD_NAMES[column.field]}ซ้ำกับคอลัมน์ {seen[column.field].letter} — ไม่นำเข้าคอลัมน์นี้")
            column.field = None
        else:
            seen[column.field] = column
    if "title" not in seen:
        before = [c for c in layout.columns if c.field is None and c.col < layout.months[0][0]] if layout.months else []
        if before and not mapping:
            before[0].field = "title"
            layout.warnings.append(
                f"{where(sheet, layout.first_row, before[0].col)}: ไม่พบหัวคอลัมน์กิจกรรม/ขั้นตอน "
                f"— ใช้คอลัมน์ {before[0].letter} (“{before[0].header}”) เป็นชื่อกิจกรรม")
        else:
            layout.errors.append(
                f"{where(sheet, layout.first_row)}: ไม่พบคอลัมน์กิจกรรม/ขั้นตอน — "
                "ตั้งหัวคอลัมน์ว่า “กิจกรรม/ขั้นตอน” หรือจับคู่คอลัมน์ในหน้าตัวอย่างก่อนนำเข้า")
