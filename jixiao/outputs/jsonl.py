"""findings.jsonl and reports.jsonl: the CONTRACT shapes, one JSON object a line.

Lines follow the input file order (then the order the pipeline produced), never
the order workers finished in, so a rerun writes byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..batch import BatchResult
from .atomic import atomic_write_text


def _lines(items: list[dict]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def write_jsonl(out: Path, result: BatchResult) -> list[Path]:
    """Write findings.jsonl (every finding) and reports.jsonl (every record)."""
    findings, reports = out / "findings.jsonl", out / "reports.jsonl"
    atomic_write_text(findings, _lines(result.findings))
    atomic_write_text(reports, _lines(result.records))
    return [findings, reports]
