"""A date field that shows and takes Buddhist-Era years (26/12/2565), with an optional "none" state.

Qt has no Buddhist calendar, so the QDateEdit holds the date with its year moved by 543: typing,
the arrow keys and the calendar pop-up all work in BE years. 29 February of a CE leap year has no
such BE date in Qt's (Gregorian) calendar; it is shown as 28 February and the field's tool tip
says so. A BE 29 February that is no CE date is read back as 28 February.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

BE_OFFSET = 543
DISPLAY_FORMAT = "d/M/yyyy"


def to_shown(value: dt.date) -> QDate:
    day = value.day
    if value.month == 2 and day == 29 and not QDate.isLeapYear(value.year + BE_OFFSET):
        day = 28
    return QDate(value.year + BE_OFFSET, value.month, day)


def from_shown(value: QDate) -> dt.date:
    year, month, day = value.year() - BE_OFFSET, value.month(), value.day()
    try:
        return dt.date(year, month, day)
    except ValueError:  # a BE leap day that is no CE date
        return dt.date(year, month, 28)


class BEDateEdit(QDateEdit):
    """`date_value()`/`set_date_value()` speak datetime.date; with `none_text` the lowest date of the
    range is shown as that text and means None ("ยังไม่ลงนาม")."""

    def __init__(self, earliest: dt.date, latest: dt.date, none_text: str = "", parent=None):
        super().__init__(parent)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setCalendarPopup(True)
        self.none_text = none_text
        low = to_shown(earliest)
        if none_text:
            low = low.addDays(-1)   # one day below the range stands for "no date"
            self.setSpecialValueText(none_text)
        self.setDateRange(low, to_shown(latest))

    def set_range(self, earliest: dt.date, latest: dt.date) -> None:
        low = to_shown(earliest)
        self.setDateRange(low.addDays(-1) if self.none_text else low, to_shown(latest))

    def date_value(self) -> dt.date | None:
        if self.none_text and self.date() == self.minimumDate():
            return None
        return from_shown(self.date())

    def set_date_value(self, value: dt.date | None) -> None:
        shown = self.minimumDate() if value is None else to_shown(value)
        if self.date() != shown:
            self.setDate(shown)
