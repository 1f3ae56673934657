"""Parsing what officers type into the budget column, and printing it as the forms do."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.errors import ValidationError
from app.services.money import MAX_BUDGET, format_money, money_str, parse_budget


@pytest.mark.parametrize("text, expected", [
    ("1,050.00", Decimal("1050.00")),
    ("1050", Decimal("1050.00")),
    ("1050.5", Decimal("1050.50")),
    ("62,960.00", Decimal("62960.00")),
    ("1,234,567.89", Decimal("1234567.89")),
    ("0", Decimal("0.00")),
    ("  700.00  ", Decimal("700.00")),
    ("๑,๐๕๐.๐๐", Decimal("1050.00")),  # Thai digits, as formal documents write them
    ("๔๒๐๐๐", Decimal("42000.00")),
    ("1,050.00 บาท", Decimal("1050.00")),
])
def test_parse_budget_accepts_amounts(text, expected):
    value = parse_budget(text)
    assert value == expected
    assert value.as_tuple().exponent == -2  # always two places, like the printed form


@pytest.mark.parametrize("text", ["-", "", "   ", None, "–", "—"])
def test_parse_budget_no_budget_is_none(text):
    assert parse_budget(text) is None


@pytest.mark.parametrize("text", ["abc", "1,05", "1.234", "-5", "12,34.00", "1,0500", ",100",
                                  "1.", ".5", "1e3", "NaN", "1 050 บาท x", "10.001"])
def test_parse_budget_rejects_with_thai_message(text):
    with pytest.raises(ValidationError) as info:
        parse_budget(text)
    message = str(info.value)
    assert "งบประมาณ" in message and "ไม่ใช่จำนวนเงินที่ถูกต้อง" in message
    assert text.strip() in message  # says what was typed


def test_parse_budget_refuses_too_large():
    assert parse_budget("999,999,999,999.99") == MAX_BUDGET
    with pytest.raises(ValidationError, match="สูงเกินไป"):
        parse_budget("1,000,000,000,000.00")


@pytest.mark.parametrize("value, text", [
    (Decimal("62960"), "62,960.00"),
    (Decimal("1050.5"), "1,050.50"),
    (Decimal("0"), "0.00"),
    (Decimal("0.005"), "0.01"),  # half up, not banker's rounding
    (Decimal("1234567.891"), "1,234,567.89"),
    (None, "-"),
])
def test_format_money(value, text):
    assert format_money(value) == text


def test_format_money_custom_none_and_money_str():
    assert format_money(None, none="") == ""
    assert money_str(Decimal("62960")) == "62960.00"
    assert money_str(None) == "0.00"


@given(st.decimals(min_value=0, max_value=MAX_BUDGET, places=2, allow_nan=False, allow_infinity=False))
def test_format_then_parse_round_trips(value):
    assert parse_budget(format_money(value)) == value
    assert parse_budget(money_str(value)) == value
