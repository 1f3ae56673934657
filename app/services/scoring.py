"""The scoring engine: an indicator's result → its score → its weighted score. Decimal throughout.

Schemes found in the seeds (DOMAIN.md):
- levels: a target per level, either five (score 1–5) or three (ขั้นต้น 50 / มาตรฐาน 75 / ขั้นสูง 100).
  Interpolated between levels (result 67.5 with 65→2 and 70→3 scores 2.5) or whole levels only;
  0 below the first level, capped at the last; higher or lower is better.
- milestones: the level is the number of consecutive steps done from the first.
- percent: the percentage achieved is the score (0–100).
- composite: the result is the mean of the sub-activities' percentages (seed 004 KPI 2.4), then
  scored like any result.
Weighted score = score × weight / 100, rounded half-up to 4 decimals.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from app.services.errors import ValidationError

FOUR = Decimal("0.0001")
TWO = Decimal("0.01")
HUNDRED = Decimal(100)
SCALE_1_5 = tuple(Decimal(i) for i in range(1, 6))
SCALE_50_100 = (Decimal(50), Decimal(75), Decimal(100))
LEVEL_NAMES = {50: "ขั้นต้น", 75: "มาตรฐาน", 100: "ขั้นสูง"}


class Direction(StrEnum):
    HIGHER = "higher"   # more is better
    LOWER = "lower"     # less is better (e.g. days taken, complaints)


class SchemeKind(StrEnum):
    LEVELS = "levels"
    MILESTONES = "milestones"
    PERCENT = "percent"


def decimal(value, what: str = "ค่า") -> Decimal:
    """A number from text or a number, refusing floats' noise and anything that is not a number."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        text = str(value).strip().replace(",", "").translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{what} “{value}” ไม่ใช่ตัวเลข")
    if not result.is_finite():
        raise ValidationError(f"{what} “{value}” ไม่ใช่ตัวเลข")
    return result


