"""The performance agreement (คำรับรองการปฏิบัติราชการ) and its KPI templates as PDFs, like seed 002.

`write_agreement_pdf` prints the agreement ready to sign, A4 portrait:
  1. the cover: title, unit, fiscal year, the six numbered clauses and the receiver's and the
     maker's signature blocks side by side (receiver left, as in the seed);
  2. the context pages, one per owner (the ministry's, the unit's): vision, missions, strategic
     issues and strategies as bulleted lists;
  3. the evaluation framework: categories with their weights, the indicators numbered under them,
     the total; a box listing the weight problems first when the weights do not add up;
  4. the targets table: weight and the three target levels ขั้นต้น (50) / มาตรฐาน (75) /
     ขั้นสูง (100) per indicator and a remark; the header rows repeat on every page.

`write_kpi_templates_pdf` prints one รายละเอียดตัวชี้วัด per indicator, each from a new page, with
the seed's fields in the seed's order; an empty field prints "-".

Digits: formal documents use Thai digits (the default here). Some stored texts already carry Thai
digits (the standard clauses, round labels); with Arabic digits chosen they are turned back, so the
whole document uses one kind.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import BinaryIO, Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, Indenter, PageBreak, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.services import agreements
from app.services.agreements import AgreementData, IndicatorData, PersonData
from app.services.errors import ValidationError
from app.services.printing.blocks import Signer, checkbox_row, natural_width, signature_pair
from app.services.printing.document import (PrintOptions, Styles, build_pdf, frame_size, frame_width, gc_paused,
                                              make_styles)
from app.services.printing.paragraph import ThaiParagraph

PAD = 3.0
HEAD_BG = colors.HexColor("#e8e8e8")
CATEGORY_BG = colors.HexColor("#f3f3f3")
PROBLEM_BORDER = colors.HexColor("#b00000")
PROBLEM_BG = colors.HexColor("#fff4f4")
BULLET = "•"
LEVEL_POINTS = (50, 75, 100)
LEVEL_LABELS = {50: "ขั้นต้น", 75: "มาตรฐาน", 100: "ขั้นสูง"}
PREFIX_UNITS = ("ร้อยละ",)          # "ร้อยละ 95"; other units follow the number ("35.0 คะแนน")
CONTEXT_SECTIONS = (("vision", "วิสัยทัศน์"), ("missions", "พันธกิจ"),
                    ("strategic_issues", "ประเด็นยุทธศาสตร์"), ("strategies", "กลยุทธ์"))
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBERED = re.compile(r"^\s*(\(?[0-9๐-๙]+[.)]|[-•])\s")
EMPTY = "-"
PERCENT_RULE = "ร้อยละที่ดำเนินการได้ = คะแนนที่ได้"   # seed 002 indicator 3 when no text is given


# ---- small helpers -------------------------------------------------------------------------
def plain_number(value) -> str:
    """Decimal("20.00") → "20", Decimal("7.50") → "7.5" (Arabic digits; the document converts)."""
    if value is None:
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format(number.normalize(), "f")
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text.translate(_TO_ARABIC).replace(",", ""))
    except InvalidOperation:
        return False
    return True


def _points(value) -> int | Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else number


def indicator_label(indicator: IndicatorData) -> str:
    """"1. name" as the framework and targets tables number it."""
    number = (indicator.number or "").strip()
    if not number:
        return indicator.name
    return f"{number} {indicator.name}" if number[-1] in ".)" else f"{number}. {indicator.name}"


def template_heading(indicator: IndicatorData) -> str:
    number = (indicator.number or "").strip().rstrip(".")
    return f"ตัวชี้วัดที่ {number} {indicator.name}" if number else f"ตัวชี้วัด {indicator.name}"


def target_text(indicator: IndicatorData, level: dict | None) -> str:
    """A level's target as printed: text as given; a number with the indicator's unit."""
    if not level:
        return EMPTY
    target = level.get("target")
    text = "" if target is None else str(target).strip()
    if not text:
        return EMPTY
    unit = (indicator.unit_of_measure or "").strip()
    if unit and _is_number(text) and (indicator.scheme or {}).get("numeric", True) is not False:
        return f"{unit} {text}" if unit in PREFIX_UNITS else f"{text} {unit}"
    return text


def _levels(indicator: IndicatorData) -> list[tuple[int | Decimal | None, dict]]:
    """(points, level) of the scheme; three levels without points are 50, 75, 100."""
    levels = list((indicator.scheme or {}).get("levels") or [])
    points = [_points(level.get("points")) for level in levels]
    if len(levels) == 3 and all(p is None for p in points):
        points = list(LEVEL_POINTS)
    return list(zip(points, levels))


def level_header(points, level: dict, index: int) -> str:
    label = (level.get("label") or "").strip() or LEVEL_LABELS.get(points, "")
    if points is None:
        return label or f"ระดับ {index + 1}"
    return f"{label} ({plain_number(points)})" if label else f"ระดับ {plain_number(points)}"


def agreement_targets(indicator: IndicatorData) -> list[str] | str:
    """The three target cells (50, 75, 100) of the targets table, or one text spanning them."""
    scheme = indicator.scheme or {}
    kind = scheme.get("type", "levels")
    if kind == "percent":
        return (indicator.criteria_text or PERCENT_RULE).strip()
    levels = _levels(indicator)
    if not levels:
        return [EMPTY] * 3
    by_points = {p: level for p, level in levels}
    if all(p in LEVEL_POINTS for p in by_points):
        return [target_text(indicator, by_points.get(p)) for p in LEVEL_POINTS]
    return " · ".join(f"{level_header(p, level, i)}: {target_text(indicator, level)}"
                      for i, (p, level) in enumerate(levels))


def deduction_text(indicator: IndicatorData) -> str:
    if indicator.deduction_rule.strip():
        return indicator.deduction_rule.strip()
    if indicator.deduction_points:
        return (f"ในแต่ละรอบการประเมิน หากไม่สามารถดำเนินการได้ครบทุกขั้นตอนจะถูกหัก "
                f"{plain_number(indicator.deduction_points)} คะแนน")
    return ""


def conditions(indicator: IndicatorData) -> list[str]:
    """The conditions, then the deduction rule unless a condition already says it."""
    items = [c for c in indicator.conditions if c and c.strip()]
    rule = deduction_text(indicator)
    squashed = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    if rule and not any(squashed(rule) in squashed(c) for c in items):
        items.append(rule)
    return items


def phone_lines(person: PersonData) -> list[str]:
    lines = []
    if person.phone_office.strip():
        lines.append(f"โทร. {person.phone_office.strip()}")
    if person.phone_mobile.strip():
        lines.append(f"มือถือ {person.phone_mobile.strip()}")
    return lines


def rounds_heading(data: AgreementData) -> str:
    """"เป้าหมายการปฏิบัติราชการ รอบ 6 และ 9 เดือน" (seed 002)."""
    if data.rounds and all(r.months for r in data.rounds):
        months = [str(r.months) for r in data.rounds]
        joined = months[0] if len(months) == 1 else ", ".join(months[:-1]) + " และ " + months[-1]
        return f"เป้าหมายการปฏิบัติราชการ รอบ {joined} เดือน"
    if data.rounds:
        return "เป้าหมายการปฏิบัติราชการ " + " และ ".join(r.label for r in data.rounds)
    return "เป้าหมายการปฏิบัติราชการรายรอบ"


# ---- the printer ---------------------------------------------------------------------------
class _Printer:
    """Paragraphs and tables in one document's styles and digits."""

    def __init__(self, options: PrintOptions, body_pt: float = 16):
        self.styles: Styles = make_styles(options, body_pt=body_pt)
        self.thai = options.thai_digits
        self.width = frame_width(False)
        body = self.styles["body"]
        self.indent = body.fontSize * 2.2          # content under a field heading
        self.gap = body.leading * 0.35

    def text(self, text: str) -> str:
        return text if self.thai else text.translate(_TO_ARABIC)

    def p(self, text: str, style: str = "body", **overrides) -> ThaiParagraph:
        return self.styles.para(self.text(text), style, **overrides)

    def hanging(self, marker: str, text: str, style: str = "body", indent: float | None = None,
                **overrides) -> ThaiParagraph:
        """"marker text" with wrapped lines under the text (numbered clauses, bullets, steps)."""
        base = self.styles[style]
        if indent is None:
            indent = natural_width(self.p(marker + " ", style)) + base.fontSize * 0.15
        return self.p(f"{marker} {text}", style, leftIndent=indent + overrides.pop("leftIndent", 0),
                      firstLineIndent=-indent, **overrides)

    def items(self, texts, style: str = "body") -> list[Flowable]:
        """A list: one item plain, several as bullets; nothing → "-"."""
        texts = [t.strip() for t in texts if t and t.strip()]
        if not texts:
            return [self.p(EMPTY, style)]
        if len(texts) == 1:
            return [self.p(texts[0], style)]
        bullet_w = natural_width(self.p(BULLET + " ", style))
        return [self.p(t, style) if _NUMBERED.match(t) else self.hanging(BULLET, t, style, indent=bullet_w)
                for t in texts]

    def grid(self, data, widths, header_rows: int = 1, extra: list | None = None, repeat: bool = True,
             h_align: str = "LEFT") -> Table:
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        if header_rows:
            commands += [("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
                         ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE")]
        extra = list(extra or [])
        repeat_rows = header_rows if repeat else 0
        table = Table(data, colWidths=widths, repeatRows=repeat_rows, style=TableStyle(commands + extra),
                      hAlign=h_align)
        # Rows move to the next page whole. Only a row taller than most of a page may be split
        # inside: reportlab would otherwise fail on it. (Splitting inside rows as a rule made
        # reportlab start a second table, header and all, in the middle of a page.) Such a row
        # keeps no NOSPLIT: reportlab cannot split inside a row it must keep with another.
        _, page_height = frame_size(False)
        table.wrap(sum(widths), page_height * 100)
        tall = {row for row, height in enumerate(table._rowHeights) if height > page_height * 0.8}
        if tall:
            extra = [c for c in extra if c[0] != "NOSPLIT" or not tall & set(range(c[1][1], c[2][1] + 1))]
            table = Table(data, colWidths=widths, repeatRows=repeat_rows, style=TableStyle(commands + extra),
                          hAlign=h_align, splitInRow=1)
        return table


# ---- the agreement -------------------------------------------------------------------------
def _cover(pr: _Printer, data: AgreementData) -> list[Flowable]:
    styles = pr.styles
    size = styles.family.size(20)
    big = dict(fontSize=size, leading=size * 1.3)
    story: list[Flowable] = [
        pr.p("คำรับรองการปฏิบัติราชการ", "title", **big, spaceAfter=0),
        pr.p(data.unit_name, "title", spaceAfter=0),
        pr.p(f"ประจำปีงบประมาณ พ.ศ. {data.be_year}", "title"),
        Spacer(1, pr.gap * 2),
    ]
    receiver = data.receiver.name if data.receiver else ""
    maker = data.maker.name if data.maker else ""
    receiver_position = data.receiver_position or (data.receiver.position if data.receiver else "")
    maker_position = data.maker_position or (data.maker.position if data.maker else "")
    number_w = max(natural_width(pr.p(f"{n}. ")) for n in range(1, max(len(data.clauses), 1) + 1))
    number_w += styles["body"].fontSize * 0.15
    standard_first = agreements.standard_clauses(data.unit_name, data.be_year, receiver, receiver_position, maker,
                                                 maker_position, data.period_start, data.period_end)[0]
    for n, clause in enumerate(data.clauses, start=1):
        if n == 1 and clause == standard_first and receiver and maker:
            story.append(pr.hanging("1.", "คำรับรองระหว่าง", indent=number_w, spaceBefore=pr.gap))
            story.append(_parties(pr, number_w, [(receiver, receiver_position, "ผู้รับคำรับรอง"),
                                                 (maker, maker_position, "ผู้ทำคำรับรอง")]))
        else:
            story.append(pr.hanging(f"{n}.", clause, indent=number_w, spaceBefore=pr.gap))
    story.append(Spacer(1, styles["body"].leading * 0.8))
    story.append(signature_pair(
        styles,
        Signer(pr.text(receiver), pr.text(receiver_position), data.receiver_signed),
        Signer(pr.text(maker), pr.text(maker_position), data.maker_signed)))
    return story


def _parties(pr: _Printer, indent: float, parties: list[tuple[str, str, str]]) -> Table:
    """Clause 1's "name  position  role" lines with "และ" between, as the form lays them out."""
    width = pr.width - indent
    gap = pr.styles["body"].fontSize
    name_w = min(max(natural_width(pr.p(name)) for name, _, _ in parties) + gap, width * 0.36)
    role_w = max(natural_width(pr.p(role)) for _, _, role in parties) + 2
    position_w = min(max(natural_width(pr.p(position)) for _, position, _ in parties) + gap,
                     width - name_w - role_w)
    rows, commands = [], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    for index, (name, position, role) in enumerate(parties):
        if index:
            rows.append([pr.p("และ", alignment=TA_CENTER), "", ""])
            commands.append(("SPAN", (0, len(rows) - 1), (2, len(rows) - 1)))
        rows.append([pr.p(name), pr.p(position), pr.p(role)])
    table = Table(rows, colWidths=[name_w, position_w, role_w], style=TableStyle(commands), hAlign="CENTER")
    table.spaceBefore = pr.gap
    return table


def _context(pr: _Printer, data: AgreementData) -> list[Flowable]:
    story: list[Flowable] = []
    for entry in data.context:
        sections = [(label, [str(t) for t in entry.get(key) or [] if str(t).strip()])
                    for key, label in CONTEXT_SECTIONS]
        title = (entry.get("title") or entry.get("owner") or "").strip()
        if not title and not any(items for _, items in sections):
            continue
        story.append(PageBreak())
        if title:
            story.append(pr.p(title, "title"))
        for label, items in sections:
            if not items:
                continue
            story.append(pr.p(label, "body_bold", spaceBefore=pr.gap * 2))
            bullet_w = natural_width(pr.p(BULLET + " "))
            story += [pr.hanging(BULLET, item, indent=bullet_w, leftIndent=pr.indent) for item in items]
    return story


def _section_title(pr: _Printer, data: AgreementData) -> ThaiParagraph:
    return pr.p(f"คำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {data.be_year} {data.unit_name}", "title")


def _problem_box(pr: _Printer, problems: list[str]) -> Table:
    content: list[Flowable] = [pr.p("น้ำหนักของกรอบการประเมินยังไม่ถูกต้อง — ตรวจแก้ก่อนลงนาม", "body_bold")]
    bullet_w = natural_width(pr.p(BULLET + " "))
    content += [pr.hanging(BULLET, problem, indent=bullet_w) for problem in problems]
    return Table([[content]], colWidths=[pr.width], hAlign="LEFT", style=TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, PROBLEM_BORDER), ("BACKGROUND", (0, 0), (-1, -1), PROBLEM_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))


def _framework(pr: _Printer, data: AgreementData) -> list[Flowable]:
    story: list[Flowable] = [_section_title(pr, data),
                             pr.p(f"กรอบการประเมินสำหรับหน่วยงาน ประกอบด้วย {len(data.categories)} ประเด็น ดังนี้",
                                  spaceAfter=pr.gap)]
    problems = data.weight_problems()
    if problems:
        story += [_problem_box(pr, problems), Spacer(1, pr.gap * 2)]
    weight_w = natural_width(pr.p("น้ำหนัก (ร้อยละ)", "head")) + 2 * PAD + 6
    indent = pr.styles["cell"].fontSize * 1.5
    rows = [[pr.p("องค์ประกอบ/ตัวชี้วัด", "head"), pr.p("น้ำหนัก (ร้อยละ)", "head")]]
    extra = []
    for n, category in enumerate(data.categories, start=1):
        rows.append([pr.p(f"{n}. {category.name}", "cell_bold"), pr.p(plain_number(category.weight), "head")])
        r = len(rows) - 1
        extra += [("BACKGROUND", (0, r), (-1, r), CATEGORY_BG), ("NOSPLIT", (0, r), (-1, r + 1))]
        for indicator in category.indicators:
            rows.append([pr.p(indicator_label(indicator), "cell", leftIndent=indent),
                         pr.p(plain_number(indicator.weight), "cell_center")])
    rows.append([pr.p("รวมน้ำหนัก", "cell_bold", alignment=TA_CENTER), pr.p(plain_number(data.total_weight()), "head")])
    extra.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), HEAD_BG))
    story.append(pr.grid(rows, [pr.width - weight_w, weight_w], 1, extra))
    return story


