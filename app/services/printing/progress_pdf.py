"""The plan progress report as a PDF, like seed 003's first table: A4 landscape, the title and
the round line, then ที่ | แผนงาน/โครงการ/กิจกรรม | เป้าหมาย | ผลการดำเนินงาน | ระยะเวลา (แผนที่กำหนด,
ระยะเวลาที่ดำเนินการ) | สถานะการดำเนินการ (two checkbox pairs), measures as bold rows across the
table, the two header rows repeated on every page. Seed 003 prints Arabic digits in the table."""
from __future__ import annotations

import datetime as dt
import io
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.services import fiscal, plans, progress
from app.services.errors import ValidationError
from app.services.printing.blocks import checkbox_row, natural_width
from app.services.printing.document import PrintOptions, Styles, build_pdf, frame_width, gc_paused, make_styles
from app.services.progress import DONE_LABELS, TARGET_LABELS, ProgressReport, ProgressRow

WHAT = "รายงานผลการดำเนินงานตามแผน"
PAD = 3.0
HEADER_ROWS = 2
HEAD_BG = colors.HexColor("#e8e8e8")
MEASURE_BG = colors.HexColor("#f3f3f3")
# Shares of the width left after the number, period and status columns.
TEXT_SHARES = {"title": 0.38, "target": 0.12, "result": 0.50}


def report_title(plan_title: str) -> str:
    """"รายงานผลการดำเนินงานตามแผนขับเคลื่อน…" (a plan whose title does not say แผน gets the word)."""
    title = plan_title.strip()
    return f"รายงานผลการดำเนินงานตาม{title}" if title.startswith("แผน") else f"{WHAT} {title}"


def round_line(period_label: str, as_of: dt.date | None) -> str:
    """"รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567) ประจำเดือนมีนาคม 2567" from its two parts."""
    parts = [period_label.strip()] if period_label and period_label.strip() else []
    if as_of is not None:
        parts.append(f"ประจำเดือน{fiscal.MONTH_FULL[as_of.month - 1]} {fiscal.to_be(as_of.year)}")
    return " ".join(parts)


def status_options(row: ProgressRow) -> list[tuple[str, bool]]:
    """The two pairs; a status not stated leaves both boxes of its pair empty."""
    return [(DONE_LABELS[0], row.done is True), (DONE_LABELS[1], row.done is False),
            (TARGET_LABELS[0], row.on_target is True), (TARGET_LABELS[1], row.on_target is False)]


def _widths(styles: Styles, report: ProgressReport, available: float) -> list[float]:
    cell = styles["cell"]

    def widest(texts, style) -> float:
        return max((natural_width(styles.para(t, style)) for t in texts), default=0.0) + 2 * PAD

    number_w = max(widest([str(r.number) for r in report.rows] + ["ที่"], "cell_center"), 22.0)
    period_w = max(widest(["ต.ค.66 - ก.ค.67"], "cell_center") * 0.62, widest(["แผนที่กำหนด"], "head"), 52.0)
    status_w = widest(TARGET_LABELS, "cell") + cell.fontSize * 1.2
    rest = available - number_w - 2 * period_w - status_w
    return [number_w, rest * TEXT_SHARES["title"], rest * TEXT_SHARES["target"], rest * TEXT_SHARES["result"],
            period_w, period_w, status_w]


def _fit_period(styles: Styles, text: str, width: float) -> str:
    """A period too wide for its column breaks after the dash, never inside "ก.ค.67"."""
    if natural_width(styles.para(text, "cell_center")) <= width - 2 * PAD:
        return text
    return text.replace(" - ", " -\n")


def _header(styles: Styles) -> tuple[list[list], list[tuple]]:
    head = lambda text: styles.para(text, "head")  # noqa: E731
    row0 = [head("ที่"), head("แผนงาน/โครงการ/กิจกรรม"), head("เป้าหมาย (จำนวน) / หน่วยนับ"),
            head("ผลการดำเนินงานตามแผนงาน/โครงการ/กิจกรรม"), head("ระยะเวลา"), "", head("สถานะการดำเนินการ")]
    row1 = ["", "", "", "", head("แผนที่กำหนด"), head("ระยะเวลาที่ดำเนินการ"), ""]
    spans = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 3, 6)] + [("SPAN", (4, 0), (5, 0))]
    return [row0, row1], spans


