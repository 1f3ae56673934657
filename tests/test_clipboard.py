"""Copy and paste of rows: JSON for PlanDesk, TSV for Excel; pasted data is validated like typing."""
import json
from decimal import Decimal

import pytest

from app.services import clipboard, items, plans
from app.services.errors import ValidationError
from app.services.numbering import numbers_for_rows
from tests.support import assert_tree_invariants, dump_tables, make_plan, outline
from tests.test_demo import keyed_rows


def test_copy_paste_round_trip_into_another_plan(demo_ws):
    ws = demo_ws.ws
    with ws.transaction() as s:
        rows = keyed_rows(s, demo_ws.plan_id)
        copied = [items.subtree(s, rows["2.2"].id), items.subtree(s, rows["3.1.6"].id)]
        text = clipboard.to_json(copied)
        info = plans.plan_info(s, demo_ws.plan_id)
        target = make_plan(s, title="แผนปลายทาง", window=(info.window_start, info.window_end))
        for index, node in enumerate(clipboard.from_json(text)):
            items.insert_subtree(s, target, None, index, node)
    with ws.session() as s:
        pasted = outline(s, target)
        assert pasted[0] == "1) รางวัลบริการภาครัฐ ประจำปี 2567"
        assert pasted[-1].startswith("2) แจงให้หน่วยงานเจ้าภาพ")
        assert len(pasted) == 1 + 7 + 5 + 1  # heading, 7 activities, 5 bullets, 3.1.6
        assert plans.plan_total(s, target) == Decimal("3430.00")  # the two 2.2.5 bullets
        new = keyed_rows(s, target)
        assert new["2"].months == rows["3.1.6"].months
        assert new["1.5-2"].budget == Decimal("1890.00")
        assert_tree_invariants(s, target)


def test_json_is_versioned_and_plain():
    data = json.loads(clipboard.to_json([]))
    assert data == {"plandesk_rows": clipboard.FORMAT_VERSION, "rows": []}


def test_tsv_for_excel(demo_ws):
    with demo_ws.ws.session() as s:
        rows = keyed_rows(s, demo_ws.plan_id)
        all_rows = plans.load_rows(s, demo_ws.plan_id)
        info = plans.plan_info(s, demo_ws.plan_id)
        node = items.subtree(s, rows["3.1.7"].id)
    from app.services.fiscal import month_range

    months = month_range(info.window_start, info.window_end)
    line = clipboard.to_tsv([node], numbers_for_rows(all_rows), months)
    cells = line.split("\t")
    assert cells[0].startswith("3.1.7) ประชุมติดตามผลการปฏิบัติราชการฯ")
    assert [i for i, c in enumerate(cells[1:15]) if c == "→"] == [3, 6, 9, 12]  # ธ.ค. มี.ค. มิ.ย. ก.ย.
    assert cells[16] == "3,500.00"
    assert "\n" not in line


@pytest.mark.parametrize("text", ["not json", "[]", '{"plandesk_rows": 99, "rows": []}',
                                  '{"plandesk_rows": 1, "rows": [{"kind": "chapter"}]}',
                                  '{"plandesk_rows": 1, "rows": [{"kind": "activity", "months": ["2024-13-01"]}]}',
                                  '{"plandesk_rows": 1, "rows": [{"kind": "activity", "budget": "abc"}]}'])
def test_corrupt_clipboard_is_refused(text):
    with pytest.raises(ValidationError):
        clipboard.from_json(text)


def pasted(kind="activity", budget=None, months=(), title="วาง", children=()):
    return {"kind": kind, "title": title, "budget": budget, "months": list(months), "children": list(children)}


@pytest.mark.parametrize("node, match", [
    (pasted(kind="heading", budget="100.00"), "หัวข้อแสดงผลรวมงบประมาณ"),
    (pasted(kind="heading", months=["2023-10-01"]), "หัวข้อไม่มีเดือน"),
    (pasted(children=[pasted(kind="heading", budget="5.00")]), "หัวข้อแสดงผลรวมงบประมาณ"),
    (pasted(budget="-5.00"), "งบประมาณ"),
    (pasted(budget="NaN"), "งบประมาณ"),
    (pasted(budget="1E+30"), "งบประมาณ"),
    (pasted(months=["2030-01-01"]), "อยู่นอกช่วงเดือนของแผน"),
    (pasted(title="ก" * 5000), "ยาวเกิน"),
])
def test_pasting_rows_that_break_the_rules_changes_nothing(workspace, node, match):
    with workspace.transaction() as s:
        plan_id = make_plan(s)
    before = dump_tables(workspace)
    text = json.dumps({"plandesk_rows": 1, "rows": [node]})
    with pytest.raises(ValidationError, match=match):
        with workspace.transaction() as s:
            for index, subtree in enumerate(clipboard.from_json(text)):
                items.insert_subtree(s, plan_id, None, index, subtree)
    assert dump_tables(workspace) == before
