"""Before a run replaces OUT's outputs: keep what was typed, carry a baseline's decisions.

`prepare` is called by `write_outputs` before anything is replaced. It logs the decisions
typed into the existing OUT/audit.xlsx (jixiao.review.decisions), and with a baseline
(`--baseline OLD_OUT`, last season's OUT) marks each finding 新增 or 已有, carries
OLD_OUT's decisions into OUT's log and lists the findings that disappeared. The result,
a `Review`, is what the workbook writes back: decisions on their rows, a sheet of the
findings no longer found.
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException

from .decisions import Decision, append_log, latest, read_log, record_workbook, typed_in_workbook

NEW, KNOWN = "新增", "已有"
WORKBOOK = "audit.xlsx"
UNREADABLE = (ValueError, OSError, KeyError, zipfile.BadZipFile, InvalidFileException)


@dataclass(frozen=True)
class Gone:
    """A finding of an earlier run (or one with a decision) that this run no longer gives."""

    finding_id: str
    file: str
    message: str
    why: str
    decision: Decision | None = None


@dataclass
class Review:
    """What the workbook writes back: decisions in force, baseline status, vanished findings."""

    decisions: dict[str, Decision] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)  # finding_id → 新增 / 已有
    gone: list[Gone] = field(default_factory=list)
    recorded: int = 0  # decisions logged from OUT's workbook this run
    carried: int = 0  # decisions carried over from the baseline


def prepare(
    out: str | Path, findings: Iterable[dict[str, Any]], baseline: str | Path | None = None
) -> Review:
    """Log OUT's typed decisions, apply the baseline; set `baseline_status` on `findings`
    (read once: a stream of them will do; `status` keeps what was set)."""
    out = Path(out)
    review = Review(recorded=_record_existing(out))
    old: dict[str, dict[str, Any]] = {}
    if baseline is not None:
        baseline = Path(baseline)
        old = old_findings(baseline)
        review.carried = carry_over(out, baseline)
    review.decisions = latest(read_log(out))
    # Only the ids that can be gone (the baseline's, the decided ones) are remembered: a set
    # of every finding's id grew with the run (README, Scale).
    watched = old.keys() | review.decisions.keys()
    ids = set()
    for f in findings:
        if f.get("id") in watched:
            ids.add(f.get("id"))
        if baseline is not None:
            f["baseline_status"] = KNOWN if f.get("id") in old else NEW
            review.status[f["id"]] = f["baseline_status"]
    review.gone = _gone(ids, old, review.decisions)
    if baseline is not None:
        new = sum(s == NEW for s in review.status.values())
        _say(
            f"jixiao: 与上次结果（{baseline}）相比：新增 {new} 条，已有 "
            f"{len(review.status) - new} 条，已消失 {sum(g.finding_id in old for g in review.gone)} 条"
        )
    if review.recorded or review.carried:
        _say(
            f"jixiao: 复核记录：本次从 {WORKBOOK} 记下 {review.recorded} 条，"
            f"从上次结果沿用 {review.carried} 条（{out / 'decisions.jsonl'}）"
        )
    return review


def old_findings(baseline: Path) -> dict[str, dict[str, Any]]:
    """OLD_OUT's findings by id (from its findings.jsonl)."""
    path = baseline / "findings.jsonl"
    if not path.exists():
        raise ValueError(f"{baseline} 中没有 findings.jsonl，不是 jixiao 的输出文件夹")
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            f = json.loads(line)
        except ValueError:
            continue
        if isinstance(f, dict) and f.get("id"):
            found[f["id"]] = f
    return found


def carry_over(out: Path, baseline: Path) -> int:
    """Append to OUT's log the decisions in force in OLD_OUT (its log and what was typed
    in its workbook since) for findings OUT has no decision on. OLD_OUT is only read."""
    entries = read_log(baseline)
    workbook = baseline / WORKBOOK
    if workbook.exists():
        try:
            entries += typed_in_workbook(workbook, f"{baseline / WORKBOOK}")
        except UNREADABLE as exc:
            _say(f"jixiao: 无法读取 {workbook} 中的复核记录（{exc}），只沿用其 decisions.jsonl")
    current = latest(read_log(out))
    source = f"baseline:{baseline}"
    carried = [
        replace(d, source=source) for fid, d in latest(entries).items() if fid not in current
    ]
    return append_log(out, carried)


def _record_existing(out: Path) -> int:
    """Log what was typed in OUT/audit.xlsx before it is replaced. A workbook that cannot
    be read is kept aside under another name, so nothing typed in it is lost."""
    workbook = out / WORKBOOK
    if not workbook.exists():
        return 0
    try:
        return len(record_workbook(out, workbook, WORKBOOK))
    except UNREADABLE as exc:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        kept = out / f"audit.未读取.{stamp}.xlsx"
        shutil.copy2(workbook, kept)
        _say(f"jixiao: 无法读取 {workbook} 中的复核记录（{exc}），原文件已另存为 {kept.name}")
        return 0


def _gone(
    ids: set[Any], old: dict[str, dict[str, Any]], decisions: dict[str, Decision]
) -> list[Gone]:
    rows = []
    for fid, f in old.items():
        if fid not in ids:
            rows.append(
                Gone(
                    fid,
                    f.get("file", ""),
                    f.get("message", ""),
                    "上次有、本次没有",
                    decisions.get(fid),
                )
            )
    for fid, d in decisions.items():
        if fid not in ids and fid not in old:
            rows.append(Gone(fid, d.file, d.message, "有复核记录、本次没有", d))
    return rows


def _say(message: str) -> None:
    """A line to the user on stderr (stdout may carry JSON)."""
    print(message, file=sys.stderr)
