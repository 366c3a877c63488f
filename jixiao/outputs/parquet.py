"""reports.parquet, indicators.parquet, findings.parquet: the three tables of `outputs.tables`
(the workbook's and the site's view, kept for the scripts that read them); and the research
dataset (jixiao.dataset) in OUT/dataset/: one Parquet file and one CSV (for Excel) per table.

Without pyarrow (a light `pip install jixiao`) no Parquet is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import extras
from .atomic import atomic_path

if TYPE_CHECKING:
    from ..dataset.outputs import Built
    from .tables import AuditFrames

NAMES = ("reports", "indicators", "findings")


def write_parquet(out: Path, frames: AuditFrames, dataset: Built | None = None) -> list[Path]:
    """One Parquet file per table, columns and types as in `outputs.tables`; then the dataset."""
    if not extras.have("pyarrow"):
        return []
    pa = extras.need("pyarrow", "data")
    pq = extras.need("pyarrow.parquet", "data")
    written = []
    for name, frame in zip(NAMES, frames, strict=True):
        dest = out / f"{name}.parquet"
        table = pa.Table.from_pandas(frame, preserve_index=False)
        with atomic_path(dest) as tmp:
            pq.write_table(table, tmp, compression="zstd")
        written.append(dest)
    if dataset is not None:
        from ..dataset.outputs import write_dataset_files

        written += write_dataset_files(out, dataset)
    return written
