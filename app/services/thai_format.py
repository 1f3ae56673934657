"""Thai digits and Buddhist-Era dates in the styles the forms use."""
from __future__ import annotations

import datetime as dt

from app.services.fiscal import MONTH_ABBR, MONTH_FULL, to_be

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: str) -> str:
    """"62,960.00" → "๖๒,๙๖๐.๐๐"."""
    return text.translate(_TO_THAI)


def digits(text: str, thai: bool) -> str:
    return thai_digits(text) if thai else text


def date_short(d: dt.date, thai: bool = False) -> str:
    """"26 ธ.ค. 65": day, month abbreviation, two-digit BE year (working tables)."""
    return digits(f"{d.day} {MONTH_ABBR[d.month - 1]} {to_be(d.year) % 100:02d}", thai)


def date_long(d: dt.date, thai: bool = True) -> str:
    """"๒๖ ธันวาคม ๒๕๖๕" (formal documents)."""
    return digits(f"{d.day} {MONTH_FULL[d.month - 1]} {to_be(d.year)}", thai)


def date_formal(d: dt.date, thai: bool = True) -> str:
    """"วันที่ ๒๖ เดือน ธันวาคม พ.ศ. ๒๕๖๕" (agreements, memos)."""
    return digits(f"วันที่ {d.day} เดือน {MONTH_FULL[d.month - 1]} พ.ศ. {to_be(d.year)}", thai)
