"""Strategy results by dimension as a PDF, like seed 004: the overview table first (A4 landscape, the
two header rows repeated on every page, dimension/CSF/project cells merged over their rows, the
scorecard total and the counts at the end), then one form per KPI (landscape too: the seed's wide
กิจกรรม | หน่วยนับ | ระดับค่าเป้าหมาย ๑–๕ | ผลการดำเนินงาน | รายละเอียด | ผลการเบิกจ่ายงบประมาณ table) with
the round checkboxes, the steps, the formula (or the milestone ✓ matrix), remarks and the preparer.
Seed 004 prints Thai digits, so the command line defaults to them."""
from __future__ import annotations

import io
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.services import strategy
from app.services.money import format_money
from app.services.printing.blocks import Checkbox, checkbox_row, natural_width
from app.services.printing.document import PrintOptions, Styles, build_pdf, frame_width, gc_paused, make_styles
from app.services.thai_format import date_long, thai_digits

WHAT = "ผลการดำเนินงานตามแผนกลยุทธ์"
PAD = 2.5
HEADER_ROWS = 2
HEAD_BG = colors.HexColor("#e8e8e8")
TOTAL_BG = colors.HexColor("#f3f3f3")


def plan_heading(plan: strategy.StrategyPlanData) -> str:
    """"แผนกลยุทธ์การบริหารทรัพยากรบุคคล กรมส่งเสริมสหกรณ์ ปีงบประมาณ พ.ศ. 2566" (the forms' first line)."""
    return f"{plan.title} {plan.unit_name} ปีงบประมาณ พ.ศ. {plan.be_year}"


def overview_title(plan: strategy.StrategyPlanData, round_: strategy.RoundData) -> str:
    """The overview's title with the round's period, as seed 004 writes it."""
    months = f" {round_.months} เดือน" if round_.months else f" {round_.label}"
    return (f"ผลการดำเนินงานตาม{plan.title} {plan.unit_name} ปีงบประมาณ พ.ศ. {plan.be_year} "
            f"({date_long(round_.start, thai=False)} ถึง {date_long(round_.cutoff, thai=False)}){months}")


def score_text(row: strategy.OverviewRow) -> str:
    """ผลงานตามระดับค่าเป้าหมาย: the level reached, or the words of a result not known yet (never a typed 0)."""
    if row.score is None:
        return row.result.result if row.result.not_known else "-"
    return strategy.fmt_points(row.score)


def _number(value: Decimal) -> str:
    return strategy.fmt_points(value)


# ---- the overview ---------------------------------------------------------------------------------
def _overview_widths(available: float) -> list[float]:
    target, weight, points, budget, level = 23.0, 25.0, 31.0, 70.0, 62.0
    fixed = 5 * target + 3 * weight + 3 * points + budget + level
    rest = available - fixed
    return ([rest * 0.14, rest * 0.22, rest * 0.24, rest * 0.40] + [target] * 5 + [weight] * 3 + [points] * 3
            + [budget, level])


def _overview_header(styles: Styles) -> tuple[list[list], list[tuple]]:
    head = lambda text: styles.para(text, "head")  # noqa: E731
    row0 = [head("มิติ"), head("เป้าประสงค์ (CSF)"), head("แผนงาน/โครงการ"), head("KPI"), head("ระดับเป้าหมาย"),
            "", "", "", "", head("น้ำหนัก"), "", "", head("ร้อยละของคะแนนที่ได้หลังจากถ่วงน้ำหนัก"), "", "",
            head("งบประมาณ"), head("ผลงานตามระดับค่าเป้าหมาย")]
    row1 = ["", "", "", ""] + [head(str(i)) for i in range(1, 6)] + [head("KPIs"), head("CSFs"), head("มิติ")] * 2 \
        + ["", ""]
    spans = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 3, 15, 16)]
    spans += [("SPAN", (4, 0), (8, 0)), ("SPAN", (9, 0), (11, 0)), ("SPAN", (12, 0), (14, 0))]
    return [row0, row1], spans


