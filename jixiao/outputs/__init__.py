"""Everything a bulk run writes to OUT, each format in a module of its own.

`write_outputs` writes them all, each file atomically (temporary file, then
rename), so an interrupted run never leaves a half-written output behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # batch imports outputs.atomic: no import of batch at run time here
    from ..batch import BatchResult


def write_outputs(out: str | Path, result: BatchResult) -> list[Path]:
    """Write findings/reports JSONL, the Parquet tables, audit.duckdb, audit.xlsx and the site."""
    from .database import write_duckdb
    from .jsonl import write_jsonl
    from .parquet import write_parquet
    from .site import write_site
    from .tables import build_frames
    from .workbook import write_workbook

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    frames = build_frames(result)
    written = write_jsonl(out, result)
    written += write_parquet(out, frames)
    written += write_duckdb(out, frames)
    written += write_workbook(out, frames)
    written += write_site(out, result)
    return written
