"""Everything a bulk run writes to OUT, each format in a module of its own.

`write_outputs` writes them all, each file atomically (temporary file, then
rename), and renames them only once all are written (`atomic.staged`), so an
interrupted run or a full disk leaves OUT as the last complete run left it. It
records what it wrote in OUT's manifest (`jixiao.manifest`) and removes only
files an earlier run recorded there and this one did not write again: a file
the user keeps in OUT is never touched.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # batch imports outputs.atomic: no import of batch at run time here
    from ..batch import BatchResult


def write_outputs(out: str | Path, result: BatchResult) -> list[Path]:
    """Write findings/reports JSONL, the Parquet tables, audit.duckdb, audit.xlsx, the site and
    the research dataset (OUT/dataset/, jixiao.dataset; only with the `data` extra)."""
    from ..dataset.outputs import dataset_tables, planned_dataset
    from ..manifest import read_manifest, relative, remove_stale, write_manifest
    from .atomic import staged
    from .database import write_duckdb
    from .jsonl import write_jsonl
    from .parquet import write_parquet
    from .site import planned_pages, write_site
    from .tables import build_frames
    from .workbook import write_workbook

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(out)
    planned = {*FIXED, *planned_pages(result), *planned_dataset()}
    write_manifest(out, previous | planned)  # a kill mid-way still accounts for every file
    try:
        frames = build_frames(result)
        dataset = dataset_tables(out, result)
        with staged():  # all or nothing: a full disk or Ctrl-C half-way replaces no output
            written = write_jsonl(out, result)
            written += write_parquet(out, frames, dataset)
            written += write_duckdb(out, frames, dataset)
            written += write_workbook(out, frames)
            written += write_site(out, result)
    except BaseException:
        with contextlib.suppress(OSError):  # nothing was replaced: nor is the manifest
            write_manifest(out, previous)
        raise
    current = relative(out, written)
    remove_stale(out, previous, current)
    write_manifest(out, current)
    return written


FIXED = (
    "findings.jsonl",
    "reports.jsonl",
    "reports.parquet",
    "indicators.parquet",
    "findings.parquet",
    "audit.duckdb",
    "audit.xlsx",
)