def _table(styles: Styles, report: ProgressReport, width: float) -> Table:
    widths = _widths(styles, report, width)
    data, commands = _header(styles)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, HEADER_ROWS - 1), HEAD_BG),
                ("VALIGN", (0, 0), (-1, HEADER_ROWS - 1), "MIDDLE"),
                ("VALIGN", (0, HEADER_ROWS), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.0)] + commands
    for measure in report.measures:
        if measure.label:
            r = len(data)
            data.append([styles.para(measure.label, "cell_bold")] + [""] * 6)
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), MEASURE_BG)]
        for row in measure.rows:
            data.append([
                styles.para(str(row.number), "cell_center"),
                styles.para(row.title, "cell"),
                styles.para(row.target_text or "-", "cell_center"),
                styles.para(row.result, "cell"),
                styles.para(_fit_period(styles, row.planned_period, widths[4]), "cell_center"),
                styles.para(_fit_period(styles, row.actual_period, widths[5]), "cell_center"),
                checkbox_row(styles, status_options(row), style="cell", per_row=1),
            ])
    if len(data) == HEADER_ROWS:
        r = len(data)
        data.append([styles.para("ยังไม่มีกิจกรรมในแผนนี้ — เพิ่มกิจกรรมใต้หัวข้อมาตรการในแผนก่อน", "cell_center")]
                    + [""] * 6)
        commands.append(("SPAN", (0, r), (-1, r)))
    return Table(data, colWidths=widths, repeatRows=HEADER_ROWS, splitInRow=1, style=TableStyle(commands),
                 hAlign="CENTER")


def progress_story(session: Session, plan_id: int, styles: Styles, period_label: str = "",
                   as_of: dt.date | None = None, attachment: str = "") -> list:
    """The report's flowables (a round bundle may put several plans in one file)."""
    report = progress.load_progress(session, plan_id)
    story = []
    if attachment.strip():
        story.append(styles.para(attachment.strip(), "body", alignment=TA_RIGHT))
    story.append(styles.para(report_title(report.info.title), "title", spaceAfter=0))
    line = round_line(period_label, as_of)
    if line:
        story.append(styles.para(line, "body_bold", alignment=TA_CENTER))
    story.append(Spacer(1, styles["body"].fontSize * 0.5))
    story.append(_table(styles, report, frame_width(True)))
    return story


def write_progress_pdf(session: Session, plan_id: int, fh: str | BinaryIO, options: PrintOptions = PrintOptions(),
                       period_label: str = "", as_of: dt.date | None = None, attachment: str = "") -> int:
    """Write the plan's progress report (A4 landscape); returns the number of pages."""
    with gc_paused():
        styles = make_styles(options, body_pt=16)
        story = progress_story(session, plan_id, styles, period_label, as_of, attachment)
        title = report_title(plans.plan_info(session, plan_id).title)
        return build_pdf(fh, story, styles, is_landscape=True, title=title)


def find_progress_plan(session: Session, be_year: int, unit: str | None = None, plan_id: int | None = None) -> int:
    """Like plan_pdf.find_plan; when a year has several plans and only one of them has progress
    recorded, that one is meant."""
    from app.services.printing.plan_pdf import find_plan

    try:
        return find_plan(session, be_year, unit, plan_id)
    except ValidationError:
        candidates = [p for p in plans.list_plans(session) if p.be_year == be_year
                      and (plan_id is None or p.id == plan_id)
                      and (not unit or p.unit_name in plans.unit_names_matching(session, unit))]
        with_progress = [p.id for p in candidates if progress.has_progress(session, p.id)]
        if len(candidates) > 1 and len(with_progress) == 1:
            return with_progress[0]
        raise


def export_progress(session: Session, args, thai_digits: bool | None) -> tuple[bytes, int, str]:
    """`plandesk export progress --year BE [--unit U | --plan ID] [--round "รอบ …"]`: --round is the
    report's round line as free text (a plan is not tied to an agreement's rounds)."""
    plan_id = find_progress_plan(session, args.year, args.unit, args.plan)
    options = PrintOptions(thai_digits=bool(thai_digits), prefer_th_sarabun=not getattr(args, "bundled_font", False))
    buffer = io.BytesIO()
    pages = write_progress_pdf(session, plan_id, buffer, options, period_label=getattr(args, "round", None) or "",
                               as_of=getattr(args, "as_of", None))
    return buffer.getvalue(), pages, WHAT
