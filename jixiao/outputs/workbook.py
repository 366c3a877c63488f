"""audit.xlsx for bureau staff: Chinese headers, one sheet per question they ask.

汇总 (one row per report), 问题清单 (every finding, coloured by severity) and
指标 (every indicator row). Each sheet has a frozen header and an autofilter, so
it can be sorted and filtered in Excel or WPS without any setup. Text from the documents is
always stored as text, never as a formula (`keep_as_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rules.model import SEVERITY_ZH

from .atomic import atomic_path
from .tables import AuditFrames

SEVERITY_FILL = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="EDEDED"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# (sheet column, frame column, width)
SUMMARY = [
    ("文件", "file", 40),
    ("项目", "project", 40),
    ("单位", "unit", 28),
    ("评价机构", "evaluator", 28),
    ("总分", "total_score", 8),
    ("等级", "grade", 6),
    ("错误数", "errors", 8),
    ("警告数", "warnings", 8),
]
ISSUES = [
    ("文件", "file", 32),
    ("类别", "check", 16),
    ("级别", "severity", 6),
    ("问题", "message", 60),
    ("页码", "page", 6),
    ("原文", "quote", 60),
    ("文档", "document", 20),
    ("规则", "rule", 18),
]
INDICATORS = [
    ("文件", "file", 32),
    ("文档", "document", 20),
    ("编码", "code", 8),
    ("级次", "level", 6),
    ("指标", "name", 28),
    ("上级指标", "parent", 18),
    ("一级指标", "level1", 12),
    ("二级指标", "level2", 12),
    ("权重", "weight", 7),
    ("得分", "score", 7),
    ("得分率", "rate", 8),
    ("目标值", "target", 16),
    ("实际值", "actual", 16),
    ("偏差原因", "reason", 24),
    ("页码", "page", 6),
    ("原文", "quote", 50),
]


def write_workbook(out: Path, frames: AuditFrames) -> list[Path]:
    """Write audit.xlsx with the sheets 汇总, 问题清单 and 指标."""
    wb = Workbook(write_only=True)  # rows streamed to disk: time and memory linear in rows
    _sheet(wb, "汇总", SUMMARY, frames.reports)
    _sheet(wb, "问题清单", ISSUES, frames.findings, severity_col="severity")
    _sheet(wb, "指标", INDICATORS, frames.indicators)
    dest = out / "audit.xlsx"
    with atomic_path(dest) as tmp:
        wb.save(tmp)
    return [dest]


def _sheet(
    wb: Workbook,
    title: str,
    spec: Sequence[tuple[str, str, int]],
    frame: pd.DataFrame,
    severity_col: str | None = None,
) -> Any:
    """One sheet, written row by row in openpyxl's write-only mode.

    The sheet's layout (column widths, frozen header, filter range) is set before the
    first row, as write-only mode requires; the rows are never held as cell objects,
    except those that need a style or must be kept as text.
    """
    ws = wb.create_sheet(title)
    for i, (_, _, width) in enumerate(spec, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(spec))}{len(frame) + 1}"
    header = []
    for name, _, _ in spec:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    ws.append(header)
    columns = [col for _, col, _ in spec]
    wrap = Alignment(wrap_text=True, vertical="top")
    at_severity = columns.index(severity_col) if severity_col is not None else None
    for values in frame[columns].itertuples(index=False, name=None):
        fill = SEVERITY_FILL.get(values[at_severity]) if at_severity is not None else None
        row = []
        for col, v in zip(columns, values, strict=True):
            value = _cell(col, v)
            if fill is None and not (isinstance(value, str) and value.startswith(FORMULA_START)):
                row.append(value)
                continue
            cell = WriteOnlyCell(ws, value=value)
            keep_as_text(cell)
            if fill is not None:
                cell.fill = fill
                cell.alignment = wrap
            row.append(cell)
        ws.append(row)
    return ws


# What makes Excel or WPS read typed text as a formula (or a DDE command), full-width forms
# included: a report's quote "=SUM(…)" or "＋5%" must stay the text the report printed.
FORMULA_START = ("=", "＝", "+", "＋", "-", "－", "@", "＠", "\t", "\r")


def keep_as_text(cell: Any) -> None:
    """Store a string that could be read as a formula as a plain string cell, shown as typed.

    openpyxl turns every string beginning with "=" into a formula cell; Excel would also
    evaluate "+…", "-…" and "@…" once the cell is edited. The quote prefix (Excel's leading
    apostrophe) keeps it text there too. The text itself is not altered.
    """
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def _cell(column: str, value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if column == "severity":
        return SEVERITY_ZH.get(value, value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32000]
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value
