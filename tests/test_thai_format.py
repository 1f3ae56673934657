"""Thai digits and Buddhist-Era dates in the three styles the forms use."""
import datetime as dt

from app.services.thai_format import date_formal, date_long, date_short, digits, thai_digits


def test_dates_in_each_form_style():
    d = dt.date(2022, 12, 26)
    assert date_short(d) == "26 ธ.ค. 65"
    assert date_short(d, thai=True) == "๒๖ ธ.ค. ๖๕"
    assert date_long(d) == "๒๖ ธันวาคม ๒๕๖๕"
    assert date_long(d, thai=False) == "26 ธันวาคม 2565"
    assert date_formal(d) == "วันที่ ๒๖ เดือน ธันวาคม พ.ศ. ๒๕๖๕"
    assert date_short(dt.date(2024, 1, 8)) == "8 ม.ค. 67"
    assert date_short(dt.date(2043, 10, 1)) == "1 ต.ค. 86"


def test_thai_digits_touch_only_digits():
    assert thai_digits("62,960.00 บาท (ข้อ 3.1.6)") == "๖๒,๙๖๐.๐๐ บาท (ข้อ ๓.๑.๖)"
    assert digits("2567", thai=False) == "2567"
