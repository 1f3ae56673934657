"""The annual operation plan as a PDF, like seed 000: A4 landscape, the BE-year band over the
month columns, the activity tree with its numbering, arrows for the months, budgets and the
grand total, the header repeated on every page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Callable

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle
from reportlab.platypus.tables import CellStyle
from sqlalchemy.orm import Session

from app.models import ItemKind
from app.services import fiscal, plans
from app.services.money import format_money
from app.services.numbering import numbers_for_rows
from app.services.plan_data import ItemRow, PlanInfo
from app.services.printing.document import (PrintOptions, Styles, build_pdf, frame_size, frame_width,
                                              gc_paused, make_styles)
from app.services.printing.paragraph import text_width
from app.services.printing.thai_words import segmenter
from app.services.thai_format import digits

PAD = 3.0             # cell padding, points
MONTH_PAD = 1.0       # month columns are narrow: the arrows need no air
INDENT = 9.0          # activity indent per tree level, points
HEADER_ROWS = 3
HEAD_BG = colors.HexColor("#e8e8e8")
HEADING_BG = colors.HexColor("#f3f3f3")
ARROW = colors.black
TEXT_COLUMNS = ("title", "deliverable", "responsible", "related", "remark")
TRAILING = (("deliverable", "ผลลัพธ์ของงาน"), ("budget", "งบประมาณที่ใช้"), ("responsible", "ผู้รับผิดชอบ"),
            ("related", "ผู้เกี่ยวข้อง"), ("remark", "หมายเหตุ"))


def _arrow(canvas, left: float, right: float, y: float) -> None:
    """A line from left to right ending in a filled head, as the paper plan's → cells."""
    canvas.line(left, y, right - 3, y)
    path = canvas.beginPath()
    path.moveTo(right, y)
    path.lineTo(right - 4.5, y + 2.6)
    path.lineTo(right - 4.5, y - 2.6)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


class MonthArrow(Flowable):
    """The arrow in a marked month cell. It reaches the cell's edges, so marks in consecutive
    months join into one continuous arrow; only the last month of a run has the head."""

    def __init__(self, head: bool, joins_left: bool, line_width: float = 1.1):
        super().__init__()
        self.head, self.joins_left, self.line_width = head, joins_left, line_width

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = 6
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        left = -MONTH_PAD if self.joins_left else -MONTH_PAD + 1.5
        right = self.width + MONTH_PAD - (1.5 if self.head else 0)
        y = self.height / 2
        canvas.saveState()
        canvas.setStrokeColor(ARROW)
        canvas.setFillColor(ARROW)
        canvas.setLineWidth(self.line_width)
        if self.head:
            _arrow(canvas, left, right, y)
        else:
            canvas.line(left, y, right, y)
        canvas.restoreState()


class MonthStrip(Flowable):
    """All month cells of one row as one flowable: the lines between the months and the arrows.

    A table cell per month made 14 cells a row for reportlab to style and draw, most of them
    empty; the row's month cells are spanned into this one instead, drawn to the row's height.
    """

    def __init__(self, marks: list[bool], month_width: float, height: float, line_width: float = 1.1):
        super().__init__()
        self.marks, self.month_width, self.line_width = marks, month_width, line_width
        self.width = month_width * len(marks) - 2 * MONTH_PAD   # inside the spanned cell's padding
        self.height = height                                     # the row's, less its padding

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.translate(-MONTH_PAD, 0)  # draw in the cell's own coordinates, padding included
        canvas.setLineWidth(0.5)
        for i in range(1, len(self.marks)):
            canvas.line(i * self.month_width, -BOTTOM_PAD, i * self.month_width, self.height + TOP_PAD)
        canvas.setLineWidth(self.line_width)
        y = self.height / 2
        marks = self.marks
        for i, marked in enumerate(marks):
            if not marked or (i > 0 and marks[i - 1]):
                continue
            end = i
            while end + 1 < len(marks) and marks[end + 1]:
                end += 1
            _arrow(canvas, i * self.month_width + MONTH_PAD + 0.5, (end + 1) * self.month_width - MONTH_PAD - 1.5, y)
        canvas.restoreState()


