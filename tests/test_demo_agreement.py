"""The demo agreement is seed 002's, and seed 001's indicator comes with its own unit."""
from decimal import Decimal

from app.services import agreements
from app.services.demo import build_demo_agreement

D = Decimal


def test_seed_002_agreement_as_printed(workspace):
    with workspace.transaction() as s:
        agreement_id = build_demo_agreement(s)
        assert build_demo_agreement(s) is None  # once only
    with workspace.session() as s:
        data = agreements.load_agreement(s, agreement_id)
        everything = agreements.list_agreements(s)
    assert data.unit_name == "สำนักพัฒนาระบบบริหาร" and data.be_year == 2566
    assert data.receiver.name == "นางสาวนฤมล สงวนวงศ์" and data.maker.name == "นางสาวอัจฉริยา จันทรวงศ์"
    assert str(data.receiver_signed) == "2022-12-26" and str(data.maker_signed) == "2022-12-16"
    assert len(data.clauses) == 6 and "มิใช่สัญญา" in data.clauses[1]
    assert [r.label for r in data.rounds] == ["รอบ ๖ เดือน", "รอบ ๙ เดือน"]
    assert [c.weight for c in data.categories] == [D(70), D(30)]
    assert [i.weight for i in data.indicators] == [D(20), D(20), D(15), D(15), D(15), D(15)]
    assert data.weight_problems() == []
    fourth = data.indicators[3]
    assert [agreements.score_indicator(fourth, r).score for r in ("95", "97.5", "100")] == [D(50), D(75), D(100)]
    first = data.indicators[0]
    assert first.deduction_points == D(10)
    assert agreements.score_indicator(first, steps_done=[True, True, True], deduct=True).score == D(90)
    assert any(t.steps for t in first.round_targets)
    # seed 001's indicator (weight 5, 1–5 scale: score 5 → 0.25) in its own unit's agreement
    other = next(a for a in everything if a.id != agreement_id)
    assert other.unit_name == "สำนักงานเลขานุการกรม" and other.indicator_count == 1
    with workspace.session() as s:
        indicator = agreements.load_agreement(s, other.id).indicators[0]
    assert indicator.weight == D(5)
    assert agreements.score_indicator(indicator, steps_done=[True] * 5).weighted == D("0.2500")
    assert indicator.supervisors and indicator.collectors
