"""Round reports: scored as they are filled, locked when reviewed, every step in the audit log."""
import datetime as dt
from decimal import Decimal

import pytest

from app.services import agreements, reports
from app.services.demo import build_demo_agreement
from app.services.errors import ValidationError

D = Decimal


@pytest.fixture
def demo(workspace):
    with workspace.transaction() as s:
        agreement_id = build_demo_agreement(s)
    with workspace.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    return workspace, data


def test_a_numeric_report_is_scored_as_it_is_filled(demo):
    ws, data = demo
    fourth, six_months = data.indicators[3], data.rounds[0]   # 95 / 97.5 / 100 → 50 / 75 / 100, weight 15
    with ws.transaction() as s:
        report_id = reports.get_or_create(s, fourth.id, six_months.id)
        assert reports.get_or_create(s, fourth.id, six_months.id) == report_id
        scored = reports.update(s, report_id, result="97.5", actions="เบิกจ่ายตามแผน")
    assert (scored.score, scored.weighted) == (D("75.0000"), D("11.2500"))
    with ws.transaction() as s:
        scored = reports.update(s, report_id, result="ทราบผล เดือน ก.ย. 66")   # not known yet: no score
    assert scored.score is None
    with ws.transaction() as s:
        scored = reports.update(s, report_id, numerator="97", denominator="100")
    assert scored.result == D("97.00") and scored.score == D("70.0000")


def test_milestone_levels_and_the_rounds_deduction(demo):
    ws, data = demo
    first = data.indicators[0]                       # levels in words, −10 when steps are incomplete
    with ws.transaction() as s:
        report_id = reports.get_or_create(s, first.id, data.rounds[0].id)
        scored = reports.update(s, report_id, steps_done=[True, True, False], deduct=True)
    assert scored.score == D("65.0000") and scored.weighted == D("13.0000")


def test_states_lock_and_reopen_with_a_reason_all_audited(demo):
    ws, data = demo
    with ws.transaction() as s:
        report_id = reports.get_or_create(s, data.indicators[3].id, data.rounds[1].id)
        reports.update(s, report_id, result="100")
        reports.add_evidence(s, report_id, "คำสั่งกรมปศุสัตว์ ที่ 1234/2566", "1234/2566", dt.date(2023, 1, 16),
                             "https://dld.go.th/order")
        reports.submit(s, report_id)
        reports.review(s, report_id)
    for change in (lambda s: reports.update(s, report_id, result="95"),
                   lambda s: reports.add_evidence(s, report_id, "เพิ่มภายหลัง"),
                   lambda s: reports.reopen(s, report_id, "  "),
                   lambda s: reports.submit(s, report_id)):
        with pytest.raises(ValidationError):
            with ws.transaction() as s:
                change(s)
    with ws.transaction() as s:
        reports.reopen(s, report_id, "แก้ผลตามหลักฐานเพิ่มเติม")
        reports.update(s, report_id, result="96.25")
    with ws.session() as s:
        log = reports.history(s, report_id)
        report = s.get(reports.RoundReport, report_id)
        assert report.state == "draft" and report.score == "62.5000"
    actions = [entry.action for entry in log]
    assert actions == ["create", "update", "add_evidence", "submit", "review", "reopen", "update"]
    assert log[5].detail["reason"] == "แก้ผลตามหลักฐานเพิ่มเติม" and all(entry.user for entry in log)


def test_bad_input_is_refused_and_changes_nothing(demo):
    ws, data = demo
    with ws.transaction() as s:
        report_id = reports.get_or_create(s, data.indicators[3].id, data.rounds[0].id)
        reports.update(s, report_id, result="97.5")
    for bad in ({"numerator": "5", "denominator": "0"}, {"budget_disbursed": "หนึ่งพัน"}, {"colour": "red"}):
        with pytest.raises(ValidationError):
            with ws.transaction() as s:
                reports.update(s, report_id, **bad)
    with pytest.raises(ValidationError):
        with ws.transaction() as s:
            reports.add_evidence(s, report_id, "เว็บไซต์", link="ftp://x")
    with ws.session() as s:
        report = s.get(reports.RoundReport, report_id)
        assert (report.result, report.numerator, report.score) == ("97.5", "", "75.0000")
    other_agreement_round = None
    with ws.session() as s:
        for summary in agreements.list_agreements(s):
            if summary.id != data.id:
                other_agreement_round = agreements.load_agreement(s, summary.id).rounds[0].id
    with pytest.raises(ValidationError):
        with ws.transaction() as s:
            reports.get_or_create(s, data.indicators[0].id, other_agreement_round)
