"""The dataset among a bulk run's outputs, and rebuilt from them later (`jixiao export`).

`dataset_tables` builds it when the `data` extra is installed (None otherwise), for
`jixiao export`; a bulk run writes it chunk by chunk instead (jixiao.outputs.tablefiles)
into OUT/dataset/, and jixiao.outputs.database its tables into audit.duckdb (schema
`dataset`).
OUT/dataset/files.json records each file's status and the run's options, which
the records alone do not hold, so that `rebuild` needs nothing but OUT: the
records (reports.jsonl), the findings (findings.jsonl) and that file.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import extras
from ..outputs.atomic import atomic_path
from .write import FOLDER, dataset_files

if TYPE_CHECKING:
    from ..batch import BatchResult

FILES = "files.json"


@dataclass
class Built:
    """The dataset of one run: its Arrow tables, and what OUT/dataset/files.json records."""

    tables: dict[str, Any]
    # Each file's line (file, status, reason): a list, or a bulk run's lines read from disk.
    files: Iterable[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


def planned_dataset() -> list[str]:
    """The dataset's files relative to OUT, for OUT's manifest ([] without the data extra)."""
    return [*dataset_files(), f"{FOLDER}/{FILES}"] if extras.have("pyarrow") else []


def dataset_tables(out: str | Path | None, result: BatchResult) -> Built | None:
    """The dataset of `result` (review decisions kept in OUT included), or None without pyarrow."""
    if not extras.have("pyarrow"):
        return None
    from . import build_dataset, load_decisions

    decisions = load_decisions(out) if out is not None else None
    options = {k: v for k, v in (getattr(result, "options", None) or {}).items() if k != "password"}
    files = [
        {"file": o.file, "status": o.status, "reason": o.reason}  # no time: reruns are identical
        for o in result.outcomes
    ]
    return Built(build_dataset(result, decisions), files, options)


def write_dataset_files(out: Path, built: Built, skip: Sequence[str] = ()) -> list[Path]:
    """OUT/dataset/: a Parquet and a CSV file per table, and files.json; not the tables
    named in `skip` (written chunk by chunk already: jixiao.outputs.tablefiles)."""
    from .write import write_csv_tables, write_parquet_tables

    tables = {name: table for name, table in built.tables.items() if name not in skip}
    written = write_parquet_tables(out, tables)
    written += write_csv_tables(out, tables)
    dest = Path(out) / FOLDER / FILES
    with atomic_path(dest) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(files_json(built.options, built.files))
    return [*written, dest]


def files_json(options: dict[str, Any], files: Iterable[dict[str, Any]]) -> Iterator[str]:
    """files.json piece by piece, a file's line at a time: the very text of
    `json.dumps({"options": options, "files": list(files)}, ensure_ascii=False, indent=1)`
    and a newline, without the whole list in memory."""
    lines = iter(files)
    first = next(lines, None)
    if first is None:
        yield json.dumps({"options": options, "files": []}, ensure_ascii=False, indent=1) + "\n"
        return
    head = json.dumps({"options": options, "files": [None]}, ensure_ascii=False, indent=1)
    before, after = head.rsplit("\n  null\n", 1)
    yield before + "\n"
    for i, line in enumerate(itertools.chain([first], lines)):
        text = json.dumps(line, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        yield ("  " if i == 0 else ",\n  ") + text
    yield "\n" + after + "\n"


def rebuild_result(out: str | Path) -> BatchResult:
    """A BatchResult from what a bulk run left in OUT, without reading any document again."""
    from ..batch import BatchResult, Outcome

    out = Path(out)
    records = _jsonl(out / "reports.jsonl")
    findings = _jsonl(out / "findings.jsonl")
    try:
        saved = json.loads((out / FOLDER / FILES).read_text(encoding="utf-8"))
    except FileNotFoundError:  # an OUT written before the dataset: every file read 'ok'
        saved = {"options": {}, "files": []}
    order = [f["file"] for f in saved["files"]]
    order += [x["file"] for x in (*records, *findings) if x["file"] not in order]
    order = list(dict.fromkeys(order))
    info = {f["file"]: f for f in saved["files"]}
    by_file: dict[str, tuple[list, list]] = {file: ([], []) for file in order}
    for r in records:
        by_file[r["file"]][0].append(r)
    for f in findings:
        by_file[f["file"]][1].append(f)
    outcomes = [
        Outcome(
            file=file,
            status=info.get(file, {}).get("status", "ok"),
            records=by_file[file][0],
            findings=by_file[file][1],
            reason=info.get(file, {}).get("reason"),
            cached=True,
        )
        for file in order
    ]
    return BatchResult(outcomes, reused=len(outcomes), options=saved.get("options") or {})


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} 不存在：{path.parent} 不是 jixiao audit --out 的输出文件夹"
        )
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
