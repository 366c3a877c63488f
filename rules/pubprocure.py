"""The 政府采购 paragraph of a 部门决算 说明: the amounts won by small firms within the whole.

Shanghai's 决算 说明 (and others on the same model) give the year's 政府采购金额 and then
what 中小企业 won: "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额
A万元；……在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额B万元". The reserved
projects and the other projects are two disjoint parts of the year's procurement, so A + B
cannot exceed the 政府采购金额; a sum above it counts one contract twice.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Report
from extractor.numbers import PRINTED, quantity
from extractor.prose import at, evidence, squeezed

from .numeric import fmt, show, sum_matches
from .registry import PUBLICATION_KINDS, Hit, rule

NUM = PRINTED
TOTAL = re.compile(rf"政府采购(?:支出)?(?:总)?金额(?:[(（]以合同签订为准[)）])?为(?P<t>{NUM})万元")
RESERVED = re.compile(
    rf"在面向中小企业预留的?政府采购项目中[，,]由中小企业供应商中标或成交的[，,]采购金额(?P<a>{NUM})万元"
)
OTHER = re.compile(
    rf"在其他政府采购项目中[，,]由中小企业供应商中标或成交的[，,]采购金额(?P<b>{NUM})万元"
)


@rule(
    "PUB-PROCURE-SME",
    "amount_sum",
    "error",
    "中小企业在预留项目和其他项目中的中标金额之和不应超过政府采购金额",
    kinds=PUBLICATION_KINDS,
)
def procurement_shares(report: Report) -> Iterator[Hit]:
    """中小企业 amounts won in the reserved projects plus those won in the other projects do not
    exceed the year's 政府采购金额 (at the printed precision).

    Why: the two are disjoint parts of the year's procurement; together above the whole, one
    contract was counted in both (often the whole amount copied into every line).

    Limits: Reads the wording of the Shanghai 决算 model only, and the first 政府采购金额 before it.
    """
    sq = squeezed(report)
    for reserved in RESERVED.finditer(sq.text):
        other = OTHER.search(sq.text, reserved.end(), reserved.end() + 200)
        totals = list(TOTAL.finditer(sq.text, max(0, reserved.start() - 600), reserved.start()))
        if other is None or not totals:
            continue
        total = quantity(totals[-1].group("t"), "万元")
        a, b = quantity(reserved.group("a"), "万元"), quantity(other.group("b"), "万元")
        got = a.value + b.value
        if got <= total.value or sum_matches([a, b], total):
            continue
        yield Hit(
            f"中小企业中标金额 {show(a)}万元（预留项目）＋ {show(b)}万元（其他项目）= "
            f"{fmt(got, max(a.decimals, b.decimals))}万元，超过政府采购金额 {show(total)}万元",
            [
                evidence(report, at(sq, totals[-1].start(), totals[-1].end())),
                evidence(report, at(sq, other.start(), other.end())),
            ],
            expected=total.value,
            found=round(got, 6),
        )