def round4(value: Decimal) -> Decimal:
    return value.quantize(FOUR, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LevelScheme:
    """Targets for each level, in level order (level 1 first, or ขั้นต้น first)."""

    targets: tuple[Decimal, ...]
    points: tuple[Decimal, ...] = SCALE_1_5
    interpolate: bool = True
    direction: Direction = Direction.HIGHER

    @classmethod
    def of(cls, targets: Sequence, *, interpolate: bool = True, direction: Direction | str = Direction.HIGHER,
           points: Sequence | None = None) -> LevelScheme:
        """Five targets mean the 1–5 scale, three the 50/75/100 scale (unless points are given)."""
        values = tuple(decimal(t, "ค่าเป้าหมาย") for t in targets)
        if points is None:
            if len(values) == 5:
                points = SCALE_1_5
            elif len(values) == 3:
                points = SCALE_50_100
            else:
                raise ValidationError(
                    f"เกณฑ์แบบระดับต้องมีค่าเป้าหมาย 5 ระดับ (คะแนน 1–5) หรือ 3 ระดับ (50/75/100) — ได้ {len(values)} ค่า")
        scheme = cls(values, tuple(decimal(p, "คะแนน") for p in points), interpolate, Direction(direction))
        scheme.validate()
        return scheme

    def validate(self) -> None:
        if len(self.targets) != len(self.points) or len(self.targets) < 2:
            raise ValidationError(f"เกณฑ์แบบระดับต้องมีค่าเป้าหมายครบทุกระดับ ({len(self.points)} ระดับ) "
                                  f"— ได้ {len(self.targets)} ค่า")
        for earlier, later in zip(self.points, self.points[1:]):
            if later <= earlier:
                raise ValidationError("คะแนนของแต่ละระดับต้องเพิ่มขึ้นตามระดับ")
        for index, (earlier, later) in enumerate(zip(self.targets, self.targets[1:]), start=1):
            wrong = later <= earlier if self.direction == Direction.HIGHER else later >= earlier
            if wrong:
                rule = "มากกว่า" if self.direction == Direction.HIGHER else "น้อยกว่า"
                raise ValidationError(
                    f"ค่าเป้าหมายต้องเรียงตามระดับ: ระดับที่ {index + 1} ({later}) ต้อง{rule}ระดับที่ {index} "
                    f"({earlier})" + (" เพราะตัวชี้วัดนี้ยิ่งน้อยยิ่งดี" if self.direction == Direction.LOWER else ""))

    def score(self, result) -> Decimal:
        """The score of a result: 0 below the first level, capped at the last level's points."""
        value = decimal(result, "ผลการดำเนินงาน")
        targets, points = self.targets, self.points
        if self.direction == Direction.LOWER:  # mirror: smaller results climb the levels
            value, targets = -value, tuple(-t for t in targets)
        if value < targets[0]:
            return round4(Decimal(0))
        if value >= targets[-1]:
            return round4(points[-1])
        for i in range(len(targets) - 1):
            low, high = targets[i], targets[i + 1]
            if low <= value < high:
                if not self.interpolate:
                    return round4(points[i])
                share = (value - low) / (high - low)
                return round4(points[i] + share * (points[i + 1] - points[i]))
        raise AssertionError("unreachable: targets are increasing")  # pragma: no cover

    @property
    def maximum(self) -> Decimal:
        return self.points[-1]


def milestone_level(steps_done: Iterable[bool]) -> int:
    """The level reached: how many steps are done in a row from the first (seed 004 KPI 1.3)."""
    level = 0
    for done in steps_done:
        if not done:
            break
        level += 1
    return level


def milestone_score(steps_done: Sequence[bool], points: Sequence = SCALE_1_5) -> Decimal:
    """Milestone levels on a scale: level k scores the k-th points value; no step done scores 0."""
    scale = tuple(decimal(p, "คะแนน") for p in points)
    if len(steps_done) > len(scale):
        raise ValidationError(f"ขั้นตอนมีได้ไม่เกิน {len(scale)} ขั้นสำหรับเกณฑ์นี้ (มี {len(steps_done)} ขั้น)")
    level = milestone_level(steps_done)
    return round4(scale[level - 1] if level else Decimal(0))


def percent_score(result) -> Decimal:
    """"The percentage achieved is the score" (seed 002 indicator 3)."""
    value = decimal(result, "ผลการดำเนินงาน")
    check_range(value, Decimal(0), HUNDRED, "ร้อยละ")
    return round4(value)


def ratio(numerator, denominator) -> Decimal:
    """numerator × 100 / denominator, to 2 decimals (111 of 916 officials → 12.12)."""
    top, bottom = decimal(numerator, "ตัวตั้ง"), decimal(denominator, "ตัวหาร")
    if bottom == 0:
        raise ValidationError("ตัวหารของสูตรเป็นศูนย์ไม่ได้")
    if top < 0 or bottom < 0:
        raise ValidationError("ตัวตั้งและตัวหารของสูตรต้องไม่ติดลบ")
    return (top * HUNDRED / bottom).quantize(TWO, rounding=ROUND_HALF_UP)


def composite(parts: Sequence) -> Decimal:
    """The mean of the sub-activities' percentages: (a1 + a2) × 100 / 200 for two (seed 004 KPI 2.4)."""
    values = [decimal(p, "ผลของกิจกรรมย่อย") for p in parts]
    if not values:
        raise ValidationError("ตัวชี้วัดแบบผสมต้องมีผลของกิจกรรมย่อยอย่างน้อย 1 รายการ")
    for value in values:
        check_range(value, Decimal(0), HUNDRED, "ร้อยละของกิจกรรมย่อย")
    return (sum(values) * HUNDRED / (HUNDRED * len(values))).quantize(TWO, rounding=ROUND_HALF_UP)


def check_range(value: Decimal, low: Decimal | None, high: Decimal | None, what: str) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '-∞'}–{high if high is not None else '∞'}"
        raise ValidationError(f"{what} {value} อยู่นอกช่วงที่เป็นไปได้ ({bounds})")


def deduct(score: Decimal, points, applies: bool) -> Decimal:
    """A round's deduction (seed 002: −10 when the round's steps are not all done); never below 0."""
    if not applies:
        return round4(score)
    return round4(max(Decimal(0), score - decimal(points, "คะแนนที่หัก")))


def weighted(score, weight) -> Decimal:
    """score × weight / 100, half-up to 4 decimals (weight 5, score 5 → 0.2500)."""
    value, share = decimal(score, "คะแนน"), decimal(weight, "น้ำหนัก")
    if share < 0 or share > HUNDRED:
        raise ValidationError(f"น้ำหนัก {share} ต้องอยู่ระหว่าง 0 ถึง 100")
    return round4(value * share / HUNDRED)


def total(weighted_scores: Iterable) -> Decimal:
    return round4(sum((decimal(w, "คะแนนถ่วงน้ำหนัก") for w in weighted_scores), Decimal(0)))


@dataclass(frozen=True)
class CategoryWeights:
    name: str
    weight: Decimal
    indicators: tuple[tuple[str, Decimal], ...]   # (indicator label, weight)


def weight_problems(categories: Sequence[CategoryWeights]) -> list[str]:
    """Every mismatch in a framework's weights, in Thai; empty when it adds up."""
    problems = []
    grand = sum((c.weight for c in categories), Decimal(0))
    if grand != HUNDRED:
        problems.append(f"น้ำหนักรวมของกรอบการประเมินเป็น {_plain(grand)} ต้องเท่ากับ 100")
    for category in categories:
        inside = sum((w for _, w in category.indicators), Decimal(0))
        if inside != category.weight:
            problems.append(f"ตัวชี้วัดใน “{category.name}” มีน้ำหนักรวม {_plain(inside)} "
                            f"แต่องค์ประกอบนี้มีน้ำหนัก {_plain(category.weight)}")
    return problems


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
