"""The memos as บันทึกข้อความ PDFs read back: seed 003's announcement exactly as transcribed in the
demo, the appeal memo listing the appealed indicators and their detail tables, Thai digits by default,
the CLI's kinds. Rendered pages for a person to look at: tests/_artifacts/memo_announcement.png,
tests/_artifacts/memo_appeal.png."""
from __future__ import annotations

import io
import shutil
import subprocess
from argparse import Namespace
from pathlib import Path

import pypdf
import pytest

from app.services import appeals, memos, round_summary
from app.services.demo_appeals import build_demo_appeals, memos_demo_data
from app.services.errors import ValidationError
from app.services.printing.document import PrintOptions
from app.services.printing.memo_pdf import export_memos, write_memo_pdf
from app.services.rounds import find_round
from tests.print_support import squash, unfold_am
from tests.round_support import build, d

ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
THAI = PrintOptions(thai_digits=True, prefer_th_sarabun=False)


def _pages(pdf: bytes) -> list[str]:
    return [unfold_am(squash(p.extract_text())) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _in_order(text: str, pieces: list[str]) -> None:
    at = 0
    for piece in pieces:
        piece = unfold_am(squash(piece))
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} not found after {text[max(0, at - 40):at]!r}"
        at = found + len(piece)


def _png(pdf: bytes, name: str) -> None:
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(path), str(ARTIFACTS / name)], check=True)


@pytest.fixture
def demo(workspace):
    with workspace.transaction() as s:
        assert build_demo_appeals(s) is not None
        assert build_demo_appeals(s) is None          # idempotent
    with workspace.session() as s:
        round_id = find_round(s, 2567, "รอบ 5 เดือนแรก", "กพร.")
    return workspace, round_id


def test_seed_003_announcement_reads_back_exactly(demo):
    ws, round_id = demo
    with ws.session() as s:
        [announcement] = memos.list_memos(s, round_id, "announcement")
        buffer = io.BytesIO()
        assert write_memo_pdf(s, announcement.id, buffer, THAI) == 1
    seed = next(m for m in memos_demo_data()["memos"] if m["kind"] == "announcement")
    [page] = _pages(buffer.getvalue())
    _in_order(page, ["ด่วนที่สุด", "บันทึกข้อความ", "ส่วนราชการ", seed["department"] + " โทร. " + seed["phone"],
                     "ที่", seed["number"], "วันที่", "๒๖ มีนาคม ๒๕๖๗", "เรื่อง", seed["subject"],
                     "เรียน", seed["addressee"], *seed["paragraphs"], "จึงเรียนมาเพื่อโปรดทราบ",
                     "(นายอวีชชัย บุญเกิด)", "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", "หน้า ๑/๑"])
    _png(buffer.getvalue(), "memo_announcement")


def test_the_blank_appeal_form_of_the_seed(demo):
    ws, round_id = demo
    args = Namespace(year=2567, round="รอบ ๕ เดือนแรก", unit=None, kind="appeal", bundled_font=True)
    with ws.session() as s:
        data, pages, what = export_memos(s, args, None)
        assert (pages, what) == (2, "บันทึกข้อความ")
        everything, all_pages, _ = export_memos(s, Namespace(**{**vars(args), "kind": "all"}), None)
    assert all_pages == 3
    memo, detail = _pages(data)
    _in_order(memo, ["บันทึกข้อความ", "เรื่อง", "ขออุทธรณ์คะแนนผลการปฏิบัติราชการ", "เรียนผู้อำนวยการกลุ่มพัฒนาระบบบริหาร",
                     "ในกรณีนี้.....ระบุหน่วยงาน.....", "๑.ตัวชี้วัดที่", "๒.ตัวชี้วัดที่", "๓.ตัวชี้วัดที่",
                     "ดังรายละเอียดตามเอกสารที่แนบมาพร้อมนี้", "จึงเรียนมาเพื่อโปรดทราบและดำเนินการต่อไปด้วยจะเป็นพระคุณ"])
    _in_order(detail, ["รายละเอียดการอุทธรณ์คะแนนผลการประเมินตัวชี้วัดที่.....(ระบุชื่อตัวชี้วัด)",
                       "ประจำปีงบประมาณพ.ศ.๒๕๖๗รอบ๕เดือนแรก(๑ตุลาคม๒๕๖๖-๒๔กุมภาพันธ์๒๕๖๗)",
                       "รหัสหน่วยการประเมินคะแนนที่ได้รับคำอธิบายเหตุผลคะแนนที่อุทธรณ์คำอธิบายเหตุผล/คำชี้แจงเพื่ออุทธรณ์"])
    _png(data, "memo_appeal_form")


def test_an_appeal_memo_lists_the_appeals_and_their_tables(workspace):
    with workspace.transaction() as s:
        b = build(s, 3, first=["67.5", "70", "80"], parent="กรมอนามัย")
        appeals.set_round_dates(s, b.first_round, d("2024-03-14"), d("2024-03-21"))
        ids = [r.report_id for r in round_summary.summarize(s, b.first_round).rows]
        appeals.file_appeal(s, ids[0], "3", "มีหลักฐานการประชุมครบ 3 ครั้ง", evaluation_unit="ระดับ 3",
                            given_reason="ไม่พบรายงานการประชุม", filed_on=d("2024-03-20"))
        appeals.file_appeal(s, ids[2], "4.5", "ขอทบทวนผลตามเอกสารแนบ", filed_on=d("2024-03-21"))
        memo_id = memos.create_memo(s, b.first_round, **memos.default_appeal(s, b.first_round, "กองทดสอบ"))
    buffer = io.BytesIO()
    with workspace.session() as s:
        pages = write_memo_pdf(s, memo_id, buffer, PrintOptions(thai_digits=False, prefer_th_sarabun=False))
    memo, first, second = _pages(buffer.getvalue())
    assert pages == 3
    _in_order(memo, ["ส่วนราชการกองทดสอบ", "จำนวน 2 ตัวชี้วัด ดังนี้", "1. ตัวชี้วัดที่ 4.1 ตัวชี้วัดทดสอบที่ 1",
                     "2. ตัวชี้วัดที่ 4.3 ตัวชี้วัดทดสอบที่ 3", "ดังรายละเอียดตามเอกสารที่แนบมาพร้อมนี้"])
    assert "ตัวชี้วัดที่ 4.2" not in memo
    _in_order(first, ["รายละเอียดการอุทธรณ์คะแนนผลการประเมินตัวชี้วัดที่ 4.1 ตัวชี้วัดทดสอบที่ 1", "กองทดสอบ",
                      "ประจำปีงบประมาณ พ.ศ. 2567 รอบ 5 เดือนแรก (1 ตุลาคม 2566 - 24 กุมภาพันธ์ 2567)",
                      "4.1", "ระดับ 3", "2.50", "ไม่พบรายงานการประชุม", "3.00", "มีหลักฐานการประชุมครบ 3 ครั้ง"])
    _in_order(second, ["ตัวชี้วัดที่ 4.3", "4.3", "5.00", "4.50", "ขอทบทวนผลตามเอกสารแนบ"])
    _png(buffer.getvalue(), "memo_appeal")


def test_no_memo_of_that_kind_is_said(workspace):
    with workspace.transaction() as s:
        build(s, 1, first=["70"])
    with workspace.session() as s, pytest.raises(ValidationError, match="ยังไม่มีบันทึกแจ้งคะแนน"):
        export_memos(s, Namespace(year=2567, round="รอบ 5 เดือนแรก", unit=None, kind="announcement",
                                  bundled_font=True), None)
