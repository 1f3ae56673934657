"""Baht amounts: parsing what officers type and formatting as the forms print it."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.services.errors import ValidationError

MAX_BUDGET = Decimal("999999999999.99")
_CENT = Decimal("0.01")
# Digits with optional thousands separators in the right places, optional fraction.
_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def parse_budget(text: str | None) -> Decimal | None:
    """"1,050.00", "1050", "1050.5", "-" or empty → Decimal or None (no budget).

    Anything else raises ValidationError with a Thai message.
    """
    raw = (text or "").strip()
    if raw in ("", "-", "–", "—"):
        return None
    cleaned = raw.translate(_THAI_DIGITS).replace(" ", "")
    for suffix in ("บาท", "฿"):
        cleaned = cleaned.removesuffix(suffix)
    if not _AMOUNT.match(cleaned):
        raise ValidationError(
            f"งบประมาณ “{raw}” ไม่ใช่จำนวนเงินที่ถูกต้อง — ใส่ตัวเลข เช่น 1,050.00 หรือ 1050 "
            "หรือใส่ “-” เมื่อไม่ใช้งบประมาณ (ทศนิยมไม่เกิน 2 ตำแหน่ง)")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        raise ValidationError(f"งบประมาณ “{raw}” ไม่ใช่จำนวนเงินที่ถูกต้อง")
    if value > MAX_BUDGET:
        raise ValidationError(f"งบประมาณ “{raw}” สูงเกินไป (ไม่เกิน {format_money(MAX_BUDGET)} บาท)")
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def format_money(value: Decimal | None, none: str = "-") -> str:
    """62960 → "62,960.00"; None → "-"."""
    if value is None:
        return none
    return f"{value.quantize(_CENT, rounding=ROUND_HALF_UP):,.2f}"


def money_str(value: Decimal | None) -> str:
    """Machine form for JSON: "62960.00"."""
    return f"{(value or Decimal(0)).quantize(_CENT, rounding=ROUND_HALF_UP):.2f}"