def _targets(pr: _Printer, data: AgreementData) -> list[Flowable]:
    width = pr.width
    weight_w = natural_width(pr.p("น้ำหนัก", "head")) + 2 * PAD + 6
    remark_w = width * 0.13
    name_w = width * 0.28
    level_w = (width - weight_w - remark_w - name_w) / 3
    head = lambda text: pr.p(text, "head")  # noqa: E731
    rows = [[head("ตัวชี้วัด"), head("น้ำหนัก"), head("เป้าหมาย"), "", "", head("หมายเหตุ")],
            ["", ""] + [head(f"{LEVEL_LABELS[p]}\n({p} คะแนน)") for p in LEVEL_POINTS] + [""]]
    extra = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (4, 0)), ("SPAN", (5, 0), (5, 1))]
    for n, category in enumerate(data.categories, start=1):
        rows.append([pr.p(f"{n}. {category.name}", "cell_bold"), pr.p(plain_number(category.weight), "head"),
                     "", "", "", ""])
        r = len(rows) - 1
        extra += [("BACKGROUND", (0, r), (-1, r), CATEGORY_BG), ("SPAN", (2, r), (5, r)),
                  ("NOSPLIT", (0, r), (-1, r + 1))]  # never a category alone at a page's foot
        for indicator in category.indicators:
            targets = agreement_targets(indicator)
            row = [pr.p(indicator_label(indicator), "cell"), pr.p(plain_number(indicator.weight), "cell_center")]
            if isinstance(targets, str):
                row += [pr.p(targets, "cell_center"), "", ""]
                extra.append(("SPAN", (2, len(rows)), (4, len(rows))))
            else:
                row += [pr.p(t, "cell") for t in targets]
            row.append(pr.p(indicator.targets_remark, "cell"))
            rows.append(row)
    rows.append([pr.p("รวม", "cell_bold", alignment=TA_CENTER), pr.p(plain_number(data.total_weight()), "head"),
                 "", "", "", ""])
    r = len(rows) - 1
    extra += [("BACKGROUND", (0, r), (-1, r), HEAD_BG), ("SPAN", (2, r), (5, r))]
    return [_section_title(pr, data),
            pr.grid(rows, [name_w, weight_w, level_w, level_w, level_w, remark_w], 2, extra)]


