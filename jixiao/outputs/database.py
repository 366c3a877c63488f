"""audit.duckdb: the three tables plus views that answer the usual questions in SQL.

Views: `findings_per_check` (how often each check fires, in how many files),
`findings_per_evaluator` and `findings_per_year` (reports, errors, warnings and
mean score per 评价机构 / per year). `check` is an SQL keyword: quote it ("check").
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .atomic import atomic_path
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


def write_duckdb(out: Path, frames: AuditFrames) -> list[Path]:
    """Build the database in a temporary file, then move it into place."""
    dest = out / "audit.duckdb"
    with atomic_path(dest) as tmp:
        tmp.unlink()  # duckdb creates its own file; an empty one is not a database
        con = duckdb.connect(str(tmp))
        try:
            for name, frame in zip(("reports", "indicators", "findings"), frames, strict=True):
                con.register("frame", frame)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
                con.unregister("frame")
            for name, sql in VIEWS.items():
                con.execute(f"CREATE VIEW {name} AS {sql}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        wal = Path(f"{tmp}.wal")
        if wal.exists():
            wal.unlink()
    return [dest]
