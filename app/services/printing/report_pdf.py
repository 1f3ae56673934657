"""The indicator round report (รายงานผลตัวชี้วัด) as a PDF, like seed 001. A4 portrait.

Every page starts with the form's title and the round checkboxes of all the agreement's rounds,
this round ticked (seed 001 repeats them on each page). Then, in the seed's order: ชื่อตัวชี้วัด;
ผู้กำกับดูแลตัวชี้วัด and its phones beside ผู้จัดเก็บข้อมูล (numbered) and theirs; คำอธิบาย;
ข้อมูลผลการดำเนินงาน (what was done per score level); เกณฑ์การให้คะแนน; the calculation table
(weight, result, score, weighted score — from the scoring engine); คำชี้แจงการปฏิบัติงาน,
ปัจจัยสนับสนุน, อุปสรรค, ข้อเสนอแนะ (numbered when there are several lines); หลักฐานอ้างอิง (references
with their dates in Thai, links, then the attached files by name); ผลการเบิกจ่ายงบประมาณ; and the
preparer's "ลงชื่อ … ผู้จัดทำข้อมูล".

A round's file holds every indicator's report, each from a new page. An indicator whose report is
not started prints its form with the indicator's own parts filled (name, people, description,
criteria, weight) and dotted lines to fill by hand. Digits: Arabic by default, as seed 001 prints.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import BinaryIO, Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.services import reports, rounds, scoring
from app.services.errors import ValidationError
from app.services.money import format_money
from app.services.printing.agreement_pdf import _Printer, plain_number
from app.services.printing.blocks import Checkbox, checkbox_row, natural_width, signature_block
from app.services.printing.document import (PORTRAIT_MARGINS, PrintOptions, escape, gc_paused, numbered_canvas)
from app.services.printing.paragraph import ThaiParagraph, forget_layouts
from app.services.reports import ReportView
from app.services.thai_format import date_long

WHAT = "รายงานผลตัวชี้วัด"
HEADER_TOP = 1.4 * cm        # from the top of the page to the running header
HEADER_GAP = 0.35 * cm       # between the header and the body
LEVEL_COL = 2.3 * cm
BLANK_LINES = 2              # dotted lines under an empty heading of a form to fill by hand
_NUMBERED = re.compile(r"^\s*(\(?[0-9๐-๙]+[.)]|[-•■])\s*")


# ---- texts ----------------------------------------------------------------------------------
def form_title(view: ReportView) -> str:
    """"รายงานผลตัวชี้วัด…": the indicator's group when it is named like one (seed 001's
    "ตัวชี้วัดบทบาทภารกิจรายบุคคลด้าน…"), else the indicator's number."""
    category = (view.category or "").strip()
    if category.startswith("ตัวชี้วัด"):
        return "รายงานผล" + category
    number = (view.indicator.number or "").strip().rstrip(".")
    return f"{WHAT}ที่ {number}" if number else WHAT


def evidence_text(evidence: reports.EvidenceData) -> str:
    """"คำสั่ง… ที่ 2/2567 ลงวันที่ 16 มกราคม 2567 เรื่อง …", then the link (seed 001)."""
    parts = []
    if evidence.reference:
        parts.append(evidence.reference)
    if evidence.dated:
        parts.append(f"ลงวันที่ {date_long(evidence.dated, thai=False)}")
    text = " ".join(parts)
    text = f"{text} เรื่อง {evidence.title}" if text else evidence.title
    return f"{text} {evidence.link}" if evidence.link else text


def attachment_text(attachment: reports.AttachmentData) -> str:
    if attachment.title:
        return f"{attachment.title} (ไฟล์แนบ: {attachment.file_name})"
    return f"ไฟล์แนบ: {attachment.file_name}"


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def score_text(value: Decimal | None) -> str:
    return "" if value is None else plain_number(value)


