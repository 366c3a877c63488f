"""The dataset's files: OUT/dataset/<table>.parquet, OUT/dataset/csv/<table>.csv, and the
`dataset` schema of audit.duckdb (jixiao.outputs.database writes that file).

Parquet: zstd, the types of the dictionary, the dictionary in the metadata.
CSV (for Excel): UTF-8 with a BOM so Excel reads the Chinese, dates as
YYYY-MM-DD, `evidence` as JSON text. DuckDB: the same tables and the `columns`
dictionary in schema `dataset`, each column with its Chinese description as
its COMMENT; the file is written in a storage format duckdb 1.1 and later read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import extras
from ..outputs.atomic import atomic_path, atomic_write_text
from ..outputs.duckdbtable import create_table
from .schema import TABLE_ZH, TABLES

if TYPE_CHECKING:
    import pyarrow as pa

# The oldest duckdb whose readers open audit.duckdb (R's duckdb, DBeaver and others bundle 1.x).
DUCKDB_STORAGE = "v1.1.0"
FOLDER = "dataset"


def dataset_files() -> list[str]:
    """The files the dataset adds to OUT, relative to OUT (for its manifest)."""
    return [f"{FOLDER}/{t}.parquet" for t in TABLES] + [f"{FOLDER}/csv/{t}.csv" for t in TABLES]


def write_parquet_tables(out: Path, tables: dict[str, pa.Table]) -> list[Path]:
    """One Parquet file per table in OUT/dataset/."""
    pq = extras.need("pyarrow.parquet", "data")
    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        dest = folder / f"{name}.parquet"
        with atomic_path(dest) as tmp:
            pq.write_table(table, tmp, compression="zstd")
        written.append(dest)
    return written


def write_csv_tables(out: Path, tables: dict[str, pa.Table]) -> list[Path]:
    """One CSV per table in OUT/dataset/csv/, UTF-8 with BOM, for Excel."""
    folder = Path(out) / FOLDER / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        dest = folder / f"{name}.csv"
        atomic_write_text(dest, csv_text(table))
        written.append(dest)
    return written


def csv_text(table: pa.Table) -> str:
    """A table as CSV text with a BOM; lists and structs as JSON, None as an empty cell."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.column_names)
    writer.writerows(csv_rows(table))
    return buffer.getvalue()


def csv_rows(table: pa.Table) -> Iterator[list[str]]:
    """The table's rows as CSV cells (no header); chunk by chunk they make the same file."""
    for row in table.to_pylist():
        yield [_cell(v) for v in row.values()]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def load_into_duckdb(con: Any, tables: dict[str, Any], schema: str = FOLDER) -> None:
    """Create `schema` in the connection's current database with every table and comments.

    A table is an Arrow table, or one already in a Parquet file (anything with `parquet_path`,
    its path: jixiao.outputs.tablefiles.OnDisk), which duckdb reads itself."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for name, table in tables.items():
        create_table(con, f'{schema}."{name}"', table)
        con.execute(f"COMMENT ON TABLE {schema}.\"{name}\" IS '{_sql(TABLE_ZH[name])}'")
        for column in TABLES[name]:
            note = f"{column.zh}（{column.unit}）" if column.unit else column.zh
            con.execute(f'COMMENT ON COLUMN {schema}."{name}"."{column.name}" IS \'{_sql(note)}\'')
    con.execute(f"CREATE VIEW {schema}.panel AS {PANEL.format(schema=schema)}")


# The project × year panel, for SQL users (examples/dataset_panel.py builds the same in pandas).
PANEL = """
    SELECT project_key, year, any_value(unit_key) AS unit_key,
           any_value(project_name) AS project_name, any_value(province) AS province,
           any_value(city) AS city, any_value(county) AS county, count(*) AS documents,
           avg(total_score) AS total_score, avg(execution_rate) AS execution_rate,
           sum(budget_yuan) AS budget_yuan
    FROM {schema}.documents
    WHERE project_key IS NOT NULL AND year IS NOT NULL
    GROUP BY project_key, year"""


def _sql(text: str) -> str:
    return text.replace("'", "''")
