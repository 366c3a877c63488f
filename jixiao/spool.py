"""A bulk run's outcomes on disk: the main process keeps nothing per file in memory.

Every finished file's payload (records and findings, CONTRACT shapes) is appended to
an anonymous temporary file (`tempfile.TemporaryFile`: it has no name, so a killed run
leaves nothing behind) the moment it arrives, and a `Brief` of the file (status, sha256,
where its payload lies, severity counts, what duplicate detection compares) goes to a
private temporary SQLite database (`sqlite3.connect("")`: SQLite unlinks its file at
once, and holds at most its page cache, 2 MB, in memory). `SpooledOutcomes` is the run's
outcomes in input order, read back one at a time (their Briefs a page of 500 at a time),
so every writer of OUT streams them (jixiao.outputs).

What stays in memory per file: while the files are read, the list of paths and each
path's sha256 and place (jixiao.batch.run_batch); at the end of the reading, duplicate
detection's two keys per file (jixiao.intake.Duplicates), let go before any output is
written. Nothing while the outputs are written.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    """Payloads appended to an anonymous temporary file, each found again by its offset;
    their Briefs in a temporary database by their place in the input (`put`), read back in
    that order (`in_order`)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self._fh = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (lives as long as the run)
        self._end = 0
        self._count = 0
        self.db = _database()

    def put(self, outcome: Outcome, seq: int | None = None) -> Brief:
        """Store one outcome and its Brief, the `seq`-th of the input (default: the next one);
        return the Brief (a copy: what is stored is what `in_order` reads)."""
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
        seq = self._count if seq is None else seq
        self._count += 1
        self.db.execute("INSERT OR REPLACE INTO brief VALUES (?, ?)", (seq, _dump(brief)))
        return brief

    def in_order(self, n: int) -> Briefs:
        """The Briefs of the input's n files (each put before), in its order, read from disk."""
        return Briefs(self.db, n)

    def get(self, brief: Brief) -> dict[str, Any]:
        """The payload a Brief stands for, as it was stored."""
        self._fh.seek(brief.offset)
        return json.loads(self._fh.read(brief.length))

    def close(self) -> None:
        self._fh.close()
        self.db.close()


def temporary_database() -> sqlite3.Connection:
    """A private temporary SQLite database: on disk past its 2 MB page cache (sorts too),
    gone when closed (or killed: SQLite unlinks the file it opens at once). No journal:
    nothing in it needs recovering. The outputs keep their per-file lists in one too."""
    db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -2048"):
        db.execute(f"PRAGMA {pragma}")
    return db


def _database() -> sqlite3.Connection:
    db = temporary_database()
    db.execute("CREATE TABLE brief (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    return db


def _dump(brief: Brief) -> str:
    """A Brief as JSON text; ASCII, so a file name's escaped bytes (surrogates) survive."""
    fields = {f.name: getattr(brief, f.name) for f in dataclasses.fields(brief)}
    return json.dumps({**fields, "severities": dict(brief.severities)})


def _load(body: str) -> Brief:
    fields = json.loads(body)
    fields["severities"] = Counter(fields["severities"])
    return Brief(**fields)


class Briefs(Sequence[Brief]):
    """A run's Briefs in input order, read from the spool's database a page at a time.

    A Brief read is a copy: `update` writes a changed one back (duplicate detection)."""

    PAGE = 500

    def __init__(self, db: sqlite3.Connection, n: int) -> None:
        self.db, self.n = db, n

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, index: int) -> Brief: ...
    @overload
    def __getitem__(self, index: slice) -> list[Brief]: ...
    def __getitem__(self, index: int | slice) -> Brief | list[Brief]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.n))]
        if not -self.n <= index < self.n:
            raise IndexError(index)
        return self._page(index % self.n, 1)[0]

    def __iter__(self) -> Iterator[Brief]:
        for start in range(0, self.n, self.PAGE):
            yield from self._page(start, self.PAGE)

    def _page(self, start: int, size: int) -> list[Brief]:
        rows = self.db.execute(
            "SELECT body FROM brief WHERE seq >= ? AND seq < ? ORDER BY seq",
            (start, start + size),
        ).fetchall()
        return [_load(body) for (body,) in rows]

    def update(self, index: int, brief: Brief) -> None:
        """Write back the `index`-th Brief, changed."""
        self.db.execute("UPDATE brief SET body = ? WHERE seq = ?", (_dump(brief), index))


def mark_briefs(briefs: Sequence[Brief]) -> None:
    """Duplicate detection over the Briefs in input order, exactly as over the outcomes.

    A Brief has what `Duplicates.see` reads (status, file, sha256, each document's
    project / year / unit / kind) and takes what it writes (`duplicate_of`, the 重复报送
    finding), which `SpooledOutcomes` then puts on the outcome read back.
    """
    tracker = Duplicates()
    for index, brief in enumerate(briefs):
        tracker.see(brief)  # type: ignore[arg-type]  (duck-typed: the fields it reads)
        for finding in brief.findings:
            brief.severities[finding["severity"]] += 1
        if brief.findings and isinstance(briefs, Briefs):
            briefs.update(index, brief)  # read from disk: a copy, written back


class SpooledOutcomes(Sequence["Outcome"]):
    """The outcomes of a run in input order, each read from the spool when asked for."""

    def __init__(self, spool: Spool, briefs: Sequence[Brief], make: Callable[..., Outcome]) -> None:
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


class Lines:
    """JSON values appended to an anonymous temporary file, read back in order (again and
    again); closed with the object. What a writer would otherwise keep a line per file of."""

    def __init__(self) -> None:
        self.fh = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.n = 0

    def append(self, value: Any) -> None:
        self.fh.seek(0, 2)
        self.fh.write(json.dumps(value) + "\n")  # ASCII: a name's escaped bytes survive
        self.n += 1

    def __len__(self) -> int:
        return self.n

    def extend(self, values: Iterable[Any]) -> None:
        for value in values:
            self.append(value)

    def __iter__(self) -> Iterator[Any]:
        self.fh.seek(0)
        for line in self.fh:
            yield json.loads(line)


class Paths(Lines):
    """Paths (the files a writer wrote), on disk as Lines."""

    def append(self, value: Any) -> None:
        super().append(str(value))

    def __iter__(self) -> Iterator[Path]:
        return map(Path, super().__iter__())
