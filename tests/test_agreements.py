"""Agreements: creating one with its rounds, framework and indicators; weights and scoring."""
import datetime as dt
from decimal import Decimal

import pytest

from app.services import agreements, plans
from app.services.errors import ValidationError

D = Decimal


@pytest.fixture
def agreement(workspace):
    with workspace.transaction() as s:
        unit = plans.get_or_create_unit(s, "สำนักพัฒนาระบบบริหาร")
        receiver = agreements.get_or_create_person(s, "นางสาวนฤมล สงวนวงศ์", "ผู้ช่วยปลัดกระทรวงเกษตรและสหกรณ์")
        maker = agreements.get_or_create_person(s, "นางสาวอัจฉริยา จันทรวงศ์", "ผู้อำนวยการสำนักพัฒนาระบบบริหาร")
        agreement_id = agreements.create_agreement(s, unit, 2566, receiver, receiver.position, maker, maker.position,
                                                   rounds=agreements.ROUND_SETS["6/9"])
        performance = agreements.add_category(s, agreement_id, "Performance Base", 70)
        potential = agreements.add_category(s, agreement_id, "Potential Base", 30)
        ids = [agreements.add_indicator(
            s, agreement_id, performance if n <= 4 else potential, str(n), f"ตัวชี้วัดที่ {n}", w,
            scheme={"type": "levels", "numeric": True, "interpolate": True,
                    "levels": [{"points": 50, "target": "95"}, {"points": 75, "target": "97.5"},
                               {"points": 100, "target": "100"}]},
            deduction_points=10 if n == 1 else None)
            for n, w in zip(range(1, 7), (20, 20, 15, 15, 15, 15))]
    return workspace, agreement_id, ids


def test_agreement_holds_rounds_clauses_and_a_framework_of_100(agreement):
    ws, agreement_id, _ = agreement
    with ws.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    assert data.period_start == dt.date(2022, 10, 1) and data.period_end == dt.date(2023, 9, 30)
    assert [r.label for r in data.rounds] == ["รอบ ๖ เดือน", "รอบ ๙ เดือน"]
    assert data.rounds[0].cutoff == dt.date(2023, 3, 31) and data.rounds[1].cutoff == dt.date(2023, 6, 30)
    assert len(data.clauses) == 6
    assert "นางสาวนฤมล สงวนวงศ์" in data.clauses[0] and "ผู้ทำคำรับรอง" in data.clauses[0]
    assert "๑ ตุลาคม ๒๕๖๕" in data.clauses[1] and "๓๐ กันยายน ๒๕๖๖" in data.clauses[1]
    assert [(c.name, c.weight, len(c.indicators)) for c in data.categories] == [
        ("Performance Base", D("70.00"), 4), ("Potential Base", D("30.00"), 2)]
    assert data.total_weight() == 100 and data.weight_problems() == []


def test_weight_mismatch_is_flagged(agreement):
    ws, agreement_id, ids = agreement
    with ws.transaction() as s:
        agreements.update_indicator(s, ids[5], weight="10")
    with ws.session() as s:
        problems = agreements.load_agreement(s, agreement_id).weight_problems()
    assert problems == ["ตัวชี้วัดใน “Potential Base” มีน้ำหนักรวม 25 แต่องค์ประกอบนี้มีน้ำหนัก 30"]


def test_score_an_indicator_with_its_own_scheme_and_deduction(agreement):
    ws, agreement_id, ids = agreement
    with ws.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    first, fourth = data.indicators[0], data.indicators[3]
    assert agreements.score_indicator(fourth, "97.5").score == D("75.0000")
    assert agreements.score_indicator(fourth, "97.5").weighted == D("11.2500")
    assert agreements.score_indicator(first, "100", deduct=True).score == D("90.0000")


def test_bad_input_is_refused_and_changes_nothing(agreement):
    ws, agreement_id, ids = agreement
    with pytest.raises(ValidationError):
        with ws.transaction() as s:
            agreements.update_indicator(s, ids[0], scheme={"type": "levels", "levels": [
                {"points": 50, "target": "97"}, {"points": 75, "target": "95"}, {"points": 100, "target": "100"}]})
    with pytest.raises(ValidationError):
        with ws.transaction() as s:
            agreements.update_indicator(s, ids[0], weight="120")
    with ws.session() as s:
        data = agreements.load_agreement(s, agreement_id)
    assert data.indicators[0].weight == D("20.00")
    assert data.indicators[0].scheme["levels"][0]["target"] == "95"


def test_custom_rounds_five_months_first_and_last(agreement):
    ws, agreement_id, _ = agreement
    with ws.transaction() as s:
        for label, start, cutoff in agreements.five_month_rounds(2566):
            agreements.add_round(s, agreement_id, label, start, cutoff, due=cutoff + dt.timedelta(days=14))
    with ws.session() as s:
        rounds = agreements.load_agreement(s, agreement_id).rounds
    five = [r for r in rounds if "๕" in r.label]
    assert [(r.start, r.cutoff) for r in five] == [(dt.date(2022, 10, 1), dt.date(2023, 2, 24)),
                                                    (dt.date(2023, 3, 1), dt.date(2023, 7, 31))]
    assert all(r.months is None for r in five)


@pytest.mark.parametrize("start, cutoff, due, message", [
    (dt.date(2023, 3, 1), dt.date(2023, 2, 1), None, "อยู่ก่อนวันเริ่มรอบ"),
    (dt.date(2022, 9, 1), dt.date(2023, 2, 1), None, "ต้องอยู่ในปีงบประมาณ"),
    (dt.date(2022, 10, 1), dt.date(2023, 2, 1), dt.date(2023, 1, 1), "กำหนดส่งรายงาน"),
])
def test_bad_round_dates_are_refused(agreement, start, cutoff, due, message):
    ws, agreement_id, _ = agreement
    with pytest.raises(ValidationError) as error:
        with ws.transaction() as s:
            agreements.add_round(s, agreement_id, "รอบพิเศษ", start, cutoff, due)
    assert message in error.value.message
    with ws.session() as s:
        assert len(agreements.load_agreement(s, agreement_id).rounds) == 2


def test_delete_and_restore_keep_ids_people_and_targets(agreement):
    ws, agreement_id, ids = agreement
    with ws.transaction() as s:
        person = agreements.get_or_create_person(s, "นางธิรมน จุลาณะ", "นักวิเคราะห์นโยบายและแผน", "0 2653 4444")
        agreements.link_person(s, ids[0], person, "collector")
        round_id = agreements.load_agreement(s, agreement_id).rounds[0].id
        agreements.set_round_target(s, ids[0], round_id, "ทำได้ครบ", ["ขั้นที่หนึ่ง", "ขั้นที่สอง"])
    with ws.session() as s:
        before = agreements.load_agreement(s, agreement_id)
    with ws.transaction() as s:
        snapshot = agreements.delete_indicator(s, ids[0])
    with ws.session() as s:
        assert ids[0] not in [i.id for i in agreements.load_agreement(s, agreement_id).indicators]
    with ws.transaction() as s:
        agreements.restore_indicator(s, snapshot)
    with ws.transaction() as s:
        whole = agreements.delete_category(s, before.categories[0].id)
    with ws.session() as s:
        assert len(agreements.load_agreement(s, agreement_id).categories) == 1
    with ws.transaction() as s:
        agreements.restore_category(s, whole)
    with ws.session() as s:
        after = agreements.load_agreement(s, agreement_id)
    assert after.categories == before.categories
