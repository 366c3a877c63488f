"""A publication's 总表 sides and flat tables against their own totals.

The 收支总表 prints each side (收入, 支出) as numbered items (一、一般公共预算拨款收入 …,
一、一般公共服务支出 … 二十八、往来性支出) closed by 本年收入合计 / 本年支出合计. The items
are the whole of the side: a total that differs from them says a class was withheld or
mistyped. Some 支出表 list only leaf rows (项 subject × economic item) under one 合计 row,
with no 类 rows to add up; their 合计 is the sum of all the rows. Both are compared at the
printed precision (half a unit per part), so amounts converted from yuan never alarm.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex as re

from extractor.budget.model import APPROPRIATION_SUMMARY, SPENDING, SUMMARY, BudgetRow, BudgetTable
from extractor.model import Report
from extractor.numerals import cn_to_int

from .numeric import EPS, sum_matches
from .pubtables import TABLE_NAMES, _col_name, _show, _sum_value, _tables, column_checks
from .registry import PUBLICATION_KINDS, Hit, rule

NUMBERED_ITEM = re.compile(r"^([一二三四五六七八九十]{1,3})、")
SIDE_TOTAL = re.compile(r"^(?:本年)?(收入|支出)合计[:：]?$")
SIDE_GRAND_TOTAL = re.compile(r"^(收入|支出)?总计[:：]?$")


@dataclass
class _Side:
    """One side of a 总表: its label column, its amount columns, its numbered rows and total."""

    label_col: int
    amount_cols: list[int]
    items: list[BudgetRow]
    total: BudgetRow | None = None


@rule(
    "PUB-TABLE-SIDE-SUM",
    "amount_sum",
    "error",
    "收支总表每一方的各项之和应等于本年收入合计 / 本年支出合计",
    kinds=PUBLICATION_KINDS,
)
def side_sum(report: Report) -> Iterator[Hit]:
    """Each side of a 收支总表 (or 财政拨款收支总表): the numbered items (一、二、…) add up to
    the side's 本年收入合计 / 本年支出合计, or to its 总计 when that row closes the items
    directly, in every amount column of the side.

    Why: a class left out of the printed items (a withheld 类, a line lost when the table
    was pasted) leaves the total unexplained; the 收入总计 = 支出总计 balance cannot see it.

    Limits: Only a side whose items are numbered 一、二、… without a restart is read (a side
    that restarts its numbering mixes two lists and is skipped); a side with no numbered
    item carrying an amount proves nothing.
    """
    for table in _tables(report):
        if table.kind not in (SUMMARY, APPROPRIATION_SUMMARY):
            continue
        for side in _sides(table):
            yield from _side_hits(table, side)


def _sides(table: BudgetTable) -> list[_Side]:
    """The sides of a 总表, read from the columns its labels stand in."""
    label_cols = sorted({j for r in table.rows for j, t in r.texts.items() if _is_label(t)})
    sides = []
    for n, col in enumerate(label_cols):
        end = label_cols[n + 1] if n + 1 < len(label_cols) else 10**6
        amounts = sorted({k for r in table.rows for k in r.values if col < k < end})
        side = _read_side(table.rows, col, amounts)
        if side is not None:
            sides.append(side)
    return sides


def _is_label(text: str) -> bool:
    return bool(NUMBERED_ITEM.match(text) or SIDE_TOTAL.match(text))


def _read_side(rows: list[BudgetRow], col: int, amounts: list[int]) -> _Side | None:
    """The numbered items of one side up to its total; None when the numbering restarts or
    runs out of order (two lists in one column), or no total closes them."""
    side = _Side(col, amounts, [])
    expected = 1
    for row in rows:
        text = (row.texts.get(col) or "").strip()
        if not text:
            continue
        if SIDE_TOTAL.match(text) or SIDE_GRAND_TOTAL.match(text):
            # a 总计 is reached here only when nothing stood between it and the items
            side.total = row
            return side if side.items else None
        item = NUMBERED_ITEM.match(text)
        if item is None:
            if side.items:  # a row between the items and the total (上年结转…): stop here
                return None
            continue
        if cn_to_int(item.group(1)) != expected:
            return None
        side.items.append(row)
        expected += 1
    return None


def _side_hits(table: BudgetTable, side: _Side) -> Iterator[Hit]:
    assert side.total is not None
    for col in side.amount_cols:
        total = side.total.values.get(col)
        parts = [r.values[col] for r in side.items if col in r.values]
        if total is None or not parts or not any(abs(p.value) > EPS for p in parts):
            continue
        if sum_matches(parts, total):
            continue
        label = side.total.texts.get(side.label_col, "合计").strip()
        column = table.column(col)
        what = f"{label}" + (f"（{_col_name(column)}）" if column and column.name else "")
        got = _sum_value(parts)
        yield Hit(
            f"{TABLE_NAMES[table.kind]}{what} {_show(total)} 与所列各项之和 {_show(got)} 不一致",
            [side.total.evidence, *[r.evidence for r in side.items if col in r.values][:3]],
            expected=round(got.value, 2),
            found=total.value,
        )


@rule(
    "PUB-TABLE-FLAT-TOTAL",
    "amount_sum",
    "error",
    "只列明细行的支出表，合计行应等于各行之和",
    kinds=PUBLICATION_KINDS,
)
def flat_total(report: Report) -> Iterator[Hit]:
    """A 支出表 that lists only leaf rows (项 subjects, often once per economic item) and no
    类 or 款 row: its 合计 row is the sum of all its rows, in each column. A column is
    flagged only when another column of the table adds up to its 合计 (the rows do cover
    the table), so a table that prints a selection of its rows proves nothing.

    Why: a 合计 that holds money no printed row carries (a 项目支出 total with no project
    line) is a table published incomplete.

    Limits: Tables with 类 / 款 rows are PUB-TABLE-SUBJECT-SUM's matter; only 支出表 are read.
    """
    for table in _tables(report):
        if table.kind != SPENDING:
            continue
        rows = table.coded()
        total = table.total_row()
        if total is None or len(rows) < 2 or any(len(r.code or "") != 7 for r in rows):
            continue
        yield from _flat_hits(table, rows, total)


def _flat_hits(table: BudgetTable, rows: list[BudgetRow], total: BudgetRow) -> Iterator[Hit]:
    ok, bad = column_checks(table, total, rows)
    if not ok:
        return
    for col, printed, got in bad:
        yield Hit(
            f"{TABLE_NAMES[table.kind]}“合计”行{_col_name(col)}栏 {_show(printed)} 与各行之和 "
            f"{_show(got)} 不一致",
            [total.evidence, *[r.evidence for r in rows][:3]],
            expected=round(got.value, 2),
            found=printed.value,
        )


ORG_LABEL = re.compile(
    r"(?:局|委员会|办公室|中心|院|所|站|厅|部|政府|公司|街道|学校|医院|馆|队|会|处|室)(?:本级|机关)?$"
)


@rule(
    "PUB-TABLE-FOREIGN-UNIT",
    "foreign_text",
    "warning",
    "只列一个单位的表，其单位名称应为公开单位",
    kinds=PUBLICATION_KINDS,
)
def table_foreign_unit(report: Report) -> Iterator[Hit]:
    """A standard table that lists its money under one unit's name, and that name is not the
    publication's unit nor part of it ("长沙市教育局 0.50" in the 三公 table of 长沙职业教育基地
    综合协调办公室): the row label was left from the template of another unit.

    Why: the table says whose money it is; under another unit's name the amount is
    attributed to the wrong body.

    Limits: Only tables with exactly one row labelled with an organisation's name are read
    (tables by unit list several and are not judged), and only when the publication's
    unit is known.
    """
    own = re.sub(r"\s+", "", report.unit or "")
    if not own:
        return
    for table in _tables(report):
        rows = [
            r for r in table.rows if r.code is None and r.values and ORG_LABEL.search(r.label or "")
        ]
        if len(rows) != 1:
            continue
        label = re.sub(r"(?:本级|机关)$", "", re.sub(r"\s+", "", rows[0].label or ""))
        if label in own or own in label:
            continue
        yield Hit(
            f"{TABLE_NAMES.get(table.kind, table.caption)}所列单位为“{label}”，与公开单位“{own}”不符",
            [rows[0].evidence],
            expected=own,
            found=label,
        )
