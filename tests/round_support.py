"""An agreement with the five-month rounds (seed 003) and scored reports, for the summary, appeal and
memo tests and the round-summary bench. Reports are written with the scoring engine's figures."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.models import RoundReport
from app.services import agreements, plans, scoring

LEVELS = [{"points": p, "label": str(p), "target": str(t)} for p, t in zip(range(1, 6), (60, 65, 70, 75, 80))]
SCHEME = {"type": "levels5", "levels": LEVELS, "interpolate": True}


@dataclass
class Built:
    agreement_id: int
    first_round: int
    second_round: int
    indicators: list[int]


def build(session, count: int = 4, first: list | None = None, second: list | None = None,
          unit: str = "กลุ่มพัฒนาระบบบริหาร", parent: str = "กรมทดสอบ") -> Built:
    """`count` indicators of equal weight (total 100) on the 60…80 → 1…5 scheme; `first`/`second` are
    the results per indicator in each round (None: no report; "" or words: a report with no score)."""
    parent_unit = plans.get_or_create_unit(session, parent)
    unit_row = plans.get_or_create_unit(session, unit, parent=parent_unit)
    maker = agreements.get_or_create_person(session, "นายทดสอบ ใจดี", "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร")
    agreement_id = agreements.create_agreement(session, unit_row, 2567, None, "", maker,
                                               "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", rounds=())
    first_round, second_round = agreements.add_preset_rounds(session, agreement_id, agreements.FIVE_MONTHS)
    weight = (Decimal(100) / count).quantize(Decimal("0.01"))
    category = agreements.add_category(session, agreement_id, "Performance Base", weight * count)
    indicators = [agreements.add_indicator(session, agreement_id, category, f"4.{i + 1}", f"ตัวชี้วัดทดสอบที่ {i + 1}",
                                           weight, scheme=SCHEME) for i in range(count)]
    scheme = agreements.level_scheme(SCHEME)
    for round_id, results in ((second_round, second), (first_round, first)):
        for indicator_id, result in zip(indicators, results or []):
            if result is None:
                continue
            score = weighted = ""
            if result and result.replace(".", "").isdigit():
                value = scheme.score(result)
                score, weighted = str(value), str(scoring.weighted(value, weight))
            session.add(RoundReport(indicator_id=indicator_id, round_id=round_id, result=result, score=score,
                                    weighted=weighted, state="submitted"))
    session.flush()
    return Built(agreement_id, first_round, second_round, indicators)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
