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


# ---- the agreement's own data (issue 4) --------------------------------------------------------
def _load(ws, agreement_id):
    with ws.session() as s:
        return agreements.load_agreement(s, agreement_id)


def test_set_parties_and_standard_clauses_follow_the_new_names(agreement):
    ws, agreement_id, _ = agreement
    with ws.transaction() as s:
        agreements.set_parties(s, agreement_id, "นายใหม่ ใจดี", "รองปลัดกระทรวงเกษตรและสหกรณ์",
                               " นางสาวอัจฉริยา จันทรวงศ์ ", "ผู้อำนวยการสำนักพัฒนาระบบบริหาร")
    data = _load(ws, agreement_id)
    assert data.receiver.name == "นายใหม่ ใจดี" and data.receiver_position == "รองปลัดกระทรวงเกษตรและสหกรณ์"
    assert data.maker.name == "นางสาวอัจฉริยา จันทรวงศ์"
    assert "นางสาวนฤมล สงวนวงศ์" in data.clauses[0]   # the stored clauses are left as they were
    with ws.session() as s:
        standard = agreements.standard_clauses_for(s, agreement_id)
    assert len(standard) == 6
    assert standard[0].startswith("คำรับรองระหว่าง นายใหม่ ใจดี รองปลัดกระทรวงเกษตรและสหกรณ์ ผู้รับคำรับรอง")
    assert "๑ ตุลาคม ๒๕๖๕" in standard[1] and "สำนักพัฒนาระบบบริหาร" in standard[2]
    with ws.transaction() as s:
        agreements.set_parties(s, agreement_id, "", "", "", "")
    data = _load(ws, agreement_id)
    assert data.receiver is None and data.maker is None
    with ws.session() as s:
        assert agreements.BLANK_NAME in agreements.standard_clauses_for(s, agreement_id)[0]


def test_set_parties_refuses_the_same_person_on_both_sides(agreement):
    ws, agreement_id, _ = agreement
    with pytest.raises(ValidationError, match="คนละคน"):
        with ws.transaction() as s:
            agreements.set_parties(s, agreement_id, "นายก ข", "ก", "นายก ข", "ข")
    assert _load(ws, agreement_id).receiver.name == "นางสาวนฤมล สงวนวงศ์"


def test_set_signing_within_a_year_of_the_period(agreement):
    ws, agreement_id, _ = agreement
    with ws.transaction() as s:
        agreements.set_signing(s, agreement_id, receiver=dt.date(2022, 12, 26), maker=dt.date(2022, 12, 16))
    data = _load(ws, agreement_id)
    assert (data.receiver_signed, data.maker_signed) == (dt.date(2022, 12, 26), dt.date(2022, 12, 16))
    with ws.transaction() as s:
        agreements.set_signing(s, agreement_id, maker=None)   # the receiver's date stays
    data = _load(ws, agreement_id)
    assert (data.receiver_signed, data.maker_signed) == (dt.date(2022, 12, 26), None)
    with ws.transaction() as s:   # the edges: a year before the start, a year after the end
        agreements.set_signing(s, agreement_id, receiver=dt.date(2021, 10, 1), maker=dt.date(2024, 9, 30))
    for bad in (dt.date(2021, 9, 30), dt.date(2024, 10, 1)):
        with pytest.raises(ValidationError, match="ภายในหนึ่งปี"):
            with ws.transaction() as s:
                agreements.set_signing(s, agreement_id, receiver=dt.date(2022, 12, 1), maker=bad)
    data = _load(ws, agreement_id)   # refused as a whole: the receiver's date did not change either
    assert (data.receiver_signed, data.maker_signed) == (dt.date(2021, 10, 1), dt.date(2024, 9, 30))


def test_set_clauses_needs_six_non_empty_texts(agreement):
    ws, agreement_id, _ = agreement
    before = _load(ws, agreement_id).clauses
    new = [f"  ข้อความที่ {n}  " for n in range(1, 7)]
    with ws.transaction() as s:
        agreements.set_clauses(s, agreement_id, new)
    assert _load(ws, agreement_id).clauses == [f"ข้อความที่ {n}" for n in range(1, 7)]
    with pytest.raises(ValidationError, match="ข้อ 3 ของคำรับรองว่างอยู่"):
        with ws.transaction() as s:
            agreements.set_clauses(s, agreement_id, new[:2] + ["  "] + new[3:])
    with pytest.raises(ValidationError, match="ต้องมี 6 ข้อพอดี"):
        with ws.transaction() as s:
            agreements.set_clauses(s, agreement_id, new[:5])
    assert _load(ws, agreement_id).clauses == [f"ข้อความที่ {n}" for n in range(1, 7)]
    with ws.transaction() as s:
        agreements.set_clauses(s, agreement_id, before)
    assert _load(ws, agreement_id).clauses == before


