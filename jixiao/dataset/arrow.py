"""The dataset as Arrow tables typed by the dictionary, and read back as pandas.

Every Parquet file carries the dictionary: the file's key-value metadata holds
`jixiao.schema_version`, `jixiao.table` and `jixiao.columns` (the table's part of
the dictionary as JSON), and each field its unit and descriptions, so a file
read alone (pyarrow, R's arrow) still says what its columns hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import extras
from .schema import SCHEMA_VERSION, TABLE_EN, TABLE_ZH, TABLES, Column, dictionary_rows

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def arrow_type(kind: str) -> pa.DataType:
    """The Arrow type of a dictionary type name."""
    pa = extras.need("pyarrow", "data")
    return {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "evidence": pa.list_(
            pa.struct(
                [
                    ("page", pa.int64()),
                    ("line", pa.int64()),
                    ("sheet", pa.string()),
                    ("quote", pa.string()),
                ]
            )
        ),
    }[kind]


def arrow_schema(table: str) -> pa.Schema:
    """The table's schema with the dictionary in its metadata (table- and field-level)."""
    pa = extras.need("pyarrow", "data")
    columns = TABLES[table]
    return pa.schema(
        [pa.field(c.name, arrow_type(c.type), metadata=_field_meta(c)) for c in columns],
        metadata={
            "jixiao.schema_version": SCHEMA_VERSION,
            "jixiao.table": table,
            "jixiao.description_zh": TABLE_ZH[table],
            "jixiao.description_en": TABLE_EN[table],
            "jixiao.columns": json.dumps(
                [c.__dict__ for c in columns], ensure_ascii=False, separators=(",", ":")
            ),
        },
    )


def _field_meta(column: Column) -> dict[str, str]:
    return {"unit": column.unit, "description_zh": column.zh, "description_en": column.en}


def to_arrow(tables: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    """Every table (the `columns` dictionary added) as an Arrow table of its schema."""
    pa = extras.need("pyarrow", "data")
    rows = {**tables, "columns": dictionary_rows()}
    return {
        name: pa.Table.from_pylist(rows.get(name, []), schema=arrow_schema(name)) for name in TABLES
    }


@dataclass
class Dataset:
    """The typed tables of a run (pandas DataFrames), as `jixiao.read_dataset` returns them."""

    documents: pd.DataFrame
    indicators: pd.DataFrame
    funds: pd.DataFrame
    findings: pd.DataFrame
    decisions: pd.DataFrame
    run_info: pd.DataFrame
    unmapped: pd.DataFrame
    columns: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Nullable pandas types: integers stay integers (Int64) beside their gaps, text is string."""
    import pandas as pd

    pa = extras.need("pyarrow", "data")
    mapping = {pa.int64(): pd.Int64Dtype(), pa.string(): pd.StringDtype()}
    return table.to_pandas(types_mapper=mapping.get, date_as_object=False)


def frames(tables: dict[str, pa.Table]) -> Dataset:
    """The Arrow tables as a Dataset of DataFrames."""
    return Dataset(**{name: to_pandas(table) for name, table in tables.items()})


def read_dataset(out: str | Path) -> Dataset:
    """The dataset a bulk run wrote to OUT/dataset/ (Parquet), as typed DataFrames.

    Needs the `data` extra (pyarrow). Raises FileNotFoundError, in Chinese, when OUT
    holds no dataset (run `jixiao audit … --out OUT` or `jixiao export` first).
    """
    pq = extras.need("pyarrow.parquet", "data")
    folder = Path(out) / "dataset"
    if not (folder / "documents.parquet").is_file():
        raise FileNotFoundError(
            f"{folder} 中没有数据集：先运行 jixiao audit … --out {out}（或 jixiao export）"
        )
    return frames({name: pq.read_table(folder / f"{name}.parquet") for name in TABLES})
