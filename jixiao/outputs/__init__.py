"""Everything a bulk run writes to OUT, each format in a module of its own.

`write_outputs` writes them all, each file atomically (temporary file, then
rename), and renames them only once all are written (`atomic.staged`), so an
interrupted run or a full disk leaves OUT as the last complete run left it. It
records what it wrote in OUT's manifest (`jixiao.manifest`) and removes only
files an earlier run recorded there and this one did not write again: a file
the user keeps in OUT is never touched.

Every writer reads the run's outcomes as a stream, one file at a time (a run of the
command line keeps them on disk: jixiao.spool), and the tables go to Parquet a chunk of
files at a time (jixiao.outputs.tablefiles), so memory does not grow with the findings;
what a writer would keep a line per file of (the index's rows, the paths written, the link
relationships, an evaluator's rows) goes to temporary files or SQLite tables (jixiao.spool).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import extras

if TYPE_CHECKING:  # batch imports outputs.atomic: no import of batch at run time here
    from ..batch import BatchResult


def write_outputs(
    out: str | Path,
    result: BatchResult,
    decisions: Mapping[str, Any] | None = None,
    sheet: str | Path | None = None,
    baseline: str | Path | None = None,
) -> list[Path]:
    """Write findings/reports JSONL, the Parquet tables, audit.duckdb, audit.xlsx, the site
    the 审核意见 and the research dataset (OUT/dataset/, jixiao.dataset; only with the `data` extra).

    First the decisions typed into the existing audit.xlsx are logged (jixiao.review.merge),
    and with `baseline` (an earlier OUT) each finding is marked 新增 or 已有. The decisions
    (finding id → Decision; OUT's own log unless given) and the bureau's scoring `sheet`
    (jixiao.outputs.opinions.load_sheet) go to the site and the 审核意见.
    """
    from ..dataset import load_decisions
    from ..manifest import read_manifest, read_profile, relative, remove_stale, write_manifest
    from ..review.merge import prepare
    from ..spool import Paths
    from .atomic import staged
    from .database import write_duckdb
    from .jsonl import write_jsonl
    from .opinions import load_sheet, write_opinions
    from .site import write_site
    from .tablefiles import write_tables
    from .workbook import write_workbook

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scoring = load_sheet(sheet) if sheet is not None else None  # a bad sheet stops before writing
    review = prepare(out, _findings(result), baseline)  # before audit.xlsx is replaced
    if baseline is not None and result.spooled:  # read back later: each one gets its status
        result.outcomes.decorate = functools.partial(_baseline_status, review.status)
    if decisions is None:
        decisions = review.decisions
    previous, previous_profile = read_manifest(out), read_profile(out)
    # A kill mid-way still accounts for every file. (The plan is not kept: a name per file.)
    write_manifest(out, previous | _planned(result), profile=result.profile)
    written = Paths()  # on disk, a line per file written
    try:
        with staged(), _system_arrow_pool():  # all or nothing: a full disk or Ctrl-C replaces none
            written.extend(write_jsonl(out, result))
            # The tables, chunk by chunk into Parquet; the next two read them back from there.
            tables = write_tables(out, result, load_decisions(out))
            written.extend(tables.written)
            written.extend(write_duckdb(out, tables.frames, tables.dataset))
            written.extend(write_workbook(out, tables.frames, review))
            written.extend(write_site(out, result, decisions))
            written.extend(write_opinions(out, result, decisions, scoring))
    except BaseException:
        with contextlib.suppress(OSError):  # nothing was replaced: nor is the manifest
            write_manifest(out, previous, profile=previous_profile)
        raise
    current = relative(out, written)
    remove_stale(out, previous, current)
    write_manifest(out, current, profile=result.profile)
    return list(written)


def _planned(result: BatchResult) -> set[str]:
    """The files (relative to OUT) a run of `result` writes, known before writing."""
    from ..dataset.outputs import planned_dataset
    from .opinions import planned_opinions
    from .site import planned_pages

    return {*FIXED, *planned_pages(result), *planned_opinions(result), *planned_dataset()}


@contextlib.contextmanager
def _system_arrow_pool() -> Iterator[None]:
    """pyarrow allocates from the C library's malloc while the outputs are written.

    Its own pool (mimalloc) keeps what each batch read back freed, so the process grew with
    the number of batches (~5 kB a document at 3,000 documents, phase by phase; README,
    Scale); malloc reuses it. The previous pool is restored after."""
    if not extras.have("pyarrow"):
        yield
        return
    pa = extras.need("pyarrow", "data")
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _findings(result: BatchResult) -> list[dict[str, Any]] | Iterator[dict[str, Any]]:
    """Every finding: a list held in memory, or (a spooled run) a stream read from disk."""
    if result.spooled:
        return (f for o in result.outcomes for f in o.findings)
    return result.findings


def _baseline_status(status: Mapping[str, str], outcome: Any) -> None:
    """新增 / 已有 on a spooled outcome read back, as `prepare` set it on the findings."""
    for f in outcome.findings:
        f["baseline_status"] = status[f["id"]]


FIXED = (
    "findings.jsonl",
    "reports.jsonl",
    "reports.parquet",
    "indicators.parquet",
    "findings.parquet",
    "audit.duckdb",
    "audit.xlsx",
)
