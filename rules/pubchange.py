"""A publication's 说明 against its own arithmetic: stated changes, completion rates, shares
and item amounts recomputed from the amounts the same sentences print.

Every 部门预算 and 部门决算 explains its tables in prose, and finance bureaus
check those sentences by hand each year: "比上年增加17.66%" after two amounts
that give 17.93%, "决算数大于预算数" after a 决算 below its budget, a share
that does not divide. Every comparison is made at the printed precision: a
rate is wrong only when no values the printed amounts could stand for give it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Quantity, Report
from extractor.prose import Change, Statements, evidence

from .numeric import EPS, is_zero, pct, same, show
from .registry import PUBLICATION_KINDS, Hit, rule


def tables_read(report: Report) -> bool:
    """Whether the publication's standard tables were read with coded rows: then the rules
    that check the 说明 against the tables (rules/pubrestated.py) speak for the figures, and
    the text-only rules that would say the same thing stay silent."""
    return any(row.code for table in report.budget_tables for row in table.rows)


def statements(report: Report) -> Statements:
    """The 说明's statements, read by the extractor for publications (none for other kinds)."""
    return report.statements or Statements()


def interval(q: Quantity) -> tuple[float, float]:
    """The values a printed number stands for."""
    return q.low, q.high


def ratio(num: tuple[float, float], den: tuple[float, float]) -> tuple[float, float] | None:
    """The range of 100 × num / den over both intervals; None for a denominator that may be 0."""
    if den[0] <= EPS:
        return None
    values = [a / b * 100 for a in num for b in den]
    return min(values), max(values)


def fits(rng: tuple[float, float], stated: tuple[float, float]) -> bool:
    """Whether a computed range and a stated interval overlap."""
    return rng[0] <= stated[1] + EPS and stated[0] <= rng[1] + EPS


def _signed(change: Change) -> tuple[float, float] | None:
    """The stated change as a signed percentage interval."""
    if change.rate is None:
        return None
    lo, hi = interval(change.rate)
    return (lo, hi) if change.direction >= 0 else (-hi, -lo)


def _pair_rate(change: Change) -> tuple[float, float] | None:
    """(current − base) / base in percent over the printed intervals."""
    assert change.base is not None
    base, cur = interval(change.base), interval(change.current)
    if base[0] <= EPS:
        return None
    values = [(c - b) / b * 100 for c in cur for b in base]
    return min(values), max(values)


def _step_base(change: Change, current: Quantity | None = None) -> tuple[float, float]:
    """The base a stated step implies: current − step for a rise, current + step for a fall."""
    assert change.step is not None
    cur, step = interval(current or change.current), interval(change.step)
    if change.direction > 0:
        return cur[0] - step[1], cur[1] - step[0]
    return cur[0] + step[0], cur[1] + step[1]


def _word(direction: int) -> str:
    return "增加" if direction > 0 else "减少" if direction < 0 else "持平"