def agreement_story(data: AgreementData, options: PrintOptions) -> tuple[list[Flowable], _Printer]:
    pr = _Printer(options)
    story = _cover(pr, data)
    story += _context(pr, data)
    story += [PageBreak(), *_framework(pr, data), PageBreak(), *_targets(pr, data)]
    return story, pr


def write_agreement_pdf(session: Session, agreement_id: int, out: str | BinaryIO,
                        options: PrintOptions = PrintOptions(thai_digits=True),
                        on_page: Callable[[int], None] | None = None) -> int:
    """Write the agreement, ready to sign, to a path or binary stream; returns the page count."""
    with gc_paused():
        data = agreements.load_agreement(session, agreement_id)
        story, pr = agreement_story(data, options)
        title = f"คำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {data.be_year} {data.unit_name}"
        return build_pdf(out, story, pr.styles, is_landscape=False, title=pr.text(title), on_page=on_page)


# ---- KPI templates -------------------------------------------------------------------------
def _field(pr: _Printer, label: str, body: list[Flowable]) -> list[Flowable]:
    """A bold field heading and its content indented under it.

    The indent starts before the heading (which is pulled back out), so the heading keeps with
    the first piece of content: an Indenter between them would break keepWithNext."""
    if body and isinstance(body[0], Table):
        body[0].spaceBefore = pr.gap * 0.6  # clear of the heading's lower marks (ฐ, ญ)
    return [Indenter(left=pr.indent),
            pr.p(label, "body_bold", spaceBefore=pr.gap * 1.5, keepWithNext=1, leftIndent=-pr.indent),
            *body, Indenter(left=-pr.indent)]


