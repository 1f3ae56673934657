"""Editing plan items through the services: one unit of work per user action."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import ItemKind, PlanItem, PlanItemMonth
from app.services import items, plans
from app.services.errors import NotFoundError, ValidationError
from tests.support import D, add, assert_tree_invariants, dump_tables, make_plan, outline, session_tables

A, H, B = ItemKind.ACTIVITY, ItemKind.HEADING, ItemKind.BULLET
OCT, NOV, DEC = D(2023, 10, 1), D(2023, 11, 1), D(2023, 12, 1)


@pytest.fixture
def tree(workspace):
    """1) หัวข้อ1 > [1.1) ก (1,000.00; ต.ค., พ.ย.) > [1.1.1) ก1 (50.00; พ.ย.), - ย่อย], 1.2) ข, 1.3) ค]
    2) หัวข้อ2 > [2.1) ง (200.00)]"""
    ids = {}
    with workspace.transaction() as s:
        ids["plan"] = plan = make_plan(s)
        ids["h1"] = add(s, plan, None, "หัวข้อ1", kind=H)
        ids["a"] = add(s, plan, ids["h1"], "ก", budget=Decimal("1000"), months=[OCT, NOV],
                       deliverable="ผลลัพธ์", responsible="กพร.", related="ก.พ.ร.", remark="หมายเหตุ")
        ids["a1"] = add(s, plan, ids["a"], "ก1", budget="50", months=[NOV])
        ids["bullet"] = add(s, plan, ids["a"], "ย่อย", kind=B)
        ids["b"] = add(s, plan, ids["h1"], "ข")
        ids["c"] = add(s, plan, ids["h1"], "ค")
        ids["h2"] = add(s, plan, None, "หัวข้อ2", kind=H)
        ids["d"] = add(s, plan, ids["h2"], "ง", budget="200.00")
    workspace.ids = ids
    return ids


def children(session, parent_id, plan_id=None):
    query = select(PlanItem.title).order_by(PlanItem.position)
    query = query.where(PlanItem.parent_id.is_(None), PlanItem.plan_id == plan_id) if parent_id is None \
        else query.where(PlanItem.parent_id == parent_id)
    return list(session.scalars(query))


def test_tree_fixture_outline(workspace, tree):
    with workspace.session() as s:
        assert outline(s, tree["plan"]) == [
            "1) หัวข้อ1", "  1.1) ก", "    1.1.1) ก1", "    - ย่อย", "  1.2) ข", "  1.3) ค",
            "2) หัวข้อ2", "  2.1) ง"]
        assert_tree_invariants(s, tree["plan"])


def test_insert_at_index_shifts_later_siblings(workspace, tree):
    with workspace.transaction() as s:
        row = items.insert_item(s, tree["plan"], tree["h1"], 1, title="แทรก", budget="1,050.00",
                                months=[D(2024, 2, 15)])
    assert row.position == 1 and row.parent_id == tree["h1"]
    assert row.budget == Decimal("1050.00") and row.months == frozenset({D(2024, 2, 1)})  # first of month
    with workspace.session() as s:
        assert children(s, tree["h1"]) == ["ก", "แทรก", "ข", "ค"]
        assert items.get_row(s, tree["c"]).position == 3
        assert_tree_invariants(s, tree["plan"])


@pytest.mark.parametrize("index, expected", [(-5, ["ใหม่", "ก", "ข", "ค"]), (0, ["ใหม่", "ก", "ข", "ค"]),
                                             (3, ["ก", "ข", "ค", "ใหม่"]), (99, ["ก", "ข", "ค", "ใหม่"])])
def test_insert_index_is_clamped(workspace, tree, index, expected):
    with workspace.transaction() as s:
        items.insert_item(s, tree["plan"], tree["h1"], index, title="ใหม่")
    with workspace.session() as s:
        assert children(s, tree["h1"]) == expected
        assert_tree_invariants(s, tree["plan"])


def test_insert_at_top_level(workspace, tree):
    with workspace.transaction() as s:
        items.insert_item(s, tree["plan"], None, 1, kind=H, title="กลาง")
        assert children(s, None, tree["plan"]) == ["หัวข้อ1", "กลาง", "หัวข้อ2"]
        assert_tree_invariants(s, tree["plan"])


def test_insert_under_parent_of_another_plan_is_refused(workspace, tree):
    with workspace.transaction() as s:
        other = make_plan(s, title="แผนอื่น")
        before = session_tables(s)
        with pytest.raises(ValidationError, match="คนละแผน"):
            items.insert_item(s, other, tree["a"], 0, title="x")
        assert session_tables(s) == before
        with pytest.raises(NotFoundError, match="ไม่พบแผน"):
            items.insert_item(s, 987654, None, 0, title="x")


def test_delete_returns_snapshot_and_restore_puts_back_identical_rows(workspace, tree):
    before = dump_tables(workspace)
    with workspace.transaction() as s:
        snapshot = items.delete_item(s, tree["a"])
    assert snapshot.row.id == tree["a"] and snapshot.row.position == 0
    assert [n.row.title for n in snapshot.walk()] == ["ก", "ก1", "ย่อย"]
    assert snapshot.row.budget == Decimal("1000.00") and snapshot.row.months == {OCT, NOV}
    assert snapshot.children[0].row.months == {NOV}
    with workspace.session() as s:
        assert children(s, tree["h1"]) == ["ข", "ค"]
        assert s.scalar(select(PlanItem).where(PlanItem.id.in_([tree["a"], tree["a1"], tree["bullet"]]))) is None
        assert not s.scalars(select(PlanItemMonth).where(
            PlanItemMonth.item_id.in_([tree["a"], tree["a1"]]))).all()
        assert_tree_invariants(s, tree["plan"])
    with workspace.transaction() as s:
        items.restore_subtree(s, tree["plan"], snapshot)
    assert dump_tables(workspace) == before  # same ids, positions, fields and months


def test_delete_middle_then_restore(workspace, tree):
    before = dump_tables(workspace)
    with workspace.transaction() as s:
        snapshot = items.delete_item(s, tree["b"])
        assert children(s, tree["h1"]) == ["ก", "ค"]
        assert_tree_invariants(s, tree["plan"])
    with workspace.transaction() as s:
        items.restore_subtree(s, tree["plan"], snapshot)
    assert dump_tables(workspace) == before


def test_delete_missing_item(workspace, tree):
    with workspace.transaction() as s:
        items.delete_item(s, tree["c"])
    with workspace.transaction() as s:
        with pytest.raises(NotFoundError, match="ไม่พบรายการ"):
            items.delete_item(s, tree["c"])


def test_move_within_same_parent(workspace, tree):
    with workspace.transaction() as s:
        old = items.move_item(s, tree["a"], tree["h1"], 2)  # index counts siblings without ก
        assert old == (tree["h1"], 0)
        assert children(s, tree["h1"]) == ["ข", "ค", "ก"]
        assert_tree_invariants(s, tree["plan"])
        items.move_item(s, tree["a"], tree["h1"], 1)
        assert children(s, tree["h1"]) == ["ข", "ก", "ค"]
        items.move_item(s, tree["a"], *old)  # moving back to the returned place undoes it
        assert children(s, tree["h1"]) == ["ก", "ข", "ค"]
        assert_tree_invariants(s, tree["plan"])


def test_move_across_parents_keeps_subtree(workspace, tree):
    with workspace.transaction() as s:
        old = items.move_item(s, tree["a"], tree["h2"], 0)
        assert old == (tree["h1"], 0)
        assert children(s, tree["h1"]) == ["ข", "ค"]
        assert children(s, tree["h2"]) == ["ก", "ง"]
        assert children(s, tree["a"]) == ["ก1", "ย่อย"]  # descendants travel along
        assert_tree_invariants(s, tree["plan"])
        items.move_item(s, tree["d"], None, 0)  # to the top level
        assert children(s, None, tree["plan"]) == ["ง", "หัวข้อ1", "หัวข้อ2"]
        assert_tree_invariants(s, tree["plan"])
    with workspace.session() as s:
        assert outline(s, tree["plan"])[:3] == ["1) ง", "2) หัวข้อ1", "  2.1) ข"]


def test_move_under_itself_or_descendant_is_refused(workspace, tree):
    before = dump_tables(workspace)
    with workspace.transaction() as s:
        for target in (tree["a"], tree["a1"], tree["bullet"]):
            with pytest.raises(ValidationError, match="ใต้ตัวเอง"):
                items.move_item(s, tree["a"], target, 0)
        assert_tree_invariants(s, tree["plan"])
    assert dump_tables(workspace) == before


def test_move_to_another_plan_is_refused(workspace, tree):
    with workspace.transaction() as s:
        other = make_plan(s, title="แผนอื่น")
        other_item = add(s, other, None, "x")
        before = session_tables(s)
        with pytest.raises(ValidationError, match="ข้ามแผน"):
            items.move_item(s, tree["a"], other_item, 0)
        assert session_tables(s) == before


def test_indent_target_is_last_child_of_sibling_above(workspace, tree):
    with workspace.transaction() as s:
        assert items.indent_target(s, tree["b"]) == (tree["a"], 2)
        items.move_item(s, tree["b"], *items.indent_target(s, tree["b"]))
        assert children(s, tree["a"]) == ["ก1", "ย่อย", "ข"]
        assert children(s, tree["h1"]) == ["ก", "ค"]
        assert items.indent_target(s, tree["c"]) == (tree["a"], 3)
        assert_tree_invariants(s, tree["plan"])


@pytest.mark.parametrize("name", ["h1", "a", "a1", "d"])
def test_indent_first_child_is_refused(workspace, tree, name):
    with workspace.session() as s:
        with pytest.raises(ValidationError, match="เยื้องเข้าไม่ได้ — ไม่มีรายการระดับเดียวกันอยู่ด้านบน"):
            items.indent_target(s, tree[name])


def test_outdent_target_is_right_after_parent(workspace, tree):
    with workspace.transaction() as s:
        assert items.outdent_target(s, tree["a1"]) == (tree["h1"], 1)
        items.move_item(s, tree["a1"], *items.outdent_target(s, tree["a1"]))
        assert children(s, tree["h1"]) == ["ก", "ก1", "ข", "ค"]
        assert children(s, tree["a"]) == ["ย่อย"]
        assert items.outdent_target(s, tree["d"]) == (None, 2)
        items.move_item(s, tree["d"], *items.outdent_target(s, tree["d"]))
        assert children(s, None, tree["plan"]) == ["หัวข้อ1", "หัวข้อ2", "ง"]
        assert_tree_invariants(s, tree["plan"])


def test_outdent_top_level_is_refused(workspace, tree):
    with workspace.session() as s:
        with pytest.raises(ValidationError, match="เยื้องออกไม่ได้ — รายการนี้อยู่ระดับบนสุดแล้ว"):
            items.outdent_target(s, tree["h2"])


def test_step_targets(workspace, tree):
    with workspace.transaction() as s:
        assert items.step_target(s, tree["b"], -1) == (tree["h1"], 0)
        assert items.step_target(s, tree["b"], +1) == (tree["h1"], 2)
        items.move_item(s, tree["b"], *items.step_target(s, tree["b"], +1))
        assert children(s, tree["h1"]) == ["ก", "ค", "ข"]
        items.move_item(s, tree["a"], *items.step_target(s, tree["a"], +1))
        assert children(s, tree["h1"]) == ["ค", "ก", "ข"]
        with pytest.raises(ValidationError, match="เลื่อนขึ้นไม่ได้ — อยู่บนสุดแล้ว"):
            items.step_target(s, tree["c"], -1)
        with pytest.raises(ValidationError, match="เลื่อนลงไม่ได้ — อยู่ล่างสุดแล้ว"):
            items.step_target(s, tree["b"], +1)
        with pytest.raises(ValidationError, match="เลื่อนลงไม่ได้"):
            items.step_target(s, tree["d"], +1)  # only child
        assert_tree_invariants(s, tree["plan"])


def test_duplicate_copies_subtree_with_months_and_budgets(workspace, tree):
    with workspace.transaction() as s:
        copy_id = items.duplicate_item(s, tree["a"])
    with workspace.session() as s:
        assert children(s, tree["h1"]) == ["ก", "ก", "ข", "ค"]
        original, copy = items.subtree(s, tree["a"]), items.subtree(s, copy_id)
        assert copy.row.position == 1
        originals, copies = list(original.walk()), list(copy.walk())
        assert len(copies) == 3
        assert not {n.row.id for n in originals} & {n.row.id for n in copies}  # new ids
        for o, c in zip(originals, copies):
            fields = ("kind", "title", "deliverable", "budget", "responsible", "related", "remark", "months")
            assert [getattr(c.row, f) for f in fields] == [getattr(o.row, f) for f in fields]
        assert copies[1].row.parent_id == copy_id
        assert plans.plan_total(s, tree["plan"]) == Decimal("2300.00")  # 1000 + 50 twice, + 200
        assert_tree_invariants(s, tree["plan"])


def test_subtree_of_leaf_and_missing(workspace, tree):
    with workspace.session() as s:
        node = items.subtree(s, tree["c"])
        assert node.row.title == "ค" and node.children == ()
        with pytest.raises(NotFoundError):
            items.get_row(s, 10**9)


# --- refusals: each says why in Thai and changes nothing -------------------------------------

def refused(workspace, action, match):
    """Run action(session) expecting a ValidationError; nothing may change, in or out of the session."""
    before = dump_tables(workspace)
    with workspace.transaction() as s:
        inside = session_tables(s)
        with pytest.raises(ValidationError, match=match) as info:
            action(s)
        assert session_tables(s) == inside
    assert dump_tables(workspace) == before
    return str(info.value)


def test_heading_refuses_budget(workspace, tree):
    msg = refused(workspace, lambda s: items.update_item(s, tree["h1"], budget="100"), "หัวข้อแสดงผลรวมงบประมาณ")
    assert "ใส่งบประมาณที่กิจกรรม" in msg
    refused(workspace, lambda s: items.update_item(s, tree["h1"], budget=Decimal("1")), "หัวข้อ")
    refused(workspace, lambda s: items.insert_item(s, tree["plan"], None, 0, kind=H, title="x", budget="5"),
            "หัวข้อแสดงผลรวมงบประมาณ")


def test_heading_refuses_months(workspace, tree):
    refused(workspace, lambda s: items.set_months(s, tree["h1"], [OCT]), "หัวข้อไม่มีเดือนดำเนินการของตัวเอง")
    refused(workspace, lambda s: items.insert_item(s, tree["plan"], None, 0, kind=H, title="x", months=[OCT]),
            "หัวข้อไม่มีเดือนดำเนินการของตัวเอง")
    with workspace.transaction() as s:  # clearing months of a heading is fine (nothing to clear)
        assert items.set_months(s, tree["h1"], []).months == frozenset()


def test_turning_item_with_budget_or_months_into_heading_is_refused(workspace, tree):
    refused(workspace, lambda s: items.update_item(s, tree["a"], kind="heading"), "หัวข้อแสดงผลรวมงบประมาณ")
    refused(workspace, lambda s: items.update_item(s, tree["a"], kind=H, budget=None),
            "หัวข้อไม่มีเดือนดำเนินการของตัวเอง")  # still has ต.ค. and พ.ย.
    with workspace.transaction() as s:  # with neither it works
        row = items.update_item(s, tree["b"], kind="heading")
        assert row.kind == H
    with workspace.session() as s:
        assert s.get(PlanItem, tree["b"]).kind == "heading"


def test_months_outside_window_are_refused(workspace, tree):
    # Default window of FY 2567: ต.ค. 2566 – ก.ย. 2567.
    msg = refused(workspace, lambda s: items.set_months(s, tree["a"], [OCT, D(2024, 10, 1)]), "อยู่นอกช่วงเดือนของแผน")
    assert "ตุลาคม 2567" in msg and "ต.ค. 66" in msg and "ก.ย. 67" in msg
    refused(workspace, lambda s: items.set_months(s, tree["b"], [D(2023, 9, 30)]), "กันยายน 2566")
    refused(workspace, lambda s: items.insert_item(s, tree["plan"], None, 0, title="x", months=[D(2025, 1, 1)]),
            "อยู่นอกช่วงเดือนของแผน")


def test_set_months_replaces_exactly(workspace, tree):
    with workspace.transaction() as s:
        row = items.set_months(s, tree["a"], [NOV, D(2023, 12, 25), D(2024, 9, 1)])
        assert row.months == {NOV, DEC, D(2024, 9, 1)}
    with workspace.session() as s:
        assert items.get_row(s, tree["a"]).months == {NOV, DEC, D(2024, 9, 1)}
        assert items.get_row(s, tree["a1"]).months == {NOV}  # others untouched
    with workspace.transaction() as s:
        items.set_months(s, tree["a"], [])
    with workspace.session() as s:
        assert items.get_row(s, tree["a"]).months == frozenset()


def test_update_item_with_bad_budget_changes_nothing(workspace, tree):
    msg = refused(workspace, lambda s: items.update_item(s, tree["a"], title="ชื่อใหม่", budget="1,05"),
                  "ไม่ใช่จำนวนเงินที่ถูกต้อง")
    assert "1,05" in msg
    refused(workspace, lambda s: items.update_item(s, tree["a"], budget=Decimal("-1")), "ติดลบ")
    refused(workspace, lambda s: items.update_item(s, tree["a"], budget=Decimal("NaN")), "ไม่ใช่จำนวนเงิน")
    refused(workspace, lambda s: items.update_item(s, tree["a"], budget=Decimal("1E+15")), "สูงเกินไป")
    refused(workspace, lambda s: items.update_item(s, tree["a"], title="x" * 4001), "ยาวเกิน")
    refused(workspace, lambda s: items.update_item(s, tree["a"], colour="แดง"), "ไม่มีช่องชื่อ")
    refused(workspace, lambda s: items.update_item(s, tree["a"], kind="chapter"), "ประเภทแถว")
    refused(workspace, lambda s: items.update_item(s, tree["a"], title=5), "ต้องเป็นข้อความ")


def test_update_item_changes_fields(workspace, tree):
    with workspace.transaction() as s:
        row = items.update_item(s, tree["a"], title="  ชื่อใหม่  ", budget="2,500.5", remark="ใหม่", related=None)
    assert (row.title, row.budget, row.remark, row.related) == ("ชื่อใหม่", Decimal("2500.50"), "ใหม่", "")
    assert row.months == {OCT, NOV}
    with workspace.session() as s:
        again = items.get_row(s, tree["a"])
        assert again == row
        assert plans.plan_total(s, tree["plan"]) == Decimal("2750.50")
    with workspace.transaction() as s:
        assert items.update_item(s, tree["a"], budget="-").budget is None
