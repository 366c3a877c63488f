"""The audit rules: `run(report, settings)` applies every registered rule; `RULES` lists them.

Each family lives in its own module and registers its rules on import; this
module imports them all so that the registry is complete.
"""

from __future__ import annotations

from extractor.model import Report

# Each family registers its rules when imported.
from . import (  # noqa: F401
    columnsum,
    counts,
    dates,
    extraction,
    formfile,
    formfunds,
    formscores,
    formstandard,
    formwords,
    funds,
    itemfunds,
    policy,
    prosesum,
    pubchange,
    pubcross,
    publication,
    puboutturn,
    pubparts,
    pubprocure,
    pubpurpose,
    pubrestated,
    pubsides,
    pubtables,
    pubwording,
    restated,
    rubric,
    scores,
    survey,
    targets,
    text,
)
from .model import CHECKS, SEVERITY_RANK, Finding
from .profiles import NATIONAL, PROFILES, Profile, Settings
from .registry import RULES, Hit, Rule, rule


def run(report: Report, settings: Settings = NATIONAL) -> list[Finding]:
    """Every finding for one report, most severe first, in document order within a severity.

    `settings` carry the scoring profile forms are judged by (national by default)."""
    findings = _merge_repeats([f for r in RULES for f in r.run(report, settings)])
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], _position(f)))
    return findings


def run_file(reports: list[Report], settings: Settings = NATIONAL) -> list[Finding]:
    """Findings about a file's documents together (a publication against the forms it carries)."""
    return [f for r in RULES for f in r.run_file(reports, settings)]


def _merge_repeats(findings: list[Finding]) -> list[Finding]:
    """The same finding raised at several places (a passage the report repeats) is one finding."""
    merged: dict[tuple[str, str], Finding] = {}
    for f in findings:
        key = (f.rule, f.message)
        if key in merged:
            merged[key].evidence.extend(e for e in f.evidence if e not in merged[key].evidence)
        else:
            merged[key] = f
    return list(merged.values())


def _position(finding: Finding) -> int:
    for ev in finding.evidence:
        if ev.line is not None:
            return ev.line
    return 1 << 30


__all__ = [
    "CHECKS",
    "PROFILES",
    "RULES",
    "Finding",
    "Hit",
    "Profile",
    "Rule",
    "Settings",
    "rule",
    "run",
    "run_file",
]
