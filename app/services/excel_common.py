"""What the Excel exports share: Thai fonts and cell styles, A4 print set-up, and saving with the
cached values of the total formulas.

Styles are built once per distinct look and copied onto cells as openpyxl's style array: giving
every cell its Font/Border/Alignment objects one by one made openpyxl hash them for each cell
(11 s for a 5,000-activity plan instead of about 1 s).
"""
from __future__ import annotations

import io
import re
import zipfile
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.services.errors import ValidationError

FONT_NAME = "TH Sarabun New"
FONT_SIZE = 16
MONEY_FORMAT = "#,##0.00"
# Weights and scores: as many decimals as the value has, up to 4 (5 × 5 % = 0.25), never "0.2500".
SCORE_FORMAT = "#,##0.00##"
CHAR_UNITS = 1.3      # Excel width units per Thai character at 16 pt (seen in LibreOffice)
HEAD_FILL = "D9D9D9"
HEADING_FILL = "F2F2F2"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class ExcelOptions:
    """How a workbook looks. The font must be installed where the file is opened; Excel and
    LibreOffice substitute another Thai font otherwise (the name is kept, so it comes back)."""

    font_name: str = FONT_NAME
    font_size: int = FONT_SIZE


@dataclass(frozen=True)
class Look:
    """One cell look; equal looks share one style array."""

    bold: bool = False
    fill: str | None = None
    horizontal: str | None = None
    vertical: str = "top"
    wrap: bool = True
    indent: int = 0
    number_format: str = "General"
    border: Border | None = BOX
    size: int | None = None        # None: the options' size