def _overview_table(styles: Styles, view: strategy.Overview, width: float) -> Table:
    data, spans = _overview_header(styles)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, HEADER_ROWS - 1), HEAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("VALIGN", (0, HEADER_ROWS), (3, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.0)] + spans
    cell, center = (lambda t: styles.para(t, "cell")), (lambda t: styles.para(t, "cell_center"))
    kpi_index = 0
    for dim in view.plan.dimensions:
        dim_start = len(data)
        for goal in dim.goals:
            goal_start = len(data)
            for project in goal.projects:
                project_start = len(data)
                for kpi in project.kpis:
                    row = view.rows[kpi_index]
                    kpi_index += 1
                    owner = f" ({kpi.owner})" if kpi.owner else ""
                    data.append([
                        cell(f"{dim.number}. {dim.name}") if len(data) == dim_start else "",
                        cell(f"{goal.number}. {goal.name}") if len(data) == goal_start else "",
                        cell(f"{project.number}. {project.name}") if len(data) == project_start else "",
                        cell(f"{kpi.number} {kpi.name}{owner} ({kpi_index})"),
                        *[center(t) for t in kpi.targets],
                        center(_number(kpi.weight)),
                        center(_number(goal.weight)) if len(data) == goal_start else "",
                        center(_number(dim.weight)) if len(data) == dim_start else "",
                        center(_number(row.points)),
                        center(_number(view.goal_points[goal.id])) if len(data) == goal_start else "",
                        center(_number(view.dimension_points[dim.id])) if len(data) == dim_start else "",
                        center(row.result.budget_text or "-"),
                        center(score_text(row)),
                    ])
                if not project.kpis:
                    data.append([""] * 2 + [cell(f"{project.number}. {project.name}")] + [""] * 14)
                commands.append(("SPAN", (2, project_start), (2, len(data) - 1)))
            if len(data) == goal_start:
                data.append(["", cell(f"{goal.number}. {goal.name}")] + [""] * 15)
            for column in (1, 10, 13):
                commands.append(("SPAN", (column, goal_start), (column, len(data) - 1)))
        if len(data) == dim_start:
            data.append([cell(f"{dim.number}. {dim.name}")] + [""] * 16)
        for column in (0, 11, 14):
            commands.append(("SPAN", (column, dim_start), (column, len(data) - 1)))
    total_row = len(data)
    label = f"คะแนน{view.plan.scorecard_name or 'รวม'} (เต็ม 100 คะแนน)"
    data.append([styles.para(label, "cell_bold")] + [""] * 13 + [styles.para(_number(view.total_2dp), "cell_bold",
                                                                              alignment=TA_CENTER), "", ""])
    dims, goals, projects, kpis = view.counts()
    data.append([styles.para(f"รวมทั้งสิ้น {dims} มิติ {goals} CSF {projects} แผนงาน/โครงการ {kpis} ตัวชี้วัด",
                             "cell_bold")] + [""] * 16)
    commands += [("SPAN", (0, total_row), (13, total_row)), ("SPAN", (14, total_row), (16, total_row)),
                 ("SPAN", (0, total_row + 1), (-1, total_row + 1)),
                 ("NOSPLIT", (0, max(HEADER_ROWS, total_row - 1)), (-1, total_row + 1)),
                 ("BACKGROUND", (0, total_row), (-1, total_row + 1), TOTAL_BG)]
    return Table(data, colWidths=_overview_widths(width), repeatRows=HEADER_ROWS, style=TableStyle(commands),
                 hAlign="CENTER")


def overview_story(styles: Styles, view: strategy.Overview) -> list:
    story = [styles.para(overview_title(view.plan, view.round), "title")]
    if view.problems:
        story.append(styles.para("หมายเหตุ: " + "; ".join(view.problems), "small"))
    story.append(_overview_table(styles, view, frame_width(True)))
    return story


