"""The performance agreement and its KPI templates as PDFs (seed 002), read back as a person would
check them: every clause, name, date, weight, target and template field copied out exactly.

Rendered pages for a person to look at: tests/_artifacts/agreement_page1.png, agreement_framework.png,
agreement_targets.png and kpi_template.png."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from app.models import Agreement
from app.services import agreements, plans
from app.services.errors import ValidationError
from app.services.printing.agreement_pdf import (agreement_targets, deduction_text, indicator_label, level_header,
                                                 plain_number, rounds_heading, target_text, template_heading,
                                                 write_agreement_pdf, write_kpi_templates_pdf)
from app.services.printing.document import PrintOptions
from app.services.thai_format import date_formal, thai_digits
from tests.print_support import nfkc, squash
from tests.test_print_blocks import _operators, _tick_count

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
THAI = PrintOptions(thai_digits=True, prefer_th_sarabun=False)
ARABIC = PrintOptions(thai_digits=False, prefer_th_sarabun=False)

UNIT = "สำนักพัฒนาระบบบริหาร"
RECEIVER = ("นางสาวนฤมล สงวนวงศ์", "ผู้ช่วยปลัดกระทรวงเกษตรและสหกรณ์")
MAKER = ("นางสาวอัจฉริยา จันทรวงศ์", "ผู้อำนวยการสำนักพัฒนาระบบบริหาร")
RECEIVER_SIGNED = dt.date(2022, 12, 26)
MAKER_SIGNED = dt.date(2022, 12, 16)
CONTEXT = [
    {"owner": "สำนักงานปลัดกระทรวงเกษตรและสหกรณ์",
     "title": "แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2566 สำนักงานปลัดกระทรวงเกษตรและสหกรณ์",
     "vision": ["เป็นศูนย์กลางการขับเคลื่อนนโยบายและยุทธศาสตร์ด้านการเกษตรและสหกรณ์ของประเทศไทยในปี พ.ศ. 2570"],
     "missions": ["ผลักดันและขับเคลื่อนนโยบายและยุทธศาสตร์ด้านการเกษตรและสหกรณ์สู่การปฏิบัติในทุกระดับให้เกิดผลสัมฤทธิ์",
                  "ส่งเสริม สนับสนุนการพัฒนากระบวนการจัดการภาครัฐของกระทรวง"],
     "strategic_issues": ["ผลักดันภารกิจ นโยบาย และยุทธศาสตร์ของกระทรวงให้เกิดผลสัมฤทธิ์",
                          "เร่งรัดพัฒนากระบวนการจัดการภาครัฐของกระทรวง"],
     "strategies": []},
    {"owner": UNIT, "title": f"แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2566 {UNIT}",
     "vision": ["ทุ่มเทงานนำในการผลักดันและเป็นศูนย์กลางเครือข่ายการพัฒนากระบวนการของกระทรวงเกษตรและสหกรณ์"],
     "missions": ["ให้คำปรึกษาและเสนอแนะแนวทางในการพัฒนาระบบราชการที่สอดคล้องกับยุทธศาสตร์ของหน่วยงาน",
                  "พัฒนาและบริหารจัดการระบบการวัดผลการดำเนินงานของกระทรวง กลุ่มภารกิจ และ สป.กษ."],
     "strategic_issues": [],
     "strategies": ["พัฒนาการบริหารจัดการอย่างบูรณาการ",
                    "พัฒนาหน่วยงานในสังกัดสำนักงานปลัดกระทรวงเกษตรและสหกรณ์สู่องค์กรสมรรถนะสูง"]},
]
NOTES = "บันทึกของผู้แก้ไขเกณฑ์ ไม่ใช่ข้อความในแบบฟอร์ม"
LEVELS_TEXT = [
    {"points": 50, "label": "ขั้นต้น", "target": "จัดทำแผนปฏิบัติการ (Action Plan) พ.ศ. 2566 และส่งให้สำนักงาน ก.พ.ร. ได้ตามเวลาที่กำหนด"},
    {"points": 75, "label": "มาตรฐาน", "target": "ขับเคลื่อนตามแผนปฏิบัติการของกระทรวง"},
    {"points": 100, "label": "ขั้นสูง", "target": "กำกับติดตามเพื่อให้บรรลุเป้าหมายตามตัวชี้วัดของกระทรวง"},
]
INDICATORS = [
    dict(number="1", name="การขับเคลื่อนตัวชี้วัด Agenda งานบริการสำคัญของกระทรวงเกษตรและสหกรณ์ ตามมติ ครม.",
         weight=20, kind="continuing",
         description="การขับเคลื่อนการให้บริการประชาชนผ่านระบบอิเล็กทรอนิกส์ (e-Service) ใน 12 งานบริการสำคัญ "
                     "ตามมติคณะรัฐมนตรี เมื่อวันที่ 3 ส.ค. 64",
         definitions=["ระบบรับรองมาตรฐานสินค้าเกษตร (GAP) พืช ประมง ปศุสัตว์ แบบ End-to-End Process",
                      "งานบริการสำคัญ หมายถึง งานบริการที่ประชาชนยื่นคำขอผ่านช่องทางออนไลน์ได้ทั้งหมด"],
         formula="จำนวนขั้นตอนที่ดำเนินการแล้วเสร็จ", unit_of_measure="ระดับ",
         data_source="รายงานความก้าวหน้าของกรมในสังกัดกระทรวงเกษตรและสหกรณ์",
         scheme={"type": "three_levels", "numeric": False, "levels": LEVELS_TEXT},
         criteria_text="พิจารณาจากผลการดำเนินงานตามขั้นตอนที่กำหนดในแต่ละระดับ",
         conditions=["ต้องจัดส่งรายงานภายในวันที่ 5 ของเดือนถัดไป"], deduction_points=10,
         benefits=["ประชาชนสามารถยื่นขอรับบริการผ่านระบบออนไลน์ได้สะดวก รวดเร็ว"],
         roadmap=[{"year": 2565, "target": "ให้บริการ e-Service ทุกหน่วยงาน"},
                  {"year": 2566, "target": "เชื่อมโยงบริการ e-Service ผ่านช่องทางเดียว"}],
         baseline=[{"year": 2564, "result": "ระบบรับรองมาตรฐานสินค้าเกษตร (GAP) พืชสวน", "unit": ""}],
         rounds=[("ดำเนินการได้ตามแผนปฏิบัติการ (Action Plan)",
                  ["ตรวจสอบความก้าวหน้างานบริการ GAP ทั้งหมดของหน่วยงาน", "จัดทำแผนการบริการของกรม",
                   "กำหนดขอบเขตการพัฒนา e-Service (GAP)"]),
                 ("ดำเนินการได้ตามแผนปฏิบัติการ (Action Plan) ครบถ้วน",
                  ["ทดสอบระบบ Biz portal/DE (สมบูรณ์/แก้ไขเพิ่มเติม)"])],
         supervisors=[("นายสมชาย ใจดี", "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", "0 2281 5955 ต่อ 201", "081 234 5678")],
         collectors=[("นางสาวพิมพ์ชนก ตั้งมั่น", "นักวิเคราะห์นโยบายและแผนชำนาญการ", "0 2281 5955 ต่อ 215", ""),
                     ("นายปิยะพงษ์ สุขสันต์", "นักจัดการงานทั่วไป", "", "089 765 4321")]),
    dict(number="2", name="การขับเคลื่อนการจัดทำแนวทางปรับโครงสร้างของหน่วยงานในภูมิภาคของสำนักงานปลัดกระทรวงเกษตรและสหกรณ์",
         weight=20, kind="new",
         description="", definitions=["ปรับปรุงบทบาทภารกิจของหน่วยงานในส่วนภูมิภาคให้สอดคล้องกับผลการวิเคราะห์สภาพแวดล้อม"],
         scheme={"type": "milestones", "numeric": False, "levels": [
             {"points": 50, "target": "ศึกษา ทบทวน และวิเคราะห์ภารกิจของหน่วยงานส่วนภูมิภาค"},
             {"points": 100, "target": "เสนอแนวทางปรับโครงสร้างของหน่วยงานในภูมิภาคต่อผู้บริหาร"}]},
         benefits=["สำนักงานเกษตรและสหกรณ์จังหวัดมีบทบาทภารกิจสอดคล้องกับบริบทสภาพแวดล้อม"],
         deduction_rule="ในแต่ละรอบการประเมิน หากไม่สามารถดำเนินการได้ครบทุกขั้นตอนจะถูกหัก 10 คะแนน",
         rounds=[("ศึกษา ทบทวน และวิเคราะห์ภารกิจของหน่วยงานส่วนภูมิภาค",
                  ["จัดประชุมหารือร่วมกับสำนักแผนงานและโครงการพิเศษ"]), None]),
    dict(number="3", name="ร้อยละการเบิกจ่ายงบประมาณ", weight=15, kind="continuing", unit_of_measure="ร้อยละ",
         description="พิจารณาผลสำเร็จของการเบิกจ่ายเงินงบประมาณรายจ่ายภาพรวมของสำนัก/กอง",
         formula="(ผลการเบิกจ่าย × 100) ÷ วงเงินงบประมาณที่ได้รับ",
         data_source="ระบบการบริหารการคลังภาครัฐแบบอิเล็กทรอนิกส์ (GFMIS) จากกองคลัง",
         scheme={"type": "percent"}, criteria_text="ร้อยละผลการเบิกจ่ายที่ดำเนินการได้ = คะแนนที่ได้",
         benefits=["เร่งรัดการเบิกจ่ายให้เป็นไปตามมาตรการการคลังด้านการใช้จ่ายภาครัฐ"],
         roadmap=[{"year": 2566, "target": "ร้อยละ 100"}, {"year": 2567, "target": "ร้อยละ 100"}],
         baseline=[{"year": 2562, "result": "97.55", "unit": "ร้อยละ"}, {"year": 2563, "result": "97.68", "unit": "ร้อยละ"},
                   {"year": 2564, "result": "96.62", "unit": "ร้อยละ"}, {"year": 2565, "result": "99.23", "unit": "ร้อยละ"}],
         rounds=[("สำนัก/กอง มีผลการเบิกจ่าย ไม่น้อยกว่าร้อยละ 52", []),
                 ("สำนัก/กอง มีผลการเบิกจ่าย ไม่น้อยกว่าร้อยละ 75", [])]),
    dict(number="4", name="ร้อยละความสำเร็จการขับเคลื่อนงานตามแผนการปฏิบัติงาน", weight=15, kind="continuing",
         unit_of_measure="ร้อยละ",
         scheme={"type": "three_levels", "numeric": True, "interpolate": True, "notes": NOTES, "levels": [
             {"points": 50, "target": "95"}, {"points": 75, "target": "97.5"}, {"points": 100, "target": "100"}]},
         conditions=["การปรับเปลี่ยนแผนงานกิจกรรม จะต้องได้รับการอนุมัติจากผู้บริหาร"],
         baseline=[{"year": 2562, "result": "94.89"}, {"year": 2563, "result": "94.63"}]),
    dict(number="5", name="การดำเนินการตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล (PDPA)", weight=15, kind="new",
         scheme={"type": "three_levels", "numeric": False, "levels": [
             {"points": 50, "target": "สำนัก/กอง มีรายงานการทบทวนรายการข้อมูลส่วนบุคคล การเก็บรักษา และทำลายข้อมูลส่วนบุคคล"},
             {"points": 75, "target": "สำนัก/กอง จัดทำบันทึกกิจกรรมการประมวลผล (ROPA) ของข้อมูลส่วนบุคคลของหน่วยงาน"},
             {"points": 100, "target": "จัดทำประกาศความเป็นส่วนตัว (Privacy Notice) และเผยแพร่ infographic บนเว็บไซต์ที่กำหนด"}]},
         deduction_rule="เนื่องจากตัวชี้วัด PDPA เป็นตัวชี้วัดในภาพรวมของ สป.กษ. จึงไม่หักคะแนนในกรณีที่ดำเนินการไม่ครบทุกขั้นตอน"),
    dict(number="6", name="การประเมินสถานะของหน่วยงานเป็นระบบราชการ 4.0 (PMQA 4.0)", weight=15, unit_of_measure="คะแนน",
         scheme={"type": "three_levels", "numeric": True, "levels": [
             {"points": 50, "target": "35.0"}, {"points": 75, "target": "39.03"}, {"points": 100, "target": "43.893"}]},
         targets_remark="รับค่าคะแนน สป.กษ. ร่วมกันทุกสำนัก/กอง",
         roadmap=[{"year": y, "target": t} for y, t in ((2566, "420"), (2567, "440"), (2568, "460"),
                                                         (2569, "480"), (2570, "500"), (2571, "520"))]),
]
CATEGORIES = [("การประเมินประสิทธิภาพการดำเนินงาน (Performance Base)", 70, INDICATORS[:4]),
              ("การประเมินศักยภาพในการดำเนินงาน (Potential Base)", 30, INDICATORS[4:])]
TEMPLATE_HEADINGS = ["รายละเอียดตัวชี้วัด (KPI Template)", "คำอธิบาย", "นิยาม", "สูตรการคำนวณ", "หน่วยวัด",
                     "แหล่งข้อมูล", "ค่าเป้าหมายระยะยาว", "ข้อมูลพื้นฐาน", "เกณฑ์การให้คะแนน", "เงื่อนไข",
                     "ประโยชน์ที่จะได้รับ", "ผู้กำกับดูแลตัวชี้วัด", "ผู้จัดเก็บข้อมูล", "ตัวชี้วัดต่อเนื่อง",
                     "ตัวชี้วัดใหม่"]
FIELDS = ("description", "formula", "unit_of_measure", "data_source", "criteria_text", "targets_remark")


def build_agreement(session, signed: bool = True) -> tuple[int, list[int]]:
    unit = plans.get_or_create_unit(session, UNIT, abbreviation="สพบ.")
    receiver = agreements.get_or_create_person(session, *RECEIVER)
    maker = agreements.get_or_create_person(session, *MAKER)
    agreement_id = agreements.create_agreement(session, unit, 2566, receiver, RECEIVER[1], maker, MAKER[1],
                                               rounds=agreements.ROUND_SETS["6/9"])
    # agreements.py has no service for the signing dates and the context pages yet.
    row = session.get(Agreement, agreement_id)
    row.context = CONTEXT
    if signed:
        row.receiver_signed, row.maker_signed = RECEIVER_SIGNED, MAKER_SIGNED
    session.flush()
    rounds = agreements.load_agreement(session, agreement_id).rounds
    ids = []
    for name, weight, indicators in CATEGORIES:
        category = agreements.add_category(session, agreement_id, name, weight)
        for spec in indicators:
            fields = {k: v for k, v in spec.items() if k not in ("number", "name", "weight", "rounds", "supervisors",
                                                                  "collectors")}
            indicator_id = agreements.add_indicator(session, agreement_id, category, spec["number"], spec["name"],
                                                    spec["weight"], **fields)
            for role in ("supervisor", "collector"):
                for name_, position, office, mobile in spec.get(role + "s", []):
                    person = agreements.get_or_create_person(session, name_, position, office, mobile)
                    agreements.link_person(session, indicator_id, person, role)
            for rnd, target in zip(rounds, spec.get("rounds", [])):
                if target is not None:
                    agreements.set_round_target(session, indicator_id, rnd.id, target[0], target[1])
            ids.append(indicator_id)
    return agreement_id, ids


@pytest.fixture
def built(workspace):
    with workspace.transaction() as s:
        agreement_id, ids = build_agreement(s)
    return workspace, agreement_id, ids


def render(ws, agreement_id, writer=write_agreement_pdf, options=THAI, **kwargs) -> tuple[bytes, int]:
    out = io.BytesIO()
    with ws.session() as s:
        pages = writer(s, agreement_id, out, options, **kwargs)
    return out.getvalue(), pages


def page_texts(pdf: bytes) -> list[str]:
    return [nfkc(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def expect(text: str, thai: bool = True) -> str:
    """What a reader copies for `text`: NFKC, no whitespace, digits as the document prints them."""
    text = str(text)
    return squash(thai_digits(text) if thai else text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))


def has(page: str, needle: str, thai: bool = True) -> bool:
    return expect(needle, thai) in squash(page)


def assert_in(needle: str, haystack: str, thai: bool = True, what: str = "") -> None:
    assert expect(needle, thai) in haystack, f"{what or needle!r} is not in the PDF exactly"


# ---- the agreement --------------------------------------------------------------------------
def test_cover_has_title_clauses_names_positions_and_formal_dates(built):
    ws, agreement_id, _ = built
    pdf, pages = render(ws, agreement_id)
    texts = page_texts(pdf)
    assert pages == len(texts) >= 5
    cover = squash(texts[0])
    for line in ("คำรับรองการปฏิบัติราชการ", UNIT, "ประจำปีงบประมาณ พ.ศ. 2566"):
        assert_in(line, cover)
    with ws.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    for n, clause in enumerate(data.clauses, start=1):
        assert_in(f"{n}.{clause}", cover, what=f"clause {n}")
    assert cover.index(expect("1.คำรับรองระหว่าง")) < cover.index(expect("6.ผู้รับคำรับรอง"))
    # The signature blocks, receiver first: "(name) position date".
    receiver = expect(f"({RECEIVER[0]}){RECEIVER[1]}") + expect(date_formal(RECEIVER_SIGNED))
    maker = expect(f"({MAKER[0]}){MAKER[1]}") + expect(date_formal(MAKER_SIGNED))
    assert date_formal(RECEIVER_SIGNED) == "วันที่ ๒๖ เดือน ธันวาคม พ.ศ. ๒๕๖๕"
    assert receiver in cover and maker in cover
    assert cover.index(receiver) < cover.index(maker)
    assert not any(ch.isascii() and ch.isdigit() for ch in "".join(texts))
    assert "หน้า ๑/" in texts[0]


def test_signatures_side_by_side_receiver_left(built):
    ws, agreement_id, _ = built
    pdf, _ = render(ws, agreement_id)
    from tests.print_support import chunks

    found = {}
    for chunk in chunks(pdf):
        if chunk.page == 0 and squash(chunk.text) in (squash(f"({RECEIVER[0]})"), squash(f"({MAKER[0]})")):
            found[squash(chunk.text)] = (chunk.x, chunk.y)
    (rx, ry), (mx, my) = found[squash(f"({RECEIVER[0]})")], found[squash(f"({MAKER[0]})")]
    assert abs(ry - my) < 1 and rx + 150 < mx


def test_missing_signing_dates_leave_dotted_lines(workspace):
    with workspace.transaction() as s:
        agreement_id, _ = build_agreement(s, signed=False)
    pdf, _ = render(workspace, agreement_id)
    cover = nfkc(page_texts(pdf)[0])
    assert cover.count("วันที่ ........ เดือน") == 2
    assert "ธันวาคม พ.ศ." not in cover


def test_context_pages_list_vision_missions_issues_and_strategies(built):
    ws, agreement_id, _ = built
    pdf, _ = render(ws, agreement_id)
    texts = page_texts(pdf)
    for page, entry in zip(texts[1:3], CONTEXT):
        text = squash(page)
        assert_in(entry["title"], text)
        for key, label in (("vision", "วิสัยทัศน์"), ("missions", "พันธกิจ"),
                           ("strategic_issues", "ประเด็นยุทธศาสตร์"), ("strategies", "กลยุทธ์")):
            if entry[key]:
                assert_in(label, text)
                for item in entry[key]:
                    assert_in("•" + item, text)
            else:  # no empty heading
                assert expect(label) not in text


def test_framework_and_targets_tables(built):
    ws, agreement_id, _ = built
    pdf, _ = render(ws, agreement_id)
    texts = page_texts(pdf)
    framework = squash(next(t for t in texts if has(t, "กรอบการประเมินสำหรับหน่วยงาน")))
    assert_in("องค์ประกอบ/ตัวชี้วัดน้ำหนัก (ร้อยละ)", framework)
    for n, (name, weight, indicators) in enumerate(CATEGORIES, start=1):
        assert_in(f"{n}. {name}{weight}", framework)
        for spec in indicators:
            assert_in(f"{spec['number']}. {spec['name']}{spec['weight']}", framework)
    assert framework.endswith(expect("รวมน้ำหนัก100") + expect("หน้า 4/5"))
    assert "น้ำหนักของกรอบการประเมินยังไม่ถูกต้อง" not in framework

    targets = squash("".join(t for t in texts if has(t, "ขั้นต้น (๕๐ คะแนน)")))
    assert_in("ตัวชี้วัดน้ำหนักเป้าหมายหมายเหตุขั้นต้น (50 คะแนน)มาตรฐาน (75 คะแนน)ขั้นสูง (100 คะแนน)", targets)
    with ws.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    for indicator in data.indicators:
        cells = agreement_targets(indicator)
        row = indicator_label(indicator) + plain_number(indicator.weight)
        row += cells if isinstance(cells, str) else "".join(cells)
        assert_in(row + indicator.targets_remark, targets, what=f"targets row of {indicator.number}")
    assert_in("ร้อยละ 95ร้อยละ 97.5ร้อยละ 100", targets)
    assert_in("35.0 คะแนน39.03 คะแนน43.893 คะแนนรับค่าคะแนน สป.กษ. ร่วมกันทุกสำนัก/กอง", targets)
    assert_in("ร้อยละผลการเบิกจ่ายที่ดำเนินการได้ = คะแนนที่ได้", targets)
    assert_in("รวม100", targets)


def test_targets_header_repeats_on_every_page(workspace):
    with workspace.transaction() as s:
        agreement_id, _ = build_agreement(s)
        category = agreements.load_agreement(s, agreement_id).categories[1].id
        for n in range(7, 40):
            agreements.add_indicator(s, agreement_id, category, str(n), f"ตัวชี้วัดเพิ่มเติมที่ {n} การพัฒนาศักยภาพบุคลากร",
                                     0, scheme={"type": "three_levels", "numeric": False, "levels": LEVELS_TEXT})
    pdf, _ = render(workspace, agreement_id)
    texts = page_texts(pdf)
    framework_pages = [t for t in texts if has(t, "องค์ประกอบ/ตัวชี้วัด")]
    target_pages = [t for t in texts if has(t, "ขั้นต้น (๕๐ คะแนน)")]
    assert len(framework_pages) >= 2 and len(target_pages) >= 3
    last = max(i for i, t in enumerate(texts) if "ตัวชี้วัดเพิ่มเติมที่ ๓๙" in t)
    assert has(texts[last], "ขั้นต้น (๕๐ คะแนน)")
    everything = squash("".join(target_pages))
    for n in range(7, 40):
        assert everything.count(expect(f"{n}. ตัวชี้วัดเพิ่มเติมที่ {n} การพัฒนาศักยภาพบุคลากร0")) == 1


def test_weight_mismatch_prints_the_problem_box_before_the_framework(built):
    ws, agreement_id, ids = built
    with ws.transaction() as s:
        agreements.update_indicator(s, ids[5], weight="10")
    with ws.session() as s:
        problems = agreements.load_agreement(s, agreement_id).weight_problems()
    assert problems
    pdf, _ = render(ws, agreement_id)
    framework = squash(next(t for t in page_texts(pdf) if has(t, "กรอบการประเมินสำหรับหน่วยงาน")))
    box = framework.index(expect("น้ำหนักของกรอบการประเมินยังไม่ถูกต้อง"))
    for problem in problems:
        assert box < framework.index(expect(problem)) < framework.index(expect("องค์ประกอบ/ตัวชี้วัด"))
    assert_in("รวมน้ำหนัก100", framework)  # categories still 70 + 30: the total row says so


def test_arabic_digits_with_the_option(built):
    ws, agreement_id, _ = built
    pdf, _ = render(ws, agreement_id, options=ARABIC)
    text = "".join(page_texts(pdf))
    assert not any("๐" <= ch <= "๙" for ch in text)
    flat = squash(text)
    assert_in(date_formal(RECEIVER_SIGNED, thai=False), flat, thai=False)
    assert_in("ระยะเวลา 1 ปี เริ่มตั้งแต่วันที่ 1 ตุลาคม 2565 ถึงวันที่ 30 กันยายน 2566", flat, thai=False)
    assert_in("รวมน้ำหนัก100", flat, thai=False)
    pdf, _ = render(ws, agreement_id, write_kpi_templates_pdf, options=ARABIC)
    text = "".join(page_texts(pdf))
    assert not any("๐" <= ch <= "๙" for ch in text)
    assert_in("เป้าหมายการปฏิบัติราชการ รอบ 6 และ 9 เดือน", squash(text), thai=False)


# ---- KPI templates --------------------------------------------------------------------------
def test_every_template_field_is_printed_in_the_seed_order(built):
    ws, agreement_id, ids = built
    pdf, pages = render(ws, agreement_id, write_kpi_templates_pdf)
    texts = page_texts(pdf)
    with ws.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    starts = [i for i, t in enumerate(texts) if squash(t).startswith(expect("รายละเอียดตัวชี้วัด (KPI Template)"))]
    assert len(starts) == len(ids) == 6 and starts[0] == 0
    for number, (indicator, start) in enumerate(zip(data.indicators, starts)):
        end = starts[number + 1] if number + 1 < len(starts) else len(texts)
        text = squash("".join(texts[start:end]))
        assert_in(template_heading(indicator), squash(texts[start]))  # each starts on its own page
        positions = [text.index(expect(h)) for h in TEMPLATE_HEADINGS[:13] if h not in ("นิยาม",)]
        assert positions == sorted(positions), f"fields out of order in template {indicator.number}"
        assert_in(f"น้ำหนัก {plain_number(indicator.weight)}", text)
        for field in FIELDS:
            value = getattr(indicator, field)
            if value and field != "targets_remark":
                assert_in(value, text, what=f"{field} of {indicator.number}")
        for item in (*indicator.definitions, *indicator.conditions, *indicator.benefits):
            assert_in(item, text)
        if deduction_text(indicator):
            assert_in(deduction_text(indicator), text)
        for entry in indicator.roadmap:
            assert_in(str(entry["year"]), text)
            assert_in(entry["target"], text)
        for entry in indicator.baseline:
            assert_in(f"{entry['year']}", text)
            assert_in(entry["result"], text)
        levels = (indicator.scheme or {}).get("levels") or []
        if levels:
            header = "".join(level_header(l.get("points"), l, i) for i, l in enumerate(levels))
            assert_in(header + "".join(target_text(indicator, l) for l in levels), text)
        assert_in(rounds_heading(data), text)
        for rnd in data.rounds:
            target = next((t for t in indicator.round_targets if t.round_id == rnd.id), None)
            block = f"เป้าหมายการดำเนินงาน{rnd.label}" + (target.goal if target else "-")
            if target and target.steps:
                block += "ขั้นตอนการดำเนินงาน" + "".join(f"{n}) {step}" for n, step in enumerate(target.steps, 1))
            assert_in(block, text, what=f"round {rnd.label} of {indicator.number}")
        for people in (indicator.supervisors, indicator.collectors):
            for person in people:
                phones = ([f"โทร. {person.phone_office}"] if person.phone_office else []) + \
                         ([f"มือถือ {person.phone_mobile}"] if person.phone_mobile else [])
                assert_in(person.name + person.position + "".join(phones), text)
    assert pages == len(texts)
    assert expect(NOTES) not in squash("".join(texts))  # the scheme's working notes are not the form's


def test_empty_fields_print_a_dash_never_an_empty_heading(built):
    ws, agreement_id, ids = built
    pdf, _ = render(ws, agreement_id, write_kpi_templates_pdf, indicator_ids=[ids[4]])  # PDPA: mostly empty
    text = squash("".join(page_texts(pdf)))
    for label, following in (("คำอธิบาย", "นิยาม"), ("นิยาม", "สูตรการคำนวณ"), ("สูตรการคำนวณ", "หน่วยวัด"),
                             ("หน่วยวัด", "แหล่งข้อมูล"), ("แหล่งข้อมูล", "ค่าเป้าหมายระยะยาว"),
                             ("ค่าเป้าหมายระยะยาว", "ข้อมูลพื้นฐาน"), ("ประโยชน์ที่จะได้รับ", "เป้าหมายการปฏิบัติราชการ"),
                             ("ผู้กำกับดูแลตัวชี้วัด", "ผู้จัดเก็บข้อมูล")):
        assert expect(f"{label}-{following}") in text, label
    assert text.count(expect("เป้าหมายการดำเนินงานรอบ ๖ เดือน-")) == 1
    assert text.endswith(expect("ผู้จัดเก็บข้อมูล-") + expect("หน้า 1/1"))


def test_a_deduction_already_in_the_conditions_prints_once(built):
    ws, agreement_id, ids = built
    rule = INDICATORS[1]["deduction_rule"]
    with ws.transaction() as s:
        agreements.update_indicator(s, ids[1], conditions=[f"เงื่อนไขเป้าหมายการดำเนินงาน : {rule}"])
    pdf, _ = render(ws, agreement_id, write_kpi_templates_pdf, indicator_ids=[ids[1]])
    text = squash("".join(page_texts(pdf)))
    assert text.count(expect(rule)) == 1 and expect("เงื่อนไขเป้าหมายการดำเนินงาน:" + rule) in text


def test_a_single_template_and_checkboxes(built):
    ws, agreement_id, ids = built
    pdf, pages = render(ws, agreement_id, write_kpi_templates_pdf, indicator_ids=[ids[2]])
    text = squash("".join(page_texts(pdf)))
    assert_in(template_heading(indicators_of(ws, agreement_id)[2]), text)
    assert text.count(expect("ตัวชี้วัดที่")) == 1 and pages >= 1
    # The kind's boxes are drawn, not text: indicator 3 is continuing (one tick), 6 has no kind.
    assert _tick_count(_operators(pdf)) == 1
    pdf, _ = render(ws, agreement_id, write_kpi_templates_pdf, indicator_ids=[ids[5]])
    assert _tick_count(_operators(pdf)) == 0
    with pytest.raises(ValidationError, match="ไม่พบตัวชี้วัดรหัส 999999"):
        render(ws, agreement_id, write_kpi_templates_pdf, indicator_ids=[999_999])


def indicators_of(ws, agreement_id):
    with ws.session() as s:
        return agreements.load_agreement(s, agreement_id).indicators


def test_a_row_taller_than_a_page_still_prints(built):
    ws, agreement_id, ids = built
    """A target cell longer than a page (the first indicator, kept with its category) is split
    inside the row instead of failing the layout; every part of it is printed."""
    long_target = " ".join(f"ขั้นตอนที่ {n} จัดประชุมหารือร่วมกับหน่วยงานที่เกี่ยวข้องเพื่อทบทวนภารกิจ" for n in range(1, 50))
    with ws.transaction() as s:
        agreements.update_indicator(s, ids[0], scheme={"type": "three_levels", "numeric": False, "levels": [
            {"points": 50, "target": long_target}, {"points": 75, "target": "ข"}, {"points": 100, "target": "ค"}]})
    for writer in (write_agreement_pdf, write_kpi_templates_pdf):
        text = squash("".join(page_texts(render(ws, agreement_id, writer)[0])))
        # Where the row breaks, the page number and the other cells come between its parts.
        found = {int(n.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
                 for n in re.findall(expect("ขั้นตอนที่") + "([๐-๙]+)", text)}
        assert found == set(range(1, 50)), f"{writer.__name__}: parts {set(range(1, 50)) - found} missing"
        assert text.count(expect("ทบทวนภารกิจ")) == 49


def test_each_template_starts_on_a_new_page(built):
    ws, agreement_id, ids = built
    pdf, _ = render(ws, agreement_id, write_kpi_templates_pdf)
    texts = page_texts(pdf)
    for indicator in indicators_of(ws, agreement_id):
        heading = expect(template_heading(indicator))
        [page] = [i for i, t in enumerate(texts) if heading in squash(t)]
        assert squash(texts[page]).startswith(expect("รายละเอียดตัวชี้วัด (KPI Template)"))
        assert squash(texts[page]).count(expect("ตัวชี้วัดที่")) == 1


# ---- the command line -----------------------------------------------------------------------
def run_cli(*args, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def test_export_from_the_command_line(tmp_path):
    from app.services.workspace import open_workspace

    db = tmp_path / "คำรับรอง.plandesk"
    ws = open_workspace(db)
    with ws.transaction() as s:
        build_agreement(s)
    ws.close()
    out = tmp_path / "agreement.pdf"
    result = run_cli("export", "agreement", "--db", db, "--year", "2566", "--out", out, "--bundled-font",
                     home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "หน้า" in result.stdout and str(out) in result.stdout
    text = squash("".join(page_texts(out.read_bytes())))
    assert_in("คำรับรองการปฏิบัติราชการ", text) and "๒๕๖๖" in text

    kpi = tmp_path / "kpi.pdf"
    result = run_cli("export", "kpi-templates", "--db", db, "--year", "2566", "--unit", "สพบ.", "--out", kpi,
                     "--arabic-digits", "--bundled-font", home=tmp_path)
    assert result.returncode == 0, result.stderr
    text = "".join(page_texts(kpi.read_bytes()))
    assert "ตัวชี้วัดที่ 6" in text and not any("๐" <= ch <= "๙" for ch in text)

    missing = tmp_path / "missing.pdf"
    for args, message in (((), "ปีงบประมาณ"), (("--year", "2599"), "ไม่พบคำรับรองปีงบประมาณ พ.ศ. 2599")):
        result = run_cli("export", "agreement", "--db", db, *args, "--out", missing, home=tmp_path)
        assert result.returncode != 0
        assert message in result.stderr and "Traceback" not in result.stderr
        assert not missing.exists()


# ---- pictures for a person ------------------------------------------------------------------
def _png(pdf: bytes, page: int, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    target = ARTIFACTS / name
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(source),
                    str(target)], check=True)
    return target.with_suffix(".png")


def test_rendered_pages_for_a_person_to_look_at(built):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ws, agreement_id, _ = built
    pdf, pages = render(ws, agreement_id)
    for page, name in ((1, "agreement_page1"), (pages - 1, "agreement_framework"), (pages, "agreement_targets")):
        assert _png(pdf, page, name).stat().st_size > 15_000
    pdf, _ = render(ws, agreement_id, write_kpi_templates_pdf)
    assert _png(pdf, 1, "kpi_template").stat().st_size > 15_000
