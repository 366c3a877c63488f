"""The run's tables written chunk by chunk: memory holds one chunk of files, not the run.

`write_tables` reads the outcomes once, `CHUNK` files at a time, and appends each
chunk's rows to every table's Parquet file (pyarrow.parquet.ParquetWriter: one row
group per chunk) and to the dataset's CSV files: reports / indicators / findings
(jixiao.outputs.tables) and the dataset's documents / indicators / funds / findings
(jixiao.dataset.build.RowBuilder). The tables of the run as a whole (decisions,
run_info, unmapped, columns) are small and written at the end. The workbook then reads
the Parquet files back in batches (`OnDisk.chunks`) and audit.duckdb loads them with
read_parquet, so no writer holds a whole table.

What stays in memory per file: nothing; each file's line of OUT/dataset/files.json (path,
status, reason) goes to a temporary file (`Lines`), which files.json is copied from. The
Parquet writers keep each row group's metadata (a chunk's, a few kB). Without pyarrow (a light install) the three tables are built in memory as before
and no Parquet is written.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import extras
from ..batch import BatchResult, Outcome
from ..spool import Lines
from .atomic import atomic_path
from .tables import AuditFrames, build_frames

if TYPE_CHECKING:
    import pandas as pd

    from ..dataset.outputs import Built

CHUNK = 200  # files whose rows are built and written together
BATCH_ROWS = 2_000  # rows read back at a time (the workbook; 20,000 held ~20 MB of findings)
NAMES = ("reports", "indicators", "findings")


@dataclass
class OnDisk:
    """A table in a Parquet file (still a staged temporary file until OUT is replaced)."""

    path: Path
    dest: Path
    rows: int = 0

    def __len__(self) -> int:
        return self.rows

    @property
    def parquet_path(self) -> Path:
        """The file as it is now: the temporary one while staged, else its place in OUT."""
        return self.path if self.path.exists() else self.dest

    def chunks(self, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
        """The rows as DataFrames of at most BATCH_ROWS rows, the pandas types restored."""
        pa = extras.need("pyarrow", "data")
        pq = extras.need("pyarrow.parquet", "data")
        reader = pq.ParquetFile(self.parquet_path)
        try:
            # One thread: pyarrow's threads each keep a malloc arena of what they decoded (the
            # findings read back took 6 MB more at 10,000 documents than at 1,000 with them).
            batches = reader.iter_batches(batch_size=BATCH_ROWS, columns=columns, use_threads=False)
            for batch in batches:
                yield pa.Table.from_batches([batch]).to_pandas(use_threads=False)
        finally:
            reader.close()


@dataclass
class Tables:
    """What `write_tables` wrote, and the tables as the later writers read them."""

    written: list[Path]
    frames: AuditFrames  # of OnDisk tables (DataFrames without pyarrow)
    dataset: Built | None = None  # its `tables`: OnDisk for the streamed ones
    files: Any = field(default_factory=list)  # each file's line of files.json (Lines)


def chunked(result: BatchResult) -> Iterator[list[Outcome]]:
    """The outcomes in input order, CHUNK at a time (one empty chunk for a run of none)."""
    outcomes = iter(result.outcomes)
    first = True
    while (chunk := list(islice(outcomes, CHUNK))) or first:
        first = False
        yield chunk


class _Sink:
    """A Parquet file being written: the writer is opened with the first chunk's schema."""

    def __init__(self, table: OnDisk) -> None:
        self.table = table
        self.writer: Any = None

    def add(self, arrow: Any) -> None:
        if self.writer is None:
            pq = extras.need("pyarrow.parquet", "data")
            self.writer = pq.ParquetWriter(self.table.path, arrow.schema, compression="zstd")
        self.writer.write_table(arrow)
        self.table.rows += arrow.num_rows

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def write_tables(out: Path, result: BatchResult, decisions: Any = None) -> Tables:
    """reports/indicators/findings.parquet and OUT/dataset/ (Parquet and CSV), chunk by chunk."""
    if not extras.have("pyarrow"):
        return Tables([], build_frames(result))
    from ..dataset.build import STREAMED, RowBuilder
    from ..dataset.outputs import Built, write_dataset_files
    from ..dataset.schema import TABLES
    from ..dataset.write import FOLDER

    folder = out / FOLDER
    audit = {n: OnDisk(Path(), out / f"{n}.parquet") for n in NAMES}
    data = {n: OnDisk(Path(), folder / f"{n}.parquet") for n in STREAMED}
    csvs = {n: folder / "csv" / f"{n}.csv" for n in STREAMED}
    builder = RowBuilder(decisions)
    files = Lines()
    with contextlib.ExitStack() as stack:  # each file replaces its old one only when all is written
        for table in (*audit.values(), *data.values()):
            table.path = stack.enter_context(atomic_path(table.dest))
        sheets = {n: _csv(stack, stack.enter_context(atomic_path(p)), n) for n, p in csvs.items()}
        sinks = {id(t): _Sink(t) for t in (*audit.values(), *data.values())}
        try:
            for chunk in chunked(result):
                _write_chunk(chunk, audit, data, sinks, sheets, builder)
                for o in chunk:
                    files.append({"file": o.file, "status": o.status, "reason": o.reason})
        finally:
            for sink in sinks.values():
                sink.close()
    options = {k: v for k, v in (result.options or {}).items() if k != "password"}
    built = Built({**data, **_whole(builder.finish(result))}, files, options)
    rest = write_dataset_files(out, built, skip=STREAMED)
    parquet = [p for p in rest if p.suffix == ".parquet"]
    written = [t.dest for t in audit.values()]
    written += sorted([*parquet, *(t.dest for t in data.values())], key=_order(TABLES))
    written += sorted(
        [*(p for p in rest if p.suffix == ".csv"), *csvs.values()], key=_order(TABLES)
    )
    written += [p for p in rest if p.suffix not in (".parquet", ".csv")]
    return Tables(written, AuditFrames(*audit.values()), built, files)


def _write_chunk(
    chunk: list[Outcome],
    audit: dict[str, OnDisk],
    data: dict[str, OnDisk],
    sinks: dict[int, _Sink],
    sheets: dict[str, Any],
    builder: Any,
) -> None:
    """One chunk's rows appended to every streamed table."""
    pa = extras.need("pyarrow", "data")
    from ..dataset.arrow import arrow_schema
    from ..dataset.write import csv_rows

    frames = build_frames(BatchResult(chunk))
    for name, frame in zip(NAMES, frames, strict=True):
        sinks[id(audit[name])].add(pa.Table.from_pandas(frame, preserve_index=False))
    rows: dict[str, list[dict[str, Any]]] = {n: [] for n in data}
    for outcome in chunk:
        for name, made in builder.add(outcome).items():
            rows[name] += made
    for name, table in data.items():
        arrow = pa.Table.from_pylist(rows[name], schema=arrow_schema(name))
        sinks[id(table)].add(arrow)
        sheets[name].writerows(csv_rows(arrow))


def _csv(stack: contextlib.ExitStack, path: Path, name: str) -> Any:
    """A CSV writer on `path` as jixiao.dataset.write.csv_text writes one: BOM, header, CRLF."""
    from ..dataset.schema import TABLES

    fh = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
    fh.write("\ufeff")
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow([c.name for c in TABLES[name]])
    return writer


def _whole(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The tables of the run as a whole (and the dictionary `columns`) as Arrow tables."""
    from ..dataset.arrow import to_arrow

    return {n: t for n, t in to_arrow(rows).items() if n in (*rows, "columns")}


def _order(tables: Any) -> Any:
    names = list(tables)
    return lambda p: names.index(Path(p).stem)
