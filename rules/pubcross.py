"""The 总表s' class rows against the coded tables: the same class, the same money.

The 收支总表 lists the year's spending by class ("八、社会保障和就业支出 326.71") over
all funds, like the 支出表's 类 rows; the 财政拨款收支总表's 一般公共预算 column lists
the same classes as the 一般公共预算支出表. Each pair covers the same money by
definition, so a class must have the same amount in both, at the printed precision
(a class row of the coded tables is often the sum of its rounded items: 326.72 beside
326.71 is rounding, allowed for each item under the class).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.budget.model import (
    APPROPRIATION_SUMMARY,
    GENERAL_FUNCTIONAL,
    SPENDING,
    SUMMARY,
    BudgetRow,
    BudgetTable,
)
from extractor.model import Quantity, Report

from .numeric import EPS
from .registry import PUBLICATION_KINDS, Hit, rule

CLASS_LABEL = re.compile(r"^[一二三四五六七八九十]+[、.．](?P<name>[\p{Han}]+支出)$")
PAIRS = ((SUMMARY, SPENDING, None), (APPROPRIATION_SUMMARY, GENERAL_FUNCTIONAL, "一般公共预算"))
NAMES = {SUMMARY: "收支总表", APPROPRIATION_SUMMARY: "财政拨款收支总表"}
CODED = {SPENDING: "支出表", GENERAL_FUNCTIONAL: "一般公共预算支出表"}


def _show(q: Quantity) -> str:
    return f"{q.value / q.scale:,.{q.decimals}f}"


@rule(
    "PUB-TABLE-CLASS",
    "restated_value",
    "error",
    "总表所列各类支出应与支出表（一般公共预算支出表）的类级科目一致",
    kinds=PUBLICATION_KINDS,
)
def class_rows(report: Report) -> Iterator[Hit]:
    """A class in the 收支总表 (all funds) against the 支出表's 类 row, and in the
    财政拨款收支总表's 一般公共预算 column against the 一般公共预算支出表's 类 row: the same
    money in both. Each class row may be the sum of its rounded items, so half a unit of
    the last digit is allowed for each item under it.

    Limits: Needs both tables read into rows; a table the reader could not read is reported by
    EXTRACT-UNREAD.
    """
    tables = list(getattr(report, "budget_tables", None) or [])
    for summary_kind, coded_kind, column_word in PAIRS:
        for s in (t for t in tables if t.kind == summary_kind):
            for c in (t for t in tables if t.kind == coded_kind):
                if s.scale != c.scale or s.final != c.final:
                    continue
                yield from _compare(s, c, column_word)


def _compare(summary: BudgetTable, coded: BudgetTable, column_word: str | None) -> Iterator[Hit]:
    total = next((col for col in coded.columns if "合计" in col.name), None)
    codes = [r.code for r in coded.coded()]
    if total is None or len(codes) != len(set(codes)):
        return
    classes = {r.name: r for r in coded.coded() if r.code and len(r.code) == 3 and r.name}
    for row in summary.rows:
        for name, q in _class_amounts(summary, row, column_word):
            other = classes.get(name)
            if other is None or total.index not in other.values:
                continue
            v = other.values[total.index]
            items = sum(1 for r in coded.coded() if r.code and r.code.startswith(other.code or "-"))
            if abs(q.value - v.value) <= items * (q.half_step + v.half_step) + EPS:
                continue
            yield Hit(
                f"“{name}”在{NAMES[summary.kind]}为 {_show(q)}，在{CODED[coded.kind]}为 {_show(v)}",
                [row.evidence, other.evidence],
                expected=v.value,
                found=q.value,
            )


def _class_amounts(
    table: BudgetTable, row: BudgetRow, column_word: str | None
) -> list[tuple[str, Quantity]]:
    """The (class name, amount) pairs a 总表 row prints on its spending side: the first
    amount right of the label, or the first in a column named with `column_word`."""
    out = []
    for j, text in sorted(row.texts.items()):
        m = CLASS_LABEL.match(text)
        if not m:
            continue
        right = sorted(k for k in row.values if k > j)
        if column_word is not None:
            cols = {c.index for c in table.columns if column_word in c.name}
            right = [k for k in right if k in cols]
        if right:
            out.append((m.group("name"), row.values[right[0]]))
    return out


__all__ = ["class_rows"]