def weighted_text(value: Decimal | None) -> str:
    """0.2500 → "0.25" (seed 001), 11.2500 → "11.25", 13 → "13.00", 0.1234 → "0.1234"."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def people_lines(people) -> list[str]:
    out = []
    for person in people:
        text = person.name
        if person.position and person.position != person.name:
            text += f" {person.position}"
        out.append(text)
    return out


def phones(people) -> list[str]:
    """Office (and mobile) numbers, each once: three collectors sharing one number print it once."""
    found = []
    for person in people:
        for number in (person.phone_office.strip(), person.phone_mobile.strip()):
            if number and number not in found:
                found.append(number)
    return found


# ---- the page header ----------------------------------------------------------------------------
class _HeaderMark(Flowable):
    """Invisible, at the end of a report: the pages that follow carry the next report's header.
    (The header is drawn when a page starts, so that it comes first when the text is copied.)"""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        self.canv._report_header = self.index


class _Form(_Printer):
    def __init__(self, options: PrintOptions):
        super().__init__(options)
        self.blank = "." * 1

    def rich(self, label: str, value: str, style: str = "body", **overrides) -> ThaiParagraph:
        """"<b>label :</b> value" in one paragraph (the value wraps under the label)."""
        base = self.styles[style]
        if overrides:
            from reportlab.lib.styles import ParagraphStyle

            base = ParagraphStyle(f"{style}+", parent=base, **overrides)
        text = f"<b>{escape(self.text(label))} :</b> {escape(self.text(value))}" if value else \
            f"<b>{escape(self.text(label))} :</b>"
        from app.services.thai_format import digits

        return ThaiParagraph(digits(text, self.thai), base)

    def dotted(self, lines: int = BLANK_LINES) -> list[Flowable]:
        dot = self.p(".")
        count = int(self.width / max(natural_width(dot), 1)) - 4
        return [self.p("." * count) for _ in range(lines)]

    def header(self, view: ReportView) -> Table:
        options = [(self.text(r.label), r.id == view.round.id) for r in view.rounds]
        boxes = checkbox_row(self.styles, options, style="body_bold")
        boxes_w = boxes.wrap(self.width, 1000)[0]
        if boxes_w > self.width * 0.5:
            boxes = checkbox_row(self.styles, options, style="body_bold", per_row=2)
            boxes_w = boxes.wrap(self.width, 1000)[0]
        title = self.p(form_title(view), "body_bold")
        table = Table([[title, boxes]], colWidths=[self.width - boxes_w - 8, boxes_w + 8],
                      style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        table.wrap(self.width, 1000)
        return table

    def heading(self, label: str, body: list[Flowable]) -> list[Flowable]:
        """A bold "label :" with its content under it, kept together with the first piece."""
        return [self.p(f"{label} :", "body_bold", spaceBefore=self.gap * 1.5, keepWithNext=1), *body]

    def numbered(self, texts: list[str]) -> list[Flowable]:
        """One item plain; several numbered 1. 2. … (unless they carry their own numbers)."""
        if len(texts) == 1:
            return [self.p(texts[0], leftIndent=self.indent)]
        if any(_NUMBERED.match(t) for t in texts):
            return [self.p(t, leftIndent=self.indent) for t in texts]
        width = max(natural_width(self.p(f"{n}. ")) for n in range(1, len(texts) + 1))
        return [self.hanging(f"{n}.", t, indent=width, leftIndent=self.indent)
                for n, t in enumerate(texts, start=1)]


# ---- one report ---------------------------------------------------------------------------------
def _people_table(f: _Form, view: ReportView) -> Table:
    indicator = view.indicator
    half = f.width / 2

    def cell(label: str, names: list[str], numbered: bool) -> list[Flowable]:
        if not names:
            return [f.rich(label, "")]
        if numbered and len(names) > 1:
            first = f.rich(label, f"1. {names[0]}")
            lead = natural_width(f.p(f"{label} : ", "body_bold"))
            return [first, *[f.p(f"{n}. {name}", leftIndent=lead) for n, name in enumerate(names[1:], start=2)]]
        return [f.rich(label, " ".join(names) if not numbered else names[0])]

    def phone(people) -> ThaiParagraph:
        return f.rich("เบอร์โทรศัพท์", ", ".join(phones(people)))

    data = [[cell("ผู้กำกับดูแลตัวชี้วัด", people_lines(indicator.supervisors), False),
             cell("ผู้จัดเก็บข้อมูล", people_lines(indicator.collectors), True)],
            [phone(indicator.supervisors), phone(indicator.collectors)]]
    return Table(data, colWidths=[half, half], hAlign="LEFT",
                 style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, 0), f.gap)]))


def _level_table(f: _Form, rows: list[tuple[str, str]]) -> Table:
    data = [[f.p("ระดับคะแนน", "head"), f.p("คำเป้าหมาย/รายละเอียดการดำเนินงาน", "head")]]
    data += [[f.p(level, "cell_center"), f.p(text, "cell")] for level, text in rows]
    table = f.grid(data, [LEVEL_COL, f.width - LEVEL_COL])
    table.spaceBefore = f.gap * 0.6
    return table


def _levels_done_rows(view: ReportView) -> list[tuple[str, str]]:
    levels = [label for label, _ in view.criteria] if view.criteria and view.criteria[0][0] else []
    count = max(len(levels), len(view.levels_done)) or len(scoring.SCALE_1_5)
    rows = []
    for index in range(count):
        label = levels[index] if index < len(levels) else str(index + 1)
        done = view.levels_done[index].strip() if index < len(view.levels_done) else ""
        rows.append((label, f"- {done}" if done and not _NUMBERED.match(done) else done))
    return rows


def _calculation(f: _Form, view: ReportView) -> list[Flowable]:
    heads = ["ชื่อตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "ผลการดำเนินงาน", "ค่าคะแนนที่ได้", "ค่าคะแนนถ่วงน้ำหนัก"]
    number_w = 2.5 * cm
    widths = [f.width - 4 * number_w] + [number_w] * 4
    name = view.indicator.name
    number = (view.indicator.number or "").strip()
    if number and not form_title(view).endswith(number.rstrip(".")):
        name = f"{number} {name}" if number.endswith((".", ")")) else f"{number}. {name}"
    row = [f.p(name, "cell"), f.p(plain_number(view.indicator.weight), "cell_center"),
           f.p(view.result_text, "cell_center"), f.p(score_text(view.score), "cell_center"),
           f.p(weighted_text(view.weighted), "cell_center")]
    table = f.grid([[f.p(h, "head") for h in heads], row], widths)
    table.spaceBefore = f.gap * 0.6
    story: list[Flowable] = [table]
    if view.deduct and view.indicator.deduction_points:
        story.append(f.p(f"หมายเหตุ: หักคะแนน {plain_number(view.indicator.deduction_points)} คะแนน "
                         "ตามเงื่อนไขของรอบ (ดำเนินการไม่ครบทุกขั้นตอน)", "cell", spaceBefore=f.gap * 0.5))
    return story


def _round_steps(f: _Form, view: ReportView) -> list[Flowable]:
    """The round target's goal and steps, each with ☑ when reported done (round_report.round_steps),
    for indicators scored by steps; nothing when the round has no steps."""
    target = view.round_target
    if view.mode != "steps" or target is None or not target.steps:
        return []
    ticks = list(view.round_steps) + [False] * len(target.steps)
    box = Checkbox(False, f.styles["body"]).wrap(0, 0)[0] + 6
    rows = [[Checkbox(bool(ticks[n]), f.styles["body"]), f.p(f"ขั้นตอนที่ {n + 1} {step}", "body")]
            for n, step in enumerate(target.steps)]
    table = Table(rows, colWidths=[f.indent + box, f.width - f.indent - box], hAlign="LEFT",
                  style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                    ("LEFTPADDING", (0, 0), (0, -1), f.indent)]))
    body: list[Flowable] = [f.p(f"เป้าหมาย: {target.goal}", leftIndent=f.indent)] if target.goal else []
    return f.heading("ขั้นตอนการดำเนินงานของรอบนี้", [*body, table])


def _text_section(f: _Form, view: ReportView, label: str, text: str) -> list[Flowable]:
    items = lines_of(text)
    if items:
        body = f.numbered(items)
    elif view.id is None:
        body = [*(d for d in f.dotted())]
    else:
        body = [f.p("-", leftIndent=f.indent)]
    return f.heading(label, body)


def _evidence(f: _Form, view: ReportView) -> list[Flowable]:
    texts = [evidence_text(e) for e in view.evidence] + [attachment_text(a) for a in view.attachments]
    if not texts:
        return f.heading("หลักฐานอ้างอิง", f.dotted() if view.id is None else [f.p("-", leftIndent=f.indent)])
    width = max(natural_width(f.p(f"{n}. ")) for n in range(1, len(texts) + 1))
    return f.heading("หลักฐานอ้างอิง", [f.hanging(f"{n}.", t, indent=width, leftIndent=f.indent)
                                          for n, t in enumerate(texts, start=1)])


def report_story(f: _Form, view: ReportView) -> list[Flowable]:
    indicator = view.indicator
    story: list[Flowable] = [
        f.rich("ชื่อตัวชี้วัด", indicator.name),
        _people_table(f, view),
        f.rich("คำอธิบาย", indicator.description.strip() or "-", spaceBefore=f.gap * 1.5),
    ]
    story += f.heading("ข้อมูลผลการดำเนินงาน", [_level_table(f, _levels_done_rows(view))])
    criteria = list(view.criteria) or [(str(n), "") for n in range(1, 6)]
    if len(criteria) == 1 and not criteria[0][0]:
        story += f.heading("เกณฑ์การให้คะแนน", f.numbered(lines_of(criteria[0][1])))
    else:
        story += f.heading("เกณฑ์การให้คะแนน", [_level_table(f, criteria)])
    story += f.heading("การคำนวณคะแนนจากผลการดำเนินงาน", _calculation(f, view))
    story += _round_steps(f, view)
    story += _text_section(f, view, "คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ", view.actions)
    story += _text_section(f, view, "ปัจจัยสนับสนุนต่อการดำเนินงาน", view.supporting_factors)
    story += _text_section(f, view, "อุปสรรคต่อการดำเนินงาน", view.obstacles)
    story += _text_section(f, view, "ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป", view.suggestions)
    story += _evidence(f, view)
    budget = f"{format_money(view.budget_disbursed)} บาท" if view.budget_disbursed is not None else \
        ("" if view.id is None else "-")
    story.append(f.rich("ผลการเบิกจ่ายงบประมาณ", budget, spaceBefore=f.gap * 1.5))
    if view.id is None:
        story += f.dotted(1)
    story.append(Spacer(1, f.gap * 2))
    story.append(signature_block(f.styles, f.text(view.preparer_name),
                                 f.text(f"ตำแหน่ง {view.preparer_position}" if view.preparer_position else ""),
                                 view.prepared_on, role_label="ผู้จัดทำข้อมูล"))
    return story


# ---- documents ------------------------------------------------------------------------------------
def _build(out, views: list[ReportView], options: PrintOptions, title: str,
           on_page: Callable[[int], None] | None = None) -> int:
    f = _Form(options)
    headers = [f.header(view) for view in views]
    header_h = max(h._height for h in headers)
    page_w, page_h = A4
    left, right, top, bottom = PORTRAIT_MARGINS
    frame_top = page_h - HEADER_TOP - header_h - HEADER_GAP
    frame = Frame(left, bottom, page_w - left - right, frame_top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def page_start(canvas, doc):
        header = headers[getattr(canvas, "_report_header", 0)]
        header.drawOn(canvas, left, page_h - HEADER_TOP - header._height)

    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=page_h - frame_top,
                          bottomMargin=bottom, title=f.text(title), author="PlanDesk", creator="PlanDesk")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page_start)])
    story: list[Flowable] = []
    for index, view in enumerate(views):
        if story:
            story += [_HeaderMark(index), PageBreak()]
        story += report_story(f, view)
    pages: list[int] = []
    try:
        with gc_paused():
            doc.build(story, canvasmaker=numbered_canvas(f.styles, lambda n: (pages.append(n),
                                                                                 on_page and on_page(n))))
    finally:
        forget_layouts()
    return len(pages)


def write_report_pdf(session: Session, report_id: int, out: str | BinaryIO,
                     options: PrintOptions = PrintOptions(), on_page: Callable[[int], None] | None = None) -> int:
    """One indicator's round report; returns the page count."""
    view = reports.load_report(session, report_id)
    title = f"{form_title(view)} {view.round.label} ปีงบประมาณ พ.ศ. {view.be_year}"
    return _build(out, [view], options, title, on_page)


