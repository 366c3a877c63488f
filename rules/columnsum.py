"""A list table's 合计 row against the rows above it.

The numbered rows of a list table (访谈单位, 抽查项目, 补助发放明细…) are the whole of it:
its 合计 is their sum, column by column. Read by extractor.columntotals; the score tables,
the spending breakdown and the funds table by item have rules of their own.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Report

from .numeric import column_sum_matches, fmt, show, sum_of
from .registry import REPORT_KINDS, Hit, rule


@rule("TABLE-COLUMN-SUM", "amount_sum", "error", "列表的合计行应等于各行之和", kinds=REPORT_KINDS)
def column_sum(report: Report) -> Iterator[Hit]:
    """In a table numbered by 序号 and closed by one 合计 row, every column of amounts or counts
    (资金, 金额, 人数 …; not rates, shares, weights or scores) adds up to its 合计, at the printed
    precision.

    Why: a 合计 the rows do not make is a row lost (a 序号 skipped) or a total carried over
    from another version of the table; the prose that quotes the total inherits the error.

    Limits: A table with 小计 rows, or with several 合计 rows, is not read; rows without a
    序号 number (continuations, notes) are not added.
    """
    own = _lines_with_rules_of_their_own(report)
    for column in report.column_totals:
        if column.evidence.line in own or column_sum_matches(column.parts, column.total):
            continue
        got = sum_of(column.parts)
        yield Hit(
            f"“{column.header}”列各行之和 {fmt(got.value / column.total.scale, column.total.decimals)}"
            f" 与合计行 {show(column.total)} 不一致",
            [column.evidence, *column.first_rows],
            expected=round(got.value, 6),
            found=column.total.value,
        )


def _lines_with_rules_of_their_own(report: Report) -> set[int | None]:
    """The 合计 lines of the spending breakdown and of the funds table by item."""
    lines = set()
    if report.spending_total is not None:
        lines.add(report.spending_total[1].line)
    if report.item_funds is not None and report.item_funds.total is not None:
        lines.add(report.item_funds.total.evidence.line)
    return lines
