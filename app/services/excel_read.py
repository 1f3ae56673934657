"""Opening an Excel workbook safely and reading a sheet into plain data (SheetGrid).

Everything that touches openpyxl or the file itself is here; the rest of the importer works on
SheetGrid, which it can re-parse cheaply (the import dialog re-parses on every mapping change).
A file that is not a workbook, is too large or breaks openpyxl is refused with a Thai
ValidationError; nothing here writes anything.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.utils.cell import get_column_letter, range_boundaries

from app.services.errors import ValidationError

# Rows with content a sheet may have: a year's plan is a few hundred rows, a big office's a few
# thousand. Past this the file is refused while it is being streamed, before it is all in memory.
MAX_ROWS = 20_000
MAX_COLS = 120                    # cells further right are ignored (a plan has ~20 columns)
MAX_SHEET_XML_BYTES = 200_000_000  # one sheet's XML, uncompressed: refused without parsing
MAX_TOTAL_BYTES = 400_000_000      # the whole archive, uncompressed (zip bombs)
# Offices format whole columns down to the sheet's end; after this many empty rows following the
# last content the table is over and the rest is formatting.
TRAILING_EMPTY_ROWS = 5_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def column_letter(col: int) -> str:
    return get_column_letter(col) if 1 <= col <= 18278 else str(col)


def where(sheet: str, row: int | None = None, col: int | None = None) -> str:
    """"ชีต “แผน67” แถว 12 คอลัมน์ F" — the place every message starts with."""
    text = f"ชีต “{sheet}”"
    if row is not None:
        text += f" แถว {row}"
    if col is not None:
        text += f" คอลัมน์ {column_letter(col)}"
    return text


@dataclass
class SheetGrid:
    """One sheet as plain data: cell values by (1-based) row and column, and the cell facts the
    layout rules need (filled background, merged ranges, formulas Excel never calculated)."""

    name: str
    rows: dict[int, list] = field(default_factory=dict)      # row → values, index 0 = column A
    filled: set[tuple[int, int]] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    formula_without_value: set[tuple[int, int]] = field(default_factory=set)
    max_row: int = 0
    max_col: int = 0

    def value(self, row: int, col: int):
        values = self.rows.get(row)
        return values[col - 1] if values is not None and 0 < col <= len(values) else None


@dataclass
class WorkbookGrids:
    sheet_names: list[str]
    grids: dict[str, SheetGrid]


# ---- what kind of file is it ------------------------------------------------------------------
def _refuse_non_xlsx(path: Path, head: bytes) -> None:
    name = path.name
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()[:2_000_000]
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise ValidationError(
                f"ไฟล์ “{name}” ถูกตั้งรหัสผ่านไว้ — เปิดใน Excel แล้วเอารหัสผ่านออก "
                "(ไฟล์ › ข้อมูล › ป้องกันเวิร์กบุ๊ก) บันทึกเป็น .xlsx แล้วนำเข้าใหม่")
        raise ValidationError(
            f"ไฟล์ “{name}” เป็น Excel รุ่นเก่า (.xls) — เปิดใน Excel แล้วบันทึกเป็น .xlsx ก่อน แล้วนำเข้าใหม่")
    if not head.startswith(b"PK"):
        if path.suffix.lower() == ".xls":
            raise ValidationError(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel ที่อ่านได้ — บันทึกเป็น .xlsx ก่อน แล้วนำเข้าใหม่")
        raise ValidationError(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel (.xlsx) — นำเข้าได้เฉพาะไฟล์ .xlsx")


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "mimetype" in names and "xl/workbook.xml" not in names:
        raise ValidationError(f"ไฟล์ “{path.name}” เป็นไฟล์ OpenDocument (.ods) — บันทึกเป็น .xlsx ก่อน แล้วนำเข้าใหม่")
    if "xl/workbook.xml" not in names:
        raise ValidationError(f"ไฟล์ “{path.name}” ไม่ใช่ไฟล์ Excel (.xlsx) — ไม่พบเวิร์กบุ๊กในไฟล์")
    if sum(info.file_size for info in archive.infolist()) > MAX_TOTAL_BYTES:
        raise ValidationError(f"ไฟล์ “{path.name}” ใหญ่เกินกว่าจะนำเข้าได้")


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from the workbook and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels_xml = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in archive.namelist() else b""
    targets = {}
    if rels_xml:
        for rel in ElementTree.fromstring(rels_xml).iter(f"{{{_PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    paths = {}
    for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"))
        if target:
            paths[sheet.get("name", "")] = target
    return paths


_CELL = re.compile(rb"<c\b([^>]*?)(/?)>")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _scan_xml(xml: bytes) -> tuple[list[tuple[int, int, int, int]], set[tuple[int, int]]]:
    """Merged ranges and formula cells with no cached value, straight from the sheet's XML:
    openpyxl's fast read-only mode knows neither, and reading the formulas through openpyxl
    would mean loading the whole workbook a second time."""
    merged = []
    for match in _MERGE.finditer(xml):
        min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
        merged.append((min_row, min_col, max_row, max_col))
    missing: set[tuple[int, int]] = set()
    if b"<f" in xml:
        for match in _CELL.finditer(xml):
            if match.group(2):  # <c .../> has no formula
                continue
            end = xml.find(b"</c>", match.end())
            if end < 0:
                break
            body = xml[match.end():end]
            if b"<f" not in body:
                continue
            value = re.search(rb"<v>([^<]*)</v>", body)
            if value is None or not value.group(1).strip():
                ref = _REF.search(match.group(1))
                if ref:
                    missing.add((int(ref.group(2)), _column_number(ref.group(1))))
    return merged, missing


def _is_filled(fill) -> bool:
    """A background that marks a month: any pattern whose colour is not white/none."""
    if fill is None or fill.patternType in (None, "none"):
        return False
    color = fill.fgColor if fill.patternType == "solid" else (fill.fgColor or fill.bgColor)
    if color is None:
        return True
    if color.type == "rgb":
        rgb = (color.rgb or "") if isinstance(color.rgb, str) else ""
        return rgb[-6:].upper() not in ("FFFFFF", "") and rgb.upper() != "00000000"
    if color.type == "theme":
        return not (color.theme == 0 and not color.tint)  # theme 0 is the sheet background (white)
    if color.type == "indexed":
        return color.indexed not in (9, 64, 65)  # white, system foreground/background
    return True


def _read_sheet(workbook, name: str, xml_path: str, archive: zipfile.ZipFile, progress=None) -> SheetGrid:
    info = archive.getinfo(xml_path)
    if info.file_size > MAX_SHEET_XML_BYTES:
        raise ValidationError(f"{where(name)} ใหญ่เกินกว่าจะนำเข้าได้ (นำเข้าได้ไม่เกิน {MAX_ROWS:,} แถว)")
    xml = archive.read(xml_path)
    grid = SheetGrid(name=name)
    grid.merged, grid.formula_without_value = _scan_xml(xml)
    del xml
    sheet = workbook[name]
    sheet.reset_dimensions()  # the stored dimension may lie; read what is there
    fill_of_style: dict[int, bool] = {}
    content_rows = 0
    last_content = 0
    for row_index, cells in enumerate(sheet.iter_rows(), start=1):
        if last_content and row_index - last_content > TRAILING_EMPTY_ROWS:
            break
        values = None
        for cell in cells[:MAX_COLS]:
            value = cell.value
            style_id = getattr(cell, "_style_id", 0)
            if style_id:
                filled = fill_of_style.get(style_id)
                if filled is None:
                    filled = fill_of_style[style_id] = _is_filled(cell.fill)
                if filled:
                    grid.filled.add((row_index, cell.column))
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if values is None:
                values = [None] * min(len(cells), MAX_COLS)
            values[cell.column - 1] = value
        if values is not None:
            content_rows += 1
            if content_rows > MAX_ROWS:
                raise ValidationError(
                    f"{where(name)} มีข้อมูลเกิน {MAX_ROWS:,} แถว — นำเข้าได้ไม่เกิน {MAX_ROWS:,} แถวต่อชีต "
                    "แยกแผนเป็นหลายไฟล์หรือหลายชีตก่อน")
            grid.rows[row_index] = values
            last_content = row_index
            grid.max_col = max(grid.max_col, len(values))
        if progress is not None and row_index % 2000 == 0:
            progress(row_index)
    grid.max_row = last_content
    for min_row, min_col, max_row, max_col in grid.merged:
        for row in range(min_row, min(max_row, min_row + 200) + 1):
            for col in range(min_col, min(max_col, MAX_COLS) + 1):
                if (min_row, min_col) in grid.filled:
                    grid.filled.add((row, col))
    return grid


def load_grids(path: str | Path, sheets: list[str] | None = None, progress=None) -> WorkbookGrids:
    """Read the named sheets (all when None) of the workbook at `path` into SheetGrids."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ValidationError(f"เปิดไฟล์ “{path.name}” ไม่ได้: {exc.strerror or exc}")
    _refuse_non_xlsx(path, head)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(f"ไฟล์ “{path.name}” เสียหาย เปิดเป็นไฟล์ Excel ไม่ได้ — ลองเปิดใน Excel แล้วบันทึกใหม่")
    with archive:
        _check_archive(path, archive)
        try:
            paths = _sheet_paths(archive)
            workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except ValidationError:
            raise
        except Exception:  # noqa: BLE001 - a broken file can make openpyxl raise almost anything
            raise ValidationError(f"ไฟล์ “{path.name}” เสียหาย อ่านเวิร์กบุ๊กไม่ได้ — ลองเปิดใน Excel แล้วบันทึกใหม่")
        try:
            names = [name for name in workbook.sheetnames if name in paths]
            wanted = names if sheets is None else sheets
            for name in wanted:
                if name not in names:
                    listed = ", ".join(f"“{n}”" for n in names) or "(ไม่มีชีต)"
                    raise ValidationError(f"ไม่พบชีต “{name}” ในไฟล์ “{path.name}” — ชีตที่มี: {listed}")
            grids = {}
            for name in wanted:
                try:
                    grids[name] = _read_sheet(workbook, name, paths[name], archive, progress)
                except ValidationError:
                    raise
                except Exception:  # noqa: BLE001 - same: a damaged sheet part
                    raise ValidationError(f"{where(name)} เสียหาย อ่านข้อมูลไม่ได้ — ลองเปิดใน Excel แล้วบันทึกใหม่")
        finally:
            workbook.close()
    return WorkbookGrids(sheet_names=names, grids=grids)
