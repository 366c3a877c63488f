"""reports.parquet, indicators.parquet, findings.parquet: the three tables for analysts."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .atomic import atomic_path
from .tables import AuditFrames

NAMES = ("reports", "indicators", "findings")


def write_parquet(out: Path, frames: AuditFrames) -> list[Path]:
    """One Parquet file per table, columns and types as in `outputs.tables`."""
    written = []
    for name, frame in zip(NAMES, frames, strict=True):
        dest = out / f"{name}.parquet"
        table = pa.Table.from_pandas(frame, preserve_index=False)
        with atomic_path(dest) as tmp:
            pq.write_table(table, tmp, compression="zstd")
        written.append(dest)
    return written
