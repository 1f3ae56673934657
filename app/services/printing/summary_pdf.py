"""The round summary as a portrait A4 PDF: title, the table of every indicator with the previous
round beside it and the total, then the bar chart of scores (issue 5, "Round summary").

Arabic digits by default (a working table, like seed 001); PrintOptions(thai_digits=True) for ๐–๙.
"""
from __future__ import annotations

import io
from decimal import Decimal
from typing import BinaryIO, Callable

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.services import round_summary
from app.services.printing.charts import ChartRow, ScoreBarChart
from app.services.printing.document import PrintOptions, Styles, build_pdf, frame_width, gc_paused, make_styles
from app.services.round_summary import RoundSummary, SummaryRow, signed
from app.services.thai_format import date_long

_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
HEAD_BG = colors.HexColor("#e8e8e8")
TOTAL_BG = colors.HexColor("#f3f3f3")
PAD = 3.0
HEADERS = ("ตัวชี้วัด", "น้ำหนัก", "ผลการดำเนินงาน", "คะแนนที่ได้", "คะแนนถ่วงน้ำหนัก", "รอบก่อน", "เปลี่ยนแปลง")
SHARES = (0.35, 0.08, 0.15, 0.10, 0.12, 0.09, 0.11)
WHAT = "สรุปผลคะแนนรอบ"


def score_text(value: Decimal | None) -> str:
    """At least 2 decimals, up to the 4 the engine keeps: 2.50, 2.4583; "-" when there is none."""
    if value is None:
        return "-"
    text = f"{value.quantize(Decimal('0.0001')):,.4f}"
    while text.endswith("0") and len(text.rsplit(".", 1)[1]) > 2:
        text = text[:-1]
    return text


def weighted_text(value: Decimal | None) -> str:
    """Weighted scores always with the engine's 4 decimals (0.6250)."""
    return "-" if value is None else f"{value:,.4f}"


def weight_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else f"{value:.2f}"


def title_lines(summary: RoundSummary) -> list[str]:
    unit = summary.unit_name + (f" {summary.parent_unit_name}" if summary.parent_unit_name else "")
    period = f"{date_long(summary.start, thai=False)} - {date_long(summary.cutoff, thai=False)}"
    return ["สรุปผลคะแนนการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ", unit,
            f"ประจำปีงบประมาณ พ.ศ. {summary.be_year} {summary.label} ({period})"]


class DocStyles:
    """The document's styles, with every text's digits as the document wants them (round labels
    are typed "รอบ ๕ เดือนแรก"; an Arabic-digit summary prints "รอบ 5 เดือนแรก")."""

    def __init__(self, styles: Styles):
        self.styles = styles
        self.thai = styles.thai_digits

    def __getitem__(self, name):
        return self.styles[name]

    def text(self, text: str) -> str:
        return text if self.thai else text.translate(_TO_ARABIC)

    def para(self, text: str, style: str = "body", **overrides):
        return self.styles.para(self.text(text), style, **overrides)


def _row_cells(styles: DocStyles, row: SummaryRow) -> list:
    current, previous = row.current, row.previous
    result = current.result or "-"
    if current.missing:
        result = current.missing if current.state == round_summary.NO_REPORT else f"{result} ({current.missing})"
    score = [styles.para(score_text(current.final_score), "cell_right")]
    if current.score_after is not None:
        score.append(styles.para(f"หลังอุทธรณ์ (เดิม {score_text(current.score)})", "small"))
    previous_text = "-" if previous is None else score_text(previous.final_score)
    return [styles.para(f"{row.number} {row.name}", "cell"), styles.para(weight_text(row.weight), "cell_right"),
            styles.para(result, "cell"), score, styles.para(weighted_text(current.final_weighted), "cell_right"),
            styles.para(previous_text, "cell_right"), styles.para(signed(row.change), "cell_right")]


