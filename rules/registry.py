"""The rule registry: every rule is listed once, with its id, check, severity and title.

A rule is a function of a Report that yields Hits; the registry turns them
into Findings carrying the rule's id and check. A rule that depends on how
forms are scored takes a second parameter, the run's `Settings` (rules/profiles.py),
and reads the profile from it. Its docstring is its documentation (rules/docs.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from extractor.model import Evidence, Report

from .model import CHECKS, SEVERITIES, Check, Finding, Severity
from .profiles import NATIONAL, Settings


@dataclass
class Hit:
    """What a rule found; the registry adds the rule's id, check and default severity."""

    message: str
    evidence: list[Evidence] = field(default_factory=list)
    expected: Any = None
    found: Any = None
    severity: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    severity: str
    title: str
    func: Callable[[Report], Iterable[Hit]]
    kinds: tuple[str, ...] = ("project", "department", "self_assessment", "targets")
    scope: str = "document"  # document: one report at a time; file: all the documents of one file
    wants_settings: bool = False  # the function takes (report, settings)
    # The rule reads the score table's or a form's indicator rows: it does not run on rows the
    # reader says it read in part or wrong.
    reads_score_table: bool = False

    @property
    def rationale(self) -> str:
        return inspect.getdoc(self.func) or ""

    def run(self, report: Report, settings: Settings = NATIONAL) -> Iterator[Finding]:
        if self.scope != "document" or report.kind not in self.kinds:
            return
        if self.reads_score_table and report.tree_partial:
            return  # the reader said the score table was read in part: its figures are unchecked
        yield from self._findings(self._call(report, settings), report.file)

    def run_file(self, reports: list[Report], settings: Settings = NATIONAL) -> Iterator[Finding]:
        """A file-scope rule over every document of one file."""
        if self.scope != "file" or not reports:
            return
        yield from self._findings(self._call(reports, settings), reports[0].file)

    def _call(self, subject: Any, settings: Settings) -> Iterable[Hit]:
        return self.func(subject, settings) if self.wants_settings else self.func(subject)

    def _findings(self, hits: Iterable[Hit], file: str) -> Iterator[Finding]:
        for hit in hits:
            yield Finding(
                rule=self.id,
                check=self.check,
                severity=hit.severity or self.severity,
                message=hit.message,
                evidence=[e for e in hit.evidence if e is not None],
                expected=hit.expected,
                found=hit.found,
                file=file,
            )


RULES: list[Rule] = []
REPORT_KINDS = ("project", "department")
PUBLICATION_KINDS = ("publication",)
FORM_KINDS = ("self_assessment", "targets", "monitoring")


def rule(
    id: str,
    check: str,
    severity: str,
    title: str,
    *,
    kinds: tuple[str, ...] | None = None,
    scope: str = "document",
    reads_score_table: bool = False,
) -> Callable[[Callable[[Report], Iterable[Hit]]], Callable[[Report], Iterable[Hit]]]:
    """Register a rule function under an id, a CONTRACT.md check and a default severity
    (plain strings or `Check` / `Severity` members; stored as the members).

    `reads_score_table`: the rule reads the rows of the score table or of a form's indicators
    (sums, counts, rubrics, each row's figures, or that there are none), so it does not run
    where the reader says it read them in part or wrong (`Report.tree_partial`): the
    `extraction` finding that says so tells the auditor they were not checked."""
    if check not in CHECKS:
        raise ValueError(f"unknown check {check!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    check, severity = Check(check), Severity(severity)

    def register(func: Callable[[Report], Iterable[Hit]]) -> Callable[[Report], Iterable[Hit]]:
        if any(r.id == id for r in RULES):
            raise ValueError(f"duplicate rule id {id}")
        extra: dict = {"kinds": kinds} if kinds else {}
        wants = len(inspect.signature(func).parameters) > 1
        RULES.append(
            Rule(
                id,
                check,
                severity,
                title,
                func,
                scope=scope,
                wants_settings=wants,
                reads_score_table=reads_score_table,
                **extra,
            )
        )
        return func

    return register
