"""A total stated in prose together with the list of what it is made of.

"项目支出预算474.56万元，A 116万元，B 30万元，C 312万元，D 15.56万元。" gives the whole and its
parts in one sentence; when the parts do not add up, one of the figures is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from extractor.listsums import ListedTotal, read_listed_totals
from extractor.model import Quantity, Report
from extractor.prose import squeezed

from .numeric import column_sum_matches, show
from .registry import PUBLICATION_KINDS, REPORT_KINDS, Hit, rule

# A list whose parts are far from the total is not its breakdown (peers listed one after
# another, the first read as a total): only a near miss is a slip in one figure.
NEAR = 0.10


@rule(
    "PROSE-LIST-SUM",
    "amount_sum",
    "error",
    "同一句中列出的各项金额之和应等于句首的总额",
    kinds=REPORT_KINDS + PUBLICATION_KINDS,
)
def listed_total(report: Report) -> Iterator[Hit]:
    """A sentence that states a total (预算 / 支出 / 经费 / 资金 / 收入) and then lists at
    least three named amounts up to its full stop: the amounts add up to the total.

    Why: the sentence claims its list is the whole; a part mistyped (15.56 for 16.56) shows
    as a total its parts do not make.

    Limits: An amount printed without decimals beside ones with decimals is read as exact
    (as a table column is: "116" beside "15.56" is 116.00); a list that misses the total by
    more than a tenth is taken for a list of peers, not a breakdown, and left alone.
    """
    for listed in read_listed_totals(squeezed(report)):
        got = sum(p.value for p in listed.parts)
        total = listed.total
        if abs(got - total.value) > NEAR * abs(total.value) or _adds_up(listed):
            continue
        shown = replace(total, value=got, decimals=max(p.decimals for p in listed.parts))
        unit = "万元" if total.scale == 1e4 else "元"
        yield Hit(
            f"所列各项之和 {show(shown)}{unit} 与所述总额 {show(total)}{unit} 不一致",
            [report.evidence_at(listed.start, listed.end, pad=0)],
            expected=round(got / total.scale, 2),
            found=total.value / total.scale,
        )


def _adds_up(listed: ListedTotal) -> bool:
    parts: list[Quantity] = listed.parts
    return column_sum_matches(parts, listed.total)
