"""The indicator header: where it is, each column's role, and rows placed under it.

A header may be printed over several rows (merged with lists.stacked_headers),
split by a row below it (指标性质 | 指标值 | 度量单位, a monitoring form's
偏差原因分析 columns), or lose columns when a PDF table goes on to the next
page: rows are aligned under the header's columns.
"""

from __future__ import annotations

import regex as re

from ..normalize import canon
from .cells import Cell, FormRow
from .funds import ColumnFunds, _column_funds
from .lists import entity_columns, stacked_headers
from .state import _State
from .words import (
    GOAL_LABEL,
    IDENTITY,
    INDICATOR_COLUMNS,
    MONITOR_SUB,
    _is_indicator_header,
    _roles,
)


def _headers(rows: list[FormRow]) -> dict[int, list[str] | ColumnFunds | None]:
    """Indicator headers printed over several rows, merged (see lists.stacked_headers),
    and funds printed as columns under a two-row header (see ColumnFunds)."""
    keys = [[canon(c.text) for c in row] for row in rows]
    grid = [getattr(r, "structured", False) for r in rows]
    out: dict[int, list[str] | ColumnFunds | None] = dict(
        stacked_headers(keys, grid, _is_indicator_header, _labelled_row)
    )
    for r in range(len(rows) - 1):
        if r in out or not grid[r] or not grid[r + 1]:
            continue
        block = _column_funds(keys, r)
        if block is not None:
            out[r] = block
            out[r + 1] = None
            if block.values is not None:
                out[block.values] = None
    return out


def _labelled_row(keys: list[str]) -> bool:
    """A row of the form's identity, goal or money block ("部门名称 | …", "整体绩效目标 | …",
    "总体资金情况（万元） | 预算支出总额 | …"): never part of the indicator header."""
    first = next((k for k in keys if k), "")
    return bool(
        IDENTITY.get(first.rstrip(":："))
        or GOAL_LABEL.match(first)
        or re.search(r"资金情况|项目资金|资金金额", first)
    )


def _set_header(keys: list[str], st: _State) -> None:
    """The indicator header: each column's role, and the entity columns of a table that
    lists projects (lists)."""
    st.ind_roles = _roles(keys, INDICATOR_COLUMNS)
    st.ind_keys = list(keys)
    if "name" not in st.ind_roles and "绩效指标" in keys:
        st.ind_roles[keys.index("绩效指标")] = "name"
        st.fused_levels = True
    st.entity = entity_columns(keys, st.ind_roles)
    for col in st.entity:
        st.ind_roles[col] = None
    st.in_indicators = True


def _aligned(row: list[Cell], st: _State) -> list[Cell]:
    """A PDF grid row placed under the indicator header when it has another number of cells.

    (Sheets drop trailing empty cells; a PDF table row has one cell per column.) A table continued on the next page is a new table to the PDF reader, often
    without the header's empty spacer columns or without its leading label
    column ("绩效指标"): a row with as many cells as the header has worded
    columns goes under those; a shorter row is aligned on the right (its last
    cells are the last columns).
    """
    m = len(st.ind_roles)
    if not m or len(row) == m:
        return row
    blank = row[0] if row else Cell("", None, None)
    out = FormRow(Cell("", blank.page, blank.line) for _ in range(m))
    out.grid = True
    worded = [i for i, k in enumerate(st.ind_keys) if k]
    if len(row) == len(worded) and len(worded) < m:
        for cell, i in zip(row, worded, strict=True):
            out[i] = cell
        return out
    if len(row) < m:
        out[m - len(row) :] = list(row)
        return out
    return row


def _is_subheader(keys: list[str]) -> bool:
    """A row under the indicator header that splits its columns (指标性质 | 指标值 | 度量单位,
    or a monitoring form's 经费保障 … 原因说明 | 确定能 …)."""
    present = {k for k in keys if k}
    if len(present) >= 3 and present <= set(MONITOR_SUB):
        return True
    return (
        bool(present)
        and present <= {"指标性质", "指标值", "度量单位", "计量单位"}
        and len(present) >= 2
    )


def _refine_subheader(roles: list[str | None], keys: list[str]) -> list[str | None]:
    """年度指标值 split into 指标性质 | 指标值 | 度量单位 in the row below."""
    out = list(roles)
    sub = [k for k in keys if k]
    try:
        at = out.index("target")
    except ValueError:
        return out
    mapped = [
        {"指标性质": "nature", "指标值": "target", "度量单位": "unit", "计量单位": "unit"}[k]
        for k in sub
    ]
    return out[:at] + mapped + out[at + 1 :]


def _refine_subheader_at(roles: list[str | None], keys: list[str]) -> list[str | None]:
    """Grid rows: the sub-header's words replace the roles of the columns they stand in."""
    words = {"指标性质": "nature", "指标值": "target", "度量单位": "unit", "计量单位": "unit"}
    out = list(roles) + [None] * max(0, len(keys) - len(roles))
    for i, k in enumerate(keys):
        if k in words:
            out[i] = words[k]
        elif k in MONITOR_SUB:
            out[i] = MONITOR_SUB[k]
    return out


def _read_subheader(row: list[Cell], keys: list[str], st: _State) -> None:
    """A row under the indicator header that splits its columns: their roles (and words)
    refined, by position in a grid row, in order in a text row."""
    if getattr(row, "grid", False):
        st.ind_roles = _refine_subheader_at(st.ind_roles, keys)
        st.ind_keys = [k or (keys[i] if i < len(keys) else "") for i, k in enumerate(st.ind_keys)]
    else:
        st.ind_roles = _refine_subheader(st.ind_roles, keys)
