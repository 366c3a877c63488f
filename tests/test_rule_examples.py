"""Every rule has a passing and a failing example report (rules/examples/<RULE-ID>/).

fail*.txt must raise the rule (with its check) and give exactly the findings its
snapshot (expected.json: message, expected, found, evidence) records; pass.txt must
not raise it, and must raise no error from any rule at all. fail_<profile>.txt is
judged under that scoring profile and must be silent under `national`.

A changed message, number or quote fails the snapshot comparison until the snapshot
is updated on purpose:

    JIXIAO_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_rule_examples.py   (make snapshots)

An example named in the rule's KNOWN_ISSUE.md ("Affects:" line) is a bug report: it
is expected to fail (strictly, so that a fix shows up as a test to update).
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

import rules
from jixiao.pipeline import audit_file
from rules.examples import (
    SNAPSHOT,
    example_profile,
    examples,
    known_issue,
    known_issue_affects,
    rule_ids,
    snapshot_of,
    snapshots,
)

RULES = {r.id: r for r in rules.RULES}
EXAMPLES = Path(rules.__file__).parent / "examples"
UPDATE = os.environ.get("JIXIAO_UPDATE_SNAPSHOTS") == "1"


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


def _audit(tmp_path: Path, rule_id: str, name: str, profile: str | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{rule_id}-{name}"
    path.write_text(examples(rule_id)[name], encoding="utf-8")
    return audit_file(path, profile=profile).findings


def snapshot_diff(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """What differs between a snapshot and the findings now, one line a difference."""
    out = []
    if len(expected) != len(got):
        out.append(f"findings: snapshot {len(expected)}, now {len(got)}")
    for i, (old, new) in enumerate(zip(expected, got, strict=False), 1):
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                out.append(f"finding {i} {key}: snapshot {old.get(key)!r}, now {new.get(key)!r}")
    return sorted(out)


def _update(rule_id: str, name: str, got: list[dict[str, Any]]) -> None:
    path = EXAMPLES / rule_id / SNAPSHOT
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    current[name] = got
    current = {k: current[k] for k in sorted(current) if k in examples(rule_id)}
    path.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_has_examples(rule_id: str) -> None:
    names = set(examples(rule_id))
    assert "pass.txt" in names, f"rules/examples/{rule_id}/pass.txt is missing"
    assert "fail.txt" in names, f"rules/examples/{rule_id}/fail.txt is missing"
    assert all(n == "pass.txt" or n.startswith("fail") for n in names), names


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_fail_example_has_a_snapshot(rule_id: str) -> None:
    if UPDATE:
        pytest.skip("updating snapshots")
    fails = {n for n in examples(rule_id) if n.startswith("fail")}
    assert set(snapshots(rule_id)) == fails, f"rules/examples/{rule_id}/{SNAPSHOT}"


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
    profile = example_profile(name)
    findings = _audit(tmp_path, rule_id, name, profile)
    mine = [f for f in findings if f.rule == rule_id]
    if name.startswith("fail"):
        assert mine, f"{rule_id} did not fire on {name}; findings: {[f.rule for f in findings]}"
        assert all(f.check == rule.check for f in mine)
        got = [snapshot_of(f.to_dict()) for f in mine]
        if UPDATE:
            _update(rule_id, name, got)
        diff = snapshot_diff(snapshots(rule_id).get(name, []), got)
        assert not diff, f"{rule_id}/{name} differs from {SNAPSHOT}:\n" + "\n".join(diff)
        if profile is not None:  # what the profile changes: nationally the form is consistent
            national = _audit(tmp_path, rule_id, name)
            assert not [f for f in national if f.rule == rule_id]
    else:
        assert not mine, f"{rule_id} fired on {name}: {[f.message for f in mine]}"
        errors = [f"{f.rule}: {f.message}" for f in findings if f.severity == "error"]
        assert not errors, f"errors on the consistent example {rule_id}/{name}: {errors}"


def test_a_changed_message_fails_its_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reword FORM-SCORE-SUM's message: the comparison names the finding's message, old and new."""
    index = next(i for i, r in enumerate(rules.RULES) if r.id == "FORM-SCORE-SUM")
    original = rules.RULES[index]

    def reworded(report):  # type: ignore[no-untyped-def]
        for hit in original.func(report):
            yield dataclasses.replace(hit, message=hit.message.replace("不一致", "不符"))

    patched = list(rules.RULES)
    patched[index] = dataclasses.replace(original, func=reworded)
    monkeypatch.setattr(rules, "RULES", patched)  # what rules.run reads
    got = [
        snapshot_of(f.to_dict())
        for f in _audit(tmp_path, "FORM-SCORE-SUM", "fail.txt")
        if f.rule == "FORM-SCORE-SUM"
    ]
    [line] = snapshot_diff(snapshots("FORM-SCORE-SUM")["fail.txt"], got)
    assert line.startswith("finding 1 message: snapshot '各项得分之和")
    assert line.endswith("不一致', now '" + got[0]["message"] + "'")
    assert got[0]["message"].endswith("不符")


def test_checks_and_severities_are_enums_that_read_as_strings() -> None:
    from rules.model import CHECK_ZH, CHECKS, SEVERITIES, Check, Finding, Severity

    assert [c.value for c in Check] == list(CHECKS)
    assert [s.value for s in Severity] == list(SEVERITIES)
    assert all(isinstance(r.check, Check) and isinstance(r.severity, Severity) for r in rules.RULES)
    assert CHECK_ZH[Check.SCORE_SUM] == "得分合计不符"
    finding = Finding("X", Check.SCORE_SUM, Severity.ERROR, "m")
    text = json.dumps(finding.to_dict(), ensure_ascii=False)
    assert '"check": "score_sum", "severity": "error"' in text
    assert type(finding.to_dict()["check"]) is str
    with pytest.raises(ValueError, match="unknown check 'nonsense'"):
        rules.rule("X-NEW", "nonsense", "error", "t")
