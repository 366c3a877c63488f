"""Every rule is documented in the same parts, with its example and the finding it gives
(rules/docs.py, docs/RULES.md); the committed docs/RULES.md is the generated one
(tests/test_cli.py)."""

from __future__ import annotations

import dataclasses

import pytest

import rules
from rules.docs import WHY, excerpts, markdown, rule_doc, rule_markdown
from rules.examples import snapshots
from rules.model import CHECKS

PARTS = (
    "**What it checks.** ",
    "**Why it matters.** ",
    "**Known limits.** ",
    "**Inconsistent example**",
    "It gives:",
    "**Consistent example**",
)


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.id)
def test_every_rule_page_has_every_part_and_its_example(rule: rules.Rule) -> None:
    page = "\n".join(rule_markdown(rule))
    positions = [page.index(part) for part in PARTS]
    assert positions == sorted(positions)
    doc = rule_doc(rule)
    assert doc.what and doc.why and doc.limits
    assert "\n\nLimits: " in rule.rationale  # its own limits, not only those every rule shares
    [first, *_] = snapshots(rule.id)["fail.txt"]
    assert first["message"] in page  # the finding its inconsistent example gives
    assert page.count("```text") == 2  # the lines of fail.txt, then those of pass.txt


def test_every_check_has_a_reason() -> None:
    assert set(WHY) >= set(CHECKS) - {"duplicate_submission"}


def test_the_page_shows_the_lines_that_differ() -> None:
    page = "\n".join(rule_markdown(next(r for r in rules.RULES if r.id == "FORM-SCORE-SUM")))
    assert "  26  总分 | 100 | 85.96 | 良" in page  # fail.txt
    assert "  26  总分 | 100 | 95.96 | 优" in page  # pass.txt, the same place
    assert (
        "- **错误** 各项得分之和 95.96 与总分 85.96 不一致 — expected `95.96`, found `85.96`"
        in page
    )


def test_profile_examples_are_named_with_their_profile() -> None:
    page = "\n".join(rule_markdown(next(r for r in rules.RULES if r.id == "FORM-SELF-CAP")))
    assert "- `fail_capped.txt`, under `--profile capped` (silent under `national`):" in page
    assert "执行率 75.00% 低于 80%，自评总分应不高于 89 分，实为 93.63" in page


def test_why_and_limits_paragraphs_are_their_parts() -> None:
    def sample(report):  # type: ignore[no-untyped-def]
        """Checks one thing.

        More on what it checks.

        Why: because it matters.

        Limits: misses another
        thing.
        """
        return []

    rule = dataclasses.replace(rules.RULES[0], func=sample)
    doc = rule_doc(rule)
    assert doc.what == "Checks one thing.\n\nMore on what it checks."
    assert doc.why == "because it matters."
    assert doc.limits.startswith(
        "misses another thing. It judges the document as the readers read it"
    )


def test_excerpts_follow_the_evidence_and_the_difference() -> None:
    fail = "title\nsame\nx = 3\ntail\n"
    good = "title\nsame\nx = 2\ntail\n"
    assert excerpts(fail, good, [2]) == ([(2, "same"), (3, "x = 3")], [(2, "same"), (3, "x = 2")])


def test_the_index_links_every_rule() -> None:
    text = markdown()
    for rule in rules.RULES:
        assert f"| [{rule.id}](#{rule.id.lower()}) |" in text
        assert f"\n## {rule.id}\n" in text
