"""Finding a round by the name officers type."""
import pytest

from app.services import agreements, plans, rounds
from app.services.errors import ValidationError


def _agreement(session, unit_name: str, months=(6, 12)) -> int:
    unit = plans.get_or_create_unit(session, unit_name)
    return agreements.create_agreement(session, unit, 2567, None, "", None, "", rounds=months)


def test_thai_or_arabic_digits_and_spacing_find_the_same_round(workspace):
    with workspace.transaction() as s:
        agreement_id = _agreement(s, "สำนักงานเลขานุการกรม")
        labels = {r.label: r.id for r in agreements.load_agreement(s, agreement_id).rounds}
        six = next(rid for label, rid in labels.items() if rounds.round_key(label) == "รอบ6เดือน")
        assert rounds.find_round(s, 2567, "รอบ 6 เดือน") == six
        assert rounds.find_round(s, 2567, "รอบ ๖ เดือน") == six
        assert rounds.find_round(s, 2567, "รอบ6 เดือน") == six
        twelve = rounds.find_round(s, 2567, "รอบ 12 เดือน")
        assert rounds.previous_round(s, twelve) == six
        assert rounds.previous_round(s, six) is None


def test_unknown_round_lists_the_rounds_there_are(workspace):
    with workspace.transaction() as s:
        _agreement(s, "สำนักงานเลขานุการกรม")
        with pytest.raises(ValidationError) as err:
            rounds.find_round(s, 2567, "รอบ 9 เดือน")
        assert "ไม่พบรอบ “รอบ 9 เดือน”" in err.value.message and "เดือน”" in err.value.message
        with pytest.raises(ValidationError, match="ไม่พบคำรับรองปีงบประมาณ พ.ศ. 2568"):
            rounds.find_round(s, 2568, "รอบ 6 เดือน")


def test_a_round_name_shared_by_two_agreements_needs_the_unit(workspace):
    with workspace.transaction() as s:
        first = _agreement(s, "สำนักงานเลขานุการกรม")
        _agreement(s, "กลุ่มพัฒนาระบบบริหาร")
        with pytest.raises(ValidationError, match="ระบุ --unit"):
            rounds.find_round(s, 2567, "รอบ 6 เดือน")
        found = rounds.find_round(s, 2567, "รอบ 6 เดือน", unit="สำนักงานเลขานุการกรม")
        assert found in {r.id for r in agreements.load_agreement(s, first).rounds}
