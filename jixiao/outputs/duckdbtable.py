"""One table into a duckdb connection, from memory or from its Parquet file.

Shared by audit.duckdb's tables (jixiao.outputs.database) and the research dataset's
(jixiao.dataset.write); it imports neither, so that neither imports the other.
"""

from __future__ import annotations

from typing import Any


def create_table(con: Any, name: str, table: Any) -> None:
    """CREATE TABLE `name` from a table in memory (pandas or Arrow) or one already written to
    Parquet (anything with `parquet_path`: jixiao.outputs.tablefiles.OnDisk), which duckdb then
    reads itself instead of through Python."""
    if hasattr(table, "parquet_path"):
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{_quoted(table.parquet_path)}')"
        )
        return
    con.register("source_table", table)
    try:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM source_table")
    finally:
        con.unregister("source_table")


def _quoted(path: Any) -> str:
    return str(path).replace("'", "''")