@dataclass
class PlanLayout:
    """What the table is made of: handy for tests that check lines and widths."""

    info: PlanInfo
    rows: list[ItemRow]
    numbers: dict[int, str]
    depths: dict[int, int]
    months: list[dt.date]
    widths: dict[str, float]        # by field; "month" is the width of one month column
    total: Decimal

    def cell_text(self, row: ItemRow, field: str) -> str:
        if field == "title":
            return f"{self.numbers[row.id]} {row.title}".strip()
        return getattr(row, field)


def _depths(rows: list[ItemRow]) -> dict[int, int]:
    depth: dict[int, int] = {}
    for row in rows:  # parents come first
        depth[row.id] = 0 if row.parent_id is None else depth[row.parent_id] + 1
    return depth


def _subtotals(rows: list[ItemRow]) -> dict[int, Decimal]:
    totals = {row.id: Decimal("0.00") for row in rows}
    parent = {row.id: row.parent_id for row in rows}
    for row in rows:
        if row.kind != ItemKind.HEADING and row.budget:
            up = row.parent_id
            while up is not None:
                totals[up] += row.budget
                up = parent[up]
    return totals


def _text_measure(texts: list[str], font: str, size: float) -> tuple[float, float, float, float]:
    """(widest word, widest word of a compound, widest whole text, total width) of a column.

    A compound ("การอำนวยความสะดวก") may break between its words only when the column cannot
    hold it whole, so its words give a second, smaller floor."""
    seg = segmenter()
    piece = word = whole = total = 0.0
    for text in set(texts):
        width = text_width(text, font, size)
        whole = max(whole, width)
        for token in text.split():
            for part in seg.pieces(token):
                piece = max(piece, text_width(part, font, size))
                for sub in seg.sub_pieces(part):
                    word = max(word, text_width(sub, font, size))
    total = sum(text_width(text, font, size) for text in texts)
    return piece, word, whole, total


def _column_widths(layout_rows, cell_text, months, styles: Styles, available: float, th: bool) -> dict[str, float]:
    """Month and budget columns get what their content needs; the text columns share the rest,
    each at least as wide as its longest word and never wider than its longest text."""
    font, size = styles["cell"].fontName, styles["cell"].fontSize
    bold = styles["head"].fontName
    month_size = styles["head_month"].fontSize
    month_w = max(stringWidth(digits(fiscal.month_abbr(m), th), bold, month_size) for m in months) + 2 * MONTH_PAD
    month_w = max(month_w, 14.0)
    budget_texts = [digits(format_money(r.budget), th) for r in layout_rows] + [digits("999,999.00", th)]
    budget_w = max(stringWidth(t, bold, size) for t in budget_texts) + 2 * PAD
    budget_w = max(budget_w, stringWidth("งบประมาณ", bold, size) + 2 * PAD)
    rest = available - month_w * len(months) - budget_w
    heads = dict(TRAILING) | {"title": "กิจกรรม/ขั้นตอน"}
    minimum, floor, natural, weight = {}, {}, {}, {}
    for field in TEXT_COLUMNS:
        texts = [digits(cell_text(r, field), th) for r in layout_rows]
        piece, word, whole, total = _text_measure(texts, font, size)
        head_piece, head_word, _, _ = _text_measure([heads[field]], bold, size)
        extra = 2 * PAD + (INDENT * 3 if field == "title" else 0)
        minimum[field] = min(max(piece, head_piece) + extra, rest / 3)
        floor[field] = min(max(word, head_word) + extra, minimum[field])
        natural[field] = max(whole, head_piece) + extra
        weight[field] = max(total, 1.0) ** 0.5  # long columns get more, but not everything
    if sum(minimum.values()) > rest:  # whole compounds do not fit side by side: allow their words
        minimum = floor
    widths = dict(minimum)
    spare = rest - sum(widths.values())
    open_fields = [f for f in TEXT_COLUMNS if widths[f] < natural[f]]
    while spare > 0.5 and open_fields:
        share = sum(weight[f] for f in open_fields)
        given = 0.0
        for field in list(open_fields):
            add = min(spare * weight[field] / share, natural[field] - widths[field])
            widths[field] += add
            given += add
            if widths[field] >= natural[field] - 0.01:
                open_fields.remove(field)
        spare -= given
        if given < 0.01:
            break
    if spare > 0.5:  # everything fits on one line: let the activity column take the slack
        widths["title"] += spare
    if sum(widths.values()) > rest + 0.5:  # minimums alone overflow: shrink them evenly
        factor = rest / sum(widths.values())
        widths = {f: w * factor for f, w in widths.items()}
    widths["month"] = month_w
    widths["budget"] = budget_w
    return widths


