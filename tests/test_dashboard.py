"""The "this round" dashboard: reports due and their state, days to the due date, and this month's
planned activities not yet done."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.models import EvaluationRound, OrgUnit, PlanItemMonth, PlanItemProgress
from app.services import agreements, dashboard, plans, reports
from app.services.dashboard import days_text

MARCH = dt.date(2024, 3, 1)   # FY 2567; the demo plan marks five items in March 2567


@pytest.fixture
def board_ws(demo_ws):
    """The demo plan (FY 2567) and an agreement of the same unit and year with two indicators."""
    ws = demo_ws.ws
    with ws.transaction() as s:
        unit = s.scalar(select(OrgUnit).where(OrgUnit.name == "กลุ่มพัฒนาระบบบริหาร"))
        agreement_id = agreements.create_agreement(s, unit, 2567, None, "", None, "", rounds=(6, 12))
        category = agreements.add_category(s, agreement_id, "ประสิทธิผล", 100)
        scheme = {"type": "levels", "levels": [{"points": p, "label": str(p), "target": str(90 + p)}
                                                for p in range(1, 6)], "interpolate": True}
        first = agreements.add_indicator(s, agreement_id, category, "1", "ร้อยละการเบิกจ่าย", 60,
                                         owner_unit="กพร.", scheme=scheme)
        second = agreements.add_indicator(s, agreement_id, category, "2", "ความพึงพอใจ", 40, scheme=scheme)
        third = agreements.add_indicator(s, agreement_id, category, "3", "ความโปร่งใส", 0, scheme=scheme)
        round_id = s.scalar(select(EvaluationRound.id).where(EvaluationRound.agreement_id == agreement_id)
                            .order_by(EvaluationRound.position))
        agreements.update_round(s, round_id, due=dt.date(2024, 4, 10))
    return ws, demo_ws.plan_id, round_id, (first, second, third)


def test_days_text_in_thai():
    assert days_text(12) == "เหลือ 12 วัน"
    assert days_text(0) == "ครบกำหนดวันนี้"
    assert days_text(-3) == "เลยกำหนด 3 วัน"
    assert days_text(None) == "ไม่ได้กำหนดวันส่ง"


def test_reports_due_with_their_state_and_days_left(board_ws):
    ws, _plan, round_id, (first, second, third) = board_ws
    with ws.transaction() as s:
        draft = reports.get_or_create(s, first, round_id)
        reports.update(s, draft, result="95")
        submitted = reports.get_or_create(s, second, round_id)
        reports.update(s, submitted, result="93", actions="ดำเนินการตามแผน", preparer_name="นางสาวตรุณี คำรอด")
        reports.submit(s, submitted)
    with ws.session() as s:
        board = dashboard.round_dashboard(s, round_id, today=dt.date(2024, 3, 29))
    assert [(r.number, r.state) for r in board.reports] == [("1", "draft"), ("2", "submitted"), ("3", "not_started")]
    assert board.reports[0].report_id == draft and board.reports[2].report_id is None
    assert board.reports[0].score == "5.0000"
    assert board.counts == {"not_started": 1, "draft": 1, "submitted": 1, "reviewed": 0}
    assert board.days_left == 12 and board.due_text == "เหลือ 12 วัน"
    with ws.session() as s:
        late = dashboard.round_dashboard(s, round_id, today=dt.date(2024, 4, 13))
    assert late.days_left == -3 and late.due_text == "เลยกำหนด 3 วัน"
    assert "ร่าง 1" in dashboard.summary_line(late) and "เลยกำหนด 3 วัน" in dashboard.summary_line(late)


def test_this_months_activities_not_yet_done(board_ws):
    ws, plan_id, round_id, _ = board_ws
    with ws.session() as s:
        march_items = set(s.scalars(select(PlanItemMonth.item_id).where(PlanItemMonth.month == MARCH)))
        board = dashboard.round_dashboard(s, round_id, today=dt.date(2024, 3, 20))
        rows = {r.id: r for r in plans.load_rows(s, plan_id)}
    assert len(march_items) == 5
    assert {a.item_id for a in board.activities} == march_items
    order = [r.id for r in rows.values() if r.id in march_items]
    assert [a.item_id for a in board.activities] == order            # the plan's reading order
    assert all(a.number and a.title == rows[a.item_id].title and a.done is None for a in board.activities)

    done_id, not_done_id = order[0], order[1]
    with ws.transaction() as s:
        s.add(PlanItemProgress(item_id=done_id, done=True))
        s.add(PlanItemProgress(item_id=not_done_id, done=False))
    with ws.session() as s:
        board = dashboard.round_dashboard(s, round_id, today=dt.date(2024, 3, 20))
        april = dashboard.round_dashboard(s, round_id, today=dt.date(2024, 4, 2))
        other_year = dashboard.activities_due(s, 2568, dt.date(2024, 3, 20))
    assert done_id not in {a.item_id for a in board.activities}
    assert {a.item_id: a.done for a in board.activities}[not_done_id] is False
    assert len(board.activities) == 4
    assert len(april.activities) == 1
    assert other_year == []
