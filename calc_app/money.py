"""Money: amounts are :class:`decimal.Decimal` end to end.

The rounding rule, stated once: every measure's final amount (and each end of its range) is
rounded to the fen (0.01 yuan) with ROUND_HALF_UP, the way Chinese tax and social-insurance
offices round a payable amount (四舍五入到分). Intermediate steps keep full precision; totals are
sums of already-rounded item amounts, so they need no further rounding.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0")
ROUNDING_RULE = {
    "zh_CN": "金额按四舍五入保留到分（0.01元）",
    "en_US": "amounts are rounded half-up to the fen (0.01 yuan)",
}


def to_fen(value: Decimal) -> Decimal:
    """Round a yuan amount to the fen, half-up (never a negative zero: -0.001 is 0.00)."""
    q = value.quantize(FEN, rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def money_str(value: Decimal) -> str:
    """The contract's money string: yuan with exactly two places, no exponent."""
    return f"{to_fen(value):.2f}"
