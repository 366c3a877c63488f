"""Every rule has a passing and a failing example report (rules/examples/<RULE-ID>/).

fail*.txt must raise the rule (with its check); pass.txt must not, and must
raise no error from any rule at all. An example named in the rule's
KNOWN_ISSUE.md ("Affects:" line) is a bug report: it is expected to fail
(strictly, so that a fix shows up as a test to update).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import rules
from jixiao.pipeline import audit_file
from rules.examples import examples, known_issue, known_issue_affects, rule_ids

RULES = {r.id: r for r in rules.RULES}


def _cases() -> list:
    cases = []
    for rule_id in RULES:
        affected = known_issue_affects(rule_id)
        for name in examples(rule_id):
            marks = []
            if name in affected:
                reason = (known_issue(rule_id) or "").strip().splitlines()[0].lstrip("# ")
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            cases.append(pytest.param(rule_id, name, id=f"{rule_id}/{name}", marks=marks))
    return cases


def _audit(tmp_path: Path, rule_id: str, name: str):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{rule_id}-{name}"
    path.write_text(examples(rule_id)[name], encoding="utf-8")
    return audit_file(path).findings


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_has_examples(rule_id: str) -> None:
    names = set(examples(rule_id))
    assert "pass.txt" in names, f"rules/examples/{rule_id}/pass.txt is missing"
    assert "fail.txt" in names, f"rules/examples/{rule_id}/fail.txt is missing"
    assert all(n == "pass.txt" or n.startswith("fail") for n in names), names


def test_examples_belong_to_registered_rules() -> None:
    orphans = [rule_id for rule_id in rule_ids() if rule_id not in RULES]
    assert not orphans, f"example folders for rules that are not registered: {orphans}"


def test_known_issues_name_existing_examples() -> None:
    for rule_id in rule_ids():
        affected = known_issue_affects(rule_id)
        assert affected <= set(examples(rule_id)), (rule_id, affected)


@pytest.mark.parametrize(("rule_id", "name"), _cases())
def test_example(tmp_path: Path, rule_id: str, name: str) -> None:
    rule = RULES[rule_id]
    findings = _audit(tmp_path, rule_id, name)
    mine = [f for f in findings if f.rule == rule_id]
    if name.startswith("fail"):
        assert mine, f"{rule_id} did not fire on {name}; findings: {[f.rule for f in findings]}"
        assert all(f.check == rule.check for f in mine)
    else:
        assert not mine, f"{rule_id} fired on {name}: {[f.message for f in mine]}"
        errors = [f"{f.rule}: {f.message}" for f in findings if f.severity == "error"]
        assert not errors, f"errors on the consistent example {rule_id}/{name}: {errors}"
