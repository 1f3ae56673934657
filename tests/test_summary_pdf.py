"""The round summary PDF read back: title, every indicator row with this and the previous round,
the total, missing scores in words, the chart's labels in Thai, page splits for 200 indicators.

Rendered page for a person to look at: tests/_artifacts/round_summary_pdf.png."""
from __future__ import annotations

import io
import shutil
import subprocess
from argparse import Namespace
from pathlib import Path

import pypdf
import pytest

from app.services.printing.document import PrintOptions
from app.services.printing.summary_pdf import export_round_summary, score_text, write_summary_pdf
from tests.print_support import squash, unfold_am
from tests.round_support import build

ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
ARABIC = PrintOptions(thai_digits=False, prefer_th_sarabun=False)
LONG = "ระดับความสำเร็จของการดำเนินงานจัดทำคำรับรองการปฏิบัติราชการกลุ่มพัฒนาระบบบริหาร"


def _text(pdf: bytes) -> list[str]:
    return [unfold_am(squash(p.extract_text())) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def summary_ws(workspace):
    from app.services import agreements

    with workspace.transaction() as s:
        b = build(s, 4, first=["65", "70", "60", "72.5"], second=["67.5", "80", None, "ทราบผล เดือน ก.ย. 67"],
                  parent="กรมอนามัย")
        agreements.update_indicator(s, b.indicators[0], name=LONG)
    return workspace, b


def test_the_summary_reads_back_in_order(summary_ws):
    ws, b = summary_ws
    buffer = io.BytesIO()
    with ws.session() as s:
        pages = write_summary_pdf(s, b.second_round, buffer, ARABIC)
    pdf = buffer.getvalue()
    assert pages == 1
    [page] = _text(pdf)
    expected = ["สรุปผลคะแนนการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ", "กลุ่มพัฒนาระบบบริหารกรมอนามัย",
                "ประจำปีงบประมาณพ.ศ.2567รอบ5เดือนหลัง(1มีนาคม2567-31กรกฎาคม2567)",
                "ตัวชี้วัดน้ำหนักผลการดำเนินงานคะแนนที่ได้คะแนนถ่วงน้ำหนักรอบก่อนเปลี่ยนแปลง",
                "4.1" + LONG, "25", "67.5", "2.50", "0.6250", "2.00", "+0.50",
                "4.2ตัวชี้วัดทดสอบที่2", "25", "80", "5.00", "1.2500", "3.00", "+2.00",
                "4.3ตัวชี้วัดทดสอบที่3", "25", "ยังไม่มีรายงาน", "-", "-", "1.00", "-",
                "4.4ตัวชี้วัดทดสอบที่4", "25", "ทราบผลเดือนก.ย.67(ยังไม่มีคะแนน)", "-", "-", "3.50", "-",
                "คะแนนรวม", "100", "1.8750", "2.3750", "−0.5000",
                "ยังไม่มีคะแนน2จาก4ตัวชี้วัด", "กราฟคะแนนรายตัวชี้วัด", "0123452.525313.5",  # axis, bar values
                "4.1" + LONG, "4.2ตัวชี้วัดทดสอบที่2", "4.3ตัวชี้วัดทดสอบที่3ยังไม่มีคะแนน",
                "4.4ตัวชี้วัดทดสอบที่4ยังไม่มีคะแนน", "รอบ5เดือนหลังรอบ5เดือนแรก"]
    at = 0
    for piece in expected:
        found = page.find(piece, at)
        assert found >= 0, f"{piece!r} not found after {page[at - 40:at]!r}"
        at = found + len(piece)
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / "summary.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(path),
                        str(ARTIFACTS / "round_summary_pdf")], check=True)


def test_thai_digits_and_the_cli_export(summary_ws):
    ws, b = summary_ws
    args = Namespace(year=2567, round="รอบ 5 เดือนหลัง", unit="กลุ่มพัฒนาระบบบริหาร", bundled_font=True)
    with ws.session() as s:
        data, pages, what = export_round_summary(s, args, True)
    assert (pages, what) == (1, "สรุปผลคะแนนรอบ")
    [page] = _text(data)
    assert "รอบ๕เดือนหลัง(๑มีนาคม๒๕๖๗-๓๑กรกฎาคม๒๕๖๗)" in page and "๑.๘๗๕๐" in page


def test_two_hundred_indicators_split_over_pages_with_the_header_again(workspace):
    with workspace.transaction() as s:
        b = build(s, 200, first=["70"] * 200, second=["75"] * 200)
    buffer = io.BytesIO()
    with workspace.session() as s:
        pages = write_summary_pdf(s, b.second_round, buffer, ARABIC)
    texts = _text(buffer.getvalue())
    assert pages == len(texts) >= 5
    assert all("ตัวชี้วัดน้ำหนักผลการดำเนินงาน" in t for t in texts if "คะแนนถ่วงน้ำหนัก" in t)
    joined = "".join(texts)
    assert joined.count("4.200ตัวชี้วัดทดสอบที่200") == 2      # once in the table, once in the chart
    assert "คะแนนรวม1004.00002.99999" not in joined and "คะแนนรวม1004.00003.0000+1.0000" in joined


def test_score_text():
    from decimal import Decimal as D

    assert [score_text(v) for v in (D("2.5000"), D("2.4583"), D("100"), None)] == ["2.50", "2.4583", "100.00", "-"]