@rule(
    "PUB-CHANGE-RATE",
    "amount_sum",
    "error",
    "说明所述增减幅度、增减额应能由所比较的两个金额算出",
    kinds=PUBLICATION_KINDS,
)
def change_rate(report: Report) -> Iterator[Hit]:
    """A 说明 that gives two years' amounts and the change between them ("2025年当年预算执行数
    为77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加17.66%"), or an amount with
    its change and rate ("…1338.13万元，比上年增加31.85万元，增长2.44%"), must give a change
    those amounts produce. Each amount stands for every value that rounds to it, so a rate
    is reported only when none of them gives it; an item whose 预算安排 already differs from
    its own heading is left to PUB-ITEM-AMOUNT.

    Why: A change the amounts cannot give means one of the three figures was retyped or carried over
    from last year.

    Limits: Only sentences that give the amounts and the change together are read; a change stated
    apart from its amounts is not recomputed.
    """
    for change in statements(report).changes:
        if change.heading is not None and not same(change.heading, change.current):
            continue
        ev = [evidence(report, change.span)]
        if change.base is not None:
            if is_zero(change.base):
                continue  # PUB-CHANGE-ZERO
            if change.direction == 0:
                if not same(change.base, change.current):
                    yield Hit(
                        f"{show(change.base)} 万元与 {show(change.current)} 万元并不持平",
                        ev,
                        expected="不持平",
                        found="持平",
                    )
                continue
            rng = _pair_rate(change)
            stated = _signed(change)
            if rng is not None and stated is not None and not fits(rng, stated):
                true = (change.current.value - change.base.value) / change.base.value * 100
                yield Hit(
                    f"由 {show(change.base)} 万元到 {show(change.current)} 万元应为"
                    f"{_word(1 if true > 0 else -1)} {pct(abs(true))}，"
                    f"文中为{_word(change.direction)} {show(change.rate)}%",
                    ev,
                    expected=f"{true:+.2f}%",
                    found=f"{'+' if change.direction > 0 else '-'}{show(change.rate)}%",
                )
            if change.step is not None:
                diff = (change.current.value - change.base.value) * (change.direction or 1)
                slack = change.base.half_step + change.current.half_step + change.step.half_step
                if abs(diff - change.step.value) > slack + EPS:
                    yield Hit(
                        f"由 {show(change.base)} 万元到 {show(change.current)} 万元应为"
                        f"{_word(1 if diff > 0 else -1)} {abs(diff):.2f} 万元，"
                        f"文中为{_word(change.direction)} {show(change.step)} 万元",
                        ev,
                        expected=round(diff, 2),
                        found=change.step.value,
                    )
            continue
        if change.step is None or change.rate is None or is_zero(change.current):
            continue
        verdicts = [_step_verdict(change, current) for current in change.currents()]
        if verdicts and all(v is not None for v in verdicts):
            b, true = verdicts[0]  # type: ignore[misc]
            yield Hit(
                f"{show(change.current)} 万元比上期{_word(change.direction)} {show(change.step)} 万元，"
                f"上期应为 {b:.2f} 万元，幅度应为 {pct(true)}，文中为 {show(change.rate)}%",
                ev,
                expected=pct(true),
                found=f"{show(change.rate)}%",
            )


def _step_verdict(change: Change, current: Quantity) -> tuple[float, float] | None:
    """(implied base, true rate) when the stated rate does not follow from `current` and the
    stated step; None when it does, or when the base is zero or negative (other rules)."""
    assert change.step is not None and change.rate is not None
    base = _step_base(change, current)
    if base[0] <= EPS:
        return None
    rng = ratio(interval(change.step), base)
    if rng is None or fits(rng, interval(change.rate)):
        return None
    mid = (base[0] + base[1]) / 2
    return mid, change.step.value / mid * 100


@rule(
    "PUB-CHANGE-ZERO",
    "amount_sum",
    "warning",
    "上期为 0 时不应给出增减百分比",
    kinds=PUBLICATION_KINDS,
)
def change_from_zero(report: Report) -> Iterator[Hit]:
    """A rise from nothing has no percentage: "2022年当年预算执行数为0万元，2023年预算安排
    60.13万元，比2022年预算执行数增加100.00%" (or a rise equal to the whole amount, "增加307.82
    万元，增长100.00%") states a rate the figures cannot give. Reported once per publication,
    with every place it occurs.

    Limits: Only a rise from an amount printed as 0 (or a rise equal to the whole amount) is judged.
    """
    places = []
    for change in statements(report).changes:
        if change.rate is None or change.direction <= 0:
            continue
        if change.base is not None:
            zero = is_zero(change.base)
        elif change.step is not None:
            lo, hi = _step_base(change)
            zero = lo <= EPS and hi >= -EPS
        else:
            zero = False
        if zero:
            places.append(change)
    if places:
        first = places[0]
        yield Hit(
            f"上期金额为 0，却给出增长 {show(first.rate)}%（共 {len(places)} 处）",
            [evidence(report, c.span) for c in places],
            expected="不适用",
            found=f"{show(first.rate)}%",
        )


