"""findings.jsonl and reports.jsonl: the CONTRACT shapes, one JSON object a line.

Lines follow the input file order (then the order the pipeline produced), never
the order workers finished in, so a rerun writes byte-identical files. The outcomes
are read once, one at a time, each line written as it comes (a spooled run holds
no finding in memory: jixiao.spool).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..batch import BatchResult
from .atomic import atomic_path


def _line(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False) + "\n"


def _text(path: Path):
    return path.open("w", encoding="utf-8", newline="")


def write_jsonl(out: Path, result: BatchResult) -> list[Path]:
    """Write findings.jsonl (every finding) and reports.jsonl (every record)."""
    findings, reports = out / "findings.jsonl", out / "reports.jsonl"
    with (
        atomic_path(findings) as f_tmp,
        atomic_path(reports) as r_tmp,
        _text(f_tmp) as f_out,
        _text(r_tmp) as r_out,
    ):
        for outcome in result.outcomes:
            f_out.writelines(_line(f) for f in outcome.findings)
            r_out.writelines(_line(r) for r in outcome.records)
    return [findings, reports]
