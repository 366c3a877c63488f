"""Rules of the evaluation standard: required parts of a report, and the policy caps on scores."""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, Report

from .numeric import show
from .registry import Hit, rule

REQUIRED_PARTS = {
    "score table": ("评分表", lambda r: bool(r.indicators)),
    "targets": ("绩效目标", lambda r: bool(r.targets)),
    "problems": ("存在问题", lambda r: bool(re.search(r"存在(?:的)?问题", r.text))),
    "suggestions": ("建议", lambda r: bool(re.search(r"建议|改进措施", r.text))),
}


@rule("POLICY-PARTS", "policy", "info", "报告缺少规定的组成部分", kinds=("project", "department"))
def required_parts(report: Report) -> Iterator[Hit]:
    """An evaluation report has a score table, the project's targets, problems found and suggestions.

    A missing part cannot be checked and is often where the weaknesses were left out.
    """
    for _key, (word, present) in REQUIRED_PARTS.items():
        if not present(report):
            yield Hit(
                f"报告未见“{word}”部分",
                [Evidence(None, None, report.title or report.project or "")],
            )


SELF_CAPS = [(50.0, 59.0), (60.0, 69.0), (70.0, 79.0), (80.0, 89.0)]


@rule(
    "POLICY-SELF-CAP", "policy", "error", "自评总分超过执行率对应的上限", kinds=("self_assessment",)
)
def self_cap(report: Report) -> Iterator[Hit]:
    """A self-assessment's total cannot exceed the cap its execution rate allows.

    Platforms apply: 执行率 < 50% → ≤ 59; < 60% → ≤ 69; < 70% → ≤ 79; < 80% → ≤ 89.
    """
    rate = report.first("execution_rate")
    total = report.total_score
    if rate is None or rate.value is None or total is None:
        return
    for limit, cap in SELF_CAPS:
        if rate.value.value < limit and total.low > cap:
            yield Hit(
                f"预算执行率 {show(rate.value)}% 低于 {limit:.0f}%，自评总分应不高于 {cap:.0f}，实为 {show(total)}",
                [rate.evidence],
                expected=cap,
                found=total.value,
            )
            return