class Styler:
    """Applies Looks to cells: the first use of a look builds its style array on a scratch cell."""

    def __init__(self, sheet: Worksheet, options: ExcelOptions):
        self.sheet, self.options = sheet, options
        self._arrays: dict[int, tuple[Look, object]] = {}
        self._scratch = Cell(sheet, row=1, column=1)

    def _array(self, look: Look):
        # By identity: hashing a Look hashes its Border, which openpyxl does slowly (2 s per
        # 100,000 cells). Callers make each look once; the look is kept so its id stays its own.
        entry = self._arrays.get(id(look))
        array = entry[1] if entry is not None else None
        if array is None:
            cell = self._scratch
            cell.font = Font(name=self.options.font_name, size=look.size or self.options.font_size, bold=look.bold)
            cell.alignment = Alignment(horizontal=look.horizontal, vertical=look.vertical, wrap_text=look.wrap,
                                       indent=look.indent)
            cell.fill = PatternFill("solid", fgColor=look.fill) if look.fill else PatternFill()
            cell.border = look.border or Border()
            cell.number_format = look.number_format
            array = copy(cell._style)
            self._arrays[id(look)] = (look, array)
        return array

    def put(self, row: int, column: int, value, look: Look, formula: bool = False) -> Cell:
        """Text that starts with "=" stays text unless `formula` says it is one: a name typed as
        "=ก.พ.ร." must not become a broken formula in the colleague's Excel."""
        cell = self.sheet.cell(row=row, column=column, value=value)
        if not formula and cell.data_type == "f":
            cell.data_type = "s"
        cell._style = copy(self._array(look))
        return cell

    def style_id(self, look: Look) -> int:
        """The workbook's index of the look (what a cell's s="…" attribute says)."""
        return self.sheet.parent._cell_styles.add(self._array(look))


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class RowsXml:
    """Body rows written straight as sheet XML, spliced into the saved sheet (workbook_bytes).

    openpyxl's writer serialises each cell through a pure-Python XML writer: for a 5,000-activity
    plan (92,000 cells, most of them empty boxed month cells) that alone took about a second,
    building the cells as much again. The markup here is what openpyxl itself writes for the
    same cells (inline strings, numbers, style ids from the same workbook), so readers see no
    difference."""

    def __init__(self, styler: Styler, columns: int):
        self.styler = styler
        self.letters = [""] + [get_column_letter(c) for c in range(1, columns + 1)]
        self.parts: list[str] = []
        self._ids: dict[int, int] = {}
        self._keep: list[Look] = []

    def sid(self, look: Look) -> int:
        found = self._ids.get(id(look))
        if found is None:
            found = self._ids[id(look)] = self.styler.style_id(look)
            self._keep.append(look)
        return found

    def row(self, r: int, height: float | None, cells: list[tuple[int, object, int]]) -> None:
        """cells: (column, value, style id) in column order; values are str, Decimal, int or None."""
        letters = self.letters
        out = [f'<row r="{r}" ht="{height:.1f}" customHeight="1">' if height else f'<row r="{r}">']
        for column, value, sid in cells:
            ref = f"{letters[column]}{r}"
            if value is None or value == "":
                out.append(f'<c r="{ref}" s="{sid}"/>')
            elif isinstance(value, str):
                text = escape(_ILLEGAL_XML.sub("", value))
                out.append(f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            else:
                out.append(f'<c r="{ref}" s="{sid}" t="n"><v>{value}</v></c>')
        out.append("</row>")
        self.parts.append("".join(out))

    def xml(self) -> str:
        return "".join(self.parts)


def set_widths(sheet: Worksheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 1)


_MARKS = dict.fromkeys([0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])


def text_length(text: str) -> int:
    """Characters that take room on a line: Thai vowel and tone marks above or below do not."""
    return len(text.translate(_MARKS))


def fitted_width(texts, low: float, high: float, lines: float = 1.0) -> float:
    """A column width (Excel character units) for texts wrapped to about `lines` lines, within low..high.

    Excel's unit is the width of "0" in Calibri 11 (7 px); a Thai character of TH Sarabun New or
    Sarabun at 16 pt is about 1.3 of it (Laksaman, a TH SarabunPSK derivative, as LibreOffice lays it out)."""
    longest = max((text_length(t) for t in texts if t), default=0)
    return max(low, min(high, longest * CHAR_UNITS / lines + 2))


def lines_needed(text: str | None, width: float, indent: int = 0, font_size: int = FONT_SIZE) -> int:
    """How many lines a wrapped cell of `width` units takes, erring on the side of one more:
    a clipped line is worse on paper than a little air."""
    if not text:
        return 1
    room = max(1.0, width - 1.2 - indent * 1.4) / (CHAR_UNITS * font_size / FONT_SIZE)
    total = 0
    for paragraph in str(text).split("\n"):
        length = text_length(paragraph)
        total += max(1, -(-int(length * 1.05) // int(room)))
    return total


def fit_row_heights(sheet: Worksheet, widths: list[float], first_row: int, last_row: int,
                    options: ExcelOptions) -> None:
    """Row heights for wrapped text, as Excel does not grow rows of a file it opens (LibreOffice
    neither, once a height is set anywhere). For the small sheets; the plan computes its own."""
    per_line = line_height(options.font_size)
    merged_starts = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or cell.value.startswith("="):
                continue
            span = merged_starts.get((cell.row, cell.column))
            width = sum(widths[c - 1] for c in range(span.min_col, span.max_col + 1)) if span else \
                widths[cell.column - 1]
            size = cell.font.sz or options.font_size
            lines = max(lines, lines_needed(cell.value, width, 0, int(size)))
        sheet.row_dimensions[row[0].row].height = lines * per_line + 3


def line_height(font_size: int = FONT_SIZE) -> float:
    """Points per wrapped line: Thai fonts need room above and below for marks."""
    return font_size * 1.7


def print_setup(sheet: Worksheet, *, landscape: bool, title_rows: str | None = None,
                footer: str = "หน้า &P/&N") -> None:
    """A4, fitted to the page width (as many pages down as needed), header rows on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = 0.5
    sheet.page_margins.bottom = 0.6
    sheet.page_margins.header = 0.2
    sheet.page_margins.footer = 0.25
    if title_rows:
        sheet.print_title_rows = title_rows
    if footer:
        sheet.oddFooter.center.text = footer


def _inject_cached(xml: str, values: dict[str, Decimal]) -> str:
    """Give formula cells <c r="X9"><f>…</f><v/></c> their value, as Excel would have saved it."""
    for ref, value in values.items():
        pattern = re.compile(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>|(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v></v>')
        text = format(value, "f")
        xml, count = pattern.subn(lambda m: f"{m.group(1) or m.group(3)}{m.group(2) or m.group(4)}<v>{text}</v>",
                                  xml, count=1)
        if not count:  # pragma: no cover - a change in openpyxl's writer; the formula still works
            continue
    return xml


def workbook_bytes(book: Workbook, cached: dict[str, dict[str, Decimal]] | None = None,
                   spliced: dict[str, tuple[int, int, str]] | None = None) -> bytes:
    """The saved workbook. `cached` maps a sheet title to {cell: value} of its formulas;
    `spliced` maps a sheet title to (first row, next row, rows XML): the rows first.. are put in
    just before the row `next`, and openpyxl must not have written any of them itself.

    openpyxl saves formulas without a value. Excel computes them on opening, but a reader that
    takes the saved values (openpyxl data_only, our own importer, previewers) would see nothing;
    the totals are known exactly here, so they are written in as Excel itself would."""
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    cached, spliced = cached or {}, spliced or {}
    if not cached and not spliced:
        return data
    paths = {sheet.title: f"xl/worksheets/sheet{index}.xml" for index, sheet in enumerate(book.worksheets, start=1)}
    values = {paths[title]: found for title, found in cached.items() if found}
    inserts = {paths[title]: found for title, found in spliced.items()}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename in values or entry.filename in inserts:
                xml = content.decode("utf-8")
                if entry.filename in inserts:
                    first, before, rows = inserts[entry.filename]
                    at = xml.find(f'<row r="{before}"')
                    if at < 0 or (rows and f'<row r="{first}"' in xml):  # Excel calls a repeated row corrupt
                        raise RuntimeError(f"cannot put rows {first}–{before - 1} into {entry.filename}")
                    xml = xml[:at] + rows + xml[at:]
                if entry.filename in values:
                    xml = _inject_cached(xml, values[entry.filename])
                content = xml.encode("utf-8")
            target.writestr(entry.filename, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_out(data: bytes, path_or_fh: str | Path | BinaryIO) -> None:
    """Write the finished bytes; a path is written only once the whole workbook is made."""
    if hasattr(path_or_fh, "write"):
        path_or_fh.write(data)
        return
    path = Path(path_or_fh)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"เขียนไฟล์ “{path}” ไม่ได้: {exc.strerror or exc}")


def safe_sheet_title(text: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and more than 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", text).strip() or "Sheet"
    return cleaned[:31]
