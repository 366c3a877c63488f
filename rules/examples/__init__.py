"""A passing and a failing example report for every rule, shipped with the package.

``rules/examples/<RULE-ID>/pass.txt`` is a small consistent report: the rule
stays silent on it, and no rule reports an error. ``fail.txt`` (and
``fail2.txt``, … for other phrasings) is the same text with exactly the
inconsistency the rule exists for.

A ``KNOWN_ISSUE.md`` beside them describes an example the extractor or the
rule currently gets wrong (input, expected, actual); its ``Affects:`` line
names the example files concerned (all of them when it has none). Those
examples are expected to fail until the issue is fixed.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

import regex as re

__all__ = ["examples", "known_issue", "known_issue_affects", "rule_ids"]

KNOWN_ISSUE = "KNOWN_ISSUE.md"


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
