"""Rules of the evaluation standard: required parts of a report, and the policy caps on scores."""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, Report

from .registry import Hit, rule

REQUIRED_PARTS = {
    "score table": ("评分表", lambda r: bool(r.indicators) or _named(r, "评分表")),
    "targets": ("绩效目标", lambda r: bool(r.targets) or _named(r, "绩效目标表")),
    "problems": ("存在问题", lambda r: bool(re.search(r"存在(?:的)?问题", r.text))),
    "suggestions": ("建议", lambda r: bool(re.search(r"建议|改进措施", r.text))),
}


def _named(report: Report, part: str) -> bool:
    """The document names the part but it could not be read: EXTRACT-UNREAD says so instead."""
    return any(what == part for what, _ in report.unread)


@rule("POLICY-PARTS", "policy", "info", "报告缺少规定的组成部分", kinds=("project", "department"))
def required_parts(report: Report) -> Iterator[Hit]:
    """An evaluation report has a score table, the project's targets, problems found and suggestions.

    A missing part cannot be checked and is often where the weaknesses were left out. A
    part the document names but the reader could not read is not missing (EXTRACT-UNREAD).

    Limits: A part is found by its heading words; a part written under an unusual heading may be
    reported missing, which is why it is a warning.
    """
    for _key, (word, present) in REQUIRED_PARTS.items():
        if not present(report):
            yield Hit(
                f"报告未见“{word}”部分",
                [Evidence(None, None, report.title or report.project or "")],
            )
