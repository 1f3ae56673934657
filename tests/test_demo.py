"""The demo plan must be seed 000 (FY 2567 plan of กลุ่มพัฒนาระบบบริหาร), item for item.

Expected values are literals read off the seed document, so the test does not depend on the
demo resource it checks (nor on shared/, which is not shipped).
"""
import datetime as dt
from decimal import Decimal

from app.models import ItemKind
from app.services import fiscal, plans
from app.services.demo import build_demo
from app.services.money import format_money
from app.services.numbering import numbers_for_rows

TITLE = "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร"

# Number (bullets as "<parent>-<n>") → (marked months as YYYY-MM, budget as printed or None for "-").
SEED_000 = {
    "1.1.1": (["2023-10"], None), "1.1.2": (["2023-11"], None), "1.1.3": (["2023-12"], None),
    "1.2.1": (["2023-11"], "1,050.00"), "1.2.2": (["2024-01"], None), "1.2.3": (["2024-02"], None),
    "1.2.4": (["2023-12"], None), "1.2.5": (["2023-12"], None), "1.3.1": (["2023-10"], "2,100.00"),
    "1.3.2": (["2023-11"], None), "1.3.3": (["2023-12"], None), "2.1.1": (["2023-10"], None),
    "2.1.2": (["2023-11"], None), "2.1.3": (["2023-12"], None), "2.1.4": (["2023-10"], "2,325.00"),
    "2.1.5": (["2023-10"], "1,330.00"), "2.1.6": (["2023-10"], None), "2.1.7": (["2024-01"], None),
    "2.1.8": (["2024-02"], "2,850.00"), "2.1.9": (["2024-04"], "525.00"),
    "2.1.10": (["2024-05"], "42,000.00"), "2.2.1": (["2023-10"], None), "2.2.2": ([], None),
    "2.2.2-1": (["2023-12"], None), "2.2.2-2": (["2024-01"], None), "2.2.2-3": ([], None),
    "2.2.3": ([], None), "2.2.4": ([], None), "2.2.5": ([], None), "2.2.5-1": ([], "1,540.00"),
    "2.2.5-2": ([], "1,890.00"), "2.2.6": ([], None), "2.2.7": ([], None), "3.1.1": ([], None),
    "3.1.2": ([], "700.00"), "3.1.3": (["2023-09"], "700.00"), "3.1.4": (["2023-09"], None),
    "3.1.5": (["2023-09"], "700.00"),
    "3.1.6": (["2023-12", "2024-03", "2024-06", "2024-09"], None),
    "3.1.7": (["2023-12", "2024-03", "2024-06", "2024-09"], "3,500.00"),
    "3.1.8": (["2024-03", "2024-06", "2024-09"], None), "3.1.9": (["2024-03", "2024-06", "2024-09"], None),
    "3.2.1": (["2023-09"], None), "3.2.2": (["2023-11"], "525.00"), "3.2.3": (["2023-11"], None),
    "3.2.4": (["2023-11"], "525.00"), "3.2.5": (["2023-12"], None), "3.2.6": (["2023-12"], None),
    "3.2.7": (["2023-12"], None), "3.2.8": (["2024-02", "2024-05", "2024-09"], None),
    "3.2.9": (["2024-02", "2024-05", "2024-09"], None), "3.3.1": (["2023-10"], None),
    "3.3.2": (["2023-11"], None), "3.3.3": (["2023-11"], "700.00"),
    "3.3.4": (["2024-02", "2024-09"], None), "3.3.5": (["2024-02", "2024-09"], None),
    "3.3.6": (["2024-03", "2024-09"], None),
}
HEADINGS = {"1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "3", "3.1", "3.2", "3.3"}


def keyed_rows(session, plan_id):
    """Rows keyed like SEED_000: "2.1.10", bullets "2.2.2-1"."""
    rows = plans.load_rows(session, plan_id)
    nums = numbers_for_rows(rows)
    keys, bullets, result = {}, {}, {}
    for row in rows:
        if nums[row.id] == "-":
            parent = keys[row.parent_id]
            bullets[parent] = bullets.get(parent, 0) + 1
            keys[row.id] = f"{parent}-{bullets[parent]}"
        else:
            keys[row.id] = nums[row.id].rstrip(")")
        result[keys[row.id]] = row
    return result


def test_demo_plan_info(demo_ws):
    with demo_ws.ws.session() as s:
        info = plans.plan_info(s, demo_ws.plan_id)
        assert info.title == TITLE
        assert info.be_year == 2567
        assert info.unit_name == "กลุ่มพัฒนาระบบบริหาร"
        assert (info.window_start, info.window_end) == (dt.date(2023, 9, 1), dt.date(2024, 10, 1))
        assert len(fiscal.month_range(info.window_start, info.window_end)) == 14
        assert plans.plan_total(s, demo_ws.plan_id) == Decimal("62960.00")
        assert format_money(plans.plan_total(s, demo_ws.plan_id)) == "62,960.00"


def test_demo_tree_shape(demo_ws):
    with demo_ws.ws.session() as s:
        rows = plans.load_rows(s, demo_ws.plan_id)
    top = [r for r in rows if r.parent_id is None]
    assert [r.kind for r in top] == [ItemKind.HEADING] * 3
    assert [r.title for r in top] == ["การยกระดับการอำนวยความสะดวกในการให้บริการ",
                                      "การสร้างภาพลักษณ์ให้แก่องค์กร", "การติดตามและประเมินผล"]
    assert len(rows) == 68
    assert sum(r.kind != ItemKind.HEADING for r in rows) == 57
    assert sum(r.kind == ItemKind.BULLET for r in rows) == 5


def test_demo_matches_seed_row_by_row(demo_ws):
    with demo_ws.ws.session() as s:
        rows = keyed_rows(s, demo_ws.plan_id)
    assert set(rows) == set(SEED_000) | HEADINGS
    for key in HEADINGS:
        assert rows[key].kind == ItemKind.HEADING and rows[key].budget is None and not rows[key].months
    for key, (months, budget) in SEED_000.items():
        row = rows[key]
        assert row.kind == (ItemKind.BULLET if "-" in key else ItemKind.ACTIVITY), key
        assert sorted(m.isoformat()[:7] for m in row.months) == months, key
        assert (format_money(row.budget) if row.budget is not None else None) == budget, key


def test_demo_landmarks(demo_ws):
    with demo_ws.ws.session() as s:
        rows = keyed_rows(s, demo_ws.plan_id)
    quarterly = rows["3.1.6"]
    assert sorted(quarterly.months) == [dt.date(2023, 12, 1), dt.date(2024, 3, 1), dt.date(2024, 6, 1),
                                        dt.date(2024, 9, 1)]
    assert [fiscal.month_label(m) for m in sorted(quarterly.months)] == ["ธ.ค. 66", "มี.ค. 67", "มิ.ย. 67",
                                                                         "ก.ย. 67"]
    assert quarterly.title.startswith("แจงให้หน่วยงานเจ้าภาพตัวชี้วัดให้รายงานผลการปฏิบัต")
    assert rows["2.1.10"].budget == Decimal("42000.00")
    assert rows["2.1.10"].title.startswith("มอบรางวัลคุณภาพกรมปศุสัตว์ ประจำปี พ.ศ. 2567")
    assert [rows[f"2.2.2-{i}"].title for i in (1, 2, 3)] == [
        "เชิญชวนหน่วยงานส่งผลงานสมัครขอรับรางวัลฯ", "ตรวจสอบและปรับรายละเอียดผลงานที่ส่งสมัครขอรับรางวัลฯ",
        "ส่งผลงานกรมปศุสัตว์ สมัครผ่านระบบออนไลน์"]
    assert [rows[f"2.2.5-{i}"].title for i in (1, 2)] == [
        "ประชุมหารือเพื่อเตรียมความพร้อมรับการตรวจประเมินรางวัลฯ", "รับการตรวจประเมินในพื้นที่ปฏิบัติงาน"]
    assert rows["2.2.2-1"].parent_id == rows["2.2.2"].id
    assert rows["2.2.5-1"].parent_id == rows["2.2.5"].id and rows["2.2.5-2"].parent_id == rows["2.2.5"].id
    assert rows["1.1.1"].responsible == "กลุ่มพัฒนาระบบบริหาร" and rows["1.1.1"].related == "สำนักงาน ก.พ.ร."


def test_build_demo_twice_adds_nothing(demo_ws):
    with demo_ws.ws.transaction() as s:
        assert build_demo(s) is None
    with demo_ws.ws.session() as s:
        summaries = plans.list_plans(s)
    assert len(summaries) == 1
    assert summaries[0].activity_count == 57 and summaries[0].budget_total == Decimal("62960.00")


def test_build_demo_on_an_empty_workspace(workspace):
    with workspace.transaction() as s:
        plan_id = build_demo(s)
    with workspace.session() as s:
        assert plans.plan_info(s, plan_id).title == TITLE
        assert plans.plan_total(s, plan_id) == Decimal("62960.00")
