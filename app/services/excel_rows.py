"""The rows under a header band become an item tree: numbering gives the levels, "-" lines are
bullets, unnumbered text continues the row above, a รวม row is checked against the computed total."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.models import ItemKind
from app.services.errors import ValidationError
from app.services.excel_layout import THAI_DIGITS, Layout, month_token, text_of, year_token
from app.services.excel_read import SheetGrid, where
from app.services.items import MAX_TEXT
from app.services.money import MAX_BUDGET, format_money, parse_budget

TEXT_FIELDS = ("deliverable", "responsible", "related", "remark")
_CENT = Decimal("0.01")
# "1)", "1.1)", "1.1.1)", "1.", "1.1", "1.1." — a one-level number needs ")" or "." after it, so
# "3 เดือน" or "2567 ..." is text, not numbering.
_NUMBER = re.compile(r"^\s*\(?(\d{1,3}(?:\.\d{1,3})+|\d{1,3})(\)|\.\)|\.(?!\d)|(?=\s))\s*(.*)$", re.S)
_BULLET = re.compile(r"^\s*[-–—•·*○▪►]\s*(.*)$", re.S)
_TOTAL = re.compile(r"^\s*รวม")


@dataclass
class ReadItem:
    kind: ItemKind
    number: str                     # "1.1.1" ("" for a bullet)
    title: str
    rows: list[int]                 # source rows (first one is the item's own row)
    months: set[dt.date] = field(default_factory=set)
    budget: Decimal | None = None
    deliverable: str = ""
    responsible: str = ""
    related: str = ""
    remark: str = ""
    children: list["ReadItem"] = field(default_factory=list)

    @property
    def row(self) -> int:
        return self.rows[0]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class RowsResult:
    items: list[ReadItem]
    total_rows: list[tuple[int, Decimal | None]]
    computed_total: Decimal
    printed_total: Decimal | None
    last_row: int
    warnings: list[str]
    errors: list[str]


def split_number(text: str) -> tuple[str | None, str]:
    match = _NUMBER.match(text.translate(THAI_DIGITS))
    if not match:
        return None, text
    number = match.group(1)
    if match.group(2) == "" and "." not in number:
        return None, text
    return number, match.group(3).strip()


def _number_cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text_of(value)
    number, rest = split_number(text_of(value) + " ")
    return number if number and not rest else None


def budget_of(value, sheet: str, row: int, col: int) -> Decimal | None:
    """A budget cell: a number, "1,050.00" text, "-" or empty; anything else is an error that
    names the cell."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, dt.date | dt.datetime | dt.time):
        raise ValidationError(f"{where(sheet, row, col)}: งบประมาณ “{text_of(value)}” ไม่ใช่จำนวนเงิน")
    if isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(repr(value) if isinstance(value, float) else value)
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            raise ValidationError(f"{where(sheet, row, col)}: งบประมาณไม่ใช่จำนวนเงินที่ถูกต้อง")
        if amount < 0:
            raise ValidationError(f"{where(sheet, row, col)}: งบประมาณติดลบไม่ได้ ({text_of(value)})")
        if amount > MAX_BUDGET:
            raise ValidationError(f"{where(sheet, row, col)}: งบประมาณ {text_of(value)} สูงเกินไป "
                                  f"(ไม่เกิน {format_money(MAX_BUDGET)} บาท)")
        return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    try:
        return parse_budget(str(value))
    except ValidationError as exc:
        raise ValidationError(f"{where(sheet, row, col)}: {exc.message}")


