"""What the rules say about their examples: the message, expected and found, word for word.

tests/test_rule_examples.py checks that each failing example raises its rule; these
tests pin down what is said, for the examples whose wording matters most to a reader.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.pipeline import audit_file
from rules.examples import examples
from rules.model import Finding


def findings_of(tmp_path: Path, rule_id: str, name: str) -> list[Finding]:
    """The findings of one rule on one of its examples."""
    path = tmp_path / f"{rule_id}-{name}"
    path.write_text(examples(rule_id)[name], encoding="utf-8")
    return [f for f in audit_file(path).findings if f.rule == rule_id]


def test_sideways_summary_row_is_compared_with_the_detailed_table(tmp_path: Path) -> None:
    found = findings_of(tmp_path, "SUMMARY-RESTATED", "fail3.txt")
    assert [(f.message, f.expected, f.found) for f in found] == [
        (
            "附件 1 项目指标得分情况汇总表中“项目产出”得分 44.3 与明细表下级合计 44.8 不一致",
            44.8,
            44.3,
        )
    ]
