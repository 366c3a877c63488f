"""Review decisions: what the auditor typed against each finding, kept as an append-only log.

The auditor works in `audit.xlsx`: in 问题清单 each finding has 复核 (确认 / 不采纳 / 待核,
a drop-down), 复核意见/备注 and 复核人, beside its `finding_id`. Before a run replaces
the workbook, what she typed there is read back and appended to `OUT/decisions.jsonl`,
one JSON object a line (finding_id, decision, note, reviewer, time, source, and the
finding's file and message for whoever reads the log later). The log is never rewritten:
the latest line for a finding wins, and a decision whose finding is gone stays in it.

Only what was *typed* is recorded: the workbook carries, in a hidden sheet, the decisions
it was written with, and a row is an entry only where it differs from them. So a rerun
does not log the same decision again, and a decision erased in the workbook is logged as
erased (decision and note empty) instead of coming back.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

DECISIONS = ("确认", "不采纳", "待核")
LOG = "decisions.jsonl"
ISSUES_SHEET = "问题清单"
SNAPSHOT_SHEET = "复核原值"  # hidden: the decisions the workbook was written with
ID_COLUMN = "finding_id"
DECISION_COLUMN = "复核"
NOTE_COLUMN = "复核意见/备注"
REVIEWER_COLUMN = "复核人"
REVIEW_COLUMNS = (DECISION_COLUMN, NOTE_COLUMN, REVIEWER_COLUMN)


@dataclass(frozen=True)
class Decision:
    """One auditor's word on one finding. `decision` is 确认, 不采纳 or 待核, or "" for a
    note without a decision; an entry with nothing in it erases the previous one."""

    finding_id: str
    decision: str
    note: str
    reviewer: str
    time: str  # ISO 8601, UTC
    source: str = ""  # where it was typed: audit.xlsx, an imported workbook, a baseline
    file: str = ""
    message: str = ""

    @property
    def blank(self) -> bool:
        return not any(self.typed())

    def typed(self) -> tuple[str, str, str]:
        return (self.decision, self.note, self.reviewer)


def load_decisions(out: str | Path) -> dict[str, Decision]:
    """The decision in force for each finding of OUT: the latest log line per finding_id
    (erased ones left out)."""
    return latest(read_log(out))


def read_log(out: str | Path) -> list[Decision]:
    """Every entry of OUT/decisions.jsonl in the order written (a damaged line is skipped)."""
    path = Path(out) / LOG
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
            entries.append(Decision(**{k: str(data.get(k) or "") for k in _FIELDS}))
        except (ValueError, TypeError):
            continue
    return entries


_FIELDS = tuple(Decision.__dataclass_fields__)


def latest(entries: Iterable[Decision]) -> dict[str, Decision]:
    """The last entry per finding, erased ones removed."""
    last: dict[str, Decision] = {}
    for entry in entries:
        last[entry.finding_id] = entry
    return {k: v for k, v in last.items() if not v.blank}


def append_log(out: str | Path, entries: Iterable[Decision]) -> int:
    """Append entries to OUT/decisions.jsonl (created if absent); never rewrites a line."""
    lines = [json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in entries]
    if lines:
        Path(out).mkdir(parents=True, exist_ok=True)
        with open(Path(out) / LOG, "a", encoding="utf-8") as fh:
            fh.writelines(lines)
            fh.flush()
    return len(lines)


def typed_in_workbook(path: str | Path, source: str) -> list[Decision]:
    """What was typed into a workbook's 问题清单 since it was written: rows whose 复核,
    备注 or 复核人 differ from the hidden sheet of values it was written with.

    Raises ValueError when the workbook has no 问题清单 with a finding_id column.
    """
    from openpyxl import load_workbook  # here: the command line starts without openpyxl

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if ISSUES_SHEET not in wb.sheetnames:
            raise ValueError(f"{Path(path).name} 中没有“{ISSUES_SHEET}”工作表")
        written = _snapshot(wb)
        rows = wb[ISSUES_SHEET].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, ())]
        if ID_COLUMN not in header:
            raise ValueError(f"{Path(path).name} 的“{ISSUES_SHEET}”没有 {ID_COLUMN} 列")
        at = {name: header.index(name) for name in header if name}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        found = []
        for row in rows:
            fid = _text(_get(row, at, ID_COLUMN))
            if not fid:
                continue
            typed = tuple(_text(_get(row, at, c)) for c in REVIEW_COLUMNS)
            if typed == written.get(fid, ("", "", "")):
                continue
            decision, note, reviewer = typed
            if (decision or note) and not reviewer:
                reviewer = _user()
            found.append(
                Decision(
                    fid,
                    decision,
                    note,
                    reviewer,
                    now,
                    source,
                    _text(_get(row, at, "文件")),
                    _text(_get(row, at, "问题")),
                )
            )
        return found
    finally:
        wb.close()


def record_workbook(out: str | Path, workbook: str | Path, source: str) -> list[Decision]:
    """Log what was typed in `workbook` into OUT's log; return the entries added.

    An entry equal to the decision already in force (or an erasure of nothing) is not added.
    """
    current = latest(read_log(out))
    new = []
    for entry in typed_in_workbook(workbook, source):
        before = current.get(entry.finding_id)
        if (before is None and entry.blank) or (before and before.typed() == entry.typed()):
            continue
        new.append(entry)
    append_log(out, new)
    return new


def snapshot_rows(decisions: dict[str, Decision]) -> list[tuple[str, str, str, str]]:
    """The hidden sheet's rows: finding_id and the values written into 问题清单."""
    return [(fid, *d.typed()) for fid, d in decisions.items()]


def _snapshot(wb) -> dict[str, tuple[str, str, str]]:
    if SNAPSHOT_SHEET not in wb.sheetnames:
        return {}
    rows = wb[SNAPSHOT_SHEET].iter_rows(min_row=2, values_only=True)
    return {_text(r[0]): tuple(_text(v) for v in (list(r[1:4]) + [None] * 3)[:3]) for r in rows}


def _get(row: tuple, at: dict[str, int], name: str) -> object:
    i = at.get(name)
    return row[i] if i is not None and i < len(row) else None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
