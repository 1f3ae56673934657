"""A month typed by a person: "2024-03" (ISO, Christian era) or "03/2567" (month/BE year, as Thai
forms write it; Thai digits too). Used for the "as of" month of the plan progress report."""
from __future__ import annotations

import datetime as dt
import re

from app.services import fiscal
from app.services.errors import ValidationError

_THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
# A four-digit year above this is Buddhist Era (2400 BE = 1857 CE; no plan is that old).
_BE_FROM = 2400


def parse_month(text: str, what: str = "เดือน") -> dt.date:
    """The first day of the month typed; refuses anything else with a Thai message."""
    raw = (text or "").strip()
    core = raw.translate(_THAI_TO_ARABIC)
    match = _ISO.match(core)
    if match:
        year, month = int(match[1]), int(match[2])
    else:
        match = _SLASH.match(core)
        if not match:
            raise ValidationError(f"{what} “{raw}” อ่านไม่ได้ — ใส่เป็น ปี ค.ศ.-เดือน เช่น 2024-03 "
                                  "หรือ เดือน/ปี พ.ศ. เช่น 03/2567")
        month, year = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValidationError(f"{what} “{raw}”: เดือนต้องเป็น 1 ถึง 12 (ได้ {month})")
    if year >= _BE_FROM:
        year = fiscal.to_ce(year)
    if not 1900 <= year <= 2200:
        raise ValidationError(f"{what} “{raw}”: ปี {year} อยู่นอกช่วงที่ใช้ได้")
    return dt.date(year, month, 1)
