"""Strategy plans (seed 004): the tree, results, scores and the overview's points against the printed figures."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import AuditEntry
from app.models.strategy import StrategyResult
from app.services import plans, strategy
from app.services.demo_strategy import build_demo_strategy, demo_strategy_data
from app.services.errors import ValidationError

NOT_KNOWN = "ทราบผล เดือน ก.ย. ๖๖"


@pytest.fixture
def demo(workspace):
    with workspace.transaction() as session:
        plan_id = build_demo_strategy(session)
    with workspace.session() as session:
        round_id = strategy.find_round(session, plan_id, "รอบ 6 เดือน")
    return workspace, plan_id, round_id


def _kpi_id(session, plan_id, number):
    return next(k.id for k in strategy.load_plan(session, plan_id).kpis if k.number == number)


def test_demo_reproduces_the_seeds_printed_scorecard(demo):
    """Seed 004's overview ends "คะแนนHR Scorecard (เต็ม ๑๐๐ คะแนน) ๒๘.๘๓".

    Our arithmetic: dimension 1 = (0 × 50 + 2 × 50)/100 / 5 × 15 = 3; dimension 2 = (4+0+5+3)/4 / 5 × 20 = 12;
    dimension 3 = KPI 3.3 level 1 × 20 % / 5 × 30 = 1.2; dimension 4 = 5/5 × 50 % × 20 = 10;
    dimension 5 = KPI 5.3 level 5 × 25 % × 70 % / 5 × 15 = 2.625; total 28.825 → 28.83.

    Where the seed looks inconsistent, and what we did:
    - KPI 1.3 shows ๒ on its form and in "ผลงานตามระดับค่าเป้าหมาย" but ๓ in the KPIs column: that column is
      the KPI's weighted points, not its level (2/5 × 100 % × 50 % × 15 = 3), and dimension 1 = 3 follows
      from level 2 (level 3 would make 4.5 and a total of 30.33). Likewise 2.1 → 4, 3.3 → 1.2, 5.3 → 2.625.
    - KPI 2.2's form prints 12.12 and KPI 3.2's 58.73 (its details say 68.78) where the overview says
      "ทราบผล เดือน ก.ย. ๖๖": we keep the overview's words; both numbers are below level 1, so 0 either way.
    - KPI 3.3's form says "ทราบผล เดือน ก.ย. ๖๖" but the overview scores it level 1 (20 of 24 media done,
      in the narrative part): we store 20, which the overview's 1.2 points and the 28.83 need.
    - Dimension 5's weight cell is lost in the conversion ("๓ ๘๗๕" is KPI 5.1's budget of 875 baht):
      15 follows from 100 − 15 − 20 − 30 − 20 and from CSF 14's printed 2.625.
    """
    workspace, plan_id, round_id = demo
    data = demo_strategy_data()
    with workspace.session() as session:
        view = strategy.overview(session, plan_id, round_id)
    assert view.total == Decimal("28.825")
    assert view.total_2dp == Decimal(data["printed_total"])
    assert view.counts() == tuple(data["printed_counts"]) == (5, 14, 20, 22)
    assert view.problems == ()
    dims = {d.number: d.id for d in view.plan.dimensions}
    assert [view.dimension_points[dims[n]] for n in "12345"] == [Decimal(3), Decimal(12), Decimal("1.2"),
                                                                Decimal(10), Decimal("2.625")]
    printed = {k["number"]: k for d in data["dimensions"] for g in d["goals"] for p in g["projects"]
               for k in p["kpis"]}
    for row in view.rows:
        seed = printed[row.kpi.number]
        assert row.points == Decimal(seed["printed_points"]), row.kpi.number
        if seed["printed_level"] == NOT_KNOWN:
            assert row.score is None and row.result.not_known, row.kpi.number
        else:
            assert row.score == Decimal(seed["printed_level"]), row.kpi.number
    for dim in data["dimensions"]:
        for goal in dim["goals"]:
            if goal["printed_points"] is not None:
                goal_id = next(g.id for g in view.plan.goals if g.number == goal["number"])
                assert view.goal_points[goal_id] == Decimal(goal["printed_points"]), goal["number"]


def test_demo_is_built_once_with_all_rounds_and_form_details(demo):
    workspace, plan_id, round_id = demo
    with workspace.transaction() as session:
        assert build_demo_strategy(session) is None
        plan = strategy.load_plan(session, plan_id)
        assert [r.label for r in plan.rounds] == ["รอบ ๔ เดือน", "รอบ ๖ เดือน", "รอบ ๙ เดือน"]
        assert plan.unit_name == "กรมส่งเสริมสหกรณ์" and plan.be_year == 2566
        kpi = plan.kpi(_kpi_id(session, plan_id, "3.2"))
        result = strategy.get_result(session, kpi.id, round_id)
        assert result.budget_disbursed == Decimal("1397139.50")
        assert result.preparer_name == "นางสาวณัชชา แสงอรุณ"
        milestone = plan.kpi(_kpi_id(session, plan_id, "1.3"))
        assert milestone.milestones and len(milestone.steps) == 5
        assert milestone.steps[0].startswith("ขั้นตอนที่ ๑) จัดทำคำชี้แจง")
        assert strategy.get_result(session, milestone.id, round_id).steps_done == (True, True, False, False, False)


def test_changing_a_result_moves_the_score_and_the_total(demo):
    workspace, plan_id, round_id = demo
    with workspace.transaction() as session:
        kpi_id = _kpi_id(session, plan_id, "2.2")    # targets 60 70 80 90 100, weight 25 of dimension 2 (20)
        saved = strategy.set_result(session, kpi_id, round_id, result="๙๐")
        assert saved.score == Decimal(4)
    with workspace.session() as session:
        view = strategy.overview(session, plan_id, round_id)
        assert view.total == Decimal("28.825") + Decimal(4)    # 4/5 × 25 % × 100 % × 20
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "strategy_result")
                                .order_by(AuditEntry.id.desc())).first()
        assert entry.detail["changes"]["result"] == [NOT_KNOWN, "๙๐"]
        assert entry.detail["changes"]["score"] == ["", "4.0000"]


def test_ticking_steps_scores_a_milestone_kpi(demo):
    workspace, plan_id, round_id = demo
    with workspace.transaction() as session:
        kpi_id = _kpi_id(session, plan_id, "1.3")
        saved = strategy.set_result(session, kpi_id, round_id, steps_done=[True, True, True, False, True])
        assert saved.score == Decimal(3)          # consecutive steps from the first: the 5th does not count
        assert saved.result == "3"
        with pytest.raises(ValidationError, match="ไม่ตรงกับขั้นตอน"):
            strategy.set_result(session, kpi_id, round_id, result="5", steps_done=[True, False])
        with pytest.raises(ValidationError, match="นอกช่วง"):
            strategy.set_result(session, kpi_id, round_id, result="7")


@pytest.mark.parametrize("fields, message", [
    ({"result": "ดีมาก"}, "ไม่ใช่ทั้งตัวเลขและข้อความ"),
    ({"result": "-5"}, "ติดลบ"),
    ({"result": "120"}, "เกิน 100"),
    ({"budget_disbursed": "หนึ่งพันบาท"}, "ไม่ใช่จำนวนเงิน"),
    ({"result": "90", "budget_disbursed": "1,0,0"}, "ไม่ใช่จำนวนเงิน"),
])
def test_bad_results_are_refused_and_change_nothing(demo, fields, message):
    workspace, plan_id, round_id = demo
    with workspace.session() as session:
        kpi_id = _kpi_id(session, plan_id, "2.2")
        before = strategy.get_result(session, kpi_id, round_id)
    with pytest.raises(ValidationError, match=message):
        with workspace.transaction() as session:
            strategy.set_result(session, kpi_id, round_id, **fields)
    with workspace.session() as session:
        assert strategy.get_result(session, kpi_id, round_id) == before


def test_interpolation_and_missing_levels_follow_the_kpi_scheme(workspace):
    with workspace.transaction() as session:
        unit = plans.get_or_create_unit(session, "หน่วยทดสอบ")
        plan_id = strategy.create_plan(session, unit, 2567, "แผนทดสอบ")
        dim = strategy.add_dimension(session, plan_id, "1", "มิติ", 100)
        goal = strategy.add_goal(session, dim, "1", "เป้า", 100)
        project = strategy.add_project(session, goal, "1", "โครงการ")
        smooth = strategy.add_kpi(session, project, "1.1", "ร้อยละ ก", 50, ["60", "65", "70", "75", "80"],
                                  unit_of_measure="ร้อยละ", scheme={"interpolate": True})
        counted = strategy.add_kpi(session, project, "1.2", "จำนวนนวัตกรรม", 50, ["-", "-", "1", "2", "3"],
                                   scheme={"interpolate": False})
        round_id = strategy.find_round(session, plan_id, "รอบ 4 เดือน")
        assert strategy.set_result(session, smooth, round_id, result="67.5").score == Decimal("2.5")
        assert strategy.set_result(session, counted, round_id, result="1").score == Decimal(3)
        assert strategy.set_result(session, counted, round_id, result="0").score == Decimal(0)
        view = strategy.overview(session, plan_id, round_id)
        assert view.total == Decimal("2.5") / 5 * Decimal("0.5") * 100
        with pytest.raises(ValidationError, match="ต้องมีค่าเป้าหมาย 5 ระดับ"):
            strategy.add_kpi(session, project, "1.3", "x", 10, ["1", "2"])
        with pytest.raises(ValidationError, match="เรียงตามระดับ"):
            strategy.add_kpi(session, project, "1.3", "x", 10, ["5", "4", "3", "2", "1"])


def test_weights_that_do_not_add_up_are_listed_not_refused(demo):
    workspace, plan_id, round_id = demo
    with workspace.transaction() as session:
        plan = strategy.load_plan(session, plan_id)
        strategy.update_dimension(session, plan.dimensions[0].id, weight=10)
        strategy.update_kpi(session, _kpi_id(session, plan_id, "1.1"), weight=40)
        problems = strategy.overview(session, plan_id, round_id).problems
    assert any("น้ำหนักของมิติรวมกันได้ 95" in p for p in problems)
    assert any("น้ำหนักของตัวชี้วัดรวมกันได้ 90" in p for p in problems)


def test_plan_and_round_lookup_for_the_command_line(demo):
    workspace, plan_id, round_id = demo
    with workspace.transaction() as session:
        assert strategy.find_plan(session, 2566) == plan_id
        assert strategy.find_plan(session, 2566, unit="กรมส่งเสริมสหกรณ์") == plan_id
        assert strategy.find_round(session, plan_id, "รอบ๖เดือน") == round_id
        with pytest.raises(ValidationError, match="ไม่พบรอบ “รอบ 12 เดือน”"):
            strategy.find_round(session, plan_id, "รอบ 12 เดือน")
        with pytest.raises(ValidationError, match="ไม่พบแผนกลยุทธ์ปีงบประมาณ พ.ศ. 2570"):
            strategy.find_plan(session, 2570)
        strategy.add_round(session, plan_id, "รอบ ๑๒ เดือน", dt.date(2022, 10, 1), dt.date(2023, 9, 30), 12)
        with pytest.raises(ValidationError, match="มี “รอบ 12 เดือน” อยู่แล้ว"):
            strategy.add_round(session, plan_id, "รอบ 12 เดือน", dt.date(2022, 10, 1), dt.date(2023, 9, 30), 12)


def test_deleting_a_kpi_removes_its_results(demo):
    workspace, plan_id, round_id = demo
    with workspace.transaction() as session:
        kpi_id = _kpi_id(session, plan_id, "5.3")
        strategy.delete_kpi(session, kpi_id)
    with workspace.session() as session:
        assert session.scalar(select(StrategyResult).where(StrategyResult.kpi_id == kpi_id)) is None
        view = strategy.overview(session, plan_id, round_id)
        assert view.total == Decimal("28.825") - Decimal("2.625")
        assert any("รวมกันได้ 75" in p for p in view.problems)
