"""Columns of a numbered list table closed by a 合计 row, as data.

Reports carry tables that are lists: 序号, a few descriptive columns, an amount or count
column (资金, 金额（万元）, 人数…), and a 合计 row at the foot. Whatever the table is about
(interviews, projects sampled, subsidies paid), its 合计 is the sum of the numbered rows
above it. Tables with rules of their own (score tables, the spending breakdown, the funds
table by item) are left to those rules: only columns whose header names money or a count,
not a weight, score, rate or share, are read.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .model import Evidence, Quantity, Table
from .normalize import canon
from .numbers import parse_number

MEASURED = re.compile(r"资金|金额|万元|^元|数量|人数|个数|份数|户数|人次|次数")
NOT_ADDITIVE = re.compile(
    r"率|%|％|比例|占比|比重|平均|权重|分值|得分|单价|标准|年份|年度|时间|日期|编号|代码|序号"
)
TOTAL_ROW = re.compile(r"^(?:合计|总计)[:：]?$")
NUMBERED = re.compile(r"^\d{1,3}$")
MIN_ROWS = 3


@dataclass
class ColumnTotal:
    """One column of a list table: its header, the 合计 printed and the numbered rows' values."""

    header: str
    total: Quantity
    parts: list[Quantity]
    evidence: Evidence  # the 合计 row
    first_rows: list[Evidence]  # the first numbered rows, for the auditor to find the table


def read_column_totals(tables: list[Table]) -> list[ColumnTotal]:
    """Every measured column of every numbered list table that closes with a 合计 row."""
    out: list[ColumnTotal] = []
    for table in tables:
        out.extend(_table_totals(table))
    return out


def _table_totals(table: Table) -> list[ColumnTotal]:
    header = [canon(c) for c in table.header]
    if not header or header[0] != "序号":
        return []
    totals = [r for r in table.body if r.cells and TOTAL_ROW.match(canon(r.cells[0]))]
    if len(totals) != 1:
        return []  # no 合计, or several (subtotals by group): not a plain list
    total_row = totals[0]
    rows = [r for r in table.body[: table.body.index(total_row)] if _numbered(r.cells)]
    if len(rows) < MIN_ROWS or any("小计" in "".join(r.cells) for r in table.body):
        return []
    out = []
    for j, name in enumerate(header):
        if not MEASURED.search(name) or NOT_ADDITIVE.search(name) or j >= len(total_row.cells):
            continue
        total = parse_number(total_row.cells[j])
        parts = [q for r in rows if j < len(r.cells) and (q := parse_number(r.cells[j]))]
        if total is None or len(parts) < 2 or any(p.unit != total.unit for p in parts):
            continue
        evidence = total_row.evidence()
        out.append(
            ColumnTotal(table.header[j], total, parts, evidence, [r.evidence() for r in rows[:2]])
        )
    return out


def _numbered(cells: list[str]) -> bool:
    return bool(cells) and bool(NUMBERED.match(canon(cells[0])))
