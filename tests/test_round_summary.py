"""The round summary: framework order, weighted total, the previous round beside each indicator,
missing scores said as such (never 0), decided appeals replacing the score, and few queries."""
from decimal import Decimal

from sqlalchemy import event

from app.services import appeals, round_summary
from tests.round_support import build, d

D = Decimal


def test_rows_total_and_comparison_with_the_previous_round(workspace):
    with workspace.transaction() as s:
        # 4 indicators × 25: results 67.5 → 2.5, 80 → 5, none, words (no score)
        b = build(s, 4, first=["65", "70", "60", "72.5"], second=["67.5", "80", None, "ทราบผล เดือน ก.ย. 67"])
    with workspace.session() as s:
        summary = round_summary.summarize(s, b.second_round)
    assert summary.label == "รอบ ๕ เดือนหลัง" and summary.previous_label == "รอบ ๕ เดือนแรก"
    assert [r.number for r in summary.rows] == ["4.1", "4.2", "4.3", "4.4"]
    first, second, third, fourth = summary.rows
    assert (first.current.score, first.current.weighted) == (D("2.5000"), D("0.6250"))
    assert (first.previous.score, first.change) == (D("2.0000"), D("0.5000"))
    assert second.change == D("2.0000")
    assert third.current.missing == "ยังไม่มีรายงาน" and third.current.score is None and third.change is None
    assert fourth.current.missing == "ยังไม่มีคะแนน" and fourth.current.result == "ทราบผล เดือน ก.ย. 67"
    assert summary.total == D("1.8750")                      # 0.6250 + 1.2500
    assert summary.missing == 2 and "ยังไม่มีคะแนน 2 จาก 4 ตัวชี้วัด" in summary.total_note()
    assert summary.previous_total == D("2.3750")             # (2 + 3 + 1 + 3.5) × 25 / 100
    assert summary.total_change == D("-0.5000")
    assert summary.scale_max == D(5) and summary.total_weight == D(100)
    assert round_summary.signed(summary.total_change) == "−0.50" and round_summary.signed(D("0.5")) == "+0.50"


def test_the_first_round_has_nothing_to_compare(workspace):
    with workspace.transaction() as s:
        b = build(s, 2, first=["80", "80"])
    with workspace.session() as s:
        summary = round_summary.summarize(s, b.first_round)
    assert summary.previous_round_id is None and summary.previous_total is None
    assert all(r.previous is None and r.change is None for r in summary.rows)
    assert summary.total == D("5.0000") and summary.missing == 0 and summary.total_note() == ""


def test_a_decided_appeal_gives_the_post_appeal_score(workspace):
    with workspace.transaction() as s:
        b = build(s, 2, first=["65", "70"])
        appeals.set_round_dates(s, b.first_round, d("2024-03-14"), d("2024-03-21"))
    with workspace.transaction() as s:
        report_id = round_summary.summarize(s, b.first_round).rows[0].report_id
        appeal_id = appeals.file_appeal(s, report_id, "3", "หลักฐานครบตามเกณฑ์ระดับ 3", filed_on=d("2024-03-20"))
    with workspace.session() as s:
        assert round_summary.summarize(s, b.first_round).total == D("2.5000")   # pending: unchanged
    with workspace.transaction() as s:
        appeals.decide(s, appeal_id, "partly", "รับบางส่วน", "2.5", d("2024-03-24"))
    with workspace.session() as s:
        summary = round_summary.summarize(s, b.first_round)
    row = summary.rows[0]
    assert row.current.score == D("2.0000") and row.current.score_after == D("2.5000")
    assert row.current.final_weighted == D("1.2500")
    assert summary.total == D("2.7500") and summary.total_before_appeal == D("2.5000")


def test_two_hundred_indicators_in_a_handful_of_queries(workspace):
    with workspace.transaction() as s:
        b = build(s, 200, first=["70"] * 200, second=["75"] * 199 + [None])
    statements = []
    bind = workspace.engine
    with workspace.session() as s:
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(bind, "before_cursor_execute", listener)
        try:
            summary = round_summary.summarize(s, b.second_round)
        finally:
            event.remove(bind, "before_cursor_execute", listener)
    assert len(summary.rows) == 200 and summary.missing == 1
    assert summary.total == D("3.9800")   # 199 × score 4 × weight 0.5 / 100
    assert len(statements) <= 8, statements
