"""Several users on one workspace (issue 7): row versions, conflicts, round steps, roles."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from app.models import PlanItem, RoundReport
from app.services import agreements, items, permissions, plans, reports
from app.services.demo import build_demo_agreement
from app.services.errors import ConflictError, PermissionDenied, ValidationError
from app.services.workspace import open_workspace

UNIT = "สำนักพัฒนาระบบบริหาร"


@pytest.fixture
def plan(workspace):
    with workspace.transaction() as s:
        unit = plans.get_or_create_unit(s, UNIT)
        plan_id = plans.create_plan(s, unit, 2567, "แผนทดสอบ")
        first = items.insert_item(s, plan_id, None, 0, title="กิจกรรมที่ 1", remark="เริ่ม")
        second = items.insert_item(s, plan_id, None, 1, title="กิจกรรมที่ 2")
    return workspace, plan_id, first.id, second.id


@pytest.fixture
def agreement(workspace):
    with workspace.transaction() as s:
        agreement_id = build_demo_agreement(s)
    with workspace.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    return workspace, data


def as_user(monkeypatch, login: str) -> None:
    monkeypatch.setenv(reports.LOGIN_ENV, login)


# ---- versions and conflicts -------------------------------------------------------------------
def test_rows_start_at_version_1_and_each_edit_bumps_it(plan):
    ws, plan_id, first, _ = plan
    with ws.session() as s:
        row = items.get_row(s, first)
        assert row.version == 1
        assert [r.version for r in plans.load_rows(s, plan_id)] == [1, 1]
    with ws.transaction() as s:
        row = items.update_item(s, first, expected_version=1, title="กิจกรรมที่ 1 (แก้)")
    assert row.version == 2
    with ws.transaction() as s:   # months are part of the row: they bump it too
        row = items.set_months(s, first, [dt.date(2023, 10, 1)], expected_version=2)
    assert row.version == 3
    with ws.transaction() as s:   # the same months again is no change
        assert items.set_months(s, first, [dt.date(2023, 10, 1)], expected_version=3).version == 3


def test_a_stale_edit_is_refused_in_thai_and_changes_nothing_then_overwrite_applies_it(plan):
    ws, _, first, _ = plan
    with ws.session() as s:
        mine = items.get_row(s, first)                        # I load the row (version 1)
    with ws.transaction() as s:                               # someone else edits it
        items.update_item(s, first, expected_version=1, remark="ของผู้อื่น")
    with pytest.raises(ConflictError) as caught, ws.transaction() as s:
        items.update_item(s, first, expected_version=mine.version, title="ของฉัน")
    err = caught.value
    assert "ถูกแก้ไขโดยผู้อื่น" in err.message and "โหลดใหม่ หรือ บันทึกทับ" in err.message
    assert "กิจกรรมที่ 1" in err.message and err.current_version == 2
    assert isinstance(err, ValidationError)
    with ws.session() as s:
        row = items.get_row(s, first)
    assert (row.title, row.remark, row.version) == ("กิจกรรมที่ 1", "ของผู้อื่น", 2)
    with ws.transaction() as s:                               # บันทึกทับ: mine on top of theirs
        items.update_item(s, first, expected_version=err.current_version, title="ของฉัน")
    with ws.session() as s:
        row = items.get_row(s, first)
    assert (row.title, row.remark, row.version) == ("ของฉัน", "ของผู้อื่น", 3)


def test_stale_months_and_delete_are_refused(plan):
    ws, _, first, _ = plan
    with ws.transaction() as s:
        items.set_months(s, first, [dt.date(2023, 11, 1)])    # someone else: version 2
    with pytest.raises(ConflictError), ws.transaction() as s:
        items.set_months(s, first, [dt.date(2023, 12, 1)], expected_version=1)
    with pytest.raises(ConflictError), ws.transaction() as s:
        items.delete_item(s, first, expected_version=1)
    with ws.session() as s:
        assert items.get_row(s, first).months == {dt.date(2023, 11, 1)}


def test_a_row_changed_between_read_and_write_is_a_conflict_not_a_lost_update(plan):
    """The ORM's own version check (what protects two PostgreSQL transactions racing)."""
    ws, _, first, _ = plan
    with pytest.raises(ConflictError, match="ถูกแก้ไขโดยผู้อื่น"), ws.transaction() as s:
        item = s.get(PlanItem, first)
        s.execute(text("UPDATE plan_item SET version = version + 1, title = 'ของผู้อื่น' WHERE id = :id"),
                  {"id": first})   # as if another connection committed in between
        item.title = "ของฉัน"
    with ws.session() as s:
        assert items.get_row(s, first).title == "กิจกรรมที่ 1"


