"""Round reports: scored as they are filled, locked when reviewed, every step in the audit log."""
import datetime as dt
from decimal import Decimal

import pytest

from app.services import agreements, reports
from app.services.demo import build_demo_agreement
from app.services.errors import NotFoundError, ValidationError

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
        reports.update(s, report_id, result="100", actions="ดำเนินการตามแผน", preparer_name="นางสาวตรุณี คำรอด")
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


# ---- issue 5: the screen's API, validation, required headings, history --------------------------
def _report(ws, data, number: int, round_index: int = 0) -> int:
    with ws.transaction() as s:
        return reports.get_or_create(s, data.indicators[number].id, data.rounds[round_index].id)


def _stored(ws, report_id):
    with ws.session() as s:
        r = s.get(reports.RoundReport, report_id)
        return {c: getattr(r, c) for c in ("result", "numerator", "denominator", "parts", "steps_done",
                                           "levels_done", "actions", "score", "weighted", "budget_disbursed")}


def refused(ws, change, *fragments):
    with pytest.raises(ValidationError) as err:
        with ws.transaction() as s:
            change(s)
    for fragment in fragments:
        assert fragment in err.value.message, err.value.message
    return err.value.message


def test_results_that_are_not_numbers_or_out_of_range_are_refused_and_nothing_is_saved(demo):
    ws, data = demo
    fourth = _report(ws, data, 3)            # unit ร้อยละ, 95 / 97.5 / 100
    with ws.transaction() as s:
        reports.update(s, fourth, result="97.5", actions="ก")
    before = _stored(ws, fourth)
    refused(ws, lambda s: reports.update(s, fourth, result="ดีมาก", actions="ข"), "ผลการดำเนินงาน", "“ดีมาก”",
            "ไม่ใช่ตัวเลข")
    refused(ws, lambda s: reports.update(s, fourth, result="1-2"), "“1-2”")
    refused(ws, lambda s: reports.update(s, fourth, result="97.5 คน"), "“97.5 คน”")   # words never half-parsed
    refused(ws, lambda s: reports.update(s, fourth, result="-3"), "“-3”", "ติดลบ")
    refused(ws, lambda s: reports.update(s, fourth, result="100.5"), "“100.5”", "เกินร้อยละ 100")
    refused(ws, lambda s: reports.update(s, fourth, numerator="120", denominator="100"), "เกินร้อยละ 100")
    refused(ws, lambda s: reports.update(s, fourth, parts=["50", "สิบ"]), "ลำดับที่ 2", "“สิบ”")
    refused(ws, lambda s: reports.update(s, fourth, budget_disbursed="-5"), "งบประมาณ")
    refused(ws, lambda s: reports.update(s, fourth, prepared_on="16/1/2567"), "วันที่จัดทำข้อมูล", "16/1/2567")
    assert _stored(ws, fourth) == before
    # numbers as officers type them; words that say "not known yet" give no score
    for typed, score in (("๙๗.๕", D("75.0000")), ("ร้อยละ 100", D("100.0000")), ("97.5 %", D("75.0000")),
                         ("ทราบผล เดือน ก.ย. 66", None), ("อยู่ระหว่างรวบรวมข้อมูล", None), ("", None)):
        with ws.transaction() as s:
            assert reports.update(s, fourth, result=typed).score == score, typed
    with ws.transaction() as s:   # half a formula typed so far: no score, no refusal
        assert reports.update(s, fourth, result="", numerator="97").score is None


def test_steps_are_limited_to_the_indicators_levels(demo):
    ws, data = demo
    first = _report(ws, data, 0)             # three levels in words
    refused(ws, lambda s: reports.update(s, first, steps_done=[True] * 4), "ไม่เกิน 3 ระดับ", "4 ระดับ")
    refused(ws, lambda s: reports.update(s, first, levels_done=["ก", "ข", "ค", "ง"]), "ไม่เกิน 3 ระดับ")
    with ws.transaction() as s:
        assert reports.update(s, first, steps_done=[False, False, False]).score == D(0)
        assert reports.update(s, first, steps_done=[]).score is None
        assert reports.update(s, first, result="ข้อความใดก็ได้").score is None   # a note for step schemes