def _matches(number: str, wanted: str) -> bool:
    key = lambda text: re.sub(r"\s+", "", text).rstrip(".").translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))  # noqa: E731
    return key(number) == key(wanted)


def write_round_reports_pdf(session: Session, round_id: int, out: str | BinaryIO,
                            options: PrintOptions = PrintOptions(), indicator_number: str | None = None,
                            on_page: Callable[[int], None] | None = None) -> int:
    """Every indicator's report of the round (or the one numbered `indicator_number`), each from a
    new page; indicators not started print their form to fill by hand. Returns the page count."""
    views = reports.round_views(session, round_id)
    if not views:
        raise ValidationError("คำรับรองของรอบนี้ยังไม่มีตัวชี้วัด จึงยังไม่มีรายงานให้พิมพ์")
    if indicator_number is not None and str(indicator_number).strip():
        chosen = [v for v in views if _matches(v.indicator.number or "", str(indicator_number))]
        if not chosen:
            known = ", ".join(v.indicator.number for v in views if v.indicator.number) or "(ตัวชี้วัดไม่มีเลขที่)"
            raise ValidationError(f"ไม่พบตัวชี้วัดเลขที่ “{indicator_number}” ใน{views[0].round.label} "
                                  f"ของ{views[0].unit_name} — ตัวชี้วัดที่มี: {known}")
        views = chosen
    first = views[0]
    title = f"{WHAT} {first.round.label} ปีงบประมาณ พ.ศ. {first.be_year} {first.unit_name}"
    return _build(out, views, options, title, on_page)


def export_round_reports(session: Session, args, thai_digits: bool | None) -> tuple[bytes, int, str]:
    """`plandesk export round-reports --year BE --round NAME [--unit U] [--indicator N]`."""
    if not getattr(args, "year", None):
        raise ValidationError("ต้องระบุปีงบประมาณ พ.ศ. ด้วย --year เช่น --year 2567")
    if not (getattr(args, "round", None) or "").strip():
        raise ValidationError("ต้องระบุรอบด้วย --round เช่น --round \"รอบ 6 เดือน\"")
    round_id = rounds.find_round(session, args.year, args.round, getattr(args, "unit", None))
    options = PrintOptions(thai_digits=bool(thai_digits), prefer_th_sarabun=not getattr(args, "bundled_font", False))
    buffer = io.BytesIO()
    pages = write_round_reports_pdf(session, round_id, buffer, options, getattr(args, "indicator", None))
    return buffer.getvalue(), pages, WHAT