def test_report_conflict_names_who_and_when_from_the_history(agreement, monkeypatch):
    ws, data = agreement
    number = data.indicators[3]
    as_user(monkeypatch, "somchai")
    with ws.transaction() as s:
        report_id = reports.get_or_create(s, number.id, data.rounds[0].id)
    with ws.session() as s:
        loaded = reports.load_report(s, report_id)
    assert loaded.version == 1
    as_user(monkeypatch, "malee")
    with ws.transaction() as s:
        reports.update(s, report_id, expected_version=1, result="97.5")
    as_user(monkeypatch, "somchai")
    with pytest.raises(ConflictError) as caught, ws.transaction() as s:
        reports.update(s, report_id, expected_version=loaded.version, actions="ของฉัน")
    assert "รายงานนี้ถูกแก้ไขโดยผู้อื่น (malee)เมื่อ" in caught.value.message
    assert caught.value.current_version == 2
    with ws.session() as s:
        view = reports.load_report(s, report_id)
    assert (view.result, view.actions, view.version) == ("97.5", "", 2)


# ---- round steps --------------------------------------------------------------------------------
def test_round_steps_are_their_own_column_and_checked_against_the_round_target(agreement):
    ws, data = agreement
    milestones, round_ = data.indicators[0], data.rounds[0]          # four steps in the first round
    with ws.transaction() as s:
        report_id = reports.get_or_create(s, milestones.id, round_.id)
        reports.update(s, report_id, round_steps=[True, True, False, True], deduct=True)
    with ws.session() as s:
        view = reports.load_report(s, report_id)
        stored = s.get(RoundReport, report_id)
        assert (stored.round_steps, stored.parts) == ([True, True, False, True], [])
    assert view.round_steps == (True, True, False, True) and view.parts == ()
    with pytest.raises(ValidationError, match="มี 4 ขั้นตอน"), ws.transaction() as s:
        reports.update(s, report_id, round_steps=[True] * 5)
    with ws.session() as s:
        assert reports.load_report(s, report_id).round_steps == (True, True, False, True)
    with ws.session() as s:   # the history names the field in Thai
        assert any("ขั้นตอนของรอบที่ดำเนินการแล้ว" in line.text for line in reports.history_lines(s, report_id))


# ---- roles ----------------------------------------------------------------------------------------
def add_users(ws, monkeypatch, *users):
    as_user(monkeypatch, "boss")
    with ws.transaction() as s:
        permissions.set_user(s, "boss", "หัวหน้า กพร.", "planner")
        for login, name, unit in users:
            permissions.set_user(s, login, name, "officer", unit)


def test_without_users_everyone_is_a_planner(plan, monkeypatch):
    ws, _, first, _ = plan
    as_user(monkeypatch, "anyone")
    with ws.session() as s:
        user = permissions.who(s)
    assert user.is_planner and not user.defined
    with ws.transaction() as s:
        items.update_item(s, first, title="แก้ได้")


