"""A bulk run's outcomes on disk: the main process keeps a few facts per file, not its findings.

Every finished file's payload (records and findings, CONTRACT shapes) is appended to
an anonymous temporary file (`tempfile.TemporaryFile`: it has no name, so a killed run
leaves nothing behind) the moment it arrives; memory keeps only where it lies and a
`Brief` of the file (status, sha256, severity counts, what duplicate detection
compares). `SpooledOutcomes` is the run's outcomes in input order, read back one at a
time, so every writer of OUT streams them (jixiao.outputs).

What stays in memory per file: its `Brief` (the path, two offsets, the counts and the
project / year / unit / kind of each document, a few hundred bytes) and duplicate
detection's keys (jixiao.intake.Duplicates): O(files), never O(findings).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from .intake import Duplicates

if TYPE_CHECKING:
    from .batch import Outcome

IDENTITY = ("project", "year", "unit", "kind")  # what jixiao.intake.identity compares


@dataclass
class Brief:
    """What the main process keeps of one finished file while the run goes on."""

    file: str
    status: str
    offset: int
    length: int
    cached: bool = False
    sha256: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)  # IDENTITY fields only
    findings: list[dict[str, Any]] = field(default_factory=list)  # the 重复报送 one, if any
    duplicate_of: str | None = None
    severities: Counter = field(default_factory=Counter)
    documents: int = 0

    @property
    def failed(self) -> bool:
        return self.status != "ok"


class Spool:
    """Payloads appended to an anonymous temporary file, each found again by its offset."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self._fh = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (lives as long as the run)
        self._end = 0

    def put(self, outcome: Outcome) -> Brief:
        """Store one outcome; return the Brief memory keeps of it."""
        payload = {
            "file": outcome.file,
            "status": outcome.status,
            "records": outcome.records,
            "findings": outcome.findings,
            "seconds": outcome.seconds,
            "reason": outcome.reason,
            "sha256": outcome.sha256,
        }
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._fh.seek(self._end)
        self._fh.write(data)
        brief = Brief(
            file=outcome.file,
            status=outcome.status,
            offset=self._end,
            length=len(data),
            cached=outcome.cached,
            sha256=outcome.sha256,
            records=[{k: r.get(k) for k in IDENTITY} for r in outcome.records],
            severities=Counter(f["severity"] for f in outcome.findings),
            documents=len(outcome.records),
        )
        self._end += len(data)
        return brief

    def get(self, brief: Brief) -> dict[str, Any]:
        """The payload a Brief stands for, as it was stored."""
        self._fh.seek(brief.offset)
        return json.loads(self._fh.read(brief.length))

    def close(self) -> None:
        self._fh.close()


def mark_briefs(briefs: Sequence[Brief]) -> None:
    """Duplicate detection over the Briefs in input order, exactly as over the outcomes.

    A Brief has what `Duplicates.see` reads (status, file, sha256, each document's
    project / year / unit / kind) and takes what it writes (`duplicate_of`, the 重复报送
    finding), which `SpooledOutcomes` then puts on the outcome read back.
    """
    tracker = Duplicates()
    for brief in briefs:
        tracker.see(brief)  # type: ignore[arg-type]  (duck-typed: the fields it reads)
        for finding in brief.findings:
            brief.severities[finding["severity"]] += 1


class SpooledOutcomes(Sequence["Outcome"]):
    """The outcomes of a run in input order, each read from the spool when asked for."""

    def __init__(self, spool: Spool, briefs: list[Brief], make: Callable[..., Outcome]) -> None:
        self.spool = spool
        self.briefs = briefs
        self.make = make  # payload, cached= → Outcome (batch.Outcome.from_payload)
        # Called on each outcome read back (jixiao.outputs sets 新增 / 已有 with a baseline).
        self.decorate: Callable[[Outcome], None] | None = None

    def __len__(self) -> int:
        return len(self.briefs)

    @overload
    def __getitem__(self, index: int) -> Outcome: ...
    @overload
    def __getitem__(self, index: slice) -> list[Outcome]: ...
    def __getitem__(self, index: int | slice) -> Outcome | list[Outcome]:
        if isinstance(index, slice):
            return [self._read(b) for b in self.briefs[index]]
        return self._read(self.briefs[index])

    def __iter__(self) -> Iterator[Outcome]:
        for brief in self.briefs:
            yield self._read(brief)

    def _read(self, brief: Brief) -> Outcome:
        """The outcome a Brief stands for, as `jixiao.intake.Duplicates` left it."""
        outcome = self.make(self.spool.get(brief), cached=brief.cached)
        if brief.duplicate_of is not None:
            outcome.duplicate_of = brief.duplicate_of
            for item in (*outcome.records, *outcome.findings):
                item["duplicate_of"] = brief.duplicate_of
            outcome.findings.extend(dict(f) for f in brief.findings)
        if self.decorate is not None:
            self.decorate(outcome)
        return outcome
