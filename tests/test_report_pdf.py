"""The indicator round report as a PDF (seed 001), read back as a person copying it would: every
heading and the seed's texts in order, the calculation table's figures from the scoring engine,
the round checkboxes on every page, each indicator of a round from a new page.

Rendered pages for a person to look at: tests/_artifacts/report_001_page1.png, report_001_page2.png,
report_blank_form.png."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from app.services import agreements, attachments, reports, rounds
from app.services.demo import build_demo_agreement
from app.services.demo_reports import build_demo_reports, seed_001
from app.services.errors import ValidationError
from app.services.printing.document import PrintOptions
from app.services.printing.report_pdf import (evidence_text, form_title, weighted_text, write_report_pdf,
                                              write_round_reports_pdf)
from tests.print_support import nfkc, squash, unfold_am
from tests.test_print_blocks import _operators, _tick_count

ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
ARABIC = PrintOptions(prefer_th_sarabun=False)
THAI = PrintOptions(thai_digits=True, prefer_th_sarabun=False)
SEED_TITLE = "รายงานผลตัวชี้วัดบทบาทภารกิจรายบุคคลด้านการปรับปรุงกระบวนการงาน"


@pytest.fixture
def seed(workspace):
    with workspace.transaction() as s:
        build_demo_agreement(s)
        report_id = build_demo_reports(s)
        round_id = rounds.find_round(s, 2567, "รอบ 6 เดือน")
    return workspace, report_id, round_id


def pdf_of(ws, writer, ident, options=ARABIC, **kwargs) -> tuple[bytes, int]:
    out = io.BytesIO()
    with ws.session() as s:
        pages = writer(s, ident, out, options, **kwargs)
    return out.getvalue(), pages


def texts(pdf: bytes) -> list[str]:
    return [squash(unfold_am(nfkc(p.extract_text()))) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def in_order(text: str, needles: list[str]) -> None:
    at = 0
    for needle in needles:
        found = text.find(squash(needle), at)
        assert found >= 0, f"{needle!r} missing (or out of order) after position {at}"
        at = found + len(squash(needle))


def test_seed_001_prints_every_heading_and_text_in_the_seeds_order(seed):
    ws, report_id, _ = seed
    pdf, pages = pdf_of(ws, write_report_pdf, report_id)
    pages_text = texts(pdf)
    assert pages == len(pages_text) >= 2
    whole = "".join(pages_text)
    data = seed_001()
    report, indicator = data["report"], data["indicator"]
    in_order(whole, [
        SEED_TITLE, "รอบ 6 เดือน", "รอบ 12 เดือน",
        "ชื่อตัวชี้วัด : ระดับความสำเร็จของการปรับปรุงกระบวนการงาน",
        "ผู้กำกับดูแลตัวชี้วัด : เลขานุการกรม",
        "ผู้จัดเก็บข้อมูล : 1. นางธิรมน จุลาณะ", "2. นางสาวตรุณี คำรอด", "3. นายเจษฎา พึ่งธรรมวงศ์",
        "เบอร์โทรศัพท์ : 0 2653 4444 ต่อ 1311", "เบอร์โทรศัพท์ : 0 2653 4444 ต่อ 1314-5",
        "คำอธิบาย : " + indicator["description"],
        "ข้อมูลผลการดำเนินงาน :", "ระดับคะแนน", "คำเป้าหมาย/รายละเอียดการดำเนินงาน",
        *[f"{n}- {text}" for n, text in enumerate(report["levels_done"], start=1)],
        "เกณฑ์การให้คะแนน :", "ระดับคะแนน",
        *[f"{n}{text}" for n, text in enumerate(report["criteria_per_level"], start=1)],
        "การคำนวณคะแนนจากผลการดำเนินงาน :",
        "ชื่อตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "ผลการดำเนินงาน", "ค่าคะแนนที่ได้", "ค่าคะแนนถ่วงน้ำหนัก",
        "ระดับความสำเร็จของการปรับปรุงกระบวนการงาน", "5", "5", "5", "0.25",
        "คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ :",
        *[f"{n}. {line}" for n, line in enumerate(report["actions"].splitlines(), start=1)],
        "ปัจจัยสนับสนุนต่อการดำเนินงาน :",
        *[f"{n}. {line}" for n, line in enumerate(report["supporting_factors"].splitlines(), start=1)],
        "อุปสรรคต่อการดำเนินงาน :", report["obstacles"],
        "ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป :", "-",
        "หลักฐานอ้างอิง :",
        "1. คำสั่งสำนักงานเลขาธิการกรม ที่ 2/2567 ลงวันที่ 16 มกราคม 2567 เรื่อง แต่งตั้งคณะทำงานปรับปรุงกระบวนการ "
        "และจัดทำเอกสารคู่มือการปฏิบัติงานของสำนักงานเลขาธิการกรมประจำปีงบประมาณ พ.ศ.2566",
        "2. ตารางแสดงกระบวนการที่เป็นภารกิจหลักของสำนักงานเลขาธิการกรม",
        "3. แผนปรับปรุงกระบวนการของสำนักงานเลขาธิการกรม",
        "4. เว็บไซต์สำนักงานเลขาธิการกรม https://secretary.dld.go.th",
        "ผลการเบิกจ่ายงบประมาณ : -",
        "ลงชื่อ", "ผู้จัดทำข้อมูล", "(นางธิรมน จุลาณะ)", "ตำแหน่ง",
    ])
    assert "0.25" in whole and not any("๐" <= ch <= "๙" for ch in whole)      # Arabic digits, as the seed
    for text in pages_text:                        # the title and the round's checkboxes head every page
        assert text.startswith(squash(SEED_TITLE)) and squash("รอบ 6 เดือนรอบ 12 เดือน") in text
    for page in range(pages):
        assert _tick_count(_operators(pdf, page)) == 1     # ☑ รอบ 6 เดือน, ☐ รอบ 12 เดือน


def test_figures_follow_the_scoring_engine_and_thai_digits_on_request(seed):
    ws, report_id, _ = seed
    with ws.transaction() as s:
        reports.reopen(s, report_id, "แก้ระดับที่ทำได้")
        reports.update(s, report_id, steps_done=[True, True, True, False, False],
                       budget_disbursed="1,397,139.50", suggestions="ขยายผลไปยังกองอื่น\nจัดอบรมเพิ่มเติม")
    pdf, _ = pdf_of(ws, write_report_pdf, report_id, THAI)
    whole = "".join(texts(pdf))
    in_order(whole, ["ระดับความสำเร็จของการปรับปรุงกระบวนการงาน", "๕", "๓", "๓", "๐.๑๕",
                     "ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป :", "๑. ขยายผลไปยังกองอื่น", "๒. จัดอบรมเพิ่มเติม",
                     "ผลการเบิกจ่ายงบประมาณ : ๑,๓๙๗,๑๓๙.๕๐ บาท"])
    assert "0" not in whole.replace("https", "")


def test_attachments_are_listed_by_name_after_the_references(seed, tmp_path):
    ws, report_id, _ = seed
    scan = tmp_path / "คำสั่งที่2-2567.pdf"
    scan.write_bytes(b"%PDF scan")
    with ws.transaction() as s:
        reports.reopen(s, report_id, "แนบคำสั่ง")
        attachments.attach_file(s, report_id, scan, "สำเนาคำสั่งแต่งตั้งคณะทำงาน")
    whole = "".join(texts(pdf_of(ws, write_report_pdf, report_id)[0]))
    in_order(whole, ["4. เว็บไซต์สำนักงานเลขาธิการกรม", "5. สำเนาคำสั่งแต่งตั้งคณะทำงาน (ไฟล์แนบ: คำสั่งที่2-2567.pdf)",
                     "ผลการเบิกจ่ายงบประมาณ"])


def test_a_round_prints_every_indicator_from_a_new_page_and_blank_forms_to_fill(workspace):
    with workspace.transaction() as s:
        agreement_id = build_demo_agreement(s)
        data = agreements.load_agreement(s, agreement_id)
        round_ = data.rounds[0]
        started = reports.get_or_create(s, data.indicators[3].id, round_.id)
        reports.update(s, started, result="97.5", actions="เบิกจ่ายตามแผน")
    pdf, pages = pdf_of(workspace, write_round_reports_pdf, round_.id)
    page_texts = texts(pdf)
    starts = [i for i, t in enumerate(page_texts) if squash("ชื่อตัวชี้วัด :") in t]
    assert len(starts) == len(data.indicators) == 6 and pages >= 6
    for indicator, page in zip(data.indicators, starts):
        assert squash(f"ชื่อตัวชี้วัด : {indicator.name}") in page_texts[page]
        assert page_texts[page].startswith(squash(f"รายงานผลตัวชี้วัดที่ {indicator.number}"))
    fourth = "".join(page_texts[starts[3]:starts[4]])
    in_order(fourth, ["ค่าคะแนนถ่วงน้ำหนัก", "ร้อยละความสำเร็จ", "15", "97.5", "75", "11.25",   # 97.5 → 75 points
                      "คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ :เบิกจ่ายตามแผน"])           # one line: not numbered
    blank = "".join(page_texts[starts[0]:starts[1]])
    assert squash("คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ :......") in blank
    with pytest.raises(ValidationError, match="ไม่พบตัวชี้วัดเลขที่ “9”.*ตัวชี้วัดที่มี: 1, 2, 3, 4, 5, 6"):
        pdf_of(workspace, write_round_reports_pdf, round_.id, indicator_number="9")
    one, pages_one = pdf_of(workspace, write_round_reports_pdf, round_.id, indicator_number="๔")
    assert len([t for t in texts(one) if squash("ชื่อตัวชี้วัด :") in t]) == 1


def test_small_texts():
    evidence = reports.EvidenceData(1, 0, "แต่งตั้งคณะทำงาน", "คำสั่ง ที่ 2/2567", dt.date(2024, 1, 16), "")
    assert evidence_text(evidence) == "คำสั่ง ที่ 2/2567 ลงวันที่ 16 มกราคม 2567 เรื่อง แต่งตั้งคณะทำงาน"
    web = reports.EvidenceData(2, 1, "เว็บไซต์", "", None, "https://secretary.dld.go.th")
    assert evidence_text(web) == "เว็บไซต์ https://secretary.dld.go.th"
    from decimal import Decimal as D
    assert [weighted_text(v) for v in (D("0.2500"), D("11.2500"), D("13.0000"), D("0.1234"), None)] == \
        ["0.25", "11.25", "13.00", "0.1234", ""]


def _png(pdf: bytes, page: int, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(source),
                    str(ARTIFACTS / name)], check=True)
    return (ARTIFACTS / name).with_suffix(".png")


def test_rendered_pages_for_a_person_to_look_at(seed):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ws, report_id, round_id = seed
    pdf, _ = pdf_of(ws, write_report_pdf, report_id)
    assert _png(pdf, 1, "report_001_page1").stat().st_size > 15_000
    assert _png(pdf, 2, "report_001_page2").stat().st_size > 10_000
    with ws.session() as s:
        view = reports.load_report(s, report_id)
    assert form_title(view) == SEED_TITLE