# ---- one form per KPI -----------------------------------------------------------------------------
class Tick(Flowable):
    """✓ drawn as two strokes (the bundled fonts have no check-mark glyph)."""

    def __init__(self, size: float):
        super().__init__()
        self.size = size

    def wrap(self, availWidth, availHeight):
        return self.size, self.size

    def draw(self):
        s = self.size
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(max(0.8, s * 0.12))
        canvas.setLineCap(1)
        path = canvas.beginPath()
        path.moveTo(s * 0.1, s * 0.5)
        path.lineTo(s * 0.4, s * 0.15)
        path.lineTo(s * 0.95, s * 0.9)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()


def milestone_matrix(styles: Styles, steps: int) -> Table:
    """ระดับคะแนน × ขั้นตอนที่ 1…N with ✓ where a level needs the step (seed 004 KPI 1.3)."""
    head = lambda text: styles.para(text, "head")  # noqa: E731
    data = [[head("ระดับคะแนน"), head("ระดับขั้นความสำเร็จ (Milestone)")] + [""] * (steps - 1),
            [""] + [head(f"ขั้นตอนที่ {i}") for i in range(1, steps + 1)]]
    tick = styles["cell"].fontSize * 0.8
    for level in range(1, steps + 1):
        data.append([styles.para(str(level), "cell_center")] + [Tick(tick) if i < level else "" for i in range(steps)])
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 1), HEAD_BG)]
    step_w = natural_width(styles.para("ขั้นตอนที่ 5", "head")) + 2 * PAD + 12
    return Table(data, colWidths=[step_w * 0.9] + [step_w] * steps, style=TableStyle(commands), hAlign="LEFT")


def _form_widths(available: float) -> list[float]:
    target = 26.0
    unit, result, budget = 56.0, 76.0, 84.0
    rest = available - 5 * target - unit - result - budget
    return [rest * 0.50, unit] + [target] * 5 + [result, rest * 0.50, budget]


def kpi_result_text(kpi: strategy.KpiData, result: strategy.ResultData) -> str:
    if result.result:
        return result.result
    if kpi.milestones and result.score is not None:
        return strategy.fmt_points(result.score)
    return "-"


