"""Targets against results: full marks on a missed target, deductions on a met one."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Report

from .numeric import show
from .outcome import outcome
from .registry import REPORT_KINDS, Hit, rule


@rule(
    "TARGET-SCORE",
    "target_vs_actual",
    "error",
    "达到目标却被扣分，或未达到目标却得满分",
    kinds=REPORT_KINDS,
)
def target_score(report: Report) -> Iterator[Hit]:
    """The result meets (or misses) the indicator's own target, and the score says the opposite.

    A met target scored below full marks (99.88 万元 ≤ 100.88 万元 but 4.95 of 5)
    or a missed target given full marks means the score was not derived from
    the result. Results are compared with the target's operator and unit;
    qualitative results only where the words decide it.

    Limits: Qualitative results are judged only where the words decide it.
    """
    for ind in report.indicators:
        if ind.level != 3 or ind.score is None or ind.weight is None:
            continue
        state = outcome(ind)
        full = ind.score.high >= ind.weight.value
        if state == "met" and not full:
            yield Hit(
                f"{ind.code or ''}“{ind.name}”业绩值 {ind.actual} 已达到目标 {ind.benchmark}，却只得 {show(ind.score)} 分（满分 {show(ind.weight)}）",
                [ind.evidence],
                expected=ind.weight.value,
                found=ind.score.value,
            )
        elif state == "missed" and ind.score.high >= ind.weight.value:
            yield Hit(
                f"{ind.code or ''}“{ind.name}”业绩值 {ind.actual} 未达到目标 {ind.benchmark}，却得满分 {show(ind.score)}",
                [ind.evidence],
                expected=f"< {show(ind.weight)}",
                found=ind.score.value,
            )
