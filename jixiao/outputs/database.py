"""audit.duckdb: the three tables plus views that answer the usual questions in SQL, and the
research dataset in schema `dataset` (jixiao.dataset: documents, indicators, funds,
findings, decisions, run_info, unmapped, and the dictionary `columns`).

Views: `findings_per_check` (how often each check fires, in how many files),
`findings_per_evaluator` and `findings_per_year` (reports, errors, warnings and
mean score per 评价机构 / per year). `check` is an SQL keyword: quote it ("check").

The file is written in the storage format of duckdb 1.1 (`STORAGE_VERSION`), so the
duckdb 1.x that R, DBeaver and other tools bundle opens it (tests/test_dataset.py
opens it with duckdb 1.1.3).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import extras
from .atomic import atomic_path
from .duckdbtable import create_table

if TYPE_CHECKING:
    from ..dataset.outputs import Built
    from .tables import AuditFrames

VIEWS = {
    "findings_per_check": """
        SELECT "check", severity, count(*) AS findings, count(DISTINCT file) AS files
        FROM findings GROUP BY "check", severity
        ORDER BY findings DESC, "check", severity""",
    "findings_per_evaluator": """
        SELECT coalesce(evaluator, '(未注明)') AS evaluator, count(*) AS reports,
               CAST(sum(errors) AS BIGINT) AS errors, CAST(sum(warnings) AS BIGINT) AS warnings, CAST(sum(infos) AS BIGINT) AS infos,
               round(avg(total_score), 2) AS mean_score
        FROM reports GROUP BY 1 ORDER BY errors DESC, reports DESC, evaluator""",
    "findings_per_year": """
        SELECT year, count(*) AS reports,
               CAST(sum(errors) AS BIGINT) AS errors, CAST(sum(warnings) AS BIGINT) AS warnings, CAST(sum(infos) AS BIGINT) AS infos,
               round(avg(total_score), 2) AS mean_score
        FROM reports GROUP BY year ORDER BY year NULLS LAST""",
}
STORAGE_VERSION = "v1.1.0"
# duckdb's buffer pool may otherwise grow to 80 % of the machine's memory and keep every
# table it loads until the file is closed. Capped, it writes blocks out (to the database file,
# or to `temp_directory`) and the load takes the same memory for 1,000 or 10,000 documents
# (README, Scale). A table being built keeps its last row group in memory: row groups of
# 8,192 rows fit the cap (the default 122,880 does not). Should the cap prove too small for
# some table, the database is built again without it (`write_duckdb`).
MEMORY_LIMIT = "16MB"
ROW_GROUP_ROWS = 8192


def write_duckdb(out: Path, frames: AuditFrames, dataset: Built | None = None) -> list[Path]:
    """Build the database in a temporary file, then move it into place (nothing without duckdb).

    `dataset`: the research tables (jixiao.dataset.outputs.Built), put in schema `dataset`.
    """
    if not extras.have("duckdb"):
        return []
    duckdb = extras.need("duckdb", "data")
    dest = out / "audit.duckdb"
    with atomic_path(dest) as tmp:
        try:
            _build(duckdb, tmp, frames, dataset, capped=True)
        except duckdb.OutOfMemoryException:
            _build(duckdb, tmp, frames, dataset, capped=False)
    return [dest]


def _build(
    duckdb: Any, tmp: Path, frames: AuditFrames, dataset: Built | None, capped: bool
) -> None:
    """audit.duckdb at `tmp` (replaced if there), its memory capped or not (`MEMORY_LIMIT`)."""
    spill = tmp.with_name(f"{tmp.name}.spill")
    # duckdb creates its own file: an empty one (or a leftover log) is no database
    for old in (tmp, Path(f"{tmp}.wal")):
        old.unlink(missing_ok=True)
    config = {"threads": 1, "temp_directory": str(spill)}
    con = duckdb.connect(config={**config, "memory_limit": MEMORY_LIMIT} if capped else config)
    try:
        con.execute(
            f"ATTACH '{_sql(tmp)}' AS audit (STORAGE_VERSION '{STORAGE_VERSION}', "
            f"ROW_GROUP_SIZE {ROW_GROUP_ROWS})"
        )
        con.execute("USE audit")
        for name, frame in zip(("reports", "indicators", "findings"), frames, strict=True):
            create_table(con, name, frame)
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
        if dataset is not None:
            from ..dataset.write import load_into_duckdb

            load_into_duckdb(con, dataset.tables)
        con.execute("CHECKPOINT audit")
        con.execute("USE memory")
        con.execute("DETACH audit")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    Path(f"{tmp}.wal").unlink(missing_ok=True)


def _sql(path: Path) -> str:
    return str(path).replace("'", "''")