def plan_layout(session: Session, plan_id: int, options: PrintOptions = PrintOptions(),
                styles: Styles | None = None) -> PlanLayout:
    data = plans.load_plan(session, plan_id)
    styles = styles or make_styles(options, body_pt=14)
    months = fiscal.month_range(data.info.window_start, data.info.window_end)
    numbers = numbers_for_rows(data.rows)
    layout = PlanLayout(info=data.info, rows=data.rows, numbers=numbers, depths=_depths(data.rows),
                        months=months, widths={}, total=plans.plan_total(session, plan_id))
    layout.widths = _column_widths(data.rows, layout.cell_text, months, styles, frame_width(True),
                                   options.thai_digits)
    return layout


def _header(layout: PlanLayout, styles: Styles) -> tuple[list[list], list[tuple]]:
    months = layout.months
    n = len(months)
    head = lambda text: styles.para(text, "head")  # noqa: E731
    row0 = [head("กิจกรรม/ขั้นตอน"), head("ปี พ.ศ.")] + [""] * (n - 1) + [head(t) for _, t in TRAILING]
    row1 = [""] + [""] * n + [""] * len(TRAILING)
    row2 = [""] + [styles.para(fiscal.month_abbr(m), "head_month") for m in months] + [""] * len(TRAILING)
    spans = [("SPAN", (0, 0), (0, 2)), ("SPAN", (1, 0), (n, 0))]
    for offset in range(len(TRAILING)):
        column = 1 + n + offset
        spans.append(("SPAN", (column, 0), (column, 2)))
    start = 0
    for i in range(1, n + 1):  # one band per BE year over its months
        if i == n or fiscal.to_be(months[i].year) != fiscal.to_be(months[start].year):
            row1[1 + start] = head(str(fiscal.to_be(months[start].year)))
            if i - 1 > start:
                spans.append(("SPAN", (1 + start, 1), (i, 1)))
            start = i
    return [row0, row1, row2], spans


TOP_PAD, BOTTOM_PAD = 1.5, 2.5