def test_officers_edit_only_their_units_reports_and_cannot_review_reopen_or_edit_plans(agreement, plan,
                                                                                        monkeypatch):
    ws, data = agreement
    _, _, first, _ = plan
    other = data.indicators[4]
    with ws.transaction() as s:
        agreements.update_indicator(s, other.id, owner_unit="กองการเจ้าหน้าที่ / กองคลัง")
        mine = reports.get_or_create(s, data.indicators[3].id, data.rounds[0].id)
        theirs = reports.get_or_create(s, other.id, data.rounds[0].id)
    add_users(ws, monkeypatch, ("somchai", "นายสมชาย", UNIT), ("suda", "นางสุดา", "กองคลัง"))

    as_user(monkeypatch, "somchai")
    with ws.transaction() as s:
        reports.update(s, mine, result="97.5", actions="ดำเนินการแล้ว", preparer_name="นายสมชาย")
        reports.add_evidence(s, mine, "คำสั่งที่ 1/2567")
        reports.submit(s, mine)
    with ws.session() as s:
        assert permissions.report_refusal(s, mine) is None
        assert "แก้ไขได้เฉพาะรายงานของหน่วยงานตนเอง" in permissions.report_refusal(s, theirs)
    for change, words in ((lambda s: reports.update(s, theirs, result="1"), "เป็นของกองการเจ้าหน้าที่ / กองคลัง"),
                          (lambda s: reports.add_evidence(s, theirs, "ไม่ใช่ของฉัน"), "หน่วยงานตนเอง"),
                          (lambda s: reports.review(s, mine), "ได้เฉพาะผู้วางแผน"),
                          (lambda s: reports.reopen(s, mine, "แก้ตัวเลข"), "ได้เฉพาะผู้วางแผน"),
                          (lambda s: items.update_item(s, first, title="แก้แผน"), "แก้ไขแผนปฏิบัติการได้เฉพาะผู้วางแผน"),
                          (lambda s: items.set_months(s, first, [dt.date(2023, 10, 1)]), "แผนปฏิบัติการ"),
                          (lambda s: items.delete_item(s, first), "แผนปฏิบัติการ"),
                          (lambda s: agreements.update_indicator(s, other.id, name="x"), "ตัวชี้วัดได้เฉพาะ"),
                          (lambda s: permissions.set_user(s, "somchai", "", "planner", ""), "รายชื่อผู้ใช้")):
        with pytest.raises(PermissionDenied, match=words), ws.transaction() as s:
            change(s)
    with ws.session() as s:
        assert s.get(RoundReport, theirs).result == ""
        assert s.get(RoundReport, mine).state == "submitted"
        assert items.get_row(s, first).title == "กิจกรรมที่ 1" and items.get_row(s, first).months == frozenset()

    as_user(monkeypatch, "suda")      # one of the units written in the owner unit
    with ws.transaction() as s:
        reports.update(s, theirs, actions="ของกองคลัง")

    as_user(monkeypatch, "boss")      # the planner reviews: locked, only a planner may reopen
    with ws.transaction() as s:
        reports.review(s, mine)
    as_user(monkeypatch, "somchai")
    with pytest.raises(PermissionDenied), ws.transaction() as s:
        reports.reopen(s, mine, "ขอแก้")
    with pytest.raises(PermissionDenied, match="ล็อก"), ws.transaction() as s:   # even a hand-made write
        s.get(RoundReport, mine).actions = "แอบแก้"
    as_user(monkeypatch, "boss")
    with ws.transaction() as s:
        reports.reopen(s, mine, "ตัวเลขผิด")
    with ws.session() as s:
        assert s.get(RoundReport, mine).state == "draft"
        assert [e.user for e in reports.history(s, mine)][-2:] == ["boss", "boss"]   # the audit log says who


