"""A printed number as the JSON record gives it: its value, and the step it was printed to.

The record gives amounts as plain numbers in 元, which every reader can use. A researcher
who compares budgets across documents also needs to know how exact each one is: "170万元"
is known to 10,000 元, "1,700,000.00 元" to the 分. The step is one unit of the last printed
digit in base units, `10**-decimals * scale` (0.01 for 元 printed to two decimals, 100 for
万元 printed to two): the printed value stands for anything within half a step of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Quantity


def record_number(q: Quantity | None) -> float | int | None:
    """The value as the record gives it: an int when whole, else rounded to 10 decimals."""
    if q is None:
        return None
    return _plain(q.value)


def printed_step(q: Quantity | None) -> float | int | None:
    """One unit of the last printed digit, in base units; None when nothing was printed."""
    if q is None:
        return None
    return _plain(10 ** (-q.decimals) * q.scale)


def _plain(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 10)