def _base_commands(n: int) -> list[tuple]:
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, HEADER_ROWS - 1), HEAD_BG),
        ("VALIGN", (0, 0), (-1, HEADER_ROWS - 1), "MIDDLE"),
        ("VALIGN", (0, HEADER_ROWS), (-1, -1), "TOP"),
        ("VALIGN", (1, HEADER_ROWS), (n, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("LEFTPADDING", (1, 1), (n, -1), MONTH_PAD), ("RIGHTPADDING", (1, 1), (n, -1), MONTH_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PAD),
    ]


def _cell_style(name: str, valign: str, horizontal_pad: float) -> CellStyle:
    style = CellStyle(name)
    style.valign = valign
    style.leftPadding = style.rightPadding = horizontal_pad
    style.topPadding, style.bottomPadding = TOP_PAD, BOTTOM_PAD
    return style


# Shared cell styles (what _base_commands says, cell by cell). Applying padding and alignment
# commands to every cell of every page's table cost more than drawing the text.
_HEAD = _cell_style("head", "MIDDLE", PAD)
_HEAD_MONTH = _cell_style("head_month", "MIDDLE", MONTH_PAD)
_TEXT = _cell_style("text", "TOP", PAD)
_MONTH = _cell_style("month", "MIDDLE", MONTH_PAD)


def _cell_styles(body_rows: int, n: int) -> list[list[CellStyle]]:
    trailing = len(TRAILING)
    header = [[_HEAD] * (1 + n + trailing)] + [[_HEAD] + [_HEAD_MONTH] * n + [_HEAD] * trailing] * 2
    body = [[_TEXT] + [_MONTH] * n + [_TEXT] * trailing] * body_rows
    return [list(row) for row in header + body]


@dataclass
class _Row:
    cells: list
    background: object | None = None
    span_to: int | None = None   # the total row spans the activity and month columns
    marks: list[bool] | None = None  # an item row: which months are marked

    def with_strip(self, n: int, month_width: float, height: float) -> list:
        """The row's cells with its month cells replaced by one MonthStrip (spanned)."""
        strip = MonthStrip(self.marks, month_width, height - TOP_PAD - BOTTOM_PAD)
        return [self.cells[0], strip] + [""] * (n - 1) + self.cells[1 + n:]


def _body_rows(layout: PlanLayout, styles: Styles, options: PrintOptions) -> list[_Row]:
    months = layout.months
    n = len(months)
    subtotals = _subtotals(layout.rows) if options.heading_subtotals else {}
    out = []
    for row in layout.rows:
        heading = row.kind == ItemKind.HEADING
        cells = [styles.para(layout.cell_text(row, "title"), "cell_bold" if heading else "cell",
                             leftIndent=INDENT * layout.depths[row.id])]
        for i, month in enumerate(months):
            if month in row.months:
                cells.append(MonthArrow(head=not (i + 1 < n and months[i + 1] in row.months),
                                        joins_left=i > 0 and months[i - 1] in row.months))
            else:
                cells.append("")
        if heading:
            budget = format_money(subtotals[row.id]) if options.heading_subtotals and subtotals[row.id] else ""
        else:
            budget = format_money(row.budget)
        cells += [styles.para(row.deliverable, "cell"),
                  styles.para(budget, "cell_right_bold" if heading else "cell_right"),
                  styles.para(row.responsible, "cell"), styles.para(row.related, "cell"),
                  styles.para(row.remark, "cell")]
        out.append(_Row(cells, HEADING_BG if heading else None, marks=[m in row.months for m in months]))
    out.append(_Row([styles.para("รวมทั้งสิ้น", "cell_bold", alignment=1)] + [""] * n
                    + ["", styles.para(format_money(layout.total), "cell_right_bold"), "", "", ""],
                    HEAD_BG, span_to=n))
    return out


def _column_list(layout: PlanLayout) -> list[float]:
    widths = layout.widths
    return ([widths["title"]] + [widths["month"]] * len(layout.months)
            + [widths["deliverable"], widths["budget"], widths["responsible"], widths["related"],
               widths["remark"]])


def _row_height(row: _Row, columns: list[float], n_months: int) -> float:
    """The height reportlab's Table gives the row: its tallest cell plus padding."""
    tallest = 0.0
    for index, cell in enumerate(row.cells):
        if cell == "" or (row.span_to is not None and 0 < index <= row.span_to):
            continue
        pad = 2 * (MONTH_PAD if 1 <= index <= n_months else PAD)
        width = sum(columns[:row.span_to + 1]) if row.span_to is not None and index == 0 else columns[index]
        tallest = max(tallest, cell.wrap(width - pad, 10_000)[1])
    return tallest + TOP_PAD + BOTTOM_PAD


def _page_table(header: list[list], header_commands: list[tuple], rows: list[_Row], columns: list[float],
                n: int, heights: list[float] | None) -> Table:
    """One page of the plan; row heights are the ones measured for packing, so the table does
    not measure its cells again."""
    data = [list(r) for r in header]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, HEADER_ROWS - 1), HEAD_BG)] + header_commands
    for index, row in enumerate(rows):
        r = len(data)
        if heights is not None and row.marks is not None:
            data.append(row.with_strip(n, columns[1], heights[HEADER_ROWS + index]))
            commands.append(("SPAN", (1, r), (n, r)))
            continue
        data.append(row.cells)
        if row.background is not None:
            commands.append(("BACKGROUND", (0, r), (-1, r), row.background))
        if row.span_to is not None:
            commands.append(("SPAN", (0, r), (row.span_to, r)))
    return Table(data, colWidths=columns, rowHeights=heights, repeatRows=HEADER_ROWS, splitInRow=1,
                 style=TableStyle(commands), cellStyles=_cell_styles(len(rows), n), hAlign="LEFT")


