"""Plan progress (seed 003): the service, the demo plan, the audit log and refusals."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.models import AuditEntry, ItemKind, OrgUnit, PlanItemActualMonth, PlanItemProgress
from app.services import items, plans, progress
from app.services.demo_progress import build_demo_progress, progress_demo_data
from app.services.errors import ValidationError

D = dt.date
SEED_TITLE = ("แผนขับเคลื่อนการดำเนินงานตัวชี้วัดที่ 4.16 ระดับความสำเร็จของการดำเนินงานจัดทำคำรับรองการปฏิบัติราชการ"
              "กลุ่มพัฒนาระบบบริหาร กรมอนามัย ประจำปีงบประมาณ พ.ศ. 2567")


@pytest.fixture
def demo_progress(workspace):
    with workspace.transaction() as s:
        plan_id = build_demo_progress(s)
    return workspace, plan_id


@pytest.fixture
def small_plan(workspace):
    """A measure with two activities and a bullet, plus an activity outside any measure."""
    with workspace.transaction() as s:
        unit = plans.get_or_create_unit(s, "กลุ่มทดสอบ")
        plan_id = plans.create_plan(s, unit, 2567, "แผนทดสอบ")
        loose = items.insert_item(s, plan_id, None, 0, ItemKind.ACTIVITY, title="กิจกรรมนอกมาตรการ")
        heading = items.insert_item(s, plan_id, None, 1, ItemKind.HEADING, title="มาตรการทดสอบ")
        first = items.insert_item(s, plan_id, heading.id, 0, ItemKind.ACTIVITY, title="ประชุม",
                                  months=[D(2023, 10, 1), D(2024, 1, 1), D(2024, 4, 1)])
        second = items.insert_item(s, plan_id, heading.id, 1, ItemKind.ACTIVITY, title="ติดตาม")
        bullet = items.insert_item(s, plan_id, second.id, 0, ItemKind.BULLET, title="ย่อย")
    ids = dict(plan=plan_id, loose=loose.id, heading=heading.id, first=first.id, second=second.id, bullet=bullet.id)
    return workspace, ids


def test_period_text_first_to_last_month():
    assert progress.period_text([]) == "-"
    assert progress.period_text([D(2023, 10, 1)]) == "ต.ค.66"
    assert progress.period_text([D(2024, 7, 1), D(2023, 10, 1), D(2024, 1, 1)]) == "ต.ค.66 - ก.ค.67"
    assert progress.month_short(D(2024, 2, 1)) == "ก.พ.67"


def test_demo_plan_matches_seed_003(demo_progress):
    ws, plan_id = demo_progress
    with ws.session() as s:
        report = progress.load_progress(s, plan_id)
    assert report.info.title == SEED_TITLE
    assert report.info.unit_name == "กลุ่มพัฒนาระบบบริหาร" and report.info.be_year == 2567
    assert (report.info.window_start, report.info.window_end) == (D(2023, 10, 1), D(2024, 9, 1))
    assert [m.label for m in report.measures] == [
        "มาตรการที่ 1 พัฒนาระบบ /กลไกการดำเนินงานการจัดทำคำรับรองการปฏิบัติราชการประจำปี กรมอนามัย",
        "มาตรการที่ 2 เพิ่มประสิทธิภาพด้านสื่อสาร/ความรู้ที่เกี่ยวข้องกับการจัดทำคำรับรองการปฏิบัติราชการประจำปี"
        "ของหน่วยงานในสังกัดกรมอนามัย"]
    rows = report.rows
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert [len(m.rows) for m in report.measures] == [3, 1]
    assert [r.target_text for r in rows] == ["1 ครั้ง", "4 ครั้ง", "9 ครั้ง", "4 ครั้ง"]
    assert [r.planned_period for r in rows] == ["ต.ค.66", "ต.ค.66 - ก.ค.67", "ต.ค.66 - ก.ค.67", "ต.ค.66 - ก.ค.67"]
    assert [r.actual_period for r in rows] == ["ต.ค.66", "ก.พ.67", "ก.พ.67", "-"]
    assert all(r.done is True and r.on_target is True for r in rows)
    assert rows[0].title.startswith("จัดประชุมเชิงปฏิบัติการเรื่องการถ่ายทอดและ ชี้แจงเกณฑ์")
    assert rows[3].result.endswith("(เอกสารแนบ 2)") and rows[3].result.count("\n") == 2
    assert report.counts == progress.ProgressCounts(activities=4, done=4, not_done=0, on_target=4, off_target=0)


def test_demo_is_idempotent_and_its_unit_is_not_seed_000s(demo_progress):
    ws, plan_id = demo_progress
    from app.services.demo import build_demo

    with ws.transaction() as s:
        assert build_demo_progress(s) is None
        build_demo(s)  # seed 000: a unit of the same name under กรมปศุสัตว์
    with ws.session() as s:
        units = s.scalars(select(OrgUnit).where(OrgUnit.name == "กลุ่มพัฒนาระบบบริหาร")).all()
        assert sorted(u.parent.name for u in units) == ["กรมปศุสัตว์", "กรมอนามัย"]
        assert len([p for p in plans.list_plans(s) if p.be_year == 2567]) == 2
        assert s.get(OrgUnit, plans.plan_info(s, plan_id).unit_id).parent.name == "กรมอนามัย"
    assert progress_demo_data()["fiscal_year"] == 2567


def test_set_progress_validates_and_audits(small_plan):
    ws, ids = small_plan
    with ws.transaction() as s:
        saved = progress.set_progress(s, ids["first"], target_quantity="๔", target_unit="ครั้ง",
                                      result="ประชุมแล้ว", done=True, on_target=False)
    assert saved.target_quantity == "4" and saved.target_text == "4 ครั้ง"
    assert (saved.done, saved.on_target) == (True, False) and saved.updated_on == dt.date.today()
    with ws.session() as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.entity == "plan_item")).all()
        assert entry.entity_id == ids["first"] and entry.action == "progress"
        assert entry.detail["after"]["target_quantity"] == "4" and entry.detail["before"]["done"] is None

    bad = [
        (ids["first"], dict(target_quantity="สี่"), "ต้องเป็นตัวเลข"),
        (ids["first"], dict(target_quantity="-3"), "ต้องเป็นตัวเลข"),
        (ids["first"], dict(done="yes"), "ใช่/ไม่ใช่"),
        (ids["first"], dict(color="red"), "ไม่มีช่องชื่อ"),
        (ids["first"], dict(result="ก" * 4001), "ยาวเกิน"),
        (ids["heading"], dict(done=True), "หัวข้อ “มาตรการทดสอบ”"),
        (ids["bullet"], dict(done=True), "รายการย่อย"),
    ]
    for item_id, fields, message in bad:
        with pytest.raises(ValidationError, match=message):
            with ws.transaction() as s:
                progress.set_progress(s, item_id, **fields)
    with ws.session() as s:
        assert progress.get_progress(s, ids["first"]) == saved  # nothing changed by the refusals
        assert s.get(PlanItemProgress, ids["heading"]) is None
        assert len(s.scalars(select(AuditEntry)).all()) == 1


def test_a_refusal_among_good_fields_saves_none_of_them(small_plan):
    ws, ids = small_plan
    with pytest.raises(ValidationError):
        with ws.transaction() as s:
            progress.set_progress(s, ids["second"], result="ทำแล้ว", target_quantity="many")
    with ws.session() as s:
        assert s.get(PlanItemProgress, ids["second"]) is None


def test_actual_months_inside_the_window_only(small_plan):
    ws, ids = small_plan
    with ws.transaction() as s:
        months = progress.set_actual_months(s, ids["first"], [D(2024, 2, 15), D(2023, 11, 1)])
    assert months == {D(2024, 2, 1), D(2023, 11, 1)}
    with pytest.raises(ValidationError, match="อยู่นอกช่วงเดือนของแผน"):
        with ws.transaction() as s:
            progress.set_actual_months(s, ids["first"], [D(2024, 3, 1), D(2024, 10, 1)])
    with pytest.raises(ValidationError, match="หัวข้อ"):
        with ws.transaction() as s:
            progress.set_actual_months(s, ids["heading"], [D(2024, 3, 1)])
    with ws.session() as s:
        stored = set(s.scalars(select(PlanItemActualMonth.month).where(PlanItemActualMonth.item_id == ids["first"])))
        assert stored == {D(2024, 2, 1), D(2023, 11, 1)}
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["actual_months"]
    with ws.transaction() as s:
        assert progress.set_actual_months(s, ids["first"], []) == frozenset()
    with ws.session() as s:
        assert progress.get_progress(s, ids["first"]).actual_months == frozenset()


def test_report_groups_loose_activities_first_and_counts(small_plan):
    ws, ids = small_plan
    with ws.transaction() as s:
        progress.set_progress(s, ids["loose"], done=False)
        progress.set_progress(s, ids["first"], done=True, on_target=True)
        progress.set_actual_months(s, ids["first"], [D(2023, 12, 1)])
    with ws.session() as s:
        report = progress.load_progress(s, ids["plan"])
    assert [(m.label, [r.title for r in m.rows]) for m in report.measures] == [
        ("", ["กิจกรรมนอกมาตรการ"]), ("มาตรการทดสอบ", ["ประชุม", "ติดตาม"])]  # "มาตรการ…" kept as written
    assert [r.number for r in report.rows] == [1, 2, 3]
    first = report.rows[1]
    assert (first.planned_period, first.actual_period) == ("ต.ค.66 - เม.ย.67", "ธ.ค.66")
    assert report.counts == progress.ProgressCounts(activities=3, done=1, not_done=1, on_target=1, off_target=0)
    assert report.counts.unstated == 1


def test_progress_goes_with_a_deleted_item(small_plan):
    ws, ids = small_plan
    with ws.transaction() as s:
        progress.set_progress(s, ids["first"], result="x")
        progress.set_actual_months(s, ids["first"], [D(2024, 1, 1)])
    with ws.transaction() as s:
        items.delete_item(s, ids["first"])
    with ws.session() as s:
        assert progress.plan_progress(s, ids["plan"]) == {}