@rule(
    "PUB-CHANGE-EXCEEDS",
    "restated_value",
    "error",
    "本期金额应与所述增减额、增减幅度相容",
    kinds=PUBLICATION_KINDS,
)
def change_exceeds(report: Report) -> Iterator[Hit]:
    """ "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元": a rise larger than the
    amount it rose to puts last year below zero, and "收入支出总计0万元。与2023年度相比…减少
    56.95万元，下降1.87%" is a fall to nothing that is not 100%. The amount printed is not
    the one the sentence speaks of.

    Limits: Only changes stated in the same sentence as the amount are judged.
    """
    for change in statements(report).changes:
        if change.base is not None or change.step is None or change.direction == 0:
            continue
        currents = change.currents()
        if change.direction > 0 and all(change.step.low > c.high + EPS for c in currents):
            yield Hit(
                f"本期 {show(change.current)} 万元，却称比上期增加 {show(change.step)} 万元",
                [evidence(report, change.span)],
                expected=f"≤ {show(change.current)}",
                found=change.step.value,
            )
        elif (
            change.direction < 0
            and not tables_read(report)  # PUB-TEXT-TOTAL compares the amount with the table
            and change.rate is not None
            and all(is_zero(c) for c in currents)
            and change.rate.high < 100 - EPS
        ):
            yield Hit(
                f"本期 {show(change.current)} 万元，与“减少 {show(change.step)} 万元，"
                f"下降 {show(change.rate)}%”不能同时成立",
                [evidence(report, change.span)],
                expected="100%",
                found=f"{show(change.rate)}%",
            )


@rule(
    "PUB-ITEM-AMOUNT",
    "restated_value",
    "error",
    "科目说明的预算安排数应与该科目标题所列金额一致",
    kinds=PUBLICATION_KINDS,
)
def item_amount(report: Report) -> Iterator[Hit]:
    """Each subject of 财政拨款支出主要内容 is headed with its amount ("住房公积金（01项）
    208.8万元") and then restates it ("2026年预算安排201.50万元"): the two must agree at the
    precision both are printed with. With the tables read, PUB-TEXT-SUBJECT compares both
    figures with the table row instead.

    Limits: Needs the heading and the restatement in the same item; an item without a heading amount
    is left to PUB-TEXT-SUBJECT.
    """
    if tables_read(report):
        return
    for item in statements(report).items:
        if not same(item.heading, item.planned):
            yield Hit(
                f"科目标题金额 {show(item.heading)} 万元与“预算安排” {show(item.planned)} 万元不一致",
                [evidence(report, item.heading_span), evidence(report, item.planned_span)],
                expected=item.heading.value,
                found=item.planned.value,
            )


@rule(
    "PUB-CHANGE-BASES",
    "restated_value",
    "warning",
    "同一财政拨款收支金额的增减额应一致",
    kinds=PUBLICATION_KINDS,
)
def change_bases(report: Report) -> Iterator[Hit]:
    """A budget's 财政拨款收入 and 财政拨款支出 are the same amount, and so were last year's:
    "财政拨款收入37,151.47万元，比2024年预算执行数增加24,558.18万元 … 财政拨款支出预算
    37,151.47万元，比2024年预算增加24,491.71万元" compares one amount with two different
    bases (and two different kinds of base).

    Limits: Only the 财政拨款收入 and 支出 pair is compared; other pairs that should share a base are not.
    """
    income = [c for c in statements(report).changes if _of(c, "收入")]
    spending = [c for c in statements(report).changes if _of(c, "支出")]
    for a in income:
        for b in spending:
            if a.step is None or b.step is None or a.current.raw != b.current.raw:
                continue
            if a.direction == b.direction and same(a.step, b.step):
                continue
            yield Hit(
                f"财政拨款收入、支出同为 {show(a.current)} 万元，增减额却分别为"
                f"{_word(a.direction)} {show(a.step)} 万元和{_word(b.direction)} {show(b.step)} 万元",
                [evidence(report, a.span), evidence(report, b.span)],
                expected=show(a.step),
                found=show(b.step),
            )
            return


def _of(change: Change, side: str) -> bool:
    return change.base is None and bool(re.fullmatch(rf"财政拨款{side}(?:预算)?", change.subject))