def _tables(layout: PlanLayout, styles: Styles, options: PrintOptions, first_page_room: float,
            page_room: float) -> list:
    """One table per page, packed here from row heights measured once.

    Left to itself, reportlab splits one long table page by page and measures every remaining
    row again at each split, which grows with the square of the plan's length (9 s for 1,000
    activities). A row taller than a whole page still gets split by reportlab, between lines.
    """
    n = len(layout.months)
    columns = _column_list(layout)
    header, header_commands = _header(layout, styles)
    header_table = Table(header, colWidths=columns, style=TableStyle(_base_commands(n) + header_commands))
    header_height = header_table.wrap(sum(columns), 10_000)[1]
    header_rows = list(header_table._rowHeights)
    story, page, heights, used = [], [], [], 0.0
    room = first_page_room - header_height

    def close_page():
        # A page whose single row is taller than the page is left to reportlab to split
        # between lines; it must then measure the rows itself.
        fits = used <= room - 0.5
        story.append(_page_table(header, header_commands, page, columns, n, header_rows + heights if fits else None))
        story.append(PageBreak())

    for row in _body_rows(layout, styles, options):
        height = _row_height(row, columns, n)
        if page and used + height > room - 0.5:
            close_page()
            page, heights, used, room = [], [], 0.0, page_room - header_height
        page.append(row)
        heights.append(height)
        used += height
    close_page()
    story.pop()  # no blank page after the last table
    return story


def find_plan(session: Session, be_year: int, unit: str | None = None, plan_id: int | None = None) -> int:
    """The plan of a fiscal year (and unit, by name or abbreviation); refuses when unclear."""
    from app.services.errors import ValidationError

    candidates = [p for p in plans.list_plans(session) if p.be_year == be_year]
    if plan_id is not None:
        candidates = [p for p in candidates if p.id == plan_id]
    if unit:
        names = plans.unit_names_matching(session, unit)
        candidates = [p for p in candidates if p.unit_name in names]
    if not candidates:
        where = f" ของ {unit}" if unit else ""
        raise ValidationError(f"ไม่พบแผนปีงบประมาณ พ.ศ. {be_year}{where} ในพื้นที่ทำงานนี้")
    if len(candidates) > 1:
        listing = "; ".join(f"[{p.id}] {p.title} ({p.unit_name})" for p in candidates)
        raise ValidationError(f"ปีงบประมาณ พ.ศ. {be_year} มีหลายแผน: {listing} — ระบุ --unit หรือ --plan")
    return candidates[0].id


def write_plan_pdf(session: Session, plan_id: int, out: str | BinaryIO,
                   options: PrintOptions = PrintOptions(),
                   on_page: Callable[[int], None] | None = None) -> int:
    """Write the plan's PDF to a path or binary stream; returns the number of pages."""
    with gc_paused():
        styles = make_styles(options, body_pt=14)
        layout = plan_layout(session, plan_id, options, styles)
        info = layout.info
        title = styles.para(info.title, "title")
        width, height = frame_size(True)
        title_height = title.wrap(width, height)[1] + title.getSpaceAfter()
        tables = _tables(layout, styles, options, height - title_height, height)
        return build_pdf(out, [title, *tables], styles, is_landscape=True, title=info.title, on_page=on_page)