def test_submit_names_every_empty_required_heading_and_changes_nothing(demo):
    ws, data = demo
    numeric, steps = _report(ws, data, 3), _report(ws, data, 0)
    with ws.session() as s:
        assert reports.missing_headings(s, numeric) == [
            "ผลการดำเนินงาน", "คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ", "ผู้จัดทำข้อมูล (ลงชื่อ)"]
        assert reports.missing_headings(s, steps)[0] == "ข้อมูลผลการดำเนินงาน (ระดับ/ขั้นตอนที่ทำได้)"
    message = refused(ws, lambda s: reports.submit(s, numeric), "ส่งรายงานไม่ได้", "ผลการดำเนินงาน",
                      "คำชี้แจงการปฏิบัติงาน", "ผู้จัดทำข้อมูล")
    assert message.count("ส่งรายงานไม่ได้") == 1
    with ws.transaction() as s:
        reports.update(s, numeric, result="ทราบผล เดือน ก.ย. 67", actions="รวบรวมข้อมูล")
    refused(ws, lambda s: reports.submit(s, numeric), "ผู้จัดทำข้อมูล (ลงชื่อ)")
    with ws.session() as s:
        assert s.get(reports.RoundReport, numeric).state == "draft"
        assert [e.action for e in reports.history(s, numeric)] == ["create", "update"]
    with ws.transaction() as s:
        reports.update(s, numeric, preparer_name="นายเจษฎา พึ่งธรรมวงศ์")
        reports.submit(s, numeric)
    with ws.session() as s:
        assert reports.load_report(s, numeric).state_label == "ส่งแล้ว"


def test_load_report_has_everything_the_form_needs(demo):
    ws, data = demo
    first = data.indicators[0]
    report_id = _report(ws, data, 0)
    with ws.transaction() as s:
        reports.update(s, report_id, steps_done=[True, True, False], levels_done=["ทำแผน", "ขับเคลื่อน"],
                       actions="ก\nข", budget_disbursed="1,397,139.50", preparer_name="ผู้จัดทำ",
                       prepared_on=dt.date(2024, 3, 31))
        reports.add_evidence(s, report_id, "คำสั่ง", "ที่ 2/2567", dt.date(2024, 1, 16), "https://secretary.dld.go.th")
    with ws.session() as s:
        view = reports.load_report(s, report_id)
    assert view.indicator.id == first.id and view.indicator.name == first.name
    assert view.round.id == data.rounds[0].id and [r.label for r in view.rounds] == [r.label for r in data.rounds]
    assert view.round_target is not None and view.round_target.steps   # seed 002 indicator 1 has steps for 6 months
    assert view.mode == "steps" and len(view.step_labels) == 3 and view.step_labels[0].startswith("ระดับ ")
    assert view.steps_done == (True, True, False) and view.levels_done == ("ทำแผน", "ขับเคลื่อน")
    assert (view.score, view.weighted, view.result_text) == (D("75.0000"), D("15.0000"), "2")
    assert view.budget_disbursed == D("1397139.50") and view.prepared_on == dt.date(2024, 3, 31)
    assert [(e.title, e.reference, e.dated, e.link) for e in view.evidence] == [
        ("คำสั่ง", "ที่ 2/2567", dt.date(2024, 1, 16), "https://secretary.dld.go.th")]
    assert view.state == "draft" and not view.locked and view.attachments == ()
    assert len(view.criteria) == 3 and view.criteria[0][1] == first.scheme["levels"][0]["target"]


def test_round_reports_lists_every_indicator_in_framework_order(demo):
    ws, data = demo
    report_id = _report(ws, data, 3)
    with ws.transaction() as s:
        reports.update(s, report_id, result="100")
    with ws.session() as s:
        rows = reports.round_reports(s, data.rounds[0].id)
        other_round = reports.round_reports(s, data.rounds[1].id)
    assert [r.indicator_id for r in rows] == [i.id for i in data.indicators]
    assert [(r.report_id is not None, r.state_label) for r in rows][3] == (True, "ร่าง")
    assert rows[3].score == D(100) and rows[3].weighted == D(15) and rows[3].result == "100"
    assert rows[0].report_id is None and rows[0].state_label == "ยังไม่เริ่ม" and rows[0].score is None
    assert all(r.report_id is None for r in other_round)
    with pytest.raises(NotFoundError):
        with ws.session() as s:
            reports.round_reports(s, 987654)


