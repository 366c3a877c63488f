"""Funds arithmetic: execution and arrival rates, spending breakdowns, amounts restated."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Claim, Report

from .numeric import fmt, rate_matches, same, show, show_amount, sum_matches, sum_of
from .registry import Hit, rule


def _base(report: Report, kind: str) -> Claim | None:
    """The project's amount: its first statement, when every statement of the whole project agrees.

    Statements narrowed to a part ("一次性竞赛补贴预算执行率") are left out; when
    the whole-project statements disagree there is no single base to compute from.
    """
    claims = [c for c in report.claims_of(kind) if c.value is not None and not c.subject]
    if not claims:
        return None
    if any(not same(claims[0].value, c.value) for c in claims[1:]):
        return None
    return claims[0]


def _in_sentence(report: Report, kind: str, near: Claim) -> Claim | None:
    """The statement of `kind` made in the same sentence as `near`."""
    for c in report.claims_of(kind):
        if (
            c.value is not None
            and not c.subject
            and c.evidence.line == near.evidence.line
            and c.evidence.page == near.evidence.page
        ):
            return c
    return None


@rule("EXEC-RATE", "execution_rate", "error", "预算执行率应等于执行数 ÷ 预算数")
def execution_rate(report: Report) -> Iterator[Hit]:
    """预算执行率 = 全年执行数 / 全年预算数, wherever a rate is stated.

    The rate decides the funds score and the cap on self-assessment totals; a
    rate that does not follow from the amounts is either mistyped or computed
    on another budget. Compared at the precision of all three printed numbers.

    Limits: Only rates stated with the amounts they come from are recomputed; a rate stated alone is
    not judged.
    """
    yield from _rate_rule(
        report, "execution_rate", "spent", "budget", "预算执行率", "执行数", "预算数"
    )


@rule("ARRIVAL-RATE", "execution_rate", "error", "资金到位率应等于到位数 ÷ 预算数")
def arrival_rate(report: Report) -> Iterator[Hit]:
    """资金到位率 = 实际到位资金 / 预算资金, wherever a rate is stated.

    Limits: Only rates stated with both amounts are recomputed.
    """
    yield from _rate_rule(
        report, "arrival_rate", "received", "budget", "资金到位率", "到位资金", "预算数"
    )


def _rate_rule(
    report: Report,
    rate_kind: str,
    num_kind: str,
    den_kind: str,
    rate_word: str,
    num_word: str,
    den_word: str,
) -> Iterator[Hit]:
    base_num = _base(report, num_kind)
    base_den = _base(report, den_kind)
    seen: set[tuple[int | None, float]] = set()
    for claim in report.claims_of(rate_kind):
        if claim.value is None or claim.subject:
            continue
        num = _in_sentence(report, num_kind, claim) or base_num
        den = _in_sentence(report, den_kind, claim) or base_den
        if num is None or den is None or den.value.value <= 0:
            continue
        exact = 100 * num.value.value / den.value.value
        key = (claim.evidence.line, claim.value.value)
        if key in seen:
            continue
        seen.add(key)
        if not rate_matches(num.value, den.value, claim.value):
            yield Hit(
                f"{rate_word} {show(claim.value)}% 与{num_word} {show_amount(num.value)} ÷ {den_word} {show_amount(den.value)} = {fmt(exact, 2)}% 不一致",
                [claim.evidence, num.evidence, den.evidence],
                expected=round(exact, 4),
                found=claim.value.value,
            )


@rule("SPENDING-SUM", "amount_sum", "error", "支出明细各项之和应等于合计")
def spending_sum(report: Report) -> Iterator[Hit]:
    """The spending breakdown's items add up to its 合计 row.

    A breakdown that does not close hides money spent on something the table
    does not list (or lists twice).

    Limits: Only a breakdown table with a 合计 row is added up.
    """
    if not report.spending or report.spending_total is None:
        return
    items = [q for _, q, _ in report.spending]
    total, ev = report.spending_total
    if not sum_matches(items, total):
        s = sum_of(items)
        yield Hit(
            f"支出明细各项合计 {fmt(s.value / total.scale)} 与合计行 {show_amount(total)} 不一致",
            [ev],
            expected=s.value,
            found=total.value,
        )


@rule("SPENT-VS-TOTAL", "amount_sum", "error", "支出明细合计应等于执行数")
def spent_vs_breakdown(report: Report) -> Iterator[Hit]:
    """The spending breakdown's total equals the amount the report says was spent.

    Limits: Needs both the breakdown and a stated spent amount; either missing leaves nothing to
    compare.
    """
    spent = _base(report, "spent")
    if spent is None or report.spending_total is None:
        return
    total, ev = report.spending_total
    if not same(total, spent.value):
        yield Hit(
            f"支出明细合计 {show_amount(total)} 与执行数 {show_amount(spent.value)} 不一致",
            [ev, spent.evidence],
            expected=spent.value.value,
            found=total.value,
        )


@rule("FUNDS-RESTATED", "restated_value", "error", "预算数、到位数、执行数、执行率在各处应一致")
def funds_restated(report: Report) -> Iterator[Hit]:
    """An amount or rate is stated alike everywhere (key table, abstract, body, interviews).

    Numbers are compared at their printed precision: 99.4% and 99.41% agree.

    Limits: Amounts are matched by what they name (预算, 执行数, 执行率); an amount named otherwise is not
    compared.
    """
    words = {
        "initial_budget": "年初预算数",
        "budget": "预算数",
        "received": "到位资金",
        "spent": "执行数",
        "execution_rate": "预算执行率",
        "arrival_rate": "资金到位率",
    }
    for kind, word in words.items():
        claims = [c for c in report.claims_of(kind) if c.value is not None and not c.subject]
        if len(claims) < 2:
            continue
        first = claims[0]
        for other in claims[1:]:
            if not same(first.value, other.value):
                unit = "%" if kind.endswith("rate") else ""
                a = show(first.value) + unit if unit else show_amount(first.value)
                b = show(other.value) + unit if unit else show_amount(other.value)
                yield Hit(
                    f"{word}前后不一致：{a} 与 {b}",
                    [first.evidence, other.evidence],
                    expected=first.value.value,
                    found=other.value.value,
                )
