"""A report's funds table by item (项目支出情况表): its columns add up and its rates follow."""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.itemfunds import AMOUNT_ROLES, ROLE_ZH, FundsItem, ItemFunds
from extractor.model import Quantity, Report
from extractor.numbers import PRINTED, quantity
from extractor.prose import squeezed

from .numeric import (
    column_decimals,
    column_sum_matches,
    fmt,
    money_unit,
    rate_matches,
    same,
    show,
    show_amount,
    sum_of,
)
from .registry import Hit, rule

REPORT_KINDS = ("project", "department")


@rule(
    "ITEM-FUNDS-SUM",
    "amount_sum",
    "error",
    "资金表各项之和应等于合计或所属类别",
    kinds=REPORT_KINDS,
)
def item_funds_sum(report: Report) -> Iterator[Hit]:
    """Each amount column of a funds table by item adds up: the categories (一、二…) to the 合计
    row, and each category's items (1、2…) to the category.

    Why: The table is where the report shows where the money went; a column that does not close
    means an item's figure was typed wrong or an item is missing, and every rate built on it
    is in doubt.

    Limits: Only a table with a budget, a spent and a rate column and a printed money unit is
    read; a category is checked against its items only when it lists them. A dash counts as zero.
    """
    table = report.item_funds
    if table is None:
        return
    if table.total is not None:
        yield from _sums(table, table.total, table.top(), "合计")
    for parent in table.items:
        children = table.children(parent)
        if children:
            yield from _sums(table, parent, children, f"“{parent.number} {parent.name}”")


def _sums(table: ItemFunds, whole: FundsItem, parts: list[FundsItem], label: str) -> Iterator[Hit]:
    for role in AMOUNT_ROLES:
        stated = whole.values.get(role)
        cells = [p.values.get(role) for p in parts]
        if stated is None or any(c is None for c in cells):
            continue
        if column_sum_matches(cells, stated):  # type: ignore[arg-type]
            continue
        total = sum_of(cells)  # type: ignore[arg-type]
        column = table.headers.get(role, ROLE_ZH[role])
        places = column_decimals([*cells, stated])  # a dash reads at the column's precision
        unit = money_unit(stated.scale)
        yield Hit(
            f"资金表“{column}”列各项合计 {fmt(total.value / stated.scale, places)} {unit}"
            f" 与{label}行 {fmt(stated.value / stated.scale, places)} {unit} 不一致",
            [whole.evidence, *(p.evidence for p in parts)],
            expected=total.value,
            found=stated.value,
        )


@rule(
    "ITEM-FUNDS-RATE",
    "execution_rate",
    "error",
    "资金表各行执行率应等于执行数 ÷ 预算数",
    kinds=REPORT_KINDS,
)
def item_funds_rate(report: Report) -> Iterator[Hit]:
    """Each row's 执行率 in a funds table by item is its spent amount over its budget (or over
    the money received, where the table has that column), at the precision both are printed.

    Why: A rate that its own row's amounts do not give was typed or computed by hand; the
    report's judgement of the item rests on it.

    Limits: A rate is flagged only when neither the budget nor the money received gives it, so a
    table that computes its rates on another base is read as right.
    """
    table = report.item_funds
    if table is None:
        return
    rows = ([table.total] if table.total is not None else []) + table.items
    for row in rows:
        rate, spent = row.values.get("execution_rate"), row.values.get("spent")
        bases = [row.values[r] for r in ("budget", "received") if r in row.values]
        if rate is None or spent is None or not bases:
            continue
        if any(rate_matches(spent, base, rate) for base in bases if base.value > 0):
            continue
        budget = bases[0]
        if budget.value <= 0:
            continue
        expected = 100 * spent.value / budget.value
        name = "合计" if row is table.total else f"{row.number} {row.name}".strip()
        yield Hit(
            f"资金表“{name}”执行率 {show(rate)}% 与执行数 {show_amount(spent)} ÷ 预算数 "
            f"{show_amount(budget)} = {fmt(expected, rate.decimals)}% 不一致",
            [row.evidence],
            expected=round(expected, 4),
            found=rate.value,
        )


NUM = PRINTED
# "③困难企业特困救助、职工帮扶资金预算3,087万元，实际支出2,614.42万元，预算执行率84.69%"
ITEM_SENTENCE = re.compile(
    rf"(?P<name>[^，。；;：:、]{{2,40}}?)(?:项目)?预算(?:数|资金)?为?(?P<budget>{NUM})万元[，,]"
    rf"(?:实际)?(?:支出|执行)(?:数|金额)?为?(?P<spent>{NUM})万元"
)


@rule(
    "ITEM-FUNDS-RESTATED",
    "restated_value",
    "error",
    "正文所述各项资金的执行数应与资金表一致",
    kinds=REPORT_KINDS,
)
def item_funds_restated(report: Report) -> Iterator[Hit]:
    """A sentence that gives one item's budget and spending ("…资金预算3,087万元，实际支出
    2,614.42万元") says what the funds table's row for that item says: the row with the same
    budget and a like name (one of two rows sharing most of their characters).

    Why: the prose is what readers quote; a figure that differs from the table (2,614.42 for
    2,614.12) leaves one of them wrong, and rates computed from it inherit the error.

    Limits: Only the shape "预算 A 万元，实际支出 B 万元" is read, and only where the rows with
    the same budget and a like name agree among themselves; sentences with adjustments between the two
    (调剂, 合计安排) are not.
    """
    table = report.item_funds
    if table is None:
        return
    sq = squeezed(report)
    for m in ITEM_SENTENCE.finditer(sq.text):
        budget = quantity(m.group("budget"), "元", 1e4)
        spent = quantity(m.group("spent"), "元", 1e4)
        rows = [
            r for r in table.items if "spent" in r.values and _same_item(r, m.group("name"), budget)
        ]
        # a category with one item prints the same row twice: one row as far as this goes
        if not rows or any(not same(r.values["spent"], rows[0].values["spent"]) for r in rows):
            continue
        row = rows[0]
        printed = row.values["spent"]
        if same(printed, spent):
            continue
        start, end = sq.span(m.start(), m.end())
        yield Hit(
            f"资金表“{row.number} {row.name}”执行数 {show_amount(printed)}，"
            f"正文写作 {show_amount(spent)}",
            [report.evidence_at(start, end, pad=5), row.evidence],
            expected=printed.value,
            found=spent.value,
        )


def _same_item(row: FundsItem, name: str, budget: Quantity) -> bool:
    """A row with this budget whose name shares most of its characters with the sentence's."""
    printed = row.values.get("budget")
    if printed is None or not same(printed, budget):
        return False
    a, b = set(re.sub(r"[^\p{Han}]", "", row.name)), set(re.sub(r"[^\p{Han}]", "", name))
    return bool(a and b) and len(a & b) >= 0.6 * min(len(a), len(b))