class _Reader:
    def __init__(self, grid: SheetGrid, layout: Layout, rows: list[int]):
        self.grid, self.layout, self.rows = grid, layout, rows
        self.sheet = grid.name
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.roots: list[ReadItem] = []
        self.by_number: dict[str, ReadItem] = {}
        self.last: ReadItem | None = None
        self.last_numbered: ReadItem | None = None
        self.total_rows: list[tuple[int, Decimal | None]] = []
        self.title_col = layout.column_for("title")
        self.number_col = layout.column_for("number")
        self.budget_col = layout.column_for("budget")
        self.text_cols = {name: layout.column_for(name) for name in TEXT_FIELDS}
        used = {c.col for c in layout.columns if c.field} | {c for c, _ in layout.months}
        self.checked_cols = used
        self.month_cols = [c for c, _ in layout.months]
        self.header_texts = {col: re.sub(r"\s+", "", text) for col, text in layout.header_texts.items()}
        first, last = (rows[0], rows[-1]) if rows else (0, -1)
        self.merged_marks = self._merged_month_marks(first, last)

    def _merged_month_marks(self, first: int, last: int) -> set[tuple[int, int]]:
        """A bar drawn as one merged cell across months marks every month it covers."""
        marks = set()
        month_cols = set(self.month_cols)
        for min_row, min_col, max_row, max_col in self.grid.merged:
            if max_row < first or min_row > last or max_col - min_col > 60 or max_row - min_row > 200:
                continue
            covered = [c for c in range(min_col, max_col + 1) if c in month_cols]
            if not covered:
                continue
            top = self.grid.value(min_row, min_col)
            if (top is not None and text_of(top)) or (min_row, min_col) in self.grid.filled:
                for row in range(min_row, max_row + 1):
                    marks.update((row, c) for c in covered)
        return marks

    # -- one row ---------------------------------------------------------------------------------
    def _is_header_row(self, values: list) -> bool:
        months = sum(1 for c in self.month_cols if c <= len(values) and values[c - 1] is not None
                     and month_token(values[c - 1]))
        if months >= 3:
            return True
        same = sum(1 for col, text in self.header_texts.items()
                   if col <= len(values) and values[col - 1] is not None
                   and re.sub(r"\s+", "", text_of(values[col - 1])) == text)
        if same and same >= max(1, len(self.header_texts) // 2):
            return True
        in_months = [values[c - 1] for c in self.month_cols if c <= len(values) and values[c - 1] is not None]
        others = [v for i, v in enumerate(values, start=1) if v is not None and i not in self.month_cols]
        return bool(in_months) and all(year_token(v) for v in in_months) and \
            all("พ.ศ" in text_of(v) for v in others)

    def _check_formulas(self, row: int) -> bool:
        bad = [col for col in sorted(self.checked_cols) if (row, col) in self.grid.formula_without_value]
        for col in bad:
            self.errors.append(
                f"{where(self.sheet, row, col)}: เป็นสูตรที่ยังไม่มีค่าที่คำนวณไว้ — เปิดไฟล์ใน Excel "
                "ให้คำนวณแล้วบันทึกใหม่ หรือแทนสูตรด้วยค่า แล้วนำเข้าใหม่")
        return not bad

    def _text(self, values: list, col: int | None, row: int) -> str:
        if col is None or col > len(values) or values[col - 1] is None:
            return ""
        text = text_of(values[col - 1])
        if len(text) > MAX_TEXT:
            self.errors.append(f"{where(self.sheet, row, col)}: ข้อความยาวเกิน {MAX_TEXT:,} ตัวอักษร")
            return text[:MAX_TEXT]
        return text

    def read_row(self, row: int) -> None:
        values = self.grid.rows[row]
        if self._is_header_row(values):
            return
        title = self._text(values, self.title_col, row)
        number = _number_cell(values[self.number_col - 1]) if self.number_col and self.number_col <= len(values) else None
        months = {month for col, month in self.layout.months
                  if (col <= len(values) and values[col - 1] is not None and text_of(values[col - 1]))
                  or (row, col) in self.grid.filled or (row, col) in self.merged_marks}
        texts = {name: self._text(values, col, row) for name, col in self.text_cols.items()}
        budget_cell = values[self.budget_col - 1] if self.budget_col and self.budget_col <= len(values) else None
        if _TOTAL.match(title) and number is None:
            self._total(row, budget_cell)
            return
        formulas_ok = self._check_formulas(row)
        budget = None
        if budget_cell is not None and formulas_ok:
            try:
                budget = budget_of(budget_cell, self.sheet, row, self.budget_col)
            except ValidationError as exc:
                self.errors.append(exc.message)
        if number is None:
            number, title = split_number(title)
        if number is not None:
            self._numbered(row, number, title, months, budget, texts)
            return
        bullet = _BULLET.match(title)
        if bullet and title.strip() not in ("-", "–", "—"):
            self._bullet(row, bullet.group(1).strip(), months, budget, texts)
            return
        if self.last is not None and not months and budget is None and not _is_dash(budget_cell):
            self._continue(row, title, texts)
            return
        if not title and not any(texts.values()) and not months and budget is None:
            return  # a row of "-" only
        if self.last is not None and not title:
            self._add_marks(row, months, budget, texts)
            return
        # An unnumbered line with months or a budget: a bullet under the last numbered item.
        if self.last_numbered is not None:
            self.warnings.append(f"{where(self.sheet, row, self.title_col)}: “{_short(title)}” ไม่มีเลขลำดับ "
                                 "— นำเข้าเป็นรายการย่อย (-) ใต้กิจกรรมด้านบน")
            self._bullet(row, title, months, budget, texts)
        else:
            self.warnings.append(f"{where(self.sheet, row, self.title_col)}: “{_short(title)}” ไม่มีเลขลำดับ "
                                 "— นำเข้าเป็นกิจกรรมระดับบนสุด")
            item = ReadItem(ItemKind.ACTIVITY, "", title, [row], months, budget, **texts)
            self.roots.append(item)
            self.last = item

    def _numbered(self, row, number, title, months, budget, texts) -> None:
        if number in self.by_number:
            self.warnings.append(f"{where(self.sheet, row, self.title_col)}: เลขลำดับ {number} ซ้ำกับแถว "
                                 f"{self.by_number[number].row}")
        item = ReadItem(ItemKind.ACTIVITY, number, title, [row], months, budget, **texts)
        if not title:
            self.warnings.append(f"{where(self.sheet, row, self.title_col)}: รายการ {number}) ไม่มีชื่อกิจกรรม")
        parts = number.split(".")
        parent = None
        for depth in range(len(parts) - 1, 0, -1):
            parent = self.by_number.get(".".join(parts[:depth]))
            if parent is not None:
                break
        if parent is None and len(parts) > 1:
            self.warnings.append(f"{where(self.sheet, row, self.title_col)}: ไม่พบหัวข้อ "
                                 f"{'.'.join(parts[:-1])}) ของรายการ {number}) — นำเข้าไว้ระดับบนสุด")
        elif parent is not None and parent.kind == ItemKind.BULLET:
            parent = None
        (parent.children if parent else self.roots).append(item)
        self.by_number[number] = item
        self.last = self.last_numbered = item

    def _bullet(self, row, title, months, budget, texts) -> None:
        item = ReadItem(ItemKind.BULLET, "", title, [row], months, budget, **texts)
        if self.last_numbered is None:
            self.roots.append(item)
        else:
            self.last_numbered.children.append(item)
        self.last = item

    def _continue(self, row: int, title: str, texts: dict) -> None:
        item = self.last
        item.rows.append(row)
        if title:
            item.title = f"{item.title} {title}".strip()
        for name, text in texts.items():
            if text and text != "-":
                current = getattr(item, name)
                setattr(item, name, f"{current} {text}".strip() if current and current != "-" else text)

    def _add_marks(self, row, months, budget, texts) -> None:
        item = self.last
        item.rows.append(row)
        item.months |= months
        if budget is not None:
            if item.budget is not None:
                self.errors.append(f"{where(self.sheet, row, self.budget_col)}: แถวนี้ไม่มีชื่อกิจกรรม แต่มีงบประมาณ "
                                   f"ซ้ำกับรายการด้านบน (แถว {item.row}) — รวมไว้ในแถวเดียวก่อน")
            item.budget = budget
        self._continue(row, "", texts)

    def _total(self, row: int, value) -> None:
        if self.budget_col and (row, self.budget_col) in self.grid.formula_without_value:
            self.warnings.append(f"{where(self.sheet, row, self.budget_col)}: ยอดรวมเป็นสูตรที่ยังไม่มีค่าที่คำนวณไว้ "
                                 "— ตรวจยอดรวมไม่ได้ (ใช้ผลรวมที่คำนวณจากกิจกรรม)")
            self.total_rows.append((row, None))
            return
        try:
            amount = budget_of(value, self.sheet, row, self.budget_col) if self.budget_col else None
        except ValidationError as exc:
            self.warnings.append(f"{exc.message} (แถวยอดรวม ไม่นำเข้า)")
            amount = None
        self.total_rows.append((row, amount))
        if amount is None:
            return
        computed = _sum(self.roots)
        last_root = _sum(self.roots[-1:])
        if amount != computed and amount != last_root:
            self.warnings.append(
                f"{where(self.sheet, row, self.budget_col)}: ยอดรวมในไฟล์ {format_money(amount)} บาท ไม่เท่ากับผลรวม"
                f"งบประมาณของกิจกรรม {format_money(computed)} บาท — นำเข้างบประมาณตามรายกิจกรรม")

    # -- after the last row ----------------------------------------------------------------------
    def finish(self) -> None:
        for root in self.roots:
            self._settle_kinds(root)

    def _settle_kinds(self, item: ReadItem) -> None:
        """A numbered item with numbered children is a heading; a budget it shows that is just the
        sum of its children is a subtotal, not money of its own."""
        for child in item.children:
            self._settle_kinds(child)
        if item.kind != ItemKind.ACTIVITY or not any(c.kind != ItemKind.BULLET for c in item.children):
            return
        if not item.months and (item.budget is None or item.budget == _sum(item.children)):
            item.kind, item.budget = ItemKind.HEADING, None
            return
        self.warnings.append(
            f"{where(self.sheet, item.row, self.title_col)}: หัวข้อ {item.number}) มีรายการย่อย แต่มี"
            f"{'เดือนดำเนินการ' if item.months else 'งบประมาณที่ไม่เท่ากับผลรวมของรายการย่อย'}ของตัวเอง "
            "— นำเข้าเป็นกิจกรรม")


def _is_dash(value) -> bool:
    return isinstance(value, str) and value.strip() in ("-", "–", "—")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _sum(items: list[ReadItem]) -> Decimal:
    return sum((i.budget for root in items for i in root.walk()
                if i.kind != ItemKind.HEADING and i.budget is not None), Decimal("0.00"))


def read_rows(grid: SheetGrid, layout: Layout, rows: list[int]) -> RowsResult:
    reader = _Reader(grid, layout, rows)
    for row in rows:
        reader.read_row(row)
    reader.finish()
    printed = next((amount for _, amount in reversed(reader.total_rows) if amount is not None), None)
    return RowsResult(items=reader.roots, total_rows=reader.total_rows, computed_total=_sum(reader.roots),
                      printed_total=printed, last_row=rows[-1] if rows else layout.last_row,
                      warnings=reader.warnings, errors=reader.errors)
