"""Whether an indicator's stated result meets its target: numbers, percentages, amounts, dates, words."""

from __future__ import annotations

from extractor.model import Indicator
from extractor.normalize import canon
from extractor.numbers import parse_date, parse_number, parse_target

NEGATIVE = {
    "否",
    "无",
    "未完成",
    "未达到",
    "未达成",
    "没有推进",
    "不合格",
    "不合规",
    "未入库",
    "不满意",
}


def outcome(ind: Indicator) -> str | None:
    """ "met", "missed" or None (not decidable from what is printed)."""
    return compare(ind.benchmark, ind.actual)


def compare(target_text: str | None, actual_text: str | None) -> str | None:
    """Compare a target as printed ("≥90%", "≤8 月 30 日以前", "是") with a result as printed."""
    if not target_text or not actual_text:
        return None
    target = parse_target(target_text)
    if target is None:
        return None
    if target.date is not None and target.date.month:
        actual_date = parse_date(actual_text)
        if actual_date is None or actual_date.month is None:
            return None
        a = (actual_date.month, actual_date.day or 31)
        t = (target.date.month, target.date.day or 31)
        op = target.operator or "≤"
        return "met" if _holds(a, t, op) else "missed"
    if target.value is not None:
        actual = parse_number(actual_text)
        if actual is None:
            return None
        if target.value.unit and actual.unit and target.value.unit != actual.unit:
            return None
        op = target.operator
        tv, av = target.value.value, actual.value
        if op is None:
            return "met" if abs(tv - av) <= actual.half_step + target.value.half_step else None
        return "met" if _holds(av, tv, op, slack=actual.half_step) else "missed"
    # Qualitative: the same words are met; explicit negatives are missed.
    if canon(target_text) == canon(actual_text):
        return "met"
    if canon(actual_text) in NEGATIVE:
        return "missed"
    return None


def _holds(a, t, op: str, slack: float = 0.0) -> bool:  # type: ignore[no-untyped-def]
    if op == "≥":
        return a >= t if isinstance(a, tuple) else a >= t - slack
    if op == "≤":
        return a <= t if isinstance(a, tuple) else a <= t + slack
    if op == ">":
        return a > t
    if op == "<":
        return a < t
    return a == t if isinstance(a, tuple) else abs(a - t) <= slack + 1e-9
