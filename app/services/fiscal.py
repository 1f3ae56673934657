"""Fiscal-year and month arithmetic. Dates are real dates; Buddhist Era is only a label."""
from __future__ import annotations

import datetime as dt

BE_OFFSET = 543

# Calendar order (index 0 = January).
MONTH_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
              "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTH_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
              "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")


def to_be(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def to_ce(be_year: int) -> int:
    return be_year - BE_OFFSET


def first_of_month(d: dt.date) -> dt.date:
    return d.replace(day=1)


def add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month n months after d's month."""
    index = d.year * 12 + (d.month - 1) + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start's month to end's month (0 when they are the same month)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def month_range(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every month from start to end inclusive, as first-of-month dates."""
    return [add_months(start, i) for i in range(months_between(start, end) + 1)]


def fiscal_year_of(d: dt.date) -> int:
    """BE fiscal year containing d (October starts the next fiscal year)."""
    return to_be(d.year + 1 if d.month >= 10 else d.year)


def fiscal_year_start(be_year: int) -> dt.date:
    return dt.date(to_ce(be_year) - 1, 10, 1)


def fiscal_year_end(be_year: int) -> dt.date:
    return dt.date(to_ce(be_year), 9, 30)


def default_window(be_year: int) -> tuple[dt.date, dt.date]:
    """ต.ค. of the year before to ก.ย.: the twelve months of the fiscal year."""
    return fiscal_year_start(be_year), dt.date(to_ce(be_year), 9, 1)


def month_abbr(d: dt.date) -> str:
    return MONTH_ABBR[d.month - 1]


def month_label(d: dt.date) -> str:
    """"ต.ค. 66": abbreviation with two-digit BE year, as the working tables write it."""
    return f"{MONTH_ABBR[d.month - 1]} {to_be(d.year) % 100:02d}"


def month_label_long(d: dt.date) -> str:
    """"ตุลาคม 2566"."""
    return f"{MONTH_FULL[d.month - 1]} {to_be(d.year)}"
