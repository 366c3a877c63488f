"""Comparisons that respect the precision a number was printed with.

"3.98" means any value in [3.975, 3.985]; a sum of rounded parts carries the
rounding of every part. A rule flags only what the printed digits prove.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from extractor.model import Quantity

EPS = 1e-9


def fmt(value: float | None, decimals: int | None = None) -> str:
    """A number as a person would print it: no trailing zeros unless asked for."""
    if value is None:
        return "—"
    if decimals is not None:
        return f"{value:.{decimals}f}"
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in {"-0", ""} else "0"


def show(q: Quantity) -> str:
    """A quantity as printed (in its printed unit, not base units)."""
    return fmt(q.value / q.scale, q.decimals)


def same(a: Quantity, b: Quantity) -> bool:
    """Two printed numbers that may be the same value (their rounding intervals overlap).

    Intervals are half-open, as rounding makes them: "3" is [2.5, 3.5), so "3"
    and "4" never denote the same value.
    """
    return abs(a.value - b.value) < a.half_step + b.half_step - EPS or abs(a.value - b.value) <= EPS


def sum_matches(parts: Iterable[Quantity], total: Quantity) -> bool:
    """Whether a printed total can be the sum of printed parts, allowing every rounding."""
    parts = list(parts)
    value = sum(p.value for p in parts)
    slack = total.half_step + sum(p.half_step for p in parts)
    return abs(value - total.value) < slack - EPS or abs(value - total.value) <= EPS


def column_sum_matches(parts: Iterable[Quantity], total: Quantity) -> bool:
    """Like sum_matches, for one column of a table: every cell is read at the precision of the
    column's most precise cell, because spreadsheets drop trailing zeros ("191" beside "372.88")."""
    parts = list(parts)
    decimals = max([p.decimals for p in parts] + [total.decimals])
    step = 0.5 * 10 ** (-decimals) * total.scale
    value = sum(p.value for p in parts)
    slack = step * (len(parts) + 1)
    return abs(value - total.value) < slack - EPS or abs(value - total.value) <= EPS


def at_precision(q: Quantity, decimals: int) -> Quantity:
    """A table cell read at its column's precision: "4" among "3.98" and "4.95" is 4.00.

    Spreadsheets drop trailing zeros, so a cell is never less precise than the most
    precise cell of its column; a cell printed more precisely keeps its own digits.
    """
    if q.exact or q.decimals >= decimals:
        return q
    return replace(q, decimals=decimals)


def column_decimals(cells: Iterable[Quantity | None]) -> int:
    """The precision of a column: the decimals of its most precise cell."""
    return max((q.decimals for q in cells if q is not None), default=0)


def sum_of(parts: Iterable[Quantity]) -> Quantity:
    """The sum of parts, printed with the finest of their precisions."""
    parts = list(parts)
    decimals = max((p.decimals for p in parts), default=0)
    value = round(sum(p.value for p in parts), 10)
    return Quantity(value, fmt(value, decimals), decimals, parts[0].unit if parts else "", 1.0)


def ratio_range(num: Quantity, den: Quantity) -> tuple[float, float] | None:
    """The range of 100 × num / den over both numbers' rounding intervals."""
    if den.high <= 0:
        return None
    low_den = max(den.low, EPS)
    return 100 * max(num.low, 0) / den.high, 100 * num.high / low_den


def rate_matches(num: Quantity, den: Quantity, rate: Quantity) -> bool:
    """Whether a printed percentage can be 100 × num / den at everyone's precision."""
    span = ratio_range(num, den)
    if span is None:
        return True
    return rate.low - EPS <= span[1] and span[0] <= rate.high + EPS


def in_interval(value: float, q: Quantity) -> bool:
    """Whether an exact value prints as q."""
    return q.low - EPS <= value <= q.high + EPS


def is_zero(q: Quantity) -> bool:
    """A printed number that may stand for zero ("0", "0.00")."""
    return abs(q.value) <= q.half_step + EPS


def truncated(true: float, rate: Quantity) -> bool:
    """The printed rate is the true one cut off, not rounded, at its last digit (95.45 for 95.457)."""
    step = 10 ** (-rate.decimals)
    return abs(math.floor(true / step + 1e-9) * step - rate.value) < step / 10


def pct(value: float, decimals: int = 2) -> str:
    """A percentage as the 说明 prints it."""
    return f"{value:.{decimals}f}%"


def money_unit(scale: float) -> str:
    """The unit an amount was printed in, from its scale to 元."""
    return {1e3: "千元", 1e4: "万元", 1e8: "亿元"}.get(scale, "元")


def show_amount(q: Quantity) -> str:
    """An amount as printed, with its unit (万元 stays 万元)."""
    return f"{show(q)} {money_unit(q.scale)}"
