"""A passing and a failing example report for every rule, shipped with the package.

``rules/examples/<RULE-ID>/pass.txt`` is a small consistent report: the rule
stays silent on it, and no rule reports an error. ``fail.txt`` (and
``fail2.txt``, … for other phrasings) is the same text with exactly the
inconsistency the rule exists for.

``fail_<profile>.txt`` (``fail_strict.txt``) is judged under that scoring profile
(rules/profiles.py) and is consistent under ``national``: it shows what the profile
changes. ``expected.json`` holds, for each fail example, the findings its rule gives
on it (rule, check, severity, message, expected, found, evidence): the snapshot the
tests compare and the rule's documentation quotes.

A ``KNOWN_ISSUE.md`` beside them describes an example the extractor or the
rule currently gets wrong (input, expected, actual); its ``Affects:`` line
names the example files concerned (all of them when it has none). Those
examples are expected to fail until the issue is fixed.
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import regex as re

from ..profiles import PROFILES

__all__ = [
    "SNAPSHOT",
    "example_profile",
    "examples",
    "known_issue",
    "known_issue_affects",
    "rule_ids",
    "snapshot_of",
    "snapshots",
]

KNOWN_ISSUE = "KNOWN_ISSUE.md"
SNAPSHOT = "expected.json"
SNAPSHOT_KEYS = ("rule", "check", "severity", "message", "expected", "found", "evidence")


def _folder(rule_id: str) -> Traversable | None:
    folder = files(__name__).joinpath(rule_id)
    return folder if folder.is_dir() else None


def rule_ids() -> list[str]:
    """Every rule id that has an examples folder."""
    return sorted(
        p.name for p in files(__name__).iterdir() if p.is_dir() and not p.name.startswith("_")
    )


def examples(rule_id: str) -> dict[str, str]:
    """The rule's example reports, name → text ("pass.txt", "fail.txt", "fail2.txt", …)."""
    folder = _folder(rule_id)
    if folder is None:
        return {}
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.is_file() and p.name.endswith(".txt")
    }


def known_issue(rule_id: str) -> str | None:
    """The text of the rule's KNOWN_ISSUE.md, if it has one."""
    folder = _folder(rule_id)
    if folder is None:
        return None
    issue = folder.joinpath(KNOWN_ISSUE)
    return issue.read_text(encoding="utf-8") if issue.is_file() else None


def known_issue_affects(rule_id: str) -> set[str]:
    """The example files a known issue affects (every example when it names none)."""
    text = known_issue(rule_id)
    if text is None:
        return set()
    m = re.search(r"(?m)^Affects:\s*(.+?)\s*$", text)
    if not m:
        return set(examples(rule_id))
    return {name.strip(" `") for name in re.split(r"[,，\s]+", m.group(1)) if name.strip(" `")}


def example_profile(name: str) -> str | None:
    """The scoring profile an example is judged under: `strict` for fail_strict.txt, else None."""
    m = re.fullmatch(r"fail_(\w+)\.txt", name)
    return m.group(1) if m and m.group(1) in PROFILES else None


def snapshots(rule_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rule's expected.json: fail example name → the findings the rule gives on it."""
    folder = _folder(rule_id)
    if folder is None or not folder.joinpath(SNAPSHOT).is_file():
        return {}
    return json.loads(folder.joinpath(SNAPSHOT).read_text(encoding="utf-8"))


def snapshot_of(finding: dict[str, Any]) -> dict[str, Any]:
    """What a snapshot keeps of a finding (`Finding.to_dict()`): not the file it was read from."""
    return {k: finding[k] for k in SNAPSHOT_KEYS}
