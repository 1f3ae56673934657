"""The memos of a round as บันทึกข้อความ (seed 003): the score announcement and a unit's appeal.

Layout after ระเบียบงานสารบรรณ as the seed shows it: the urgency ("ด่วนที่สุด") bold at the top
left, the memo heading (blocks.memo_heading), paragraphs indented 2.5 cm on their first line,
the closing, and the signer's name in brackets with the position under it. The appeal memo lists
the appealed indicators ("๑. ตัวชี้วัดที่ …") and is followed, on new pages, by the detail table
of each appealed indicator from the round's Appeal rows. Thai digits by default, as the seed.
"""
from __future__ import annotations

import io
from decimal import Decimal
from typing import BinaryIO, Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.services import appeals as appeals_service
from app.services import memos as memos_service
from app.services.errors import ValidationError
from app.services.memos import APPEAL_ENCLOSURE, MemoData, RoundInfo
from app.services.printing.blocks import memo_heading
from app.services.printing.document import PrintOptions, build_pdf, frame_width, gc_paused, make_styles
from app.services.printing.summary_pdf import DocStyles
from app.services.thai_format import thai_digits

INDENT = 2.5 * cm          # ย่อหน้า of ระเบียบงานสารบรรณ
URGENCY_PT = 22
HEAD_BG = colors.HexColor("#e8e8e8")
DETAIL_HEADERS = ("รหัส", "หน่วยการประเมิน", "คะแนนที่ได้รับ", "คำอธิบายเหตุผล", "คะแนนที่อุทธรณ์",
                  "คำอธิบายเหตุผล/คำชี้แจงเพื่ออุทธรณ์")
DETAIL_SHARES = (0.09, 0.17, 0.11, 0.22, 0.11, 0.30)
BLANK_SIGNER = "(" + "." * 40 + ")"
WHAT = "บันทึกข้อความ"
DOTS = "." * 60


def _score(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _signature(st: DocStyles, memo: MemoData) -> Flowable:
    """"(name)" and the position centred in the right half, room above to sign."""
    width = frame_width(False)
    lines = [st.para(f"({memo.signer_name})" if memo.signer_name else BLANK_SIGNER, "body", alignment=TA_CENTER)]
    if memo.signer_position:
        lines.append(st.para(memo.signer_position, "body", alignment=TA_CENTER))
    table = Table([[""], *[[line] for line in lines]], colWidths=[width * 0.55],
                  style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (0, 0), st["body"].leading * 2.2)]),
                  hAlign="RIGHT")
    return table


def memo_story(st: DocStyles, memo: MemoData, info: RoundInfo,
               appealed: list[appeals_service.AppealData]) -> list[Flowable]:
    styles = st.styles
    body = st["body"]
    story: list[Flowable] = []
    if memo.urgency:
        size = styles.family.size(URGENCY_PT)
        story.append(st.para(memo.urgency, "body_bold", fontSize=size, leading=size * 1.2))
    department = memo.department + (f" โทร. {memo.phone}" if memo.phone else "")
    story += memo_heading(styles, st.text(department) or None, st.text(memo.number) or None, memo.dated,
                          st.text(memo.subject), st.text(memo.addressee))
    story.append(Spacer(1, body.leading * 0.3))
    paragraph = dict(firstLineIndent=INDENT, spaceBefore=body.leading * 0.3)
    story += [st.para(text, "body", **paragraph) for text in memo.paragraphs]
    if memo.kind == "appeal":
        indicators = list(dict.fromkeys((a.indicator_number, a.indicator_name) for a in appealed))
        for index, (number, name) in enumerate(indicators, start=1):
            marker = f"{thai_digits(str(index))}."
            story.append(st.para(f"{marker} ตัวชี้วัดที่ {number} {name}", "body", leftIndent=INDENT + body.fontSize * 1.2,
                                 firstLineIndent=-body.fontSize * 1.2))
        if not indicators:  # the blank form, as seed 003 prints it: three lines to fill in
            story += [st.para(f"{thai_digits(str(i))}. ตัวชี้วัดที่{DOTS}", "body", leftIndent=INDENT)
                      for i in (1, 2, 3)]
        story.append(st.para(APPEAL_ENCLOSURE, "body", **paragraph))
    if memo.closing:
        story.append(st.para(memo.closing, "body", **paragraph))
    story.append(KeepTogether([_signature(st, memo)]))
    if memo.kind == "appeal":
        story += appeal_details(st, memo, info, appealed)
    return story


