"""Fiscal years (1 Oct – 30 Sep, labelled in Buddhist Era) and month arithmetic."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services import fiscal

D = dt.date


def test_be_ce():
    assert fiscal.to_be(2024) == 2567
    assert fiscal.to_ce(2567) == 2024


@pytest.mark.parametrize("day, be_year", [
    (D(2023, 9, 30), 2566), (D(2023, 10, 1), 2567), (D(2024, 9, 30), 2567), (D(2024, 10, 1), 2568),
    (D(2024, 1, 15), 2567),
])
def test_fiscal_year_of(day, be_year):
    assert fiscal.fiscal_year_of(day) == be_year


def test_fiscal_year_bounds_and_default_window():
    assert fiscal.fiscal_year_start(2567) == D(2023, 10, 1)
    assert fiscal.fiscal_year_end(2567) == D(2024, 9, 30)
    start, end = fiscal.default_window(2567)
    assert (start, end) == (D(2023, 10, 1), D(2024, 9, 1))
    assert len(fiscal.month_range(start, end)) == 12


def test_add_months_and_ranges():
    assert fiscal.add_months(D(2023, 9, 17), 0) == D(2023, 9, 1)
    assert fiscal.add_months(D(2023, 9, 1), 4) == D(2024, 1, 1)
    assert fiscal.add_months(D(2024, 1, 1), -2) == D(2023, 11, 1)
    assert fiscal.add_months(D(2023, 12, 1), 12) == D(2024, 12, 1)
    assert fiscal.months_between(D(2023, 9, 1), D(2024, 10, 1)) == 13
    months = fiscal.month_range(D(2023, 9, 1), D(2024, 10, 1))  # seed 000's 14 columns
    assert len(months) == 14
    assert months[0] == D(2023, 9, 1) and months[-1] == D(2024, 10, 1)
    assert [fiscal.month_abbr(m) for m in months[:5]] == ["ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค."]


def test_month_labels():
    assert fiscal.month_label(D(2023, 10, 1)) == "ต.ค. 66"
    assert fiscal.month_label(D(2024, 9, 1)) == "ก.ย. 67"
    assert fiscal.month_label_long(D(2023, 12, 1)) == "ธันวาคม 2566"
    assert fiscal.month_label_long(D(2024, 3, 1)) == "มีนาคม 2567"


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(-600, 600))
def test_add_months_inverts_months_between(day, n):
    moved = fiscal.add_months(day, n)
    assert moved.day == 1
    assert fiscal.months_between(day, moved) == n
    assert fiscal.add_months(moved, -n) == fiscal.first_of_month(day)
