"""The scoring engine on the cases the seeds print, and its properties."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services import scoring
from app.services.errors import ValidationError
from app.services.scoring import Direction, LevelScheme

D = Decimal


def test_seed_001_weighted_score():
    assert scoring.weighted(5, 5) == D("0.2500")


def test_seed_002_indicator_4_three_levels():
    scheme = LevelScheme.of(["95", "97.5", "100"])
    assert [scheme.score(r) for r in ("95", "97.5", "100")] == [D("50.0000"), D("75.0000"), D("100.0000")]
    assert scheme.score("96.25") == D("62.5000")          # interpolated between the levels
    assert scheme.score("94.99") == D("0.0000")           # below ขั้นต้น
    assert scheme.score("100.5") == D("100.0000")         # capped


def test_seed_004_kpi_2_2_formula_below_the_first_level():
    result = scoring.ratio(111, 916)
    assert result == D("12.12")
    assert LevelScheme.of([60, 70, 80, 90, 100]).score(result) == D("0.0000")


def test_seed_004_kpi_5_3_above_the_last_level():
    assert LevelScheme.of([60, 65, 70, 75, 80]).score("83.8") == D("5.0000")


def test_seed_004_kpi_1_3_milestones():
    assert scoring.milestone_level([True, True, False, True, False]) == 2
    assert scoring.milestone_score([True, True, False, False, False]) == D("2.0000")
    assert scoring.milestone_score([False, True, True]) == D("0.0000")
    assert scoring.milestone_score([True, True], points=scoring.SCALE_50_100) == D("75.0000")


def test_interpolation_whole_levels_and_lower_is_better():
    scheme = LevelScheme.of([60, 65, 70, 75, 80])
    assert scheme.score("67.5") == D("2.5000")
    assert LevelScheme.of([60, 65, 70, 75, 80], interpolate=False).score("67.5") == D("2.0000")
    days = LevelScheme.of([30, 25, 20, 15, 10], direction=Direction.LOWER)   # fewer days is better
    assert days.score(22.5) == D("2.5000")
    assert days.score(35) == D("0.0000") and days.score(5) == D("5.0000")


def test_composite_percent_and_deduction():
    assert scoring.composite(["80", "90"]) == D("85.00")      # (a1 + a2) × 100 / 200
    assert scoring.percent_score("87.5") == D("87.5000")
    assert scoring.deduct(D("75"), 10, applies=True) == D("65.0000")
    assert scoring.deduct(D("5"), 10, applies=True) == D("0.0000")
    assert scoring.deduct(D("75"), 10, applies=False) == D("75.0000")
    assert scoring.total([D("0.25"), scoring.weighted(5, 15), "0.1234"]) == D("1.1234")


@pytest.mark.parametrize("targets, direction, message", [
    ([60, 65, 65, 75, 80], "higher", "ระดับที่ 3"),
    ([60, 70, 65, 75, 80], "higher", "ระดับที่ 3"),
    ([10, 15, 20, 25, 30], "lower", "ยิ่งน้อยยิ่งดี"),
    ([60, 65, 70, 75], "higher", "5 ระดับ"),
    ([60, "สูง", 70], "higher", "ไม่ใช่ตัวเลข"),
])
def test_bad_thresholds_are_refused_in_thai(targets, direction, message):
    with pytest.raises(ValidationError) as error:
        LevelScheme.of(targets, direction=direction)
    assert message in error.value.message


def test_results_outside_the_possible_range_are_refused():
    for call in (lambda: scoring.percent_score(101), lambda: scoring.percent_score(-1),
                 lambda: scoring.composite([50, 120]), lambda: scoring.ratio(5, 0),
                 lambda: scoring.weighted(5, 120), lambda: LevelScheme.of([1, 2, 3, 4, 5]).score("abc")):
        with pytest.raises(ValidationError):
            call()


def test_weight_problems_name_the_mismatch():
    ok = [scoring.CategoryWeights("Performance Base", D(70), (("1", D(20)), ("2", D(20)), ("3", D(15)), ("4", D(15)))),
          scoring.CategoryWeights("Potential Base", D(30), (("5", D(15)), ("6", D(15))))]
    assert scoring.weight_problems(ok) == []
    bad = [ok[0], scoring.CategoryWeights("Potential Base", D(25), (("5", D(15)), ("6", D(15))))]
    problems = scoring.weight_problems(bad)
    assert any("95" in p and "100" in p for p in problems)
    assert any("Potential Base" in p and "30" in p and "25" in p for p in problems)


targets5 = st.lists(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
                    min_size=5, max_size=5, unique=True).map(sorted)
results = st.decimals(min_value=-2000, max_value=2000, places=3, allow_nan=False, allow_infinity=False)


@given(targets=targets5, a=results, b=results, interpolate=st.booleans(), lower=st.booleans())
def test_scores_are_bounded_and_monotonic(targets, a, b, interpolate, lower):
    direction = Direction.LOWER if lower else Direction.HIGHER
    ordered = list(reversed(targets)) if lower else targets
    scheme = LevelScheme.of(ordered, interpolate=interpolate, direction=direction)
    sa, sb = scheme.score(a), scheme.score(b)
    assert D(0) <= sa <= D(5) and D(0) <= sb <= D(5)
    better_a = a >= b if not lower else a <= b
    if better_a:
        assert sa >= sb
    else:
        assert sa <= sb
    # Hitting a level's target exactly scores that level.
    for level, target in enumerate(ordered, start=1):
        assert scheme.score(target) == D(level)


@given(score=st.decimals(min_value=0, max_value=100, places=4), weight=st.decimals(min_value=0, max_value=100, places=2))
def test_weighted_never_exceeds_its_weight_share(score, weight):
    value = scoring.weighted(score, weight)
    assert D(0) <= value <= weight
    assert value == (score * weight / 100).quantize(D("0.0001"), rounding="ROUND_HALF_UP")


def run_cli(*args):
    import json
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "app", "score", *args], capture_output=True, text=True, timeout=60)
    return result.returncode, (json.loads(result.stdout) if result.returncode == 0 else None), result.stderr


def test_score_command_for_the_shell():
    code, out, _ = run_cli("--targets", "60,65,70,75,80", "--result", "83.8", "--weight", "15")
    assert code == 0 and out["score"] == "5.0000" and out["weighted"] == "0.7500"
    code, out, _ = run_cli("--targets", "95,97.5,100", "--result", "96.25", "--weight", "20")
    assert out["score"] == "62.5000" and out["weighted"] == "12.5000" and out["scale"] == "50-100"
    code, out, _ = run_cli("--numerator", "111", "--denominator", "916", "--targets", "60,70,80,90,100")
    assert out["result"] == "12.12" and out["score"] == "0.0000"
    code, out, _ = run_cli("--targets", "60,65,70,75,80", "--result", "67.5", "--whole-levels", "--weight", "5")
    assert out["score"] == "2.0000" and out["weighted"] == "0.1000"
    code, out, _ = run_cli("--targets", "30,25,20,15,10", "--result", "22.5", "--lower-is-better")
    assert out["score"] == "2.5000"
    code, out, _ = run_cli("--steps", "1,1,0,0,0", "--weight", "15", "--deduct", "1")
    assert out["level"] == 2 and out["score"] == "1.0000"
    code, out, err = run_cli("--targets", "60,65,65,75,80", "--result", "70")
    assert code != 0 and "ระดับที่ 3" in err and out is None
