"""A 部门决算's 说明 against itself: completion rates, the verdict on 决算 against 预算,
and the shares it gives of a stated total.

"年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因…" is wrong on
its face, and so is a 完成率 or a 占比 that its two amounts do not give. A printed
rate that is the true one cut off instead of rounded (95.45% for 95.457%) is a
warning; any other mismatch is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Quantity, Report
from extractor.prose import Outturn, Share, evidence

from .numeric import EPS, is_zero, pct, rate_matches, same, show, truncated
from .pubchange import statements
from .registry import PUBLICATION_KINDS, Hit, rule


def _denominator(o: Outturn) -> tuple[str, Quantity]:
    if o.rate_of == "全年" and o.full_budget is not None:
        return "全年预算", o.full_budget
    if o.rate_of == "年初" or o.full_budget is None:
        return o.budget_label, o.budget
    return "全年预算", o.full_budget


@rule(
    "PUB-COMPLETION-RATE",
    "execution_rate",
    "error",
    "说明所述完成预算的百分比应等于决算数 ÷ 预算数",
    kinds=PUBLICATION_KINDS,
)
def completion_rate(report: Report) -> Iterator[Hit]:
    """ "年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%": the rate is
    the 决算 over the budget it names, at the printed precision. A rate of a budget printed
    as 0 cannot exist (the text names the wrong budget).

    Limits: Only rates stated in the sentence with both amounts are recomputed.
    """
    for o in statements(report).outturns:
        if o.rate is None:
            continue
        label, den = _denominator(o)
        ev = [evidence(report, o.span)]
        if is_zero(den):
            if not is_zero(o.outturn):
                yield Hit(
                    f"{label}为 {show(den)} 万元，不能有“完成{label}的 {show(o.rate)}%”",
                    ev,
                    expected="不适用",
                    found=f"{show(o.rate)}%",
                    severity="warning",
                )
            continue
        if rate_matches(o.outturn, den, o.rate):
            continue
        true = o.outturn.value / den.value * 100
        cut = truncated(true, o.rate)
        yield Hit(
            f"决算 {show(o.outturn)} 万元 ÷ {label} {show(den)} 万元 = {pct(true, 3)}，"
            f"文中为 {show(o.rate)}%" + ("（截断而非四舍五入）" if cut else ""),
            ev,
            expected=pct(true, o.rate.decimals),
            found=f"{show(o.rate)}%",
            severity="warning" if cut else None,
        )


def _refuted(verdict: str, outturn: Quantity, base: Quantity) -> bool:
    if verdict in {"等于", "持平"}:
        return not same(outturn, base)
    if same(outturn, base):
        return False
    return (outturn.value < base.value) if verdict == "大于" else (outturn.value > base.value)


@rule(
    "PUB-OUTTURN-VERDICT",
    "amount_sum",
    "error",
    "“决算数大于/小于/等于预算数”应与所列两个金额相符",
    kinds=PUBLICATION_KINDS,
)
def outturn_verdict(report: Report) -> Iterator[Hit]:
    """After "年初预算为A万元，支出决算为B万元", the sentence "决算数大于（小于、等于）预算数的
    主要原因…" must say what A and B show. When both 年初 and 全年 budgets are printed and the
    verdict does not say which, it is wrong only if it is wrong against both.

    Limits: Only the verdict words 大于, 小于, 等于 (and their synonyms the rule knows) are read.
    """
    for o in statements(report).outturns:
        if o.verdict is None or o.verdict_span is None:
            continue
        if o.verdict == "持平" and o.verdict_of is None and o.full_budget is None:
            bases = [("预算", o.budget)]
        elif o.verdict_of == "全年" and o.full_budget is not None:
            bases = [("全年预算", o.full_budget)]
        elif o.verdict_of == "年初" or o.full_budget is None:
            bases = [("年初预算", o.budget)]
        else:
            bases = [("年初预算", o.budget), ("全年预算", o.full_budget)]
        if all(_refuted(o.verdict, o.outturn, base) for _, base in bases):
            label, base = bases[0]
            rel = "大于" if o.outturn.value > base.value else "小于"
            yield Hit(
                f"决算 {show(o.outturn)} 万元{rel}{label} {show(base)} 万元，文中称决算数{o.verdict}预算数",
                [evidence(report, o.span), evidence(report, o.verdict_span)],
                expected=rel,
                found=o.verdict,
            )


def _evened(s: Share, siblings: list[Share]) -> bool:
    """The share is one unit of its last digit off, and its list adds up to exactly 100%."""
    step = 10 ** (-s.rate.decimals)
    off = abs(s.part.value / s.total.value * 100 - s.rate.value) if s.total.value else 1e9
    listed = sum(x.rate.value for x in siblings)
    return len(siblings) > 1 and off <= step * 1.5 and abs(listed - 100) < step / 2


@rule(
    "PUB-SHARE",
    "amount_sum",
    "error",
    "说明所述占比应等于该项金额 ÷ 合计",
    kinds=PUBLICATION_KINDS,
)
def share(report: Report) -> Iterator[Hit]:
    """ "一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）
    2106.66万元，占71.73%；…": each share is its amount over the stated total, at the
    printed precision (2106.66 / 2940.05 = 71.65%). A list whose shares were evened out to
    add up to exactly 100% (尾差调整: one share off by one unit of its last digit) is a
    presentation convention, not an error.

    Limits: Only shares stated beside their amount, in a list with a stated total, are recomputed.
    """
    lists: dict[tuple[int, int], list[Share]] = {}
    for s in statements(report).shares:
        lists.setdefault((s.total_span.start, s.total_span.end), []).append(s)
    for s in statements(report).shares:
        if _evened(s, lists[(s.total_span.start, s.total_span.end)]):
            continue
        low, high = s.total_range()
        if s.part.low > high + EPS or low <= EPS:
            continue  # not a part of this total: the sentence speaks of something else
        rng = (100 * s.part.low / high, 100 * s.part.high / low)
        if s.rate.low - EPS <= rng[1] and rng[0] <= s.rate.high + EPS:
            continue
        true = s.part.value / s.total.value * 100
        cut = truncated(true, s.rate)
        yield Hit(
            f"{show(s.part)} 万元 ÷ 合计 {show(s.total)} 万元 = {pct(true, 3)}，"
            f"文中为 {show(s.rate)}%" + ("（截断而非四舍五入）" if cut else ""),
            [evidence(report, s.span), evidence(report, s.total_span)],
            expected=pct(true, s.rate.decimals),
            found=f"{show(s.rate)}%",
            severity="warning" if cut else None,
        )
