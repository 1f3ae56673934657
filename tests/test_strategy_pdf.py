"""The strategy results PDF (seed 004): overview by dimension, then one landscape form per KPI."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pypdf
import pytest

from app.services import strategy
from app.services.demo_strategy import build_demo_strategy
from app.services.errors import ValidationError
from app.services.printing.strategy_pdf import export_strategy
from tests.print_support import squash as _squash
from tests.print_support import unfold_am


def squash(text: str) -> str:
    return unfold_am(_squash(text))


def _args(**kw):
    base = dict(year=2566, round="รอบ 6 เดือน", unit=None, plan=None, bundled_font=True)
    base.update(kw)
    return SimpleNamespace(**base)


@pytest.fixture
def demo_session(workspace):
    with workspace.transaction() as session:
        build_demo_strategy(session)
    with workspace.session() as session:
        yield session


def _pages(pdf: bytes) -> list[str]:
    return [squash(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_overview_then_a_form_per_kpi_in_thai_digits(demo_session):
    pdf, pages, what = export_strategy(demo_session, _args(), None)
    assert what == "ผลการดำเนินงานตามแผนกลยุทธ์"
    texts = _pages(pdf)
    assert len(texts) == pages
    forms = [i for i, t in enumerate(texts) if squash("ระยะเวลา :") in t]
    assert len(forms) == 22                                  # one form per KPI, after the overview
    assert sum(t.count(squash("ผู้จัดทำข้อมูล")) for t in texts) == 22
    overview = "".join(texts[:forms[0]])
    assert squash("ผลการดำเนินงานตามแผนกลยุทธ์การบริหารทรัพยากรบุคคล กรมส่งเสริมสหกรณ์ ปีงบประมาณ พ.ศ. ๒๕๖๖") in overview
    assert squash("(๑ ตุลาคม ๒๕๖๕ ถึง ๓๑ มีนาคม ๒๕๖๖) ๖ เดือน") in overview
    assert squash("คะแนนHR Scorecard (เต็ม ๑๐๐ คะแนน)") in overview and "๒๘.๘๓" in overview
    assert squash("รวมทั้งสิ้น ๕ มิติ ๑๔ CSF ๒๐ แผนงาน/โครงการ ๒๒ ตัวชี้วัด") in overview
    assert "๑,๓๙๗,๑๓๙.๕๐" in overview and "๒.๖๒๕" in overview
    assert overview.count(squash("ทราบผล เดือน ก.ย. ๖๖")) == 14   # not known: words, never a typed 0
    assert "28.83" not in overview
    # the forms follow the tree's order, each with its heading lines
    numbers = []
    for index in forms:
        text = texts[index]
        assert squash("แผนกลยุทธ์การบริหารทรัพยากรบุคคล กรมส่งเสริมสหกรณ์ ปีงบประมาณ พ.ศ. ๒๕๖๖") in text
        assert squash("ระยะเวลา :") in text and squash("รอบ ๖ เดือน") in text
        numbers.append(text.split("KPIที่")[1][:3])
    assert numbers[:4] == ["๑.๑", "๑.๒", "๑.๓", "๒.๑"] and numbers[-1] == "๕.๔"
    milestone = texts[forms[2]]
    assert squash("ระดับขั้นความสำเร็จ (Milestone)") in milestone
    assert squash("ขั้นตอนที่ ๑) จัดทำคำชี้แจง การแบ่งส่วนราชการภายในกรม") in milestone
    assert squash("ลงชื่อ (นางสาววิชุดา รัตนพันธุ์)") in milestone


def test_arabic_digits_and_round_lookup(demo_session):
    pdf, _, _ = export_strategy(demo_session, _args(round="รอบ ๖ เดือน"), False)
    overview = _pages(pdf)[0] + _pages(pdf)[1] + _pages(pdf)[2] + _pages(pdf)[3]
    assert "28.83" in overview and "1,397,139.50" in overview
    with pytest.raises(ValidationError, match="ไม่พบรอบ “รอบ 12 เดือน”"):
        export_strategy(demo_session, _args(round="รอบ 12 เดือน"), None)
    with pytest.raises(ValidationError, match="ไม่พบแผนกลยุทธ์"):
        export_strategy(demo_session, _args(year=2570), None)


def test_a_changed_result_is_printed(workspace):
    with workspace.transaction() as session:
        plan_id = build_demo_strategy(session)
        round_id = strategy.find_round(session, plan_id, "รอบ 6 เดือน")
        kpi = next(k for k in strategy.load_plan(session, plan_id).kpis if k.number == "2.2")
        strategy.set_result(session, kpi.id, round_id, result="90")
    with workspace.session() as session:
        pdf, _, _ = export_strategy(session, _args(), False)
    overview = "".join(_pages(pdf)[:4])
    assert "32.83" in overview       # 28.825 + 4/5 × 25 % × 20