def test_a_collector_by_name_may_fill_the_report_and_an_unknown_login_only_reads(agreement, monkeypatch):
    ws, data = agreement
    indicator = data.indicators[5]
    with ws.transaction() as s:
        agreements.update_indicator(s, indicator.id, owner_unit="กองอื่น")
        person = agreements.get_or_create_person(s, "นางสาวตรุณี คำรอด", "นักวิเคราะห์นโยบายและแผน")
        agreements.link_person(s, indicator.id, person, "collector")
        report_id = reports.get_or_create(s, indicator.id, data.rounds[0].id)
    add_users(ws, monkeypatch, ("tarunee", "นางสาวตรุณี  คำรอด", "กองการเจ้าหน้าที่"))
    as_user(monkeypatch, "tarunee")
    with ws.transaction() as s:
        reports.update(s, report_id, actions="ในฐานะผู้จัดเก็บข้อมูล")
    as_user(monkeypatch, "stranger")
    with ws.session() as s:
        assert "ดูได้อย่างเดียว" in permissions.who(s).label
    with pytest.raises(PermissionDenied, match="ไม่อยู่ในรายชื่อผู้ใช้"), ws.transaction() as s:
        reports.update(s, report_id, actions="x")


def test_the_user_list_cannot_lock_its_manager_out(workspace, monkeypatch):
    as_user(monkeypatch, "boss")
    with pytest.raises(ValidationError, match="ต้องอยู่ในรายชื่อเป็นผู้วางแผน"), workspace.transaction() as s:
        permissions.set_user(s, "somchai", "นายสมชาย", "officer", UNIT)     # first user must be me, a planner
    with workspace.transaction() as s:
        permissions.set_user(s, "boss", "หัวหน้า", "planner")
        permissions.set_user(s, "somchai", "นายสมชาย", "officer", UNIT)
    for change in (lambda s: permissions.set_user(s, "boss", "หัวหน้า", "officer", UNIT),
                   lambda s: permissions.remove_user(s, "boss")):
        with pytest.raises(ValidationError, match="ผู้วางแผน"), workspace.transaction() as s:
            change(s)
    with pytest.raises(ValidationError, match="ไม่มีช่องว่าง"), workspace.transaction() as s:
        permissions.set_user(s, "two words", "", "planner")
    with workspace.session() as s:
        assert [(u.login, u.role) for u in permissions.list_users(s)] == [("boss", "planner"), ("somchai", "officer")]
    with workspace.transaction() as s:   # removing everyone else then myself: back to a single-user office
        permissions.remove_user(s, "somchai")
        permissions.remove_user(s, "boss")
    as_user(monkeypatch, "somchai")
    with workspace.session() as s:
        assert permissions.who(s).is_planner


def test_unit_matching():
    assert permissions.unit_matches("กองคลัง", "กองการเจ้าหน้าที่ / กองคลัง")
    assert permissions.unit_matches("กองคลัง", "กองการเจ้าหน้าที่และกองคลัง")
    assert permissions.unit_matches(" สำนักพัฒนาระบบบริหาร ", "สำนักพัฒนาระบบบริหาร")
    assert not permissions.unit_matches("กอง", "กองคลัง")
    assert not permissions.unit_matches("", "")


def test_indicator_and_round_edits_check_the_version_loaded(agreement):
    ws, data = agreement
    indicator, round_ = data.indicators[2], data.rounds[0]
    with ws.transaction() as s:
        agreements.update_indicator(s, indicator.id, expected_version=1, name="ชื่อใหม่")
        agreements.update_round(s, round_.id, expected_version=1, label="รอบ ๖ เดือน (แก้)")
    for change, what in ((lambda s: agreements.update_indicator(s, indicator.id, expected_version=1, name="x"),
                          "ตัวชี้วัด “"),
                         (lambda s: agreements.update_round(s, round_.id, expected_version=1, label="y"), "รอบ “")):
        with pytest.raises(ConflictError, match=what), ws.transaction() as s:
            change(s)
    with ws.session() as s:
        data = agreements.load_agreement(s, data.id)
    assert data.indicators[2].name == "ชื่อใหม่" and data.rounds[0].label == "รอบ ๖ เดือน (แก้)"