def _year_table(pr: _Printer, label: str, entries: list[tuple[str, str]], value_label: str) -> list[Flowable]:
    """A roadmap or baseline table: fiscal years across, values under them (at most 5 years a table)."""
    if not entries:
        return [pr.p(EMPTY)]
    width = pr.width - pr.indent
    label_w = max(natural_width(pr.p(label, "head")), natural_width(pr.p(value_label, "cell_bold"))) + 2 * PAD + 4
    label_w = min(label_w, width * 0.3)
    out: list[Flowable] = []
    tables = -(-len(entries) // 5)
    per_table = -(-len(entries) // tables)  # 6 years: 3 + 3, not 5 + 1
    for start in range(0, len(entries), per_table):
        chunk = entries[start:start + per_table]
        value_w = (width - label_w) / len(chunk)
        rows = [[pr.p(label, "head")] + [pr.p(year, "head") for year, _ in chunk],
                [pr.p(value_label, "cell_bold")] + [pr.p(value or EMPTY, "cell_center") for _, value in chunk]]
        if out:
            out.append(Spacer(1, pr.gap))
        out.append(pr.grid(rows, [label_w] + [value_w] * len(chunk), 1, repeat=False))
    return out


def _roadmap(pr: _Printer, indicator: IndicatorData) -> list[Flowable]:
    entries = [(str(e.get("year", "")), str(e.get("target") or "").strip()) for e in indicator.roadmap]
    return _year_table(pr, "ปีงบประมาณ", entries, "ค่าเป้าหมาย")


def _baseline(pr: _Printer, indicator: IndicatorData) -> list[Flowable]:
    units = {str(e.get("unit") or "").strip() for e in indicator.baseline}
    common = units.pop() if len(units) == 1 else None
    entries = []
    for e in indicator.baseline:
        result = str(e.get("result") or "").strip()
        unit = str(e.get("unit") or "").strip()
        entries.append((str(e.get("year", "")), f"{result} {unit}" if result and unit and not common else result))
    label = f"ผลการดำเนินงาน ({common})" if common else "ผลการดำเนินงาน"
    return _year_table(pr, "ปีงบประมาณ", entries, label)


def _criteria(pr: _Printer, indicator: IndicatorData) -> list[Flowable]:
    scheme = indicator.scheme or {}
    kind = scheme.get("type", "levels")
    out: list[Flowable] = []
    levels = _levels(indicator)
    if kind != "percent" and levels:
        width = pr.width - pr.indent
        w = width / len(levels)
        rows = [[pr.p(level_header(p, level, i), "head") for i, (p, level) in enumerate(levels)],
                [pr.p(target_text(indicator, level), "cell_center") for _, level in levels]]
        out.append(pr.grid(rows, [w] * len(levels), 1, repeat=False))
    # The scheme's "notes" are not printed: they are the editor's working notes, not the form's.
    text = indicator.criteria_text.strip() or (PERCENT_RULE if kind == "percent" else "")
    if text:
        out.append(pr.p(text, spaceBefore=pr.gap if out else 0))
    return out or [pr.p(EMPTY)]


def _steps(pr: _Printer, steps) -> list[Flowable]:
    out = []
    number_w = natural_width(pr.p(f"{max(len(steps), 1)}) ", "cell"))
    for n, step in enumerate(steps, start=1):
        if _NUMBERED.match(step):
            out.append(pr.p(step, "cell"))
        else:
            out.append(pr.hanging(f"{n})", step, "cell", indent=number_w))
    return out


def _round_targets(pr: _Printer, data: AgreementData, indicator: IndicatorData) -> list[Flowable]:
    if not data.rounds:
        return [pr.p(EMPTY)]
    by_round = {t.round_id: t for t in indicator.round_targets}
    width = pr.width - pr.indent
    label_w = width * 0.3
    rows = []
    for rnd in data.rounds:
        target = by_round.get(rnd.id)
        goal = target.goal.strip() if target else ""
        steps = list(target.steps) if target else []
        cell: list[Flowable] = [pr.p(goal or EMPTY, "cell")]
        if steps:
            cell.append(pr.p("ขั้นตอนการดำเนินงาน", "cell_bold", spaceBefore=2))
            cell += _steps(pr, steps)
        rows.append([pr.p(f"เป้าหมายการดำเนินงาน{rnd.label}", "cell_bold"), cell])
    return [pr.grid(rows, [label_w, width - label_w], 0)]


def _people(pr: _Printer, people: tuple[PersonData, ...]) -> list[Flowable]:
    if not people:
        return [pr.p(EMPTY)]
    width = pr.width - pr.indent
    rows = [[pr.p("ชื่อ-สกุล", "head"), pr.p("ตำแหน่ง", "head"), pr.p("โทรศัพท์", "head")]]
    phone_w = natural_width(pr.p("โทรศัพท์", "head"))
    name_w = natural_width(pr.p("ชื่อ-สกุล", "head"))
    for person in people:
        phones = [pr.p(line, "cell") for line in phone_lines(person)]
        phone_w = max([phone_w] + [natural_width(line) for line in phones])
        name = pr.p(person.name, "cell")
        name_w = max(name_w, natural_width(name))
        rows.append([name, pr.p(person.position or EMPTY, "cell"), phones or pr.p(EMPTY, "cell")])
    phone_w = min(phone_w + 2 * PAD + 2, width * 0.36)
    name_w = min(name_w + 2 * PAD + 2, width * 0.34)
    return [pr.grid(rows, [name_w, width - name_w - phone_w, phone_w], 1)]


def template_story(pr: _Printer, data: AgreementData, indicator: IndicatorData) -> list[Flowable]:
    styles = pr.styles
    story: list[Flowable] = [
        pr.p("รายละเอียดตัวชี้วัด (KPI Template)", "title", spaceAfter=0),
        pr.p(f"ตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {data.be_year} {data.unit_name}", "body",
             alignment=TA_CENTER, spaceAfter=pr.gap * 2),
        pr.p(template_heading(indicator), "body_bold"),
    ]
    if indicator.owner_unit.strip():
        story.append(pr.p(f"เจ้าภาพตัวชี้วัด: {indicator.owner_unit.strip()}"))
    kind = checkbox_row(styles, [(pr.text("ตัวชี้วัดต่อเนื่อง"), indicator.kind == "continuing"),
                                 (pr.text("ตัวชี้วัดใหม่"), indicator.kind == "new")])
    weight = pr.p(f"น้ำหนัก {plain_number(indicator.weight)}", "body_bold", alignment=2)
    line = Table([[kind, weight]], colWidths=[pr.width * 0.7, pr.width * 0.3], hAlign="LEFT",
                 style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    line.spaceBefore = pr.gap
    story.append(line)
    one = lambda text: [pr.p(text.strip() or EMPTY)]  # noqa: E731
    story += _field(pr, "คำอธิบาย", one(indicator.description))
    story += _field(pr, "นิยาม", pr.items(indicator.definitions))
    story += _field(pr, "สูตรการคำนวณ", one(indicator.formula))
    story += _field(pr, "หน่วยวัด", one(indicator.unit_of_measure))
    story += _field(pr, "แหล่งข้อมูล", one(indicator.data_source))
    story += _field(pr, "ค่าเป้าหมายระยะยาว", _roadmap(pr, indicator))
    story += _field(pr, "ข้อมูลพื้นฐาน", _baseline(pr, indicator))
    story += _field(pr, "เกณฑ์การให้คะแนน", _criteria(pr, indicator))
    story += _field(pr, "เงื่อนไข", pr.items(conditions(indicator)))
    story += _field(pr, "ประโยชน์ที่จะได้รับ", pr.items(indicator.benefits))
    if indicator.remarks.strip():
        story += _field(pr, "หมายเหตุ", one(indicator.remarks))
    story += _field(pr, rounds_heading(data), _round_targets(pr, data, indicator))
    story += _field(pr, "ผู้กำกับดูแลตัวชี้วัด", _people(pr, indicator.supervisors))
    story += _field(pr, "ผู้จัดเก็บข้อมูล", _people(pr, indicator.collectors))
    return story


def _chosen(data: AgreementData, indicator_ids) -> list[IndicatorData]:
    indicators = data.indicators
    if indicator_ids is None:
        chosen = indicators
    else:
        wanted = list(indicator_ids)
        known = {i.id for i in indicators}
        missing = [str(i) for i in wanted if i not in known]
        if missing:
            raise ValidationError(f"ไม่พบตัวชี้วัดรหัส {', '.join(missing)} ในคำรับรองนี้")
        chosen = [i for i in indicators if i.id in set(wanted)]
    if not chosen:
        raise ValidationError("คำรับรองนี้ยังไม่มีตัวชี้วัด จึงยังไม่มีรายละเอียดตัวชี้วัดให้พิมพ์")
    return chosen


def write_kpi_templates_pdf(session: Session, agreement_id: int, out: str | BinaryIO,
                            options: PrintOptions = PrintOptions(thai_digits=True),
                            indicator_ids=None, on_page: Callable[[int], None] | None = None) -> int:
    """One KPI template per indicator (all, or those of `indicator_ids`), each from a new page."""
    with gc_paused():
        data = agreements.load_agreement(session, agreement_id)
        chosen = _chosen(data, indicator_ids)
        pr = _Printer(options)
        story: list[Flowable] = []
        for indicator in chosen:
            if story:
                story.append(PageBreak())
            story += template_story(pr, data, indicator)
        title = f"รายละเอียดตัวชี้วัด ประจำปีงบประมาณ พ.ศ. {data.be_year} {data.unit_name}"
        return build_pdf(out, story, pr.styles, is_landscape=False, title=pr.text(title), on_page=on_page)