def test_evidence_is_edited_removed_and_locked_with_the_report(demo):
    ws, data = demo
    report_id = _report(ws, data, 3)
    with ws.transaction() as s:
        first = reports.add_evidence(s, report_id, "ตาราง")
        second = reports.add_evidence(s, report_id, "แผน", link="https://dld.go.th")
        reports.update_evidence(s, first, reference="ที่ 2/2567", dated=dt.date(2024, 1, 16))
    refused(ws, lambda s: reports.update_evidence(s, first, title="  "), "ชื่อหลักฐาน")
    refused(ws, lambda s: reports.update_evidence(s, second, link="ftp://x"), "“ftp://x”", "“แผน”")
    refused(ws, lambda s: reports.update_evidence(s, second, colour="red"), "colour")
    with ws.transaction() as s:
        assert reports.remove_evidence(s, first)["title"] == "ตาราง"
        view = reports.load_report(s, report_id)
    assert [(e.title, e.position) for e in view.evidence] == [("แผน", 0)]
    with ws.transaction() as s:
        reports.update(s, report_id, result="100", actions="ก", preparer_name="ข")
        reports.submit(s, report_id)
        reports.review(s, report_id)
    refused(ws, lambda s: reports.update_evidence(s, second, title="ใหม่"), "ล็อก")
    refused(ws, lambda s: reports.remove_evidence(s, second), "ล็อก")
    with ws.session() as s:
        lines = [line.text for line in reports.history_lines(s, report_id)]
    assert "เพิ่มหลักฐาน “ตาราง”" in lines and "ลบหลักฐาน “ตาราง”" in lines
    assert "แก้ไขหลักฐาน เลขที่หนังสือ: “” → “ที่ 2/2567”; ลงวันที่: “” → “2024-01-16”" in lines
    assert lines[-2:] == ["ส่งรายงาน", "ตรวจแล้วและล็อกรายงาน"]


def test_history_says_who_when_and_what_in_thai(demo):
    ws, data = demo
    report_id = _report(ws, data, 3)
    with ws.transaction() as s:
        reports.update(s, report_id, result="97.5")
        reports.update(s, report_id, result="97.5")          # no change: no entry
        reports.update(s, report_id, result="100")
    with ws.session() as s:
        log = reports.history(s, report_id)
        lines = reports.history_lines(s, report_id)
    assert [e.action for e in log] == ["create", "update", "update"]
    assert lines[1].text == "แก้ไข ผลการดำเนินงาน: “” → “97.5”; คะแนน 75.00"
    assert lines[2].text == "แก้ไข ผลการดำเนินงาน: “97.5” → “100”; คะแนน 100.00"
    assert log[2].detail["score_before"] == "75.0000" and log[2].detail["score"] == "100.0000"
    assert all(line.user == reports.current_user() and line.at for line in lines)


# ---- the demo: seed 001's report as round "รอบ 6 เดือน" of fiscal year 2567 -------------------------
def test_the_demo_holds_seed_001s_report_filed_in_fy_2567(workspace):
    from app.services import rounds
    from app.services.demo_reports import build_demo_reports, seed_001

    with workspace.transaction() as s:
        build_demo_agreement(s)
        report_id = build_demo_reports(s)
        assert build_demo_reports(s) is None          # once only
    seed = seed_001()["report"]
    with workspace.session() as s:
        round_id = rounds.find_round(s, 2567, "รอบ 6 เดือน", unit="สำนักงานเลขานุการกรม")
        assert rounds.find_round(s, 2567, "รอบ ๖ เดือน") == round_id
        view = reports.load_report(s, report_id)
    assert view.round.id == round_id and view.be_year == 2567 and view.unit_name == "สำนักงานเลขานุการกรม"
    assert [r.label for r in view.rounds] == ["รอบ 6 เดือน", "รอบ 12 เดือน"]
    assert view.indicator.name == "ระดับความสำเร็จของการปรับปรุงกระบวนการงาน" and view.indicator.weight == D(5)
    assert (view.score, view.weighted, view.result_text) == (D(5), D("0.25"), "5")
    assert view.levels_done == tuple(seed["levels_done"]) and len(view.levels_done) == 5
    assert len(view.actions.splitlines()) == 6 and view.obstacles == seed["obstacles"]
    assert view.state == "submitted"
    assert [e.title for e in view.evidence][1:3] == ["ตารางแสดงกระบวนการที่เป็นภารกิจหลักของสำนักงานเลขาธิการกรม",
                                                     "แผนปรับปรุงกระบวนการของสำนักงานเลขาธิการกรม"]
    order = view.evidence[0]
    assert (order.reference, order.dated) == ("คำสั่งสำนักงานเลขาธิการกรม ที่ 2/2567", dt.date(2024, 1, 16))
    assert view.evidence[3].link == "https://secretary.dld.go.th"
