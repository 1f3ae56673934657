"""Plans as a whole: totals, listing, the month window, copying to the next fiscal year."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from app.models import FiscalYear, ItemKind, OrgUnit, Plan, PlanItem, PlanItemMonth
from app.services import fiscal, items, plans
from app.services.errors import NotFoundError, ValidationError
from tests.support import D, add, dump_tables, make_plan, outline
from tests.test_demo import TITLE, keyed_rows

H, A, B = ItemKind.HEADING, ItemKind.ACTIVITY, ItemKind.BULLET


def heading_subtotals(rows):
    """What a printed plan shows on a heading row: the sum of the budgets below it."""
    by_id = {r.id: r for r in rows}
    subtotal = {r.id: Decimal("0.00") for r in rows}
    for r in rows:
        if r.budget is None:
            continue
        parent = r.parent_id
        while parent is not None:
            subtotal[parent] += r.budget
            parent = by_id[parent].parent_id
    return subtotal


def test_demo_total_and_heading_subtotals(demo_ws):
    with demo_ws.ws.session() as s:
        total = plans.plan_total(s, demo_ws.plan_id)
        rows = plans.load_rows(s, demo_ws.plan_id)
        keyed = keyed_rows(s, demo_ws.plan_id)
    assert total == Decimal("62960.00")
    sub = heading_subtotals(rows)
    assert sub[keyed["2.1"].id] == Decimal("49030.00")
    assert sub[keyed["2.2.5"].id] == Decimal("3430.00")  # its two bullets
    assert [sub[keyed[k].id] for k in ("1", "2", "3")] == [Decimal("3150.00"), Decimal("52460.00"),
                                                         Decimal("7350.00")]
    # Subtotals are derived for display; the grand total counts each budget once.
    assert sum(sub[keyed[k].id] for k in ("1", "2", "3")) == total


def test_plan_total_ignores_a_budget_stored_on_a_heading(demo_ws):
    """A heading never owns money (the services refuse it); even if old data has one, it is not added."""
    with demo_ws.ws.transaction() as s:
        heading_id = keyed_rows(s, demo_ws.plan_id)["2.1"].id
        s.execute(update(PlanItem).where(PlanItem.id == heading_id).values(budget=Decimal("49030.00")))
    with demo_ws.ws.session() as s:
        assert plans.plan_total(s, demo_ws.plan_id) == Decimal("62960.00")
        assert plans.list_plans(s)[0].budget_total == Decimal("62960.00")


def test_empty_plan_totals(workspace):
    with workspace.transaction() as s:
        plan_id = make_plan(s)
        add(s, plan_id, None, "หัวข้อ", kind=H)
    with workspace.session() as s:
        assert plans.plan_total(s, plan_id) == Decimal("0.00")
        [summary] = plans.list_plans(s)
        assert (summary.activity_count, summary.budget_total) == (0, Decimal("0.00"))


def test_money_is_exact_beyond_float(workspace):
    with workspace.transaction() as s:
        plan_id = make_plan(s)
        for _ in range(10):
            add(s, plan_id, None, "x", budget="0.10")
        add(s, plan_id, None, "ใหญ่", budget="999,999,999,999.99")
    with workspace.session() as s:
        assert plans.plan_total(s, plan_id) == Decimal("1000000000000.99")


def test_list_plans(demo_ws):
    with demo_ws.ws.transaction() as s:
        unit = s.get(Plan, demo_ws.plan_id).unit
        older = plans.create_plan(s, unit, 2566, "แผน ก 2566")
        add(s, older, None, "กิจกรรม", budget="10")
        add(s, older, None, "ย่อย", kind=B, budget="5")
        newer_b = plans.create_plan(s, unit, 2568, "แผน ข")
        newer_a = plans.create_plan(s, unit, 2568, "แผน ก")
    with demo_ws.ws.session() as s:
        summaries = plans.list_plans(s)
    assert [p.id for p in summaries] == [newer_a, newer_b, demo_ws.plan_id, older]  # year desc, title
    demo = summaries[2]
    assert (demo.title, demo.be_year, demo.unit_name) == (TITLE, 2567, "กลุ่มพัฒนาระบบบริหาร")
    assert (demo.activity_count, demo.budget_total) == (57, Decimal("62960.00"))
    assert (summaries[3].activity_count, summaries[3].budget_total) == (2, Decimal("15.00"))
    assert (summaries[0].activity_count, summaries[0].budget_total) == (0, Decimal("0.00"))


def test_create_plan_defaults_and_refusals(workspace):
    with workspace.transaction() as s:
        plan_id = make_plan(s, title="  แผน 2567  ")
        info = plans.plan_info(s, plan_id)
        assert info.title == "แผน 2567"
        assert (info.window_start, info.window_end) == (D(2023, 10, 1), D(2024, 9, 1))
        unit = s.get(OrgUnit, info.unit_id)
        with pytest.raises(ValidationError, match="กรุณาระบุชื่อแผน"):
            plans.create_plan(s, unit, 2567, "   ")
        with pytest.raises(ValidationError, match="ปีงบประมาณ 67 ไม่ถูกต้อง"):
            plans.create_plan(s, unit, 67, "แผน")
        with pytest.raises(ValidationError, match="วันที่ 1"):
            plans.create_plan(s, unit, 2567, "แผน", (D(2023, 10, 2), D(2024, 9, 1)))
        with pytest.raises(ValidationError, match="ไม่เกิน 24 เดือน"):
            plans.create_plan(s, unit, 2567, "แผน", (D(2023, 1, 1), D(2025, 1, 1)))
        with pytest.raises(ValidationError, match="อยู่หลังเดือนสุดท้าย"):
            plans.create_plan(s, unit, 2567, "แผน", (D(2024, 1, 1), D(2023, 10, 1)))
        # the same year and unit are reused, not duplicated
        assert plans.get_or_create_fiscal_year(s, 2567).id == plans.get_or_create_fiscal_year(s, 2567).id
        assert plans.get_or_create_unit(s, "กลุ่มทดสอบ").id == unit.id
        assert s.scalar(select(func.count()).select_from(FiscalYear)) == 1
        with pytest.raises(ValidationError, match="กรุณาระบุชื่อหน่วยงาน"):
            plans.get_or_create_unit(s, " ")


def test_rename_and_delete_plan(demo_ws):
    with demo_ws.ws.transaction() as s:
        plans.rename_plan(s, demo_ws.plan_id, " ชื่อใหม่ ")
        with pytest.raises(ValidationError):
            plans.rename_plan(s, demo_ws.plan_id, "")
    with demo_ws.ws.session() as s:
        assert plans.plan_info(s, demo_ws.plan_id).title == "ชื่อใหม่"
    with demo_ws.ws.transaction() as s:
        plans.delete_plan(s, demo_ws.plan_id)
    with demo_ws.ws.session() as s:  # items and months go with the plan (ON DELETE CASCADE)
        assert s.scalar(select(func.count()).select_from(PlanItem)) == 0
        assert s.scalar(select(func.count()).select_from(PlanItemMonth)) == 0
        with pytest.raises(NotFoundError, match="ไม่พบแผน"):
            plans.plan_info(s, demo_ws.plan_id)


def test_set_window_widen_and_narrow(demo_ws):
    ws, plan_id = demo_ws.ws, demo_ws.plan_id
    with ws.transaction() as s:  # widen by a month on each side
        plans.set_window(s, plan_id, D(2023, 8, 1), D(2024, 11, 1))
    with ws.transaction() as s:
        info = plans.plan_info(s, plan_id)
        assert (info.window_start, info.window_end) == (D(2023, 8, 1), D(2024, 11, 1))
        item = keyed_rows(s, plan_id)["3.1.1"].id
        items.set_months(s, item, [D(2023, 8, 1)])  # now inside
    with ws.transaction() as s:  # narrow back to the marked range: fine
        items.set_months(s, item, [])
        plans.set_window(s, plan_id, D(2023, 9, 1), D(2024, 9, 1))
    with ws.session() as s:
        info = plans.plan_info(s, plan_id)
        assert (info.window_start, info.window_end) == (D(2023, 9, 1), D(2024, 9, 1))


def test_set_window_refused_when_marked_months_fall_outside(demo_ws):
    ws, plan_id = demo_ws.ws, demo_ws.plan_id
    before = dump_tables(ws)
    with ws.transaction() as s:
        # The twelve months of FY 2567 would drop ก.ย. 2566, marked by 3.1.3, 3.1.4, 3.1.5, 3.2.1.
        with pytest.raises(ValidationError) as info:
            plans.set_window(s, plan_id, *fiscal.default_window(2567))
        message = str(info.value)
        assert "ปรับช่วงเดือนไม่ได้" in message and "(ก.ย. 66)" in message
        assert "“เจรจาทัวชีวิต" in message  # names an example activity
        with pytest.raises(ValidationError, match=r"\(ก.ย. 67\)"):
            plans.set_window(s, plan_id, D(2023, 9, 1), D(2024, 8, 1))
        with pytest.raises(ValidationError, match="อยู่หลังเดือนสุดท้าย"):
            plans.set_window(s, plan_id, D(2024, 9, 1), D(2023, 9, 1))
    assert dump_tables(ws) == before


def test_months_outside_a_narrowed_window_are_refused(workspace):
    with workspace.transaction() as s:
        plan_id = make_plan(s)
        item = add(s, plan_id, None, "ก")
        plans.set_window(s, plan_id, D(2024, 1, 1), D(2024, 3, 1))
        with pytest.raises(ValidationError, match="ธันวาคม 2566 อยู่นอกช่วงเดือนของแผน"):
            items.set_months(s, item, [D(2023, 12, 1)])
        assert items.set_months(s, item, [D(2024, 3, 1)]).months == {D(2024, 3, 1)}


def test_copy_to_next_year(demo_ws):
    ws, plan_id = demo_ws.ws, demo_ws.plan_id
    before = dump_tables(ws)
    with ws.transaction() as s:
        new_id = plans.copy_to_next_year(s, plan_id)
    with ws.session() as s:
        old_info, new_info = plans.plan_info(s, plan_id), plans.plan_info(s, new_id)
        assert new_info.be_year == 2568
        assert new_info.title == "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2568 ของกลุ่มพัฒนาระบบบริหาร"
        assert new_info.unit_id == old_info.unit_id
        assert (new_info.window_start, new_info.window_end) == (D(2024, 9, 1), D(2025, 10, 1))
        assert outline(s, new_id) == outline(s, plan_id)  # same tree, same numbers and titles
        assert plans.plan_total(s, new_id) == Decimal("62960.00")
        old_rows, new_rows = keyed_rows(s, plan_id), keyed_rows(s, new_id)
        assert set(new_rows) == set(old_rows)
        for key, old in old_rows.items():
            new = new_rows[key]
            assert new.id != old.id
            assert (new.kind, new.title, new.deliverable, new.budget, new.responsible, new.related,
                    new.remark, new.position) == (old.kind, old.title, old.deliverable, old.budget,
                                                  old.responsible, old.related, old.remark, old.position)
            assert new.months == {fiscal.add_months(m, 12) for m in old.months}, key
        assert sorted(new_rows["3.1.6"].months) == [D(2024, 12, 1), D(2025, 3, 1), D(2025, 6, 1), D(2025, 9, 1)]
        assert [p.be_year for p in plans.list_plans(s)] == [2568, 2567]
    after = dump_tables(ws)  # the original plan is untouched
    for table in ("plan_item", "plan_item_month"):
        assert set(before[table]) <= set(after[table])
    assert {r for r in after["plan"] if r[0] == plan_id} == {r for r in before["plan"] if r[0] == plan_id}


@pytest.mark.parametrize("title, expected", [
    ("แผนงาน", "แผนงาน (ปีงบประมาณ พ.ศ. 2568)"),
    ("แผน 25670", "แผน 25670 (ปีงบประมาณ พ.ศ. 2568)"),  # only the year as a whole number
    ("แผน 2567/2567", "แผน 2568/2568"),
])
def test_copy_to_next_year_titles(workspace, title, expected):
    with workspace.transaction() as s:
        plan_id = make_plan(s, title=title)
        new_id = plans.copy_to_next_year(s, plan_id)
        assert plans.plan_info(s, new_id).title == expected
        assert plans.plan_info(s, new_id).be_year == 2568
        assert plans.plan_info(s, new_id).window_start == D(2024, 10, 1)


def test_copy_then_edit_is_independent(demo_ws):
    with demo_ws.ws.transaction() as s:
        new_id = plans.copy_to_next_year(s, demo_ws.plan_id)
        item = keyed_rows(s, new_id)["2.1.10"].id
        items.update_item(s, item, budget="40,000.00")
    with demo_ws.ws.session() as s:
        assert plans.plan_total(s, new_id) == Decimal("60960.00")
        assert plans.plan_total(s, demo_ws.plan_id) == Decimal("62960.00")


def test_load_plan_orders_parents_first(demo_ws):
    with demo_ws.ws.session() as s:
        data = plans.load_plan(s, demo_ws.plan_id)
    seen = set()
    for row in data.rows:
        assert row.parent_id is None or row.parent_id in seen
        seen.add(row.id)
    assert data.info.id == demo_ws.plan_id and len(data.rows) == 68
    assert isinstance(data.rows[0].budget, (Decimal, type(None)))
    assert dt.date(2024, 5, 1) in keyed_rows_by_rows(data.rows)["2.1.10"].months


def keyed_rows_by_rows(rows):
    from app.services.numbering import numbers_for_rows

    nums = numbers_for_rows(rows)
    return {nums[r.id].rstrip(")"): r for r in rows if nums[r.id] != "-"}
