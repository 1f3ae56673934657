"""The report PDF prints the round target's steps of a step-scored indicator, ☑ where the report
ticked them (round_report.round_steps, issue 7), after the calculation table."""
from __future__ import annotations

from app.services import agreements, reports
from app.services.demo import build_demo_agreement
from tests.test_print_blocks import _operators, _tick_count
from tests.test_report_pdf import in_order, pdf_of, texts
from app.services.printing.report_pdf import write_report_pdf


def test_the_rounds_steps_print_with_their_ticks(workspace):
    with workspace.transaction() as s:
        data = agreements.load_agreement(s, build_demo_agreement(s))
        milestones, round_ = data.indicators[0], data.rounds[0]
        report_id = reports.get_or_create(s, milestones.id, round_.id)
        reports.update(s, report_id, actions="ดำเนินการตามขั้นตอน")
    target = next(t for t in milestones.round_targets if t.round_id == round_.id)
    assert len(target.steps) == 4

    blank, _ = pdf_of(workspace, write_report_pdf, report_id)
    with workspace.transaction() as s:
        reports.update(s, report_id, round_steps=[True, True, False, True])
    ticked, pages = pdf_of(workspace, write_report_pdf, report_id)

    text = "".join(texts(ticked))
    in_order(text, ["การคำนวณคะแนนจากผลการดำเนินงาน", "ขั้นตอนการดำเนินงานของรอบนี้", f"เป้าหมาย: {target.goal}",
                    *[f"ขั้นตอนที่ {n} {step}" for n, step in enumerate(target.steps, start=1)],
                    "คำชี้แจงการปฏิบัติงาน"])
    # Three more check marks than the unticked form (the round checkbox of the header is ticked on both).
    count = lambda pdf: sum(_tick_count(_operators(pdf, p)) for p in range(pages))   # noqa: E731
    assert count(ticked) - count(blank) == 3


def test_a_numeric_indicator_has_no_round_steps_section(workspace):
    with workspace.transaction() as s:
        data = agreements.load_agreement(s, build_demo_agreement(s))
        report_id = reports.get_or_create(s, data.indicators[5].id, data.rounds[0].id)   # numeric, 5 steps
    pdf, _ = pdf_of(workspace, write_report_pdf, report_id)
    assert "ขั้นตอนการดำเนินงานของรอบนี้" not in "".join(texts(pdf))