def kpi_form(styles: Styles, plan: strategy.StrategyPlanData, round_: strategy.RoundData,
             dim: strategy.DimensionData, project: strategy.ProjectData, kpi: strategy.KpiData,
             result: strategy.ResultData) -> list:
    bold = lambda t: styles.para(t, "body_bold")  # noqa: E731
    story = [styles.para(plan_heading(plan), "title"),
             bold(f"มิติที่ {dim.number} : {dim.name}"),
             bold(f"แผนงาน/โครงการ : {project.name}")]
    boxes = checkbox_row(styles, [(r.label, r.id == round_.id) for r in plan.rounds], style="body")
    label = bold("ระยะเวลา :")
    story.append(Table([[label, boxes]], colWidths=[natural_width(label) + 8, boxes.wrap(frame_width(True), 100)[0]],
                       style=TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, 0), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]), hAlign="LEFT"))
    if kpi.reporting_unit:
        story.append(bold(f"ชื่อหน่วยงาน {kpi.reporting_unit}"))
    story.append(Spacer(1, styles["body"].fontSize * 0.3))
    head = lambda text: styles.para(text, "head")  # noqa: E731
    cell, center = (lambda t: styles.para(t, "cell")), (lambda t: styles.para(t, "cell_center"))
    data = [[head("กิจกรรม"), head("หน่วยนับ"), head("ระดับค่าเป้าหมาย"), "", "", "", "", head("ผลการดำเนินงาน"),
             head("รายละเอียดผลการดำเนินงาน"), head("ผลการเบิกจ่ายงบประมาณ")],
            ["", ""] + [head(str(i)) for i in range(1, 6)] + ["", "", ""]]
    owner = f" ({kpi.owner})" if kpi.owner else ""
    budget = format_money(result.budget_disbursed) + " บาท" if result.budget_disbursed is not None \
        else (result.budget_note or "-")
    data.append([cell(f"KPI ที่ {kpi.number} {kpi.name}{owner}"), center(kpi.unit_of_measure or "-"),
                 *[center(t) for t in kpi.targets], center(kpi_result_text(kpi, result)),
                 cell(result.details or "-"), center(budget)])
    activity = []
    if kpi.steps:
        activity.append(styles.para("รายละเอียดกิจกรรม", "cell_bold"))
        activity += [cell(step) for step in kpi.steps]
    if kpi.formula or kpi.milestones:
        activity.append(styles.para("สูตรการคำนวณ/การนับผลงาน :", "cell_bold"))
    if kpi.formula:
        activity.append(cell(kpi.formula))
    if kpi.milestones and kpi.steps:
        activity.append(milestone_matrix(styles, len(kpi.steps)))
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, 1), HEAD_BG),
                ("VALIGN", (0, 0), (-1, 1), "MIDDLE"), ("VALIGN", (0, 2), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.0),
                ("SPAN", (2, 0), (6, 0))] + [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 7, 8, 9)]
    if activity:
        data.append([activity] + [""] * 9)
        commands += [("SPAN", (0, 3), (6, 3)), ("SPAN", (7, 3), (-1, 3))]
    story.append(Table(data, colWidths=_form_widths(frame_width(True)), repeatRows=HEADER_ROWS, splitInRow=1,
                       style=TableStyle(commands), hAlign="CENTER"))
    if kpi.remarks:
        story.append(Spacer(1, styles["body"].fontSize * 0.3))
        story.append(styles.para(kpi.remarks if kpi.remarks.startswith("หมายเหตุ") else f"หมายเหตุ : {kpi.remarks}",
                                 "cell"))
    story.append(Spacer(1, styles["body"].fontSize * 0.6))
    name = f"ลงชื่อ ({result.preparer_name})" if result.preparer_name else "ลงชื่อ " + "." * 50
    position = f"ตำแหน่ง {result.preparer_position}" if result.preparer_position else "ตำแหน่ง " + "." * 48
    sign = Table([[styles.para(name, "body", alignment=TA_CENTER)], [styles.para(position, "body", alignment=TA_CENTER)],
                  [styles.para("ผู้จัดทำข้อมูล", "body", alignment=TA_CENTER)]],
                 colWidths=[frame_width(True) * 0.42], hAlign="RIGHT",
                 style=TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    story.append(KeepTogether([sign]))
    return story


def strategy_story(session: Session, plan_id: int, round_id: int, styles: Styles) -> list:
    view = strategy.overview(session, plan_id, round_id)
    story = overview_story(styles, view)
    by_kpi = {row.kpi.id: row for row in view.rows}
    for dim in view.plan.dimensions:
        for goal in dim.goals:
            for project in goal.projects:
                for kpi in project.kpis:
                    story.append(PageBreak())
                    story += kpi_form(styles, view.plan, view.round, dim, project, kpi, by_kpi[kpi.id].result)
    return story


def write_strategy_pdf(session: Session, plan_id: int, round_id: int, fh: str | BinaryIO,
                       options: PrintOptions = PrintOptions(thai_digits=True)) -> int:
    """Write the overview and every KPI's form for the round (A4 landscape); returns the number of pages."""
    with gc_paused():
        styles = make_styles(options, body_pt=14)
        story = strategy_story(session, plan_id, round_id, styles)
        plan = strategy.load_plan(session, plan_id)
        title = f"{WHAT} {plan.unit_name} ปีงบประมาณ พ.ศ. {plan.be_year}"
        return build_pdf(fh, story, styles, is_landscape=True,
                         title=thai_digits(title) if options.thai_digits else title)


def export_strategy(session: Session, args, thai_digits: bool | None) -> tuple[bytes, int, str]:
    """`plandesk export strategy --year BE [--unit U | --plan ID] --round "รอบ 6 เดือน"` (Thai digits by default)."""
    plan_id = strategy.find_plan(session, args.year, getattr(args, "unit", None), getattr(args, "plan", None))
    round_id = strategy.find_round(session, plan_id, getattr(args, "round", None))
    options = PrintOptions(thai_digits=True if thai_digits is None else thai_digits,
                           prefer_th_sarabun=not getattr(args, "bundled_font", False))
    buffer = io.BytesIO()
    pages = write_strategy_pdf(session, plan_id, round_id, buffer, options)
    return buffer.getvalue(), pages, WHAT