def summary_table(styles: DocStyles, summary: RoundSummary, width: float) -> Table:
    widths = [width * s for s in SHARES]
    data = [[styles.para(h, "head") for h in HEADERS]]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    categories = list(dict.fromkeys(r.category for r in summary.rows))
    category = None
    for row in summary.rows:
        if len(categories) > 1 and row.category != category:
            category = row.category
            data.append([styles.para(category, "cell_bold")] + [""] * (len(HEADERS) - 1))
            commands.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
        data.append(_row_cells(styles, row))
    previous_total = weighted_text(summary.previous_total)
    data.append([styles.para("คะแนนรวม", "cell_bold"), styles.para(weight_text(summary.total_weight), "cell_right_bold"),
                 "", "", styles.para(weighted_text(summary.total), "cell_right_bold"),
                 styles.para(previous_total, "cell_right_bold"),
                 styles.para(signed(summary.total_change, 4), "cell_right_bold")])
    last = len(data) - 1
    commands += [("BACKGROUND", (0, last), (-1, last), TOTAL_BG), ("SPAN", (2, last), (3, last))]
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(commands), hAlign="LEFT")


def chart_rows(summary: RoundSummary, styles: DocStyles) -> list[ChartRow]:
    return [ChartRow(styles.text(f"{r.number} {r.name}"), r.current.final_score,
                     r.previous.final_score if r.previous is not None else None) for r in summary.rows]


def summary_story(summary: RoundSummary, base: Styles) -> list[Flowable]:
    styles = DocStyles(base)
    width = frame_width(False)
    story: list[Flowable] = [styles.para(line, "title", spaceAfter=0) for line in title_lines(summary)]
    story.append(Spacer(1, styles["body"].leading * 0.6))
    story.append(summary_table(styles, summary, width))
    notes = []
    if summary.total_note():
        notes.append(summary.total_note())
    if summary.previous_label:
        notes.append(f"รอบก่อน = {summary.previous_label}; เปลี่ยนแปลง = คะแนนที่ได้รอบนี้ลบคะแนนรอบก่อน")
    if any(r.current.score_after is not None for r in summary.rows):
        notes.append("คะแนนที่ได้ของตัวชี้วัดที่มีการอุทธรณ์เป็นคะแนนหลังการอุทธรณ์")
    story += [styles.para(n, "small", spaceBefore=2) for n in notes]
    story += [Spacer(1, styles["body"].leading * 0.8), CondPageBreak(styles["body"].leading * 8),
              styles.para("กราฟคะแนนรายตัวชี้วัด", "body_bold", spaceAfter=4),
              ScoreBarChart(base, chart_rows(summary, styles), summary.scale_max, styles.text(summary.label),
                            styles.text(summary.previous_label) if summary.previous_label else None)]
    return story


def write_summary_pdf(session: Session, round_id: int, out: str | BinaryIO,
                      options: PrintOptions = PrintOptions(), on_page: Callable[[int], None] | None = None) -> int:
    """The round summary to a path or binary stream; returns the page count."""
    with gc_paused():
        summary = round_summary.summarize(session, round_id)
        styles = make_styles(options)
        title = DocStyles(styles).text(" ".join(title_lines(summary)[:1] + [summary.unit_name, str(summary.be_year),
                                                                            summary.label]))
        return build_pdf(out, summary_story(summary, styles), styles, is_landscape=False, title=title,
                         on_page=on_page)


def export_round_summary(session: Session, args, thai_digits: bool | None) -> tuple[bytes, int, str]:
    """CLI `plandesk export round-summary --year --round [--unit]`."""
    from app.services.rounds import find_round

    if not getattr(args, "round", None):
        from app.services.errors import ValidationError

        raise ValidationError("กรุณาระบุรอบด้วย --round เช่น --round \"รอบ 6 เดือน\"")
    round_id = find_round(session, args.year, args.round, getattr(args, "unit", None))
    options = PrintOptions(thai_digits=bool(thai_digits),
                           prefer_th_sarabun=not getattr(args, "bundled_font", False))
    buffer = io.BytesIO()
    pages = write_summary_pdf(session, round_id, buffer, options)
    return buffer.getvalue(), pages, WHAT