def appeal_details(st: DocStyles, memo: MemoData, info: RoundInfo,
                   appealed: list[appeals_service.AppealData]) -> list[Flowable]:
    """One table per appealed indicator, each starting a page (the attachment of the memo)."""
    width = frame_width(False)
    widths = [width * s for s in DETAIL_SHARES]
    by_indicator: dict[tuple[str, str], list[appeals_service.AppealData]] = {}
    for appeal in appealed:
        by_indicator.setdefault((appeal.indicator_number, appeal.indicator_name), []).append(appeal)
    story: list[Flowable] = []
    unit = memo.appellant_unit or memo.department or ".....ระบุชื่อหน่วยงาน....."
    if not by_indicator:  # the blank attachment of the form
        by_indicator[(".....", "(ระบุชื่อตัวชี้วัด)")] = []
    for (number, name), rows in by_indicator.items():
        story += [PageBreak(),
                  st.para(f"รายละเอียดการอุทธรณ์คะแนนผลการประเมินตัวชี้วัดที่ {number} {name}".replace("ที่ .....", "ที่....."),
                          "title", spaceAfter=0),
                  st.para(unit, "title", spaceAfter=0),
                  st.para(f"{info.year_text} {info.label} ({info.period})", "title"),
                  Spacer(1, st["body"].leading * 0.3)]
        data = [[st.para(h, "head") for h in DETAIL_HEADERS]]
        for a in rows:
            data.append([st.para(number, "cell_center"), st.para(a.evaluation_unit or "-", "cell"),
                         st.para(_score(a.score_given), "cell_center"), st.para(a.given_reason or "-", "cell"),
                         st.para(_score(a.score_asked), "cell_center"), st.para(a.explanation, "cell")])
        if not rows:
            data += [[Spacer(1, st["body"].leading * 1.5)] + [""] * (len(DETAIL_HEADERS) - 1) for _ in range(3)]
        story.append(Table(data, colWidths=widths, repeatRows=1, style=TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])))
    return story


def write_memos_pdf(session: Session, memo_ids: list[int], out: str | BinaryIO,
                    options: PrintOptions = PrintOptions(thai_digits=True),
                    on_page: Callable[[int], None] | None = None) -> int:
    """Several memos in one file, each starting a new page; returns the page count."""
    if not memo_ids:
        raise ValidationError("ไม่มีบันทึกข้อความที่จะพิมพ์")
    with gc_paused():
        st = DocStyles(make_styles(options))
        story: list[Flowable] = []
        cache: dict[int, tuple[RoundInfo, list]] = {}
        title = ""
        for memo_id in memo_ids:
            memo = memos_service.load_memo(session, memo_id)
            if memo.round_id not in cache:
                cache[memo.round_id] = (memos_service.round_info(session, memo.round_id),
                                        appeals_service.list_appeals(session, memo.round_id))
            info, appealed = cache[memo.round_id]
            if story:
                story.append(PageBreak())
            story += memo_story(st, memo, info, appealed)
            title = title or st.text(f"{WHAT} {memo.subject}")
        return build_pdf(out, story, st.styles, is_landscape=False, title=title, on_page=on_page)


def write_memo_pdf(session: Session, memo_id: int, out: str | BinaryIO,
                   options: PrintOptions = PrintOptions(thai_digits=True),
                   on_page: Callable[[int], None] | None = None) -> int:
    return write_memos_pdf(session, [memo_id], out, options, on_page)


def export_memos(session: Session, args, thai_digits: bool | None) -> tuple[bytes, int, str]:
    """CLI `plandesk export memo --year --round [--unit] [--kind announcement|appeal|all]`."""
    from app.services.rounds import find_round

    if not getattr(args, "round", None):
        raise ValidationError("กรุณาระบุรอบด้วย --round เช่น --round \"รอบ 5 เดือนแรก\"")
    round_id = find_round(session, args.year, args.round, getattr(args, "unit", None))
    kind = getattr(args, "kind", None) or "all"
    memos = memos_service.list_memos(session, round_id, None if kind == "all" else kind)
    if not memos:
        what = {"announcement": "บันทึกแจ้งคะแนน", "appeal": "บันทึกขออุทธรณ์"}.get(kind, "บันทึกข้อความ")
        raise ValidationError(f"{args.round} ปีงบประมาณ พ.ศ. {args.year} ยังไม่มี{what}")
    options = PrintOptions(thai_digits=True if thai_digits is None else thai_digits,
                           prefer_th_sarabun=not getattr(args, "bundled_font", False))
    buffer = io.BytesIO()
    pages = write_memos_pdf(session, [m.id for m in memos], buffer, options)
    return buffer.getvalue(), pages, WHAT
