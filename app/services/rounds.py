"""Finding an evaluation round by its name, the way officers type it ("รอบ 6 เดือน", "รอบ ๖ เดือน")."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import EvaluationRound
from app.services import agreements
from app.services.errors import ValidationError

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def round_key(label: str) -> str:
    """Digits made Arabic and spaces dropped: "รอบ ๖ เดือน" and "รอบ6เดือน" are the same round."""
    return re.sub(r"\s+", "", label.translate(_THAI_DIGITS))


def find_round(session: Session, be_year: int, name: str, unit: str | None = None) -> int:
    """The round named `name` of the fiscal year's agreement. Without `unit`, a year with several
    agreements is still fine when only one of them has a round of that name."""
    from app.models import Agreement, FiscalYear

    wanted = round_key(name or "")
    if unit:
        agreement_ids = [agreements.find_agreement(session, be_year, unit)]
    else:
        agreement_ids = list(session.scalars(select(Agreement.id).join(FiscalYear)
                                             .where(FiscalYear.be_year == be_year).order_by(Agreement.id)))
        if not agreement_ids:
            agreements.find_agreement(session, be_year)  # raises the usual "no agreement" message
    rounds = list(session.scalars(select(EvaluationRound).where(EvaluationRound.agreement_id.in_(agreement_ids))
                                  .order_by(EvaluationRound.agreement_id, EvaluationRound.position)))
    matches = [r for r in rounds if round_key(r.label) == wanted]
    if len(matches) == 1:
        return matches[0].id
    if len(matches) > 1:
        units = "; ".join(agreements.load_agreement(session, r.agreement_id).unit_name for r in matches)
        raise ValidationError(f"ปีงบประมาณ พ.ศ. {be_year} มีรอบ “{name}” ในหลายคำรับรอง ({units}) — ระบุ --unit")
    known = ", ".join(dict.fromkeys(f"“{r.label}”" for r in rounds)) or "(ยังไม่มีรอบ)"
    raise ValidationError(f"ไม่พบรอบ “{name}” ในคำรับรองปีงบประมาณ พ.ศ. {be_year} — รอบที่มี: {known}")


def previous_round(session: Session, round_id: int) -> int | None:
    """The round before this one in the same agreement (for comparing results), if any."""
    round_ = session.get(EvaluationRound, round_id)
    if round_ is None:
        return None
    return session.scalar(select(EvaluationRound.id).where(EvaluationRound.agreement_id == round_.agreement_id,
                                                           EvaluationRound.position < round_.position)
                          .order_by(EvaluationRound.position.desc()).limit(1))