def test_set_context_entries(agreement):
    ws, agreement_id, _ = agreement
    entry = {"owner": "สำนักงานปลัดกระทรวงเกษตรและสหกรณ์", "title": " แผนปฏิบัติราชการ ",
             "vision": ["องค์กรหลักในการขับเคลื่อน"], "missions": ["พันธกิจ ๑", "พันธกิจ ๒"],
             "strategic_issues": [], "strategies": ["กลยุทธ์ ๑"]}
    with ws.transaction() as s:
        agreements.set_context(s, agreement_id, [entry, {"owner": "สำนักพัฒนาระบบบริหาร"}])
    context = _load(ws, agreement_id).context
    assert context[0] == dict(entry, title="แผนปฏิบัติราชการ")
    assert context[1] == {"owner": "สำนักพัฒนาระบบบริหาร", "title": "", "vision": [], "missions": [],
                          "strategic_issues": [], "strategies": []}
    for bad, message in (([dict(entry, missions=["พันธกิจ ๑", " "])], "พันธกิจมีข้อที่ว่างอยู่"),
                         ([{"owner": "", "title": "", "vision": ["ก"]}], "กรุณาระบุเจ้าของ"),
                         ([dict(entry, vision="ข้อความเดียว")], "วิสัยทัศน์ต้องเป็นรายการ")):
        with pytest.raises(ValidationError, match=message):
            with ws.transaction() as s:
                agreements.set_context(s, agreement_id, bad)
    assert _load(ws, agreement_id).context == context


def test_rounds_added_deleted_and_restored(agreement):
    ws, agreement_id, ids = agreement
    rounds = _load(ws, agreement_id).rounds
    with ws.transaction() as s:
        agreements.set_round_target(s, ids[0], rounds[0].id, "เป้าหมายรอบแรก", ["ขั้นที่ ๑"])
        snapshot = agreements.delete_round(s, rounds[0].id)
    assert [r.label for r in _load(ws, agreement_id).rounds] == ["รอบ ๙ เดือน"]
    with ws.transaction() as s:   # a round added after a deletion still goes last
        added = agreements.add_round(s, agreement_id, "รอบพิเศษ", dt.date(2023, 7, 1), dt.date(2023, 8, 31))
    with ws.transaction() as s:
        agreements.restore_round(s, snapshot)
    data = _load(ws, agreement_id)
    assert [(r.id, r.label) for r in data.rounds] == [(rounds[0].id, "รอบ ๖ เดือน"), (rounds[1].id, "รอบ ๙ เดือน"),
                                                      (added, "รอบพิเศษ")]
    first = next(i for i in data.indicators if i.id == ids[0])
    assert first.round_targets[0].goal == "เป้าหมายรอบแรก"
    with pytest.raises(ValidationError, match="อยู่ก่อนวันเริ่มรอบ"):
        with ws.transaction() as s:
            agreements.add_round(s, agreement_id, "รอบผิด", dt.date(2023, 5, 1), dt.date(2023, 4, 1))
    assert len(_load(ws, agreement_id).rounds) == 3


def test_preset_rounds_are_added_once(agreement):
    ws, agreement_id, _ = agreement
    with ws.transaction() as s:
        added = agreements.add_preset_rounds(s, agreement_id, agreements.FIVE_MONTHS)
    assert len(added) == 2
    with ws.transaction() as s:   # 6 and 9 months are there already: only 3 and 12 are added
        assert len(agreements.add_preset_rounds(s, agreement_id, "3/6/9/12")) == 2
        assert agreements.add_preset_rounds(s, agreement_id, agreements.FIVE_MONTHS) == []
    data = _load(ws, agreement_id)
    assert [(r.label, r.months) for r in data.rounds] == [
        ("รอบ ๖ เดือน", 6), ("รอบ ๙ เดือน", 9), ("รอบ ๕ เดือนแรก", None), ("รอบ ๕ เดือนหลัง", None),
        ("รอบ ๓ เดือน", 3), ("รอบ ๑๒ เดือน", 12)]
    assert data.rounds[2].cutoff == dt.date(2023, 2, 24) and data.rounds[3].start == dt.date(2023, 3, 1)
    with pytest.raises(ValidationError, match="ไม่รู้จักชุดรอบ"):
        with ws.transaction() as s:
            agreements.add_preset_rounds(s, agreement_id, "1/2")
