"""Money: Decimal amounts with a currency, quantised to the cent.

Rounding rule (one place, used by every payout): each payout line is computed at full Decimal
precision and quantised once, to the cent, with ROUND_HALF_UP. Totals are sums of the quantised
lines, so a statement's lines always add up to its total exactly. Pool splits use the largest
remainder method (see :func:`split_largest_remainder`), so the shares add up to the pool.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
DEFAULT_CURRENCY = "CNY"
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}


def cents(amount: Decimal) -> Decimal:
    """To the cent, half up (2.345 → 2.35; -2.345 → -2.35)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_money(amount: Decimal, currency: str) -> str:
    """¥240,000.00 — a currency without a known symbol is written as its code: CHF 1,000.00."""
    symbol = SYMBOLS.get(currency)
    text = f"{cents(amount):,.2f}"
    return f"{symbol}{text}" if symbol else f"{currency} {text}"


def fmt_number(value: Decimal) -> str:
    """A factor or percentage as written by a person: 1.2, 0.95, 15 (no trailing zeros)."""
    text = f"{value.normalize():f}"
    return text


def split_largest_remainder(total: Decimal, weights: Sequence[Decimal],
                            keys: Sequence[int]) -> list[Decimal]:
    """Shares of `total` (whole cents) in proportion to `weights` that add up to `total`
    exactly: each share is first rounded down to the cent; the cents left over go one each to
    the shares with the largest remainders (ties: the smaller key first).

    100.00 in thirds → 33.34, 33.33, 33.33 (the first key gets the spare cent)."""
    if len(weights) != len(keys):
        raise ValueError("one key per weight")
    total = cents(total)
    whole = sum(weights, Decimal(0))
    if not weights or whole <= 0:
        return [ZERO for _ in weights]
    raw = [total * w / whole for w in weights]
    floors = [r.quantize(CENT, rounding=ROUND_DOWN) for r in raw]
    left = int((total - sum(floors, Decimal(0))) / CENT)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), keys[i]))
    for i in order[:left]:
        floors[i] += CENT
    return floors
