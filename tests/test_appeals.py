"""Appeals: the score given comes from the report, the deadline is kept (Thai message with the BE
date), a decision needs the post-appeal score when accepted, bad input changes nothing, all audited."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import Appeal, AuditEntry, EvaluationRound, RoundReport
from app.services import appeals
from app.services.errors import ValidationError
from tests.round_support import build, d

D = Decimal


@pytest.fixture
def round_with_reports(workspace):
    with workspace.transaction() as s:
        b = build(s, 3, first=["67.5", "ทราบผล เดือน ก.ย. 67", "80"])
        appeals.set_round_dates(s, b.first_round, d("2024-03-14"), d("2024-03-21"))
        reports = {r.indicator_id: r.id for r in s.scalars(select(RoundReport)
                                                             .where(RoundReport.round_id == b.first_round))}
    return workspace, b, [reports[i] for i in b.indicators]


def test_filing_takes_the_score_given_from_the_report(round_with_reports):
    ws, b, (scored, _, _) = round_with_reports
    with ws.transaction() as s:
        appeal_id = appeals.file_appeal(s, scored, "3", "  มีหลักฐานการประชุมครบ ๓ ครั้ง ", evaluation_unit="ระดับ 3",
                                        given_reason="หลักฐานไม่ครบ", filed_on=d("2024-03-21"))
    with ws.session() as s:
        [data] = appeals.list_appeals(s, b.first_round)
        log = s.scalars(select(AuditEntry).where(AuditEntry.entity == "appeal")).all()
    assert data.id == appeal_id and data.indicator_number == "4.1"
    assert (data.score_given, data.score_asked, data.state) == (D("2.50"), D("3.00"), "pending")
    assert data.explanation == "มีหลักฐานการประชุมครบ ๓ ครั้ง" and data.state_label == "รอพิจารณา"
    assert [e.action for e in log] == ["file"] and log[0].detail["score_asked"] == "3.00"


def test_refusals_change_nothing(round_with_reports):
    ws, b, (scored, unscored, _) = round_with_reports
    cases = [
        (lambda s: appeals.file_appeal(s, scored, "3", "เหตุผล", filed_on=d("2024-03-22")),
         "พ้นกำหนดอุทธรณ์แล้ว — รับอุทธรณ์ถึงวันที่ 21 มีนาคม 2567"),
        (lambda s: appeals.file_appeal(s, unscored, "3", "เหตุผล", filed_on=d("2024-03-20")), "ยังไม่มีคะแนน"),
        (lambda s: appeals.file_appeal(s, scored, "6", "เหตุผล", filed_on=d("2024-03-20")), "อยู่นอกช่วง"),
        (lambda s: appeals.file_appeal(s, scored, "สาม", "เหตุผล", filed_on=d("2024-03-20")), "ไม่ใช่ตัวเลข"),
        (lambda s: appeals.file_appeal(s, scored, "3", "  ", filed_on=d("2024-03-20")), "คำชี้แจงเพื่ออุทธรณ์"),
        (lambda s: appeals.file_appeal(s, scored, "2.5", "เหตุผล", filed_on=d("2024-03-20")), "เท่ากับคะแนนที่ได้รับ"),
        (lambda s: appeals.set_round_dates(s, b.first_round, d("2024-03-14"), d("2024-03-10")),
         "กำหนดอุทธรณ์ (10 มีนาคม 2567) อยู่ก่อนวันประกาศคะแนน"),
    ]
    for change, message in cases:
        with pytest.raises(ValidationError) as err:
            with ws.transaction() as s:
                change(s)
        assert message in err.value.message
    with ws.session() as s:
        assert s.scalars(select(Appeal)).all() == []
        round_ = s.get(EvaluationRound, b.first_round)
        assert round_.appeal_deadline == d("2024-03-21")


def test_decisions(round_with_reports):
    ws, b, (scored, _, full) = round_with_reports
    with ws.transaction() as s:
        first = appeals.file_appeal(s, scored, "3", "เหตุผล", filed_on=d("2024-03-20"))
        second = appeals.file_appeal(s, full, "4", "ขอทบทวน", filed_on=d("2024-03-20"))
    with pytest.raises(ValidationError, match="ต้องระบุคะแนนหลังการอุทธรณ์"):
        with ws.transaction() as s:
            appeals.decide(s, first, "accepted", "รับ", None, d("2024-03-24"))
    with pytest.raises(ValidationError, match="อยู่ก่อนวันที่ยื่นอุทธรณ์"):
        with ws.transaction() as s:
            appeals.decide(s, first, "accepted", "รับ", "3", d("2024-03-19"))
    with ws.transaction() as s:
        appeals.decide(s, first, "accepted", "หลักฐานครบ", "3", d("2024-03-24"))
        appeals.decide(s, second, "rejected", "ไม่มีหลักฐานเพิ่ม", "4", d("2024-03-24"))
    with ws.session() as s:
        one, two = appeals.list_appeals(s, b.first_round)
    assert (one.state, one.score_after, one.decided_on) == ("accepted", D("3.00"), d("2024-03-24"))
    assert (two.state, two.score_after, two.state_label) == ("rejected", None, "ไม่รับอุทธรณ์")
    with pytest.raises(ValidationError, match="พิจารณาแล้ว"):
        with ws.transaction() as s:
            appeals.update_appeal(s, first, score_asked="4")
    with ws.transaction() as s:
        appeals.reopen(s, first)
        appeals.update_appeal(s, first, score_asked="3.5")
        appeals.delete_appeal(s, second)
    with ws.session() as s:
        [only] = appeals.list_appeals(s, b.first_round)
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "appeal")
                                                .order_by(AuditEntry.id))]
    assert (only.state, only.score_asked) == ("pending", D("3.50"))
    assert actions == ["file", "file", "decide", "decide", "reopen", "update", "delete"]
